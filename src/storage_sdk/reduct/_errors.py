"""ReductStore's mapping from failures to ``ReductError`` and its subclasses."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from .._core._error_text import excerpt, json_detail, netloc, reason_phrase, transport_reason
from .._core._types import DeadlineExceeded, Response
from ..errors import (
    ReductConnectionError,
    ReductError,
    ReductInvalidResponse,
    ReductTimeout,
    reduct_error_class,
)

_NOT_REDUCT = "not from ReductStore: no x-reduct-api header"
_DOUBLED = "the URL repeats /api/v1: pass the server root, e.g. http://host:8383; the client adds /api/v1"


class ReductErrorMapper:
    """The message of an error status comes from ``x-reduct-error`` (as in reduct-py), else the JSON
    ``detail``, else the reason phrase and a short excerpt of the body (a proxy's HTML page), with a
    hint when the answer cannot have come from ReductStore or the URL repeats ``/api/v1``."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        self.redact = redact

    def from_response(self, response: Response, method: str, url: str) -> ReductError:
        status = response.status
        message = response.headers.get("x-reduct-error") or json_detail(response)
        if not message:
            message = reason_phrase(response)
            body = excerpt(response, 150)
            if body and body.lower() != message.lower():
                message = f"{message}: {body}"
            if response.headers.get("x-reduct-api") is None:
                message = f"{message} ({_NOT_REDUCT})"
        if status == 404 and "/api/v1/api/v1/" in url + "/":
            message += f" ({_DOUBLED})"
        return reduct_error_class(status)(status, self.redact(message), method=method, url=url)

    def from_transport(self, exc: Exception, method: str, url: str) -> ReductError:
        where = netloc(url)
        reason = self.redact(transport_reason(exc))
        if isinstance(exc, DeadlineExceeded):
            within = f"no complete answer within the {exc.total:g} s timeout" if exc.total else str(exc)
            return ReductTimeout(-1, f"Timeout waiting for {where}: {within}", method=method, url=url)
        if isinstance(exc, httpx.TimeoutException):
            return ReductTimeout(-1, f"Timeout waiting for {where} ({reason})", method=method, url=url)
        if isinstance(exc, httpx.ConnectError):
            return ReductConnectionError(-1, f"Cannot connect to {where}: {reason}", method=method, url=url)
        if isinstance(exc, httpx.TransportError | httpx.InvalidURL):
            return ReductConnectionError(-1, f"Connection to {where} failed: {reason}", method=method, url=url)
        # DecodingError, TooManyRedirects...: an answer arrived but could not be used
        return ReductInvalidResponse(-1, f"Invalid response from {where}: {reason}", method=method, url=url)

    def from_invalid(self, response: Response, reason: str, method: str, url: str) -> ReductError:
        kind = response.content_type
        if kind and kind != "application/json" and not kind.endswith("+json"):
            body = self.redact(excerpt(response, 80))
            shown = f" ({body!r})" if body else ""
            reason = f"the answer is {kind}, not JSON{shown}; check that the URL points at a ReductStore server"
        return ReductInvalidResponse(response.status, f"Invalid response body: {reason}", method=method, url=url)
