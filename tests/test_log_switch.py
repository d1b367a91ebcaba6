"""``STORAGE_SDK_LOG=info|debug`` (issue 18, item 2): a stderr handler on the ``storage_sdk`` logger,
with no token, key or presigned signature in any line; unset, the SDK adds no handler. Each case runs
in a fresh interpreter (the variable is read at import or at the first client)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

KEY = "k3y-must-not-leak"
TOKEN = "t0ken-must-not-leak"

SCRIPT = textwrap.dedent(
    f"""
    import asyncio, logging, sys
    import storage_sdk
    from storage_sdk import AsyncStorageClient, Client, StorageClient, ReductError, StorageError
    from storage_sdk.testing import FakeReduct, FakeStorage

    with FakeStorage(api_key={KEY!r}) as fake, FakeReduct(api_token={TOKEN!r}) as reduct:
        with StorageClient(fake.url, api_key={KEY!r}, extra_headers={{"X-Trace": "trace-cred"}}) as s:
            s.upload(b"png", "image/png", prefix="news")
            try:
                s.create_upload("text/plain")
            except StorageError:
                pass
        async def go():
            async with AsyncStorageClient(fake.url, api_key={KEY!r}) as s:
                await s.upload(b"png", "image/png")
        asyncio.run(go())
        with Client(reduct.url, api_token={TOKEN!r}) as c:
            c.info()
            try:
                c.get_bucket("missing")
            except ReductError:
                pass
    handlers = logging.getLogger("storage_sdk").handlers
    print("HANDLERS", len(handlers))
    """
)


def run(env_value: str | None, script: str = SCRIPT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STORAGE_SDK_LOG"}
    if env_value is not None:
        env["STORAGE_SDK_LOG"] = env_value
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("value", ["info", "debug", "DEBUG"])
def test_the_switch_logs_every_request_to_stderr_without_secrets(value: str) -> None:
    result = run(value)
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert "HANDLERS 1" in result.stdout
    # one INFO line per request: method, URL, status
    assert "INFO] POST http://127.0.0.1:" in err and "/uploads -> 200" in err
    assert "INFO] PUT http://127.0.0.1:" in err  # the presigned PUT, without its query string
    assert "/uploads -> 400" in err
    assert "/api/v1/b/missing -> 404" in err
    if value.lower() == "debug":
        assert "DEBUG] HTTP GET" in err and "(attempt 1/3)" in err
        assert "headers: " in err and "Authorization: ***" in err and "X-API-Key: ***" in err
        assert "X-Trace: ***" in err  # a caller's extra header may be a credential: masked too
    else:
        assert "DEBUG]" not in err
    for secret in (KEY, TOKEN, "trace-cred", "Signature=", "AWSAccessKeyId", "Expires="):
        assert secret not in err, secret


def test_unset_the_sdk_adds_no_handler_and_prints_nothing() -> None:
    result = run(None)
    assert result.returncode == 0, result.stderr
    assert "HANDLERS 0" in result.stdout
    assert "storage_sdk" not in result.stderr


def test_an_unknown_value_is_ignored_with_a_warning() -> None:
    code = "import storage_sdk, logging; print('HANDLERS', len(logging.getLogger('storage_sdk').handlers))"
    result = run("verbose", code)
    assert result.returncode == 0
    assert "HANDLERS 0" in result.stdout
    assert "STORAGE_SDK_LOG must be 'info' or 'debug', got 'verbose'" in result.stderr


def test_set_after_import_it_applies_at_the_first_client() -> None:
    script = textwrap.dedent(
        """
        import logging, os
        import storage_sdk
        assert not logging.getLogger("storage_sdk").handlers
        os.environ["STORAGE_SDK_LOG"] = "info"
        storage_sdk.Client("http://127.0.0.1:9")
        storage_sdk.Client("http://127.0.0.1:9")
        print("HANDLERS", len(logging.getLogger("storage_sdk").handlers), logging.getLogger("storage_sdk").level)
        """
    )
    result = run(None, script)
    assert result.returncode == 0, result.stderr
    assert "HANDLERS 1 20" in result.stdout


def test_httpx_own_request_line_shows_no_presigned_signature(caplog: pytest.LogCaptureFixture) -> None:
    """httpx logs ``HTTP Request: PUT <url>`` at INFO with the whole URL, from ``httpx.Client.send``: a
    presigned PUT sent that way (the sync client on a caller's ``http_client=``, the async one on an
    httpx transport) leaves the query string out of that line. The sync client's own httpx client
    sends straight to its transport: httpx logs nothing for it (the SDK's own logger does)."""
    import asyncio
    import logging

    import httpx

    from storage_sdk import AsyncStorageClient, StorageClient
    from storage_sdk.testing import FakeStorage

    caplog.set_level(logging.INFO)
    with FakeStorage(api_key=KEY) as fake:
        with StorageClient(fake.url, api_key=KEY) as storage:
            storage.upload(b"png", "image/png")
        with httpx.Client() as mine, StorageClient(fake.url, api_key=KEY, http_client=mine) as storage:
            storage.upload(b"png", "image/png")

        async def go() -> None:
            async with AsyncStorageClient(fake.url, api_key=KEY, transport=httpx.AsyncHTTPTransport()) as storage:
                await storage.upload(b"png", "image/png")

        asyncio.run(go())
        # the user's own httpx requests keep their query strings in httpx's line
        with httpx.Client() as plain:
            plain.get(fake.store_url + "/x?mine=1")
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    puts = [line for line in lines if "HTTP Request: PUT" in line]
    assert len(puts) == 2, lines
    assert all("?" not in line.split('"')[0] for line in puts), puts
    assert "Signature=" not in caplog.text and KEY not in caplog.text
    assert any("/x?mine=1" in line for line in lines)


def test_the_handler_masks_a_token_or_signature_that_reached_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    """The last guard of the STORAGE_SDK_LOG handler (the SDK's own messages carry neither)."""
    import logging

    from storage_sdk._core._common import logger, setup_logging

    handler = setup_logging({"STORAGE_SDK_LOG": "info"})
    assert handler is not None
    try:
        logger.info("echo %s and %s", "Bearer t0ken-xyz", "https://s3/b/k?X-Amz-Signature=deadbeef&x=1")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    err = capsys.readouterr().err
    assert "t0ken-xyz" not in err and "deadbeef" not in err
    assert "Bearer ***" in err and "X-Amz-Signature=***&x=1" in err
