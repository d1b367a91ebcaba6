"""The HTTP core under every facade: the policy tables, and one contract on every transport.

Each contract test runs in both modes (sync, async) and on both transports: the SDK's own connection
pool (the default) and httpx (what a caller's ``transport``/``http_client``, an environment proxy or a
mocking library selects), against real sockets on loopback (tests/misbehaving.py).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from storage_sdk_gen_reduct.api.bucket import create_bucket, get_bucket, update_bucket
from storage_sdk_gen_reduct.api.server import get_info
from storage_sdk_gen_reduct.models import BucketSettings
from storage_sdk_gen_storage.api.uploads import create_upload
from storage_sdk_gen_storage.models import UploadRequest

from storage_sdk._core import _common as common
from storage_sdk._core._async_http import AsyncHTTPCore
from storage_sdk._core._sync_http import SyncHTTPCore
from storage_sdk._core._types import DeadlineExceeded, Timeouts
from storage_sdk.errors import (
    ClientClosedError,
    ReductConnectionError,
    ReductError,
    ReductInvalidResponse,
    ReductNotFound,
    ReductServerError,
    ReductTimeout,
    StorageAuthError,
    StorageBadRequest,
    StorageSDKError,
    StorageTimeout,
    StorageUnavailable,
)
from tests.core_driver import MODES, TRANSPORTS, Driver
from tests.loopback import unused_port
from tests.misbehaving import Chunked, CutOff, MisbehavingServer, Raw, Reply, Request, Stall, Trickle, in_order

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
INFO_BODY = json.dumps(INFO).encode()
JSON = {"Content-Type": "application/json"}


def ok(body: bytes = INFO_BODY) -> Reply:
    return Reply(200, JSON, body)


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    with MisbehavingServer(lambda req: ok()) as s:
        yield s


@pytest.fixture
def driver_factory(mode: str, transport: str) -> Iterator[Any]:
    made: list[Driver] = []

    def make(url: str, **kwargs: Any) -> Driver:
        kwargs.setdefault("transport", transport)
        d = Driver(mode, url, **kwargs)
        made.append(d)
        return d

    yield make
    for d in made:
        d.shutdown()


def fast(read: float = 0.3, total: float | None = None) -> Timeouts:
    return Timeouts(connect=1.0, read=read, write=1.0, pool=1.0, total=total)


# --- pure policy tables -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry", "rand", "expected"),
    [(0, 0.0, 0.5), (0, 1.0, 0.375), (1, 0.0, 1.0), (3, 0.0, 4.0), (4, 0.0, 8.0), (9, 0.0, 8.0), (9, 1.0, 6.0)],
)
def test_backoff_table(retry: int, rand: float, expected: float) -> None:
    assert common.backoff_delay(retry, rand=lambda: rand) == pytest.approx(expected)


NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("3", 3.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("-1", None),
        ("nan", None),
        ("soon", None),
        (None, None),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(seconds=30), usegmt=True), None),
    ],
)
def test_retry_after_table(header: str | None, expected: float | None) -> None:
    assert common.parse_retry_after(header, now=NOW.timestamp) == (
        pytest.approx(expected) if expected is not None else None
    )


@pytest.mark.parametrize(("header", "expected"), [("3", 3.0), ("60", 60.0), ("61", None), (None, 0.5)])
def test_retry_delay_honours_retry_after_up_to_the_cap(header: str | None, expected: float | None) -> None:
    assert common.retry_delay_for_response(0, header, rand=lambda: 0.0) == expected


@pytest.mark.parametrize(
    ("method", "exc", "replayable", "retry"),
    [
        ("POST", httpx.ConnectError("refused"), True, True),
        ("POST", httpx.ConnectTimeout("slow connect"), True, True),
        ("POST", httpx.PoolTimeout("pool"), True, True),
        # a write that failed may still have reached a server that acts early: a POST is not sent again
        ("POST", httpx.WriteError("broken pipe"), True, False),
        ("POST", httpx.WriteError("broken pipe"), False, False),
        ("POST", httpx.ReadTimeout("slow"), True, False),
        ("POST", httpx.RemoteProtocolError("disconnected"), True, False),
        ("GET", httpx.ReadTimeout("slow"), True, True),
        ("PUT", httpx.ReadError("reset"), True, True),
        ("PUT", httpx.ReadError("reset"), False, False),
        ("DELETE", httpx.RemoteProtocolError("disconnected"), True, True),
        ("GET", DeadlineExceeded("the total deadline passed"), True, False),
        ("GET", httpx.DecodingError("bad gzip"), True, False),
    ],
)
def test_retry_decision_for_exceptions(method: str, exc: Exception, replayable: bool, retry: bool) -> None:
    assert common.is_retryable_exception(method, exc, replayable) is retry


@pytest.mark.parametrize(("value", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("2", TypeError)])
def test_max_retries_must_be_a_non_negative_int(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_retries"):
        common.check_max_retries(value)


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), True, "5"])
def test_seconds_must_be_positive_and_finite(value: object) -> None:
    with pytest.raises((ValueError, TypeError), match="timeout"):
        common.positive_seconds(value, "timeout")


@pytest.mark.parametrize(
    "url",
    ["ftp://h", "h:1", "http://", "", "http://user:pa55word@h", "ftp://user:pa55word@h", "ws://u:pa55word@h:1"],
)
def test_bad_base_urls_are_rejected_before_any_io_without_echoing_a_password(url: str) -> None:
    with pytest.raises(ValueError, match="url") as info:
        common.check_base_url(url, "url")
    assert "pa55word" not in str(info.value)


def test_base_url_keeps_its_path_prefix_and_drops_trailing_slashes() -> None:
    assert str(common.check_base_url("http://h:1/reduct///", "url")) == "http://h:1/reduct"
    assert str(common.check_base_url("https://h", "url")) == "https://h"


def test_user_agent() -> None:
    # the same on every engine: names the SDK and Python, not the library under it
    assert re.fullmatch(r"storage-sdk/\S+ python/\d+\.\d+\.\d+", common.USER_AGENT)


def test_redact_url_drops_query_userinfo_and_fragment_and_keeps_plain_urls() -> None:
    assert common.redact_url("http://u:p@h:1/a?X-Amz-Signature=s#f") == "http://h:1/a"
    plain = "http://h:1/api/v1/info"
    assert common.redact_url(plain) is plain


def test_sync_and_async_cores_expose_the_same_interface() -> None:
    def public(cls: type) -> set[str]:
        return {n for n in dir(cls) if not n.startswith("_")}

    assert public(AsyncHTTPCore) - {"aclose"} == public(SyncHTTPCore) - {"close"}


# --- retries on every transport -----------------------------------------------------------------


def test_get_is_retried_on_503_then_succeeds(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = in_order(Reply(503), Reply(502), ok())
    d = driver_factory(server.url)
    info = d.call(get_info.request(), get_info.parse)
    assert info.version == "1.21.0"
    assert len(server.requests) == 3
    assert len(d.sleeps) == 2 and 0.375 <= d.sleeps[0] <= 0.5 and 0.75 <= d.sleeps[1] <= 1.0


def test_retries_stop_after_max_retries(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(503, {"x-reduct-error": "starting"})
    d = driver_factory(server.url, max_retries=3)
    with pytest.raises(ReductServerError) as info:
        d.call(get_info.request(), get_info.parse)
    assert info.value.status_code == 503 and info.value.message == "starting"
    assert len(server.requests) == 4 and len(d.sleeps) == 3


def test_max_retries_zero_disables_retries(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(503)
    d = driver_factory(server.url, max_retries=0)
    with pytest.raises(ReductServerError):
        d.call(get_info.request(), get_info.parse)
    assert len(server.requests) == 1 and d.sleeps == []


def test_post_is_not_retried_on_503(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(503)
    d = driver_factory(server.url)
    with pytest.raises(ReductServerError):
        d.call_empty(create_bucket.request("b", body=BucketSettings()))
    assert len(server.requests) == 1


def test_post_is_retried_when_the_connection_cannot_be_made(driver_factory: Any) -> None:
    d = driver_factory(f"http://127.0.0.1:{unused_port()}")
    with pytest.raises(ReductConnectionError) as info:
        d.call_empty(create_bucket.request("b", body=BucketSettings()))
    assert len(d.sleeps) == 2  # every attempt was made: nothing reached a server
    assert info.value.message.startswith("Cannot connect to 127.0.0.1:")
    assert "ConnectError" in info.value.message


def test_post_is_not_retried_after_a_read_timeout(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Stall()
    d = driver_factory(server.url, timeouts=fast())
    with pytest.raises(ReductTimeout) as info:
        d.call_empty(create_bucket.request("b", body=BucketSettings()))
    assert isinstance(info.value, TimeoutError) and info.value.status_code == -1
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert len(server.requests) == 1 and d.sleeps == []


def test_put_is_retried_after_a_read_timeout(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = in_order(Stall(), Reply(200))
    d = driver_factory(server.url, timeouts=fast())
    d.call_empty(update_bucket.request("b", body=BucketSettings(max_block_records=3)))
    assert len(server.requests) == 2


def test_retry_after_is_honoured(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = in_order(Reply(429, {"Retry-After": "3"}), ok())
    d = driver_factory(server.url)
    d.call(get_info.request(), get_info.parse)
    assert d.sleeps == [3.0]


def test_no_retry_when_the_server_asks_for_too_long(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(503, {"Retry-After": "3600"})
    d = driver_factory(server.url)
    with pytest.raises(ReductServerError):
        d.call(get_info.request(), get_info.parse)
    assert len(server.requests) == 1 and d.sleeps == []


def test_a_body_that_cannot_be_read_again_is_not_resent(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(503)
    d = driver_factory(server.url)
    response = d.send_url("PUT", server.url + "/x", body=b"data", length=4, replayable=False)
    assert response.status == 503 and len(server.requests) == 1


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "headers", "body", "cls", "message"),
    [
        (404, {"x-reduct-error": "Bucket 'b' is not found"}, b"", ReductNotFound, "Bucket 'b' is not found"),
        (404, {"Content-Type": "application/json"}, b'{"detail": "from body"}', ReductNotFound, "from body"),
        (
            500,
            {"Content-Type": "text/html"},
            b"<html><title>t</title><b>oops</b></html>",
            ReductServerError,
            "Internal Server Error: t oops (not from ReductStore: no x-reduct-api header)",
        ),
        (499, {}, b"", ReductError, "HTTP 499 (not from ReductStore: no x-reduct-api header)"),
        (520, {"x-reduct-api": "1.21"}, b"", ReductServerError, "HTTP 520"),
        (302, {"location": "http://elsewhere.test/", "x-reduct-api": "1.21"}, b"", ReductError, "Found"),
    ],
)
def test_error_statuses_map_to_reduct_errors(
    driver_factory: Any, server: MisbehavingServer, status: int, headers: dict[str, str],
    body: bytes, cls: type[ReductError], message: str,
) -> None:  # fmt: skip
    server.handler = lambda req: Reply(status, headers, body, reason="" if status in (499, 520) else None)
    d = driver_factory(server.url, max_retries=0)
    with pytest.raises(cls) as info:
        d.call(get_bucket.request("b"), get_bucket.parse)
    assert type(info.value) is cls
    assert (info.value.status_code, info.value.message) == (status, message)
    assert info.value.method == "GET" and info.value.url == f"{server.url}/api/v1/b/b"
    assert str(info.value) == f"Status {status}: {message}"
    assert len(server.requests) == 1  # no redirect followed either


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "JSONDecodeError"),
        (b"not json", "JSONDecodeError"),
        (b"[]", "ServerInfo: expected object, got array"),
        (b'{"version": 1}', "ServerInfo.version: expected string, got int"),
        (b'{"version": "1"}', "ServerInfo.bucket_count: missing"),
        (b"{", "JSONDecodeError"),
        (b"null", "ServerInfo: expected object, got null"),
    ],
)
def test_malformed_success_body_is_an_sdk_error_naming_the_field(
    driver_factory: Any, server: MisbehavingServer, body: bytes, reason: str
) -> None:
    server.handler = lambda req: ok(body)
    d = driver_factory(server.url)
    with pytest.raises(ReductInvalidResponse) as info:
        d.call(get_info.request(), get_info.parse)
    assert reason in info.value.message
    assert isinstance(info.value.__cause__, ValueError)
    assert info.value.status_code == 200


def test_storage_errors_keep_the_raw_text_and_the_json_detail(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(400, JSON, b'{"detail":"content_type not allowed"}')
    d = driver_factory(server.url, service="storage")
    with pytest.raises(StorageBadRequest) as info:
        d.call(create_upload.request(body=UploadRequest(content_type="a/b", prefix="")), create_upload.parse)
    assert info.value.detail == '{"detail":"content_type not allowed"}'  # as opengater-storage-client has it
    assert info.value.message == "content_type not allowed"
    assert str(info.value) == '{"detail":"content_type not allowed"}'


def test_storage_timeout_is_unavailable_and_a_timeout(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Stall()
    d = driver_factory(server.url, service="storage", timeouts=fast(read=0.2), max_retries=0)
    with pytest.raises(StorageTimeout) as info:
        d.call(create_upload.request(body=UploadRequest(content_type="a/b", prefix="")), create_upload.parse)
    assert isinstance(info.value, StorageUnavailable) and isinstance(info.value, TimeoutError)
    assert info.value.status_code is None
    assert str(info.value).startswith("timeout calling storage: ReadTimeout")


def test_nothing_listening_is_a_connection_error(driver_factory: Any) -> None:
    d = driver_factory(f"http://127.0.0.1:{unused_port()}", max_retries=0)
    with pytest.raises(ReductConnectionError) as info:
        d.call(get_info.request(), get_info.parse)
    assert info.value.status_code == -1 and isinstance(info.value.__cause__, httpx.ConnectError)


def test_a_server_that_never_answers_times_out_within_the_bound(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Stall()
    d = driver_factory(server.url, timeouts=fast(read=0.3), fake_sleep=False, max_retries=1)
    started = time.monotonic()
    with pytest.raises(ReductTimeout):
        d.call(get_info.request(), get_info.parse)
    assert time.monotonic() - started < 3.0


def test_a_server_that_cuts_the_answer_is_a_connection_error(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: CutOff(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial": ')
    d = driver_factory(server.url, max_retries=0)
    with pytest.raises(ReductConnectionError) as info:
        d.call(get_info.request(), get_info.parse)
    assert "RemoteProtocolError" in info.value.message or "ReadError" in info.value.message


def test_a_trickling_server_is_cut_off_at_the_total_deadline(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Trickle(200, JSON, INFO_BODY, interval=0.1)
    d = driver_factory(server.url, timeouts=Timeouts(1.0, 1.0, 1.0, 1.0, total=0.8), fake_sleep=False)
    started = time.monotonic()
    with pytest.raises(ReductTimeout) as info:
        d.call(get_info.request(), get_info.parse)
    elapsed = time.monotonic() - started
    assert 0.7 < elapsed < 2.0, elapsed
    assert len(server.requests) == 1  # the caller's time is up: not retried
    assert isinstance(info.value.__cause__, DeadlineExceeded)


def test_sequential_calls_reuse_one_keep_alive_connection(driver_factory: Any, server: MisbehavingServer) -> None:
    d = driver_factory(server.url)
    for _ in range(5):
        d.call(get_info.request(), get_info.parse)
    assert server.connections_accepted == 1
    assert [r.reused_connection for r in server.requests] == [False, True, True, True, True]


# --- secrets ------------------------------------------------------------------------------------


def test_secret_goes_only_to_the_service_origin(driver_factory: Any, server: MisbehavingServer) -> None:
    with MisbehavingServer(lambda req: Reply(200)) as other:
        d = driver_factory(server.url)
        d.call(get_info.request(), get_info.parse)
        d.send_url("PUT", other.url + "/bk/key?X-Amz-Signature=sig", body=b"x", length=1)
        d.send_url("PUT", other.url + "/bk/key?X-Amz-Signature=sig", body=b"x", length=1, authenticate=False)
        d.send_url("PUT", server.url + "/presigned", body=b"x", length=1, authenticate=False)
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert "authorization" not in server.requests[1].headers
    assert all("authorization" not in r.headers for r in other.requests)


def test_secret_is_in_no_log_line_of_any_library(
    driver_factory: Any, server: MisbehavingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.handler = in_order(Reply(503), ok())
    d = driver_factory(server.url)
    d.call(get_info.request(), get_info.parse)
    assert caplog.records
    assert all(SECRET not in r.getMessage() for r in caplog.records)


def test_secret_echoed_by_a_hostile_server_is_in_no_repr_str_log_or_error(
    driver_factory: Any, server: MisbehavingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="storage_sdk")
    echo = f"bad token {SECRET}"
    server.handler = lambda req: Reply(401, {"x-reduct-error": echo, "Content-Type": "application/json"}, b"{}")
    d = driver_factory(server.url)
    with pytest.raises(ReductError) as info:
        d.call(get_info.request(), get_info.parse)
    exc = info.value
    texts = [str(exc), repr(exc), exc.message, str(exc.url), repr(d.core), repr(vars(d.core)), caplog.text]
    texts += [repr(v) for v in vars(d.core).values()]
    assert all(SECRET not in t for t in texts), [t for t in texts if SECRET in t]
    assert "bad token ***" in exc.message


def test_storage_key_echoed_in_an_error_body_is_masked(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(401, {"Content-Type": "text/plain"}, f"bad key {SECRET}".encode())
    d = driver_factory(server.url, service="storage")
    with pytest.raises(StorageAuthError) as info:
        d.call(create_upload.request(body=UploadRequest(content_type="a/b", prefix="")), create_upload.parse)
    assert SECRET not in (info.value.detail or "") and SECRET not in str(info.value) and "***" in str(info.value)


def test_one_info_line_per_request_and_one_debug_line_per_attempt(
    driver_factory: Any, server: MisbehavingServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="storage_sdk")
    server.handler = in_order(Reply(503), ok())
    d = driver_factory(server.url)
    d.call(get_info.request(), get_info.parse)
    ours = [r for r in caplog.records if r.name == "storage_sdk"]
    attempts = [r.getMessage() for r in ours if r.getMessage().startswith("HTTP GET") and "->" in r.getMessage()]
    assert len(attempts) == 2
    assert "-> 503" in attempts[0] and "(attempt 1/3)" in attempts[0]
    info = [r.getMessage() for r in ours if r.levelno == logging.INFO]
    assert len(info) == 2 and info[0].startswith("retrying GET ") and "after 503" in info[0]
    assert info[1].startswith("GET ") and "-> 200 in " in info[1] and info[1].endswith("after 2 attempts")
    assert all(r.levelno in (logging.DEBUG, logging.INFO) for r in ours)
    # at INFO, only the request's line and the retry
    caplog.clear()
    caplog.set_level(logging.INFO, logger="storage_sdk")
    server.handler = lambda req: ok()
    d.call(get_info.request(), get_info.parse)
    assert [r.levelno for r in caplog.records if r.name == "storage_sdk"] == [logging.INFO]


# --- lifecycle ----------------------------------------------------------------------------------


def test_close_is_idempotent_and_a_call_after_close_is_a_clear_error(
    driver_factory: Any, server: MisbehavingServer
) -> None:
    d = driver_factory(server.url)
    d.call(get_info.request(), get_info.parse)
    d.close()
    d.close()
    with pytest.raises(ClientClosedError) as info:
        d.call(get_info.request(), get_info.parse)
    assert isinstance(info.value, StorageSDKError) and info.value.method == "GET"
    assert server.connections_accepted == 1


def test_a_callers_http_client_is_used_as_is_and_never_closed(mode: str, server: MisbehavingServer) -> None:
    seen: list[str] = []
    if mode == "sync":
        own: Any = httpx.Client(event_hooks={"request": [lambda r: seen.append(str(r.url))]})
    else:

        async def hook(r: httpx.Request) -> None:
            seen.append(str(r.url))

        own = httpx.AsyncClient(event_hooks={"request": [hook]})
    d = Driver(mode, server.url, http_client=own)
    try:
        d.call(get_info.request(), get_info.parse)
        d.close()
        assert not own.is_closed and seen == [server.url + "/api/v1/info"]
        assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    finally:
        d.run(own.aclose()) if mode == "async" else own.close()
        d.shutdown()


def test_a_callers_http_client_of_the_wrong_kind_is_a_type_error(mode: str) -> None:
    wrong: Any = httpx.AsyncClient() if mode == "sync" else httpx.Client()
    try:
        with pytest.raises(TypeError, match="http_client"):
            Driver(mode, "http://h", http_client=wrong)
    finally:
        if mode == "sync":
            import asyncio

            asyncio.run(wrong.aclose())
        else:
            wrong.close()


def test_extra_headers_cannot_smuggle_credentials_or_framing() -> None:
    for name in ("Authorization", "authorization", "Proxy-Authorization", "Host", "Content-Length"):
        with pytest.raises(ValueError, match="extra_headers"):
            common.check_extra_headers({name: "x"}, "Authorization")
    with pytest.raises(ValueError, match="X-API-Key"):
        common.check_extra_headers({"X-API-Key": "x"}, "X-API-Key")


def test_answers_set_no_cookies(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(200, {**JSON, "Set-Cookie": "session=abc"}, INFO_BODY)
    d = driver_factory(server.url)
    d.call(get_info.request(), get_info.parse)
    d.call(get_info.request(), get_info.parse)
    assert "cookie" not in server.requests[1].headers


def _raw(req: Request) -> list[tuple[bytes, bytes]]:
    return req.raw_headers


def test_header_bytes_are_identical_on_both_transports(mode: str, server: MisbehavingServer) -> None:
    token = "tøk€n-value"
    seen: dict[str, list[list[tuple[bytes, bytes]]]] = {}
    for kind in TRANSPORTS:
        server.requests.clear()
        d = Driver(mode, server.url, transport=kind, secret=token, extra_headers={"X-Trace": "naïve"})
        try:
            d.call(get_info.request(), get_info.parse)
            d.call_empty(create_bucket.request("b", body=BucketSettings(max_block_records=1)))
            d.call_empty(create_bucket.request("c"))
            d.send_url("PUT", server.url + "/up?X-Amz-Signature=s", body=b"abc", length=3, authenticate=False)
        finally:
            d.shutdown()
        seen[kind] = [_raw(r) for r in server.requests]
    assert seen["default"] == seen["httpx"]
    auth = dict(seen["default"][0])[b"Authorization"]
    assert auth == f"Bearer {token}".encode()  # UTF-8 bytes, not double-encoded
    assert dict(seen["default"][0])[b"X-Trace"] == "naïve".encode()
    assert dict(seen["default"][2])[b"Content-Length"] == b"0"


# --- what servers and proxies send ----------------------------------------------------------------


def test_chunked_answers(driver_factory: Any, server: MisbehavingServer) -> None:
    chunks = [INFO_BODY[:10], INFO_BODY[10:100], INFO_BODY[100:]]
    server.handler = lambda req: Chunked(200, JSON, chunks)
    d = driver_factory(server.url)
    assert d.call(get_info.request(), get_info.parse).version == "1.21.0"
    assert d.call(get_info.request(), get_info.parse).version == "1.21.0"
    assert server.connections_accepted == 1  # a chunked answer leaves the connection reusable


def test_gzip_and_deflate_bodies_are_decoded(driver_factory: Any, server: MisbehavingServer) -> None:
    compressed = {"gzip": gzip.compress(INFO_BODY), "deflate": zlib.compress(INFO_BODY)}
    for encoding, body in compressed.items():
        server.handler = lambda req, e=encoding, b=body: Reply(200, {**JSON, "Content-Encoding": e}, b)
        d = driver_factory(server.url)
        assert d.call(get_info.request(), get_info.parse).version == "1.21.0"
    assert dict(server.requests[0].raw_headers)[b"Accept-Encoding"] == b"gzip, deflate"


def test_a_corrupt_gzip_body_is_an_invalid_response(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(200, {**JSON, "Content-Encoding": "gzip"}, b"not gzip at all")
    d = driver_factory(server.url)
    with pytest.raises(ReductInvalidResponse) as info:
        d.call(get_info.request(), get_info.parse)
    assert "DecodingError" in info.value.message
    assert len(server.requests) == 1  # an answer came: not retried


def test_an_answer_delimited_by_the_end_of_the_connection(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + INFO_BODY)
    d = driver_factory(server.url)
    assert d.call(get_info.request(), get_info.parse).version == "1.21.0"
    assert d.call(get_info.request(), get_info.parse).version == "1.21.0"
    assert server.connections_accepted == 2  # such a connection cannot carry another request


def test_interim_answers_are_skipped(driver_factory: Any, server: MisbehavingServer) -> None:
    interim = b"HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n"
    final = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(INFO_BODY)
    server.handler = lambda req: Raw(interim + final + INFO_BODY, close=False)
    d = driver_factory(server.url)
    assert d.call(get_info.request(), get_info.parse).version == "1.21.0"


def test_head_and_204_answers_have_no_body(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(200, {"Content-Length": "1234"}) if req.method == "HEAD" else Reply(204)
    d = driver_factory(server.url)
    response = d.send_url("HEAD", server.url + "/api/v1/alive")
    assert response.status == 200 and response.content == b""
    assert d.send_url("DELETE", server.url + "/x").status == 204
    assert d.send_url("HEAD", server.url + "/api/v1/alive").status == 200
    assert server.connections_accepted == 1


def test_a_reply_that_is_not_http_is_a_clear_error(driver_factory: Any, server: MisbehavingServer) -> None:
    server.handler = lambda req: Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
    d = driver_factory(server.url, max_retries=0)
    with pytest.raises(ReductConnectionError) as info:
        d.call(get_info.request(), get_info.parse)
    # httpx: "RemoteProtocolError: illegal status line"; the SDK's pool: "the server does not speak HTTP/1.1"
    assert "RemoteProtocolError" in info.value.message or "does not speak HTTP/1.1" in info.value.message
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)


def test_a_host_name_is_resolved(driver_factory: Any, server: MisbehavingServer) -> None:
    d = driver_factory(f"http://localhost:{server.port}")
    assert d.call(get_info.request(), get_info.parse).version == "1.21.0"
    assert server.requests[0].headers["host"] == f"localhost:{server.port}"
