"""The loopback HTTP server under both fakes: stdlib ``ThreadingHTTPServer``, optional TLS, clean shutdown."""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Recorded", "Response", "LoopbackServer", "TLS"]


@dataclass
class Recorded:
    """One request as a fake received it.

    Attributes:
        method: The HTTP method.
        path: The request target as sent, with its query string.
        headers: The request headers as sent (the last of repeated names wins).
        body: The request body (chunked bodies are reassembled).
        client_port: The client's TCP port.
        extra: What the fake learnt from the request (e.g. the file name of a multipart upload).
    """

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int
    extra: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        """The value of a request header, looked up case-insensitively (None when absent)."""
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)


App = Callable[[Recorded, str], Response]


class TLS:
    """A throwaway CA (``trustme``) and a certificate for ``127.0.0.1``/``localhost`` signed by it.

    The CA's PEM file lives in a temporary directory removed by :meth:`close`.
    """

    def __init__(self) -> None:
        try:
            import trustme
        except ImportError:  # pragma: no cover - depends on the environment
            raise RuntimeError("https=True needs the 'trustme' package: pip install 'storage-sdk[testing]'") from None
        self._ca = trustme.CA()
        cert = self._ca.issue_cert("127.0.0.1", "localhost", "::1")
        self.server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(self.server_context)
        self._dir = tempfile.mkdtemp(prefix="storage-sdk-fake-ca-")
        self.ca_file = os.path.join(self._dir, "ca.pem")
        self._ca.cert_pem.write_to_path(self.ca_file)

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.remove(self.ca_file)
        with contextlib.suppress(OSError):
            os.rmdir(self._dir)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # the port is free again at once after stop(): a test may bind it right away
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: LoopbackServer) -> None:
        self.owner = owner
        self.connections: set[socket.socket] = set()
        self.workers: list[threading.Thread] = []
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        # one daemon thread per connection, tracked so that stop() can join them
        worker = threading.Thread(target=self._serve_connection, args=(request, client_address), daemon=True)
        with self.connections_lock:
            self.connections.add(request)
            self.workers = [w for w in self.workers if w.is_alive()]
            self.workers.append(worker)
        worker.start()

    def _serve_connection(self, request: socket.socket, client_address: Any) -> None:
        tls = self.owner.tls
        if tls is not None:
            # the handshake runs in the connection's own thread, so a slow client cannot stall accept()
            try:
                wrapped = tls.server_context.wrap_socket(request, server_side=True)
            except (OSError, ssl.SSLError):
                self.shutdown_request(request)
                return
            with self.connections_lock:
                self.connections.discard(request)
                self.connections.add(wrapped)
            request = wrapped
        self.process_request_thread(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError | ssl.SSLError):
            return  # a client resetting or a connection cut by stop(): not worth a traceback
        super().handle_error(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        """Wake every handler blocked on a kept-alive connection, and wait for the handlers to end."""
        with self.connections_lock:
            connections = list(self.connections)
            workers = list(self.workers)
        for conn in connections:
            with contextlib.suppress(OSError, ValueError):
                conn.shutdown(socket.SHUT_RDWR)
        for worker in workers:
            worker.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid the 40 ms delayed-ACK stall
    server: _HTTPServer

    def version_string(self) -> str:
        return self.server.owner.server_header

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunk = self.rfile.read(size)
                if len(chunk) < size:
                    raise ConnectionAbortedError("the chunked body ended in the middle of a chunk")
                chunks.append(chunk)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            # the client went away in the middle of its body (a cancelled upload): as a real server,
            # act on nothing (an object store never stores part of a PUT)
            raise ConnectionAbortedError(f"the body ended after {len(body)} of {length} bytes")
        return body

    def _handle(self) -> None:
        try:
            body = self._read_body()
        except ConnectionAbortedError:
            self.close_connection = True
            return
        recorded = Recorded(self.command, self.path, dict(self.headers.items()), body, self.client_address[1])
        response = self.server.owner.app(recorded, self.client_address[0])
        self.send_response(response.status)
        names = set()
        for name, value in response.headers:
            names.add(name.lower())
            self.send_header(name, value)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD" and response.body:
            self.wfile.write(response.body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle


class LoopbackServer:
    """An HTTP(S) server on ``host:port`` (0 = an ephemeral port) answering every request with ``app``."""

    def __init__(
        self, app: App, *, host: str = "127.0.0.1", port: int = 0, tls: TLS | None = None, server_header: str = ""
    ) -> None:
        self.app = app
        self.tls = tls
        self.server_header = server_header
        self._httpd = _HTTPServer((host, port), self)
        self.host = host
        self.port: int = self._httpd.server_address[1]
        scheme = "https" if tls is not None else "http"
        shown = f"[{host}]" if ":" in host else host
        self.url = f"{scheme}://{shown}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        self._stopped = False

    def stop(self) -> None:
        """Stop serving, release the port, cut kept-alive connections and join every thread (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd.cut_connections()
        self._thread.join()
