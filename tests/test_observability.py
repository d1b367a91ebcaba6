"""Observability that comes with the libraries: OpenTelemetry's httpx instrumentation sees every
request of the sync clients, its aiohttp-client instrumentation every request of the async ones,
and no secret or presigned signature is in the attributes they record."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("opentelemetry.instrumentation.httpx")
pytest.importorskip("opentelemetry.instrumentation.aiohttp_client")

from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from storage_sdk import AsyncClient, AsyncStorageClient, Client, StorageClient, StorageSDKError
from tests.test_wire import ObjectStore

TOKEN = "reduct-token-5ecret"
KEY = "storage-key-5ecret"

_EXPORTER = InMemorySpanExporter()
_PROVIDER = TracerProvider()
_PROVIDER.add_span_processor(SimpleSpanProcessor(_EXPORTER))


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    HTTPXClientInstrumentor().instrument(tracer_provider=_PROVIDER)
    AioHttpClientInstrumentor().instrument(tracer_provider=_PROVIDER)
    _EXPORTER.clear()
    try:
        yield _EXPORTER
    finally:
        HTTPXClientInstrumentor().uninstrument()
        AioHttpClientInstrumentor().uninstrument()


def _texts(exporter: InMemorySpanExporter) -> list[str]:
    out = []
    for span in exporter.get_finished_spans():
        out.append(span.name)
        out.extend(f"{k}={v}" for k, v in (span.attributes or {}).items())
    return out


def _check(exporter: InMemorySpanExporter, expected: int) -> list[Any]:
    finished = exporter.get_finished_spans()
    assert len(finished) == expected, [s.name for s in finished]
    texts = _texts(exporter)
    # the secrets never: they travel in headers, which the instrumentations record only when told to.
    # (The URL is recorded as the instrumentation sees it: its own redaction list covers Signature and
    # X-Goog-Signature query parameters; the SDK cannot change what a tracer of the caller's records.)
    assert all(TOKEN not in t and KEY not in t for t in texts), texts
    return list(finished)


def test_the_httpx_instrumentation_sees_every_sync_request(spans: InMemorySpanExporter) -> None:
    with ObjectStore() as store:
        with StorageClient(store.url, api_key=KEY) as s:
            s.upload(b"x" * 1000, "image/png")  # POST /uploads, then the presigned PUT
        with Client(store.url, api_token=TOKEN, max_retries=0) as c, pytest.raises(StorageSDKError):
            c.info()  # a GET the object store does not know: still one span
    finished = _check(spans, 3)
    assert [s.attributes.get("http.request.method") or s.attributes.get("http.method") for s in finished] == [
        "POST",
        "PUT",
        "GET",
    ]


def test_the_aiohttp_instrumentation_sees_every_async_request(spans: InMemorySpanExporter) -> None:
    async def go() -> None:
        async with AsyncStorageClient(store.url, api_key=KEY) as s:
            await s.upload(b"x" * 1000, "image/png")
        async with AsyncClient(store.url, api_token=TOKEN, max_retries=0) as c:
            with pytest.raises(StorageSDKError):
                await c.info()

    with ObjectStore() as store:
        asyncio.run(go())
    finished = _check(spans, 3)
    assert [s.attributes.get("http.request.method") or s.attributes.get("http.method") for s in finished] == [
        "POST",
        "PUT",
        "GET",
    ]


def test_a_wrapper_of_httpx_client_send_sees_every_sync_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sentry's and Datadog's httpx integrations wrap ``httpx.Client.send``: once anything replaced it,
    the sync clients send through it instead of straight to their transport (also when the wrapper
    comes after the client was made), with the request as it goes out."""
    import httpx

    seen: list[tuple[str, str, bool]] = []
    real = httpx.Client.send

    def traced_send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        seen.append((request.method, request.url.path, "authorization" in request.headers))
        return real(self, request, **kwargs)

    with ObjectStore() as store:
        with StorageClient(store.url, api_key=KEY) as s:
            s.upload(b"x" * 1000, "image/png")  # straight to the transport: nothing to see yet
            assert seen == []
            monkeypatch.setattr(httpx.Client, "send", traced_send)
            s.upload(b"x" * 1000, "image/png")
        with Client(store.url, api_token=TOKEN, max_retries=0) as c, pytest.raises(StorageSDKError):
            c.info()
    assert [method for method, _, _ in seen] == ["POST", "PUT", "GET"]
    assert (seen[0][1], seen[2][1]) == ("/uploads", "/api/v1/info")
    assert seen[2][2]  # the token's header is on the ReductStore request the wrapper saw
