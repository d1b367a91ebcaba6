"""Contract tests: every public method of the four clients, sync and async, against Prism.

Prism (pinned in package.json) is a mock server generated from each spec by a tool nobody here
wrote. It validates every request against the spec and reports violations in an
``sl-violations`` response header; it answers with the spec's examples. So a call passes only
if the SDK sent what the spec allows and understood what the spec promises. Forced error
responses (``Prefer: code=...``) check the mapping from each documented status to an exception.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from storage_sdk import AsyncStorageClient, StorageClient
from storage_sdk.errors import (
    ReductConflict,
    ReductError,
    StorageError,
    reduct_error_class,
    storage_error_class,
)
from tests import reduct_data as rd
from tests import spec_tools as st
from tests.prism import Prism

SEEN: Counter[str] = Counter()
"""Requests each mock received over the whole module (reported by the last test)."""


class Recorder:
    """Response hooks on a caller-supplied httpx client: what Prism said about each request."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.responses: list[httpx.Response] = []

    def record(self, response: httpx.Response) -> None:
        self.responses.append(response)
        SEEN[self.spec] += 1

    async def arecord(self, response: httpx.Response) -> None:
        self.record(response)

    def violations(self) -> list[str]:
        return [
            f"{r.request.method} {r.request.url.path}: {r.headers['sl-violations']}"
            for r in self.responses
            if "sl-violations" in r.headers
        ]

    def statuses(self) -> list[int]:
        return [r.status_code for r in self.responses]


