"""The opengater-storage client.

The async class is the hand-written source; ``scripts/unasync.py`` writes the sync twin from it.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
import storage_sdk_gen_storage.models as models

from .._core._async_http import AsyncHTTPCore
from .._core._common import DEFAULT_MAX_RETRIES, NOT_GIVEN, NotGiven
from .._core._lazy import lazy
from ._bulk import async_upload_many, plan_async_uploads
from ._common import (
    SERVICE,
    AsyncUploadSource,
    FileContent,
    Progress,
    async_upload_body,
    check_content_type,
    check_filename,
    check_prefix,
    check_progress,
    delete_fields,
    open_file_content,
    presigned_target,
    storage_options,
    storage_with_options,
)

if TYPE_CHECKING:
    import aiohttp  # async only
    from storage_sdk_gen_storage import types
    from storage_sdk_gen_storage.api.uploads import create_upload, delete_object, upload_file
    from storage_sdk_gen_storage.models import StoredObject, UploadResult
else:  # the operations are imported on first use (import time): see _core/_lazy.py
    create_upload, delete_object, upload_file = lazy(
        "storage_sdk_gen_storage.api.uploads", "create_upload", "delete_object", "upload_file"
    )
    (types,) = lazy("storage_sdk_gen_storage", "types")


class AsyncStorageClient:
    """Asynchronous client for the opengater-storage upload API.

    Same operations, arguments and errors as opengater-storage-client 0.2.2 (``create_upload``,
    ``delete_object``, ``upload_file``), plus ``upload`` which also PUTs the bytes to the
    presigned URL. Use it as a context manager, or call ``aclose()`` when done.

    Args:
        base_url: root of the service, e.g. ``"http://opengater-storage:8000"``. Trailing
            slashes are ignored; a path prefix (``"http://gw/storage"``) is kept.
        api_key: sent as ``X-API-Key`` to the service (and only to its origin: never to the
            presigned URL). None reads the ``STORAGE_API_KEY`` environment variable.
        timeout: seconds for each phase (connect, write, each read, pool wait) of each attempt,
            as in opengater-storage-client; an ``httpx.Timeout`` for finer control. None keeps
            ``http_client``'s own timeout (30 s on the client's own connections).
        total_timeout: seconds for each attempt as a whole, from connecting to the last byte
            of the answer (None, the default: no total, so a large upload is never cut short).
            An attempt that runs out of it is not retried.
        max_retries: retries after a connection failure or a 429/502/503/504. POSTs are
            retried only when the connection was never made, so nothing is created twice;
            the presigned PUT and DELETE are idempotent and retried after any transport
            failure too. Delays grow from 0.5 s to 8 s with jitter; ``Retry-After`` is honoured.
        extra_headers: headers sent with every request to the service (not ``X-API-Key``, and never
            to the presigned URL); checked here.
        trust_env: honour ``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY`` (and ``ALL_PROXY`` on
            the sync clients) and ``SSL_CERT_*`` from the environment. Off by default, as in
            opengater-storage-client 0.2.1+.
        verify: TLS verification for the service and the presigned URLs: True, False, a CA
            bundle path or an ``ssl.SSLContext`` (a private-CA MinIO, say).
        http_client: an ``httpx.AsyncClient`` to send through (its transport, limits, proxies);
            it is used as it is and never closed by this client.
        transport: an ``httpx.AsyncBaseTransport`` for the client's own httpx client, e.g.
            ``httpx.MockTransport`` in tests. Closed with this client; not with ``http_client``.
        session: async clients only: an ``aiohttp.ClientSession`` to send through, used as it
            is and never closed by this client.

    Without ``http_client``, ``transport`` or ``session``, the async clients send through
    aiohttp (one ``ClientSession`` per event loop) and the sync clients through an httpx client
    of their own; while pytest-httpx or respx has patched httpx, the async clients built then
    send through httpx too, so the mocks see them.

    Raises:
        ValueError: no API key (neither ``api_key`` nor ``STORAGE_API_KEY``), or an invalid
            ``base_url``, ``timeout`` or ``max_retries``.
        TypeError: an argument of the wrong type.

    Example:
        >>> async with AsyncStorageClient("http://opengater-storage:8000", api_key="my-key") as storage:
        ...     result = await storage.upload(b"...", "image/png", prefix="news")
        ...     print(result.public_url)
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        *,
        total_timeout: float | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        extra_headers: Mapping[str, str] | None = None,
        trust_env: bool = False,
        verify: bool | str | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        session: aiohttp.ClientSession | None = None,  # async only
    ) -> None:
        options = storage_options(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            total_timeout=total_timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            trust_env=trust_env,
            verify=verify,
        )
        self._core = AsyncHTTPCore(
            SERVICE,
            options,
            http_client=http_client,
            transport=transport,
            session=session,  # async only
        )

    @property
    def base_url(self) -> str:
        """The service root, without trailing slashes."""
        return self._core.shown_base

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._core.shown_base!r})"

    async def __aenter__(self) -> AsyncStorageClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        total_timeout: float | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
    ) -> AsyncStorageClient:
        """A copy of this client with other settings, sharing its connections (no new pool).

        Arguments left out keep this client's settings; each given one is checked as the
        constructor checks it. Closing the copy leaves the connections open for this client;
        closing this client closes them, and the copy's calls then raise ``ClientClosedError``.

        Args:
            timeout: seconds for each phase of each attempt (an ``httpx.Timeout`` for finer
                control); the total per attempt stays as it was unless ``total_timeout`` is given.
            total_timeout: seconds for each attempt as a whole (None: no total).
            max_retries: retries after a connection failure or a 429/502/503/504.
            extra_headers: headers sent with every request to the service, merged over this client's.

        Returns:
            AsyncStorageClient: the copy.

        Raises:
            ValueError, TypeError: an invalid argument (nothing is changed).
            ClientClosedError: this client is closed.

        Example:
            >>> result = await storage.with_options(total_timeout=600).upload("video.mp4")
        """
        options = storage_with_options(
            self._core.options,
            timeout=timeout,
            total_timeout=total_timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )
        copy = object.__new__(type(self))
        copy._core = self._core.with_options(options)
        return copy

    async def aclose(self) -> None:
        """Close the connection pool, unless it came from ``http_client``. Safe to call twice.

        Returns:
            None. Calls made afterwards raise ``ClientClosedError``.
        """
        await self._core.aclose()

    # --------------------------------------------------------------------------------------------
    # the operations of opengater-storage-client

    async def create_upload(self, content_type: str, prefix: str = "") -> UploadResult:
        """Ask the service for a presigned PUT URL for a new object (``POST /uploads``).

        The caller then PUTs the bytes to ``upload_url`` with the same ``Content-Type``, or
        uses :meth:`upload`, which does both.

        Args:
            content_type: MIME type of the object, e.g. ``"image/png"``.
            prefix: key prefix (folder) for the object; may be empty.

        Returns:
            UploadResult: ``upload_url``, ``key`` and ``public_url``.

        Raises:
            StorageBadRequest: 400, e.g. a content type that is not allowed.
            StorageAuthError: 401 or 403, a bad API key.
            StoragePayloadTooLarge: 413.
            StorageUnavailable: 5xx, a timeout or a network failure.
            StorageInvalidResponse: a success status with a body that is not an UploadResult.
            StorageError: any other status.
        """
        body = models.UploadRequest(content_type=check_content_type(content_type), prefix=check_prefix(prefix))
        return await self._core.call(create_upload.request(body=body), create_upload.parse)

    async def delete_object(self, public_url: str | None = None, key: str | None = None) -> None:
        """Delete an object by its public URL, its key, or both (``DELETE /objects``, JSON body).

        Empty strings count as not given; only the given ones are sent, ``public_url`` first.

        Args:
            public_url: the object's public URL (the service maps it to a key; a URL of
                another storage gets 400).
            key: the object's key.

        Raises:
            ValueError: neither ``public_url`` nor ``key`` is given (before any request).
            StorageBadRequest: 400, e.g. a foreign ``public_url``.
            StorageAuthError: 401 or 403.
            StorageUnavailable: 5xx, a timeout or a network failure.
            StorageError: any other status.
        """
        body = models.DeleteRequest(**delete_fields(public_url, key))
        await self._core.call_empty(delete_object.request(body=body))

    async def upload_file(
        self, content: FileContent, filename: str, content_type: str, prefix: str = ""
    ) -> StoredObject:
        """Upload a file through the service itself (``POST /uploads/file``, multipart).

        Args:
            content: the bytes, a path, or a binary file object. Files are streamed in
                64 KiB chunks, never read whole into memory; a seekable file object is sent
                from its start (httpx rewinds it) and is not closed.
            filename: the file name for the multipart part.
            content_type: the part's ``Content-Type``.
            prefix: key prefix (folder); may be empty.

        Returns:
            StoredObject: ``key`` and ``public_url``.

        Raises:
            TypeError: ``content`` is not bytes, a path or a binary file.
            OSError: the path cannot be opened or the file cannot be read.
            StorageBadRequest: 400, e.g. a content type that is not allowed.
            StorageAuthError: 401 or 403.
            StoragePayloadTooLarge: 413, the file exceeds the service's limit.
            StorageUnavailable: 5xx, a timeout or a network failure.
            StorageInvalidResponse: a success status with a body that is not a StoredObject.
            StorageError: any other status.
        """
        filename = check_filename(filename)
        content_type = check_content_type(content_type)
        prefix = check_prefix(prefix)
        payload, opened = open_file_content(content)
        try:
            form = models.UploadFileForm(
                prefix=prefix, file=types.File(payload=payload, file_name=filename, mime_type=content_type)
            )
            # httpx's multipart encoder rewinds seekable files before each attempt; anything else
            # cannot be read again, so such an upload is never sent twice
            replayable = not hasattr(payload, "read") or _seekable(payload)
            return await self._core.call(upload_file.request(body=form), upload_file.parse, replayable=replayable)
        finally:
            if opened is not None:
                opened.close()

    # --------------------------------------------------------------------------------------------
    # beyond opengater-storage-client

    async def upload(
        self,
        source: AsyncUploadSource,
        content_type: str,
        prefix: str = "",
        *,
        progress: Progress | None = None,
    ) -> UploadResult:
        """Get a presigned URL (:meth:`create_upload`) and PUT the bytes there.

        The PUT carries ``Content-Type: content_type`` and a ``Content-Length``, and no API
        key or any other secret (the URL's signature is the credential). S3 rejects chunked
        uploads, so the size is learnt first: bytes and paths have one, a seekable file is
        sent from its current position to its end, and an iterator of bytes (also an async
        one, for the async client) or a non-seekable file is first spooled to a
        ``tempfile.SpooledTemporaryFile``
        (in memory up to 8 MiB, on disk beyond), which costs one local copy but keeps memory
        bounded. Files are streamed in 1 MiB chunks (read in a worker thread by the async client).

        Args:
            source: bytes, a path, a binary file object, or an iterable of bytes (any ``AsyncUploadSource``).
            content_type: MIME type of the object; the PUT sends the same (the URL may be
                signed for it).
            prefix: key prefix (folder); may be empty.
            progress: called as ``progress(bytes_sent, total)`` with ``(0, total)`` first and
                after every chunk handed to the connection; ``total`` is always known here.
                A retried PUT starts again from 0.

        Returns:
            UploadResult: the object's ``key`` and ``public_url`` (and the ``upload_url`` used),
            returned only once the object store has accepted the bytes.

        Raises:
            TypeError: an unsupported ``source``, a text file, or an iterator yielding non-bytes.
            OSError: the path cannot be opened or the source cannot be read.
            StorageAuthError: 401/403 from the service, or 403 from the object store (the URL
                expired, or the signature does not match, e.g. another ``Content-Type``).
            StorageUnavailable: 5xx, a timeout or a network failure, from either.
            StorageInvalidResponse: the service's answer is not an UploadResult with an
                absolute http(s) ``upload_url``.
            StorageError: any other failure status from either (same classes as
                :meth:`create_upload`).
        """
        content_type = check_content_type(content_type)
        prefix = check_prefix(prefix)
        progress = check_progress(progress)
        body = await async_upload_body(source, progress)
        try:
            result = await self.create_upload(content_type, prefix)
            target = presigned_target(result.upload_url, self._core.shown_base)
            # no secret goes with it: the URL's signature is the credential, and the host is another one
            await self._core.call_url(
                "PUT",
                target,
                headers=[("Content-Type", content_type)],
                body=body.async_stream(),
                length=body.length,
                authenticate=False,
            )
        finally:
            body.close()
        return result

    async def upload_many(
        self,
        sources: Iterable[AsyncUploadSource],
        content_type: str | None = None,
        *,
        prefix: str = "",
        concurrency: int = 8,
        progress: Progress | None = None,
    ) -> list[UploadResult | Exception]:
        """:meth:`upload` each source, at most ``concurrency`` at once; one outcome per source.

        Everything is checked before anything is sent: an unsupported source, a source without
        a content type, or a bad option raises here and no upload starts. Then one failure
        neither stops nor hides the others: each outcome is the source's ``UploadResult`` or
        the exception its upload raised (a ``StorageError``, or ``OSError`` for a file that
        cannot be read). Cancelling the call (the task's ``cancel()``, or Ctrl-C on the sync
        client) stops the uploads in flight and starts no other; their connections are closed,
        never reused half-written.

        Args:
            sources: what :meth:`upload` takes, one per object: bytes, paths, binary files,
                iterables of bytes (an iterable of them; a single str is refused).
            content_type: the MIME type of every source. None: each path's is guessed from its
                name (``mimetypes``; ``.gz`` and the like as the compressed file); a source
                that is not a path, or a name with no known type, then raises ``ValueError``.
            prefix: key prefix (folder) for all of them; may be empty.
            concurrency: at most this many uploads at once (8 by default).
            progress: called as ``progress(bytes_sent, total)`` across all sources, from 0;
                ``total`` is None when a source's size is not known beforehand (an iterator).

        Returns:
            list: in the order of ``sources``, each an ``UploadResult`` or an exception.

        Raises:
            TypeError: ``sources`` is not an iterable of sources, or one of them is unsupported.
            ValueError: a content type is missing or invalid, or an option is out of range.

        Example:
            >>> outcomes = await storage.upload_many(["a.png", "b.png"], prefix="news")
            >>> failed = [o for o in outcomes if isinstance(o, Exception)]
        """
        plan = plan_async_uploads(sources, content_type, prefix, concurrency, progress)
        return await async_upload_many(self.upload, plan)


def _seekable(file: Any) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, OSError, ValueError):
        return False
