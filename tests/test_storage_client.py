"""StorageClient and AsyncStorageClient with pytest-httpx: every method, both twins, success and each error.

Requests to the storage API and the canned answers are validated against openapi/storage.yaml
(``spec_response``). Answers the spec does not document (404, 422, malformed bodies) cannot be
validated as responses; their requests still are (``spec_request``).
"""

from __future__ import annotations

import inspect
import io
import itertools
import json
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from storage_sdk.errors import (
    ClientClosedError,
    StorageAuthError,
    StorageBadRequest,
    StorageError,
    StorageInvalidResponse,
    StoragePayloadTooLarge,
    StorageTimeout,
    StorageUnavailable,
)
from storage_sdk.storage import AsyncStorageClient, StorageClient, StoredObject, UploadResult
from storage_sdk.storage._common import CHUNK_SIZE
from tests.spec_check import spec_response, validate_request
from tests.storage_servers import parse_multipart

BASE = "http://opengater-storage:8000"
KEY = "sk-test-9c1d7e3b5a"
S3_URL = "https://s3.example.com/bk/news/a.png?X-Amz-Signature=abc123&X-Amz-Expires=900"
UPLOAD = {"upload_url": S3_URL, "key": "news/a.png", "public_url": "https://cdn/bk/news/a.png"}
STORED = {"key": "news/a.png", "public_url": "https://cdn/bk/news/a.png"}
FLAVOURS = ["sync", "async"]


def make(flavour: str, base_url: str = BASE, **kwargs: Any) -> Any:
    kwargs.setdefault("api_key", KEY)
    return StorageClient(base_url, **kwargs) if flavour == "sync" else AsyncStorageClient(base_url, **kwargs)


async def call(client: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, name)(*args, **kwargs)
    return await result if inspect.isawaitable(result) else result


async def close(client: Any) -> None:
    await call(client, "aclose" if isinstance(client, AsyncStorageClient) else "close")


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def client(flavour: str) -> AsyncIterator[Any]:
    c = make(flavour, max_retries=0)
    yield c
    await close(c)


def spec_request(status: int, **response: Any) -> Callable[[httpx.Request], httpx.Response]:
    """Validate the request against the spec; answer with something the spec does not document."""

    def callback(request: httpx.Request) -> httpx.Response:
        validate_request("storage", request)
        return httpx.Response(status, **response)

    return callback


