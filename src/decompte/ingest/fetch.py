"""Bounded downloads with httpx: every way a URL can cost too much is refused.

A run may be given thousands of URLs from feeds nobody vetted, so each fetch is
bounded in time (connect and read timeouts, plus a total deadline so a server
dripping bytes cannot hold the run), in size (``Content-Length`` checked first, then
the stream is cut at the limit: a too-large page is refused, never truncated), in
redirects (followed by hand, each hop's scheme checked, loops detected) and in type
(only web pages, feeds and plain text), and, for a shared server, in the addresses it
may reach (``network.GuardedBackend``: checked and connected to in one step). Refusals raise ``Refused`` with a short reason
that the run's summary counts. The client is passed in, not global (``new_client``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from decompte.ingest.network import BlockedAddress, GuardedBackend, Resolver, deadline, is_public_address, system_resolver
from decompte.ingest.reasons import Refused
from decompte.settings import FEED_TYPES, HTML_TYPES, TEXT_TYPES, Limits

#: Feeds as servers really label them: besides the registered types, the old ``x-`` one.
FEED_MEDIA_TYPES = FEED_TYPES | {"application/rss+xml", "application/x-rss+xml", "application/atom+xml", "text/xml"}
ACCEPTED_TYPES = HTML_TYPES | FEED_MEDIA_TYPES | TEXT_TYPES


@dataclass(frozen=True)
class Fetched:
    """A downloaded resource, body complete and within limits."""

    requested: str
    url: str
    """Where the body came from, after redirects."""
    content_type: str
    """Media type, lower case, without parameters (``""`` when the server sent none)."""
    body: bytes
    etag: str | None = None
    """The response's ``ETag`` and ``Last-Modified``, for a conditional request next time."""
    last_modified: str | None = None

    @property
    def is_feed(self) -> bool:
        if self.content_type in FEED_MEDIA_TYPES:
            return True
        head = self.body[:1024].lstrip().lower()
        return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)

    @property
    def is_text(self) -> bool:
        return self.content_type in TEXT_TYPES


class NotModified(Refused):
    """A conditional request answered 304: the resource is as it was (``fetch`` with ``headers``)."""

    def __init__(self, url: str) -> None:
        super().__init__("not modified", f"{url}: not modified since the last fetch")


def new_client(limits: Limits, resolver: Resolver = system_resolver,
               allowed: Callable[[str], bool] | None = None, retries: int = 1) -> httpx.Client:
    """An httpx client configured from ``limits`` (timeouts, User-Agent, connect retries).

    Its sockets are opened by a ``GuardedBackend``: within each fetch's total deadline, and,
    with ``limits.block_private_hosts``, only to public addresses, the ones it checked
    (``resolver`` answers for the host names, ``allowed`` overrides the address check; stubs in tests);
    a connection that fails to open is tried ``retries`` more times.
    """
    transport = httpx.HTTPTransport(retries=retries)  # httpx retries failed connects only
    if allowed is None and limits.block_private_hosts:
        allowed = is_public_address
    # httpx takes no network backend of its own; its pool's is the documented httpcore hook.
    transport._pool._network_backend = GuardedBackend(allowed, resolver)
    return httpx.Client(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        headers={"User-Agent": limits.user_agent, "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                 "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8"},
        follow_redirects=False,
        transport=transport,
    )


def _check_target(url: str, limits: Limits, where: str) -> None:
    """Scheme and host; the addresses are checked as the connection is opened (``GuardedBackend``)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in limits.allowed_schemes:
        allowed = ", ".join(sorted(limits.allowed_schemes))
        raise Refused("scheme not allowed", f"{where}: scheme {parts.scheme or '(none)'!r} not allowed ({allowed})")
    if not parts.hostname:
        raise Refused("bad url", f"{where}: no host")


def _redirect_target(response: httpx.Response, where: str) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise Refused(f"http {response.status_code}", f"{where}: HTTP {response.status_code} without a Location")
    try:
        return urljoin(str(response.url), location)
    except ValueError as exc:
        raise Refused("bad url", f"{where}: redirect to {location!r}: {exc}") from exc


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def fetch(client: httpx.Client, url: str, limits: Limits, headers: Mapping[str, str] | None = None,
          types: frozenset[str] = ACCEPTED_TYPES) -> Fetched:
    """Download ``url`` within ``limits``, following at most ``limits.max_redirects`` redirects.

    ``headers`` are sent with each request: ``If-None-Match`` / ``If-Modified-Since`` make it
    conditional, and a 304 answer raises ``NotModified``. ``types`` are the media types accepted
    (pages, feeds and text unless a caller reads data files: ``settings.DATA_TYPES``).

    Raises ``Refused`` (a ``FetchRefused``) with reason ``http NNN``, ``timeout``,
    ``too large``, ``redirect loop``, ``too many redirects``, ``content type``,
    ``scheme not allowed``, ``private address`` or ``connection failed``.
    """
    with deadline(limits.total_timeout) as until:
        return _follow(client, url, limits, until, headers, types)


def _follow(client: httpx.Client, url: str, limits: Limits, until: float,
            headers: Mapping[str, str] | None = None, types: frozenset[str] = ACCEPTED_TYPES) -> Fetched:
    current = url
    seen = {url}
    for _hop in range(limits.max_redirects + 1):
        where = url if current == url else f"{url} → {current}"
        _check_target(current, limits, where)
        try:
            with client.stream("GET", current, headers=headers) as response:
                if response.status_code == 304 and headers:
                    raise NotModified(url)
                if response.is_redirect and response.status_code != 304:
                    target = _redirect_target(response, where)
                    if target in seen:
                        raise Refused("redirect loop", f"{url}: redirect loop at {target}")
                    seen.add(target)
                    current = target
                    continue
                return _read(response, url, where, limits, until, types)
        except BlockedAddress as exc:
            raise Refused("private address", f"{where}: {exc}") from None
        except httpx.TimeoutException as exc:
            if time.monotonic() >= until:
                raise Refused("timeout", f"{where}: the fetch took over {limits.total_timeout:g} s") from exc
            raise Refused("timeout", f"{where}: timed out ({exc.__class__.__name__})") from exc
        except httpx.InvalidURL as exc:
            raise Refused("bad url", f"{where}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise Refused("connection failed", f"{where}: {exc.__class__.__name__}: {exc}") from exc
    raise Refused("too many redirects", f"{url}: more than {limits.max_redirects} redirects")


def _read(response: httpx.Response, requested: str, where: str, limits: Limits, deadline: float,
          types: frozenset[str] = ACCEPTED_TYPES) -> Fetched:
    if response.status_code >= 400:
        raise Refused(f"http {response.status_code}", f"{where}: HTTP {response.status_code}")
    if response.status_code >= 300 or response.status_code == 204:
        raise Refused(f"http {response.status_code}", f"{where}: HTTP {response.status_code}, no content")
    media = _media_type(response.headers.get("content-type"))
    if media and media not in types:
        raise Refused("content type", f"{where}: content type {media} is not a web page, feed or text")
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise Refused("too large", f"{where}: {declared} bytes announced, over the {limits.max_bytes}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise Refused("too large", f"{where}: over the {limits.max_bytes}-byte limit")
        if time.monotonic() > deadline:
            raise Refused("timeout", f"{where}: download took over {limits.total_timeout:g} s")
        chunks.append(chunk)
    return Fetched(requested, str(response.url), media, b"".join(chunks),
                   etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))
