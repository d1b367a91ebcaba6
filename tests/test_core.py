"""Issue 3: the HTTP core under every facade, in both modes, with mocks and real loopback sockets."""

from __future__ import annotations

import gc
import inspect
import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock
from storage_sdk_gen_reduct.api.bucket import create_bucket, get_bucket, update_bucket
from storage_sdk_gen_reduct.api.server import get_info
from storage_sdk_gen_reduct.models import BucketSettings, ServerInfo
from storage_sdk_gen_storage.api.uploads import create_upload
from storage_sdk_gen_storage.models import UploadRequest, UploadResult

from storage_sdk._core import _common as common
from storage_sdk._core._async_http import AsyncHTTPCore
from storage_sdk._core._sync_http import SyncHTTPCore
from storage_sdk.errors import (
    ClientClosedError,
    ReductConnectionError,
    ReductError,
    ReductInvalidResponse,
    ReductNotFound,
    ReductServerError,
    ReductTimeout,
    StorageAuthError,
    StorageError,
    StorageSDKError,
    StorageTimeout,
    StorageUnavailable,
)
from tests.core_driver import MODES, Driver
from tests.loopback import CutOff, LoopbackServer, Recorded, Reply, Stall, unused_port

SECRET = "s3cr3t-token-value"
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
BASE = "http://reduct.test:8383"


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def driver_factory() -> Iterator[Any]:
    made: list[Driver] = []

    def make(mode: str, url: str = BASE, **kwargs: Any) -> Driver:
        d = Driver(mode, url, **kwargs)
        made.append(d)
        return d

    yield make
    for d in made:
        d.shutdown()


# --- pure policy tables -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry", "rand", "expected"),
    [(0, 0.0, 0.5), (1, 0.0, 1.0), (2, 0.0, 2.0), (3, 0.0, 4.0), (4, 0.0, 8.0), (9, 0.0, 8.0), (0, 1.0, 0.375)],
)
def test_backoff_table(retry: int, rand: float, expected: float) -> None:
    assert common.backoff_delay(retry, rand=lambda: rand) == pytest.approx(expected)


NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3", 3.0),
        ("1.5", 1.5),
        (" 7 ", 7.0),
        ("0", 0.0),
        (format_datetime(datetime.fromtimestamp(NOW, UTC) + timedelta(seconds=30), usegmt=True), 30.0),
        ("garbage", None),
        ("", None),
        ("-1", None),
        ("nan", None),
        (format_datetime(datetime.fromtimestamp(NOW, UTC) - timedelta(seconds=30), usegmt=True), None),
        (None, None),
    ],
)
def test_retry_after_table(header: str | None, expected: float | None) -> None:
    got = common.parse_retry_after(header, now=lambda: NOW)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("header", "expected"),
    [("2", 2.0), ("60", 60.0), ("61", None), ("86400", None), ("garbage", 0.5), ("-3", 0.5)],
)
def test_retry_delay_honours_retry_after_up_to_the_cap(header: str, expected: float | None) -> None:
    got = common.retry_delay_for_response(0, httpx.Headers({"retry-after": header}), rand=lambda: 0.0)
    assert got == expected


@pytest.mark.parametrize(
    ("method", "exc", "retry"),
    [
        ("GET", httpx.ReadTimeout("x"), True),
        ("PUT", httpx.RemoteProtocolError("x"), True),
        ("DELETE", httpx.ReadError("x"), True),
        ("POST", httpx.ConnectError("x"), True),
        ("POST", httpx.ConnectTimeout("x"), True),
        ("POST", httpx.PoolTimeout("x"), True),
        ("POST", httpx.ReadTimeout("x"), False),
        ("POST", httpx.RemoteProtocolError("x"), False),
        ("PATCH", httpx.ReadError("x"), False),
        ("GET", httpx.DecodingError("x"), False),
    ],
)
def test_retry_decision_for_exceptions(method: str, exc: Exception, retry: bool) -> None:
    assert common.is_retryable_exception(method, exc) is retry


