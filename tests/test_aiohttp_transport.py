"""storage_sdk.AiohttpTransport under the async clients, against real loopback servers.

The transport must keep every promise the httpx transport keeps: timeouts, retries only where
safe (a POST is retried only when the connection was never made), errors mapped to the
service's exceptions with the cause chained, the secret only for the service's origin.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from storage_sdk import (
    AiohttpTransport,
    AsyncClient,
    AsyncStorageClient,
    BucketSettings,
    ReductConnectionError,
    ReductNotFound,
    ReductTimeout,
    StorageAuthError,
)
from tests.loopback import CutOff, LoopbackServer, Recorded, Reply, Stall, unused_port
from tests.reduct_data import SERVER_INFO

TOKEN = "aiohttp-token-7f3e"
INFO = SERVER_INFO
JSON = {"content-type": "application/json", "x-reduct-api": "1.21"}


async def no_sleep(seconds: float) -> None:
    SLEEPS.append(seconds)


SLEEPS: list[float] = []


async def client_for(url: str, **kwargs: Any) -> AsyncClient:
    SLEEPS.clear()
    client = AsyncClient(url, api_token=TOKEN, transport=AiohttpTransport(), **kwargs)
    client._core.sleep = no_sleep
    return client


async def test_a_call_goes_through_aiohttp_with_auth_and_user_agent() -> None:
    with LoopbackServer(lambda i, r: Reply(200, JSON, json.dumps(INFO).encode())) as server:
        async with await client_for(server.url) as client:
            for _ in range(3):
                info = await client.info()
    assert info.version == "1.21.0"
    assert {r.client_port for r in server.requests} == {server.requests[0].client_port}  # keep-alive
    headers = server.requests[0].headers
    assert headers["authorization"] == f"Bearer {TOKEN}" and headers["user-agent"].startswith("storage-sdk/")


async def test_gzip_bodies_are_decoded_once() -> None:
    body = gzip.compress(json.dumps(INFO).encode())
    with LoopbackServer(lambda i, r: Reply(200, {**JSON, "content-encoding": "gzip"}, body)) as server:
        async with await client_for(server.url) as client:
            assert (await client.info()).bucket_count == INFO["bucket_count"]


async def test_error_statuses_map_as_with_httpx() -> None:
    reply = Reply(404, {"x-reduct-error": "Bucket 'b' is not found", **JSON}, b'{"detail": "x"}')
    with LoopbackServer(lambda i, r: reply) as server:
        async with await client_for(server.url) as client:
            with pytest.raises(ReductNotFound, match="Bucket 'b' is not found"):
                await (await client.get_bucket("b")).info()


async def test_refused_connection_is_retried_then_a_connection_error() -> None:
    async with await client_for(f"http://127.0.0.1:{unused_port()}") as client:
        with pytest.raises(ReductConnectionError) as info:
            await client.create_bucket("b", BucketSettings(max_block_records=1))  # a POST
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert len(SLEEPS) == 2  # never connected: retried even though it is a POST


async def test_a_server_that_never_answers_times_out() -> None:
    with LoopbackServer(lambda i, r: Stall()) as server:
        async with await client_for(server.url, timeout=0.5, max_retries=0) as client:
            started = time.monotonic()
            with pytest.raises(ReductTimeout) as info:
                await client.info()
            elapsed = time.monotonic() - started
    assert isinstance(info.value.__cause__, httpx.ReadTimeout) and 0.4 <= elapsed < 3.0


async def test_a_post_cut_off_mid_response_is_not_retried() -> None:
    with LoopbackServer(lambda i, r: CutOff()) as server:
        async with await client_for(server.url) as client:
            with pytest.raises(ReductConnectionError) as info:
                await client.create_bucket("b")
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError | httpx.ReadError)
    assert len(server.requests) == 1 and SLEEPS == []


async def test_503_twice_then_200_is_retried() -> None:
    def behaviour(i: int, r: Recorded) -> Reply:
        return Reply(503, JSON) if i < 2 else Reply(200, JSON, json.dumps(INFO).encode())

    with LoopbackServer(behaviour) as server:
        async with await client_for(server.url) as client:
            assert (await client.info()).version == "1.21.0"
    assert len(server.requests) == 3 and len(SLEEPS) == 2


async def test_presigned_put_streams_without_the_key() -> None:
    key = "sk-aiohttp-key-31c9"
    with (
        LoopbackServer(lambda i, r: Reply(200)) as s3,
        LoopbackServer(lambda i, r: Reply(403, {}, b"<Error/>")) as s3_no,
    ):
        upload = {"upload_url": s3.url + "/bk/a.png?X-Amz-Signature=abc", "key": "a.png", "public_url": "p"}
        with LoopbackServer(lambda i, r: Reply(200, JSON, json.dumps(upload).encode())) as service:

            async def chunks() -> AsyncIterator[bytes]:
                for _ in range(10):
                    yield b"x" * 1000

            async with AsyncStorageClient(service.url, api_key=key, transport=AiohttpTransport()) as storage:
                result = await storage.upload(chunks(), "image/png")
                assert result.key == "a.png"
        upload["upload_url"] = s3_no.url + "/bk/a.png?X-Amz-Signature=expired"
        with LoopbackServer(lambda i, r: Reply(200, JSON, json.dumps(upload).encode())) as service:
            async with AsyncStorageClient(service.url, api_key=key, transport=AiohttpTransport()) as storage:
                with pytest.raises(StorageAuthError):
                    await storage.upload(b"data", "image/png")
    (put,) = s3.requests
    assert put.method == "PUT" and put.body == b"x" * 10000 and put.headers["content-length"] == "10000"
    assert put.headers["content-type"] == "image/png" and "x-api-key" not in put.headers
    assert all(key not in json.dumps(r.headers) for r in s3.requests + s3_no.requests)


def test_transport_and_http_client_are_exclusive() -> None:
    with pytest.raises(ValueError, match="http_client or transport"):
        AsyncClient("http://h", http_client=httpx.AsyncClient(), transport=AiohttpTransport())
    with pytest.raises(TypeError, match="transport"):
        AsyncClient("http://h", transport=httpx.HTTPTransport())  # type: ignore[arg-type]