def put_ok(seen: list[httpx.Request], status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    def callback(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(status)

    return callback


# ------------------------------------------------------------------------------------------------
# construction


async def test_api_key_falls_back_to_the_environment(
    flavour: str, httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORAGE_API_KEY", "sk-from-env-123")
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    c = make(flavour, api_key=None)
    try:
        await call(c, "create_upload", "image/png")
    finally:
        await close(c)
    assert httpx_mock.get_requests()[0].headers["X-API-Key"] == "sk-from-env-123"


@pytest.mark.parametrize("env", [None, ""])
def test_a_missing_key_is_a_value_error_naming_both(
    flavour: str, env: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv("STORAGE_API_KEY", raising=False)
    else:
        monkeypatch.setenv("STORAGE_API_KEY", env)
    with pytest.raises(ValueError, match="api_key") as info:
        make(flavour, api_key=None)
    assert "STORAGE_API_KEY" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"api_key": ""}, ValueError),
        ({"api_key": 123}, TypeError),
        ({"api_key": "bad\nkey"}, ValueError),
        ({"timeout": -1}, ValueError),
        ({"max_retries": -1}, ValueError),
        ({"trust_env": "yes"}, TypeError),
        ({"http_client": object()}, TypeError),
    ],
)
def test_invalid_arguments_fail_at_construction(flavour: str, kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        make(flavour, **kwargs)


@pytest.mark.parametrize("base_url", ["opengater-storage:8000", "ftp://h/", "http://u:p@h/", 42])
def test_invalid_base_url(flavour: str, base_url: Any) -> None:
    with pytest.raises((ValueError, TypeError), match="base_url"):
        make(flavour, base_url=base_url)


async def test_trailing_slashes_are_dropped_and_a_path_prefix_kept(flavour: str, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(
        spec_response("storage", 200, json=UPLOAD, base_path="/api/storage"),
        method="POST",
        url="http://gw:9000/api/storage/uploads",
    )
    c = make(flavour, base_url="http://gw:9000/api/storage///")
    try:
        assert c.base_url == "http://gw:9000/api/storage"
        await call(c, "create_upload", "image/png")
    finally:
        await close(c)


async def test_repr_shows_the_url_and_never_the_key(client: Any) -> None:
    from storage_sdk_gen_storage.api.uploads import create_upload
    from storage_sdk_gen_storage.models import UploadRequest

    assert repr(client) == f"{type(client).__name__}(base_url='{BASE}')"
    prepared = client._core.prepare(create_upload.request(body=UploadRequest(content_type="image/png", prefix="")))
    assert ("X-API-Key", KEY) in prepared.headers  # the key is sent...
    shown = (client, client._core, client._core.options, client._core._auth, prepared, prepared.headers)
    for obj in (*shown, client._core.options.secret):
        assert KEY not in repr(obj)  # ...and never shown
    for obj in shown:
        assert KEY not in str(obj)


async def test_context_managers_close_the_client(flavour: str, httpx_mock: HTTPXMock) -> None:
    c = make(flavour)
    if flavour == "sync":
        with c as entered:
            assert entered is c
    else:
        async with c as entered:
            assert entered is c
    assert c._core.closed
    with pytest.raises(ClientClosedError):
        await call(c, "create_upload", "image/png")
    await close(c)  # a second close is harmless
    assert httpx_mock.get_requests() == []


async def test_a_callers_http_client_is_used_and_left_open(flavour: str, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(spec_response("storage", 201, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    own = httpx.Client() if flavour == "sync" else httpx.AsyncClient()
    c = make(flavour, http_client=own)
    await call(c, "create_upload", "image/png")
    await close(c)
    assert not own.is_closed
    await call(own, "aclose" if flavour == "async" else "close")


def test_the_twins_have_the_same_public_api() -> None:
    def api(cls: type) -> dict[str, tuple[list[str], str]]:
        out = {}
        for name, member in vars(cls).items():
            if callable(member) and (not name.startswith("_") or name in ("__init__",)):
                params = [p for p in inspect.signature(member).parameters if p != "session"]  # async only
                out[name.replace("aclose", "close")] = (params, member.__doc__)
        return out

    sync_api, async_api = api(StorageClient), api(AsyncStorageClient)
    assert sync_api.keys() == async_api.keys() >= {"create_upload", "delete_object", "upload_file", "upload", "close"}
    for name in sync_api:
        assert sync_api[name][0] == async_api[name][0], name
        assert inspect.iscoroutinefunction(getattr(AsyncStorageClient, "aclose" if name == "close" else name)) == (
            name not in ("__init__", "with_options")  # no I/O in those
        )


# ------------------------------------------------------------------------------------------------
# create_upload


@pytest.mark.parametrize("status", [200, 201])
async def test_create_upload(client: Any, httpx_mock: HTTPXMock, status: int) -> None:
    httpx_mock.add_callback(
        spec_response("storage", status, json={**UPLOAD, "expires_in": 900}), method="POST", url=f"{BASE}/uploads"
    )
    result = await call(client, "create_upload", "image/png", "news/articles")
    assert isinstance(result, UploadResult)
    assert (result.upload_url, result.key, result.public_url) == (S3_URL, "news/a.png", "https://cdn/bk/news/a.png")
    request = httpx_mock.get_requests()[0]
    assert request.headers["X-API-Key"] == KEY
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"content_type": "image/png", "prefix": "news/articles"}


async def test_create_upload_always_sends_the_prefix(client: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    await call(client, "create_upload", "image/png")
    assert json.loads(httpx_mock.get_requests()[0].content) == {"content_type": "image/png", "prefix": ""}


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((None,), TypeError),
        (("image/png", None), TypeError),
        (("png",), ValueError),  # not a media type (type/subtype)
        (("image/png; charset",), ValueError),
        (("image/png", "news\r\nX-Evil: 1"), ValueError),  # no control characters in the prefix
    ],
)
async def test_create_upload_checks_its_arguments_before_any_request(
    client: Any, httpx_mock: HTTPXMock, args: tuple[Any, ...], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await call(client, "create_upload", *args)
    assert httpx_mock.get_requests() == []


# ------------------------------------------------------------------------------------------------
# delete_object


@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({"key": "news/a.png"}, b'{"key":"news/a.png"}'),
        ({"public_url": "https://cdn/bk/a.png"}, b'{"public_url":"https://cdn/bk/a.png"}'),
        ({"key": "k", "public_url": "https://cdn/bk/k"}, b'{"public_url":"https://cdn/bk/k","key":"k"}'),
        ({"key": "k", "public_url": ""}, b'{"key":"k"}'),
        ({"key": "", "public_url": "https://cdn/bk/k"}, b'{"public_url":"https://cdn/bk/k"}'),
    ],
)
@pytest.mark.parametrize("status", [200, 204])
async def test_delete_object(
    client: Any, httpx_mock: HTTPXMock, kwargs: dict[str, str], body: bytes, status: int
) -> None:
    httpx_mock.add_callback(spec_response("storage", status), method="DELETE", url=f"{BASE}/objects")
    assert await call(client, "delete_object", **kwargs) is None
    request = httpx_mock.get_requests()[0]
    assert request.content == body  # only the truthy fields, public_url first, as the peer sends them
    assert request.headers["X-API-Key"] == KEY


async def test_delete_object_ignores_the_body_of_a_success(client: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(spec_request(200, content=b"<html>ok</html>"), method="DELETE", url=f"{BASE}/objects")
    assert await call(client, "delete_object", key="k") is None


@pytest.mark.parametrize("kwargs", [{}, {"key": ""}, {"public_url": "", "key": ""}, {"key": None}])
async def test_delete_object_needs_a_key_or_url(client: Any, httpx_mock: HTTPXMock, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"^provide at least one of: public_url, key$"):
        await call(client, "delete_object", **kwargs)
    assert httpx_mock.get_requests() == []


async def test_delete_object_rejects_non_strings(client: Any, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(TypeError, match="key"):
        await call(client, "delete_object", key=5)
    assert httpx_mock.get_requests() == []


# ------------------------------------------------------------------------------------------------
# upload_file

TRICKY = b"\x00\xffbinary\r\n--+++\r\nContent-Disposition: x\r\n--+++--\r\n" * 100


def _file_source(kind: str, tmp_path: Path) -> Any:
    if kind == "bytes":
        return TRICKY
    if kind == "bytearray":
        return bytearray(TRICKY)
    path = tmp_path / "a.png"
    path.write_bytes(TRICKY)
    if kind == "path":
        return path
    if kind == "str path":
        return str(path)
    return path.open("rb")


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "path", "str path", "file"])
@pytest.mark.parametrize("status", [200, 201])
async def test_upload_file(client: Any, httpx_mock: HTTPXMock, tmp_path: Path, kind: str, status: int) -> None:
    httpx_mock.add_callback(spec_response("storage", status, json=STORED), method="POST", url=f"{BASE}/uploads/file")
    content = _file_source(kind, tmp_path)
    try:
        stored = await call(client, "upload_file", content, "a.png", "image/png", prefix="news/articles")
    finally:
        if kind == "file":
            assert not content.closed  # the caller's file stays open
            content.close()
    assert isinstance(stored, StoredObject)
    assert (stored.key, stored.public_url) == (STORED["key"], STORED["public_url"])
    request = httpx_mock.get_requests()[0]
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert "+++" not in content_type  # the generated fixed boundary is gone: httpx picked a random one
    parts = parse_multipart(content_type, request.content)
    assert parts["prefix"][1] == b"news/articles"
    headers, data = parts["file"]
    assert data == TRICKY
    assert 'filename="a.png"' in headers["content-disposition"]
    assert headers["content-type"] == "image/png"
    assert request.headers["X-API-Key"] == KEY


async def test_upload_file_streams_a_file_with_a_content_length(
    client: Any, httpx_mock: HTTPXMock, tmp_path: Path
) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * 300_000)
    httpx_mock.add_callback(spec_response("storage", 200, json=STORED), method="POST", url=f"{BASE}/uploads/file")
    with path.open("rb") as f:
        await call(client, "upload_file", f, "big.bin", "application/octet-stream")
    request = httpx_mock.get_requests()[0]
    assert int(request.headers["Content-Length"]) == len(request.content) > 300_000
    assert "Transfer-Encoding" not in request.headers


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("text", "a.txt", "text/plain"), FileNotFoundError),  # a str is a path
        ((io.StringIO, "a.txt", "text/plain"), TypeError),
        ((12, "a.txt", "text/plain"), TypeError),
        ((b"x", None, "text/plain"), TypeError),
        ((b"x", "a.txt", "text/plain\r\nX-Injected: 1"), ValueError),
        ((b"x", "a.txt", "text/plain", 5), TypeError),
    ],
)
async def test_upload_file_checks_its_arguments_before_any_request(
    client: Any, httpx_mock: HTTPXMock, args: tuple[Any, ...], error: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).parent)
    if callable(args[0]):
        args = (args[0](), *args[1:])
    with pytest.raises(error):
        await call(client, "upload_file", *args)
    assert httpx_mock.get_requests() == []


