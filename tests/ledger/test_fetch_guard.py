"""The fetcher's sockets (issue 14): only public addresses, the ones checked, within one deadline.

No test here sends a packet to an address other than 127.0.0.1: names are answered by a
resolver stub, and where a test needs a public address to be "connected to", httpcore's
own connect is replaced by one that records the address and fails.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpcore
import pytest
from pytest_httpserver import HTTPServer

from decompte.ingest.fetch import fetch, new_client
from decompte.ingest.network import is_public_address
from decompte.ingest.reasons import Refused
from decompte.settings import Limits

LIMITS = Limits(read_timeout=2, connect_timeout=2, total_timeout=10)
SHARED = LIMITS.with_(block_private_hosts=True)


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "255.255.255.255",
    "100.64.0.1", "100.100.100.200",  # shared address space, where cloud metadata also answers
    "224.0.0.1", "239.255.255.250", "198.18.0.1", "240.0.0.1", "192.88.99.1",
    "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1", "ff02::1", "ff0e::1",
    "2002:7f00:1::", "2002:808:808::1",  # 6to4 embeds any IPv4 address
    "fec0::1", "2001:db8::1", "2001::1",
    "::ffff:127.0.0.1", "::ffff:100.100.100.200", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
    "not an address",
])
def test_only_globally_routable_unicast_addresses_pass(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses_pass(address: str) -> None:
    assert is_public_address(address)


@pytest.fixture
def no_name_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """``socket.getaddrinfo`` for address literals only: a name looked up by anything but the stub fails the test."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def literal_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(str(host))
        ipaddress.ip_address(str(host))  # raises ValueError for a name
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", literal_only)
    return asked


def test_the_connection_goes_to_the_address_that_was_checked(server: HTTPServer, no_name_lookups: list[str]) -> None:
    server.expect_request("/page").respond_with_data("<html><body><p>rien</p></body></html>", content_type="text/html")
    checked: list[str] = []

    def allow_loopback(address: str) -> bool:  # stands in for is_public_address: 127.0.0.1 is all a test may reach
        checked.append(address)
        return address == "127.0.0.1"

    with new_client(SHARED, resolver=lambda host, port: {"news.example": ["127.0.0.1"]}[host],
                    allowed=allow_loopback) as client:
        got = fetch(client, f"http://news.example:{server.port}/page", SHARED)
    assert got.body.endswith(b"</html>")
    assert checked == ["127.0.0.1"]
    assert "news.example" not in no_name_lookups  # httpx never resolved the name itself
    request, _ = server.log[0]
    assert request.headers["Host"] == f"news.example:{server.port}"


def test_a_name_that_resolves_to_loopback_is_refused_and_never_reached(server: HTTPServer) -> None:
    server.expect_request("/").respond_with_data("secret", content_type="text/plain")
    with new_client(SHARED, resolver=lambda host, port: ["127.0.0.1"]) as client, pytest.raises(Refused) as caught:
        fetch(client, f"http://rebind.example:{server.port}/", SHARED)
    assert caught.value.reason == "private address"
    assert str(caught.value) == f"http://rebind.example:{server.port}/: rebind.example resolves to 127.0.0.1, not a public address"
    assert server.log == []


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """httpcore's own connect, replaced: it records the address and fails, so nothing leaves the machine."""
    seen: list[str] = []

    def record(self: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        seen.append(host)
        raise httpcore.ConnectError("stubbed: no traffic from tests")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", record)
    return seen


def test_a_rebinding_answer_is_checked_on_the_connection_it_opens(connects: list[str]) -> None:
    answers = iter([["8.8.8.8"], ["127.0.0.1"]])  # public for the check, loopback for the next lookup
    with new_client(SHARED, resolver=lambda host, port: next(answers)) as client, pytest.raises(Refused) as caught:
        fetch(client, "http://rebind.example/", SHARED)
    assert connects == ["8.8.8.8"]  # the retry resolved again, saw loopback, and did not connect
    assert caught.value.reason == "private address"


@pytest.mark.parametrize("url", [
    "http://100.100.100.200/latest/meta-data/", "http://[2002:7f00:1::]/", "http://[::ffff:127.0.0.1]/",
    "http://224.0.0.251/", "http://[fec0::1]/",
])
def test_address_literals_that_are_not_public_are_refused_without_a_connection(url: str, connects: list[str]) -> None:
    with new_client(SHARED) as client, pytest.raises(Refused) as caught:
        fetch(client, url, SHARED)
    assert caught.value.reason == "private address"
    assert connects == []


def test_one_private_address_among_public_ones_refuses_the_host(connects: list[str]) -> None:
    with new_client(SHARED, resolver=lambda host, port: ["8.8.8.8", "10.0.0.5"]) as client, \
            pytest.raises(Refused) as caught:
        fetch(client, "http://mixed.example/", SHARED)
    assert caught.value.reason == "private address"
    assert "10.0.0.5" in str(caught.value)
    assert connects == []


# -- one deadline over connect, headers and body ----------------------------------------------


@pytest.fixture
def dripping_server() -> Iterator[tuple[str, threading.Event]]:
    """A server on 127.0.0.1 that answers ``/headers`` one header line every 0.2 s and ``/body``
    one byte of body every 0.2 s, for ever: each read gets its bytes in time, the whole never ends."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            request = conn.recv(4096)
            drip_body = b"GET /body" in request
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            if drip_body:
                conn.sendall(b"Connection: close\r\n\r\n")  # the body runs until the server closes
            n = 0
            while not stop.wait(0.2):
                try:
                    conn.sendall(b"x" if drip_body else f"X-Drip-{n}: 1\r\n".encode())
                except OSError:
                    return
                n += 1

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", stop
    stop.set()
    thread.join(5)
    listener.close()


@pytest.mark.parametrize("path", ["/headers", "/body"])
def test_a_server_dripping_headers_or_body_is_cut_at_the_total_deadline(
    dripping_server: tuple[str, threading.Event], path: str
) -> None:
    base, _ = dripping_server
    limits = Limits(read_timeout=5, connect_timeout=2, total_timeout=1.0)
    started = time.monotonic()
    with new_client(limits) as client, pytest.raises(Refused) as caught:
        fetch(client, base + path, limits)
    elapsed = time.monotonic() - started
    assert caught.value.reason == "timeout"
    assert str(caught.value) == f"{base}{path}: the fetch took over 1 s"
    assert 0.9 <= elapsed < 2.0, elapsed


# -- a hostile answer is one counted failure ---------------------------------------------------


def test_a_redirect_without_location_is_one_failure_and_the_next_url_is_fetched(server: HTTPServer) -> None:
    from decompte.ingest.reasons import Failure
    from decompte.ingest.sources import SourceOptions, iter_articles

    server.expect_request("/nowhere").respond_with_data("", status=302)
    server.expect_request("/page").respond_with_data(
        "<html><head><title>Bilan</title></head><body><article><p>" + "Le bilan s'alourdit encore ce soir. " * 20
        + "</p></article></body></html>", content_type="text/html")
    urls = [server.url_for(p) for p in ("/nowhere", "/page")]
    items = list(iter_articles(urls, SourceOptions(limits=LIMITS)))
    failures = [i for i in items if isinstance(i, Failure)]
    assert [(f.reason, f.message) for f in failures] == [
        ("http 302", f"{urls[0]}: HTTP 302 without a Location"),
    ]
    assert len(items) == 2 and not isinstance(items[1], Failure)
