"""A forwarding HTTP proxy on 127.0.0.1 for tests of clients behind a proxy (``HTTP(S)_PROXY``, ``proxy=``).

``ProxyServer()`` listens on an ephemeral port (thread per client connection, keep-alive from the client side):

- absolute-form requests (``GET http://host:port/path HTTP/1.1``) are forwarded to the origin over a fresh upstream
  connection per request (``Connection: close`` upstream, hop-by-hop headers and ``Proxy-Authorization`` removed);
  the origin's response is read completely and relayed with a Content-Length (a streamed response arrives at once);
- ``CONNECT host:port`` opens a tunnel (for https) and relays bytes both ways until one side closes;
- ``ProxyServer(require_auth=("user", "pass"))`` answers ``407 Proxy Authentication Required`` to requests without
  the matching ``Proxy-Authorization: Basic ...``.

Every request the proxy received is recorded in ``proxy.requests`` (``ProxiedRequest``). An unreachable origin gets
``502 Bad Gateway``. Only the standard library is used.
"""

from __future__ import annotations

import base64
import select
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from tests.misbehaving import (
    Closed,
    LoopbackListener,
    Malformed,
    SocketConn,
    build_head,
    client_wants_close,
    connection_tokens,
    content_length,
    headers_dict,
    is_chunked,
    parse_head,
)

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}


@dataclass
class ProxiedRequest:
    """One request the proxy received from a client."""

    method: str
    target: str
    """As sent: absolute URL (``http://127.0.0.1:8383/api/v1/info``) or ``host:port`` for CONNECT."""
    version: str
    raw_headers: list[tuple[bytes, bytes]]
    """Header fields as (name, value) bytes in arrival order (``Proxy-Authorization`` included)."""
    headers: dict[str, str]
    """Lowercase name -> value; repeated fields joined with ', '."""
    client_port: int
    connection_index: int
    index_on_connection: int
    authorized: bool
    """False when ``require_auth`` is set and the credentials were missing or wrong (the answer was 407)."""
    body: bytes = b""
    status: int | None = None
    """What the proxy answered: the origin's status, 407, 502, 400, or 200 for an established CONNECT tunnel."""
    error: str | None = None
    """Why the request could not be forwarded (upstream connect or read failure)."""
    tunnel_bytes_up: int = 0
    """CONNECT: bytes relayed client -> origin."""
    tunnel_bytes_down: int = 0
    """CONNECT: bytes relayed origin -> client."""

    @property
    def reused_connection(self) -> bool:
        return self.index_on_connection > 0

    @property
    def proxy_authorization(self) -> str | None:
        return self.headers.get("proxy-authorization")


