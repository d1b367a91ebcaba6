"""Everything in the HTTP layer that does no I/O, shared by the sync and async twins."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import platform
import random
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol

import httpx

from .._version import __version__
from ..errors import StorageSDKError

logger = logging.getLogger("storage_sdk")

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
"""A server that asks to wait longer than this (``Retry-After``) is not retried at all."""
RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=30.0)
USER_AGENT = f"storage-sdk/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"


def check_max_retries(max_retries: object) -> int:
    """Validate ``max_retries``: a non-negative int (bool is rejected)."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be a non-negative int, got {max_retries!r}")
    return max_retries


def make_timeout(timeout: object, default: httpx.Timeout) -> httpx.Timeout:
    """``None`` -> the service default; a number -> that many seconds for every phase."""
    if timeout is None:
        return default
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout!r}")
    return httpx.Timeout(float(timeout))


def check_base_url(url: object, argument: str) -> httpx.URL:
    """Parse the service root URL; keep its path prefix, drop trailing slashes."""
    if not isinstance(url, str | httpx.URL):
        raise TypeError(f"{argument} must be a str, got {type(url).__name__}")
    try:
        parsed = httpx.URL(str(url).strip())
    except httpx.InvalidURL as exc:
        raise ValueError(f"{argument} is not a valid URL: {exc}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"{argument} must be an http:// or https:// URL with a host, got {str(url)!r}")
    if parsed.username or parsed.password:
        raise ValueError(f"{argument} must not contain credentials; pass them as arguments instead")
    return parsed.copy_with(path=parsed.path.rstrip("/") or "", query=None, fragment=None)


def check_secret(secret: object, argument: str) -> str:
    if not isinstance(secret, str):
        raise TypeError(f"{argument} must be a str, got {type(secret).__name__}")
    if not secret.isprintable() or "\r" in secret or "\n" in secret:
        raise ValueError(f"{argument} contains characters that cannot be sent in an HTTP header")
    return secret


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port or _default_port(a)) == (b.scheme, b.host, b.port or _default_port(b))


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


def redact_url(url: httpx.URL | str) -> str:
    """The URL without user info, query string or fragment (presigned URLs carry signatures there)."""
    text = str(url)
    if "?" not in text and "#" not in text and "@" not in text:
        return text  # nothing to remove: skip httpx's URL parsing, which costs more than the request
    u = httpx.URL(url) if isinstance(url, str) else url
    return str(u.copy_with(username=None, password=None, query=None, fragment=None))


class NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing: neither service uses cookies, and httpx's per-response
    cookie extraction (urllib request/response wrappers) costs ~15 % of a small call."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None

    def set_cookie_header(self, request: httpx.Request) -> None:
        return None


class SecretAuth(httpx.Auth):
    """Adds the service's secret header, and only to requests for the service's own origin.

    A presigned URL on another host, or a request a caller makes through a shared ``http_client``
    to anywhere else, never carries the secret. Redirects are not followed by our clients.
    """

    def __init__(self, header: str, value: str, origin: httpx.URL) -> None:
        self._header = header
        self._value = value
        self._origin = origin

    def apply(self, request: httpx.Request) -> None:
        """Add the secret header if the request is for the service's own origin."""
        if same_origin(request.url, self._origin):
            request.headers[self._header] = self._value

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.apply(request)
        yield request

    def __repr__(self) -> str:
        return f"SecretAuth(header={self._header!r}, value='***', origin={redact_url(self._origin)!r})"


def redactor(secret: str | None) -> Callable[[str], str]:
    """A function that masks the secret wherever a server or a library echoes it back."""
    if not secret or len(secret) < 4:
        return lambda text: text
    return lambda text: text.replace(secret, "***") if secret in text else text


# ------------------------------------------------------------------------------------------------
# retries


def backoff_delay(retry_index: int, rand: Callable[[], float] = random.random) -> float:
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
    retry_index: int, headers: httpx.Headers, rand: Callable[[], float] = random.random
) -> float | None:
    """How long to wait before retrying a retryable status, or None when the server asks for too long."""
    asked = parse_retry_after(headers.get("retry-after"))
    if asked is None:
        return backoff_delay(retry_index, rand)
    if asked > MAX_RETRY_AFTER:
        return None
    return asked


def is_retryable_status(method: str, status: int) -> bool:
    return status in RETRY_STATUSES and method in IDEMPOTENT_METHODS


def is_retryable_exception(method: str, exc: BaseException) -> bool:
    """Idempotent requests retry any transport failure; others only when nothing reached the server."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True  # the request was never sent
    return method in IDEMPOTENT_METHODS and isinstance(exc, httpx.TransportError)


def async_sleep(seconds: float) -> Any:
    return asyncio.sleep(seconds)


def sync_sleep(seconds: float) -> None:
    time.sleep(seconds)


# ------------------------------------------------------------------------------------------------
# errors


class ServiceErrors(Protocol):
    """How one service turns failures into its own exceptions (see reduct/_errors, storage/_errors)."""

    def from_response(self, response: httpx.Response, method: str, url: str) -> StorageSDKError:
        """An error status (>= 300) into the service's exception."""
        ...

    def from_transport(self, exc: Exception, method: str, url: str) -> StorageSDKError:
        """A transport failure (refused, reset, timeout, bad URL, decoding) into the service's exception."""
        ...

    def from_invalid(self, response: httpx.Response, reason: str, method: str, url: str) -> StorageSDKError:
        """A success status whose body does not parse into the service's exception."""
        ...


@dataclass(frozen=True)
class Service:
    """What the HTTP layer needs to know about one service."""

    name: str
    secret_header: str
    errors: ServiceErrors
    secret_prefix: str = ""
    """Put before the secret in its header (``"Bearer "`` for ReductStore)."""
    check_response: Callable[[httpx.Response], None] | None = None
    """Called with every final response (any status) before it is returned or mapped to an error."""


def make_headers(extra: Mapping[str, str] | None, secret_header: str) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT}
    if extra:
        for key, value in extra.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise TypeError("extra_headers must map str to str")
            if key.lower() in (secret_header.lower(), "authorization"):
                raise ValueError(f"extra_headers must not set {key!r}; pass the secret as its own argument")
            headers[key] = value
    return headers


def log_attempt(method: str, url: str, outcome: str, started: float, attempt: int, attempts: int) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000.0
        logger.debug("HTTP %s %s -> %s in %.1f ms (attempt %d/%d)", method, url, outcome, elapsed, attempt, attempts)


def core_options(
    *,
    url: object,
    url_argument: str,
    secret: str | None,
    secret_header: str,
    timeout: object,
    default_timeout: httpx.Timeout,
    max_retries: object,
    extra_headers: Mapping[str, str] | None,
    verify: Any,
    trust_env: bool,
) -> dict[str, Any]:
    """Validate a facade's constructor arguments (before any I/O) into HTTP-core keyword arguments."""
    if extra_headers is not None and not isinstance(extra_headers, Mapping):
        raise TypeError(f"extra_headers must be a mapping of str to str, got {type(extra_headers).__name__}")
    if not isinstance(trust_env, bool):
        raise TypeError(f"trust_env must be a bool, got {type(trust_env).__name__}")
    return {
        "base_url": check_base_url(url, url_argument),
        "secret": secret,
        "timeout": make_timeout(timeout, default_timeout),
        "timeout_given": timeout is not None,
        "max_retries": check_max_retries(max_retries),
        "headers": make_headers(extra_headers, secret_header),
        "verify": verify,
        "trust_env": trust_env,
    }
