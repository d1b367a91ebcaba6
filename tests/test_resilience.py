"""Issue 11: the clients under load, across reconnects, event loops and closes, on every transport.

Each test runs the public clients against real loopback servers that misbehave the way servers do
(tests/misbehaving.py), on the SDK's default engines (aiohttp async, httpx sync) and on a caller's httpx transport
(``transport=httpx.HTTPTransport()`` / ``httpx.AsyncHTTPTransport()``), sync and async.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from storage_sdk import (
    AsyncClient,
    AsyncStorageClient,
    Client,
    ClientClosedError,
    EventLoopError,
    ReductConnectionError,
    StorageAuthError,
    StorageClient,
    StorageError,
    StorageSDKError,
    StorageUnavailable,
)
from tests.misbehaving import EarlyReply, MisbehavingServer, Reply, Request, Reset, Stall

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
REDUCT = {"x-reduct-api": "1.21", "Content-Type": "application/json"}
SIGNATURE = "SIGSECRET0123456789"


def upload_result(url: str) -> bytes:
    return json.dumps(
        {"upload_url": f"{url}/put/news/k1?X-Amz-Signature={SIGNATURE}", "key": "news/k1", "public_url": "p"}
    ).encode()


def service(req: Request, *, drop_after: bool = False, base: str = "") -> Reply:
    """A ReductStore and opengater-storage stand-in on one port."""
    if req.path == "/api/v1/info":
        return Reply(200, REDUCT, json.dumps(INFO).encode(), drop_after=drop_after)
    if req.path.startswith("/api/v1/b/"):
        return Reply(200, {"x-reduct-api": "1.21"}, b"", drop_after=drop_after)
    if req.path == "/uploads":
        return Reply(200, {"Content-Type": "application/json"}, upload_result(base), drop_after=drop_after)
    return Reply(404, {"x-reduct-error": "Not found", "x-reduct-api": "1.21"})


@pytest.fixture(params=["default", "httpx"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    with MisbehavingServer() as s:
        s.handler = lambda req: service(req, base=s.url)
        yield s


def reduct_sync(url: str, transport: str, **kw: Any) -> Client:
    return Client(url, api_token="t0ken", transport=httpx.HTTPTransport() if transport == "httpx" else None, **kw)


def reduct_async(url: str, transport: str, **kw: Any) -> AsyncClient:
    return AsyncClient(
        url, api_token="t0ken", transport=httpx.AsyncHTTPTransport() if transport == "httpx" else None, **kw
    )


def storage_sync(url: str, transport: str, **kw: Any) -> StorageClient:
    return StorageClient(
        url, api_key="k3y-v4lue", transport=httpx.HTTPTransport() if transport == "httpx" else None, **kw
    )


def storage_async(url: str, transport: str, **kw: Any) -> AsyncStorageClient:
    return AsyncStorageClient(
        url, api_key="k3y-v4lue", transport=httpx.AsyncHTTPTransport() if transport == "httpx" else None, **kw
    )


# --- stale connections --------------------------------------------------------------------------


@pytest.mark.parametrize("rst", [False, True])
def test_calls_right_after_a_server_restart_succeed_sync(transport: str, server: MisbehavingServer, rst: bool) -> None:
    with (
        reduct_sync(server.url, transport, max_retries=0) as c,
        storage_sync(server.url, transport, max_retries=0) as s,
    ):
        c.info()
        s.create_upload("image/png")
        for _ in range(10):
            server.restart(rst=rst)
            c.info()  # GET on a pooled connection the server dropped
            server.restart(rst=rst)
            s.create_upload("image/png")  # POST: never reached the server, so sent again
    assert server.connections_accepted >= 21


@pytest.mark.parametrize("rst", [False, True])
async def test_calls_right_after_a_server_restart_succeed_async(
    transport: str, server: MisbehavingServer, rst: bool
) -> None:
    async with (
        reduct_async(server.url, transport, max_retries=0) as c,
        storage_async(server.url, transport, max_retries=0) as s,
    ):
        await c.info()
        await s.create_upload("image/png")
        for _ in range(10):
            server.restart(rst=rst)
            await c.info()
            server.restart(rst=rst)
            await s.create_upload("image/png")


def _posts_once_each(server: MisbehavingServer, outcomes: list[BaseException | None]) -> None:
    """A server that drops every connection after its answer, unannounced: a POST sent on a reused
    connection may meet the reset. It is never sent again (the server may have acted on it, RFC 9112
    9.3.1): it either succeeded or failed with a connection error, and no bucket name came twice."""
    names = [r.path for r in server.requests if r.method == "POST"]
    assert len(names) == len(set(names)), "a POST was sent twice"
    assert all(o is None or isinstance(o, ReductConnectionError) for o in outcomes), outcomes
    assert outcomes.count(None) >= 1


def test_a_server_that_closes_every_connection_after_one_answer_sync(transport: str, server: MisbehavingServer) -> None:
    server.handler = lambda req: service(req, drop_after=True, base=server.url)
    outcomes: list[BaseException | None] = []
    with reduct_sync(server.url, transport, max_retries=0) as c:
        for i in range(30):
            try:
                c.create_bucket(f"b{i}")  # POST, back to back
                outcomes.append(None)
            except StorageSDKError as exc:
                outcomes.append(exc)
    _posts_once_each(server, outcomes)


async def test_a_server_that_closes_every_connection_after_one_answer_async(
    transport: str, server: MisbehavingServer
) -> None:
    server.handler = lambda req: service(req, drop_after=True, base=server.url)
    outcomes: list[BaseException | None] = []
    async with reduct_async(server.url, transport, max_retries=0) as c:
        for i in range(30):
            try:
                await c.create_bucket(f"b{i}")
                outcomes.append(None)
            except StorageSDKError as exc:
                outcomes.append(exc)
    _posts_once_each(server, outcomes)


def test_a_post_that_reached_the_server_is_not_sent_twice(transport: str, server: MisbehavingServer) -> None:
    # a fresh connection that the server drops after reading the whole request: maybe processed
    server.handler = lambda req: Reset() if req.method == "POST" else service(req, base=server.url)
    with reduct_sync(server.url, transport) as c, pytest.raises(Exception) as info:
        c.create_bucket("b")
    assert isinstance(info.value, StorageError | Exception)
    assert len([r for r in server.requests if r.method == "POST"]) == 1


# --- load ---------------------------------------------------------------------------------------


async def test_a_cold_burst_of_concurrent_calls_on_a_fresh_client(transport: str, server: MisbehavingServer) -> None:
    count = 600 if transport == "default" else 150
    async with reduct_async(server.url, transport) as c:
        results = await asyncio.gather(*(c.info() for _ in range(count)), return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == [], errors[:3]
    assert len(results) == count


def test_many_threads_share_one_sync_client(transport: str, server: MisbehavingServer) -> None:
    errors: list[BaseException] = []
    with reduct_sync(server.url, transport) as c:

        def work() -> None:
            try:
                for _ in range(15):
                    c.info()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


# --- event loops --------------------------------------------------------------------------------


def test_one_client_in_several_event_loops(
    transport: str, server: MisbehavingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    client = reduct_async(server.url, transport)  # created outside any loop

    async def use() -> str:
        return (await client.info()).version

    assert [asyncio.run(use()) for _ in range(3)] == ["1.21.0"] * 3
    asyncio.run(client.aclose())  # a third loop
    gc.collect()
    assert "never retrieved" not in caplog.text and "Event loop is closed" not in caplog.text


def test_a_callers_http_client_in_a_second_event_loop_is_a_clear_error(
    server: MisbehavingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="asyncio")
    http = httpx.AsyncClient()
    client = AsyncClient(server.url, api_token="t0ken", http_client=http)

    async def use() -> str:
        return (await client.info()).version

    async def first() -> str:
        try:
            return await use()
        finally:
            await http.aclose()  # the caller's client: the caller closes it, in its loop

    assert asyncio.run(first()) == "1.21.0"
    with pytest.raises(EventLoopError) as info:
        asyncio.run(use())
    assert isinstance(info.value, RuntimeError)
    assert "inside the event loop" in str(info.value)
    assert "never retrieved" not in caplog.text


# --- closing with calls in flight ---------------------------------------------------------------


async def test_aclose_with_calls_in_flight(transport: str, server: MisbehavingServer) -> None:
    server.handler = lambda req: Stall()
    client = reduct_async(server.url, transport, timeout=httpx.Timeout(2.0))
    tasks = [asyncio.ensure_future(client.info()) for _ in range(20)]
    await asyncio.to_thread(server.wait_for_requests, 20)
    opened = server.connections_accepted
    await client.aclose()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, ClientClosedError) for r in results), results[:3]
    await asyncio.sleep(0.1)
    assert server.connections_accepted == opened  # nothing reconnected after the close
    gc.collect()


def test_close_with_threads_in_flight(transport: str, server: MisbehavingServer) -> None:
    server.handler = lambda req: Stall()
    client = reduct_sync(server.url, transport, timeout=httpx.Timeout(1.0))
    results: list[BaseException | None] = []

    def call() -> None:
        try:
            client.info()
            results.append(None)
        except BaseException as exc:
            results.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while len(server.requests) < 8 and time.monotonic() < deadline:
        time.sleep(0.01)
    opened = server.connections_accepted
    client.close()
    for t in threads:
        t.join(timeout=10)
    assert len(results) == 8 and all(isinstance(r, ClientClosedError) for r in results), results
    time.sleep(0.1)
    assert server.connections_accepted == opened
    gc.collect()


# --- uploads ------------------------------------------------------------------------------------


def test_an_early_403_during_a_large_put_is_the_object_stores_answer_sync(transport: str) -> None:
    denied = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
    with MisbehavingServer() as s:

        def handler(req: Request) -> Reply | EarlyReply:
            if req.method == "PUT":
                return EarlyReply(403, {"Content-Type": "application/xml"}, denied)
            return service(req, base=s.url)

        s.handler = handler
        with storage_sync(s.url, transport) as storage, pytest.raises(StorageAuthError) as info:
            storage.upload(b"x" * (20 * 1024 * 1024), "image/png")
        assert "AccessDenied" in (info.value.detail or "")
        assert len([r for r in s.requests if r.method == "PUT"]) == 1  # answered, so not sent again


async def test_an_early_403_during_a_large_put_is_the_object_stores_answer_async(transport: str) -> None:
    denied = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
    with MisbehavingServer() as s:

        def handler(req: Request) -> Reply | EarlyReply:
            if req.method == "PUT":
                return EarlyReply(403, {"Content-Type": "application/xml"}, denied)
            return service(req, base=s.url)

        s.handler = handler
        async with storage_async(s.url, transport) as storage:
            with pytest.raises(StorageError) as info:
                await storage.upload(b"x" * (20 * 1024 * 1024), "image/png")
        # A server that resets the connection it refused to read: the kernel drops the answer, on
        # aiohttp and httpx alike; the failure still names what happened and shows no signature.
        # (The lingering close that nginx and object stores do keeps the answer: the test above.)
        assert str(info.value).strip() and not str(info.value).endswith(": ")
        assert "SIGSECRET" not in str(info.value)


async def test_an_early_403_with_a_lingering_close_is_the_object_stores_answer_async(transport: str) -> None:
    # nginx and object stores read and discard the rest of a refused body before closing
    denied = b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
    with MisbehavingServer() as s:

        def handler(req: Request) -> Reply | EarlyReply:
            if req.method == "PUT":
                return EarlyReply(403, {"Content-Type": "application/xml"}, denied, drain=True)
            return service(req, base=s.url)

        s.handler = handler
        async with storage_async(s.url, transport) as storage:
            with pytest.raises(StorageAuthError) as info:
                await storage.upload(b"x" * (20 * 1024 * 1024), "image/png")
        assert "AccessDenied" in (info.value.detail or "")
        assert len([r for r in s.requests if r.method == "PUT"]) == 1  # answered, so not sent again


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_no_signature_in_any_exception_text_after_a_failed_put(
    transport: str, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with MisbehavingServer() as s:
        s.handler = lambda req: Reset() if req.method == "PUT" else service(req, base=s.url)
        if mode == "sync":
            with storage_sync(s.url, transport, max_retries=1) as storage, pytest.raises(StorageUnavailable) as info:
                storage.upload(b"x" * 1000, "image/png")
        else:

            async def go() -> None:
                async with storage_async(s.url, transport, max_retries=1) as storage:
                    await storage.upload(b"x" * 1000, "image/png")

            with pytest.raises(StorageUnavailable) as info:
                asyncio.run(go())
    texts: list[str] = [caplog.text]
    exc: BaseException | None = info.value
    while exc is not None:
        texts += [str(exc), repr(exc), *(str(a) for a in exc.args)]
        texts += [str(getattr(exc, name, "")) for name in ("url", "detail", "message")]
        exc = exc.__cause__ or exc.__context__
    assert all(SIGNATURE not in t for t in texts), [t for t in texts if SIGNATURE in t]
    assert info.value.url is not None and info.value.url.endswith("/put/news/k1")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_non_ascii_token_bytes_are_the_same_on_every_transport(transport: str, mode: str) -> None:
    with MisbehavingServer() as s:
        s.handler = lambda req: service(req, base=s.url)
        if mode == "sync":
            with Client(
                s.url, api_token="tøk€", transport=httpx.HTTPTransport() if transport == "httpx" else None
            ) as c:
                c.info()
        else:

            async def go() -> None:
                t = httpx.AsyncHTTPTransport() if transport == "httpx" else None
                async with AsyncClient(s.url, api_token="tøk€", transport=t) as c:
                    await c.info()

            asyncio.run(go())
        assert dict(s.requests[0].raw_headers)[b"Authorization"] == "Bearer tøk€".encode()
