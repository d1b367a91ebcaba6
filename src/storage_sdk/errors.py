"""Exceptions for both services.

Every failure of a public call is one of these, with the cause chained (``raise ... from exc``)
when there is one. Each carries ``method`` and ``url`` of the request that failed (the URL
without credentials or query string) and never the API token or key.

ReductStore (names and ``str()`` format follow reduct-py, so ``except ReductError`` keeps working)::

    ReductError                     .status_code, .message; str(e) == "Status 404: Bucket 'x' is not found"
    ├── ReductBadRequest            400
    ├── ReductUnauthorized          401
    ├── ReductForbidden             403
    ├── ReductNotFound              404
    ├── ReductConflict              409
    ├── ReductUnprocessable         422
    ├── ReductRateLimited           429
    ├── ReductServerError           5xx
    ├── ReductInvalidResponse       a success status with a body that does not parse
    └── ReductConnectionError       status_code -1: refused, reset, DNS, TLS...
        └── ReductTimeout           also a builtin TimeoutError

opengater-storage (constructor and ``.detail`` compatible with opengater-storage-client)::

    StorageError                    .status_code, .detail (raw body text), .message (JSON "detail")
    ├── StorageBadRequest           400
    ├── StorageAuthError            401, 403 (also a failed presigned PUT: expired or bad signature)
    ├── StoragePayloadTooLarge      413
    ├── StorageInvalidResponse      a success status with a body that does not parse
    └── StorageUnavailable          5xx, timeouts, network failures (status_code None)
        └── StorageTimeout          also a builtin TimeoutError
"""

from __future__ import annotations

__all__ = [
    "ClientClosedError",
    "EventLoopError",
    "ReductBadRequest",
    "ReductConflict",
    "ReductConnectionError",
    "ReductError",
    "ReductForbidden",
    "ReductInvalidResponse",
    "ReductNotFound",
    "ReductRateLimited",
    "ReductServerError",
    "ReductTimeout",
    "ReductUnauthorized",
    "ReductUnprocessable",
    "StorageAuthError",
    "StorageBadRequest",
    "StorageError",
    "StorageInvalidResponse",
    "StoragePayloadTooLarge",
    "StorageSDKError",
    "StorageTimeout",
    "StorageUnavailable",
]


class StorageSDKError(Exception):
    """Base of every exception raised by storage-sdk."""

    method: str | None = None
    """HTTP method of the request that failed, when there was one."""
    url: str | None = None
    """URL of the request that failed, without credentials or query string."""

    def _set_request(self, method: str | None, url: str | None) -> None:
        self.method = method
        self.url = url


class ClientClosedError(StorageSDKError, RuntimeError):
    """A call was made on a client after ``close()`` / ``aclose()`` or the end of its ``with`` block,
    or was in flight when the client was closed."""


class EventLoopError(StorageSDKError, RuntimeError):
    """An async client that sends through a caller's httpx client or transport was used from another
    event loop than the one it was first used in (httpx's connections belong to one loop).

    The message says what to do: create the client inside the loop that uses it, or leave out
    ``http_client`` / ``transport`` (the SDK's own connections work from any loop).
    """


# --------------------------------------------------------------------------------------------
# ReductStore


class ReductError(StorageSDKError):
    """An error reported by ReductStore, or a failure to reach it.

    Args:
        code: the HTTP status, or -1 when no response was received (reduct-py's name).
        message: the server's message (``x-reduct-error``), or a description of the failure.
    """

    def __init__(self, code: int, message: str, *, method: str | None = None, url: str | None = None) -> None:
        self._status_code = code
        self._message = message
        self._set_request(method, url)
        super().__init__(f"Status {code}: {message}")

    @property
    def status_code(self) -> int:
        """HTTP status code of the error (-1 when no response was received)."""
        return self._status_code

    @property
    def message(self) -> str:
        """The error message."""
        return self._message

    def __str__(self) -> str:
        return f"Status {self._status_code}: {self._message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self._status_code!r}, message={self._message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ReductError):
            return NotImplemented
        return (self._status_code, self._message) == (other._status_code, other._message)

    def __hash__(self) -> int:
        return hash((self._status_code, self._message))

    @staticmethod
    def from_header(header: str) -> ReductError:
        """Parse a batched-record error header value such as ``"404,Record 1 not found"``."""
        code, _, message = header.partition(",")
        try:
            status = int(code)
        except ValueError:
            return ReductError(-1, header)
        return reduct_error_class(status)(status, message)