class ProxyServer(LoopbackListener):
    """Forwarding (absolute-form) and tunnelling (CONNECT) HTTP proxy on 127.0.0.1; a context manager."""

    thread_name = "proxy"

    def __init__(self, require_auth: tuple[str, str] | None = None, *, upstream_timeout: float = 10.0) -> None:
        self.require_auth = require_auth
        self.upstream_timeout = upstream_timeout
        self.requests: list[ProxiedRequest] = []
        self._expected_auth: str | None = None
        if require_auth is not None:
            token = base64.b64encode(f"{require_auth[0]}:{require_auth[1]}".encode()).decode("ascii")
            self._expected_auth = f"Basic {token}"
        super().__init__()

    def _authorized(self, headers: dict[str, str]) -> bool:
        if self._expected_auth is None:
            return True
        got = headers.get("proxy-authorization", "")
        scheme, _, token = got.partition(" ")
        return scheme.lower() == "basic" and f"Basic {token.strip()}" == self._expected_auth

    def _serve(self, conn: SocketConn) -> None:
        on_conn = 0
        while True:
            try:
                method, target, version, fields = parse_head(conn.read_head())
            except Malformed as e:
                conn.send(_answer(400, f"malformed request: {e}\n", close=True))
                return
            headers = headers_dict(fields)
            rec = ProxiedRequest(
                method=method,
                target=target,
                version=version,
                raw_headers=fields,
                headers=headers,
                client_port=conn.client_port,
                connection_index=conn.index,
                index_on_connection=on_conn,
                authorized=self._authorized(headers),
            )
            on_conn += 1
            with self._lock:
                self.requests.append(rec)
            close = client_wants_close(version, headers)
            expects_continue = "100-continue" in headers.get("expect", "").lower()
            try:
                chunked = is_chunked(headers)
                length = 0 if chunked else content_length(headers)
            except Malformed as e:
                rec.status = 400
                conn.send(_answer(400, f"{e}\n", close=True))
                return
            has_body = chunked or length > 0

            if not rec.authorized:
                rec.status = 407
                if has_body and expects_continue:  # do not take the body: answer and close
                    conn.send(_answer(407, "proxy authentication required\n", close=True, auth=True))
                    return
                if has_body:
                    self._read_body(conn, chunked, length)
                conn.send(_answer(407, "proxy authentication required\n", close=close, auth=True))
                if close:
                    return
                continue

            if method == "CONNECT":
                self._tunnel(conn, rec)
                return

            url = urlsplit(target)
            if url.scheme != "http" or not url.hostname:
                rec.status = 400
                conn.send(_answer(400, f"not an absolute http:// target: {target}\n", close=True))
                return
            if has_body and expects_continue:
                conn.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            rec.body = self._read_body(conn, chunked, length) if has_body else b""
            response = self._forward(conn, rec, url)
            if close:
                response = _with_close(response)
            conn.send(response)
            if close or rec.status == 502:
                return

    @staticmethod
    def _read_body(conn: SocketConn, chunked: bool, length: int) -> bytes:
        if chunked:
            return conn.read_chunked()[0]
        return conn.read_exact(length)

    def _connect(self, host: str, port: int) -> socket.socket:
        return socket.create_connection((host, port), timeout=self.upstream_timeout)

    def _forward(self, conn: SocketConn, rec: ProxiedRequest, url: SplitResult) -> bytes:
        """Send ``rec`` to the origin, return the response to relay (head + body) for the client."""
        host, port = url.hostname or "", url.port or 80
        path = (url.path or "/") + (f"?{url.query}" if url.query else "")
        dropped = HOP_BY_HOP | connection_tokens(rec.headers) | {"content-length", "expect"}
        lines = [f"{rec.method} {path} HTTP/1.1\r\n".encode("latin-1")]
        lines += [name + b": " + value + b"\r\n" for name, value in rec.raw_headers if _lower(name) not in dropped]
        if "host" not in rec.headers:
            lines.append(f"Host: {host}:{port}\r\n".encode("latin-1"))
        if rec.body or rec.method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(rec.body)}\r\n".encode("latin-1"))
        lines.append(b"Connection: close\r\n\r\n")
        try:
            sock = self._connect(host, port)
        except OSError as e:
            rec.status, rec.error = 502, f"connect to {host}:{port} failed: {e}"
            return _answer(502, rec.error + "\n", close=True)
        up = SocketConn(sock, -1, kill=conn.kill)
        try:
            up.send(b"".join(lines) + rec.body)
            while True:
                _version, status_text, reason, fields = parse_head(up.read_head())
                status = int(status_text)
                if status >= 200 or status == 101:
                    break
            headers = headers_dict(fields)
            if rec.method == "HEAD" or status < 200 or status in (204, 304):
                body = b""
            elif is_chunked(headers):
                body = up.read_chunked()[0]
            elif "content-length" in headers:
                body = up.read_exact(content_length(headers))
            else:
                body = up.read_to_eof()
        except Closed as e:
            if conn.kill.is_set():
                raise
            rec.status, rec.error = 502, f"upstream {host}:{port} failed: {e}"
            return _answer(502, rec.error + "\n", close=True)
        except (Malformed, ValueError) as e:
            rec.status, rec.error = 502, f"upstream {host}:{port} sent garbage: {e}"
            return _answer(502, rec.error + "\n", close=True)
        finally:
            up.close()
        rec.status = status
        dropped = HOP_BY_HOP | connection_tokens(headers)
        if rec.method != "HEAD":
            dropped.add("content-length")
        out = [f"HTTP/1.1 {status} {reason}\r\n".encode("latin-1")]
        out += [name + b": " + value + b"\r\n" for name, value in fields if _lower(name) not in dropped]
        if rec.method != "HEAD" and not (status < 200 or status in (204, 304)):
            out.append(f"Content-Length: {len(body)}\r\n".encode("latin-1"))
        out.append(b"\r\n")
        return b"".join(out) + body

    def _tunnel(self, conn: SocketConn, rec: ProxiedRequest) -> None:
        host, _, port_text = rec.target.rpartition(":")
        try:
            sock = self._connect(host.strip("[]"), int(port_text))
        except (OSError, ValueError) as e:
            rec.status, rec.error = 502, f"CONNECT {rec.target} failed: {e}"
            conn.send(_answer(502, rec.error + "\n", close=True))
            return
        up = SocketConn(sock, -1, kill=conn.kill)
        try:
            rec.status = 200
            conn.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if conn.buf:
                rec.tunnel_bytes_up += len(conn.buf)
                up.send(bytes(conn.buf))
                conn.buf.clear()
            while not conn.kill.is_set():
                readable, _, _ = select.select([conn.sock, up.sock], [], [], 0.05)
                for src, dst in ((conn, up), (up, conn)):
                    if src.sock not in readable:
                        continue
                    try:
                        data = src.sock.recv(256 * 1024)
                    except OSError:
                        data = b""
                    if not data:
                        return
                    dst.send(data)
                    if src is conn:
                        rec.tunnel_bytes_up += len(data)
                    else:
                        rec.tunnel_bytes_down += len(data)
        finally:
            up.close()


def _lower(name: bytes) -> str:
    return name.decode("latin-1").strip().lower()


def _answer(status: int, text: str, *, close: bool, auth: bool = False) -> bytes:
    body = text.encode()
    items = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
    if auth:
        items.append(("Proxy-Authenticate", 'Basic realm="loopback-proxy"'))
    if close:
        items.append(("Connection", "close"))
    return build_head(status, items) + body


def _with_close(response: bytes) -> bytes:
    head, sep, body = response.partition(b"\r\n\r\n")
    if b"\r\nconnection: close" in head.lower():
        return response
    return head + b"\r\nConnection: close" + sep + body
