"""HTTP/1.1 on the wire, without I/O: request heads, the response parser, and the response type.

Both of the SDK's own connection pools (``_pool_sync`` on blocking sockets, ``_pool_async`` on
asyncio protocols) use this module, so they frame requests and read answers the same way. The
parser accepts what real servers and proxies send: ``Content-Length`` or chunked bodies, bodies
delimited by the end of the connection, interim 1xx answers, gzip/deflate encodings; it refuses
what would be unsafe to guess about (conflicting lengths, oversized heads).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterable, Iterator

import httpx

MAX_HEAD_BYTES = 64 * 1024
"""A status line plus headers longer than this is refused (a hostile or broken server)."""
MAX_CHUNK_LINE = 4096


class Sensitive(bytes):
    """Bytes that may hold a secret (a request head with its auth header): never shown by ``repr``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} bytes, not shown>"


class Secret(str):
    """An API token or key: a str whose ``repr`` never shows it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'***'"


class Headers:
    """Response headers: a list of ``(lower-case name, value)`` byte pairs, looked up case-insensitively."""

    __slots__ = ("raw",)

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.raw = raw

    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name`` as text, or ``default``."""
        key = name.lower().encode("latin-1")
        for k, v in self.raw:
            if k == key:
                return _text(v)
        return default

    def items(self) -> Iterator[tuple[str, str]]:
        for k, v in self.raw:
            yield k.decode("latin-1"), _text(v)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __repr__(self) -> str:
        return f"Headers({[k.decode('latin-1') for k, _ in self.raw]})"