# ------------------------------------------------------------------------------------------------
# upload


def _upload_source(kind: str, data: bytes, tmp_path: Path) -> Any:
    if kind == "bytes":
        return data
    if kind == "memoryview":
        return memoryview(data)
    if kind in ("path", "file", "file at an offset"):
        path = tmp_path / "src.bin"
        path.write_bytes(b"HEADER" + data if kind == "file at an offset" else data)
        if kind == "path":
            return path
        f = path.open("rb")
        if kind == "file at an offset":
            f.seek(6)
        return f
    if kind == "BytesIO":
        return io.BytesIO(data)
    if kind == "iterator":
        return (data[i : i + 1000] for i in range(0, len(data), 1000))
    if kind == "list":
        return [data[:10], bytearray(data[10:20]), memoryview(data[20:])]

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), 1000):
            yield data[i : i + 1000]

    return chunks()


SOURCES = ["bytes", "memoryview", "path", "file", "file at an offset", "BytesIO", "iterator", "list", "async iterator"]


@pytest.mark.parametrize("kind", SOURCES)
async def test_upload_puts_the_bytes_without_the_key(
    flavour: str, client: Any, httpx_mock: HTTPXMock, tmp_path: Path, kind: str
) -> None:
    data = bytes(range(256)) * 10_000  # 2,560,000 bytes: several 1 MiB chunks (CHUNK_SIZE)
    if kind == "async iterator" and flavour == "sync":
        # the sync client cannot drain an async iterator: refused before any request is sent
        with pytest.raises(TypeError, match="source must be"):
            await call(client, "upload", _upload_source(kind, data, tmp_path), "image/png")
        assert httpx_mock.get_requests() == []
        return
    puts: list[httpx.Request] = []
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_callback(put_ok(puts), method="PUT", url=S3_URL)
    source = _upload_source(kind, data, tmp_path)
    progress: list[tuple[int, int | None]] = []
    try:
        result = await call(
            client, "upload", source, "image/png", "news", progress=lambda s, t: progress.append((s, t))
        )
    finally:
        if hasattr(source, "close"):
            source.close()
    assert isinstance(result, UploadResult)
    assert result.key == UPLOAD["key"]
    (put,) = puts
    assert put.content == data
    assert put.headers["Content-Type"] == "image/png"
    assert put.headers["Content-Length"] == str(len(data))
    assert "Transfer-Encoding" not in put.headers
    assert "X-API-Key" not in put.headers
    assert "Authorization" not in put.headers
    assert KEY not in str(put.headers.raw)
    assert progress[0] == (0, len(data))
    assert progress[-1] == (len(data), len(data))
    sent = [s for s, _ in progress]
    assert sent == sorted(sent)
    assert all(b - a <= CHUNK_SIZE for a, b in itertools.pairwise(sent))
    assert len(sent) >= 4  # (0, total), then one report per chunk


