"""The opengater-storage client.

The async class is the hand-written source; ``scripts/unasync.py`` writes the sync twin from it.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, TypeVar

import httpx
from storage_sdk_gen_storage import Client as GeneratedClient
from storage_sdk_gen_storage.api.uploads import create_upload, delete_object, upload_file
from storage_sdk_gen_storage.models import DeleteRequest, StoredObject, UploadFileForm, UploadRequest, UploadResult
from storage_sdk_gen_storage.types import File

from .._core._async_http import AsyncHTTPCore
from .._core._common import Service, core_options, redact_url, redactor
from ..errors import StorageInvalidResponse
from ._common import (
    AsyncUploadSource,
    FileContent,
    Progress,
    async_upload_body,
    check_header_value,
    check_progress,
    check_str,
    delete_fields,
    open_file_content,
    resolve_api_key,
)
from ._errors import StorageErrors

M = TypeVar("M")
DEFAULT_TIMEOUT = httpx.Timeout(30.0)


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
            not a deadline for the whole call; an ``httpx.Timeout`` for finer control. None
            keeps ``http_client``'s own timeout (30 s when the client makes its own pool).
        max_retries: retries after a connection failure or a 429/502/503/504. POSTs are
            retried only when the connection was never made, so nothing is created twice;
            the presigned PUT and DELETE are idempotent and retried after any transport
            failure too. Delays grow from 0.5 s to 8 s with jitter; ``Retry-After`` is honoured.
        trust_env: honour ``HTTP(S)_PROXY``, ``NO_PROXY`` and ``SSL_CERT_*`` from the
            environment. Off by default, as in opengater-storage-client 0.2.1+.
        http_client: an ``httpx.AsyncClient`` to send through (its transport, limits, proxies);
            it is used as it is and never closed by this client.
        transport: an ``httpx.AsyncBaseTransport`` for the client's own pool, e.g.
            ``httpx.AsyncHTTPTransport(local_address=...)``, ``httpx.MockTransport`` in tests, or,
            for the async clients, ``storage_sdk.AiohttpTransport()`` (the ``aiohttp`` extra),
            much faster with many requests in flight. Closed with this client; not together
            with ``http_client``.

    Raises:
        ValueError: no API key (neither ``api_key`` nor ``STORAGE_API_KEY``), or an invalid
            ``base_url``, ``timeout`` or ``max_retries``.
        TypeError: an argument of the wrong type.

    Example::

        async with AsyncStorageClient("http://opengater-storage:8000", api_key="...") as storage:
            result = await storage.upload(b"...", "image/png", prefix="news")
            print(result.public_url)
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        timeout: float | httpx.Timeout | None = 30.0,
        *,
        max_retries: int = 2,
        trust_env: bool = False,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        key = resolve_api_key(api_key)
        options = core_options(
            url=base_url,
            url_argument="base_url",
            secret=key,
            secret_header="X-API-Key",
            timeout=timeout,
            default_timeout=DEFAULT_TIMEOUT,
            max_retries=max_retries,
            extra_headers=None,
            verify=True,
            trust_env=trust_env,
        )
        service = Service("opengater-storage", "X-API-Key", StorageErrors(redactor(key)))
        self._core = AsyncHTTPCore(
            service, http_client=http_client, transport=transport, generated_client_class=GeneratedClient, **options
        )

    @property
    def base_url(self) -> str:
        """The service root, without trailing slashes."""
        return self._core.base

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._core.base!r})"

    async def __aenter__(self) -> AsyncStorageClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

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
        body = UploadRequest(content_type=check_str(content_type, "content_type"), prefix=check_str(prefix, "prefix"))
        response = await self._core.send(create_upload._get_kwargs(body=body))
        return self._parse(create_upload, response, UploadResult)

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
        body = DeleteRequest.from_dict(delete_fields(public_url, key))
        response = await self._core.send(delete_object._get_kwargs(body=body))
        self._core.parse(delete_object, response, None)

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
        filename = check_header_value(filename, "filename")
        content_type = check_header_value(content_type, "content_type")
        prefix = check_str(prefix, "prefix")
        payload, opened = open_file_content(content)
        try:
            form = UploadFileForm(prefix=prefix, file=File(payload=payload, file_name=filename, mime_type=content_type))  # type: ignore[arg-type]
            request = upload_file._get_kwargs(body=form)
            # The generated code sets "multipart/form-data; boundary=+++": a fixed boundary
            # corrupts any file that contains "\r\n--+++". Without the header httpx picks a
            # random boundary and writes the matching Content-Type itself.
            request["headers"].pop("Content-Type", None)
            # httpx rewinds seekable files before each attempt; anything else cannot be re-read
            replayable = not hasattr(payload, "read") or _seekable(payload)
            response = await self._core.send(request, replayable=replayable)
        finally:
            if opened is not None:
                opened.close()
        return self._parse(upload_file, response, StoredObject)

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
        bounded. Files are streamed in 64 KiB chunks.

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
        content_type = check_header_value(content_type, "content_type")
        prefix = check_str(prefix, "prefix")
        progress = check_progress(progress)
        body = await async_upload_body(source, progress)
        try:
            result = await self.create_upload(content_type, prefix)
            target = self._presigned_url(result.upload_url)
            request = {
                "method": "PUT",
                "url": target,
                "content": body.async_stream(),
                "headers": {"Content-Type": content_type, "Content-Length": str(body.length)},
            }
            response = await self._core.send(request, authenticate=False, replayable=True)
        finally:
            body.close()
        if not 200 <= response.status_code < 300:
            raise self._core.service.errors.from_response(response, "PUT", redact_url(target))
        return result

    # --------------------------------------------------------------------------------------------

    def _parse(self, module: Any, response: httpx.Response, model: type[M]) -> M:
        parsed: M = self._core.parse(module, response, model)  # also type-checks every field
        return parsed

    def _presigned_url(self, upload_url: str) -> str:
        try:
            url = httpx.URL(upload_url)
        except httpx.InvalidURL:
            url = httpx.URL()
        if url.scheme not in ("http", "https") or not url.host:
            raise StorageInvalidResponse(
                detail=self._core.redact(upload_url),
                message="invalid response from storage: upload_url is not an absolute http(s) URL",
                method="POST",
                url=self._core.base + "/uploads",
            )
        return upload_url


def _seekable(file: Any) -> bool:
    try:
        return bool(file.seekable())
    except (AttributeError, OSError, ValueError):
        return False