def _text(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


class Response:
    """One answer, read in full: status, headers and the (decoded) body.

    Made by the SDK's own pools, or from an ``httpx.Response`` when a request went through httpx
    (a caller's ``http_client`` or ``transport``, a proxy, a mocking library).
    """

    __slots__ = ("content", "headers", "reason", "status")

    def __init__(self, status: int, headers: Headers | httpx.Headers, content: bytes, reason: str = "") -> None:
        self.status = status
        self.headers = headers
        self.content = content
        self.reason = reason

    @classmethod
    def from_httpx(cls, response: httpx.Response) -> Response:
        return cls(response.status_code, response.headers, response.content, response.reason_phrase)

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``""`` when absent)."""
        value = self.headers.get("content-type") or ""
        return value.split(";", 1)[0].strip().lower()

    @property
    def text(self) -> str:
        """The body decoded with its charset (UTF-8 by default), never failing."""
        charset = "utf-8"
        value = self.headers.get("content-type") or ""
        for param in value.split(";")[1:]:
            key, _, val = param.partition("=")
            if key.strip().lower() == "charset" and val.strip():
                charset = val.strip().strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def __repr__(self) -> str:
        return f"Response({self.status}, {len(self.content)} bytes)"


# ------------------------------------------------------------------------------------------------
# requests


class DeadlineExceeded(httpx.TimeoutException):
    """The total deadline of an attempt passed (the call's ``timeout`` as a whole).

    ``total`` is set by the core to the timeout in seconds, for the error message.
    """

    total: float | None = None


class PoolClosed(Exception):
    """The pool was closed while a request waited or was in flight."""


class Timeouts:
    """Seconds for each phase of one attempt, and for the attempt as a whole (None: no limit)."""

    __slots__ = ("connect", "pool", "read", "total", "write")

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

    def as_httpx(self) -> httpx.Timeout:
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


class WireRequest:
    """A request ready for the wire: its head (request line and headers) and its body."""

    __slots__ = ("body", "head", "idempotent", "is_head", "origin", "replayable")

    def __init__(
        self,
        origin: tuple[str, str, int],
        head: bytes,
        body: bytes | Iterable[bytes] | AsyncIterable[bytes] | None,
        *,
        idempotent: bool,
        is_head: bool,
        replayable: bool,
    ) -> None:
        self.origin = origin
        self.head = head
        self.body = body
        self.idempotent = idempotent
        self.is_head = is_head
        self.replayable = replayable

    def __repr__(self) -> str:
        return f"<wire request to {self.origin[1]}:{self.origin[2]}>"


class _Stale(Exception):
    """A reused connection failed before any byte of an answer: maybe it was closed under us."""

    def __init__(self, cause: BaseException) -> None:
        self.cause = cause


def request_head(method: str, target: str, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The request line and headers, ready to write (header values are sent as given, UTF-8)."""
    lines = [f"{method} {target} HTTP/1.1\r\n".encode("ascii")]
    for name, value in headers:
        lines.append(name + b": " + value + b"\r\n")
    lines.append(b"\r\n")
    return b"".join(lines)


# ------------------------------------------------------------------------------------------------
# responses

_HEAD, _LENGTH, _CHUNK_SIZE, _CHUNK_DATA, _CHUNK_CRLF, _TRAILERS, _UNTIL_EOF, _DONE = range(8)


class ParseError(httpx.RemoteProtocolError):
    """The server's answer is not valid HTTP/1.1."""


class ResponseParser:
    """Reads one response from bytes fed in as they arrive (sans-I/O).

    ``feed(data)`` returns True once the response is complete; ``feed_eof()`` when the
    connection closes. After completion: ``status``, ``reason``, ``headers``, ``content`` (the
    body with any gzip/deflate encoding removed) and ``keep_alive`` (the connection may carry
    another request). ``started`` tells whether any byte of an answer has arrived.
    """

    __slots__ = (
        "_body",
        "_buf",
        "_encoding",
        "_head_request",
        "_remaining",
        "_state",
        "headers",
        "keep_alive",
        "reason",
        "started",
        "status",
    )

    def __init__(self, head_request: bool = False) -> None:
        self._head_request = head_request
        self._buf = bytearray()
        self._state = _HEAD
        self._body: list[bytes] = []
        self._remaining = 0
        self._encoding = b""
        self.started = False
        self.status = 0
        self.reason = ""
        self.headers: list[tuple[bytes, bytes]] = []
        self.keep_alive = False

    @property
    def done(self) -> bool:
        return self._state == _DONE

    def response(self) -> Response:
        return Response(self.status, Headers(self.headers), self.content(), self.reason)

    def content(self) -> bytes:
        body = self._body[0] if len(self._body) == 1 else b"".join(self._body)
        encoding = self._encoding
        if not encoding or not body:
            return body
        try:
            if encoding in (b"gzip", b"x-gzip"):
                return zlib.decompress(body, 47)  # 32 + 15: gzip or zlib header
            if encoding == b"deflate":
                try:
                    return zlib.decompress(body)
                except zlib.error:
                    return zlib.decompress(body, -15)  # raw deflate, as some servers send it
        except zlib.error as exc:
            raise httpx.DecodingError(f"the {encoding.decode('latin-1')} body could not be decoded: {exc}") from exc
        if encoding == b"identity":
            return body
        raise httpx.DecodingError(f"unsupported Content-Encoding {encoding.decode('latin-1')!r}")

    def feed(self, data: bytes) -> bool:
        if not data:
            return self._state == _DONE
        self.started = True
        state = self._state
        if state == _LENGTH and not self._buf:
            # the common case after the head: body bytes arrive on their own
            need = self._remaining
            if len(data) < need:
                self._body.append(data)
                self._remaining = need - len(data)
                return False
            self._body.append(data[:need])
            self._remaining = 0
            if len(data) > need:
                self.keep_alive = False  # bytes after the response: the connection is not in a known state
            self._state = _DONE
            return True
        self._buf += data
        return self._advance()

    def feed_eof(self) -> bool:
        """The connection closed: finish a body delimited by the close, or report what is missing."""
        if self._state == _UNTIL_EOF:
            if self._buf:
                self._body.append(bytes(self._buf))
                self._buf.clear()
            self._state = _DONE
            self.keep_alive = False
            return True
        return self._state == _DONE

    def _advance(self) -> bool:
        buf = self._buf
        while True:
            state = self._state
            if state == _HEAD:
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    if len(buf) > MAX_HEAD_BYTES:
                        raise ParseError(f"the response head is longer than {MAX_HEAD_BYTES} bytes")
                    return False
                head = bytes(buf[:end])
                del buf[: end + 4]
                if self._parse_head(head):
                    continue  # an interim 1xx answer: the real one follows
            elif state == _LENGTH:
                take = min(len(buf), self._remaining)
                if take:
                    self._body.append(bytes(buf[:take]))
                    del buf[:take]
                    self._remaining -= take
                if self._remaining:
                    return False
                if buf:
                    self.keep_alive = False
                    buf.clear()
                self._state = _DONE
            elif state == _CHUNK_SIZE:
                end = buf.find(b"\r\n")
                if end < 0:
                    if len(buf) > MAX_CHUNK_LINE:
                        raise ParseError("a chunk-size line is too long")
                    return False
                line = bytes(buf[:end]).split(b";", 1)[0].strip()
                del buf[: end + 2]
                try:
                    size = int(line, 16)
                except ValueError:
                    raise ParseError(f"invalid chunk size {line[:20]!r}") from None
                if size < 0:
                    raise ParseError("invalid chunk size")
                if size == 0:
                    self._state = _TRAILERS
                else:
                    self._remaining = size
                    self._state = _CHUNK_DATA
            elif state == _CHUNK_DATA:
                take = min(len(buf), self._remaining)
                if take:
                    self._body.append(bytes(buf[:take]))
                    del buf[:take]
                    self._remaining -= take
                if self._remaining:
                    return False
                self._state = _CHUNK_CRLF
            elif state == _CHUNK_CRLF:
                if len(buf) < 2:
                    return False
                if buf[:2] != b"\r\n":
                    raise ParseError("a chunk is not followed by CRLF")
                del buf[:2]
                self._state = _CHUNK_SIZE
            elif state == _TRAILERS:
                end = buf.find(b"\r\n")
                if end < 0:
                    if len(buf) > MAX_HEAD_BYTES:
                        raise ParseError("the trailers are too long")
                    return False
                del buf[: end + 2]
                if end == 0:  # the empty line that ends the trailers
                    if buf:
                        self.keep_alive = False
                        buf.clear()
                    self._state = _DONE
            elif state == _UNTIL_EOF:
                if buf:
                    self._body.append(bytes(buf))
                    buf.clear()
                return False
            else:  # _DONE
                if buf:
                    self.keep_alive = False
                    buf.clear()
                return True

    def _parse_head(self, head: bytes) -> bool:
        """Parse the status line and headers; True for an interim (1xx) answer to skip."""
        lines = head.split(b"\r\n")
        status_line = lines[0]
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or len(parts[1]) != 3 or not parts[1].isdigit():
            raise ParseError(f"invalid status line {status_line[:60]!r}: the server does not speak HTTP/1.1")
        status = int(parts[1])
        if 100 <= status < 200 and status != 101:
            return True
        if status == 101:
            raise ParseError("the server switched protocols")
        http10 = parts[0] == b"HTTP/1.0"
        headers: list[tuple[bytes, bytes]] = []
        length: int | None = None
        chunked = False
        connection = b""
        encoding = b""
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep or not name or name != name.strip() or b" " in name or b"\t" in name:
                if line[:1] in (b" ", b"\t"):
                    raise ParseError("obsolete line folding in a response header")
                raise ParseError(f"invalid response header line {line[:60]!r}")
            name = name.lower()
            value = value.strip(b" \t")
            headers.append((name, value))
            if name == b"content-length":
                if not value.isdigit():
                    raise ParseError(f"invalid Content-Length {value[:20]!r}")
                parsed = int(value)
                if length is not None and length != parsed:
                    raise ParseError("conflicting Content-Length headers")
                length = parsed
            elif name == b"transfer-encoding":
                codings = [c.strip().lower() for c in value.split(b",")]
                if codings[-1] != b"chunked":
                    raise ParseError(f"unsupported Transfer-Encoding {value[:40]!r}")
                chunked = True
            elif name == b"connection":
                connection = value.lower()
            elif name == b"content-encoding":
                encoding = value.strip().lower()
        self.status = status
        self.reason = parts[2].decode("latin-1") if len(parts) == 3 else ""
        self.headers = headers
        self._encoding = encoding
        if http10:
            self.keep_alive = b"keep-alive" in connection
        else:
            self.keep_alive = b"close" not in connection
        if self._head_request or status in (204, 304):
            self._state = _DONE
        elif chunked:
            self._state = _CHUNK_SIZE
        elif length is not None:
            self._remaining = length
            self._state = _LENGTH if length else _DONE
        else:
            self._state = _UNTIL_EOF
            self.keep_alive = False
        return False
