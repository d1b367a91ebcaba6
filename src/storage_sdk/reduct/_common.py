"""What the ReductStore twins share and that does no I/O: the service description, constructor and
argument checks, request bodies and the check of every answer (API version, "is this ReductStore")."""

from __future__ import annotations

import datetime
import json
import re
import threading
import typing
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
import storage_sdk_gen_reduct.models as models

from .._core._common import (
    NOT_GIVEN,
    ClientOptions,
    NotGiven,
    ResponseCheck,
    Service,
    check_header_value,
    client_options,
    from_httpx_timeout,
    positive_seconds,
    replaced_options,
)
from .._core._types import Response, Timeouts
from ..errors import ReductError, ReductInvalidResponse
from ._errors import ReductErrorMapper

if TYPE_CHECKING:
    from storage_sdk_gen_reduct.models import TokenCreateRequest

T = TypeVar("T")

DEFAULT_TIMEOUTS = Timeouts(connect=10.0, read=60.0, write=60.0, pool=60.0, total=300.0)
"""10 s to connect, 60 s for each write, read and wait for a pooled connection, 300 s per attempt."""
TOKEN_ENV = "REDUCT_API_TOKEN"
"""Environment variable read when ``api_token`` is None."""
CLIENT_API = (1, 21)
"""The API version of ``openapi/reduct.yaml`` (the server version the client is written for)."""

_API_VERSION = re.compile(r"^\s*(\d+)\.(\d+)")


# ------------------------------------------------------------------------------------------------
# constructor


