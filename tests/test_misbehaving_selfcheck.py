"""Self-tests of the misbehaving loopback servers (``tests.misbehaving``) and the proxy (``tests.proxy_server``).

Each behaviour is checked with raw sockets and/or a sync ``httpx.Client``, so that client tests written on top of
these servers can rely on them doing what they claim. An autouse fixture fails any test that leaves a thread or a
file descriptor behind. The whole file runs in a few seconds.
"""

from __future__ import annotations

import gc
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.misbehaving import (
    HOST,
    NGINX_404_BODY,
    NGINX_405_BODY,
    NGINX_502_BODY,
    Action,
    Chunked,
    CutOff,
    EarlyReply,
    MisbehavingServer,
    Raw,
    Reply,
    Request,
    Reset,
    Stall,
    Trickle,
    html_200,
    in_order,
    long_html,
    nginx_502,
    static_site,
    text_plain,
)
from tests.proxy_server import ProxyServer

SSL_CONTEXT = ssl.create_default_context()  # created once: loading CA certificates per client is slow


def new_client(**kwargs: Any) -> httpx.Client:
    return httpx.Client(verify=SSL_CONTEXT, trust_env=False, **kwargs)


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture(autouse=True)
def no_leaks() -> Iterator[None]:
    """Fail a test that leaves threads or file descriptors behind (sockets included)."""
    threads_before = set(threading.enumerate())
    fds_before = open_fds()
    yield
    gc.collect()  # an unclosed socket would raise ResourceWarning here (an error under -W error)
    deadline = time.monotonic() + 1.0
    while True:
        extra_threads = [t for t in threading.enumerate() if t not in threads_before]
        extra_fds = open_fds() - fds_before
        if (not extra_threads and extra_fds <= 0) or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert extra_threads == []
    assert extra_fds <= 0


def connect(port: int) -> socket.socket:
    return socket.create_connection((HOST, port), timeout=2)


def read_response(sock: socket.socket, buf: bytearray | None = None) -> tuple[bytes, bytes]:
    """Read one response with a Content-Length body: (head, body)."""
    buf = bytearray() if buf is None else buf
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        if not data:
            raise ConnectionError(f"EOF after {bytes(buf)!r}")
        buf += data
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    body = bytearray(rest)
    while len(body) < length:
        data = sock.recv(65536)
        if not data:
            raise ConnectionError("EOF in body")
        body += data
    buf[:] = body[length:]
    return head, bytes(body[:length])


def at_eof(sock: socket.socket) -> bool:
    """True when the peer closed the connection (FIN); raises ConnectionResetError on RST."""
    return sock.recv(1) == b""


def send_repeatedly(sock: socket.socket, data: bytes, limit: int = 1 << 30) -> None:
    """Send ``data`` over and over (up to ``limit`` bytes); an OSError is expected long before the limit."""
    sent = 0
    sock.setblocking(False)
    while sent < limit:
        try:
            sent += sock.send(data)
        except BlockingIOError:
            time.sleep(0.001)
    raise AssertionError(f"{sent} bytes could be sent")


GET = b"GET /x HTTP/1.1\r\nHost: t\r\n\r\n"


# --- requests are read and recorded -------------------------------------------------------------------------------


def test_starts_fast_and_stops_fast() -> None:
    t0 = time.monotonic()
    server = MisbehavingServer()
    started = time.monotonic() - t0
    with server, new_client() as client:
        assert client.get(server.url).status_code == 200
    assert started < 0.1
    t1 = time.monotonic()
    with MisbehavingServer():
        pass
    assert time.monotonic() - t1 < 0.1


