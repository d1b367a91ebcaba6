"""``upload_many``: many ``upload()`` calls, at most ``concurrency`` at once, one outcome per source.

Everything is checked before anything is sent (the sources, their content types, the options);
then each source goes through the client's own ``upload()``, so retries, timeouts, errors and
secrets behave exactly as for one upload. The async runner uses tasks, the sync one a bounded
thread pool over the one client (its connections are shared, httpx's client is thread-safe).
"""

from __future__ import annotations

import asyncio
import io
import mimetypes
import os
import threading
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable
from typing import Any

from ._common import Progress, check_content_type, check_prefix, check_progress

_ENCODED = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "br": "application/x-brotli",
    "compress": "application/x-compress",
}
"""What a compressed file is sent as: ``mimetypes`` names ``a.tar.gz`` as a tar with a gzip encoding,
but the object stored is the gzip file."""


class Stopped(Exception):
    """Raised into an upload in flight when its ``upload_many`` call is cancelled (sync client)."""


class Plan:
    """The checked arguments of one ``upload_many`` call."""

    def __init__(
        self,
        sources: list[Any],
        content_types: list[str],
        prefix: str,
        concurrency: int,
        progress: Progress | None,
        total: int | None,
    ) -> None:
        self.sources = sources
        self.content_types = content_types
        self.prefix = prefix
        self.concurrency = concurrency
        self.progress = progress
        self.total = total
        self._lock = threading.Lock()
        self._sent = [0] * len(sources)
        self._sum = 0
        self.stop = threading.Event()

    def progress_of(self, index: int) -> Progress:
        """The ``progress`` given to the upload of source ``index``: adds it to the total (a retried
        PUT that starts again from 0 takes its bytes back out) and stops it once the call is cancelled."""

        def report(sent: int, _total: int | None) -> None:
            if self.stop.is_set():
                raise Stopped("upload_many was cancelled")
            if self.progress is None:
                return
            with self._lock:
                self._sum += sent - self._sent[index]
                self._sent[index] = sent
                self.progress(self._sum, self.total)

        return report


def plan_async_uploads(
    sources: object, content_type: object, prefix: object, concurrency: object, progress: object
) -> Plan:
    """``plan_uploads`` for the async client (async iterables are sources too)."""
    return plan_uploads(sources, content_type, prefix, concurrency, progress, allow_async=True)


def plan_sync_uploads(
    sources: object, content_type: object, prefix: object, concurrency: object, progress: object
) -> Plan:
    """``plan_uploads`` for the sync client."""
    return plan_uploads(sources, content_type, prefix, concurrency, progress, allow_async=False)


def plan_uploads(
    sources: object,
    content_type: object,
    prefix: object,
    concurrency: object,
    progress: object,
    *,
    allow_async: bool,
) -> Plan:
    """Check everything ``upload_many`` was given; raise ValueError/TypeError naming the culprit."""
    one = isinstance(sources, str | bytes | bytearray | memoryview | os.PathLike)
    if one or callable(getattr(sources, "read", None)):
        raise TypeError("sources must be a list (or another iterable) of sources, not one source")
    if not isinstance(sources, Iterable):
        raise TypeError(f"sources must be an iterable of sources, got {type(sources).__name__}")
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise TypeError(f"concurrency must be an int, got {type(concurrency).__name__}")
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")
    checked_progress = check_progress(progress)  # type: ignore[arg-type]
    checked_prefix = check_prefix(prefix)
    given = None if content_type is None else check_content_type(content_type)
    items = list(sources)
    content_types: list[str] = []
    sizes: list[int | None] = []
    seen: dict[int, int] = {}
    for index, source in enumerate(items):
        _check_source(source, index, allow_async)
        if not isinstance(source, bytes | bytearray | memoryview | str | os.PathLike):
            # a file or iterator read by two uploads at once would interleave their bytes
            first = seen.setdefault(id(source), index)
            if first != index:
                raise ValueError(f"sources[{index}] is the same object as sources[{first}]: pass each file once")
        content_types.append(given if given is not None else _guess(source, index))
        sizes.append(_size(source))
    total = None if any(size is None for size in sizes) else sum(size for size in sizes if size is not None)
    return Plan(items, content_types, checked_prefix, concurrency, checked_progress, total)


