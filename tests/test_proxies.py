"""Issue 10: environment proxies are honoured by every client, in both modes, the way httpx honours them.

A real forwarding proxy runs on loopback (tests/proxy_server.py). With ``trust_env=True``,
``HTTP_PROXY`` / ``ALL_PROXY`` send requests through it and ``NO_PROXY`` bypasses it; with
``trust_env=False`` the environment is ignored. Proxy credentials never show in errors or logs.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from storage_sdk import (
    AsyncClient,
    AsyncStorageClient,
    Client,
    ReductConnectionError,
    ReductError,
    StorageClient,
    StorageError,
)
from tests.loopback import unused_port
from tests.misbehaving import MisbehavingServer, Reply, Request
from tests.proxy_server import ProxyServer

INFO = {
    "version": "1.21.0",
    "bucket_count": 1,
    "usage": 1,
    "uptime": 1,
    "oldest_record": 1,
    "latest_record": 2,
    "defaults": {"bucket": {"quota_type": "NONE", "quota_size": 0, "max_block_size": 1, "max_block_records": 1}},
    "license": None,
}
PROXY_PASSWORD = "pr0xy-pa55word"
PROXY_VARS = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def origin() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as server:

        def handler(req: Request) -> Reply:
            if req.path == "/uploads":
                body = {"upload_url": f"{server.url}/put/k?X-Amz-Signature=s", "key": "k", "public_url": "p"}
                return Reply(200, {"Content-Type": "application/json"}, json.dumps(body).encode())
            if req.method == "PUT":
                return Reply(200)
            return Reply(200, {"Content-Type": "application/json", "x-reduct-api": "1.21"}, json.dumps(INFO).encode())

        server.handler = handler
        yield server


@pytest.fixture
def proxy() -> Iterator[ProxyServer]:
    with ProxyServer() as p:
        yield p


def call(kind: str, url: str, *, trust_env: bool) -> Any:
    """One call of each client kind: its result."""
    if kind == "Client":
        with Client(url, api_token="t0ken", trust_env=trust_env) as c:
            return c.info().version
    if kind == "StorageClient":
        with StorageClient(url, api_key="k3y", trust_env=trust_env) as s:
            return s.upload(b"abc", "image/png").key

    async def run() -> Any:
        if kind == "AsyncClient":
            async with AsyncClient(url, api_token="t0ken", trust_env=trust_env) as c:
                return (await c.info()).version
        async with AsyncStorageClient(url, api_key="k3y", trust_env=trust_env) as s:
            return (await s.upload(b"abc", "image/png")).key

    return asyncio.run(run())


KINDS = ["Client", "AsyncClient", "StorageClient", "AsyncStorageClient"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY", "http_proxy"])
def test_requests_go_through_the_environment_proxy(
    kind: str, variable: str, origin: MisbehavingServer, proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    assert call(kind, origin.url, trust_env=True) is not None
    targets = [r.target for r in proxy.requests]
    assert targets and all(t.startswith(origin.url) for t in targets), targets
    assert len(origin.requests) == len(proxy.requests)  # every request went through the proxy
    if kind.endswith("StorageClient"):
        assert [r.method for r in proxy.requests] == ["POST", "PUT"]  # the presigned PUT too


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "*", "localhost,127.0.0.1"])
def test_no_proxy_bypasses_the_proxy(
    kind: str, no_proxy: str, origin: MisbehavingServer, proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert call(kind, origin.url, trust_env=True) is not None
    assert proxy.requests == [] and origin.requests


@pytest.mark.parametrize("kind", KINDS)
def test_trust_env_false_ignores_the_environment(
    kind: str, origin: MisbehavingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{unused_port()}")  # a dead proxy: it would fail
    assert call(kind, origin.url, trust_env=False) is not None
    assert origin.requests


def test_reduct_clients_trust_the_environment_by_default(
    origin: MisbehavingServer, proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with Client(origin.url, api_token="t0ken") as c:
        c.info()
    assert len(proxy.requests) == 1


def test_storage_clients_ignore_the_environment_by_default(
    origin: MisbehavingServer, proxy: ProxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)  # as opengater-storage-client 0.2.1+
    with StorageClient(origin.url, api_key="k3y") as s:
        s.create_upload("image/png")
    assert proxy.requests == []


@pytest.mark.parametrize("kind", KINDS)
def test_proxy_credentials_are_sent_to_the_proxy_and_never_shown(
    kind: str, origin: MisbehavingServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with ProxyServer(require_auth=("user", PROXY_PASSWORD)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://user:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}")
        assert call(kind, origin.url, trust_env=True) is not None
        assert proxy.requests and all(r.authorized for r in proxy.requests)
    monkeypatch.setenv("HTTP_PROXY", f"http://user:wrong-{PROXY_PASSWORD}@127.0.0.1:{unused_port()}")
    with pytest.raises((ReductError, StorageError)) as info:
        call(kind, origin.url, trust_env=True)
    assert isinstance(info.value, ReductConnectionError) or info.value.status_code is None  # type: ignore[union-attr]
    texts = [str(info.value), repr(info.value), caplog.text]
    cause = info.value.__cause__
    while cause is not None:
        texts.append(str(cause))
        cause = cause.__cause__
    assert all(PROXY_PASSWORD not in t for t in texts)


def test_a_proxy_refusing_the_credentials_is_an_error_without_them(
    origin: MisbehavingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProxyServer(require_auth=("user", PROXY_PASSWORD)) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://user:bad-{PROXY_PASSWORD}@127.0.0.1:{proxy.port}")
        with Client(origin.url, api_token="t0ken") as c, pytest.raises(ReductError) as info:
            c.info()
    assert info.value.status_code == 407
    assert "Proxy Authentication Required" in info.value.message
    assert PROXY_PASSWORD not in str(info.value)