def test_reply_and_recorded_fields() -> None:
    with MisbehavingServer(lambda r: Reply(201, {"X-Answer": "yes"}, b"ok")) as server, new_client() as client:
        r1 = client.get(server.url + "/a/b?x=1", headers={"X-One": "1", "x-two": "2"})
        r2 = client.post(server.url + "/p", content=b"hello")
    assert (r1.status_code, r1.headers["x-answer"], r1.content) == (201, "yes", b"ok")
    assert r2.status_code == 201
    first, second = server.requests
    assert (first.method, first.target, first.path, first.query) == ("GET", "/a/b?x=1", "/a/b", "x=1")
    assert first.version == "HTTP/1.1"
    names = [name for name, _ in first.raw_headers]
    assert names.index(b"X-One") < names.index(b"x-two")
    assert (b"Host", f"127.0.0.1:{server.port}".encode()) in first.raw_headers
    assert first.headers["x-one"] == "1"
    assert first.header("X-Two") == "2"
    assert first.body == b""
    assert first.body_complete
    assert (second.method, second.body, second.headers["content-length"]) == ("POST", b"hello", "5")
    assert (first.index, second.index) == (0, 1)
    assert first.connection_index == second.connection_index == 0
    assert (first.reused_connection, second.reused_connection) == (False, True)
    assert first.client_port == second.client_port != server.port
    assert server.connections_accepted == 1


def test_chunked_request_bodies() -> None:
    def parts() -> Iterator[bytes]:
        yield b"hello "
        yield b"world"

    with MisbehavingServer() as server:
        with new_client() as client:
            assert client.put(server.url + "/up", content=parts()).status_code == 200
        with connect(server.port) as sock:
            sock.sendall(
                b"POST /t HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Sum: abc\r\n\r\n"
            )
            head, _ = read_response(sock)
            assert head.startswith(b"HTTP/1.1 200 OK")
    via_httpx, via_raw = server.requests
    assert (via_httpx.chunked, via_httpx.body) == (True, b"hello world")
    assert (via_raw.chunked, via_raw.body, via_raw.trailers) == (True, b"hello world", [(b"X-Sum", b"abc")])


def test_handler_sees_head_first_and_can_read_body() -> None:
    def echo(req: Request) -> Reply:
        assert req.body == b""  # the head has arrived, the body not yet read
        return Reply(200, {}, req.read_body()[::-1])

    with MisbehavingServer(echo) as server, new_client() as client:
        assert client.post(server.url, content=b"abc").content == b"cba"


def test_handler_error_answers_500() -> None:
    def broken(_req: Request) -> Reply:
        raise ValueError("boom")

    with MisbehavingServer(broken) as server, new_client() as client:
        response = client.get(server.url)
    assert response.status_code == 500
    assert "boom" in response.text
    assert isinstance(server.errors[0], ValueError)


def test_in_order_repeats_last() -> None:
    handler = in_order(Reply(503), Reply(200, {}, b"fine"))
    with MisbehavingServer(handler) as server, new_client() as client:
        assert [client.get(server.url).status_code for _ in range(3)] == [503, 200, 200]