def _check_source(source: object, index: int, allow_async: bool) -> None:
    if isinstance(source, bytes | bytearray | memoryview | str | os.PathLike):
        return
    if callable(getattr(source, "read", None)):
        if isinstance(source, io.TextIOBase):
            raise TypeError(f"sources[{index}] is a text file: open it in binary mode ('rb')")
        return
    if isinstance(source, Iterable) and not isinstance(source, dict):
        return
    if allow_async and isinstance(source, AsyncIterable):
        return
    raise TypeError(
        f"sources[{index}] must be bytes, a path, a binary file or an iterable of bytes, got {type(source).__name__}"
    )


def _guess(source: object, index: int) -> str:
    """The content type of a path, from its name; anything else needs ``content_type``."""
    if not isinstance(source, str | os.PathLike):
        raise ValueError(
            f"sources[{index}] is {type(source).__name__}, which has no name to guess a content type from: "
            "pass content_type=..."
        )
    name = os.fspath(source)
    kind, encoding = mimetypes.guess_type(name, strict=False)
    if encoding is not None:
        kind = _ENCODED.get(encoding)
    if kind is None:
        raise ValueError(
            f"sources[{index}] ({os.path.basename(name)!r}): no content type can be guessed from its name; "
            "pass content_type=..."
        )
    return kind


def _size(source: object) -> int | None:
    """The number of bytes a source will send, when known without reading it."""
    if isinstance(source, bytes | bytearray | memoryview):
        return memoryview(source).nbytes
    if isinstance(source, str | os.PathLike):
        try:
            return os.path.getsize(source)
        except OSError:
            return None  # the upload of this source reports why
    return None


# ------------------------------------------------------------------------------------------------
# the runners: Upload is the client's own upload(source, content_type, prefix, progress=...)


async def async_upload_many(upload: Callable[..., Awaitable[Any]], plan: Plan) -> list[Any]:
    """At most ``plan.concurrency`` tasks; cancelling the call cancels the uploads in flight."""
    outcomes: list[Any] = [None] * len(plan.sources)
    pending = iter(range(len(plan.sources)))
    if plan.progress is not None:
        plan.progress(0, plan.total)

    async def worker() -> None:
        for index in pending:
            try:
                outcomes[index] = await upload(
                    plan.sources[index], plan.content_types[index], plan.prefix, progress=plan.progress_of(index)
                )
            except Exception as exc:  # the outcome of this source; the others go on
                outcomes[index] = exc

    async with asyncio.TaskGroup() as group:
        for _ in range(min(plan.concurrency, len(plan.sources))):
            group.create_task(worker())
    return outcomes


def sync_upload_many(upload: Callable[..., Any], plan: Plan) -> list[Any]:
    """At most ``plan.concurrency`` threads; an interrupt (Ctrl-C) stops the uploads in flight at
    their next chunk (their connections are closed, not reused) and starts no other."""
    from concurrent.futures import ThreadPoolExecutor

    outcomes: list[Any] = [None] * len(plan.sources)
    pending = iter(range(len(plan.sources)))
    lock = threading.Lock()
    if plan.progress is not None:
        plan.progress(0, plan.total)

    def worker() -> None:
        while not plan.stop.is_set():
            with lock:
                index = next(pending, None)
            if index is None:
                return
            try:
                outcomes[index] = upload(
                    plan.sources[index], plan.content_types[index], plan.prefix, progress=plan.progress_of(index)
                )
            except Exception as exc:  # the outcome of this source; the others go on
                outcomes[index] = exc

    workers = min(plan.concurrency, len(plan.sources))
    if workers == 0:
        return outcomes
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="storage-sdk-upload") as pool:
        futures = [pool.submit(worker) for _ in range(workers)]
        try:
            for future in futures:
                future.result()
        except BaseException:
            plan.stop.set()
            raise
    return outcomes