async def test_upload_of_nothing(client: Any, httpx_mock: HTTPXMock) -> None:
    puts: list[httpx.Request] = []
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_callback(put_ok(puts), method="PUT", url=S3_URL)
    progress: list[tuple[int, int | None]] = []
    await call(client, "upload", iter([]), "text/plain", progress=lambda s, t: progress.append((s, t)))
    assert puts[0].headers["Content-Length"] == "0"
    assert puts[0].content == b""
    assert progress == [(0, 0)]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (403, StorageAuthError),
        (401, StorageAuthError),
        (400, StorageBadRequest),
        (413, StoragePayloadTooLarge),
        (500, StorageUnavailable),
        (503, StorageUnavailable),
        (404, StorageError),
        (301, StorageError),
    ],
)
async def test_a_failed_put_raises_and_returns_nothing(
    client: Any, httpx_mock: HTTPXMock, status: int, error: type[StorageError]
) -> None:
    body = "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_response(method="PUT", url=S3_URL, status_code=status, text=body)
    with pytest.raises(error) as info:
        await call(client, "upload", b"data", "image/png")
    assert type(info.value) is error
    assert info.value.status_code == status
    assert info.value.detail == body
    assert info.value.method == "PUT"
    assert info.value.url == "https://s3.example.com/bk/news/a.png"  # no signature in errors


