"""Every error's ``str()`` names the HTTP status (issue 18, item 3), on the default engine of both
modes and on a caller's httpx transport: ReductStore as reduct-py formats it (``Status 404: Not
Found``), the storage side in opengater-storage-client's words (``storage error (status=404)``)."""

from __future__ import annotations

from typing import Any

import pytest

from storage_sdk import ReductError, StorageError, StorageInvalidResponse, StorageUnavailable
from tests.misbehaving import MisbehavingServer, Reply
from tests.test_with_options import MODES, TRANSPORTS, close, make, run


@pytest.fixture
def server() -> Any:
    with MisbehavingServer() as s:
        yield s


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_delete_object_with_an_empty_404_names_the_status(mode: str, transport: str, server: MisbehavingServer) -> None:
    """The issue's case: ``str(e)`` was ``'Not Found'``."""
    server.handler = lambda req: Reply(404)
    client = make("storage", mode, transport, server.url, max_retries=0)
    with pytest.raises(StorageError) as info:
        run(mode, lambda: client.delete_object(key="a"))
    assert str(info.value) == "storage error (status=404)"  # opengater-storage-client's wording
    assert (info.value.status_code, info.value.detail) == (404, "")
    close(mode, client)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "headers", "body", "shown"),
    [
        (503, (), b"", "storage error (status=503)"),
        (502, (("content-type", "text/html"),), b"<html><h1>502 Bad Gateway</h1></html>", "storage error (status=502)"),
        (429, (("content-type", "text/plain"),), b"x" * 400, "storage error (status=429): Too Many Requests"),
    ],
)
def test_storage_errors_without_a_short_plain_body_name_the_status(
    mode: str, transport: str, server: MisbehavingServer, status: int, headers: Any, body: bytes, shown: str
) -> None:
    server.handler = lambda req: Reply(status, headers, body)
    client = make("storage", mode, transport, server.url, max_retries=0)
    with pytest.raises(StorageError) as info:
        run(mode, lambda: client.create_upload("image/png"))
    assert str(info.value).startswith(shown)
    assert info.value.status_code == status
    if status >= 500:
        assert isinstance(info.value, StorageUnavailable)
    close(mode, client)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
def test_an_invalid_success_body_names_its_status(mode: str, transport: str, server: MisbehavingServer) -> None:
    server.handler = lambda req: Reply(200, (("content-type", "application/json"),), b"[]")
    client = make("storage", mode, transport, server.url, max_retries=0)
    with pytest.raises(StorageInvalidResponse) as info:
        run(mode, lambda: client.create_upload("image/png"))
    assert str(info.value).startswith("invalid response from storage (status=200): ")
    close(mode, client)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("headers", "shown"),
    [
        ((("x-reduct-api", "1.21"),), "Status 404: Not Found"),  # reduct-py's format, the reason phrase
        ((), "Status 404: Not Found (not from ReductStore: no x-reduct-api header)"),  # stays informative
        (
            (("x-reduct-api", "1.21"), ("x-reduct-error", "Bucket 'b' is not found")),
            "Status 404: Bucket 'b' is not found",
        ),
    ],
)
def test_reduct_errors_name_the_status(
    mode: str, transport: str, server: MisbehavingServer, headers: Any, shown: str
) -> None:
    server.handler = lambda req: Reply(404, headers)
    client = make("reduct", mode, transport, server.url, max_retries=0)
    with pytest.raises(ReductError) as info:
        run(mode, lambda: client.get_bucket("b"))
    assert str(info.value) == shown
    close(mode, client)
