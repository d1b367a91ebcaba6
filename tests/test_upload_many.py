"""``upload_many`` on both storage clients (issue 18, item 4), against FakeStorage (its object store
checks the presigned signature and Content-Type), over HTTP and HTTPS."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from storage_sdk import AsyncStorageClient, StorageAuthError, StorageClient, StorageError, UploadResult
from storage_sdk.testing import FakeStorage

KEY = "k3y-value"
_SHARED = io.BytesIO(b"one file object, twice")
MODES = ["sync", "async"]


def client_for(mode: str, fake: FakeStorage, **kw: Any) -> Any:
    if fake.ca_file is not None:
        kw.setdefault("verify", fake.ca_file)
    cls = StorageClient if mode == "sync" else AsyncStorageClient
    return cls(fake.url, api_key=KEY, **kw)


def upload_many(mode: str, fake: FakeStorage, *args: Any, client_kw: dict[str, Any] | None = None, **kw: Any) -> Any:
    if mode == "sync":
        with client_for(mode, fake, **(client_kw or {})) as storage:
            return storage.upload_many(*args, **kw)

    async def go() -> Any:
        async with client_for(mode, fake, **(client_kw or {})) as storage:
            return await storage.upload_many(*args, **kw)

    return asyncio.run(go())


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("mode", MODES)
def test_every_kind_of_source_in_input_order(mode: str, https: bool, tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"from a path")
    sources = [b"bytes", path, io.BytesIO(b"a file"), [b"an ", b"iterator"], bytearray(b"bytearray")]
    expected = [b"bytes", b"from a path", b"a file", b"an iterator", b"bytearray"]
    with FakeStorage(api_key=KEY, https=https) as fake:
        outcomes = upload_many(mode, fake, sources, "image/png", prefix="bulk", concurrency=3)
        assert all(isinstance(o, UploadResult) for o in outcomes), outcomes
        stored = fake.objects
        assert [stored[o.key].data for o in outcomes] == expected  # each outcome belongs to its source
        assert all(o.key.startswith("bulk/") and stored[o.key].content_type == "image/png" for o in outcomes)
        # the presigned PUTs carried no API key
        assert all(r.header("x-api-key") is None for r in fake.store_requests)


@pytest.mark.parametrize("mode", MODES)
def test_content_types_are_guessed_from_paths(mode: str, tmp_path: Path) -> None:
    names = ["a.png", "b.jpg", "c.gif", "d.tar.gz"]
    for name in names:
        (tmp_path / name).write_bytes(name.encode())
    with FakeStorage(api_key=KEY, allowed_content_types=None) as fake:
        outcomes = upload_many(mode, fake, [tmp_path / n for n in names])
        kinds = [fake.objects[o.key].content_type for o in outcomes]
    assert kinds == ["image/png", "image/jpeg", "image/gif", "application/gzip"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("sources", "content_type", "error", "text"),
    [
        ([b"x"], None, ValueError, "sources[0] is bytes"),
        (["ok.png", "no-extension"], None, ValueError, "sources[1] ('no-extension')"),
        ([b"x", 42], "image/png", TypeError, "sources[1] must be bytes"),
        ([io.StringIO("text")], "image/png", TypeError, "sources[0] is a text file"),
        ("photo.png", "image/png", TypeError, "not one source"),
        (b"raw", "image/png", TypeError, "not one source"),
        (42, "image/png", TypeError, "sources must be an iterable"),
        ([b"x"], "not a type", ValueError, "content_type"),
        ([_SHARED, b"x", _SHARED], "image/png", ValueError, "sources[2] is the same object as sources[0]"),
    ],
)
def test_bad_input_raises_before_anything_is_sent(
    mode: str, sources: Any, content_type: Any, error: type[Exception], text: str
) -> None:
    with FakeStorage(api_key=KEY) as fake:
        with pytest.raises(error) as info:
            upload_many(mode, fake, sources, content_type)
        assert text in str(info.value)
        assert fake.requests == [] and fake.store_requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"concurrency": 0}, ValueError),
        ({"concurrency": True}, TypeError),
        ({"progress": 3}, TypeError),
        ({"prefix": 3}, TypeError),
    ],
)
def test_bad_options_raise_before_anything_is_sent(mode: str, kw: dict[str, Any], error: type[Exception]) -> None:
    with FakeStorage(api_key=KEY) as fake:
        with pytest.raises(error):
            upload_many(mode, fake, [b"x"], "image/png", **kw)
        assert fake.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_one_failure_neither_stops_nor_hides_the_others(mode: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.png"
    with FakeStorage(api_key=KEY) as fake:
        fake.fail_next(403, "key revoked for this one", path="/uploads")
        outcomes = upload_many(mode, fake, [b"0", b"1", missing, b"3"], "image/png", concurrency=1)
    assert isinstance(outcomes[0], StorageAuthError) and outcomes[0].status_code == 403
    assert isinstance(outcomes[1], UploadResult) and isinstance(outcomes[3], UploadResult)
    assert isinstance(outcomes[2], FileNotFoundError)
    assert len([o for o in outcomes if isinstance(o, UploadResult)]) == 2


@pytest.mark.parametrize("mode", MODES)
def test_at_most_concurrency_uploads_at_once(mode: str) -> None:
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    class Slow(FakeStorage):
        def _store_object(self, key: str, data: bytes, content_type: str) -> None:
            nonlocal in_flight, peak
            with lock:
                in_flight += 1
                peak = max(peak, in_flight)
            time.sleep(0.05)
            with lock:
                in_flight -= 1
            super()._store_object(key, data, content_type)

    with Slow(api_key=KEY) as fake:
        outcomes = upload_many(mode, fake, [bytes([i]) for i in range(12)], "image/png", concurrency=3)
        assert len(fake.objects) == 12
    assert all(isinstance(o, UploadResult) for o in outcomes)
    assert 2 <= peak <= 3


@pytest.mark.parametrize("mode", MODES)
def test_progress_counts_across_all_sources(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "p.png"
    path.write_bytes(b"p" * 100_000)
    seen: list[tuple[int, int | None]] = []
    lock = threading.Lock()

    def progress(sent: int, total: int | None) -> None:
        with lock:
            seen.append((sent, total))

    with FakeStorage(api_key=KEY) as fake:
        upload_many(mode, fake, [b"a" * 200_000, path, b"b"], "image/png", concurrency=2, progress=progress)
    total = 200_000 + 100_000 + 1
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(t == total for _, t in seen)
    sent = [s for s, _ in seen]
    assert sent == sorted(sent)  # reported under one lock: never goes back
    # the size of an iterator is not known beforehand
    seen.clear()
    with FakeStorage(api_key=KEY) as fake:
        upload_many(mode, fake, [b"a", iter([b"bc"])], "image/png", progress=progress)
    assert seen[0] == (0, None) and seen[-1] == (3, None)


def test_cancelling_the_async_call_cancels_the_uploads_in_flight() -> None:
    received = threading.Event()

    class Slow(FakeStorage):
        def _store_object(self, key: str, data: bytes, content_type: str) -> None:
            super()._store_object(key, data, content_type)

    async def slow_source(n: int) -> Any:
        yield b"x" * 1000
        received.set()
        await asyncio.sleep(30)
        yield b"never"

    async def scenario(fake: FakeStorage) -> None:
        async with AsyncStorageClient(fake.url, api_key=KEY) as storage:
            sources = [b"fast", b"fast too"]
            task = asyncio.ensure_future(storage.upload_many([*sources, slow_source(0)], "image/png", concurrency=3))
            await asyncio.to_thread(received.wait, 10)
            await asyncio.sleep(0.2)
            task.cancel()
            started = time.monotonic()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - started < 2
            # the client works on afterwards
            assert isinstance(await storage.upload(b"after", "image/png"), UploadResult)

    with Slow(api_key=KEY) as fake:
        asyncio.run(asyncio.wait_for(scenario(fake), 30))
        assert sorted(o.data for o in fake.objects.values()) == [b"after", b"fast", b"fast too"]


def test_cancelling_the_async_call_mid_put_leaves_no_half_written_object() -> None:
    """A PUT cut while its body is being sent: the object store never stores a part of it."""
    big = b"z" * (8 * 1024 * 1024)

    async def scenario(fake: FakeStorage) -> None:
        async with AsyncStorageClient(fake.url, api_key=KEY) as storage:
            underway = asyncio.Event()

            def progress(sent: int, _total: int | None) -> None:
                if sent > 1024 * 1024:
                    underway.set()

            task = asyncio.ensure_future(storage.upload_many([big] * 4, "image/png", concurrency=4, progress=progress))
            await underway.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await asyncio.sleep(0.5)
            assert isinstance(await storage.upload(b"after", "image/png"), UploadResult)

    with FakeStorage(api_key=KEY, max_upload_size=64 * 1024 * 1024) as fake:
        asyncio.run(asyncio.wait_for(scenario(fake), 60))
        assert all(o.data in (big, b"after") for o in fake.objects.values())


def test_interrupting_the_sync_call_stops_the_uploads_in_flight() -> None:
    big = b"z" * (4 * 1024 * 1024)
    with (
        FakeStorage(api_key=KEY, max_upload_size=64 * 1024 * 1024) as fake,
        StorageClient(fake.url, api_key=KEY) as storage,
    ):

        def progress(sent: int, total: int | None) -> None:
            if sent > 2 * 1024 * 1024:
                raise KeyboardInterrupt  # what Ctrl-C raises in the thread that waits

        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            storage.upload_many([big] * 20, "image/png", concurrency=4, progress=progress)
        assert time.monotonic() - started < 20
        done = len(fake.objects)
        assert done < 20  # not every upload was made
        assert all(o.data == big for o in fake.objects.values())  # and none half
        assert isinstance(storage.upload(b"after", "image/png"), UploadResult)


def test_sync_uploads_share_the_one_client(tmp_path: Path) -> None:
    with FakeStorage(api_key=KEY) as fake, StorageClient(fake.url, api_key=KEY) as storage:
        outcomes = storage.upload_many([bytes([i]) for i in range(16)], "image/png", concurrency=4)
        assert all(isinstance(o, UploadResult) for o in outcomes)
        assert len({o.key for o in outcomes}) == 16
        assert isinstance(storage.upload_many([], "image/png"), list)
        assert storage.upload_many([], "image/png") == []


@pytest.mark.parametrize("mode", MODES)
def test_an_error_outcome_is_the_sdk_exception_with_its_cause(mode: str) -> None:
    with FakeStorage(api_key="another-key") as fake:
        outcomes = upload_many(mode, fake, [b"x", b"y"], "image/png")
    assert all(isinstance(o, StorageAuthError) for o in outcomes)
    assert all(isinstance(o, StorageError) and KEY not in str(o) for o in outcomes)


def test_the_async_client_reads_files_off_the_event_loop_and_reports_progress_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow disk never blocks the loop: a file is read in a worker thread (pread, 1 MiB at a time,
    the next chunk while this one is sent); bytes in memory are sliced in the loop."""
    import os

    reads: set[int] = set()
    reports: set[int] = set()
    real_pread = os.pread

    def pread(fd: int, size: int, offset: int) -> bytes:
        reads.add(threading.get_ident())
        return real_pread(fd, size, offset)

    monkeypatch.setattr(os, "pread", pread)
    data = os.urandom(3 * 1024 * 1024 + 5)
    path = tmp_path / "big.png"
    path.write_bytes(data)

    async def scenario(fake: FakeStorage) -> int:
        async with AsyncStorageClient(fake.url, api_key=KEY) as storage:
            with path.open("rb") as file:
                file.read(5)  # sent from the file's position on
                for source, expected in ((path, data), (file, data[5:])):
                    result = await storage.upload(
                        source, "image/png", progress=lambda s, t: reports.add(threading.get_ident())
                    )
                    assert fake.objects[result.key].data == expected
        return threading.get_ident()

    with FakeStorage(api_key=KEY, max_upload_size=64 * 1024 * 1024) as fake:
        loop_thread = asyncio.run(scenario(fake))
    assert reads and loop_thread not in reads
    assert reports == {loop_thread}


@pytest.mark.parametrize("mode", MODES)
def test_a_file_wrapper_with_its_own_fileno_sends_what_it_reads(mode: str, tmp_path: Path) -> None:
    """``gzip.open(...)`` has the compressed file's fileno(): the upload must send the decompressed
    bytes its read() gives, not the bytes at the descriptor (over HTTPS, the default engine)."""
    import gzip
    import os

    data = os.urandom(1024) * 3000  # 3 MB, several chunks
    path = tmp_path / "photo.png.gz"
    with gzip.open(path, "wb") as f:
        f.write(data)
    with FakeStorage(api_key=KEY, https=True, max_upload_size=64 * 1024 * 1024) as fake:
        with gzip.open(path, "rb") as file:
            (outcome,) = upload_many(mode, fake, [file], "image/png")
        assert isinstance(outcome, UploadResult), outcome
        assert fake.objects[outcome.key].data == data