async def test_a_put_that_cannot_connect_is_unavailable(client: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_exception(httpx.ConnectError("connection refused"), method="PUT", url=S3_URL)
    with pytest.raises(StorageUnavailable) as info:
        await call(client, "upload", b"data", "image/png")
    assert info.value.status_code is None
    assert isinstance(info.value.__cause__, httpx.ConnectError)


async def test_a_failed_create_upload_sends_no_put(client: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(
        spec_response("storage", 400, json={"detail": "content_type not allowed"}), method="POST", url=f"{BASE}/uploads"
    )
    with pytest.raises(StorageBadRequest, match="content_type not allowed"):
        await call(client, "upload", b"%PDF", "application/pdf")
    assert [r.method for r in httpx_mock.get_requests()] == ["POST"]


@pytest.mark.parametrize("upload_url", ["/relative/path", "s3://bucket/key", "http://[::1", ""])
async def test_an_unusable_upload_url_is_an_invalid_response(
    client: Any, httpx_mock: HTTPXMock, upload_url: str
) -> None:
    httpx_mock.add_callback(
        spec_response("storage", 200, json={**UPLOAD, "upload_url": upload_url}), method="POST", url=f"{BASE}/uploads"
    )
    with pytest.raises(StorageInvalidResponse, match="upload_url"):
        await call(client, "upload", b"data", "image/png")
    assert [r.method for r in httpx_mock.get_requests()] == ["POST"]


async def test_a_retried_put_sends_the_whole_body_again(flavour: str, httpx_mock: HTTPXMock, tmp_path: Path) -> None:
    path = tmp_path / "src.bin"
    data = b"0123456789" * 20_000
    path.write_bytes(data)
    puts: list[httpx.Request] = []
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_response(method="PUT", url=S3_URL, status_code=503, headers={"Retry-After": "0"})
    httpx_mock.add_callback(put_ok(puts), method="PUT", url=S3_URL)
    progress: list[tuple[int, int | None]] = []
    c = make(flavour, max_retries=1)
    try:
        await call(c, "upload", path, "image/png", progress=lambda s, t: progress.append((s, t)))
    finally:
        await close(c)
    assert puts[0].content == data
    assert [p for p in progress if p[0] == 0] == [(0, len(data))] * 2  # the count restarts with the retry
    assert progress[-1] == (len(data), len(data))


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("missing-file.bin", "image/png"), {}, FileNotFoundError),
        ((io.StringIO, "text/plain"), {}, TypeError),
        ((lambda: iter(["text"]), "text/plain"), {}, TypeError),
        ((12, "image/png"), {}, TypeError),
        (({"a": b"b"}, "image/png"), {}, TypeError),
        ((b"x", "image/png\r\nX-Evil: 1"), {}, ValueError),
        ((b"x", 5), {}, TypeError),
        ((b"x", "image/png", 5), {}, TypeError),
        ((b"x", "image/png"), {"progress": "not callable"}, TypeError),
    ],
)
async def test_upload_checks_its_arguments_before_any_request(
    client: Any,
    httpx_mock: HTTPXMock,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: type[Exception],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    if callable(args[0]):  # a fresh iterator or file for each run
        args = (args[0](), *args[1:])
    with pytest.raises(error):
        await call(client, "upload", *args, **kwargs)
    assert httpx_mock.get_requests() == []


# ------------------------------------------------------------------------------------------------
# errors of the storage API, for every method


def _invoke(name: str) -> tuple[str, str, tuple[Any, ...], dict[str, Any]]:
    return {
        "create_upload": ("POST", "/uploads", ("image/png",), {}),
        "upload_file": ("POST", "/uploads/file", (b"x", "a.png", "image/png"), {}),
        "delete_object": ("DELETE", "/objects", (), {"key": "news/a.png"}),
        "upload": ("POST", "/uploads", (b"x", "image/png"), {}),
    }[name]


METHODS = ["create_upload", "upload_file", "delete_object", "upload"]
VALIDATED_METHODS = [
    "create_upload",
    "upload_file",
    "delete_object",
    "upload",
]
"""For the tests whose mock validates each request against the spec (the body included)."""
DOCUMENTED = [
    (400, StorageBadRequest),
    (401, StorageAuthError),
    (403, StorageAuthError),
    (413, StoragePayloadTooLarge),
    (500, StorageUnavailable),
    (502, StorageUnavailable),
    (503, StorageUnavailable),
    (504, StorageUnavailable),
]


@pytest.mark.parametrize("method", VALIDATED_METHODS)
@pytest.mark.parametrize(("status", "error"), DOCUMENTED)
async def test_documented_error_statuses(
    client: Any, httpx_mock: HTTPXMock, method: str, status: int, error: type[StorageError]
) -> None:
    verb, path, args, kwargs = _invoke(method)
    httpx_mock.add_callback(spec_response("storage", status, json={"detail": "nope"}), method=verb, url=BASE + path)
    with pytest.raises(error) as info:
        await call(client, method, *args, **kwargs)
    assert type(info.value) is error
    assert info.value.status_code == status
    assert info.value.detail == '{"detail":"nope"}'  # the raw text, as the peer has it
    assert info.value.message == "nope"
    assert str(info.value) == '{"detail":"nope"}'
    assert (info.value.method, info.value.url) == (verb, BASE + path)


@pytest.mark.parametrize("method", VALIDATED_METHODS)
@pytest.mark.parametrize(
    ("status", "text", "shown"),
    [
        (404, "not found", "not found"),  # short plain text: str() is the raw detail, as the peer has it
        (409, "", "storage error (status=409)"),  # no body: opengater-storage-client's wording, with the status
        # markup: the status, the reason and a tag-stripped excerpt
        (422, "<html>bad</html>", "storage error (status=422): Unprocessable Entity: bad"),
        (302, "", "storage error (status=302)"),
    ],
)
async def test_other_statuses_are_plain_storage_errors(
    client: Any, httpx_mock: HTTPXMock, method: str, status: int, text: str, shown: str
) -> None:
    verb, path, args, kwargs = _invoke(method)
    httpx_mock.add_callback(spec_request(status, text=text), method=verb, url=BASE + path)
    with pytest.raises(StorageError) as info:
        await call(client, method, *args, **kwargs)
    assert type(info.value) is StorageError
    assert (info.value.status_code, info.value.detail) == (status, text)  # .detail stays the raw body text
    assert str(info.value) == info.value.message == shown


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("exc", "error"),
    [
        (httpx.ConnectError("All connection attempts failed"), StorageUnavailable),
        (httpx.ReadTimeout("timed out"), StorageTimeout),
        (httpx.RemoteProtocolError("peer closed connection"), StorageUnavailable),
    ],
)
async def test_network_failures_are_unavailable(
    client: Any, httpx_mock: HTTPXMock, method: str, exc: Exception, error: type[StorageError]
) -> None:
    verb, path, args, kwargs = _invoke(method)
    httpx_mock.add_exception(exc, method=verb, url=BASE + path)
    with pytest.raises(error) as info:
        await call(client, method, *args, **kwargs)
    assert type(info.value) is error
    assert info.value.status_code is None
    assert info.value.__cause__ is exc
    assert str(exc) in str(info.value)


