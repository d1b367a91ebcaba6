"""Everything in the HTTP layer that does no I/O: client options, the service description, retries,
redaction and argument checks, shared by the sync and async twins."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import ssl
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any, Protocol

import httpx

from .._version import __version__
from ..errors import StorageSDKError
from ._types import DeadlineExceeded, Response, Secret, Timeouts

logger = logging.getLogger("storage_sdk")

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
"""A server that asks to wait longer than this (``Retry-After``) is not retried at all."""
RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
MAX_CONNECTIONS = 100
KEEPALIVE_EXPIRY = 30.0
_PYTHON = ".".join(str(part) for part in sys.version_info[:3])
USER_AGENT = f"storage-sdk/{__version__} python/{_PYTHON}"

# RFC 9110 token characters: what a header name may consist of
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_SAFE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "file", "unix"})
_HOP_BY_HOP = frozenset({"host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer"})


# ------------------------------------------------------------------------------------------------
# what a client is built with


@dataclass(frozen=True)
class ClientOptions:
    """What a facade's constructor arguments come to, checked once, before any I/O.

    ``timeouts`` is None when the caller gave none: the service's default then applies to the
    client's own connections, and a caller's ``http_client`` keeps its own timeout.
    """

    base_url: httpx.URL
    secret: Secret | None = field(repr=False)
    timeouts: Timeouts | None
    max_retries: int
    extra_headers: tuple[tuple[str, str], ...]
    verify: bool | str | ssl.SSLContext
    trust_env: bool

    @property
    def display_url(self) -> str:
        return redact_url(self.base_url)


class NotGiven:
    """The default of ``with_options()`` arguments: keep the original client's setting."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN = NotGiven()


def replaced_options(
    options: ClientOptions,
    *,
    timeouts: Timeouts | NotGiven | None,
    max_retries: object,
    extra_headers: object,
    secret_header: str,
) -> ClientOptions:
    """``options`` with the settings ``with_options()`` was given, checked as the constructor checks them.

    ``extra_headers`` are merged over the original's (a name given again takes the new value).
    """
    changes: dict[str, Any] = {}
    if not isinstance(timeouts, NotGiven):
        changes["timeouts"] = timeouts
    if not isinstance(max_retries, NotGiven):
        changes["max_retries"] = check_max_retries(max_retries)
    if not isinstance(extra_headers, NotGiven):
        given = check_extra_headers(extra_headers, secret_header)
        names = {name.lower() for name, _ in given}
        changes["extra_headers"] = tuple(h for h in options.extra_headers if h[0].lower() not in names) + given
    return dataclasses.replace(options, **changes)


def client_options(
    *,
    url: object,
    url_argument: str,
    secret: str | None,
    secret_argument: str,
    secret_header: str,
    timeout: Timeouts | None,
    max_retries: object,
    extra_headers: object,
    verify: object,
    trust_env: object,
) -> ClientOptions:
    """Check a facade's constructor arguments (raising ValueError/TypeError that never echo secrets)."""
    base_url = check_base_url(url, url_argument)
    if secret is not None:
        check_header_value(secret, secret_argument, secret=True)
    if not isinstance(trust_env, bool):
        raise TypeError(f"trust_env must be a bool, got {type(trust_env).__name__}")
    return ClientOptions(
        base_url=base_url,
        secret=Secret(secret) if secret is not None else None,
        timeouts=timeout,
        max_retries=check_max_retries(max_retries),
        extra_headers=check_extra_headers(extra_headers, secret_header),
        verify=check_verify(verify),
        trust_env=trust_env,
    )


def check_max_retries(max_retries: object) -> int:
    """A non-negative int (bool is rejected)."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise TypeError(f"max_retries must be an int, got {type(max_retries).__name__}")
    if max_retries < 0:
        raise ValueError(f"max_retries must not be negative, got {max_retries}")
    return max_retries


def positive_seconds(value: object, argument: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{argument} must be a number of seconds, got {type(value).__name__}")
    if not value > 0 or value == float("inf"):  # also rejects NaN
        raise ValueError(f"{argument} must be a positive, finite number of seconds, got {value!r}")
    return float(value)


def from_httpx_timeout(timeout: httpx.Timeout, total: float | None = None) -> Timeouts:
    """An ``httpx.Timeout``'s phases, each None (no limit) or a positive, finite number of seconds."""
    phases = {"connect": timeout.connect, "read": timeout.read, "write": timeout.write, "pool": timeout.pool}
    for name, value in phases.items():
        if value is not None:
            positive_seconds(value, f"timeout.{name}")
    return Timeouts(timeout.connect, timeout.read, timeout.write, timeout.pool, total)


