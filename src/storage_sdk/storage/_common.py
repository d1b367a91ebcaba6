"""What the storage facades share and that does no network I/O: argument checks and upload bodies.

The presigned PUT needs a ``Content-Length`` (S3 rejects chunked uploads), so every ``upload``
source is turned into an :class:`UploadBody` of known size before any request is made:

- bytes-like objects are sent from memory in chunks;
- a path is opened once and streamed from disk;
- a seekable binary file is streamed from its current position to its end;
- anything of unknown size (an iterator or async iterator of bytes, a pipe) is first spooled
  into a ``tempfile.SpooledTemporaryFile``: in memory up to :data:`SPOOL_MEMORY_LIMIT`, on disk
  beyond, so memory stays bounded whatever the size.

The body can be read again from its start, so an idempotent PUT may be retried.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import IO, Any

import httpx

from .._core._common import (
    NOT_GIVEN,
    ClientOptions,
    NotGiven,
    Service,
    check_header_value,
    client_options,
    from_httpx_timeout,
    positive_seconds,
    replaced_options,
)
from .._core._types import Timeouts
from ..errors import StorageInvalidResponse
from ._errors import StorageErrorMapper

DEFAULT_TIMEOUTS = Timeouts(connect=30.0, read=30.0, write=30.0, pool=30.0, total=None)
"""30 s for each phase, as in opengater-storage-client; no total (large uploads take what they take)."""
SERVICE = Service(
    name="opengater-storage",
    secret_header="X-API-Key",
    default_timeouts=DEFAULT_TIMEOUTS,
    errors=StorageErrorMapper,
)
ENV_API_KEY = "STORAGE_API_KEY"
CHUNK_SIZE = 1024 * 1024
"""How much of an ``upload()`` body goes to the connection at a time. Measured on loopback (128 MiB
from a file): 64 KiB chunks gave 775 MB/s sync and 885 async, 1 MiB 1381 and 1716."""
SPOOL_MEMORY_LIMIT = 8 * 1024 * 1024
"""Iterators up to this many bytes are spooled in memory; longer ones go to a temporary file."""

Progress = Callable[[int, int | None], object]
"""``progress(bytes_sent, total)``; ``total`` is None only when the size is unknown."""

BytesLike = bytes | bytearray | memoryview
PathLike = str | os.PathLike[str]
FileContent = BytesLike | PathLike | IO[bytes]
"""What ``upload_file`` takes: bytes, a path, or a binary file object."""
UploadSource = FileContent | Iterable[bytes]
"""What ``StorageClient.upload`` takes: bytes, a path, a binary file, or an iterable of bytes."""
AsyncUploadSource = UploadSource | AsyncIterable[bytes]
"""What ``AsyncStorageClient.upload`` takes: an ``UploadSource`` or an async iterable of bytes."""


# ------------------------------------------------------------------------------------------------
# argument checks (all raise before any I/O)


def resolve_api_key(api_key: object) -> tuple[str, str]:
    """``api_key``, or ``$STORAGE_API_KEY`` when it is None, and the name to use in messages."""
    if api_key is None:
        key = os.environ.get(ENV_API_KEY)
        if not key:
            raise ValueError(f"api_key is required: pass api_key=... or set the {ENV_API_KEY} environment variable")
        return key, ENV_API_KEY
    if not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, got {type(api_key).__name__}")
    if not api_key:
        raise ValueError(f"api_key must not be empty (pass a key, or None to read {ENV_API_KEY})")
    return api_key, "api_key"


def storage_options(
    *,
    base_url: object,
    api_key: object,
    timeout: object,
    total_timeout: object,
    max_retries: object,
    extra_headers: object,
    trust_env: object,
    verify: object = True,
) -> ClientOptions:
    """Check the ``StorageClient`` / ``AsyncStorageClient`` arguments (no message shows the key)."""
    key, key_argument = resolve_api_key(api_key)
    timeouts = storage_timeouts(timeout, check_total_timeout(total_timeout))
    return client_options(
        url=base_url,
        url_argument="base_url",
        secret=key,
        secret_argument=key_argument,
        secret_header="X-API-Key",
        timeout=timeouts,
        max_retries=max_retries,
        extra_headers=extra_headers,
        verify=verify,
        trust_env=trust_env,
    )


def check_total_timeout(total_timeout: object) -> float | None:
    return None if total_timeout is None else positive_seconds(total_timeout, "total_timeout")


def storage_timeouts(timeout: object, total: float | None) -> Timeouts | None:
    """``timeout`` (seconds for each phase, an ``httpx.Timeout``, or None) and the total per attempt."""
    if timeout is None:
        return None if total is None else Timeouts(30.0, 30.0, 30.0, 30.0, total)
    if isinstance(timeout, httpx.Timeout):
        return from_httpx_timeout(timeout, total)
    each = positive_seconds(timeout, "timeout")
    return Timeouts(each, each, each, each, total)


def storage_with_options(
    options: ClientOptions,
    *,
    timeout: object,
    total_timeout: object,
    max_retries: object,
    extra_headers: object,
) -> ClientOptions:
    """A ``with_options()`` call's settings over the client's (each checked as the constructor checks it).

    ``timeout`` alone keeps the total; ``total_timeout`` alone keeps the phases.
    """
    timeouts: Timeouts | NotGiven | None = NOT_GIVEN
    current = options.timeouts
    if not isinstance(timeout, NotGiven) or not isinstance(total_timeout, NotGiven):
        if isinstance(total_timeout, NotGiven):
            total = current.total if current is not None else None
        else:
            total = check_total_timeout(total_timeout)
        if not isinstance(timeout, NotGiven):
            timeouts = storage_timeouts(timeout, total)
        elif current is not None:
            timeouts = Timeouts(current.connect, current.read, current.write, current.pool, total)
        else:
            timeouts = storage_timeouts(None, total)
    return replaced_options(
        options, timeouts=timeouts, max_retries=max_retries, extra_headers=extra_headers, secret_header="X-API-Key"
    )


_TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA_TYPE = re.compile(rf"""{_TOKEN}/{_TOKEN}([ \t]*;[ \t]*{_TOKEN}=("[^"\\\x00-\x1f\x7f]*"|{_TOKEN}))*""")
"""``type/subtype`` and parameters, with only spaces and tabs around the semicolons (RFC 9110 8.3.1)."""


