"""``with_options()`` on all four clients (issue 18, item 1): a copy with other timeouts, retries or
headers that shares the original's connections; closing the copy leaves them open, closing the
original closes them for both. Each test runs in both modes, on the default engine and on a caller's
httpx transport."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from storage_sdk import (
    AsyncClient,
    AsyncStorageClient,
    Client,
    ClientClosedError,
    ReductTimeout,
    StorageClient,
    StorageTimeout,
    StorageUnavailable,
)
from tests.misbehaving import MisbehavingServer, Reply, Stall

MODES = ["sync", "async"]
TRANSPORTS = ["default", "httpx"]
INFO = (
    b'{"version":"1.21.0","bucket_count":0,"usage":0,"uptime":1,"oldest_record":0,"latest_record":0,'
    b'"defaults":{"bucket":{}}}'
)
UPLOAD = b'{"upload_url":"http://127.0.0.1:9/b/k?X-Amz-Signature=s","key":"k","public_url":"http://cdn/k"}'
REDUCT_HEADERS = (("content-type", "application/json"), ("x-reduct-api", "1.21"))


def ok_info(_req: Any) -> Reply:
    return Reply(200, REDUCT_HEADERS, INFO)


def make(service: str, mode: str, transport: str, url: str, **kw: Any) -> Any:
    sync = mode == "sync"
    if transport == "httpx":
        kw["transport"] = httpx.HTTPTransport() if sync else httpx.AsyncHTTPTransport()
    if service == "reduct":
        return (Client if sync else AsyncClient)(url, api_token="t0ken-value", **kw)
    return (StorageClient if sync else AsyncStorageClient)(url, api_key="k3y-value", **kw)


def run(mode: str, thing: Any) -> Any:
    """Call (sync) or await (async) a zero-argument callable."""
    if mode == "sync":
        return thing()

    async def go() -> Any:
        return await thing()

    return asyncio.run(go())


def close(mode: str, client: Any) -> None:
    run(mode, client.close if mode == "sync" else client.aclose)


def op(service: str, client: Any) -> Any:
    return client.info if service == "reduct" else (lambda: client.create_upload("image/png"))


def answer(service: str) -> Any:
    if service == "reduct":
        return ok_info
    return lambda _req: Reply(200, (("content-type", "application/json"),), UPLOAD)


@pytest.fixture
def server() -> Any:
    with MisbehavingServer() as s:
        yield s


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", ["reduct", "storage"])
def test_the_copy_shares_the_connections_and_its_close_leaves_them_open(
    service: str, mode: str, transport: str, server: MisbehavingServer
) -> None:
    server.handler = answer(service)

    async def scenario() -> None:
        client = make(service, mode, transport, server.url)
        copy = client.with_options(max_retries=0)
        assert type(copy) is type(client) and copy is not client
        for c in (client, copy, client, copy):
            result = c.info() if service == "reduct" else c.create_upload("image/png")
            if mode == "async":
                await result
        # one connection for all four calls: the copy sent through the original's pool
        assert {r.connection_index for r in server.requests} == {0}
        if mode == "sync":
            copy.close()
            client.info() if service == "reduct" else client.create_upload("image/png")
            client.close()
        else:
            await copy.aclose()
            await (client.info() if service == "reduct" else client.create_upload("image/png"))
            await client.aclose()
        # the original still used the same connection after the copy was closed
        assert len(server.requests) == 5 and {r.connection_index for r in server.requests} == {0}

    asyncio.run(scenario())


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", ["reduct", "storage"])
def test_closing_the_original_closes_the_copy(
    service: str, mode: str, transport: str, server: MisbehavingServer
) -> None:
    server.handler = answer(service)

    async def scenario() -> None:
        client = make(service, mode, transport, server.url)
        copy = client.with_options(timeout=5)
        if mode == "sync":
            op(service, copy)()
            client.close()
            with pytest.raises(ClientClosedError):
                op(service, copy)()
            with pytest.raises(ClientClosedError):
                client.with_options(max_retries=1)
        else:
            await op(service, copy)()
            await client.aclose()
            with pytest.raises(ClientClosedError):
                await op(service, copy)()
            with pytest.raises(ClientClosedError):
                client.with_options(max_retries=1)

    asyncio.run(scenario())
    assert len(server.requests) == 1


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_a_longer_timeout_for_one_call(mode: str, transport: str, server: MisbehavingServer) -> None:
    """The issue's case: the client's timeout is short, one slow call gets a longer one."""

    def slow(_req: Any) -> Reply:
        time.sleep(0.8)
        return Reply(200, REDUCT_HEADERS, INFO)

    server.handler = slow
    client = make("reduct", mode, transport, server.url, timeout=0.3, max_retries=0)
    with pytest.raises(ReductTimeout):
        run(mode, client.info)
    info = run(mode, client.with_options(timeout=5).info)  # answered after 0.8 s: beyond the original's 0.3 s
    assert info.version == "1.21.0"
    with pytest.raises(ReductTimeout):
        run(mode, client.info)  # the original keeps its own
    close(mode, client)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_total_timeout_on_the_storage_copy(mode: str, transport: str, server: MisbehavingServer) -> None:
    server.handler = lambda req: Stall()
    client = make("storage", mode, transport, server.url, timeout=30, max_retries=0)
    copy = client.with_options(total_timeout=0.4)
    started = time.monotonic()
    with pytest.raises(StorageTimeout) as info:
        run(mode, lambda: copy.create_upload("image/png"))
    assert time.monotonic() - started < 3  # the copy's 0.4 s total, not the client's 30 s per phase
    assert info.value.status_code is None
    close(mode, client)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", ["reduct", "storage"])
def test_max_retries_and_extra_headers_of_the_copy(
    service: str, mode: str, transport: str, server: MisbehavingServer
) -> None:
    server.handler = lambda req: Reply(503, (*REDUCT_HEADERS, ("retry-after", "0")), b"")
    client = make(service, mode, transport, server.url, max_retries=0, extra_headers={"X-Team": "a", "X-Keep": "1"})
    copy = client.with_options(max_retries=1, extra_headers={"X-Team": "b"})

    def idempotent(c: Any) -> Any:  # a 503 is retried for idempotent methods only
        return c.info if service == "reduct" else (lambda: c.delete_object(key="k"))

    with pytest.raises(Exception) as first:
        run(mode, idempotent(copy))
    assert len(server.requests) == 2  # one retry
    with pytest.raises(Exception) as second:
        run(mode, idempotent(client))
    assert len(server.requests) == 3  # none
    assert type(first.value) is type(second.value)
    sent = [(r.header("x-team"), r.header("x-keep")) for r in server.requests]
    assert sent == [("b", "1"), ("b", "1"), ("a", "1")]  # merged over the original's; the original unchanged
    close(mode, client)


def test_storage_post_is_still_not_retried_after_a_503(server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(503, (), b"")
    with StorageClient(server.url, api_key="k3y-value", max_retries=0) as client, pytest.raises(StorageUnavailable):
        client.with_options(max_retries=3).create_upload("image/png")
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"timeout": -1}, ValueError, "timeout"),
        ({"timeout": "5"}, TypeError, "timeout"),
        ({"total_timeout": 0}, ValueError, "total_timeout"),
        ({"total_timeout": float("nan")}, ValueError, "total_timeout"),
        ({"max_retries": -1}, ValueError, "max_retries"),
        ({"max_retries": True}, TypeError, "max_retries"),
        ({"extra_headers": {"Authorization": "x"}}, ValueError, "Authorization"),
        ({"extra_headers": {"X-API-Key": "x"}}, ValueError, "X-API-Key"),
        ({"extra_headers": {"X-A": "line\r\nbreak"}}, ValueError, "control character"),
        ({"extra_headers": ["X-A"]}, TypeError, "extra_headers"),
    ],
)
@pytest.mark.parametrize("cls", [Client, AsyncClient, StorageClient, AsyncStorageClient])
def test_arguments_are_checked_as_the_constructor_checks_them(
    cls: type, kwargs: dict[str, Any], error: type[Exception], text: str
) -> None:
    if "X-API-Key" in str(kwargs) and cls in (Client, AsyncClient):
        kwargs = {"extra_headers": {"Authorization": "x"}}
        text = "Authorization"
    if "Authorization" in str(kwargs) and cls in (StorageClient, AsyncStorageClient):
        text = "Authorization"
    client = (
        cls("http://127.0.0.1:9", "k3y") if cls in (StorageClient, AsyncStorageClient) else cls("http://127.0.0.1:9")
    )
    with pytest.raises(error) as info:
        client.with_options(**kwargs)
    assert text in str(info.value)
    # the constructor says the same
    if "timeout" in kwargs or "max_retries" in kwargs or "extra_headers" in kwargs:
        args = ("http://127.0.0.1:9", "k3y") if cls in (StorageClient, AsyncStorageClient) else ("http://127.0.0.1:9",)
        with pytest.raises(error):
            cls(*args, **kwargs)


@pytest.mark.parametrize(("sync", "asynchronous"), [(Client, AsyncClient), (StorageClient, AsyncStorageClient)])
def test_with_options_is_keyword_only_and_the_twins_agree(sync: type, asynchronous: type) -> None:
    import inspect

    ours = inspect.signature(sync.with_options)
    params = [p for name, p in ours.parameters.items() if name != "self"]
    assert [p.name for p in params] == ["timeout", "total_timeout", "max_retries", "extra_headers"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
    assert str(ours) == str(inspect.signature(asynchronous.with_options)).replace("AsyncStorageClient", "StorageClient")


def test_the_copy_shows_no_secret_and_keeps_the_url() -> None:
    client = Client("http://127.0.0.1:9", api_token="t0ken-secret-value")
    copy = client.with_options(timeout=3, extra_headers={"X-Trace": "trace-credential"})
    assert copy.url == client.url and repr(copy) == repr(client)
    assert "t0ken-secret-value" not in repr(vars(copy)) + repr(vars(copy._core))
    assert "trace-credential" not in repr(copy)
    storage = StorageClient("http://127.0.0.1:9", api_key="k3y-secret-value")
    assert "k3y-secret-value" not in repr(storage.with_options(max_retries=0))