def test_expect_100_continue() -> None:
    with MisbehavingServer() as server, connect(server.port) as sock:
        sock.sendall(b"PUT /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"hello")
        head, _ = read_response(sock)
        assert head.startswith(b"HTTP/1.1 200 ")
    assert server.requests[0].continue_sent
    assert server.requests[0].body == b"hello"


# --- connection handling ----------------------------------------------------------------------------------------


def test_close_announces_connection_close() -> None:
    with MisbehavingServer(lambda r: Reply(200, {}, b"x", close=True)) as server, connect(server.port) as sock:
        sock.sendall(GET)
        head, body = read_response(sock)
        assert b"\r\nConnection: close" in head
        assert body == b"x"
        assert at_eof(sock)


def test_drop_after_closes_without_announcing() -> None:
    with MisbehavingServer(lambda r: Reply(200, {}, b"x", drop_after=True)) as server:
        with connect(server.port) as sock:
            sock.sendall(GET)
            head, body = read_response(sock)
            assert b"connection" not in head.lower()
            assert body == b"x"
            assert at_eof(sock)
        with new_client() as client:
            assert client.get(server.url).status_code == 200
            # httpx kept the connection in its pool; once the server's FIN is in, httpx notices and reconnects
            # (a request sent before the FIN arrived would get a reset: the classic keep-alive race)
            while server.open_connections:
                time.sleep(0.001)
            assert client.get(server.url).status_code == 200
    assert server.connections_accepted == 3
    assert [r.reused_connection for r in server.requests] == [False, False, False]


def test_restart_makes_pooled_connection_stale() -> None:
    with MisbehavingServer() as server, connect(server.port) as sock:
        port = server.port
        sock.sendall(GET)
        assert read_response(sock)[0].startswith(b"HTTP/1.1 200")
        server.restart()
        assert server.port == port
        assert at_eof(sock)  # the old keep-alive connection was closed by the "killed" server
        with pytest.raises(OSError):  # ... and writing to it gets a RST (EPIPE/ECONNRESET) at the latest next time
            send_repeatedly(sock, GET)
        with connect(server.port) as fresh:  # the same port accepts new connections
            fresh.sendall(GET)
            assert read_response(fresh)[0].startswith(b"HTTP/1.1 200")
    assert server.connections_accepted == 2


def test_restart_with_httpx_pool() -> None:
    with MisbehavingServer() as server, new_client() as client:
        assert client.get(server.url).status_code == 200
        server.restart()
        assert client.get(server.url).status_code == 200  # httpx noticed the closed connection and reconnected
    first, second = server.requests
    assert (first.connection_index, second.connection_index) == (0, 1)
    assert not second.reused_connection


def test_restart_rst_and_down_time() -> None:
    with MisbehavingServer() as server, connect(server.port) as sock:
        sock.sendall(GET)
        read_response(sock)
        restarting = threading.Thread(target=server.restart, kwargs={"down_for": 0.2, "rst": True})
        restarting.start()
        try:
            with pytest.raises(ConnectionResetError):
                sock.recv(1)
            time.sleep(0.05)
            with pytest.raises(ConnectionRefusedError):
                connect(server.port).close()
        finally:
            restarting.join()
        with connect(server.port) as fresh:
            fresh.sendall(GET)
            assert read_response(fresh)[0].startswith(b"HTTP/1.1 200")


def test_close_idle_connections() -> None:
    with MisbehavingServer() as server, new_client() as client, connect(server.port) as idle:
        assert client.get(server.url).status_code == 200
        server.wait_for_requests(1)
        while server.open_connections < 2:
            time.sleep(0.005)
        assert server.close_idle_connections() == 2
        assert server.open_connections == 0
        assert at_eof(idle)
        assert client.get(server.url).status_code == 200
    assert server.connections_accepted == 3
    assert not server.requests[1].reused_connection


def test_close_idle_spares_busy_connections() -> None:
    with MisbehavingServer(lambda r: Stall()) as server, connect(server.port) as busy:
        busy.sendall(GET)
        server.wait_for_requests(1)
        assert server.close_idle_connections() == 0
        assert server.open_connections == 1


# --- misbehaving answers ----------------------------------------------------------------------------------------


def test_early_reply_answers_during_upload_raw() -> None:
    size = 5_000_000
    handler = lambda r: EarlyReply(403, {"Content-Type": "application/xml"}, b"<Error>AccessDenied</Error>", 1000)  # noqa: E731
    with MisbehavingServer(handler) as server, connect(server.port) as sock:
        sock.sendall(b"PUT /b/k HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % size + b"x" * 1000)
        head, body = read_response(sock)  # the answer comes while 4_999_000 bytes are still to be sent
        assert head.startswith(b"HTTP/1.1 403 Forbidden")
        assert b"\r\nConnection: close" in head
        assert body == b"<Error>AccessDenied</Error>"
        with pytest.raises(OSError):  # the server closed: the rest of the body cannot be delivered
            send_repeatedly(sock, b"x" * 65536, size - 1000)
    req = server.requests[0]
    assert (len(req.body), req.body_complete) == (1000, False)


def test_early_reply_with_httpx_upload() -> None:
    chunk, count = 65536, 80  # 5 MiB
    produced = [0]

    def body() -> Iterator[bytes]:
        for _ in range(count):
            produced[0] += chunk
            yield b"x" * chunk

    with MisbehavingServer(lambda r: EarlyReply(403, {}, b"denied")) as server, new_client() as client:
        response = client.put(server.url + "/b/k", content=body(), headers={"Content-Length": str(chunk * count)})
    assert (response.status_code, response.content) == (403, b"denied")
    assert produced[0] < chunk * count  # the client was still sending when the answer came
    assert server.requests[0].body == b""


def test_early_reply_drain() -> None:
    size = 1_000_000
    handler = lambda r: EarlyReply(413, {}, b"too big", drain=True)  # noqa: E731
    with MisbehavingServer(handler) as server, connect(server.port) as sock:
        sock.sendall(b"PUT /b/k HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % size)
        head, body = read_response(sock)  # answered before any body byte was sent
        assert (head.split(b"\r\n")[0], body) == (b"HTTP/1.1 413 Request Entity Too Large", b"too big")
        sock.sendall(b"x" * size)  # read and discarded by the server
        assert at_eof(sock)  # then a clean close (FIN, no reset)
    assert server.requests[0].body == b""


def test_trickle_body_timing() -> None:
    with MisbehavingServer(lambda r: Trickle(200, {}, b"abcd", interval=0.05)) as server, new_client() as client:
        t0 = time.monotonic()
        response = client.get(server.url)
        elapsed = time.monotonic() - t0
        assert response.content == b"abcd"
        assert 0.18 < elapsed < 1.0
        with pytest.raises(httpx.ReadTimeout):
            client.get(server.url, timeout=httpx.Timeout(1.0, read=0.02))


def test_trickle_head_too() -> None:
    with MisbehavingServer(lambda r: Trickle(200, {}, b"hi", interval=0.01, head_too=True)) as server:
        with connect(server.port) as sock:
            t0 = time.monotonic()
            sock.sendall(GET)
            first = sock.recv(100)
            assert first == b"H"
            assert time.monotonic() - t0 >= 0.009
            head, body = read_response(sock, bytearray(first))
            elapsed = time.monotonic() - t0
        assert head.startswith(b"HTTP/1.1 200 OK")
        assert body == b"hi"
        assert elapsed >= (len(head) + 4 + 2) * 0.01 * 0.9


def test_trickle_stops_promptly() -> None:
    server = MisbehavingServer(lambda r: Trickle(200, {}, b"abc", interval=30))
    with connect(server.port) as sock:
        sock.sendall(GET)
        server.wait_for_requests(1)
        t0 = time.monotonic()
        server.stop()
        assert time.monotonic() - t0 < 0.5
        data = b""
        while chunk := sock.recv(1024):
            data += chunk
        assert data.startswith(b"HTTP/1.1 200 OK")


def test_chunked_response() -> None:
    handler = in_order(Chunked(200, {"X-A": "1"}, [b"ab", b"", b"cd"]), Chunked(200, {}, [b"ab"], terminate=False))
    with MisbehavingServer(handler) as server, new_client() as client:
        response = client.get(server.url)
        assert response.headers["transfer-encoding"] == "chunked"
        assert response.content == b"abcd"
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(server.url)


def test_stall() -> None:
    with MisbehavingServer(lambda r: Stall()) as server, new_client() as client:
        with pytest.raises(httpx.ReadTimeout):
            client.post(server.url, content=b"data", timeout=0.1)
        assert server.requests[0].body == b"data"
        t0 = time.monotonic()
        with connect(server.port) as sock:
            sock.sendall(GET)
            server.wait_for_requests(2)
            server.stop()
            assert at_eof(sock)
        assert time.monotonic() - t0 < 0.5


def test_cutoff() -> None:
    handler = in_order(CutOff(b"HTTP/1.1 200 OK\r\nContent-Le"), CutOff())
    with MisbehavingServer(handler) as server, new_client() as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(server.url)
        with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            client.get(server.url)


def test_reset() -> None:
    with MisbehavingServer(lambda r: Reset()) as server:
        with connect(server.port) as sock:
            sock.sendall(GET)
            with pytest.raises(ConnectionResetError):
                sock.recv(100)
        with new_client() as client, pytest.raises(httpx.ReadError):
            client.get(server.url)


def test_raw() -> None:
    ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
    handler = in_order(Raw(ok, close=False), Raw(ok, close=False), Raw(b"garbage\r\n\r\n"))
    with MisbehavingServer(handler) as server, new_client() as client:
        assert [client.get(server.url).content for _ in range(2)] == [b"hi", b"hi"]
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(server.url)
    assert server.requests[1].reused_connection


# --- impostors --------------------------------------------------------------------------------------------------


def test_nginx_502() -> None:
    expected = (
        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"
    )
    assert expected == NGINX_502_BODY
    with MisbehavingServer(nginx_502()) as server, new_client() as client:
        response = client.post(server.url + "/api/v1/b/data", content=b"x")
    assert response.status_code == 502
    assert response.reason_phrase == "Bad Gateway"
    assert response.content == expected
    assert response.headers["content-type"] == "text/html"
    assert response.headers["server"] == "nginx/1.24.0"
    assert response.headers["content-length"] == str(len(expected))


def test_static_site() -> None:
    with MisbehavingServer(static_site()) as server, new_client() as client:
        index = client.get(server.url + "/")
        index2 = client.get(server.url + "/docs/index.html")
        head = client.head(server.url + "/")
        missing = client.get(server.url + "/api/v1/info")
        missing_head = client.head(server.url + "/api/v1/alive")
        posts = [client.request(m, server.url + "/api/v1/b/x") for m in ("POST", "PUT", "DELETE")]
    assert index.status_code == index2.status_code == head.status_code == 200
    assert index.headers["content-type"] == "text/html"
    assert b"<title>Welcome to nginx!</title>" in index.content
    assert head.content == b""
    assert head.headers["content-length"] == str(len(index.content))
    assert (missing.status_code, missing.content) == (404, NGINX_404_BODY)
    assert (missing_head.status_code, missing_head.content) == (404, b"")
    assert [(p.status_code, p.content) for p in posts] == [(405, NGINX_405_BODY)] * 3
    for response in (index, head, missing, *posts):
        assert not any(name.lower().startswith("x-reduct") for name in response.headers)


def test_html_200() -> None:
    with MisbehavingServer(html_200()) as server, new_client() as client:
        responses = [client.request(m, server.url + "/api/v1/info") for m in ("GET", "POST", "DELETE", "PATCH")]
        head = client.head(server.url + "/api/v1/alive")
    for response in responses:
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html"
        assert response.content == b"<!doctype html><html><body>Welcome</body></html>"
    assert (head.status_code, head.content) == (200, b"")


def test_long_html_and_text_plain() -> None:
    with MisbehavingServer(long_html(500, 20_000)) as server, new_client() as client:
        response = client.get(server.url)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert len(response.content) == 20_000
    text = response.text
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert "<script>" in text and "<style>" in text and "<section" in text
    with MisbehavingServer(text_plain(503, "upstream connect error")) as server, new_client() as client:
        response = client.get(server.url)
    assert (response.status_code, response.text) == (503, "upstream connect error")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


# --- proxy ------------------------------------------------------------------------------------------------------


def test_proxy_forwards_and_records() -> None:
    with (
        MisbehavingServer(lambda r: Reply(200, {"X-Origin": "1"}, b"from origin")) as origin,
        ProxyServer() as proxy,
        new_client(proxy=proxy.url) as client,
    ):
        response = client.get(origin.url + "/api/v1/info?q=1", headers={"X-Test": "yes"})
        upload = client.put(origin.url + "/up", content=b"payload")
    assert (response.status_code, response.content, response.headers["x-origin"]) == (200, b"from origin", "1")
    assert upload.status_code == 200
    first, second = proxy.requests
    assert (first.method, first.target) == ("GET", f"{origin.url}/api/v1/info?q=1")
    assert first.headers["x-test"] == "yes"
    assert first.status == 200
    assert (second.method, second.body) == ("PUT", b"payload")
    assert second.reused_connection  # keep-alive between the client and the proxy
    assert proxy.connections_accepted == 1
    at_origin = origin.requests
    assert (at_origin[0].target, at_origin[0].headers["x-test"]) == ("/api/v1/info?q=1", "yes")
    assert at_origin[1].body == b"payload"
    assert origin.connections_accepted == 2  # one upstream connection per request


def test_proxy_auth() -> None:
    with (
        MisbehavingServer() as origin,
        ProxyServer(require_auth=("user", "pass")) as proxy,
    ):
        with new_client(proxy=proxy.url) as client:
            refused = client.get(origin.url + "/a")
        with new_client(proxy=f"http://user:pass@{HOST}:{proxy.port}") as client:
            accepted = client.get(origin.url + "/b")
        with new_client(proxy=f"http://user:wrong@{HOST}:{proxy.port}") as client:
            wrong = client.get(origin.url + "/c")
    assert refused.status_code == 407
    assert refused.headers["proxy-authenticate"].startswith("Basic")
    assert accepted.status_code == 200
    assert wrong.status_code == 407
    assert [r.authorized for r in proxy.requests] == [False, True, False]
    assert proxy.requests[0].proxy_authorization is None
    assert proxy.requests[1].proxy_authorization == "Basic dXNlcjpwYXNz"
    assert [r.target for r in origin.requests] == ["/b"]
    assert "proxy-authorization" not in origin.requests[0].headers  # not forwarded


def test_proxy_connect_tunnel() -> None:
    with MisbehavingServer(lambda r: Reply(200, {}, b"tunnelled")) as origin, ProxyServer() as proxy:
        with connect(proxy.port) as sock:
            sock.sendall(b"CONNECT %s:%d HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % ((HOST.encode(), origin.port) * 2))
            buf = bytearray()
            while b"\r\n\r\n" not in buf:
                buf += sock.recv(1024)
            assert bytes(buf).startswith(b"HTTP/1.1 200 ")
            buf[:] = buf[bytes(buf).index(b"\r\n\r\n") + 4 :]
            sock.sendall(GET)
            assert read_response(sock, buf)[1] == b"tunnelled"
        with new_client(proxy=proxy.url) as client, pytest.raises(httpx.ConnectTimeout):
            client.get(f"https://{HOST}:{origin.port}/", timeout=0.2)  # CONNECT works; the origin does not speak TLS
    assert [(r.method, r.target, r.status) for r in proxy.requests] == [("CONNECT", f"{HOST}:{origin.port}", 200)] * 2
    assert proxy.requests[0].tunnel_bytes_up == len(GET)
    assert origin.requests[0].target == "/x"


def test_proxy_unreachable_origin() -> None:
    with MisbehavingServer() as origin:
        port = origin.port
    with ProxyServer() as proxy, new_client(proxy=proxy.url) as client:
        response = client.get(f"http://{HOST}:{port}/")
    assert response.status_code == 502
    assert proxy.requests[0].error is not None


# --- cleanliness ------------------------------------------------------------------------------------------------


def test_stop_leaves_nothing_behind() -> None:
    threads_before = set(threading.enumerate())
    fds_before = open_fds()
    actions: dict[str, Action] = {
        "/stall": Stall(),
        "/trickle": Trickle(200, {}, b"abc", interval=10),
        "/chunked": Chunked(200, {}, [b"a"] * 3, interval=10),
    }
    server = MisbehavingServer(lambda r: actions.get(r.path, Reply()))
    proxy = ProxyServer()
    paths = ["/idle", "/stall", "/trickle", "/chunked"]
    socks = [connect(server.port) for _ in paths] + [connect(proxy.port)]
    try:
        for sock, path in zip(socks, paths, strict=False):
            sock.sendall(b"GET %s HTTP/1.1\r\nHost: t\r\n\r\n" % path.encode())
        socks[4].sendall(b"GET %s/proxied HTTP/1.1\r\nHost: t\r\n\r\n" % server.url.encode())
        read_response(socks[0])
        read_response(socks[4])
        server.wait_for_requests(5)
        assert server.open_connections >= 4
        assert proxy.open_connections == 1
        t0 = time.monotonic()
        server.stop()
        proxy.stop()
        assert time.monotonic() - t0 < 0.5
        assert server.open_connections == proxy.open_connections == 0
        assert set(threading.enumerate()) == threads_before
        for sock in socks:
            assert sock.recv(65536) == b"" or at_eof(sock)
    finally:
        for sock in socks:
            sock.close()
    gc.collect()
    assert open_fds() == fds_before
    server.stop()  # idempotent