def check_content_type(value: object) -> str:
    """A media type such as ``image/png`` or ``text/plain; charset=utf-8`` (ASCII, as HTTP wants it)."""
    if not isinstance(value, str):
        raise TypeError(f"content_type must be a str, got {type(value).__name__}")
    if not _MEDIA_TYPE.fullmatch(value):
        raise ValueError(f"content_type must be a media type such as 'image/png', got {value[:60]!r}")
    return value


def check_text(value: object, argument: str) -> str:
    """A str without control characters that encodes as UTF-8 (it goes into JSON or a form field)."""
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
    for char in value:
        code = ord(char)
        if code < 0x20 or code == 0x7F:
            raise ValueError(f"{argument} must not contain control characters (CR, LF...), got {value[:60]!r}")
        if 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"{argument} contains text that cannot be encoded (a lone surrogate)")
    return value


def check_prefix(value: object) -> str:
    return check_text(value, "prefix")


def check_filename(value: object) -> str:
    name = check_text(value, "filename")
    if not name:
        raise ValueError("filename must not be empty")
    return name


def check_optional_text(value: object, argument: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str or None, got {type(value).__name__}")
    return check_text(value, argument)


def delete_fields(public_url: object, key: object) -> dict[str, str]:
    """The truthy ones of ``public_url`` and ``key``, public_url first (as opengater-storage-client)."""
    fields = {
        "public_url": check_optional_text(public_url, "public_url"),
        "key": check_optional_text(key, "key"),
    }
    given = {name: value for name, value in fields.items() if value}
    if not given:
        raise ValueError("provide at least one of: public_url, key")
    return given


def presigned_target(upload_url: str, service_url: str) -> str:
    """The presigned PUT URL from the service's answer, if it is one we can send to."""
    try:
        url = httpx.URL(upload_url)
    except (httpx.InvalidURL, UnicodeError, ValueError):
        url = httpx.URL()
    if url.scheme not in ("http", "https") or not url.host:
        raise StorageInvalidResponse(
            detail="upload_url: not an absolute http(s) URL",
            message="invalid response from storage: upload_url is not an absolute http(s) URL",
            method="POST",
            url=service_url + "/uploads",
        )
    try:
        check_header_value(upload_url, "upload_url", secret=True)
    except ValueError:
        raise StorageInvalidResponse(
            detail="upload_url: contains control characters",
            message="invalid response from storage: upload_url contains control characters",
            method="POST",
            url=service_url + "/uploads",
        ) from None
    return upload_url


def check_progress(progress: Progress | None) -> Progress | None:
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a callable(bytes_sent, total) or None, got {type(progress).__name__}")
    return progress


# ------------------------------------------------------------------------------------------------
# upload_file content


def open_file_content(content: object) -> tuple[bytes | IO[bytes], IO[bytes] | None]:
    """``upload_file``'s ``content`` as bytes or a binary file for httpx's multipart encoder.

    Returns the payload and the file this function opened (the caller closes it), if any.
    httpx reads files in 64 KiB chunks, so nothing is read whole into memory.
    """
    if isinstance(content, bytes | bytearray | memoryview):
        # httpx's multipart encoder handles bytes, not the other buffer types
        return content if isinstance(content, bytes) else bytes(content), None
    if isinstance(content, str | os.PathLike):
        opened = open(content, "rb")  # noqa: SIM115 - closed by the caller after the request
        return opened, opened
    if _is_file(content):
        file: IO[bytes] = content  # type: ignore[assignment]
        _check_binary(file, "content")
        return file, None
    raise TypeError(f"content must be bytes, a path or a binary file object, got {type(content).__name__}")


def _is_file(obj: object) -> bool:
    return callable(getattr(obj, "read", None))


def _check_binary(file: Any, argument: str) -> None:
    if isinstance(file, io.TextIOBase) or not isinstance(file.read(0), bytes):
        raise TypeError(f"{argument} must be opened in binary mode ('rb')")


# ------------------------------------------------------------------------------------------------
# upload bodies


class UploadBody:
    """A request body of known length that can be read again from its start.

    Made by :func:`sync_upload_body` or :func:`async_upload_body`; pass ``sync_stream()`` or
    ``async_stream()`` as httpx ``content`` with ``Content-Length: length``, and ``close()`` it.
    """

    def __init__(
        self,
        *,
        data: BytesLike | None = None,
        file: IO[bytes] | None = None,
        start: int = 0,
        length: int,
        owned: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self._data = memoryview(data).cast("B") if data is not None else None
        self._file = file
        self._start = start
        self.length = length
        self._owned = owned
        self._progress = progress

    def chunks(self) -> Iterator[bytes]:
        """The body from its start, in chunks of at most 1 MiB, reporting progress as they go out."""
        progress = self._progress
        sent = 0
        if progress is not None:
            progress(0, self.length)
        if self._data is not None:
            for offset in range(0, self.length, CHUNK_SIZE):
                chunk = bytes(self._data[offset : offset + CHUNK_SIZE])
                yield chunk
                sent += len(chunk)
                if progress is not None:
                    progress(sent, self.length)
            return
        assert self._file is not None
        self._file.seek(self._start)
        while sent < self.length:
            chunk = self._file.read(min(CHUNK_SIZE, self.length - sent))
            if not chunk:
                # the file shrank since its size was taken: stop here and let the
                # Content-Length check in httpx fail the request rather than send garbage
                return
            yield chunk
            sent += len(chunk)
            if progress is not None:
                progress(sent, self.length)

    def sync_stream(self) -> Iterable[bytes]:
        return _SyncStream(self)

    def async_stream(self) -> AsyncIterable[bytes]:
        # memory is sliced in the loop; a file is read in a worker thread, a chunk at a time, so a
        # slow disk never blocks the event loop (progress is still reported from the loop)
        return _AsyncStream(self)

    def close(self) -> None:
        if self._owned and self._file is not None:
            self._file.close()


class _SyncStream:
    def __init__(self, body: UploadBody) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        return self._body.chunks()


class _AsyncStream:
    # only __aiter__: an object that is also Iterable would be taken for a sync stream by httpx
    def __init__(self, body: UploadBody) -> None:
        self._body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        body = self._body
        fd = _fileno(body._file)
        if fd is None:  # memory (bytes, an in-memory spool): sliced in the loop
            for chunk in body.chunks():
                yield chunk
            return
        # an OS file: read in a worker thread with pread (no shared file position, so a read left
        # over from a cancelled attempt cannot disturb the next one), the next chunk read while
        # this one is being sent; progress is reported from the loop
        import asyncio

        loop = asyncio.get_running_loop()
        progress = body._progress
        length = body.length
        start = body._start
        sent = 0
        if progress is not None:
            progress(0, length)
        pending: asyncio.Future[bytes] | None = loop.run_in_executor(None, os.pread, fd, min(CHUNK_SIZE, length), start)
        try:
            while sent < length and pending is not None:
                chunk = await pending
                pending = None
                if not chunk:
                    return  # the file shrank since its size was taken: the Content-Length check fails it
                after = sent + len(chunk)
                if after < length:
                    pending = loop.run_in_executor(None, os.pread, fd, min(CHUNK_SIZE, length - after), start + after)
                yield chunk
                sent = after
                if progress is not None:
                    progress(sent, length)
        finally:
            if pending is not None:  # a read ahead no one waits for: its result (or error) is dropped
                pending.add_done_callback(_drop_result)


def _fileno(file: object) -> int | None:
    """The descriptor of a plain binary OS file (``open(path, "rb")``, a ``TemporaryFile``) that pread
    can read, or None. Only those exact types: a wrapper with a ``fileno()`` of its own (``gzip.open``,
    ``bz2``, a spool, whose fileno() would also move it to disk) sends what its read() gives, which is
    not the bytes at the descriptor; and os.pread is missing on Windows. Those are read in the loop."""
    if not hasattr(os, "pread"):
        return None
    plain: Any = file
    if type(plain) in (io.BufferedReader, io.BufferedRandom):
        if type(plain.raw) is not io.FileIO:
            return None
    elif type(plain) is not io.FileIO:
        return None
    try:
        fd: int = plain.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
    except (OSError, ValueError):
        return None
    return fd


def _drop_result(future: Any) -> None:
    if not future.cancelled():
        future.exception()


def _sized_body(source: object, progress: Progress | None) -> UploadBody | None:
    """The body for a source whose size is known without reading it, or None if it must be spooled."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = memoryview(source).cast("B")
        return UploadBody(data=data, length=len(data), progress=progress)
    if isinstance(source, str | os.PathLike):
        opened = open(source, "rb")  # noqa: SIM115 - owned by the body, closed by its close()
        try:
            length = os.fstat(opened.fileno()).st_size
        except BaseException:
            opened.close()
            raise
        return UploadBody(file=opened, length=length, owned=True, progress=progress)
    if _is_file(source):
        file: Any = source
        _check_binary(file, "source")
        try:
            seekable = bool(file.seekable())
        except (AttributeError, OSError, ValueError):
            seekable = False
        if not seekable:
            return None
        start = file.tell()
        end = file.seek(0, os.SEEK_END)
        file.seek(start)
        return UploadBody(file=file, start=start, length=max(end - start, 0), progress=progress)
    return None


def _check_chunk(chunk: object) -> BytesLike:
    if not isinstance(chunk, bytes | bytearray | memoryview):
        raise TypeError(f"source must yield bytes, got {type(chunk).__name__}")
    return chunk


def _new_spool() -> IO[bytes]:
    import tempfile

    return tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_LIMIT, mode="w+b")


def _spooled(spool: IO[bytes], progress: Progress | None) -> UploadBody:
    length = spool.tell()
    return UploadBody(file=spool, start=0, length=length, owned=True, progress=progress)


def _sync_chunks(source: object) -> Iterator[bytes] | None:
    if _is_file(source):
        file: Any = source
        return iter(lambda: file.read(CHUNK_SIZE), b"")
    if isinstance(source, Iterable) and not isinstance(source, str | dict):
        return iter(source)
    return None


def sync_upload_body(source: object, progress: Progress | None = None) -> UploadBody:
    """Turn an ``upload`` source into a sized body; iterators and pipes are spooled first.

    Raises:
        TypeError: the source is of an unsupported type, a text file, or yields non-bytes.
        OSError: a path cannot be opened, or the source cannot be read.
    """
    body = _sized_body(source, progress)
    if body is not None:
        return body
    chunks = _sync_chunks(source)
    if chunks is None:
        raise TypeError(
            f"source must be bytes, a path, a binary file or an iterable of bytes, got {type(source).__name__}"
        )
    spool = _new_spool()
    try:
        for chunk in chunks:
            spool.write(_check_chunk(chunk))
    except BaseException:
        spool.close()
        raise
    return _spooled(spool, progress)


async def async_upload_body(source: object, progress: Progress | None = None) -> UploadBody:
    """As :func:`sync_upload_body`, and also for async iterables of bytes."""
    if not isinstance(source, AsyncIterable):
        return sync_upload_body(source, progress)
    spool = _new_spool()
    try:
        async for chunk in source:
            spool.write(_check_chunk(chunk))
    except BaseException:
        spool.close()
        raise
    return _spooled(spool, progress)
