"""A loopback object store and storage service for the upload benchmark (`make bench`).

One process, two listeners (plain http and https with a certificate from the bench's throwaway
trustme CA), blocking sockets and a thread per connection, HTTP/1.1 keep-alive:

- ``POST /uploads`` answers like opengater-storage: ``{"upload_url", "key", "public_url"}`` with
  an ``upload_url`` on this same listener (same scheme, same port);
- ``PUT /bk/...`` reads ``Content-Length`` bytes straight into one reused 1 MiB buffer and
  discards them, then answers 200 (``Expect: 100-continue`` is honoured);
- ``GET /health`` answers 200, for the bench to wait on.

    python benchmarks/objstore.py --http-port 8001 --https-port 8002 --cert server.pem
"""

from __future__ import annotations

import argparse
import itertools
import json
import socket
import socketserver
import ssl
import threading
import time
from typing import Any

BUFFER = 1 << 20
_keys = itertools.count()


class Handler(socketserver.StreamRequestHandler):
    rbufsize = 1 << 16
    server: Listener

    def handle(self) -> None:
        buf = bytearray(BUFFER)
        view = memoryview(buf)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            line = self.rfile.readline(65537)
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                continue
            method, target = line.split(b" ", 2)[:2]
            length, expect = 0, False
            while True:
                header = self.rfile.readline(65537)
                if header in (b"\r\n", b"\n", b""):
                    break
                name, _, value = header.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"expect" and b"100-continue" in value.lower():
                    expect = True
            if expect:
                self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            remaining = length
            body = b""
            if method == b"POST":
                body = self.rfile.read(length)
                remaining = 0
            while remaining:
                got = self.rfile.readinto(view[: min(remaining, BUFFER)])
                if not got:
                    return
                remaining -= got
            self.reply(method, target, body)

    def reply(self, method: bytes, target: bytes, body: bytes) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)  # a service and store some milliseconds away, not on loopback
        status, payload = b"404 Not Found", b'{"detail":"Not found"}'
        if method == b"POST" and target == b"/uploads":
            request: dict[str, Any] = json.loads(body or b"{}")
            prefix = request.get("prefix") or "bench"
            key = f"{prefix}/{next(_keys):08d}.bin"
            base = self.server.base
            payload = json.dumps(
                {
                    "upload_url": f"{base}/bk/{key}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc",
                    "key": key,
                    "public_url": f"https://cdn.example/bk/{key}",
                }
            ).encode()
            status = b"200 OK"
        elif method == b"PUT" and target.startswith(b"/bk/"):
            status, payload = b"200 OK", b""
        elif method == b"GET" and target == b"/health":
            status, payload = b"200 OK", b"{}"
        self.wfile.write(
            b"HTTP/1.1 "
            + status
            + b'\r\nContent-Type: application/json\r\nETag: "bench"\r\nContent-Length: '
            + str(len(payload)).encode()
            + b"\r\n\r\n"
            + payload
        )


class Listener(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, port: int, context: ssl.SSLContext | None, delay: float = 0.0) -> None:
        self.context = context
        self.delay = delay
        self.base = f"{'https' if context else 'http'}://127.0.0.1:{port}"
        super().__init__(("127.0.0.1", port), Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.context is not None:  # the handshake in the connection's thread, not the accept loop
            try:
                request = self.context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        super().finish_request(request, client_address)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--https-port", type=int, required=True)
    parser.add_argument("--cert", required=True, help="PEM with the server's private key and certificate chain")
    parser.add_argument("--slow-port", type=int, help="a third (http) listener that answers after --delay-ms")
    parser.add_argument("--delay-ms", type=float, default=5.0)
    args = parser.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert)
    servers = [Listener(args.http_port, None), Listener(args.https_port, context)]
    if args.slow_port:
        servers.append(Listener(args.slow_port, None, args.delay_ms / 1000.0))
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for t in threads:
        t.start()
    threading.Event().wait()


if __name__ == "__main__":
    main()
