"""Whatever a server (or a proxy in front of it) answers, every public method returns a well-typed
result or raises a ReductError: never another exception, never a model with wrong field types, never
success from an answer without ``x-reduct-api``, never an "Unknown error"."""

from __future__ import annotations

import asyncio
import inspect
import json
import warnings
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as hs

from storage_sdk._core._typecheck import mismatch
from storage_sdk.reduct import AsyncBucket, AsyncClient, Bucket, Client, ReductError, ReductInvalidResponse
from tests import spec_tools as st
from tests.reduct_data import CASES, MODES, TOKEN, URL, Case

JSON_LEAVES = (
    hs.none()
    | hs.booleans()
    | hs.integers(min_value=-(2**70), max_value=2**70)
    | hs.floats(allow_nan=False, allow_infinity=False)
    | hs.text(max_size=12)
)
JSON = hs.recursive(
    JSON_LEAVES,
    lambda children: hs.lists(children, max_size=4) | hs.dictionaries(hs.text(max_size=10), children, max_size=4),
    max_leaves=15,
)
HEADER_TEXT = hs.text(alphabet=hs.characters(min_codepoint=32, max_codepoint=126), max_size=40)
STATUSES = [200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 405, 409, 415, 422, 429, 500, 502, 503]
VERSIONS = [None, "1.21", "1.22", "1.20", "1.5", "2.0", "0.9", "abc", "1.", ""]


def _example(case: Case) -> Any:
    """The spec's 200 example for the case's operation (None for an empty success)."""
    for code, _, value, _ in st.response_examples(case.operation):
        if code == "200":
            return value
    return None


@hs.composite
def _mutated(draw: Any, value: Any) -> Any:
    """The valid answer with a few keys dropped or values replaced by arbitrary JSON, at any depth."""
    value = json.loads(json.dumps(value))
    for _ in range(draw(hs.integers(min_value=1, max_value=3))):
        node = value
        while isinstance(node, dict | list) and node and draw(hs.booleans()):
            key = draw(hs.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], dict | list) or not node[key]:
                break
            node = node[key]
        if isinstance(node, dict) and node:
            key = draw(hs.sampled_from(sorted(node)))
            if draw(hs.booleans()):
                del node[key]
            else:
                node[key] = draw(JSON)
        elif isinstance(node, list) and node:
            node[draw(hs.integers(min_value=0, max_value=len(node) - 1))] = draw(JSON)
    return value


def _bodies(case: Case) -> Any:
    example = _example(case)
    valid = json.dumps(example).encode() if example is not None else b""
    options = [
        hs.just(valid),
        JSON.map(lambda v: json.dumps(v).encode()),
        hs.binary(max_size=64),
        hs.just(b""),
        hs.just(b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
        hs.integers(min_value=0, max_value=max(len(valid) - 1, 0)).map(lambda n: valid[:n]),  # truncated
    ]
    if isinstance(example, dict):
        options.append(_mutated(example).map(lambda v: json.dumps(v).encode()))
    return hs.one_of(*options)


def _replies(case: Case) -> Any:
    return hs.fixed_dictionaries(
        {
            "status": hs.sampled_from(STATUSES),
            "body": _bodies(case),
            "version": hs.sampled_from(VERSIONS),
            "error": hs.none() | HEADER_TEXT,
            "content_type": hs.sampled_from([None, "application/json", "text/html", "text/plain; charset=utf-8"]),
        }
    )


def _response(reply: dict[str, Any], request: httpx.Request) -> httpx.Response:
    headers = {}
    if reply["version"] is not None:
        headers["x-reduct-api"] = reply["version"]
    if reply["error"] is not None:
        headers["x-reduct-error"] = reply["error"]
    if reply["content_type"] is not None:
        headers["content-type"] = reply["content_type"]
    return httpx.Response(reply["status"], headers=headers, content=reply["body"], request=request)


def _check_result(case: Case, mode: str, result: Any) -> None:
    expected = case.returns
    if expected is None:
        assert result is None
    elif expected == "bucket":
        assert isinstance(result, AsyncBucket if mode == "async" else Bucket)
    else:
        assert mismatch(result, expected, "result") is None, mismatch(result, expected, "result")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_any_response_gives_a_result_or_a_reduct_error(case: Case, mode: str) -> None:
    current: dict[str, Any] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        return _response(current["reply"], request)

    transport = httpx.MockTransport(handler)
    loop = asyncio.new_event_loop() if mode == "async" else None
    http: Any = httpx.AsyncClient(transport=transport) if mode == "async" else httpx.Client(transport=transport)
    client: Any = (AsyncClient if mode == "async" else Client)(URL, TOKEN, max_retries=0, http_client=http)

    def run(value: Any) -> Any:
        return loop.run_until_complete(value) if loop is not None and inspect.isawaitable(value) else value

    outcomes: set[str] = set()
    example_body = _example(case)
    # the server's own answer, so that the success path is always exercised (not left to chance)
    valid_reply = {
        "status": 200,
        "body": json.dumps(example_body).encode() if example_body is not None else b"",
        "version": "1.21",
        "error": None,
        "content_type": "application/json" if example_body is not None else None,
    }

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @example(reply=valid_reply)
    @given(reply=_replies(case))
    def check(reply: dict[str, Any]) -> None:
        current["reply"] = reply
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            error: ReductError | None = None
            try:
                result = run(case.call(_TwinShim(mode), client))  # type: ignore[arg-type]
            except ReductError as err:
                error = err
        unmarked_success = reply["version"] is None and 200 <= reply["status"] < 300
        if error is not None:
            outcomes.add("error")
            shown = str(error)
            assert "Unknown error" not in shown  # the reason phrase / body excerpt instead
            if unmarked_success:  # a success without x-reduct-api did not come from ReductStore
                assert isinstance(error, ReductInvalidResponse), repr(error)
        else:
            assert not unmarked_success, "a success without x-reduct-api was taken as ReductStore's"
            _check_result(case, mode, result)
            outcomes.add("result")
            shown = ""
        assert TOKEN not in shown
        assert all(issubclass(w.category, UserWarning) for w in caught), [str(w.message) for w in caught]

    try:
        check()
    finally:
        run(client.aclose() if mode == "async" else client.close())
        run(http.aclose() if mode == "async" else http.close())
        if loop is not None:
            loop.close()
    assert outcomes == {"error", "result"}  # both paths were exercised


class _TwinShim:
    """What a Case's call needs from tests.reduct_data.Twin: building a bucket on the client."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def bucket(self, client: Any, name: str = "bucket-1") -> Any:
        return (AsyncBucket if self.mode == "async" else Bucket)(name, client._core)
