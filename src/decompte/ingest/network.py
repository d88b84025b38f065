"""The sockets under the fetcher: which addresses it may reach, and for how long.

Checking a host's addresses and then letting httpx resolve the name again leaves a gap:
a DNS answer that changes between the two (rebinding) reaches loopback or a cloud
metadata address. So the fetcher's transport uses ``GuardedBackend``, an httpcore
network backend that resolves each host once, refuses the connection if any address is
not public (``is_public_address``), and connects to the very address it checked; TLS
still verifies the certificate against the host name (httpcore sends the URL's host as
SNI, whatever address the socket was opened to).

The same backend wraps every stream so that no read, write or connect waits past the
deadline of the fetch in progress (``deadline``): per-read timeouts alone let a server
that sends one header line a second hold a fetch for ever.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpcore

#: Resolves ``(host, port)`` to addresses, in the order to try them; a stub in tests.
Resolver = Callable[[str, int], list[str]]

#: Networks ``ipaddress`` counts as global that still lead somewhere a shared server must not
#: reach: 6to4 (a 2002::/16 address embeds any IPv4 one, 127.0.0.1 included), its relay
#: anycast, and the deprecated IPv6 site-local range.
NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in ("2002::/16", "192.88.99.0/24", "fec0::/10"))
#: NAT64 prefixes: the IPv4 address in their last 32 bits is the one reached, so it is the one checked.
NAT64 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48"))

# The deadline of the fetch running in this thread (or task): set by ``deadline()`` around
# a fetch, read by the streams, so that one client and its pooled connections serve many fetches.
_deadline: ContextVar[float | None] = ContextVar("decompte_fetch_deadline", default=None)


def is_public_address(address: str) -> bool:
    """Whether a shared server may connect to ``address``: globally routable unicast only.

    Refuses private, loopback, link-local, shared (100.64.0.0/10, where cloud metadata
    services also live), reserved, multicast, 6to4 and site-local addresses, and an
    IPv4-mapped or NAT64 address whose IPv4 part is any of these.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(str(ip.ipv4_mapped))
        if any(ip in net for net in NAT64):
            return is_public_address(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
    if ip.is_multicast or any(ip.version == net.version and ip in net for net in NOT_PUBLIC):
        return False
    return ip.is_global


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from the system resolver, each once, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class BlockedAddress(Exception):
    """A host resolved to an address the fetcher may not reach (turned into a ``Refused`` by ``fetch``)."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, not a public address")
        self.host = host
        self.address = address


class DeadlineExceeded(httpcore.TimeoutException):
    """The fetch's total deadline passed during a connect, read or write."""


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Bound every socket operation of the fetch run inside to ``seconds`` from now, in all."""
    at = time.monotonic() + seconds
    token = _deadline.set(at)
    try:
        yield at
    finally:
        _deadline.reset(token)


def _within(timeout: float | None) -> float | None:
    """``timeout`` shortened to what is left of the deadline; raises once it has passed."""
    at = _deadline.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("the fetch's total deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A stream whose every wait ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: typing.Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _within(timeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """Connects within the deadline and, with ``allowed``, only to an address that passed it.

    ``allowed=None`` lets httpcore resolve as usual (a run on one's own machine may read
    an intranet); with a check, the name is resolved once by ``resolver``, every address
    must pass (one private answer among public ones refuses the host), and the socket is
    opened to those checked addresses, never to the name.
    """

    def __init__(self, allowed: Callable[[str], bool] | None = None, resolver: Resolver = system_resolver) -> None:
        self.allowed = allowed
        self.resolver = resolver

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[typing.Any] | None = None) -> httpcore.NetworkStream:
        if self.allowed is None:
            return DeadlineStream(super().connect_tcp(host, port, _within(timeout), local_address, socket_options))
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from exc
        refused = [a for a in addresses if not self.allowed(a)]
        if refused or not addresses:
            raise BlockedAddress(host, refused[0] if refused else "no address")
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(address, port, _within(timeout), local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        assert failure is not None
        raise failure
