"""ReductStore's mapping from failures to ``ReductError`` and its subclasses."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .._core._mapping import json_detail, netloc, transport_reason
from ..errors import (
    ReductConnectionError,
    ReductError,
    ReductInvalidResponse,
    ReductTimeout,
    reduct_error_class,
)


class ReductErrors:
    """Message from ``x-reduct-error``, else the JSON ``detail``, else ``"Unknown error"`` (as reduct-py)."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        self.redact = redact

    def from_response(self, response: httpx.Response, method: str, url: str) -> ReductError:
        status = response.status_code
        message = response.headers.get("x-reduct-error") or json_detail(response) or "Unknown error"
        return reduct_error_class(status)(status, self.redact(message), method=method, url=url)

    def from_transport(self, exc: Exception, method: str, url: str) -> ReductError:
        where = netloc(url)
        reason = self.redact(transport_reason(exc))
        if isinstance(exc, httpx.TimeoutException):
            return ReductTimeout(-1, f"Timeout waiting for {where} ({reason})", method=method, url=url)
        if isinstance(exc, httpx.ConnectError):
            return ReductConnectionError(-1, f"Cannot connect to {where}: {reason}", method=method, url=url)
        if isinstance(exc, httpx.TransportError | httpx.InvalidURL):
            return ReductConnectionError(-1, f"Connection to {where} failed: {reason}", method=method, url=url)
        # DecodingError, TooManyRedirects...: a response arrived but could not be used
        return ReductInvalidResponse(-1, f"Invalid response from {where}: {reason}", method=method, url=url)

    def from_invalid(self, response: httpx.Response, reason: str, method: str, url: str) -> ReductError:
        return ReductInvalidResponse(response.status_code, f"Invalid response body: {reason}", method=method, url=url)