class ReductBadRequest(ReductError):
    """400: for example ``Authentication is disabled`` on the token API."""


class ReductUnauthorized(ReductError):
    """401: missing, invalid or expired token."""


class ReductForbidden(ReductError):
    """403: the token lacks the permission, or the server is a read-only replica."""


class ReductNotFound(ReductError):
    """404: the bucket, entry, token, replication or lifecycle does not exist."""


class ReductConflict(ReductError):
    """409: already exists, provisioned, or being deleted."""


class ReductUnprocessable(ReductError):
    """422: invalid JSON, name or setting."""


class ReductRateLimited(ReductError):
    """429: a rate limit was exceeded."""


class ReductServerError(ReductError):
    """5xx: the server (or a proxy in front of it) failed."""


class ReductInvalidResponse(ReductError):
    """The server answered with a success status but a body this client cannot parse."""


class ReductConnectionError(ReductError):
    """No response: the connection was refused, reset or failed (``status_code == -1``)."""


class ReductTimeout(ReductConnectionError, TimeoutError):
    """The server did not answer in time (``status_code == -1``; also a ``TimeoutError``)."""


_REDUCT_BY_STATUS: dict[int, type[ReductError]] = {
    400: ReductBadRequest,
    401: ReductUnauthorized,
    403: ReductForbidden,
    404: ReductNotFound,
    409: ReductConflict,
    422: ReductUnprocessable,
    429: ReductRateLimited,
}


def reduct_error_class(status: int) -> type[ReductError]:
    """The ReductError subclass for an HTTP status."""
    if status >= 500:
        return ReductServerError
    return _REDUCT_BY_STATUS.get(status, ReductError)


# --------------------------------------------------------------------------------------------
# opengater-storage


class StorageError(StorageSDKError):
    """An error reported by the storage service or the object store, or a failure to reach them.

    Args:
        status_code: the HTTP status, or None when no response was received.
        detail: the raw response text (as opengater-storage-client has it), or a description.
        message: a short account of the error: the JSON ``detail`` of the body when it has one,
            else ``detail`` when that is short plain text, else the reason and an excerpt.

    ``str(e)`` is ``detail`` when that is short plain text (as in opengater-storage-client), and
    ``message`` otherwise (never a whole HTML page).
    """

    def __init__(
        self,
        *,
        status_code: int | None = None,
        detail: str | None = None,
        message: str | None = None,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.detail = detail
        self.message = message if message is not None else detail
        self._set_request(method, url)
        super().__init__(self._text())

    def _text(self) -> str:
        detail = self.detail
        if detail and len(detail) <= 200 and "<" not in detail and detail.isprintable():
            return detail
        if self.message:
            return self.message
        return detail[:200] if detail else f"storage error (status={self.status_code})"

    def __str__(self) -> str:
        return self._text()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status_code={self.status_code!r}, message={self.message!r})"


class StorageBadRequest(StorageError):
    """400: rejected input (content type not allowed, foreign ``public_url``...)."""


class StorageAuthError(StorageError):
    """401 or 403: bad API key, or a presigned URL that expired or does not match the request."""


class StoragePayloadTooLarge(StorageError):
    """413: the file exceeds the service's limit."""


class StorageInvalidResponse(StorageError):
    """The service answered with a success status but a body this client cannot parse.

    ``.detail`` is the raw body, as for every StorageError; ``str()`` is the reason (``.message``).
    """

    def _text(self) -> str:
        return self.message or super()._text()


class StorageUnavailable(StorageError):
    """5xx, a timeout or a network failure (``status_code`` is None when nothing was received)."""


class StorageTimeout(StorageUnavailable, TimeoutError):
    """The service did not answer in time (also a ``TimeoutError``)."""


def storage_error_class(status: int) -> type[StorageError]:
    """The StorageError subclass for an HTTP status, as opengater-storage-client maps it."""
    if status == 400:
        return StorageBadRequest
    if status in (401, 403):
        return StorageAuthError
    if status == 413:
        return StoragePayloadTooLarge
    if status >= 500:
        return StorageUnavailable
    return StorageError