def check_verify(verify: object) -> bool | str | ssl.SSLContext:
    if isinstance(verify, bool | ssl.SSLContext):
        return verify
    if isinstance(verify, str | os.PathLike):
        path = os.fspath(verify)
        if not os.path.exists(path):
            raise ValueError("verify must be True, False, an ssl.SSLContext or the path of a CA bundle that exists")
        return str(path)
    raise TypeError(f"verify must be a bool, a CA bundle path or an ssl.SSLContext, got {type(verify).__name__}")


def make_ssl_context(verify: bool | str | ssl.SSLContext, trust_env: bool) -> ssl.SSLContext:
    """The TLS context httpx would build for the same settings (certifi, ``SSL_CERT_*`` with trust_env)."""
    if isinstance(verify, str):
        if os.path.isdir(verify):
            return ssl.create_default_context(capath=verify)
        return ssl.create_default_context(cafile=verify)
    context = httpx.create_ssl_context(verify=verify, trust_env=trust_env)
    return context


def check_base_url(url: object, argument: str) -> httpx.URL:
    """Parse the service root URL; keep its path prefix, drop trailing slashes.

    Error messages never repeat the URL (it may carry a password).
    """
    if not isinstance(url, str | httpx.URL):
        raise TypeError(f"{argument} must be a str, got {type(url).__name__}")
    text = str(url).strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise ValueError(f"{argument} contains control characters")
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        reason = str(exc).replace(text, "<url>") if text else str(exc)
        if "@" in text:
            reason = "it could not be parsed"
        raise ValueError(f"{argument} is not a valid URL ({reason})") from None
    if parsed.username or parsed.password or "@" in parsed.netloc.decode("ascii", "replace"):
        raise ValueError(f"{argument} must not contain credentials (user:password@); pass them as arguments instead")
    if "://" not in text:
        raise ValueError(f"{argument} must start with http:// or https:// (e.g. http://127.0.0.1:8383)")
    if parsed.scheme not in ("http", "https") or not parsed.host:
        shown = f"{parsed.scheme}://" if parsed.scheme in _SAFE_SCHEMES else "another scheme"
        raise ValueError(f"{argument} must be an http:// or https:// URL with a host, got {shown}")
    if parsed.query or parsed.fragment:
        raise ValueError(f"{argument} must not have a query string or fragment")
    return parsed.copy_with(path=parsed.path.rstrip("/") or "", query=None, fragment=None)


def check_header_value(value: object, argument: str, *, secret: bool = False) -> str:
    """A str that can be sent as a header value: no CR, LF or other control characters, UTF-8 encodable.

    The message names the argument but never shows the value when it is a secret.
    """
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
    shown = "" if secret else f": {value[:60]!r}"
    for char in value:
        code = ord(char)
        if (code < 0x20 and char != "\t") or code == 0x7F:
            raise ValueError(
                f"{argument} contains a control character (CR, LF...) that cannot be sent in a header{shown}"
            )
        if 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"{argument} contains text that cannot be encoded (a lone surrogate){shown}")
    if value != value.strip(" \t"):
        raise ValueError(f"{argument} must not start or end with whitespace{shown}")
    return value


def check_header_name(name: object, argument: str) -> str:
    if not isinstance(name, str):
        raise TypeError(f"{argument} names must be str, got {type(name).__name__}")
    if not _TOKEN.fullmatch(name):
        raise ValueError(
            f"{argument} has an invalid header name {name[:60]!r} (letters, digits and !#$%&'*+-.^_`|~ only)"
        )
    return name


