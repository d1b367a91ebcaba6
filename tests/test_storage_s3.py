"""The storage clients against real servers on loopback: s3rver behind a tap, and a storage API stand-in.

pytest-httpx would intercept these requests, so nothing here uses the ``httpx_mock`` fixture.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storage_sdk.errors import StorageAuthError
from storage_sdk.storage import AsyncStorageClient, StorageClient
from tests.storage_servers import BUCKET, S3rver, StandIn, Tap

pytestmark = pytest.mark.slow

API_KEY = "sk-loopback-4f1c2a9e7d"
FLAVOURS = ["sync", "async"]


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3rver]:
    directory = tmp_path_factory.mktemp("s3rver")
    server = S3rver(directory, directory / "s3rver.log")
    yield server
    server.stop()


@pytest.fixture
def tap(s3: S3rver) -> Iterator[Tap]:
    relay = Tap(s3.port, [API_KEY.encode(), b"x-api-key"])
    yield relay
    relay.stop()


@pytest.fixture
def stand_in(s3: S3rver, tap: Tap, request: pytest.FixtureRequest) -> Iterator[StandIn]:
    server = StandIn(s3, tap.endpoint, API_KEY)
    failed_before = request.session.testsfailed
    yield server
    server.stop()
    if request.session.testsfailed > failed_before:
        # shown under "Captured stderr teardown" of the failed test; the s3rver log file is kept too
        print(f"s3rver log ({s3.log_path}):\n{s3.log_path.read_text(errors='replace')[-4000:]}", file=sys.stderr)
        print(f"requests through the tap: {tap.request_lines}", file=sys.stderr)
        print(f"stand-in saw: {[(s.method, s.path, s.extra) for s in server.seen]}", file=sys.stderr)


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def call(client: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, name)(*args, **kwargs)
    return await result if inspect.isawaitable(result) else result


@pytest.fixture
async def client(flavour: str, stand_in: StandIn) -> AsyncIterator[Any]:
    if flavour == "sync":
        with StorageClient(stand_in.url, api_key=API_KEY) as sync_client:
            yield sync_client
    else:
        async with AsyncStorageClient(stand_in.url, api_key=API_KEY) as async_client:
            yield async_client


def assert_key_never_reached_s3(tap: Tap, stand_in: StandIn) -> None:
    assert tap.bytes_from_clients > 0, "nothing went through the tap: the check would prove nothing"
    assert tap.hits == [], f"the API key or its header reached the object store: {tap.hits}"
    # and the key did reach the service, so the needle was the right one
    assert all(seen.headers.get("X-API-Key") == API_KEY for seen in stand_in.seen)


def assert_progress(calls: list[tuple[int, int | None]], total: int) -> None:
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    sent = [s for s, _ in calls]
    assert sent == sorted(sent)
    assert {t for _, t in calls} == {total}


def _payload(size: int) -> bytes:
    return os.urandom(size // 2) + b"\r\n--+++\r\n" + bytes(range(256)) * (size // 512)


def _sources(kind: str, data: bytes, tmp_path: Path) -> Any:
    if kind == "bytes":
        return data
    if kind in ("path", "file"):
        path = tmp_path / "source.bin"
        path.write_bytes(data)
        return path if kind == "path" else path.open("rb")
    if kind == "iterator":
        return iter([data[i : i + 10_000] for i in range(0, len(data), 10_000)])

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), 10_000):
            yield data[i : i + 10_000]

    return chunks()


@pytest.mark.parametrize("kind", ["bytes", "path", "file", "iterator", "async iterator"])
async def test_upload_puts_the_bytes_to_s3(
    kind: str, flavour: str, client: Any, stand_in: StandIn, tap: Tap, tmp_path: Path
) -> None:
    data = _payload(300_000)
    if kind == "async iterator" and flavour == "sync":
        with pytest.raises(TypeError, match="source must be"):
            await call(client, "upload", _sources(kind, data, tmp_path), "image/png")
        assert [s for s in stand_in.seen if s.method == "POST"] == []  # nothing was asked for
        return
    source = _sources(kind, data, tmp_path)
    calls: list[tuple[int, int | None]] = []
    try:
        result = await call(
            client, "upload", source, "image/png", "news/articles", progress=lambda s, t: calls.append((s, t))
        )
    finally:
        if kind == "file":
            source.close()
    assert result.key.startswith("news/articles/")
    assert result.public_url == stand_in.public_url(result.key)
    assert stand_in.read_object(result.key) == data
    assert_progress(calls, len(data))
    assert any(line.startswith(f"PUT /{BUCKET}/news/articles/") for line in tap.request_lines)
    assert_key_never_reached_s3(tap, stand_in)


async def test_upload_file_goes_through_the_service_byte_exact(
    client: Any, stand_in: StandIn, tap: Tap, tmp_path: Path
) -> None:
    data = _payload(200_000)  # contains "\r\n--+++": a fixed boundary would corrupt it
    path = tmp_path / "photo.png"
    path.write_bytes(data)
    stored = await call(client, "upload_file", path, "photo.png", "image/png", prefix="gallery")
    assert stored.key == "gallery/photo.png"
    assert stand_in.read_object(stored.key) == data
    assert stand_in.seen[-1].extra == {"filename": "photo.png", "part_type": "image/png", "size": len(data)}
    assert tap.hits == []


@pytest.mark.parametrize("by", ["key", "public_url"])
async def test_delete_object_removes_it(by: str, client: Any, stand_in: StandIn) -> None:
    result = await call(client, "upload", b"to be deleted", "text/plain")
    assert stand_in.object_exists(result.key)
    await call(client, "delete_object", **{by: getattr(result, by)})
    assert not stand_in.object_exists(result.key)
    assert json.loads(stand_in.seen[-1].body) == {by: getattr(result, by)}


async def test_an_expired_url_fails_and_returns_nothing(client: Any, stand_in: StandIn, tap: Tap) -> None:
    stand_in.config.expires_in = 1
    stand_in.config.sleep_after_presign = 2.5  # the URL has expired when the client gets it
    with pytest.raises(StorageAuthError) as info:
        await call(client, "upload", b"late", "image/png", "expired")
    assert info.value.status_code == 403
    assert "expired" in (info.value.detail or "").lower()
    assert info.value.method == "PUT"
    assert info.value.url is not None
    assert "?" not in info.value.url  # the signature is not in the error
    assert API_KEY not in repr(info.value) + str(info.value)
    assert stand_in.keys_under("expired/") == []
    assert_key_never_reached_s3(tap, stand_in)


async def test_a_content_type_other_than_the_signed_one_fails(client: Any, stand_in: StandIn, tap: Tap) -> None:
    stand_in.config.signature = "s3"  # SigV2: s3rver checks the signature, which covers Content-Type
    stand_in.config.sign_content_type = "image/jpeg"
    with pytest.raises(StorageAuthError) as info:
        await call(client, "upload", b"png bytes", "image/png", "mismatch")
    assert info.value.status_code == 403
    assert stand_in.keys_under("mismatch/") == []
    assert "SignatureDoesNotMatch" in (info.value.detail or "")
    assert_key_never_reached_s3(tap, stand_in)


async def test_a_sigv2_url_with_the_signed_content_type_works(client: Any, stand_in: StandIn) -> None:
    # the control for the test above: the same kind of URL succeeds when the types agree
    stand_in.config.signature = "s3"
    result = await call(client, "upload", b"png bytes", "image/png", "match")
    assert stand_in.read_object(result.key) == b"png bytes"


def test_the_tap_does_catch_a_key_that_is_sent(s3: S3rver) -> None:
    relay = Tap(s3.port, [API_KEY.encode(), b"x-api-key"])
    try:
        with httpx.Client() as raw:
            raw.put(f"{relay.endpoint}/{BUCKET}/control", content=b"x", headers={"X-Api-Key": API_KEY})
    finally:
        relay.stop()
    assert sorted(relay.hits) == sorted([API_KEY.lower().encode(), b"x-api-key"])


# Peak memory of the uploading process. ru_maxrss is not usable as is: Linux carries the parent's
# peak (pytest's, ~70 MiB) into a child across exec, which hides anything smaller. /proc/self's
# VmHWM is the peak of this process's own memory, and writing "5" to clear_refs resets it to the
# current RSS, so "peak during the upload minus RSS before it" is exact. ru_maxrss is reported too.
MEMORY_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, re, resource, sys
    from storage_sdk.storage import AsyncStorageClient, StorageClient

    flavour, base, warm, big = sys.argv[1:5]

    def kib(field):
        with open("/proc/self/status") as f:
            return int(re.search(field + r":\\s+(\\d+) kB", f.read()).group(1))

    def reset_peak():
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return kib("VmRSS")

    last = []
    def progress(sent, total):
        last[:] = [sent, total]

    def run_sync():
        with StorageClient(base) as client:
            client.upload(warm, "application/octet-stream")  # warm up imports, pool, code paths
            before = reset_peak()
            result = client.upload(big, "application/octet-stream", progress=progress)
            return before, kib("VmHWM"), result.key

    async def run_async():
        async with AsyncStorageClient(base) as client:
            await client.upload(warm, "application/octet-stream")
            before = reset_peak()
            result = await client.upload(big, "application/octet-stream", progress=progress)
            return before, kib("VmHWM"), result.key

    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before, peak, key = run_sync() if flavour == "sync" else asyncio.run(run_async())
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    control_before = reset_peak()
    with open(big, "rb") as f:
        whole = f.read()  # control: reading the file whole must show up in the same measure
    control_peak = kib("VmHWM")
    print(json.dumps({
        "before": before, "peak": peak, "control_before": control_before, "control_peak": control_peak,
        "maxrss_before": maxrss_before, "maxrss_after": maxrss_after, "key": key, "last": last,
    }))
    """
)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_a_50_mb_file_is_streamed_not_loaded(
    flavour: str, stand_in: StandIn, tap: Tap, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = 50 * 1024 * 1024
    big, warm = tmp_path / "big.bin", tmp_path / "warm.bin"
    digest = hashlib.sha256()
    with big.open("wb") as f:
        for _ in range(50):
            block = os.urandom(1024 * 1024)
            digest.update(block)
            f.write(block)
    warm.write_bytes(os.urandom(1024 * 1024))
    env = {**os.environ, "STORAGE_API_KEY": API_KEY}
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, flavour, stand_in.url, str(warm), str(big)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    growth_mib = (figures["peak"] - figures["before"]) / 1024
    control_mib = (figures["control_peak"] - figures["control_before"]) / 1024
    with capsys.disabled():
        print(
            f"\n[{flavour}] 50 MiB upload: RSS {figures['before'] / 1024:.1f} MiB before, peak "
            f"{figures['peak'] / 1024:.1f} MiB (+{growth_mib:.1f}); reading the file whole: +{control_mib:.1f} MiB; "
            f"ru_maxrss {figures['maxrss_before'] / 1024:.1f} -> {figures['maxrss_after'] / 1024:.1f} MiB"
        )
    assert control_mib > 40, "the measurement cannot see a whole-file read: it would prove nothing"
    assert growth_mib < 10, f"uploading 50 MiB grew the peak RSS by {growth_mib:.1f} MiB"
    assert figures["last"] == [size, size]
    got = hashlib.sha256()
    body = stand_in._direct.get_object(Bucket=BUCKET, Key=figures["key"])["Body"]
    for chunk in iter(lambda: body.read(1024 * 1024), b""):
        got.update(chunk)
    body.close()
    assert got.hexdigest() == digest.hexdigest()
    assert_key_never_reached_s3(tap, stand_in)
