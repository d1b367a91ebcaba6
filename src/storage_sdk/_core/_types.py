"""The small types every layer shares: a secret, the timeouts of an attempt, an answer read in full,
one request ready for an engine, and the internal failures the engines report.

The engines (``_engine_async``: aiohttp, or httpx for a caller's client or transport;
``_engine_sync``: httpx) speak this vocabulary, so the retry policy and the error mapping above
them do not depend on which library carried the request. A transport failure is reported as the
matching httpx exception class (``httpx.ConnectError``, ``httpx.ReadTimeout``...), whatever the
engine: those classes are the SDK's internal classification, never shown to users (every failure
surfaces as one of the SDK's own exceptions, with the library's exception chained).
"""

from __future__ import annotations

import os
from typing import Any

import httpx

MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The largest answer body read, after gzip/deflate decoding; past it the call fails with
``ResponseTooLarge`` (neither service sends anything near this, and a gzip bomb cannot fill memory)."""


class Secret(str):
    """An API token or key: a str whose ``repr`` never shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'***'"


class Timeouts:
    """Seconds for each phase of one attempt, and for the attempt as a whole (None: no limit)."""

    __slots__ = ("_httpx", "connect", "pool", "read", "total", "write")

    def __init__(
        self,
        connect: float | None,
        read: float | None,
        write: float | None,
        pool: float | None,
        total: float | None = None,
    ) -> None:
        self.connect = connect
        self.read = read
        self.write = write
        self.pool = pool
        self.total = total
        self._httpx: httpx.Timeout | None = None

    def as_httpx(self) -> httpx.Timeout:
        """The phases for httpx, each cut to the total (httpx has no total of its own); made once."""
        if self._httpx is None:
            self._httpx = self._make_httpx()
        return self._httpx

    def _make_httpx(self) -> httpx.Timeout:

        def clamp(value: float | None) -> float | None:
            if self.total is None:
                return value
            return self.total if value is None else min(value, self.total)

        return httpx.Timeout(
            connect=clamp(self.connect), read=clamp(self.read), write=clamp(self.write), pool=clamp(self.pool)
        )

    def __repr__(self) -> str:
        return (
            f"Timeouts(connect={self.connect}, read={self.read}, write={self.write}, pool={self.pool}, "
            f"total={self.total})"
        )


class Response:
    """One answer, read in full: status, headers (looked up case-insensitively) and the decoded body."""

    __slots__ = ("content", "headers", "reason", "status")

    def __init__(self, status: int, headers: Any, content: bytes, reason: str = "") -> None:
        self.status = status
        self.headers = headers
        self.content = content
        self.reason = reason

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``""`` when absent)."""
        value = self.headers.get("content-type") or ""
        return str(value).split(";", 1)[0].strip().lower()

    @property
    def text(self) -> str:
        """The body decoded with its charset (UTF-8 by default), never failing."""
        charset = "utf-8"
        value = self.headers.get("content-type") or ""
        for param in str(value).split(";")[1:]:
            key, _, val = param.partition("=")
            if key.strip().lower() == "charset" and val.strip():
                charset = val.strip().strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def __repr__(self) -> str:
        return f"Response({self.status}, {len(self.content)} bytes)"


class Prepared:
    """One request, ready for any engine: method, absolute URL, headers in the order they go out,
    and a body (None, bytes, or a stream that can be iterated again for each attempt).

    ``shown`` is the URL as messages and logs show it (no query string: presigned signatures live
    there). ``replayable`` is False when the body cannot be read a second time (a file object that
    cannot seek), so no retry is attempted once it was sent. ``authenticate`` False means no
    credential of any kind goes with it (a presigned URL). ``repr`` never shows headers.
    """

    __slots__ = (
        "authenticate",
        "body",
        "engine_headers",
        "engine_url",
        "headers",
        "length",
        "method",
        "replayable",
        "shown",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        shown: str,
        headers: list[tuple[str, str]],
        body: Any,
        length: int | None,
        *,
        replayable: bool,
        authenticate: bool,
    ) -> None:
        self.method = method
        self.url = url
        self.shown = shown
        self.headers = headers
        self.body = body
        self.length = length
        self.replayable = replayable
        self.authenticate = authenticate
        # the URL and headers as the engine's library holds them, made once (a cached request is sent often)
        self.engine_url: Any = None
        self.engine_headers: Any = None

    def __repr__(self) -> str:
        return f"<request {self.method} {self.shown}>"


# ------------------------------------------------------------------------------------------------
# failures the engines report (beyond httpx's transport exception classes)


class DeadlineExceeded(httpx.TimeoutException):
    """The total deadline of an attempt passed (the call's ``timeout`` as a whole); never retried.

    ``total`` is set by the core to the timeout in seconds, for the error message.
    """

    total: float | None = None


class ResponseTooLarge(httpx.DecodingError):
    """The answer's body, decoded, is larger than ``MAX_RESPONSE_BYTES``."""


class EngineClosed(Exception):
    """The engine was closed while a request waited or was in flight."""


PID = [os.getpid()]
"""This process's id, kept by a fork hook: ``os.getpid()`` is a system call, and the engines check
the pid on every request (a pool used in a forked child starts afresh)."""


def _forked() -> None:
    PID[0] = os.getpid()


os.register_at_fork(after_in_child=_forked)