@pytest.mark.parametrize("value", [-1, 1.5, "2", True, None])
def test_max_retries_must_be_a_non_negative_int(value: object) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        common.check_max_retries(value)


@pytest.mark.parametrize("value", [0, -1, "5", True])
def test_timeout_must_be_positive(value: object) -> None:
    with pytest.raises(ValueError, match="timeout"):
        common.make_timeout(value, httpx.Timeout(1.0))


def test_timeout_defaults_and_floats() -> None:
    default = httpx.Timeout(60.0, connect=10.0)
    assert common.make_timeout(None, default) is default
    assert common.make_timeout(2.5, default) == httpx.Timeout(2.5)


@pytest.mark.parametrize("url", ["127.0.0.1:8383", "ftp://h", "http://", "http://user:pw@h", 5])
def test_bad_base_urls_are_rejected_before_any_io(url: object) -> None:
    with pytest.raises((ValueError, TypeError), match="url"):
        common.check_base_url(url, "url")


def test_base_url_keeps_its_path_prefix_and_drops_trailing_slashes() -> None:
    assert str(common.check_base_url("http://h:8383/reduct///", "url")) == "http://h:8383/reduct"
    assert str(common.check_base_url("http://h:8383/", "url")) == "http://h:8383"


def test_user_agent() -> None:
    assert common.USER_AGENT.startswith("storage-sdk/")
    assert " python/3." in common.USER_AGENT
    assert f" httpx/{httpx.__version__}" in common.USER_AGENT


# --- retries with mocked responses ------------------------------------------------------------