def reduct_timeouts(timeout: object) -> Timeouts | None:
    """reduct-py's meaning: a number is the total per attempt; an ``httpx.Timeout`` sets each phase."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        return from_httpx_timeout(timeout)
    total = positive_seconds(timeout, "timeout")
    return Timeouts(connect=total, read=total, write=total, pool=total, total=total)


def reduct_options(
    *,
    url: object,
    api_token: object,
    environ: typing.Mapping[str, str],
    timeout: object,
    extra_headers: object,
    max_retries: object,
    verify: object,
    verify_ssl: object,
    trust_env: object,
) -> ClientOptions:
    """Check the ``Client`` / ``AsyncClient`` arguments (before any I/O; no message shows the token)."""
    if api_token is not None and not isinstance(api_token, str):
        raise TypeError(f"api_token must be a str or None, got {type(api_token).__name__}")
    token = resolve_token(api_token, environ)
    if verify_ssl is not None:
        if not isinstance(verify_ssl, bool):
            raise TypeError(f"verify_ssl must be a bool, got {type(verify_ssl).__name__}")
        if verify is not True and verify is not verify_ssl:
            raise ValueError("pass verify or verify_ssl (reduct-py's name for it), not both")
        verify = verify_ssl
    return client_options(
        url=url,
        url_argument="url",
        secret=token,
        secret_argument="api_token" if api_token else TOKEN_ENV,
        secret_header="Authorization",
        timeout=reduct_timeouts(timeout),
        max_retries=max_retries,
        extra_headers=extra_headers,
        verify=verify,
        trust_env=trust_env,
    )


def reduct_with_options(
    options: ClientOptions,
    *,
    timeout: object,
    total_timeout: object,
    max_retries: object,
    extra_headers: object,
) -> ClientOptions:
    """A ``with_options()`` call's settings over the client's (each checked as the constructor checks it).

    ``timeout`` has the constructor's meaning (a number: the total per attempt, also each phase;
    an ``httpx.Timeout``: the phases, no total; None: the defaults); ``total_timeout`` then sets
    the total per attempt alone, keeping the phases.
    """
    timeouts: Timeouts | NotGiven | None = NOT_GIVEN
    if not isinstance(timeout, NotGiven):
        timeouts = reduct_timeouts(timeout)
    if not isinstance(total_timeout, NotGiven):
        total = None if total_timeout is None else positive_seconds(total_timeout, "total_timeout")
        base = options.timeouts if isinstance(timeouts, NotGiven) else timeouts
        base = base if base is not None else DEFAULT_TIMEOUTS
        timeouts = Timeouts(base.connect, base.read, base.write, base.pool, total)
    return replaced_options(
        options, timeouts=timeouts, max_retries=max_retries, extra_headers=extra_headers, secret_header="Authorization"
    )


def resolve_token(api_token: str | None, environ: typing.Mapping[str, str]) -> str | None:
    """An explicit token wins (``""`` means none); else ``REDUCT_API_TOKEN`` when set and non-empty."""
    if api_token is None:
        return environ.get(TOKEN_ENV) or None
    return api_token or None


# ------------------------------------------------------------------------------------------------
# arguments


def check_name(value: object, argument: str, *, path: bool = False) -> str:
    """A bucket, entry, token, replication or lifecycle name that keeps the request on its URL.

    Empty names, ``.`` / ``..`` (which URL normalisation would turn into another endpoint) and
    control characters are refused; any other format rule is the server's, which answers 422.
    ``path=True`` allows ``/`` between non-empty segments (entry names).
    """
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{argument} must not be empty")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise ValueError(f"{argument} must not contain control characters, got {value[:60]!r}")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        raise ValueError(f"{argument} contains text that cannot be encoded (a lone surrogate)")
    segments = value.split("/") if path else [value]
    for segment in segments:
        if segment in ("", ".", ".."):
            raise ValueError(f"{argument} must not contain empty, '.' or '..' path segments, got {value[:60]!r}")
    return value


def check_model(value: object, cls: type[T], argument: str) -> T:
    """A request model of the right class whose fields (lists included) hold values of their types."""
    if not isinstance(value, cls):
        raise TypeError(f"{argument} must be a {cls.__name__}, got {type(value).__name__}")
    from .._core._typecheck import mismatch

    problem = mismatch(value, cls, f"{argument}")
    if problem is not None:
        raise TypeError(problem)
    # what the types cannot say: a JSON condition or an unknown field changed into something JSON
    # cannot carry (an object, NaN) after construction
    for field, item in value.to_dict().items():  # type: ignore[attr-defined]
        try:
            json.dumps(item, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{argument}.{field} cannot be sent as JSON: {exc}") from None
    return value


def check_argument(value: object, check: type[T] | Callable[[Any], T], argument: str) -> T:
    """A plain argument of a type (``bool``...), or one converted by a generated ``to_<enum>`` function."""
    if isinstance(check, type):
        if not isinstance(value, check) or (check is int and isinstance(value, bool)):
            raise TypeError(f"{argument} must be a {check.__name__}, got {type(value).__name__}")
        return typing.cast(T, value)
    try:
        return check(value)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{argument}: {exc}") from None


def check_str_list(value: object, argument: str) -> list[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"{argument} must be a list of str, got {type(value).__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{argument} must be a list of str, got an item of type {type(item).__name__}")
    return items


def token_request(permissions: object, expires_at: object, ttl: object, ip_allowlist: object) -> TokenCreateRequest:
    """The 1.19+ create-token body, as reduct-py 1.21 sends it for the same arguments.

    ``ip_allowlist`` is sent as ``[]`` when not given (what reduct-py sends); ``expires_at`` and
    ``ttl`` only when given (never null). The caller's ``Permissions`` is not changed.
    """
    perms = check_model(permissions, models.Permissions, "permissions")
    perms = models.Permissions(full_access=perms.full_access, read=list(perms.read), write=list(perms.write))
    body = models.TokenCreateRequest(permissions=perms)
    if expires_at is not None:
        if not isinstance(expires_at, datetime.datetime):
            raise TypeError(f"expires_at must be a datetime, got {type(expires_at).__name__}")
        if expires_at.tzinfo is None or expires_at.utcoffset() is None:
            # the server parses RFC 3339, which needs an offset
            raise ValueError("expires_at must be timezone-aware (for example datetime.now(timezone.utc))")
        body.expires_at = expires_at
    if ttl is not None:
        if isinstance(ttl, bool) or not isinstance(ttl, int):
            raise TypeError(f"ttl must be an int (seconds), got {type(ttl).__name__}")
        if ttl <= 0:
            raise ValueError(f"ttl must be a positive number of seconds, got {ttl}")
        body.ttl = ttl
    if ip_allowlist is not None:
        allowed = check_str_list(ip_allowlist, "ip_allowlist")
        body.ip_allowlist = [check_header_value(ip, "ip_allowlist") for ip in allowed]
    return body


def is_missing_bucket(response: Response) -> bool:
    """A 404 from ReductStore's bucket route ("Bucket 'x' is not found"), not from elsewhere.

    A static web server answers 404 without ``x-reduct-api``; ReductStore's own fallback for an
    unknown route (a URL that repeats ``/api/v1``) answers ``Not found``. Neither says the bucket
    is missing.
    """
    if response.headers.get("x-reduct-api") is None:
        return False
    message = (response.headers.get("x-reduct-error") or "").strip().lower()
    return message != "not found"


def is_already_exists(error: ReductError) -> bool:
    """The 409 that ``create_bucket(exist_ok=True)`` swallows (not "is being deleted" or "provisioned")."""
    return error.status_code == 409 and error.message.rstrip().endswith("already exists")


# ------------------------------------------------------------------------------------------------
# every answer


class ApiVersionCheck:
    """Reads ``x-reduct-api`` on every final answer.

    - A different major version raises ``ReductError(400, ...)``, as reduct-py does.
    - A minor version older than the client's gives one ``UserWarning`` per client.
    - A success answer without the header did not come from ReductStore (every ReductStore
      since 1.5 sends it on every answer): ``ReductInvalidResponse`` says the URL may not point at
      the server, instead of reporting success from, say, a static web server. Error answers
      without it are left to the error mapping (proxies answer errors too).
    """

    def __init__(self) -> None:
        self._warned = False
        self._last_good: str | None = None
        self._lock = threading.Lock()

    def __call__(self, response: Response, method: str, url: str) -> None:
        header = response.headers.get("x-reduct-api")
        if header is not None and header == self._last_good:
            return
        if header is None:
            if 200 <= response.status < 300:
                raise ReductInvalidResponse(
                    response.status,
                    "the answer has no x-reduct-api header, so it did not come from a ReductStore server; "
                    "check that the URL points at the server's root (e.g. http://host:8383)",
                    method=method,
                    url=url,
                )
            return
        match = _API_VERSION.match(header)
        if match is None:
            return
        major, minor = int(match.group(1)), int(match.group(2))
        client_major, client_minor = CLIENT_API
        if major != client_major:
            raise ReductError(
                400,
                f"Unsupported API version {major}.{minor}. Client version is {client_major}.{client_minor}.",
                method=method,
                url=url,
            )
        if minor < client_minor:
            with self._lock:
                warn = not self._warned
                self._warned = True
            if warn:
                warnings.warn(
                    f"ReductStore API version {major}.{minor} is older than the client's "
                    f"{client_major}.{client_minor}; newer features may fail or be ignored by the server",
                    UserWarning,
                    stacklevel=2,
                )
            return
        self._last_good = header


def _api_version_check() -> ResponseCheck:
    return ApiVersionCheck()


SERVICE = Service(
    name="ReductStore",
    secret_header="Authorization",
    secret_prefix="Bearer ",
    default_timeouts=DEFAULT_TIMEOUTS,
    errors=ReductErrorMapper,
    response_check=_api_version_check,
)
