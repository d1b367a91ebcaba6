"""What the ReductStore twins share and that does no I/O: argument checks, request bodies,
the API-version check and the type check of parsed responses."""

from __future__ import annotations

import datetime
import enum
import re
import threading
import typing
import warnings
from collections.abc import Iterable
from typing import TypeVar

import httpx
import storage_sdk_gen_reduct.models as models

from .._core._common import redact_url
from .._core._typecheck import mismatch
from ..errors import ReductError

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""60 s for each read, write and pool wait, 10 s to connect (per attempt)."""
TOKEN_ENV = "REDUCT_API_TOKEN"
"""Environment variable read when ``api_token`` is None."""
CLIENT_API = (1, 21)
"""The API version of ``openapi/reduct.yaml`` (the server version the client is written for)."""

_API_VERSION = re.compile(r"^\s*(\d+)\.(\d+)")


# ------------------------------------------------------------------------------------------------
# arguments


def check_name(value: object, argument: str, *, path: bool = False) -> str:
    """A bucket, entry, token, replication or lifecycle name that keeps the request on its URL.

    Empty names and ``.`` / ``..`` (which URL normalisation would turn into another endpoint) are
    refused; any other format rule is the server's, which answers 422. ``path=True`` allows ``/``
    between non-empty segments (entry names).
    """
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a str, got {type(value).__name__}")
    if not value:
        raise ValueError(f"{argument} must not be empty")
    segments = value.split("/") if path else [value]
    for segment in segments:
        if segment in ("", ".", ".."):
            raise ValueError(f"{argument} must not contain empty, '.' or '..' path segments, got {value!r}")
    return value


def check_model(value: object, cls: type[T], argument: str) -> T:
    """A request model of the right class whose fields hold values of their declared types."""
    if not isinstance(value, cls):
        raise TypeError(f"{argument} must be a {cls.__name__}, got {type(value).__name__}")
    problem = mismatch(value, cls, argument)
    if problem is not None:
        raise TypeError(problem)
    return value


E = TypeVar("E", bound=enum.StrEnum)


def check_enum(value: object, cls: type[E], argument: str) -> E:
    """A member of ``cls`` or its string value (a value unknown to the client is left to the server)."""
    if not isinstance(value, str):
        raise TypeError(f"{argument} must be a {cls.__name__} or str, got {type(value).__name__}")
    return cls(value)


def check_str_list(value: object, argument: str) -> list[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"{argument} must be a list of str, got {type(value).__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{argument} must be a list of str, got an item of type {type(item).__name__}")
    return items


def token_request(
    permissions: object,
    expires_at: object,
    ttl: object,
    ip_allowlist: object,
) -> models.TokenCreateRequest:
    """The 1.19+ create-token body, as reduct-py 1.21 sends it for the same arguments.

    Permission lists and ``ip_allowlist`` the caller left out are sent as ``[]`` (the server's
    defaults, and what reduct-py sends); ``expires_at`` and ``ttl`` only when given (never null).
    """
    perms = check_model(permissions, models.Permissions, "permissions")
    # a copy: the caller's model is not changed
    perms = models.Permissions(
        full_access=perms.full_access if isinstance(perms.full_access, bool) else False,
        read=list(perms.read) if isinstance(perms.read, list) else [],
        write=list(perms.write) if isinstance(perms.write, list) else [],
    )
    body = models.TokenCreateRequest(permissions=perms, ip_allowlist=[])
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
        body.ip_allowlist = check_str_list(ip_allowlist, "ip_allowlist")
    return body


def resolve_token(api_token: str | None, environ: typing.Mapping[str, str]) -> str | None:
    """An explicit token wins (``""`` means none); else ``REDUCT_API_TOKEN`` when set and non-empty."""
    if api_token is None:
        return environ.get(TOKEN_ENV) or None
    return api_token or None


def is_already_exists(error: ReductError) -> bool:
    """The 409 that ``create_bucket(exist_ok=True)`` swallows (not "is being deleted" or "provisioned")."""
    return error.status_code == 409 and error.message.rstrip().endswith("already exists")


# ------------------------------------------------------------------------------------------------
# API version


class ApiVersionCheck:
    """``Service.check_response`` hook: reads ``x-reduct-api`` on every response.

    A different major version raises ``ReductError(400, ...)`` (as reduct-py); a minor version
    older than the client's gives one ``UserWarning`` per client. A missing or malformed header
    (a proxy's answer, a very old server) is not judged.
    """

    def __init__(self) -> None:
        self._warned = False
        self._lock = threading.Lock()

    def __call__(self, response: httpx.Response) -> None:
        header = response.headers.get("x-reduct-api")
        if header is None:
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
                method=response.request.method,
                url=redact_url(response.request.url),
            )
        if minor < client_minor:
            with self._lock:
                if self._warned:
                    return
                self._warned = True
            warnings.warn(
                f"ReductStore API version {major}.{minor} is older than the client's {client_major}.{client_minor}; "
                "newer features may fail or be ignored by the server",
                UserWarning,
                stacklevel=2,
            )