def check_extra_headers(extra: object, secret_header: str) -> tuple[tuple[str, str], ...]:
    """Headers sent with every request, checked at construction (nothing is sent with a bad one)."""
    if extra is None:
        return ()
    if not isinstance(extra, Mapping):
        raise TypeError(f"extra_headers must be a mapping of str to str, got {type(extra).__name__}")
    out: list[tuple[str, str]] = []
    for key, value in extra.items():
        name = check_header_name(key, "extra_headers")
        lower = name.lower()
        if lower in (secret_header.lower(), "authorization", "proxy-authorization"):
            raise ValueError(f"extra_headers must not set {name!r}; pass the secret as its own argument")
        if lower in _HOP_BY_HOP:
            raise ValueError(f"extra_headers must not set {name!r}: the client sets it for each request")
        # a header value may well be a credential of its own: never shown in a message
        text = check_header_value(value, f"extra_headers[{name!r}]", secret=True)
        out.append((name, text))
    return tuple(out)


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def origin_key(url: httpx.URL) -> tuple[str, str, int]:
    return (url.scheme, url.host, url.port or _default_port(url))


def redact_url(url: httpx.URL | str) -> str:
    """The URL without user info, query string or fragment (presigned URLs carry signatures there)."""
    text = str(url)
    if "?" not in text and "#" not in text and "@" not in text:
        return text  # nothing to remove: skip httpx's URL parsing
    try:
        u = httpx.URL(url) if isinstance(url, str) else url
    except httpx.InvalidURL:
        return text.split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    return str(u.copy_with(username=None, password=None, query=None, fragment=None))


def redactor(secret: str | None) -> Callable[[str], str]:
    """A function that masks the secret wherever a server or a library echoes it back."""
    if not secret or len(secret) < 4:
        return lambda text: text
    return lambda text: text.replace(secret, "***") if secret in text else text


# ------------------------------------------------------------------------------------------------
# retries


def _random() -> float:
    import random

    return random.random()


def backoff_delay(retry_index: int, rand: Callable[[], float] = _random) -> float:
    """Delay before retry number ``retry_index`` (0-based): 0.5 s doubling to 8 s, minus up to 25 % jitter."""
    base = min(INITIAL_RETRY_DELAY * 2.0**retry_index, MAX_RETRY_DELAY)
    return base * (1.0 - 0.25 * rand())


def parse_retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        import email.utils

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now()
    if seconds != seconds or seconds < 0:  # NaN or negative
        return None
    return seconds


def retry_delay_for_response(
    retry_index: int, retry_after: str | None, rand: Callable[[], float] = _random
) -> float | None:
    """How long to wait before retrying a retryable status, or None when the server asks for too long."""
    asked = parse_retry_after(retry_after)
    if asked is None:
        return backoff_delay(retry_index, rand)
    if asked > MAX_RETRY_AFTER:
        return None
    return asked


def is_retryable_status(method: str, status: int) -> bool:
    return status in RETRY_STATUSES and method in IDEMPOTENT_METHODS


def is_retryable_exception(method: str, exc: BaseException, replayable: bool = True) -> bool:
    """Whether a failed attempt may be made again.

    A request that never reached the server (no connection could be made, none became free) is
    retried for any method; one that may have reached it only when its method is idempotent
    (RFC 9110 9.2.2) and its body can be sent again. A request that ran into its total deadline is
    not retried: the caller's time is up.
    """
    if isinstance(exc, DeadlineExceeded):
        return False
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True  # nothing was sent
    return replayable and method in IDEMPOTENT_METHODS and isinstance(exc, httpx.TransportError)


def async_sleep(seconds: float) -> Any:
    import asyncio

    return asyncio.sleep(seconds)


def sync_sleep(seconds: float) -> None:
    time.sleep(seconds)


# ------------------------------------------------------------------------------------------------
# services


class ErrorMapper(Protocol):
    """How one service turns failures into its own exceptions (see reduct/_errors, storage/_errors)."""

    def from_response(self, response: Response, method: str, url: str) -> StorageSDKError:
        """An error status (>= 300) into the service's exception."""
        ...

    def from_transport(self, exc: Exception, method: str, url: str) -> StorageSDKError:
        """A transport failure (refused, reset, timeout, bad URL, decoding) into the service's exception."""
        ...

    def from_invalid(self, response: Response, reason: str, method: str, url: str) -> StorageSDKError:
        """A success status whose body does not parse into the service's exception."""
        ...