def test_timeouts_are_also_builtin_timeout_errors() -> None:
    assert issubclass(StorageTimeout, TimeoutError)
    assert issubclass(StorageTimeout, StorageUnavailable)


@pytest.mark.parametrize("method", [m for m in VALIDATED_METHODS if m != "delete_object"])
@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b"null", b'{"key": "k"}', b'{"upload_url": 1, "key": 2, "public_url": null}'],
)
async def test_a_malformed_success_body_is_an_invalid_response(
    client: Any, httpx_mock: HTTPXMock, method: str, body: bytes
) -> None:
    verb, path, args, kwargs = _invoke(method)
    httpx_mock.add_callback(spec_request(200, content=body), method=verb, url=BASE + path)
    with pytest.raises(StorageInvalidResponse) as info:
        await call(client, method, *args, **kwargs)
    assert info.value.status_code == 200
    assert info.value.detail == body.decode()
    assert "invalid response from storage" in str(info.value)
    assert [r.method for r in httpx_mock.get_requests()] == ["POST"]  # no PUT after a bad answer


async def test_the_key_is_redacted_from_errors_and_logs(
    client: Any, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="storage_sdk")
    httpx_mock.add_callback(
        spec_response("storage", 401, json={"detail": f"invalid api key {KEY}"}), method="POST", url=f"{BASE}/uploads"
    )
    with pytest.raises(StorageAuthError) as info:
        await call(client, "create_upload", "image/png")
    shown = " ".join([str(info.value), repr(info.value), info.value.detail or "", info.value.message or ""])
    assert "invalid api key ***" in shown
    assert KEY not in shown
    assert caplog.records  # the request was logged...
    assert KEY not in caplog.text  # ...without the key


