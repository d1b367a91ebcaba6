"""HTTPS on every transport, in both modes: certificate checks, ``verify`` options, keep-alive and host names.

A server on loopback presents a certificate from a throwaway CA (trustme). The default engines (aiohttp,
and httpx for the sync clients) and a caller's httpx transport are held to the same: an unknown CA is refused
before anything is sent, ``verify=`` a CA bundle, an ``ssl.SSLContext`` or False are honoured, and a
kept-alive TLS connection is reused.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme

from storage_sdk import AsyncClient, Client, ReductConnectionError

INFO = json.dumps(
    {
        "version": "1.21.0",
        "bucket_count": 0,
        "usage": 0,
        "uptime": 1,
        "oldest_record": 0,
        "latest_record": 0,
        "defaults": {"bucket": {"quota_type": "NONE", "quota_size": 0, "max_block_size": 1, "max_block_records": 1}},
        "license": None,
    }
).encode()


class TLSServer:
    def __init__(self, ca: trustme.CA, host: str) -> None:
        self.ports: list[int] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.ports.append(self.client_address[1])
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("x-reduct-api", "1.21")
                self.send_header("Content-Length", str(len(INFO)))
                self.end_headers()
                self.wfile.write(INFO)

            def log_message(self, *args: Any) -> None:
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert(host, "127.0.0.1").configure_cert(context)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def server(ca: trustme.CA) -> Iterator[TLSServer]:
    s = TLSServer(ca, "localhost")
    yield s
    s.stop()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def info_twice(mode: str, url: str, **kwargs: Any) -> list[str]:
    if mode == "sync":
        with Client(url, api_token="t0ken", **kwargs) as client:
            return [client.info().version, client.info().version]

    async def run() -> list[str]:
        async with AsyncClient(url, api_token="t0ken", **kwargs) as client:
            return [(await client.info()).version, (await client.info()).version]

    return asyncio.run(run())


def transport_for(mode: str, kind: str, verify: Any) -> dict[str, Any]:
    if kind == "default":
        return {"verify": verify}
    if mode == "sync":
        return {"transport": httpx.HTTPTransport(verify=verify)}
    return {"transport": httpx.AsyncHTTPTransport(verify=verify)}


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_https_with_the_ca_bundle_and_keep_alive(mode: str, host: str, server: TLSServer, ca_file: str) -> None:
    assert info_twice(mode, f"https://{host}:{server.port}", verify=ca_file) == ["1.21.0", "1.21.0"]
    assert len(set(server.ports)) == 1  # one TLS connection, reused


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["default", "httpx"])
def test_https_with_an_ssl_context(mode: str, kind: str, server: TLSServer, ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    url = f"https://localhost:{server.port}"
    assert info_twice(mode, url, **transport_for(mode, kind, context)) == ["1.21.0", "1.21.0"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["default", "httpx"])
def test_an_unknown_ca_is_refused_before_anything_is_sent(mode: str, kind: str, server: TLSServer) -> None:
    with pytest.raises(ReductConnectionError) as info:
        info_twice(mode, f"https://localhost:{server.port}", max_retries=0, **transport_for(mode, kind, True))
    assert "CERTIFICATE_VERIFY_FAILED" in info.value.message
    assert server.ports == []


@pytest.mark.parametrize("mode", MODES)
def test_verify_false_and_verify_ssl_false_skip_the_check(mode: str, server: TLSServer) -> None:
    url = f"https://localhost:{server.port}"
    assert info_twice(mode, url, verify=False) == ["1.21.0", "1.21.0"]
    assert info_twice(mode, url, verify_ssl=False) == ["1.21.0", "1.21.0"]


@pytest.mark.parametrize("mode", MODES)
def test_a_certificate_for_another_host_is_refused(mode: str, ca: trustme.CA, ca_file: str) -> None:
    other = TLSServer(ca, "example.test")  # valid for example.test and 127.0.0.1, not for localhost
    try:
        with pytest.raises(ReductConnectionError) as info:
            info_twice(mode, f"https://localhost:{other.port}", verify=ca_file, max_retries=0)
        assert "TLS" in info.value.message or "certificate" in info.value.message.lower()
    finally:
        other.stop()
