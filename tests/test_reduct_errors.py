"""Every public ReductStore method x sync/async x every error status the spec documents for its operation."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from storage_sdk.errors import (
    ReductConnectionError,
    ReductError,
    ReductInvalidResponse,
    ReductNotFound,
    ReductServerError,
    ReductTimeout,
    reduct_error_class,
)
from tests.reduct_data import (
    API,
    CASES,
    REPLICATION_DETAIL,
    SERVER_INFO,
    TOKEN,
    TOKEN_INFO,
    URL,
    Case,
    Twin,
    V,
    make_twin_fixture,
)
from tests.spec_check import spec_response

twin = make_twin_fixture()


def _error_statuses() -> list[Any]:
    params = []
    for case in CASES:
        for status in case.operation.responses():
            if not status.startswith("2"):
                params.append(pytest.param(case, int(status), id=f"{case.label}-{status}"))
    return params


def _error_reply(case: Case, status: int) -> tuple[dict[str, Any], str]:
    """pytest-httpx callback arguments for the documented error response, and the expected message."""
    response = case.operation.responses()[str(status)]
    content = response.get("content", {})
    headers = dict(V)
    kwargs: dict[str, Any] = {}
    if "application/json" in content:
        body = content["application/json"]["example"]
        kwargs["json"] = body
        message = body["detail"]
    elif "text/plain" in content:
        # an error from the web framework: no x-reduct-error, a plain-text body. Not reduct-py's
        # "Unknown error": the reason phrase and the body say what went wrong.
        text = content["text/plain"]["example"]
        kwargs["content"] = text.encode()
        headers["content-type"] = "text/plain"
        return {"headers": headers, **kwargs}, f"{HTTPStatus(status).phrase}: {text}"
    else:
        message = f"HEAD answer {status}"  # HEAD: the message is only in the header
    headers["x-reduct-error"] = message
    return {"headers": headers, **kwargs}, message


@pytest.mark.parametrize(("case", "status"), _error_statuses())
def test_documented_error_status(twin: Twin, httpx_mock: HTTPXMock, case: Case, status: int) -> None:
    reply, message = _error_reply(case, status)
    httpx_mock.add_callback(spec_response("reduct", status, **reply), method=case.method, url=case.url)
    client = twin.client()
    if case.label in ("alive", "ready") and status >= 500:
        assert twin.run(case.call(twin, client)) is False
        return
    if case.label == "bucket_exists" and status == 404:
        assert twin.run(case.call(twin, client)) is False
        return
    with pytest.raises(ReductError) as info:
        twin.run(case.call(twin, client))
    err = info.value
    assert type(err) is reduct_error_class(status)
    assert err.status_code == status
    assert err.message == message
    assert str(err) == f"Status {status}: {message}"
    assert err.method == case.method
    assert err.url == case.url


def test_every_method_and_operation_is_covered() -> None:
    """The matrix above is not empty and reaches every admin operation except the GET twins of HEAD probes."""
    from tests import spec_tools as st

    covered = {case.operation_id for case in CASES}
    all_ops = {op.operation_id for op in st.operations("reduct")}
    assert all_ops - covered == {"getAlive", "getReady"}
    assert len(_error_statuses()) > 200


# ------------------------------------------------------------------------------------------------
# errors that did not come from ReductStore's own error handler

NOT_REDUCT = "(not from ReductStore: no x-reduct-api header)"
NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
)


@pytest.mark.parametrize(
    ("status", "headers", "content", "exc", "message"),
    [
        pytest.param(
            502,
            {"content-type": "text/html"},
            NGINX_502,
            ReductServerError,
            f"Bad Gateway: 502 Bad Gateway nginx/1.25.3 {NOT_REDUCT}",
            id="proxy-html",
        ),
        pytest.param(
            500,
            {"content-type": "text/plain"},
            b"oops",
            ReductServerError,
            f"Internal Server Error: oops {NOT_REDUCT}",
            id="plain-text",
        ),
        pytest.param(503, {}, b"", ReductServerError, f"Service Unavailable {NOT_REDUCT}", id="empty"),
        pytest.param(
            404,
            {"content-type": "text/plain"},
            b"Not Found",
            ReductNotFound,
            f"Not Found {NOT_REDUCT}",
            id="body-is-reason",
        ),
        pytest.param(405, V, b"", ReductError, "Method Not Allowed", id="axum-405-from-reductstore"),
        pytest.param(
            500,
            {**V, "content-type": "application/json"},
            b'{"detail": "storage limit exceeded"}',
            ReductServerError,
            "storage limit exceeded",
            id="json-detail-without-header",
        ),
        pytest.param(
            409,
            {**V, "x-reduct-error": "Bucket 'bucket-1' already exists", "content-type": "application/json"},
            b'{"detail": "something else"}',
            ReductError,
            "Bucket 'bucket-1' already exists",
            id="header-wins-over-body",
        ),
    ],
)
def test_error_without_reduct_error_header_says_what_happened(
    twin: Twin,
    httpx_mock: HTTPXMock,
    status: int,
    headers: dict[str, str],
    content: bytes,
    exc: type[ReductError],
    message: str,
) -> None:
    """No "Unknown error": the reason phrase, a short tag-stripped excerpt of the body, and whether it
    came from ReductStore at all."""
    httpx_mock.add_response(status_code=status, headers=headers, content=content, method="GET", url=API + "/info")
    with pytest.raises(ReductError) as info:
        twin.run(twin.client().info())
    err = info.value
    assert isinstance(err, exc)
    assert err.status_code == status
    assert err.message == message
    assert str(err) == f"Status {status}: {message}"
    assert "Unknown error" not in str(err)


def test_a_long_html_error_page_is_cut_short(twin: Twin, httpx_mock: HTTPXMock) -> None:
    page = b"<html><head><style>body{color:red}</style></head><body><p>" + b"word " * 500 + b"</p></body></html>"
    httpx_mock.add_response(status_code=500, headers={"content-type": "text/html"}, content=page, method="GET")
    with pytest.raises(ReductServerError) as info:
        twin.run(twin.client().info())
    message = info.value.message
    assert message.startswith("Internal Server Error: word word")
    assert message.endswith(f"... {NOT_REDUCT}")
    excerpt = message.removeprefix("Internal Server Error: ").removesuffix(f" {NOT_REDUCT}")
    assert len(excerpt) <= 200
    assert "<" not in message
    assert "color" not in message


def test_a_url_that_repeats_the_api_prefix_gets_a_hint(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        status_code=404, headers={**V, "x-reduct-error": "Not found"}, method="GET", url=API + "/api/v1/info"
    )
    with pytest.raises(ReductNotFound) as info:
        twin.run(twin.client(API).info())
    assert info.value.message.startswith("Not found (the URL repeats /api/v1: pass the server root")


# ------------------------------------------------------------------------------------------------
# success statuses with an answer this client cannot use


@pytest.mark.parametrize(
    ("path", "call", "answer", "reason"),
    [
        pytest.param(
            "/info",
            lambda t, c: c.info(),
            {**SERVER_INFO, "usage": "83"},
            "ServerInfo.usage: expected integer, got str",
            id="wrong-type",
        ),
        pytest.param(
            "/tokens/token-1",
            lambda t, c: c.get_token("token-1"),
            {k: v for k, v in TOKEN_INFO.items() if k != "created_at"},
            "FullTokenInfo.created_at: missing",
            id="missing-field",
        ),
        pytest.param(
            "/info",
            lambda t, c: c.info(),
            {**SERVER_INFO, "defaults": {"bucket": {"max_block_size": None, "quota_type": 1}}},
            "BucketSettings.quota_type: expected string, got int",
            id="nested",
        ),
        pytest.param(
            "/replications/replication-1",
            lambda t, c: c.get_replication_detail("replication-1"),
            {**REPLICATION_DETAIL, "diagnostics": {"hourly": {"ok": 0, "errored": 0, "errors": {"abc": {}}}}},
            "ReplicationDiagnosticsErrors: expected integer keys, got 'abc'",
            id="errors-key",
        ),
    ],
)
def test_an_answer_that_does_not_fit_names_the_model_field(
    twin: Twin, httpx_mock: HTTPXMock, path: str, call: Any, answer: Any, reason: str
) -> None:
    httpx_mock.add_response(json=answer, headers=V, method="GET", url=API + path)
    with pytest.raises(ReductInvalidResponse) as info:
        twin.run(call(twin, twin.client()))
    assert info.value.status_code == 200
    assert info.value.message == f"Invalid response body: {reason}"
    assert (info.value.method, info.value.url) == ("GET", API + path)


def test_an_answer_that_is_not_json_says_what_it_is(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        headers={**V, "content-type": "text/html"}, content=b"<html><body>Welcome</body></html>", url=API + "/info"
    )
    with pytest.raises(ReductInvalidResponse) as info:
        twin.run(twin.client().info())
    assert "the answer is text/html, not JSON ('Welcome')" in info.value.message
    assert "check that the URL points at a ReductStore server" in info.value.message


def test_the_token_stays_out_of_a_non_json_answer_excerpt(twin: Twin, httpx_mock: HTTPXMock) -> None:
    page = f"<html><body>Hello {TOKEN}</body></html>".encode()
    httpx_mock.add_response(headers={**V, "content-type": "text/html"}, content=page, url=API + "/info")
    with pytest.raises(ReductInvalidResponse) as info:
        twin.run(twin.client().info())
    assert "the answer is text/html, not JSON" in info.value.message
    assert TOKEN not in str(info.value)
    assert TOKEN not in repr(info.value)


def test_the_token_stays_out_of_an_error_page_excerpt(twin: Twin, httpx_mock: HTTPXMock) -> None:
    page = f"<html><body>Hello {TOKEN}</body></html>".encode()
    httpx_mock.add_response(status_code=500, headers={"content-type": "text/html"}, content=page, url=API + "/info")
    with pytest.raises(ReductServerError) as info:
        twin.run(twin.client().info())
    assert info.value.message == f"Internal Server Error: Hello *** {NOT_REDUCT}"


def test_truncated_json_is_an_invalid_response(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        headers={**V, "content-type": "application/json"}, content=b'{"version": "1.21.0", "bucket', url=API + "/info"
    )
    with pytest.raises(ReductInvalidResponse) as info:
        twin.run(twin.client().info())
    assert info.value.message.startswith("Invalid response body: ")


def test_success_without_api_header_is_an_invalid_response(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SERVER_INFO, url=API + "/info")
    with pytest.raises(ReductInvalidResponse) as info:
        twin.run(twin.client().info())
    assert info.value.status_code == 200
    assert info.value.message.startswith("the answer has no x-reduct-api header")


# ------------------------------------------------------------------------------------------------
# no answer at all


def test_no_connection_and_timeouts(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"), url=API + "/info")
    httpx_mock.add_exception(httpx.ReadTimeout("slow"), url=API + "/me")
    client = twin.client()
    with pytest.raises(ReductConnectionError) as refused:
        twin.run(client.info())
    assert (refused.value.status_code, refused.value.message) == (
        -1,
        "Cannot connect to 127.0.0.1:8383: ConnectError: refused",
    )
    with pytest.raises(ReductTimeout) as slow:
        twin.run(client.me())
    assert isinstance(slow.value, TimeoutError)  # reduct-py raises the builtin TimeoutError here
    assert slow.value.status_code == -1
    assert slow.value.message == "Timeout waiting for 127.0.0.1:8383 (ReadTimeout: slow)"
    assert slow.value.url == URL + "/api/v1/me"