def test_get_is_retried_on_503_then_succeeds(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    for status in (503, 502):
        httpx_mock.add_response(method="GET", url=f"{BASE}/api/v1/info", status_code=status)
    httpx_mock.add_response(method="GET", url=f"{BASE}/api/v1/info", json=INFO)
    d = driver_factory(mode)
    info = d.call(get_info, expect=ServerInfo)
    assert info.version == "1.21.0"
    assert len(httpx_mock.get_requests()) == 3
    assert len(d.sleeps) == 2 and 0.375 <= d.sleeps[0] <= 0.5 and 0.75 <= d.sleeps[1] <= 1.0


def test_retries_stop_after_max_retries(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", status_code=503, headers={"x-reduct-error": "starting"}, is_reusable=True)
    d = driver_factory(mode, max_retries=3)
    with pytest.raises(ReductServerError) as info:
        d.call(get_info, expect=ServerInfo)
    assert info.value.status_code == 503 and info.value.message == "starting"
    assert len(httpx_mock.get_requests()) == 4


def test_max_retries_zero_disables_retries(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", status_code=503)
    d = driver_factory(mode, max_retries=0)
    with pytest.raises(ReductServerError):
        d.call(get_info, expect=ServerInfo)
    assert len(httpx_mock.get_requests()) == 1 and d.sleeps == []


def test_post_is_not_retried_on_503(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", status_code=503)
    d = driver_factory(mode)
    with pytest.raises(ReductServerError):
        d.call(create_bucket, "b", body=BucketSettings())
    assert len(httpx_mock.get_requests()) == 1


def test_post_is_retried_when_the_connection_was_never_made(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"), method="POST")
    httpx_mock.add_response(method="POST", status_code=200)
    d = driver_factory(mode)
    assert d.call(create_bucket, "b", body=BucketSettings()) is None
    assert len(httpx_mock.get_requests()) == 2


def test_post_is_not_retried_after_a_read_timeout(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), method="POST")
    d = driver_factory(mode)
    with pytest.raises(ReductTimeout) as info:
        d.call(create_bucket, "b", body=BucketSettings())
    assert isinstance(info.value, TimeoutError) and info.value.status_code == -1
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert len(httpx_mock.get_requests()) == 1


def test_put_is_retried_after_a_read_timeout(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), method="PUT")
    httpx_mock.add_response(method="PUT", status_code=200)
    d = driver_factory(mode)
    assert d.call(update_bucket, "b", body=BucketSettings(max_block_records=3)) is None
    assert len(httpx_mock.get_requests()) == 2


def test_retry_after_is_honoured(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", status_code=429, headers={"Retry-After": "3"})
    httpx_mock.add_response(method="GET", json=INFO)
    d = driver_factory(mode)
    d.call(get_info, expect=ServerInfo)
    assert d.sleeps == [3.0]


def test_no_retry_when_the_server_asks_for_too_long(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="GET", status_code=503, headers={"Retry-After": "3600"})
    d = driver_factory(mode)
    with pytest.raises(ReductServerError):
        d.call(get_info, expect=ServerInfo)
    assert len(httpx_mock.get_requests()) == 1 and d.sleeps == []


def test_non_replayable_body_is_not_retried_after_sending(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="PUT", status_code=503)
    d = driver_factory(mode)
    response = d.send({"method": "put", "url": "/x", "content": b"data"}, replayable=False)
    assert response.status_code == 503 and len(httpx_mock.get_requests()) == 1


# --- error translation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "body", "cls", "message"),
    [
        (404, {"x-reduct-error": "Bucket 'b' is not found"}, b"", ReductNotFound, "Bucket 'b' is not found"),
        (404, {}, b'{"detail": "from body"}', ReductNotFound, "from body"),
        (500, {}, b"<html>oops</html>", ReductServerError, "Unknown error"),
        (499, {}, b"", ReductError, "Unknown error"),
        (520, {}, b"", ReductServerError, "Unknown error"),
        (302, {"location": "http://elsewhere.test/"}, b"", ReductError, "Unknown error"),
    ],
)
def test_error_statuses_map_to_reduct_errors(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock, status: int, headers: dict[str, str],
    body: bytes, cls: type[ReductError], message: str,
) -> None:  # fmt: skip
    httpx_mock.add_response(method="GET", status_code=status, headers=headers, content=body)
    d = driver_factory(mode, max_retries=0)
    with pytest.raises(cls) as info:
        d.call(get_bucket, "b")
    assert type(info.value) is cls
    assert (info.value.status_code, info.value.message) == (status, message)
    assert info.value.method == "GET" and info.value.url == f"{BASE}/api/v1/b/b"
    assert str(info.value) == f"Status {status}: {message}"


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"version": 1}', b"{", b"null"])
def test_malformed_success_body_is_an_sdk_error_with_the_cause(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock, body: bytes
) -> None:
    httpx_mock.add_response(method="GET", content=body)
    d = driver_factory(mode)
    with pytest.raises(ReductInvalidResponse) as info:
        d.call(get_info, expect=ServerInfo)
    assert info.value.status_code == 200
    assert info.value.__cause__ is not None or "expected ServerInfo" in info.value.message


def test_storage_errors_keep_the_raw_text_and_the_json_detail(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", status_code=403, json={"detail": "invalid api key"})
    d = driver_factory(mode, url="http://storage.test", service="storage", secret="k3y-k3y-k3y")
    with pytest.raises(StorageAuthError) as info:
        d.call(create_upload, body=UploadRequest(content_type="image/png", prefix=""), expect=UploadResult)
    assert info.value.status_code == 403
    assert info.value.detail == '{"detail":"invalid api key"}'
    assert info.value.message == "invalid api key"


def test_storage_timeout_is_unavailable_and_a_timeout(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ReadTimeout(""), method="POST")
    d = driver_factory(mode, url="http://storage.test", service="storage", secret="k3y-k3y-k3y")
    with pytest.raises(StorageTimeout) as info:
        d.call(create_upload, body=UploadRequest(content_type="image/png", prefix=""), expect=UploadResult)
    assert isinstance(info.value, StorageUnavailable) and isinstance(info.value, TimeoutError)
    assert info.value.status_code is None and info.value.detail.startswith("timeout calling storage")
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


@pytest.mark.parametrize(
    "exc",
    [httpx.DecodingError("bad gzip"), httpx.TooManyRedirects("loop"), httpx.UnsupportedProtocol("x"),
     httpx.RemoteProtocolError("x"), httpx.LocalProtocolError("x"), httpx.ProxyError("x")],
)  # fmt: skip
def test_no_raw_httpx_exception_leaves_a_call(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock, exc: Exception
) -> None:
    httpx_mock.add_exception(exc, method="GET", is_reusable=True)
    d = driver_factory(mode)
    with pytest.raises(ReductError) as info:
        d.call(get_info, expect=ServerInfo)
    assert info.value.__cause__ is exc


# --- real loopback servers ----------------------------------------------------------------------


def test_nothing_listening_is_a_connection_error(mode: str, driver_factory: Any) -> None:
    port = unused_port()
    d = driver_factory(mode, url=f"http://127.0.0.1:{port}", max_retries=2)
    with pytest.raises(ReductConnectionError) as info:
        d.call(get_info, expect=ServerInfo)
    assert info.value.status_code == -1 and "Cannot connect" in info.value.message
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert len(d.sleeps) == 2  # retried (the sleep is injected: the test does not wait)


def test_a_server_that_never_answers_times_out_within_the_bound(mode: str, driver_factory: Any) -> None:
    with LoopbackServer(lambda i, r: Stall()) as server:
        d = driver_factory(mode, url=server.url, timeout=0.5, max_retries=1)
        started = time.monotonic()
        with pytest.raises(ReductTimeout) as info:
            d.call(get_info, expect=ServerInfo)
        elapsed = time.monotonic() - started
        d.close()
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert len(server.requests) == 2  # one retry
    # the documented bound: (max_retries + 1) x timeout per wait, plus backoff (injected here)
    assert 0.9 <= elapsed < 1.0 + 3.0


def test_a_server_that_cuts_the_response_is_a_connection_error(mode: str, driver_factory: Any) -> None:
    with LoopbackServer(lambda i, r: CutOff()) as server:
        d = driver_factory(mode, url=server.url, max_retries=0)
        with pytest.raises(ReductConnectionError) as info:
            d.call(get_info, expect=ServerInfo)
        d.close()
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError | httpx.ReadError)


def test_a_server_that_answers_503_twice_then_200(mode: str, driver_factory: Any) -> None:
    import json

    def behaviour(i: int, r: Recorded) -> Reply:
        if i < 2:
            return Reply(503, {"x-reduct-error": "The server is starting up, please try again later"})
        return Reply(200, {"content-type": "application/json"}, json.dumps(INFO).encode())

    with LoopbackServer(behaviour) as server:
        d = driver_factory(mode, url=server.url)
        info = d.call(get_info, expect=ServerInfo)
        d.close()
    assert info.bucket_count == 1 and len(server.requests) == 3
    assert len(d.sleeps) == 2


def test_sequential_calls_reuse_one_keep_alive_connection(mode: str, driver_factory: Any) -> None:
    import json

    body = json.dumps(INFO).encode()
    with LoopbackServer(lambda i, r: Reply(200, {"content-type": "application/json"}, body)) as server:
        d = driver_factory(mode, url=server.url + "/base/")
        for _ in range(5):
            d.call(get_info, expect=ServerInfo)
        d.close()
    assert len({r.client_port for r in server.requests}) == 1
    assert {r.path for r in server.requests} == {"/base/api/v1/info"}
    assert server.requests[0].headers["user-agent"] == common.USER_AGENT


# --- secrets, auth origin, logging ------------------------------------------------------------


def test_secret_goes_only_to_the_service_origin(
    mode: str, driver_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="storage_sdk")
    with LoopbackServer(lambda i, r: Reply(200)) as service, LoopbackServer(lambda i, r: Reply(200)) as other:
        d = driver_factory(mode, url=service.url)
        d.send({"method": "get", "url": "/api/v1/alive"})
        d.send({"method": "put", "url": other.url + "/bucket/key?X-Amz-Signature=abc", "content": b"x"})
        d.send({"method": "get", "url": "/api/v1/alive"}, authenticate=False)
        d.close()
    assert service.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert "authorization" not in other.requests[0].headers
    assert "authorization" not in service.requests[1].headers
    assert SECRET not in caplog.text
    assert "X-Amz-Signature" not in caplog.text  # presigned signatures are not logged either


def test_redirects_are_not_followed(mode: str, driver_factory: Any) -> None:
    with LoopbackServer(lambda i, r: Reply(200)) as other:
        location = other.url + "/steal"
        with LoopbackServer(lambda i, r: Reply(302, {"location": location})) as service:
            d = driver_factory(mode, url=service.url)
            with pytest.raises(ReductError) as info:
                d.call(get_info, expect=ServerInfo)
            d.close()
        assert other.requests == []
    assert info.value.status_code == 302


def test_secret_is_in_no_log_line_of_any_library(
    mode: str, driver_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # root: our logger, httpx's and httpcore's
    body = b'{"detail": "Bucket \'b\' is not found"}'
    with LoopbackServer(lambda i, r: Reply(404, {"x-reduct-error": "Bucket 'b' is not found"}, body)) as server:
        d = driver_factory(mode, url=server.url)
        with pytest.raises(ReductNotFound):
            d.call(get_bucket, "b")
        d.close()
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert "storage_sdk" in caplog.text and "httpcore" in caplog.text
    assert SECRET not in caplog.text


def test_secret_echoed_by_a_hostile_server_is_in_no_repr_str_our_log_or_error(
    mode: str, driver_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # httpcore's own DEBUG trace prints response headers verbatim; only our logger is ours to redact
    caplog.set_level(logging.DEBUG, logger="storage_sdk")

    def behaviour(i: int, r: Recorded) -> Reply:
        echoed = r.headers.get("authorization", "")
        return Reply(401, {"x-reduct-error": f"Invalid token {echoed}"}, f'{{"detail": "{echoed}"}}'.encode())

    with LoopbackServer(behaviour) as server:
        d = driver_factory(mode, url=server.url)
        with pytest.raises(ReductError) as info:
            d.call(get_info, expect=ServerInfo)
        texts = [repr(d.core), str(d.core), repr(d.core.http), repr(d.core.generated), repr(d.core._auth),
                 repr(d.core.service), str(info.value), repr(info.value), caplog.text]  # fmt: skip
        texts += [repr(vars(d.core)), repr(d.core.http.headers)]
        d.close()
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    for text in texts:
        assert SECRET not in text
    assert info.value.message == "Invalid token Bearer ***"


def test_storage_key_is_not_echoed_in_errors(mode: str, driver_factory: Any, httpx_mock: HTTPXMock) -> None:
    key = "k3y-secret-value"
    httpx_mock.add_response(method="POST", status_code=400, text=f"bad key {key}")
    d = driver_factory(mode, url="http://storage.test", service="storage", secret=key)
    with pytest.raises(StorageError) as info:
        d.call(create_upload, body=UploadRequest(content_type="x", prefix=""), expect=UploadResult)
    assert key not in str(info.value) and key not in repr(info.value) and key not in (info.value.detail or "")
    assert httpx_mock.get_requests()[0].headers["x-api-key"] == key


def test_one_debug_line_per_attempt_and_nothing_above_debug(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="storage_sdk")
    httpx_mock.add_response(method="GET", status_code=503)
    httpx_mock.add_response(method="GET", json=INFO)
    d = driver_factory(mode)
    d.call(get_info, expect=ServerInfo)
    attempts = [r for r in caplog.records if r.getMessage().startswith("HTTP GET")]
    assert [r.getMessage().split(" -> ")[1].split(" ")[0] for r in attempts] == ["503", "200"]
    assert "attempt 1/3" in attempts[0].getMessage() and "attempt 2/3" in attempts[1].getMessage()
    assert f"{BASE}/api/v1/info" in attempts[0].getMessage() and " ms " in attempts[0].getMessage()
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name.startswith("storage_sdk"))


# --- lifecycle -------------------------------------------------------------------------------


def test_close_is_idempotent_and_a_call_after_close_is_a_clear_error(
    mode: str, driver_factory: Any, httpx_mock: HTTPXMock
) -> None:
    d = driver_factory(mode)
    d.close()
    d.close()
    assert d.core.http.is_closed
    with pytest.raises(ClientClosedError, match="closed") as info:
        d.call(get_info, expect=ServerInfo)
    assert isinstance(info.value, StorageSDKError) and info.value.method == "GET"
    assert httpx_mock.get_requests() == []


def test_a_callers_http_client_is_used_as_is_and_never_closed(mode: str, driver_factory: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=INFO)

    transport = httpx.MockTransport(handler)
    own: Any = httpx.Client(transport=transport) if mode == "sync" else httpx.AsyncClient(transport=transport)
    d = driver_factory(mode, http_client=own, extra_headers={"X-Trace": "1"})
    assert d.call(get_info, expect=ServerInfo).version == "1.21.0"
    d.close()
    assert not own.is_closed
    assert seen[0].headers["authorization"] == f"Bearer {SECRET}"
    assert seen[0].headers["x-trace"] == "1" and seen[0].headers["user-agent"] == common.USER_AGENT
    if mode == "sync":
        own.close()
    else:
        d.loop.run_until_complete(own.aclose())


def test_a_callers_http_client_of_the_wrong_kind_is_a_type_error(mode: str, driver_factory: Any) -> None:
    wrong: Any = httpx.AsyncClient() if mode == "sync" else httpx.Client()
    try:
        with pytest.raises(TypeError, match="http_client"):
            driver_factory(mode, http_client=wrong)
    finally:
        if mode == "sync":
            import asyncio

            asyncio.run(wrong.aclose())
        else:
            wrong.close()


def test_extra_headers_cannot_smuggle_credentials() -> None:
    with pytest.raises(ValueError, match="extra_headers"):
        common.make_headers({"Authorization": "Bearer x"}, "Authorization")
    with pytest.raises(ValueError, match="extra_headers"):
        common.make_headers({"x-api-key": "k"}, "X-API-Key")


# --- the twins -------------------------------------------------------------------------------


def _public(cls: type) -> dict[str, Any]:
    return {n: getattr(cls, n) for n in dir(cls) if not n.startswith("_") or n in ("__init__",)}


def test_sync_and_async_cores_expose_the_same_interface() -> None:
    a, s = _public(AsyncHTTPCore), _public(SyncHTTPCore)
    rename = {"aclose": "close"}
    assert {rename.get(n, n) for n in a} == set(s)
    for name, member in a.items():
        twin = s[rename.get(name, name)]
        if callable(member):
            assert inspect.signature(member) == inspect.signature(twin) or name == "__init__"
            assert inspect.iscoroutinefunction(member) == (name in ("aclose", "send", "call"))


def test_no_unclosed_clients_are_left_behind() -> None:
    gc.collect()  # with filterwarnings=error, a ResourceWarning from an unclosed client would fail


def test_owned_clients_keep_no_cookies_but_a_callers_client_does(mode: str, driver_factory: Any) -> None:
    with LoopbackServer(lambda i, r: Reply(200, {"set-cookie": "session=abc; Path=/"})) as server:
        d = driver_factory(mode, url=server.url)
        d.send({"method": "get", "url": "/api/v1/alive"})
        d.send({"method": "get", "url": "/api/v1/alive"})
        assert len(d.core.http.cookies) == 0
        d.close()
    assert "cookie" not in server.requests[1].headers


def test_redact_url_drops_query_userinfo_and_fragment_and_keeps_plain_urls() -> None:
    assert common.redact_url("https://s3.test/b/k?X-Amz-Signature=abc#f") == "https://s3.test/b/k"
    assert common.redact_url(httpx.URL("http://u:p@h:1/x?q=1")) == "http://h:1/x"
    assert common.redact_url("http://h:8383/api/v1/info") == "http://h:8383/api/v1/info"