async def test_posts_are_retried_only_when_the_connection_was_never_made(flavour: str, httpx_mock: HTTPXMock) -> None:
    c = make(flavour, max_retries=2)
    c._core.sleep = _no_sleep(flavour)
    httpx_mock.add_exception(httpx.ConnectError("refused"), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_callback(spec_response("storage", 200, json=UPLOAD), method="POST", url=f"{BASE}/uploads")
    httpx_mock.add_exception(httpx.ReadError("reset"), method="POST", url=f"{BASE}/uploads/file")
    try:
        assert (await call(c, "create_upload", "image/png")).key == UPLOAD["key"]
        with pytest.raises(StorageUnavailable):
            await call(c, "upload_file", b"x", "a.png", "image/png")
    finally:
        await close(c)
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/uploads", "/uploads", "/uploads/file"]


async def test_delete_is_retried_after_a_503(flavour: str, httpx_mock: HTTPXMock) -> None:
    c = make(flavour, max_retries=2)
    c._core.sleep = _no_sleep(flavour)
    httpx_mock.add_callback(spec_response("storage", 503, json={"detail": "busy"}), method="DELETE")
    httpx_mock.add_callback(spec_response("storage", 204), method="DELETE")
    try:
        await call(c, "delete_object", key="k")
    finally:
        await close(c)
    assert len(httpx_mock.get_requests()) == 2


def _no_sleep(flavour: str) -> Any:
    if flavour == "sync":
        return lambda seconds: None

    async def nap(seconds: float) -> None:
        return None

    return nap


@pytest.mark.parametrize(
    ("body", "content_type", "shown"),
    [
        (
            "<html><head><style>h1{}</style></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>",
            "text/html",
            "storage error (status=502): Bad Gateway: 502 Bad Gateway nginx",
        ),
        ("x" * 300, "text/plain", "storage error (status=502): Bad Gateway: " + "x" * 197 + "..."),
        ("line one\nline two", "text/plain", "storage error (status=502): Bad Gateway: line one line two"),
    ],
)
async def test_a_long_or_html_error_body_is_shown_as_a_short_excerpt(
    client: Any, httpx_mock: HTTPXMock, body: str, content_type: str, shown: str
) -> None:
    """``.detail`` keeps the raw text (opengater compatibility); ``str()`` is never a whole page."""
    httpx_mock.add_callback(
        spec_request(502, text=body, headers={"Content-Type": content_type}), method="POST", url=f"{BASE}/uploads"
    )
    with pytest.raises(StorageUnavailable) as info:
        await call(client, "create_upload", "image/png")
    assert info.value.detail == body
    assert str(info.value) == info.value.message == shown


async def test_fastapi_validation_errors_are_spelled_out(client: Any, httpx_mock: HTTPXMock) -> None:
    detail = [{"loc": ["body", "content_type"], "msg": "field required", "type": "value_error.missing"}]
    httpx_mock.add_callback(spec_request(422, json={"detail": detail}), method="POST", url=f"{BASE}/uploads")
    with pytest.raises(StorageError) as info:
        await call(client, "create_upload", "image/png")
    assert info.value.message == "body.content_type: field required"
    assert info.value.detail == json.dumps({"detail": detail}, separators=(",", ":"))  # raw, as it came
