"""opengater-storage's mapping from failures to ``StorageError`` and its subclasses."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .._core._mapping import json_detail, response_text, transport_reason
from ..errors import (
    StorageError,
    StorageInvalidResponse,
    StorageTimeout,
    StorageUnavailable,
    storage_error_class,
)


class StorageErrors:
    """``.detail`` is the raw body text (as opengater-storage-client has it); ``.message`` the JSON ``detail``."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        self.redact = redact

    def from_response(self, response: httpx.Response, method: str, url: str) -> StorageError:
        status = response.status_code
        text = self.redact(response_text(response))
        detail = json_detail(response)
        message = self.redact(detail) if detail is not None else text
        return storage_error_class(status)(status_code=status, detail=text, message=message, method=method, url=url)

    def from_transport(self, exc: Exception, method: str, url: str) -> StorageError:
        reason = self.redact(str(exc))
        if isinstance(exc, httpx.TimeoutException):
            return StorageTimeout(detail=f"timeout calling storage: {reason}", method=method, url=url)
        if isinstance(exc, httpx.TransportError | httpx.InvalidURL):
            return StorageUnavailable(detail=f"transport error calling storage: {reason}", method=method, url=url)
        return StorageInvalidResponse(
            detail=f"invalid response from storage: {self.redact(transport_reason(exc))}", method=method, url=url
        )

    def from_invalid(self, response: httpx.Response, reason: str, method: str, url: str) -> StorageError:
        return StorageInvalidResponse(
            status_code=response.status_code,
            detail=self.redact(response_text(response)),
            message=f"invalid response from storage: {reason}",
            method=method,
            url=url,
        )