class Harness:
    """Clients of one mode whose httpx client records Prism's verdicts; closes everything after."""

    def __init__(self, mode: str, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.mode = mode
        self.owns_loop = loop is None
        self.loop = loop or (asyncio.new_event_loop() if mode == "async" else None)
        self._http: list[Any] = []
        self._closers: list[Any] = []

    def http_client(self, recorder: Recorder, prefer: int | None = None, **kwargs: Any) -> Any:
        headers = {"Prefer": f"code={prefer}"} if prefer else {}
        if self.mode == "sync":
            client: Any = httpx.Client(headers=headers, event_hooks={"response": [recorder.record]}, **kwargs)
        else:
            client = httpx.AsyncClient(headers=headers, event_hooks={"response": [recorder.arecord]}, **kwargs)
        self._http.append(client)
        return client

    def run(self, value: Any) -> Any:
        if self.loop is not None and asyncio.iscoroutine(value):
            return self.loop.run_until_complete(value)
        return value

    def close(self) -> None:
        for http in self._http:
            self.run(http.aclose() if self.mode == "async" else http.close())
        if self.loop is not None and self.owns_loop:
            self.loop.close()


@pytest.fixture(params=rd.MODES)
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    h = Harness(request.param)
    yield h
    h.close()


@pytest.fixture(params=rd.MODES)
def twin(request: pytest.FixtureRequest) -> Iterator[rd.Twin]:
    t = rd.Twin(request.param)
    yield t
    t.close()


def _check_type(result: Any, returns: Any, twin: rd.Twin) -> None:
    if returns is None:
        assert result is None
    elif returns == "bucket":
        assert isinstance(result, twin.bucket_class)
    elif getattr(returns, "__origin__", None) is list:
        (item,) = returns.__args__
        assert isinstance(result, list) and result and all(isinstance(x, item) for x in result)
    else:
        assert isinstance(result, returns)


# --- ReductStore ----------------------------------------------------------------------------------


def _reduct_client(twin: rd.Twin, prism: Prism, recorder: Recorder, prefer: int | None = None) -> Any:
    harness_http = _Holder.harness(twin).http_client(recorder, prefer)
    return twin.client(prism.url, http_client=harness_http, api_token="contract-token", max_retries=0)


class _Holder:
    """One Harness per Twin (same mode and event loop) so the recorded httpx client lives in its loop."""

    _by_twin: ClassVar[dict[int, Harness]] = {}

    @classmethod
    def harness(cls, twin: rd.Twin) -> Harness:
        h = cls._by_twin.get(id(twin))
        if h is None:
            h = Harness(twin.mode, twin.loop)  # one loop: the client and its httpx client must agree
            cls._by_twin[id(twin)] = h
        return h

    @classmethod
    def close(cls, twin: rd.Twin) -> None:
        h = cls._by_twin.pop(id(twin), None)
        if h is not None:
            h.close()


@pytest.fixture
def reduct_twin(twin: rd.Twin) -> Iterator[rd.Twin]:
    yield twin
    _Holder.close(twin)


@pytest.mark.parametrize("case", rd.CASES, ids=[c.label for c in rd.CASES])
def test_reduct_method_against_prism(case: rd.Case, reduct_twin: rd.Twin, prism_reduct: Prism) -> None:
    recorder = Recorder("reduct")
    client = _reduct_client(reduct_twin, prism_reduct, recorder)
    result = reduct_twin.run(case.call(reduct_twin, client))
    assert recorder.violations() == []
    assert recorder.statuses() and all(s < 400 for s in recorder.statuses()), recorder.statuses()
    # the SDK refuses a 2xx without x-reduct-api (ReductInvalidResponse): Prism sends the documented header
    assert [r.headers.get("x-reduct-api") for r in recorder.responses if r.status_code < 300] == [
        "1.21" for r in recorder.responses if r.status_code < 300
    ]
    _check_type(result, case.returns, reduct_twin)


def _error_cases() -> list[tuple[rd.Case, int]]:
    out = []
    for case in rd.CASES:
        for code in case.operation.responses():
            if int(code) >= 400:
                out.append((case, int(code)))
    return out


@pytest.mark.parametrize(("case", "status"), _error_cases(), ids=[f"{c.label}-{s}" for c, s in _error_cases()])
def test_reduct_forced_errors_map_to_exceptions(
    case: rd.Case, status: int, reduct_twin: rd.Twin, prism_reduct: Prism
) -> None:
    recorder = Recorder("reduct")
    client = _reduct_client(reduct_twin, prism_reduct, recorder, prefer=status)
    if (case.label in ("alive", "ready") and status >= 500) or (case.label == "bucket_exists" and status == 404):
        assert reduct_twin.run(case.call(reduct_twin, client)) is False  # documented answers, not errors
    else:
        with pytest.raises(ReductError) as info:
            reduct_twin.run(case.call(reduct_twin, client))
        err = info.value
        assert type(err) is reduct_error_class(status)
        assert err.status_code == status and err.message
        (answer,) = recorder.responses
        if "x-reduct-error" in case.operation.responses()[str(status)].get("headers", {}):
            assert err.message == answer.headers["x-reduct-error"]  # the mocked header's message came through
        else:  # no x-reduct-error: the reason phrase (and a short excerpt of the body), never "Unknown error"
            assert err.message.startswith(answer.reason_phrase), err.message
        assert err.method == case.method and err.url is not None
    assert recorder.violations() == []
    assert recorder.statuses() == [status]


def test_create_bucket_exist_ok_swallows_the_mocked_already_exists(reduct_twin: rd.Twin, prism_reduct: Prism) -> None:
    recorder = Recorder("reduct")
    client = _reduct_client(reduct_twin, prism_reduct, recorder, prefer=409)
    bucket = reduct_twin.run(client.create_bucket("bucket-1", exist_ok=True))
    assert bucket.name == "bucket-1" and recorder.statuses() == [409]
    with pytest.raises(ReductConflict, match="already exists"):
        reduct_twin.run(client.create_bucket("bucket-1"))


# --- opengater-storage ----------------------------------------------------------------------------


S3_HOST = "https://s3.example.com"  # the upload_url host in the spec's example


class PresignedSink:
    """Stands in for the object store at the example upload_url (mounted into the httpx client)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200)


def _storage_calls() -> dict[str, Any]:
    return {
        "create_upload": lambda c: c.create_upload("image/png", prefix="news/articles"),
        "create_upload without prefix": lambda c: c.create_upload("image/jpeg"),
        "delete_object by key": lambda c: c.delete_object(key="news/a.png"),
        "delete_object by public_url": lambda c: c.delete_object(public_url="https://cdn/bk/news/a.png"),
        "delete_object by both": lambda c: c.delete_object(public_url="https://cdn/bk/a.png", key="a.png"),
        "upload_file bytes": lambda c: c.upload_file(b"\x89PNG data", "pic.png", "image/png", prefix="news"),
        "upload": lambda c: c.upload(b"\x89PNG data", "image/png", prefix="news"),
    }


STORAGE_RESULTS = {
    "create_upload": "UploadResult",
    "delete_object": None,
    "upload_file": "StoredObject",
    "upload": "UploadResult",
}


def _storage_client(
    harness: Harness, prism: Prism, recorder: Recorder, sink: PresignedSink, prefer: int | None = None
) -> Any:
    mounts = {S3_HOST: httpx.MockTransport(sink.handle)}
    http = harness.http_client(recorder, prefer, mounts=mounts)
    cls = AsyncStorageClient if harness.mode == "async" else StorageClient
    client = cls(prism.url, api_key="contract-key", http_client=http, max_retries=0)
    harness._closers.append(client)
    return client


@pytest.mark.parametrize("label", list(_storage_calls()))
def test_storage_method_against_prism(label: str, harness: Harness, prism_storage: Prism) -> None:
    recorder, sink = Recorder("storage"), PresignedSink()
    client = _storage_client(harness, prism_storage, recorder, sink)
    result = harness.run(_storage_calls()[label](client))
    harness.run(client.aclose() if harness.mode == "async" else client.close())
    assert recorder.violations() == []
    prism_statuses = [r.status_code for r in recorder.responses if r.request.url.host == "127.0.0.1"]
    assert prism_statuses and all(s < 400 for s in prism_statuses)
    expected = STORAGE_RESULTS[label.split(" ")[0]]
    assert (result is None) if expected is None else type(result).__name__ == expected
    if label == "upload":
        (put,) = sink.requests
        assert put.method == "PUT" and put.headers["content-type"] == "image/png"
        assert put.content == b"\x89PNG data" and "x-api-key" not in put.headers
        assert str(put.url) == result.upload_url


def _storage_error_cases() -> list[tuple[str, int]]:
    by_op = {op.operation_id: op for op in st.operations("storage")}
    ops = {
        "create_upload": "createUpload",
        "delete_object": "deleteObject",
        "upload_file": "uploadFile",
        "upload": "createUpload",
    }
    out = []
    for label in _storage_calls():
        for code in by_op[ops[label.split(" ")[0]]].responses():
            if int(code) >= 400:
                out.append((label, int(code)))
    return out


@pytest.mark.parametrize(
    ("label", "status"), _storage_error_cases(), ids=[f"{a}-{b}" for a, b in _storage_error_cases()]
)
def test_storage_forced_errors_map_to_exceptions(
    label: str, status: int, harness: Harness, prism_storage: Prism
) -> None:
    recorder, sink = Recorder("storage"), PresignedSink()
    client = _storage_client(harness, prism_storage, recorder, sink, prefer=status)
    with pytest.raises(StorageError) as info:
        harness.run(_storage_calls()[label](client))
    harness.run(client.aclose() if harness.mode == "async" else client.close())
    err = info.value
    assert type(err) is storage_error_class(status)
    assert err.status_code == status and err.detail and err.message and err.message != err.detail
    # .detail is the raw JSON body (opengater compatibility), .message its "detail", and str() the raw
    # text while it is short plain text
    detail = json.loads(err.detail)["detail"]
    if isinstance(detail, list):  # FastAPI's validation error (422): spelled out as "where: what" lines
        assert err.message == "; ".join(f"{'.'.join(map(str, d['loc']))}: {d['msg']}" for d in detail)
    else:
        assert err.message == detail
    assert str(err) == (err.detail if len(err.detail) <= 200 and "<" not in err.detail else err.message)
    assert recorder.violations() == [] and recorder.statuses() == [status]
    assert sink.requests == []  # a failed create_upload never leads to a PUT


def test_zz_report_operations_exercised() -> None:
    """Not a check of its own: prints how many requests each mock server received in this module."""
    print(f"\ncontract tests: {dict(SEEN)} requests to the Prism mocks")
    assert SEEN["reduct"] > 0 and SEEN["storage"] > 0
