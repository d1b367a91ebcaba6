"""Property: whatever the storage API or the object store answers, a call returns its result or raises StorageError."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage_sdk.errors import StorageError, StorageInvalidResponse
from storage_sdk.storage import AsyncStorageClient, StorageClient, StoredObject, UploadResult

KEY = "sk-prop-5e8a1f"
GOOD_URL = "http://s3.test/bk/k?X-Amz-Signature=abc"

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10)
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
)
field_values = st.sampled_from([GOOD_URL, "", "/relative", "http://[::1", "k"]) | json_scalars
# mostly bodies of the right shape with a wrong value here and there: the interesting cases
valid_str = st.sampled_from([GOOD_URL, "news/a.png", "https://cdn/bk/a.png"])
shaped = st.fixed_dictionaries(
    {
        "upload_url": valid_str | field_values,
        "key": valid_str | field_values,
        "public_url": valid_str | field_values,
    },
    optional={"detail": json_values, "extra": json_values},
)
bodies = (
    st.builds(lambda v: json.dumps(v).encode(), shaped)
    | st.builds(lambda v: json.dumps(v).encode(), shaped.map(lambda d: {k: v for k, v in d.items() if k != "key"}))
    | st.builds(lambda v: json.dumps(v).encode(), json_values)
    | st.binary(max_size=40)
    | st.just(json.dumps({"detail": f"bad key {KEY}"}).encode())
)
statuses = (
    st.sampled_from([200, 201])
    | st.sampled_from([202, 204, 301, 304, 400, 401, 403, 404, 413, 422, 429, 500, 503])
    | st.integers(200, 599)
)
failures = st.sampled_from(
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("cut"),
        httpx.DecodingError("bad gzip"),
        httpx.UnsupportedProtocol("no"),
    ]
)
answers = st.one_of(
    st.tuples(statuses, bodies, st.sampled_from([{}, {"Content-Encoding": "gzip"}, {"Content-Type": "text/plain"}])),
    failures,
)
calls = st.sampled_from(
    [
        ("create_upload", ("image/png",), {}),
        ("delete_object", (), {"key": "k"}),
        ("upload_file", (b"data", "a.png", "image/png"), {}),
        ("upload", (b"data", "image/png"), {}),
        ("upload", (iter([b"a", b"b"]), "image/png"), {"progress": lambda sent, total: None}),
    ]
)
EXPECTED = {
    "create_upload": UploadResult,
    "upload": UploadResult,
    "upload_file": StoredObject,
    "delete_object": type(None),
}


def handler_for(script: list[Any]) -> Any:
    answers = iter(script)

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        assert request.url.host != "s3.test" or "x-api-key" not in request.headers
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        status, body, headers = answer
        return httpx.Response(status, content=body, headers=headers)

    return handler


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call=calls, script=st.lists(answers, min_size=2, max_size=2), sync=st.booleans())
def test_any_answer_gives_a_result_or_a_storage_error(call: Any, script: list[Any], sync: bool) -> None:
    name, args, kwargs = call
    if name == "upload" and not isinstance(args[0], bytes):
        args = (iter([b"a", b"b"]), *args[1:])  # a fresh iterator for each example
    transport = httpx.MockTransport(handler_for(script))
    try:
        if sync:
            with (
                httpx.Client(transport=transport) as http,
                StorageClient("http://api.test", KEY, max_retries=0, http_client=http) as client,
            ):
                result = getattr(client, name)(*args, **kwargs)
        else:

            async def run() -> Any:
                async with (
                    httpx.AsyncClient(transport=transport) as http,
                    AsyncStorageClient("http://api.test", KEY, max_retries=0, http_client=http) as client,
                ):
                    return await getattr(client, name)(*args, **kwargs)

            result = asyncio.run(run())
    except StorageError as exc:
        failure: StorageError | None = exc
    else:
        failure = None
    if failure is not None:
        assert KEY not in f"{failure} {failure!r} {failure.detail} {failure.message}"
        return
    assert isinstance(result, EXPECTED[name])
    if isinstance(result, UploadResult | StoredObject):
        assert all(isinstance(getattr(result, f), str) for f in ("key", "public_url"))


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
def test_a_non_json_success_body_never_shows_the_key(sync: bool) -> None:
    """The excerpt of a non-JSON success body in the message is redacted too (the property found it)."""
    body = json.dumps({"detail": f"bad key {KEY}"}).encode()
    script = [(200, body, {"Content-Type": "text/plain"})]
    transport = httpx.MockTransport(handler_for(script))

    async def run() -> None:
        async with (
            httpx.AsyncClient(transport=transport) as http,
            AsyncStorageClient("http://api.test", KEY, max_retries=0, http_client=http) as client,
        ):
            await client.create_upload("image/png")

    def run_sync() -> None:
        with (
            httpx.Client(transport=transport) as http,
            StorageClient("http://api.test", KEY, max_retries=0, http_client=http) as client,
        ):
            client.create_upload("image/png")

    with pytest.raises(StorageInvalidResponse) as info:
        run_sync() if sync else asyncio.run(run())
    failure = info.value
    assert "text/plain, not JSON" in str(failure)  # the reason is still given...
    assert KEY not in f"{failure} {failure!r} {failure.detail} {failure.message}"  # ...without the key
