"""opengater-storage's mapping from failures to ``StorageError`` and its subclasses."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .._core._error_text import MAX_EXCERPT, excerpt, is_markup, json_detail, reason_phrase, transport_reason
from .._core._types import DeadlineExceeded, Response
from ..errors import (
    StorageError,
    StorageInvalidResponse,
    StorageTimeout,
    StorageUnavailable,
    storage_error_class,
)


class StorageErrorMapper:
    """``.detail`` is the raw body text (as opengater-storage-client has it); ``.message`` and ``str()``
    are short: the JSON ``detail`` (FastAPI's validation errors spelled out), the text of a short
    plain body, or the reason phrase with an excerpt of a long or HTML one (a proxy's error page)."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        self.redact = redact

    def from_response(self, response: Response, method: str, url: str) -> StorageError:
        status = response.status
        text = self.redact(response.text)
        detail = json_detail(response)
        if detail is not None:
            message = self.redact(detail)
        elif text.strip() and not is_markup(response) and len(text) <= MAX_EXCERPT and text.isprintable():
            message = text
        elif not text.strip():
            # opengater-storage-client's wording for an answer with nothing in its body
            message = f"storage error (status={status})"
        else:
            # a proxy's HTML page or a long body: its status, reason and a short excerpt
            phrase = reason_phrase(response)
            body = excerpt(response)
            shown = f"{phrase}: {body}" if body and body.lower() != phrase.lower() else phrase
            message = self.redact(f"storage error (status={status}): {shown}")
        cls = storage_error_class(status)
        return cls(status_code=status, detail=text, message=message, method=method, url=url)

    def from_transport(self, exc: Exception, method: str, url: str) -> StorageError:
        reason = self.redact(transport_reason(exc))
        if isinstance(exc, DeadlineExceeded):
            within = f"no complete answer within the {exc.total:g} s total timeout" if exc.total else str(exc)
            return StorageTimeout(detail=f"timeout calling storage: {within}", method=method, url=url)
        if isinstance(exc, httpx.TimeoutException):
            return StorageTimeout(detail=f"timeout calling storage: {reason}", method=method, url=url)
        if isinstance(exc, httpx.TransportError | httpx.InvalidURL):
            return StorageUnavailable(detail=f"transport error calling storage: {reason}", method=method, url=url)
        return StorageInvalidResponse(detail=f"invalid response from storage: {reason}", method=method, url=url)

    def from_invalid(self, response: Response, reason: str, method: str, url: str) -> StorageError:
        kind = response.content_type
        if kind and kind != "application/json" and not kind.endswith("+json"):
            body = self.redact(excerpt(response, 80))
            reason = f"the answer is {kind}, not JSON{f' ({body!r})' if body else ''}; check base_url"
        return StorageInvalidResponse(
            status_code=response.status,
            detail=self.redact(response.text),
            message=f"invalid response from storage (status={response.status}): {reason}",
            method=method,
            url=url,
        )