ResponseCheck = Callable[[Response, str, str], None]
"""Called with every final response, its method and URL, before it is returned or mapped to an error."""


@dataclass(frozen=True)
class Service:
    """What the HTTP layer needs to know about one service."""

    name: str
    secret_header: str
    default_timeouts: Timeouts
    errors: Callable[[Callable[[str], str]], ErrorMapper]
    """Builds the service's error mapper from the client's redactor."""
    secret_prefix: str = ""
    """Put before the secret in its header (``"Bearer "`` for ReductStore)."""
    response_check: Callable[[], ResponseCheck] | None = None
    """Builds the per-client check run on every final response (ReductStore's API version)."""


def log_attempt(method: str, url: str, outcome: str, started: float, attempt: int, attempts: int) -> None:
    """DEBUG: one line per attempt."""
    elapsed = (time.perf_counter() - started) * 1000.0
    logger.debug("HTTP %s %s -> %s in %.1f ms (attempt %d/%d)", method, url, outcome, elapsed, attempt, attempts)


def log_call(method: str, url: str, outcome: str, started: float, attempts: int) -> None:
    """INFO: one line per request, once its last attempt is over."""
    elapsed = (time.perf_counter() - started) * 1000.0
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    logger.info("%s %s -> %s in %.1f ms%s", method, url, outcome, elapsed, tries)


_SHOWN_HEADERS = frozenset(
    {"accept", "accept-encoding", "connection", "user-agent", "content-type", "content-length", "content-encoding"}
)
"""Headers whose values DEBUG shows; any other one's value (a token, a key, a caller's extra header,
which may be a credential of its own) is shown as ``***``."""


def _masked(headers: Any) -> str:
    def shown(name: str) -> bool:
        lower = str(name).lower()
        return lower in _SHOWN_HEADERS or lower.startswith("x-reduct-")

    return ", ".join(f"{name}: {value if shown(name) else '***'}" for name, value in headers)


def log_request(prepared: Any) -> None:
    """DEBUG: the request's headers, with every value that could be a secret masked."""
    logger.debug("HTTP %s %s headers: %s", prepared.method, prepared.shown, _masked(prepared.headers))


_HIDDEN_ANSWER_HEADERS = frozenset({"set-cookie", "authorization", "proxy-authorization", "x-api-key"})


def log_response(response: Response, redact: Callable[[str], str]) -> None:
    """DEBUG: the answer's headers (``Set-Cookie`` and the like masked, a ``Location`` without its
    query string) and body size."""

    def value(name: str, text: str) -> str:
        lower = name.lower()
        if lower in _HIDDEN_ANSWER_HEADERS:
            return "***"
        return redact_url(text) if lower == "location" else text

    shown = ", ".join(f"{name}: {value(str(name), str(text))}" for name, text in response.headers.items())
    logger.debug("answer %d headers: %s (%d bytes)", response.status, redact(shown), len(response.content))


# ------------------------------------------------------------------------------------------------
# httpx's own log line

_PRESIGNED: dict[str, int] = {}
_PRESIGNED_LOCK = threading.Lock()
_httpx_filter_installed = False


