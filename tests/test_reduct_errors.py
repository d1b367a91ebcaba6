"""Every public ReductStore method x sync/async x every error status the spec documents for its operation."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpx import HTTPXMock

from storage_sdk.errors import ReductError, reduct_error_class
from tests.reduct_data import CASES, Case, Twin, V, make_twin_fixture
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
        # an error from the web framework: no x-reduct-error, a plain-text body
        kwargs["content"] = content["text/plain"]["example"].encode()
        headers["content-type"] = "text/plain"
        return {"headers": headers, **kwargs}, "Unknown error"
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
