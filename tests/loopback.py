"""A tiny HTTP/1.1 server on 127.0.0.1 for tests that need real sockets.

Each connection is served in a thread; every request is recorded (method, path, headers, body,
client port). What it answers is decided by ``behaviour(request_index, request) -> Action``:

- ``Reply(status, headers, body)``: a normal response (keep-alive unless ``close=True``);
- ``Stall()``: read the request and never answer (until the server stops);
- ``CutOff()``: send half a response, then close the connection.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    close: bool = False


@dataclass
class Stall:
    pass


@dataclass
class CutOff:
    pass


Action = Reply | Stall | CutOff
REASONS = {200: "OK", 302: "Found", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}


class LoopbackServer:
    def __init__(self, behaviour: Callable[[int, Recorded], Action]) -> None:
        self.behaviour = behaviour
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._sock.settimeout(0.1)
        self.port: int = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(0.1)
            with self._lock:
                self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _read_request(self, conn: socket.socket, buf: bytearray) -> Recorded | None:
        while b"\r\n\r\n" not in buf:
            if self._stop.is_set():
                return None
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            buf += chunk
        head, _, rest = bytes(buf).partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        length = int(headers.get("content-length", "0"))
        body = bytearray(rest)
        while len(body) < length and not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            body += chunk
        buf[:] = body[length:]
        return Recorded(method, path, headers, bytes(body[:length]), conn.getpeername()[1])

    def _serve(self, conn: socket.socket) -> None:
        buf = bytearray()
        with conn:
            while not self._stop.is_set():
                req = self._read_request(conn, buf)
                if req is None:
                    return
                with self._lock:
                    index = len(self.requests)
                    self.requests.append(req)
                action = self.behaviour(index, req)
                if isinstance(action, Stall):
                    self._stop.wait()
                    return
                if isinstance(action, CutOff):
                    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial": ')
                    return
                headers = {"Content-Length": str(len(action.body)), **action.headers}
                if action.close:
                    headers["Connection"] = "close"
                reason = REASONS.get(action.status, "Status")
                out = f"HTTP/1.1 {action.status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                try:
                    conn.sendall(out.encode("latin-1") + b"\r\n" + (b"" if req.method == "HEAD" else action.body))
                except OSError:
                    return
                if action.close:
                    return

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        for t in self._threads:
            t.join(timeout=5)
        with self._lock:
            for conn in self._conns:
                with contextlib.suppress(OSError):
                    conn.close()
        self._sock.close()

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unused_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port