class _HttpxPresignedFilter(logging.Filter):
    """httpx logs ``HTTP Request: PUT <url> ...`` at INFO with the whole URL: for a presigned URL the
    SDK is sending, the query string (the signature) is left out of that line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _PRESIGNED and isinstance(record.args, tuple):
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, httpx.URL | str) and str(arg) in _PRESIGNED else arg
                for arg in record.args
            )
        return True


class PresignedInFlight:
    """``with PresignedInFlight(url):`` around an httpx send of a presigned URL (see the filter above)."""

    __slots__ = ("url",)

    def __init__(self, url: str) -> None:
        global _httpx_filter_installed
        self.url = url
        if not _httpx_filter_installed:
            with _PRESIGNED_LOCK:
                if not _httpx_filter_installed:
                    logging.getLogger("httpx").addFilter(_HttpxPresignedFilter())
                    _httpx_filter_installed = True

    def __enter__(self) -> None:
        with _PRESIGNED_LOCK:
            _PRESIGNED[self.url] = _PRESIGNED.get(self.url, 0) + 1

    def __exit__(self, *exc_info: object) -> None:
        with _PRESIGNED_LOCK:
            left = _PRESIGNED.pop(self.url, 1) - 1
            if left > 0:
                _PRESIGNED[self.url] = left


# ------------------------------------------------------------------------------------------------
# STORAGE_SDK_LOG

LOG_ENV = "STORAGE_SDK_LOG"
_LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
_SCRUB = re.compile(
    r"(?i)(bearer\s+)\S+|([?&](?:x-amz-signature|x-amz-credential|x-amz-security-token|signature|"
    r"x-goog-signature|x-goog-credential|sig|se|sv|token|key)=)[^&\s\"']+"
)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes (not the one at import)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class _Scrub(logging.Filter):
    """A last guard on the handler STORAGE_SDK_LOG adds: a bearer token or a URL signature that
    reached a message anyway is masked (the SDK's own messages carry none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        scrubbed = _SCRUB.sub(lambda m: (m.group(1) or m.group(2)) + "***", text)
        if scrubbed != text:
            record.msg, record.args = scrubbed, None
        return True


def setup_logging(environ: Mapping[str, str] = os.environ) -> logging.Handler | None:
    """``STORAGE_SDK_LOG=info|debug``: give the ``storage_sdk`` logger a stderr handler at that level.

    Unset or empty: nothing is added. Any other value is ignored with a warning. Called once, at import.
    """
    value = environ.get(LOG_ENV, "").strip()
    if not value:
        return None
    level = _LEVELS.get(value.lower())
    if level is None:
        import warnings

        warnings.warn(f"{LOG_ENV} must be 'info' or 'debug', got {value[:20]!r}; ignored", RuntimeWarning, stacklevel=2)
        return None
    for existing in logger.handlers:
        if isinstance(existing, _StderrHandler):
            logger.removeHandler(existing)
    handler = _StderrHandler()
    handler.setLevel(level)
    handler.addFilter(_Scrub())
    handler.setFormatter(logging.Formatter("[%(asctime)s - %(name)s - %(levelname)s] %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return handler


_log_checked = False


def ensure_logging() -> None:
    """Read ``STORAGE_SDK_LOG`` once: at import when it is set then, else at the first client."""
    global _log_checked
    if not _log_checked:
        _log_checked = True
        setup_logging()


# ------------------------------------------------------------------------------------------------
# through httpx (both modes)


def httpx_target(
    prepared: Any, drop: frozenset[str] | tuple[str, ...] = ()
) -> tuple[httpx.URL, list[tuple[str, bytes]]]:
    """The URL and headers of a request as httpx takes them, made once per request (a cached request
    is sent many times): header values as UTF-8 bytes (as aiohttp sends them), ``drop`` left out."""
    url = prepared.engine_url
    if url is None:
        prepared.engine_headers = [
            (name, value.encode("utf-8")) for name, value in prepared.headers if name not in drop
        ]
        url = prepared.engine_url = httpx.URL(prepared.url)
    encoded: list[tuple[str, bytes]] = prepared.engine_headers
    return url, encoded


def plain_headers(headers: httpx.Headers) -> Any:
    """An httpx answer's headers as a case-insensitive multidict (httpx's Headers decode every value on
    each lookup; the SDK looks several up per answer)."""
    import multidict

    return multidict.CIMultiDictProxy(multidict.CIMultiDict(headers.multi_items()))


def httpx_request(
    client: Any,
    method: str,
    url: httpx.URL,
    encoded: list[tuple[str, bytes]],
    body: Any,
    timeouts: Timeouts | None,
) -> httpx.Request:
    """The request an httpx client sends (URL and headers from ``httpx_target``)."""
    timeout: Any = timeouts.as_httpx() if timeouts is not None else httpx.USE_CLIENT_DEFAULT
    if isinstance(body, httpx.SyncByteStream | httpx.AsyncByteStream):
        # a multipart body httpx already encoded: a request on that stream, with the client's headers merged
        built = client.build_request(method, url, headers=encoded, timeout=timeout)
        return httpx.Request(method, built.url, headers=built.headers, stream=body, extensions=built.extensions)
    request: httpx.Request = client.build_request(method, url, headers=encoded, content=body, timeout=timeout)
    return request
