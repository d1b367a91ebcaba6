"""FakeReduct: a stateful ReductStore 1.21 admin API on loopback (see :class:`FakeReduct`).

It answers the way ``reductstore`` 1.21 does as the reference notes describe it (reduct-admin-api.md; the
sections are cited in the code), and, where they are silent, as the server source reads::

    with FakeReduct(api_token="init-token-value") as server:
        server.add_bucket("data")
        server.add_record("data", "entry-1", 1_000_000, b"somedata")
        ...  # point any client at server.url with the token "init-token-value"
        server.requests  # every request seen: method, path (with query), headers, body

What is modelled:

- Paths under ``/api/v1``. Every response carries ``Server: ReductStore 1.21.0`` and ``x-reduct-api: 1.21``
  (§1). Successful mutations answer 200 with an empty body; JSON bodies are compact serde output in struct
  field order, with every ``Option`` present (``null`` when unset).
- Errors (§3): ``x-reduct-error: <message>``, ``Content-Type: application/json`` and the body
  ``{"detail": "<message with \" replaced by '>"}`` (HEAD: no body). axum's own rejections carry no
  ``x-reduct-error``: 405 (wrong method, with ``Allow``), and 415/400/422 with a text/plain body from
  ``PUT /b/{b}/rename`` (the only endpoint that requires ``Content-Type: application/json``).
- Request bodies are parsed from the raw bytes whatever the content type, with serde semantics: unknown keys
  ignored (``deny_unknown_fields`` for the token bodies), missing ``Option`` = null, required fields and wrong
  types rejected with serde_json's messages (``Invalid JSON: invalid type: null, expected a string at line 1
  column 79``). Syntax-error messages are an approximation of serde_json's. As in axum, the body is parsed
  before the token is checked.
- Authentication (§2): ``Authorization: Bearer <value>``; the init token (``init-token``, full access,
  ``is_provisioned`` per ``init_token_provisioned``) has the value ``api_token``. ``api_token=None`` (or ``""``)
  disables authentication: every request passes as ``AUTHENTICATION-DISABLED`` (full access), ``GET /tokens`` is
  empty, creating/reading/rotating a token answers 400 ``Authentication is disabled`` and ``DELETE /tokens/{n}``
  200. Policies: anonymous (alive, ready), authenticated (info, list, me, HEAD /b/{b}), read (GET /b/{b}), write
  (entry remove/rename, record write/remove), full access (the rest). ``/list`` is filtered by read permission
  (wildcards never match ``$`` buckets). Expiry (``expires_at``, ``ttl``) and ``ip_allowlist`` (peer address, or
  ``X-Forwarded-For``/``Forwarded``) are enforced with the server's 401 messages.
- Buckets (§4.2): settings filled from the defaults (NONE/0/64000000/1024, configurable) on create, merged on
  update (null or missing keeps the current value); rename (token permissions follow); remove (token permissions
  lose the bucket). With ``deletion_lag=0`` (default) a removed bucket disappears at once; with
  ``deletion_lag=n`` the next ``n`` requests see it with status ``DELETING`` (GET/PUT/HEAD/rename answer 409
  ``Bucket 'x' is being deleted``, ``/list`` shows it, ``bucket_count`` counts it), then it is gone.
- Entries (§4.3, §5): seeded with :meth:`FakeReduct.add_entry` (bare figures) or :meth:`FakeReduct.add_record`,
  or written with ``POST /b/{b}/{e}?ts=<µs>`` (write permission; 422 without ``ts`` or ``Content-Length``; 409 for
  a timestamp that exists; a HARD quota answers 400 ``Quota of 'b' exceeded``, a FIFO quota drops the oldest
  blocks). Sizes count each record's payload plus a constant descriptor (:data:`RECORD_OVERHEAD`, calibrated on
  the server's own test); blocks close at ``max_block_records`` / ``max_block_size``. ``DELETE /b/{b}/{e}?ts=``
  removes a record; ``DELETE /b/{b}/{e}`` removes the entry and its ``e/...`` children, ``PUT /b/{b}/{e}/rename``
  renames them. Attachments (``<entry>/$meta``, §5) need a ``key`` label, replace the record with the same key,
  count in the bucket's size and are hidden from the entry list. The rest of the record API (reads, batches,
  queries, ``/io``, ``/links``) answers 501 with an ``x-reduct-error`` saying it is out of scope.
- Tokens (§4.4): v1 bare Permissions or v2 TokenCreateRequest bodies; ``"{name}-{32 hex}"`` values; list sorted
  by name; ``value: ""`` on reads; rotate, remove (provisioned / last full-access token protected).
- Replications and lifecycles (§4.5, §4.6) with the server's validations and messages (destination URL, source
  bucket, same bucket on this host, lifecycle durations with the release minima: ``older_than`` >= 1h,
  ``interval`` >= 10m). Lists are sorted by name (the server's order comes from a HashMap). ``dst_token`` is
  always null on reads; PUT with a null ``dst_token`` keeps the old one. Replication diagnostics are zeros unless
  seeded with :meth:`FakeReduct.set_replication_status`; seeded values stick to the name.
- CORS (§1): any ``OPTIONS`` request is a preflight (200, methods and headers ``*``); an ``Origin`` listed in
  ``cors_allow_origin`` gets ``Access-Control-Allow-Origin`` and ``Access-Control-Expose-Headers: *``.
- Start-up (§3, 503): while ``starting`` is True every endpoint answers 503, ``/alive`` 200. Errors the fake
  cannot reach by itself (500, 429) can be queued with :meth:`FakeReduct.fail_next`.

Not modelled: the ``$system`` bucket and its audit entries (``last_access`` is the time of the token's last
authenticated request, or of its rotation; ``track_last_access=False`` keeps it null), record reads, rate
limits, replica/read-only roles, ``when`` condition syntax checks, the 2 MiB body limit, and the UI (``GET /`` and
``/ui/...`` answer the 404 fallback).
"""

from __future__ import annotations

import calendar
import ipaddress
import json
import re
import secrets
import ssl
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from ._server import TLS, LoopbackServer, Recorded, Response

VERSION = "1.21.0"
API_VERSION = "1.21"
API_PREFIX = "/api/v1"
INIT_TOKEN_NAME = "init-token"
DISABLED_TOKEN_NAME = "AUTHENTICATION-DISABLED"
DEFAULT_BUCKET_SETTINGS: dict[str, Any] = {
    "quota_type": "NONE",
    "quota_size": 0,
    "max_block_size": 64000000,
    "max_block_records": 1024,
}
U64_MAX = 2**64 - 1
OUT_OF_SCOPE = (
    "FakeReduct models only single-record writes (POST /api/v1/b/{bucket}/{entry}?ts=...) of the record API; "
    "reads, batches, queries, /io and /links are out of its scope"
)
# A license as the server sends it (field order of reduct_base::msg::server_api::License).
DEMO_LICENSE: dict[str, Any] = {
    "licensee": "ReductSoftware",
    "invoice": "2024-0001",
    "expiry_date": "2035-01-01T00:00:00Z",
    "plan": "STANDARD",
    "device_number": 1,
    "disk_quota": 0,
    "fingerprint": "df92c95a7c9b56c2af99b290c39d8471c3e6cbf9dc33dc9bdb4116b9fbb8e16e",
}

_BUCKET_NAME = re.compile(r"^[A-Za-z0-9_-]*$")
_ENTRY_NAME = re.compile(r"^[A-Za-z0-9_/-]*$")
_PERMISSION = re.compile(r"^[*a-zA-Z0-9_\-]+$")
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_SPECIAL_SCHEMES = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}


# ------------------------------------------------------------------------------------------------
# Time


def _now_ns() -> int:
    return time.time_ns()


def rfc3339(ns: int) -> str:
    """chrono's ``DateTime<Utc>`` serialization (``SecondsFormat::AutoSi``, ``Z``)."""
    secs, frac = divmod(ns, 1_000_000_000)
    base = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs))
    if frac == 0:
        digits = ""
    elif frac % 1_000_000 == 0:
        digits = f".{frac // 1_000_000:03d}"
    elif frac % 1_000 == 0:
        digits = f".{frac // 1_000:06d}"
    else:
        digits = f".{frac:09d}"
    return f"{base}{digits}Z"


def _parse_rfc3339(text: str) -> int | None:
    """Nanoseconds since the epoch for an RFC 3339 date-time (as chrono's ``DateTime<Utc>`` accepts), else None."""
    match = _RFC3339.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    offset = 0
    if match.group(9):
        offset = (int(match.group(10)) * 60 + int(match.group(11))) * 60
        if match.group(9) == "-":
            offset = -offset
    try:
        moment = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except ValueError:
        return None
    fraction = int((match.group(7) or "")[:9].ljust(9, "0"))
    return (calendar.timegm(moment.timetuple()) - offset) * 1_000_000_000 + fraction


# ------------------------------------------------------------------------------------------------
# Errors


class ReductHttpError(Exception):
    """An error the server answers with ``x-reduct-error`` and a ``{"detail": ...}`` body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _PlainRejection(Exception):
    """An axum rejection: no ``x-reduct-error``, a plain-text body (or none)."""

    def __init__(self, status: int, text: str, headers: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(text)
        self.status = status
        self.text = text
        self.headers = list(headers)


class _SerdeError(Exception):
    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


# ------------------------------------------------------------------------------------------------
# serde_json-like deserialization of request bodies


@dataclass(frozen=True)
class _Field:
    name: str
    kind: str  # str, u64, u32, i32, bool, list_str, enum, value, datetime, struct
    required: bool = False  # no serde default and not an Option: missing -> "missing field"
    nullable: bool = False  # Option<T>: null -> None
    default: Any = None  # used when missing and not required
    variants: tuple[str, ...] = ()
    struct_name: str = ""
    fields: tuple[_Field, ...] = ()


def _f(name: str, kind: str, **kw: Any) -> _Field:
    return _Field(name, kind, **kw)


_QUOTA = ("NONE", "FIFO", "HARD")
_BUCKET_SETTINGS = (
    _f("quota_type", "enum", nullable=True, variants=_QUOTA),
    _f("quota_size", "u64", nullable=True),
    _f("max_block_size", "u64", nullable=True),
    _f("max_block_records", "u64", nullable=True),
)
_RENAME = (_f("new_name", "str", required=True),)
_PERMISSIONS = (
    _f("full_access", "bool", default=False),
    _f("read", "list_str", default=()),
    _f("write", "list_str", default=()),
)
_TOKEN_V2 = (
    _f("permissions", "struct", required=True, struct_name="Permissions", fields=_PERMISSIONS),
    _f("expires_at", "datetime", nullable=True),
    _f("ttl", "u64", nullable=True),
    _f("ip_allowlist", "list_str", default=()),
)
_TOKEN_V1 = (*_PERMISSIONS, _f("ip_allowlist", "list_str", default=()))
_REPLICATION_MODES = ("enabled", "paused", "disabled")
_REPLICATION_SETTINGS = (
    _f("src_bucket", "str", required=True),
    _f("dst_bucket", "str", required=True),
    _f("dst_host", "str", required=True),
    _f("dst_token", "str", nullable=True),
    _f("entries", "list_str", default=()),
    _f("dst_prefix", "str", default=""),
    _f("when", "value", nullable=True),
    _f("mode", "enum", variants=_REPLICATION_MODES, default="enabled"),
    _f("compression", "enum", variants=("none", "zstd", "gzip"), default="none"),
)
_LIFECYCLE_MODES = ("enabled", "disabled", "dry_run")
_LIFECYCLE_SETTINGS = (
    _f("type", "enum", required=True, variants=("delete", "compress")),
    _f("bucket", "str", required=True),
    _f("entries", "list_str", default=()),
    _f("older_than", "str", required=True),
    _f("interval", "str", default="3600s"),
    _f("when", "value", nullable=True),
    _f("processing_interval", "str", nullable=True),
    _f("mode", "enum", variants=_LIFECYCLE_MODES, default="enabled"),
)


def _one_of(variants: Sequence[str]) -> str:
    names = [f"`{v}`" for v in variants]
    if len(names) == 1:
        return f"expected {names[0]}"
    if len(names) == 2:
        return f"expected {names[0]} or {names[1]}"
    return "expected one of " + ", ".join(names)


def _unexpected(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean `{'true' if value else 'false'}`"
    if isinstance(value, int):
        return f"integer `{value}`"
    if isinstance(value, float):
        return f"floating point `{value!r}`"
    if isinstance(value, str):
        return "string " + json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "sequence"
    return "map"


_EXPECTED = {
    "str": "a string",
    "u64": "u64",
    "u32": "u32",
    "i32": "i32",
    "bool": "a boolean",
    "list_str": "a sequence",
    "datetime": "a formatted date and time string or a unix timestamp",
}
_RANGES = {"u64": (0, U64_MAX), "u32": (0, 2**32 - 1), "i32": (-(2**31), 2**31 - 1)}


class _Json:
    """A JSON text that ``json.loads`` accepted, walked with serde_json's positions (line, byte column)."""

    _decoder = json.JSONDecoder()

    def __init__(self, text: str) -> None:
        self.text = text

    def at(self, consumed: int) -> str:
        line = self.text.count("\n", 0, consumed) + 1
        start = self.text.rfind("\n", 0, consumed) + 1
        column = len(self.text[start:consumed].encode("utf-8"))
        return f" at line {line} column {column}"

    def ws(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in " \t\n\r":
            i += 1
        return i

    def value(self, i: int) -> tuple[Any, int]:
        value, end = self._decoder.raw_decode(self.text, i)
        return value, end

    def type_error(self, value: Any, start: int, end: int, expected: str, path: str) -> _SerdeError:
        # serde_json reports a scalar after it, and a container before its bracket (nothing consumed yet)
        where = start if isinstance(value, list | dict) else end
        return _SerdeError(f"invalid type: {_unexpected(value)}, expected {expected}{self.at(where)}", path)

    def struct(
        self, i: int, name: str, fields: Sequence[_Field], *, deny_unknown: bool = False, path: str = ""
    ) -> dict[str, Any]:
        start = i
        value, end = self.value(i)
        if isinstance(value, list):
            raise _SerdeError(
                f"invalid length {len(value)}, expected struct {name} with {len(fields)} elements{self.at(end)}", path
            )
        if not isinstance(value, dict):
            raise self.type_error(value, start, end, f"struct {name}", path)
        by_name = {f.name: f for f in fields}
        out: dict[str, Any] = {}
        i = self.ws(start + 1)
        while self.text[i] != "}":
            key, i = self.value(i)
            key_end = i
            i = self.ws(i) + 1  # the colon
            i = self.ws(i)
            vstart = i
            item, i = self.value(i)
            sub = f"{path}.{key}" if path else str(key)
            spec = by_name.get(key)
            if spec is None:
                if deny_unknown:
                    expected = _one_of([f.name for f in fields])
                    raise _SerdeError(f"unknown field `{key}`, {expected}{self.at(key_end)}", path)
            elif key in out:
                raise _SerdeError(f"duplicate field `{key}`{self.at(key_end)}", path)
            else:
                out[key] = self.field(spec, item, vstart, i, sub)
            i = self.ws(i)
            if self.text[i] == ",":
                i = self.ws(i + 1)
        obj_end = i + 1
        for spec in fields:
            if spec.name in out:
                continue
            if spec.required:
                raise _SerdeError(f"missing field `{spec.name}`{self.at(obj_end)}", path)
            default = spec.default
            out[spec.name] = list(default) if isinstance(default, tuple) else default
        return {spec.name: out[spec.name] for spec in fields}  # struct field order, as serde serializes it

    def field(self, spec: _Field, value: Any, start: int, end: int, path: str) -> Any:
        if value is None and (spec.nullable or spec.kind == "value"):
            return None
        kind = spec.kind
        if kind == "value":
            return value
        if kind == "struct":
            return self.struct(start, spec.struct_name, spec.fields, path=path)
        if kind == "enum":
            if isinstance(value, str):
                if value not in spec.variants:
                    raise _SerdeError(f"unknown variant `{value}`, {_one_of(spec.variants)}{self.at(end)}", path)
                return value
            raise _SerdeError(f"expected value{self.at(start + 1)}", path)
        if kind in ("str", "datetime"):
            if not isinstance(value, str):
                raise self.type_error(value, start, end, _EXPECTED[kind], path)
            if kind == "datetime" and _parse_rfc3339(value) is None:
                raise _SerdeError(f"input contains invalid characters{self.at(end)}", path)
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                raise self.type_error(value, start, end, "a boolean", path)
            return value
        if kind in _RANGES:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.type_error(value, start, end, kind, path)
            low, high = _RANGES[kind]
            if not low <= value <= high:
                raise _SerdeError(f"invalid value: integer `{value}`, expected {kind}{self.at(end)}", path)
            return value
        if kind == "list_str":
            if not isinstance(value, list):
                raise self.type_error(value, start, end, "a sequence", path)
            i = self.ws(start + 1)
            for index, item in enumerate(value):
                item_start = i
                _, i = self.value(i)
                if not isinstance(item, str):
                    raise self.type_error(item, item_start, i, "a string", f"{path}[{index}]")
                i = self.ws(i)
                if self.text[i] == ",":
                    i = self.ws(i + 1)
            return list(value)
        raise AssertionError(kind)


def _syntax_error(text: str, err: json.JSONDecodeError) -> _SerdeError:
    """serde_json's wording for what ``json.loads`` rejected (an approximation; positions as serde counts)."""
    doc = _Json(text)
    pos = err.pos
    at_eof = text[pos:].strip() == ""
    msg = err.msg
    if msg.startswith("Unterminated string"):
        return _SerdeError(f"EOF while parsing a string{doc.at(len(text))}")
    if at_eof:
        opened: list[str] = []
        in_string = escaped = False
        for ch in text[:pos]:
            if in_string:
                escaped = not escaped and ch == "\\"
                if ch == '"' and not escaped:
                    in_string = False
            elif ch == '"':
                in_string = True
            elif ch in "[{":
                opened.append(ch)
            elif ch in "]}" and opened:
                opened.pop()
        what = "a value"
        if msg != "Expecting value" and opened:
            what = "an object" if opened[-1] == "{" else "a list"
        return _SerdeError(f"EOF while parsing {what}{doc.at(len(text))}")
    if msg in ("Expecting value", "Expecting property name enclosed in double quotes") and text[pos] in "]}":
        before = text[:pos].rstrip()
        if before.endswith(","):
            return _SerdeError(f"trailing comma{doc.at(pos + 1)}")
    code = {
        "Expecting value": "expected value",
        "Extra data": "trailing characters",
        "Expecting property name enclosed in double quotes": "key must be a string",
        "Expecting ':' delimiter": "expected `:`",
    }.get(msg)
    if code is None:
        if msg == "Expecting ',' delimiter":
            depth = [c for c in text[:pos] if c in "[{"]
            code = "expected `,` or `]`" if depth and depth[-1] == "[" else "expected `,` or `}`"
        elif msg.startswith("Invalid control character"):
            code = "control character (\\u0000-\\u001F) found while parsing a string"
        elif "escape" in msg:
            code = "invalid escape"
        else:
            code = msg
    return _SerdeError(f"{code}{doc.at(pos + 1)}")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _load(body: bytes) -> _Json:
    """Check the syntax like serde_json; return the walkable document."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        prefix = body[: err.start].decode("utf-8", "replace")
        raise _SerdeError(f"invalid unicode code point{_Json(prefix).at(len(prefix))}") from None
    try:
        json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise _syntax_error(text, err) from None
    except ValueError as err:  # NaN / Infinity
        index = text.find(str(err))
        raise _SerdeError(f"expected value{_Json(text).at(index + 1)}") from None
    return _Json(text)


def _deserialize(body: bytes, name: str, fields: Sequence[_Field], *, deny_unknown: bool = False) -> dict[str, Any]:
    doc = _load(body)
    return doc.struct(doc.ws(0), name, fields, deny_unknown=deny_unknown)


def _invalid_json(body: bytes, name: str, fields: Sequence[_Field]) -> dict[str, Any]:
    """The server's ``serde_json::from_slice`` + ``HttpError::from(serde_json::Error)``: 422 ``Invalid JSON: ...``."""
    try:
        return _deserialize(body, name, fields)
    except _SerdeError as err:
        raise ReductHttpError(422, f"Invalid JSON: {err.message}") from None


# ------------------------------------------------------------------------------------------------
# Durations (reductstore/src/core/duration.rs)


def _parse_duration_us(text: str) -> int:
    if not text.strip():
        raise ReductHttpError(422, "Duration literal cannot be empty")
    total = 0
    for part in text.split():
        number = "".join(c for c in part if c.isdigit() or c in ".-")
        unit = "".join(c for c in part if not (c.isdigit() or c in ".-"))
        if not re.fullmatch(r"[+-]?\d+", number):
            raise ReductHttpError(422, f"Invalid duration value: {part}")
        value = int(number)
        scale = {"us": 1, "ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000, "d": 86_400_000_000}
        if unit not in scale:
            raise ReductHttpError(422, f"Invalid duration unit: {unit}")
        total += value * scale[unit]
    return total


def _duration_or_422(what: str, text: str) -> int:
    try:
        return _parse_duration_us(text)
    except ReductHttpError as err:
        raise ReductHttpError(422, f"Invalid lifecycle {what} '{text}': [UnprocessableEntity] {err.message}") from None


# ------------------------------------------------------------------------------------------------
# State


# What a record costs on disk beyond its payload: the server's own test writes "somedata" (8 bytes)
# and reports an entry size of 40, "anotherdata" (11 bytes) and 43 (reduct-admin-api.md §4.2, the
# verbatim test__get_bucket_stats). The block descriptor is modelled as this constant per record.
RECORD_OVERHEAD = 32


@dataclass
class _Record:
    size: int  # payload bytes
    content_type: str
    labels: dict[str, str]
    data: bytes


@dataclass
class _Entry:
    name: str
    # what add_entry() seeded (no records behind it)
    size: int = 0
    record_count: int = 0
    block_count: int = 0
    oldest_record: int = 0
    latest_record: int = 0
    # records written over HTTP, by timestamp
    records: dict[int, _Record] = field(default_factory=dict)

    def blocks(self, settings: Mapping[str, Any]) -> list[list[int]]:
        """The written records' timestamps packed into blocks (max_block_records / max_block_size)."""
        blocks: list[list[int]] = []
        used = 0
        for ts in sorted(self.records):
            cost = self.records[ts].size + RECORD_OVERHEAD
            if (
                not blocks
                or len(blocks[-1]) >= settings["max_block_records"]
                or used + cost > settings["max_block_size"]
            ):
                blocks.append([])
                used = 0
            blocks[-1].append(ts)
            used += cost
        return blocks

    def to_json(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        times = sorted(self.records)
        if self.record_count:
            times = sorted([*times, self.oldest_record, self.latest_record])
        return {
            "name": self.name,
            "size": self.size + sum(r.size + RECORD_OVERHEAD for r in self.records.values()),
            "record_count": self.record_count + len(self.records),
            "block_count": self.block_count + len(self.blocks(settings)),
            "oldest_record": times[0] if times else 0,
            "latest_record": times[-1] if times else 0,
            "status": "READY",
        }


def _is_meta(entry: str) -> bool:
    """An attachment entry, ``<entry>/$meta`` (reduct-admin-api.md §5, Attachments)."""
    return entry == "$meta" or entry.endswith("/$meta")


@dataclass
class _Bucket:
    name: str
    settings: dict[str, Any]
    provisioned: bool = False
    entries: dict[str, _Entry] = field(default_factory=dict)
    deleting: bool = False
    deleting_left: int = 0

    def entry_infos(self, *, system: bool = False) -> list[dict[str, Any]]:
        """The entries as listed; ``$meta`` (attachment) entries only with ``system=True``: the server hides them."""
        return [e.to_json(self.settings) for n, e in sorted(self.entries.items()) if system or not _is_meta(n)]

    def info(self) -> dict[str, Any]:
        infos = self.entry_infos()
        with_records = [e for e in infos if e["record_count"] > 0]
        return {
            "name": self.name,
            "entry_count": len(infos),
            "size": sum(e["size"] for e in self.entry_infos(system=True)),
            "oldest_record": min((e["oldest_record"] for e in with_records), default=0),
            "latest_record": max((e["latest_record"] for e in with_records), default=0),
            "is_provisioned": self.provisioned,
            "status": "DELETING" if self.deleting else "READY",
        }


@dataclass
class _Token:
    name: str
    value: str
    created_ns: int
    permissions: dict[str, Any] | None
    provisioned: bool = False
    expires_ns: int | None = None
    ttl: int | None = None
    ip_allowlist: list[str] = field(default_factory=list)
    last_access_ns: int | None = None  # the last authenticated use (or rotation): what the TTL counts from
    audited_ns: int | None = None  # what the $system audit would say (track_last_access=True)

    def is_expired(self, now_ns: int) -> bool:
        if self.expires_ns is not None and now_ns >= self.expires_ns:
            return True
        if self.ttl is not None:
            last = max(self.last_access_ns or self.created_ns, self.audited_ns or 0, self.created_ns)
            if (now_ns - last) // 1_000_000_000 > self.ttl:
                return True
        return False

    def to_json(self, now_ns: int) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": "",
            "created_at": rfc3339(self.created_ns),
            "permissions": None if self.permissions is None else dict(self.permissions),
            "is_provisioned": self.provisioned,
            "expires_at": None if self.expires_ns is None else rfc3339(self.expires_ns),
            "ttl": self.ttl,
            "last_access": None if self.audited_ns is None else rfc3339(self.audited_ns),
            "ip_allowlist": list(self.ip_allowlist),
            "is_expired": self.is_expired(now_ns),
        }


@dataclass
class _Fault:
    status: int
    message: str
    method: str | None
    path: str | None


@dataclass
class _Replication:
    name: str
    settings: dict[str, Any]
    provisioned: bool = False


@dataclass
class _Lifecycle:
    name: str
    settings: dict[str, Any]
    provisioned: bool = False


def _json_response(payload: Any) -> Response:
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(200, body, [("Content-Type", "application/json")])


def _error_response(status: int, message: str) -> Response:
    body = '{"detail": "' + message.replace('"', "'") + '"}'
    header = message if all(ch == "\t" or (ord(ch) >= 32 and ord(ch) != 127) for ch in message) else ""
    header = header.encode("utf-8").decode("latin-1") if header else "Unparsable message"
    return Response(status, body.encode("utf-8"), [("content-type", "application/json"), ("x-reduct-error", header)])


# ------------------------------------------------------------------------------------------------
# The server


class FakeReduct:
    """A stateful ReductStore 1.21 admin API on loopback; started by the constructor, stopped by :meth:`stop`.

    Args:
        api_token: The value of the init token (``init-token``, full access), as ``RS_API_TOKEN`` sets it.
            ``None`` or ``""`` disables authentication (reduct-admin-api.md §2).
        host: The address to listen on.
        port: The port to listen on; 0 picks a free one.
        https: Serve HTTPS with a certificate from a throwaway CA (needs ``trustme``:
            ``pip install 'storage-sdk[testing]'``); clients trust :attr:`ca_file` or :meth:`ssl_context`.
        license: The ``license`` object of ``GET /info`` (e.g. :data:`DEMO_LICENSE`); None is Apache-2.0.
        instance_name: ``instance_name`` in ``GET /info``.
        instance_role: ``instance_role`` in ``GET /info``.
        bucket_defaults: Overrides of the bucket defaults (``RS_DEFAULTS_BUCKET_*``).
        deletion_lag: How many requests a removed bucket stays visible as ``DELETING`` (0: gone at once).
        init_token_provisioned: ``is_provisioned`` of the init token.
        cors_allow_origin: The allowed origins (``RS_CORS_ALLOW_ORIGIN``; ``"*"`` allows any).
        track_last_access: Report ``last_access`` of tokens: the time of their last authenticated request (the
            server takes it from its ``$system`` audit). False keeps it null; the TTL counts from the last use
            either way.

    Example::

        with FakeReduct(api_token="t") as server:
            with Client(server.url, api_token="t") as client:
                client.create_bucket("data")
            assert "data" in server.snapshot()["buckets"]
    """

    def __init__(
        self,
        api_token: str | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        https: bool = False,
        license: Mapping[str, Any] | None = None,
        instance_name: str = "",
        instance_role: str = "STANDALONE",
        bucket_defaults: Mapping[str, Any] | None = None,
        deletion_lag: int = 0,
        init_token_provisioned: bool = True,
        track_last_access: bool = True,
        cors_allow_origin: Iterable[str] = (),
    ) -> None:
        self.api_token = api_token or None  # "" disables authentication too, as RS_API_TOKEN="" does
        self.license: dict[str, Any] | None = None if license is None else dict(license)
        self.instance_name = instance_name
        self.instance_role = instance_role
        self.bucket_defaults = dict(DEFAULT_BUCKET_SETTINGS, **(bucket_defaults or {}))
        self.deletion_lag = deletion_lag
        self.track_last_access = track_last_access
        self.cors_allow_origin = list(cors_allow_origin)
        self.starting = False
        """While True every endpoint answers 503, ``/alive`` 200 (reduct-admin-api.md §3, 503)."""
        self.requests: list[Recorded] = []
        self._lock = threading.RLock()
        self._started_ns = _now_ns()
        self._buckets: dict[str, _Bucket] = {}
        self._tokens: dict[str, _Token] = {}
        self._replications: dict[str, _Replication] = {}
        self._lifecycles: dict[str, _Lifecycle] = {}
        self._replication_status: dict[str, dict[str, Any]] = {}
        self._lifecycle_status: dict[str, dict[str, Any]] = {}
        self._faults: list[_Fault] = []
        if self.api_token is not None:
            self._tokens[INIT_TOKEN_NAME] = _Token(
                INIT_TOKEN_NAME,
                self.api_token,
                self._started_ns,
                {"full_access": True, "read": [], "write": []},
                provisioned=init_token_provisioned,
            )
        self._tls = TLS() if https else None
        try:
            self._server = LoopbackServer(
                self._serve, host=host, port=port, tls=self._tls, server_header=f"ReductStore {VERSION}"
            )
        except BaseException:
            if self._tls is not None:
                self._tls.close()
            raise
        self.port: int = self._server.port
        self.url: str = self._server.url

    # -- lifecycle ---------------------------------------------------------------------------------

    @property
    def ca_file(self) -> str | None:
        """The PEM file of the CA that signed the HTTPS certificate (None over plain HTTP)."""
        return None if self._tls is None else self._tls.ca_file

    def ssl_context(self) -> ssl.SSLContext:
        """A client ``SSLContext`` that trusts this server's certificate (HTTPS only)."""
        if self._tls is None:
            raise RuntimeError("this FakeReduct serves plain HTTP; create it with https=True")
        return self._tls.client_context()

    def __enter__(self) -> FakeReduct:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving, release the port, cut kept-alive connections and join every thread (idempotent)."""
        self._server.stop()
        if self._tls is not None:
            self._tls.close()

    def fail_next(self, status: int, message: str, *, method: str | None = None, path: str | None = None) -> None:
        """Answer the next matching request with this error, as the server signals errors (§3).

        For what the fake cannot reach by itself: 500 (I/O errors), 429 (rate limits). ``path`` is
        matched against the request path without the query (e.g. ``/api/v1/info``); None matches any.
        """
        with self._lock:
            self._faults.append(_Fault(status, message, method, path))

    # -- seeding and inspection --------------------------------------------------------------------

    def add_bucket(self, name: str, settings: Mapping[str, Any] | None = None, *, provisioned: bool = False) -> None:
        """Create a bucket directly (settings filled from the defaults, like ``POST /b/{name}``)."""
        with self._lock:
            merged = dict(self.bucket_defaults)
            merged.update({k: v for k, v in (settings or {}).items() if v is not None})
            self._buckets[name] = _Bucket(name, merged, provisioned)

    def add_entry(
        self,
        bucket: str,
        name: str,
        size: int = 0,
        records: int = 0,
        *,
        oldest_record: int | None = None,
        latest_record: int | None = None,
        block_count: int | None = None,
    ) -> None:
        """Add (or replace) an entry of an existing bucket, creating the bucket with defaults if needed.

        Without records the times and block count are 0; otherwise the records are 1 s apart from 1_000_000 µs.
        """
        with self._lock:
            if bucket not in self._buckets:
                self.add_bucket(bucket)
            oldest = (1_000_000 if records else 0) if oldest_record is None else oldest_record
            latest = (
                (oldest + max(records - 1, 0) * 1_000_000 if records else 0) if latest_record is None else latest_record
            )
            blocks = (1 if records else 0) if block_count is None else block_count
            self._buckets[bucket].entries[name] = _Entry(name, size, records, blocks, oldest, latest)

    def add_record(
        self,
        bucket: str,
        entry: str,
        timestamp: int,
        data: bytes = b"",
        *,
        content_type: str = "application/octet-stream",
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Store one record as ``POST /b/{bucket}/{entry}?ts={timestamp}`` would (no quota check).

        The bucket is created with the defaults if needed. The entry's size, record and block counts
        and time range then follow from its records, as the server reports them.
        """
        with self._lock:
            if bucket not in self._buckets:
                self.add_bucket(bucket)
            target = self._buckets[bucket].entries.setdefault(entry, _Entry(entry))
            target.records[timestamp] = _Record(len(data), content_type, dict(labels or {}), bytes(data))

    def records(self, bucket: str, entry: str) -> dict[int, bytes]:
        """The payloads of the records written to an entry, by timestamp (µs)."""
        with self._lock:
            found = self._buckets[bucket].entries[entry].records
            return {ts: found[ts].data for ts in sorted(found)}

    def add_token(
        self,
        name: str,
        permissions: Mapping[str, Any] | None = None,
        *,
        value: str | None = None,
        provisioned: bool = False,
        expires_at: str | None = None,
        ttl: int | None = None,
        ip_allowlist: Iterable[str] = (),
    ) -> str:
        """Add a token directly; returns its value (``{name}-{32 hex}`` unless given)."""
        perms = {"full_access": False, "read": [], "write": []}
        perms.update({k: (list(v) if isinstance(v, list | tuple) else v) for k, v in (permissions or {}).items()})
        token_value = value if value is not None else f"{name}-{secrets.token_hex(16)}"
        with self._lock:
            self._tokens[name] = _Token(
                name,
                token_value,
                _now_ns(),
                perms,
                provisioned=provisioned,
                expires_ns=None if expires_at is None else _parse_rfc3339(expires_at),
                ttl=ttl,
                ip_allowlist=list(ip_allowlist),
            )
        return token_value

    def add_replication(self, name: str, settings: Mapping[str, Any], *, provisioned: bool = False) -> None:
        """Add a replication directly (settings completed with serde defaults, no validation)."""
        try:
            parsed = _deserialize(json.dumps(dict(settings)).encode(), "ReplicationSettings", _REPLICATION_SETTINGS)
        except _SerdeError as err:
            raise ValueError(err.message) from None
        with self._lock:
            self._replications[name] = _Replication(name, parsed, provisioned)

    def add_lifecycle(self, name: str, settings: Mapping[str, Any], *, provisioned: bool = False) -> None:
        """Add a lifecycle directly (settings completed with serde defaults, no validation)."""
        try:
            parsed = _deserialize(json.dumps(dict(settings)).encode(), "LifecycleSettings", _LIFECYCLE_SETTINGS)
        except _SerdeError as err:
            raise ValueError(err.message) from None
        with self._lock:
            self._lifecycles[name] = _Lifecycle(name, parsed, provisioned)

    def set_replication_status(
        self,
        name: str,
        *,
        ok: int | None = None,
        errored: int | None = None,
        errors: Mapping[str | int, Mapping[str, Any]] | None = None,
        is_active: bool | None = None,
        pending_records: int | None = None,
    ) -> None:
        """Seed what ``GET /replications[/{name}]`` reports for ``name``, e.g.
        ``errors={"500": {"count": 3, "last_message": "boom"}}``. Sticks to the name (may precede the replication)."""
        with self._lock:
            status = self._replication_status.setdefault(name, {})
            for key, val in (("ok", ok), ("errored", errored), ("is_active", is_active), ("pending", pending_records)):
                if val is not None:
                    status[key] = val
            if errors is not None:
                status["errors"] = {
                    str(code): {"count": int(e["count"]), "last_message": str(e["last_message"])}
                    for code, e in errors.items()
                }

    def set_lifecycle_status(self, name: str, *, is_running: bool | None = None, last_run: str | None = None) -> None:
        """Seed ``is_running`` / ``last_run`` (RFC3339) reported for the lifecycle ``name`` (sticks to the name)."""
        with self._lock:
            status = self._lifecycle_status.setdefault(name, {})
            if is_running is not None:
                status["is_running"] = is_running
            if last_run is not None:
                status["last_run"] = last_run

    def snapshot(self) -> dict[str, Any]:
        """The current state as plain data (token values left out)."""
        with self._lock:
            now = _now_ns()
            return {
                "buckets": {
                    n: {
                        "info": b.info(),
                        "settings": dict(b.settings),
                        "entries": {e["name"]: e for e in b.entry_infos(system=True)},
                    }
                    for n, b in sorted(self._buckets.items())
                },
                "tokens": {n: t.to_json(now) for n, t in sorted(self._tokens.items())},
                "replications": {n: dict(r.settings) for n, r in sorted(self._replications.items())},
                "lifecycles": {n: dict(lc.settings) for n, lc in sorted(self._lifecycles.items())},
            }

    def token_value(self, name: str) -> str:
        """The current secret of a token (what create/rotate returned)."""
        with self._lock:
            return self._tokens[name].value

    # -- request handling --------------------------------------------------------------------------

    def _serve(self, request: Recorded, peer_ip: str) -> Response:
        with self._lock:
            self.requests.append(request)
            self._advance_deletions()
            if request.method == "OPTIONS":
                response = Response(
                    200, b"", [("access-control-allow-methods", "*"), ("access-control-allow-headers", "*")]
                )
            else:
                response = self._answer(request, peer_ip)
        # §1 CORS: methods and headers `*`, exposed headers `*`, origins from RS_CORS_ALLOW_ORIGIN; any OPTIONS
        # request is answered as a preflight
        origin = request.header("Origin")
        if origin is not None and ("*" in self.cors_allow_origin or origin in self.cors_allow_origin):
            allowed = "*" if "*" in self.cors_allow_origin else origin
            response.headers += [("access-control-allow-origin", allowed), ("access-control-expose-headers", "*")]
            if allowed != "*":
                response.headers.append(("vary", "origin"))
        # middleware `default_headers`: on every response, errors and 405s included (§1)
        response.headers.append(("x-reduct-api", API_VERSION))
        return response

    def _answer(self, request: Recorded, peer_ip: str) -> Response:
        try:
            path = urlsplit(request.path).path
            fault = next(
                (f for f in self._faults if f.method in (None, request.method) and f.path in (None, path)), None
            )
            if fault is not None:
                self._faults.remove(fault)
                raise ReductHttpError(fault.status, fault.message)
            if self.starting:
                # §3, 503: every endpoint while the lock file is not acquired; /alive maps it to 200
                if path == f"{API_PREFIX}/alive" and request.method in ("GET", "HEAD"):
                    return Response(200)
                raise ReductHttpError(503, "The server is starting up, please try again later")
            return self._route(request, peer_ip)
        except ReductHttpError as err:
            return _error_response(err.status, err.message)
        except _PlainRejection as err:
            headers = list(err.headers)
            if err.text:
                headers.append(("content-type", "text/plain; charset=utf-8"))
            return Response(err.status, err.text.encode("utf-8"), headers)

    def _advance_deletions(self) -> None:
        for name, bucket in list(self._buckets.items()):
            if bucket.deleting:
                if bucket.deleting_left <= 0:
                    del self._buckets[name]
                else:
                    bucket.deleting_left -= 1

    def _route(self, req: Recorded, peer_ip: str) -> Response:
        split = urlsplit(req.path)
        raw_path = split.path
        query = {unquote(k): unquote(v) for k, _, v in (p.partition("=") for p in split.query.split("&") if p)}
        method = req.method
        if not raw_path.startswith(API_PREFIX + "/"):
            return self._fallback(method)
        segs = raw_path[len(API_PREFIX) + 1 :].split("/")
        ctx = _Ctx(self, req, peer_ip, query)
        allowed: tuple[str, ...]
        match segs:
            case ["info"]:
                allowed = ("GET", "HEAD")
            case ["list"]:
                allowed = ("GET", "HEAD")
            case ["me"]:
                allowed = ("GET", "HEAD")
            case ["alive"] | ["ready"]:
                allowed = ("HEAD", "GET")
            case ["tokens"]:
                allowed = ("GET", "HEAD")
            case ["tokens", name] if name:
                allowed = ("POST", "GET", "HEAD", "DELETE")
            case ["tokens", name, "rotate"] if name:
                allowed = ("POST",)
            case ["b", bucket] if bucket:
                allowed = ("GET", "HEAD", "POST", "PUT", "DELETE")
            case ["b", bucket, "rename"] if bucket:
                allowed = ("PUT",)
            case ["b", bucket, *entry] if bucket and entry and all(entry):
                allowed = ("POST", "PATCH", "GET", "HEAD", "DELETE", "PUT")
            case ["replications"] | ["lifecycles"]:
                allowed = ("GET", "HEAD")
            case ["replications" | "lifecycles", name] if name:
                allowed = ("GET", "HEAD", "POST", "PUT", "DELETE")
            case ["replications" | "lifecycles", name, "mode"] if name:
                allowed = ("PATCH",)
            case ["io", bucket, _op] if bucket:
                allowed = ("POST", "GET", "HEAD", "DELETE", "PATCH")
            case ["links", name] if name:
                allowed = ("POST", "GET", "HEAD")
            case _:
                return self._fallback(method)
        if method not in allowed:
            raise _PlainRejection(405, "", [("allow", ",".join(allowed))])
        segs = [unquote(s) for s in segs]
        return ctx.dispatch(segs)

    @staticmethod
    def _fallback(method: str) -> Response:
        # `.fallback(get(show_ui))`: GET/HEAD -> 404 "Not found"; other methods -> 405 from the method router
        if method in ("GET", "HEAD"):
            raise ReductHttpError(404, "Not found")
        raise _PlainRejection(405, "", [("allow", "GET,HEAD")])


class _Ctx:
    """One request being answered (the state lock is held)."""

    def __init__(self, server: FakeReduct, req: Recorded, peer_ip: str, query: dict[str, str]) -> None:
        self.s = server
        self.req = req
        self.peer_ip = peer_ip
        self.query = query
        self.now = _now_ns()

    # -- authentication ----------------------------------------------------------------------------

    def _client_ip(self) -> str:
        forwarded_for = self.req.header("X-Forwarded-For")
        if forwarded_for:
            return forwarded_for.split(",")[0].strip()
        forwarded = self.req.header("Forwarded")
        if forwarded:
            match = re.search(r'for="?\[?([^;,"\]]+)', forwarded, re.IGNORECASE)
            if match:
                return match.group(1).rsplit(":", 1)[0] if match.group(1).count(":") == 1 else match.group(1)
        return self.peer_ip

    def _ip_allowed(self, allowlist: Sequence[str], ip: str) -> bool:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        for item in allowlist:
            try:
                if "/" in item:
                    if address in ipaddress.ip_network(item, strict=False):
                        return True
                elif address == ipaddress.ip_address(item):
                    return True
            except ValueError:
                continue
        return False

    def authenticate(self) -> _Token:
        if self.s.api_token is None:
            return _Token(DISABLED_TOKEN_NAME, "", self.now, {"full_access": True, "read": [], "write": []})
        header = self.req.header("Authorization") or ""
        if not header.startswith("Bearer "):
            raise ReductHttpError(401, "No bearer token in request header")
        value = header[7:]
        token = next((t for t in self.s._tokens.values() if t.value == value), None)
        if token is None:
            raise ReductHttpError(401, "Invalid token")
        if token.is_expired(self.now):
            raise ReductHttpError(401, "Token has expired")
        if token.ip_allowlist:
            ip = self._client_ip()
            if not ip:
                raise ReductHttpError(401, "Client IP is required for this token")
            if not self._ip_allowed(token.ip_allowlist, ip):
                raise ReductHttpError(401, f"Token is not allowed for client IP {ip}")
        # §4.4: ttl is inactivity; last_access is what the server's audit reports of the last use
        token.last_access_ns = self.now
        if self.s.track_last_access:
            token.audited_ns = self.now
        return token

    @staticmethod
    def _matches(items: Sequence[str], bucket: str) -> bool:
        for item in items:
            if item == bucket:
                return True
            if bucket.startswith("$"):
                continue
            if item.endswith("*") and bucket.startswith(item[:-1]):
                return True
        return False

    def check(self, policy: str, bucket: str = "") -> _Token:
        token = self.authenticate()
        perms = token.permissions or {"full_access": False, "read": [], "write": []}
        if perms.get("full_access"):
            return token
        if policy == "full":
            raise ReductHttpError(403, f"Token '{token.name}' doesn't have full access")
        if policy in ("read", "write") and not self._matches(perms.get(policy) or [], bucket):
            raise ReductHttpError(403, f"Token '{token.name}' doesn't have {policy} access to bucket '{bucket}'")
        return token

    def can_read(self, bucket: str) -> bool:
        try:
            self.check("read", bucket)
        except ReductHttpError:
            return False
        return True

    # -- dispatch ----------------------------------------------------------------------------------

    def dispatch(self, segs: list[str]) -> Response:
        method = "GET" if self.req.method == "HEAD" else self.req.method
        match segs:
            case ["info"]:
                return self.info()
            case ["list"]:
                self.check("auth")
                buckets = [b.info() for n, b in sorted(self.s._buckets.items()) if self.can_read(n)]
                return _json_response({"buckets": buckets})
            case ["me"]:
                return self.me()
            case ["alive"] | ["ready"]:
                return Response(200)
            case ["tokens"]:
                return self.list_tokens()
            case ["tokens", name]:
                return {"GET": self.get_token, "POST": self.create_token, "DELETE": self.remove_token}[method](name)
            case ["tokens", name, "rotate"]:
                return self.rotate_token(name)
            case ["b", bucket]:
                if self.req.method == "HEAD":
                    self.check("auth")
                    self.bucket(bucket)
                    return Response(200)
                handlers = {
                    "GET": self.get_bucket,
                    "POST": self.create_bucket,
                    "PUT": self.update_bucket,
                    "DELETE": self.remove_bucket,
                }
                return handlers[method](bucket)
            case ["b", bucket, "rename"]:
                return self.rename_bucket(bucket)
            case ["b", bucket, *entry]:
                return self.entry(method, bucket, "/".join(entry))
            case ["replications"]:
                return self.list_replications()
            case ["replications", name]:
                handlers = {
                    "GET": self.get_replication,
                    "POST": self.create_replication,
                    "PUT": self.update_replication,
                    "DELETE": self.remove_replication,
                }
                return handlers[method](name)
            case ["replications", name, "mode"]:
                return self.replication_mode(name)
            case ["lifecycles"]:
                return self.list_lifecycles()
            case ["lifecycles", name]:
                handlers = {
                    "GET": self.get_lifecycle,
                    "POST": self.create_lifecycle,
                    "PUT": self.update_lifecycle,
                    "DELETE": self.remove_lifecycle,
                }
                return handlers[method](name)
            case ["lifecycles", name, "mode"]:
                return self.lifecycle_mode(name)
        raise ReductHttpError(501, OUT_OF_SCOPE)

    # -- server API --------------------------------------------------------------------------------

    def info(self) -> Response:
        self.check("auth")
        infos = [b.info() for b in self.s._buckets.values()]
        oldest = min((i["oldest_record"] for i in infos), default=U64_MAX)
        latest = max((i["latest_record"] for i in infos), default=0)
        return _json_response(
            {
                "version": VERSION,
                "instance_name": self.s.instance_name,
                "instance_role": self.s.instance_role,
                "bucket_count": len(infos),
                "usage": sum(i["size"] for i in infos),
                "uptime": (self.now - self.s._started_ns) // 1_000_000_000,
                "oldest_record": oldest,
                "latest_record": latest,
                "defaults": {"bucket": dict(self.s.bucket_defaults)},
                "license": None if self.s.license is None else dict(self.s.license),
            }
        )

    def me(self) -> Response:
        token = self.check("auth")
        return _json_response(token.to_json(self.now))

    # -- buckets -----------------------------------------------------------------------------------

    def bucket(self, name: str) -> _Bucket:
        """``StorageEngine::get_bucket``: 404 if missing, 409 while being deleted."""
        bucket = self.s._buckets.get(name)
        if bucket is None:
            raise ReductHttpError(404, f"Bucket '{name}' is not found")
        if bucket.deleting:
            raise ReductHttpError(409, f"Bucket '{name}' is being deleted")
        return bucket

    def _settings_body(self) -> dict[str, Any]:
        if not self.req.body:
            return {k: None for k in DEFAULT_BUCKET_SETTINGS}
        return _invalid_json(self.req.body, "BucketSettings", _BUCKET_SETTINGS)

    def get_bucket(self, name: str) -> Response:
        self.check("read", name)
        bucket = self.bucket(name)
        entries = bucket.entry_infos()
        return _json_response({"info": bucket.info(), "settings": dict(bucket.settings), "entries": entries})

    def create_bucket(self, name: str) -> Response:
        settings = self._settings_body()
        self.check("full")
        if not _BUCKET_NAME.match(name):
            raise ReductHttpError(422, "Bucket or entry name can contain only letters, digests and [-,_] symbols")
        if name in self.s._buckets:
            raise ReductHttpError(409, f"Bucket '{name}' already exists")
        merged = {k: (v if settings[k] is None else settings[k]) for k, v in self.s.bucket_defaults.items()}
        self.s._buckets[name] = _Bucket(name, merged)
        return Response(200)

    def update_bucket(self, name: str) -> Response:
        settings = self._settings_body()
        self.check("full")
        bucket = self.bucket(name)
        if bucket.provisioned:
            raise ReductHttpError(409, f"Can't change settings of provisioned bucket '{name}'")
        bucket.settings.update({k: v for k, v in settings.items() if v is not None})
        return Response(200)

    def remove_bucket(self, name: str) -> Response:
        self.check("full")
        bucket = self.s._buckets.get(name)
        if bucket is None:
            raise ReductHttpError(404, f"Bucket '{name}' is not found")
        if bucket.provisioned:
            raise ReductHttpError(409, f"Can't remove provisioned bucket '{name}'")
        if bucket.deleting:
            raise ReductHttpError(409, f"Bucket '{name}' is being deleted")
        if self.s.deletion_lag > 0:
            bucket.deleting = True
            bucket.deleting_left = self.s.deletion_lag
        else:
            del self.s._buckets[name]
        for token in self.s._tokens.values():
            if token.permissions is not None:
                for key in ("read", "write"):
                    token.permissions[key] = [b for b in token.permissions[key] if b != name]
        return Response(200)

    def rename_bucket(self, name: str) -> Response:
        # axum `Json<RenameBucket>`: content type first, then syntax (400) and data (422) errors, all text/plain
        content_type = (self.req.header("Content-Type") or "").split(";")[0].strip().lower()
        if not (content_type == "application/json" or re.fullmatch(r"application/[^/]+\+json", content_type)):
            raise _PlainRejection(415, "Expected request with `Content-Type: application/json`")
        try:
            doc = _load(self.req.body)
        except _SerdeError as err:
            raise _PlainRejection(400, f"Failed to parse the request body as JSON: {err.message}") from None
        try:
            new_name = doc.struct(doc.ws(0), "RenameBucket", _RENAME)["new_name"]
        except _SerdeError as err:
            detail = f"{err.path}: {err.message}" if err.path else err.message
            raise _PlainRejection(422, f"Failed to deserialize the JSON body into the target type: {detail}") from None
        self.check("full")
        if not _BUCKET_NAME.match(new_name):
            raise ReductHttpError(422, "Bucket or entry name can contain only letters, digests and [-,_] symbols")
        if new_name in self.s._buckets:
            raise ReductHttpError(409, f"Bucket '{new_name}' already exists")
        bucket = self.s._buckets.get(name)
        if bucket is None:
            raise ReductHttpError(404, f"Bucket '{name}' is not found")
        if bucket.provisioned:
            raise ReductHttpError(409, f"Can't rename provisioned bucket '{name}'")
        if bucket.deleting:
            raise ReductHttpError(409, f"Bucket '{name}' is being deleted")
        del self.s._buckets[name]
        bucket.name = new_name
        self.s._buckets[new_name] = bucket
        for token in self.s._tokens.values():
            if token.permissions is not None:
                for key in ("read", "write"):
                    token.permissions[key] = [new_name if b == name else b for b in token.permissions[key]]
        return Response(200)

    # -- entries -----------------------------------------------------------------------------------

    def entry(self, method: str, bucket_name: str, entry: str) -> Response:
        if method == "PUT":
            if not entry.endswith("/rename") or entry == "rename":
                raise ReductHttpError(404, "Not found")
            old_name = entry[: -len("/rename")]
            new_name = _invalid_json(self.req.body, "RenameEntry", _RENAME)["new_name"]
            self.check("write", bucket_name)
            bucket = self.bucket(bucket_name)
            self._rename_entry(bucket, old_name, new_name)
            return Response(200)
        if method == "DELETE" and not entry.endswith(("/batch", "/q")) and "ts" not in self.query:
            self.check("write", bucket_name)
            bucket = self.bucket(bucket_name)
            if entry == "$meta" or entry.endswith("/$meta"):
                raise ReductHttpError(409, f"System entry '{entry}' can be removed only with its parent entry")
            doomed = [n for n in bucket.entries if n == entry or n.startswith(entry + "/")]
            if not doomed:
                raise ReductHttpError(404, f"Entry '{entry}' not found in bucket '{bucket_name}'")
            for name in doomed:
                del bucket.entries[name]
            return Response(200)
        if method == "POST" and not entry.endswith(("/batch", "/q")):
            return self.write_record(bucket_name, entry)
        if method == "DELETE" and not entry.endswith(("/batch", "/q")):
            return self.remove_record(bucket_name, entry)
        raise ReductHttpError(501, OUT_OF_SCOPE)

    def _timestamp(self) -> int:
        # §4.3 / §5: `ts` is a u64 of microseconds; missing or unparsable -> 422
        if "ts" not in self.query:
            raise ReductHttpError(422, "'ts' parameter is required")
        text = self.query["ts"]
        if not text.isdigit() or int(text) > U64_MAX:
            raise ReductHttpError(422, f"'ts' must be an unix timestamp in microseconds, got '{text}'")
        return int(text)

    def write_record(self, bucket_name: str, entry: str) -> Response:
        """``POST /b/{bucket}/{entry}?ts=`` (§5 Single record), as reduct-py's ``Bucket.write`` sends it."""
        self.check("write", bucket_name)
        bucket = self.bucket(bucket_name)
        meta = _is_meta(entry)
        base = entry[: -len("$meta")].rstrip("/") if meta else entry
        if not base or not _ENTRY_NAME.match(base) or any(not seg for seg in base.split("/")):
            raise ReductHttpError(422, "Bucket or entry name can contain only letters, digests and [-,_] symbols")
        ts = self._timestamp()
        length = self.req.header("Content-Length") or self.req.header("x-reduct-content-length")
        if length is None and "chunked" not in (self.req.header("Transfer-Encoding") or "").lower():
            raise ReductHttpError(422, "content-length header is required")
        target = bucket.entries.get(entry)
        if target is not None and ts in target.records:
            raise ReductHttpError(409, f"A record with timestamp {ts} already exists")
        data = self.req.body
        cost = len(data) + RECORD_OVERHEAD
        quota_type, quota_size = bucket.settings["quota_type"], bucket.settings["quota_size"]
        if quota_type == "HARD" and bucket.info()["size"] + cost > quota_size:
            raise ReductHttpError(400, f"Quota of '{bucket_name}' exceeded")
        labels = {
            k[len("x-reduct-label-") :].lower(): v
            for k, v in self.req.headers.items()
            if k.lower().startswith("x-reduct-label-")
        }
        content_type = self.req.header("Content-Type") or "application/octet-stream"
        if meta:
            # an attachment is keyed by its `key` label; a new one replaces the record with the same key
            if "key" not in labels:
                raise ReductHttpError(422, "Records of a '$meta' entry must have the 'key' label")
            if target is not None:
                for old in [t for t, r in target.records.items() if r.labels.get("key") == labels["key"]]:
                    del target.records[old]
        if target is None:
            target = bucket.entries[entry] = _Entry(entry)
        target.records[ts] = _Record(len(data), content_type, labels, data)
        if quota_type == "FIFO" and quota_size > 0:
            self._enforce_fifo(bucket, keep=(entry, ts))
        return Response(200)

    @staticmethod
    def _enforce_fifo(bucket: _Bucket, keep: tuple[str, int]) -> None:
        # FIFO quota: the oldest blocks of the bucket go until its size fits (never the record just written)
        while bucket.info()["size"] > bucket.settings["quota_size"]:
            candidates = [
                (blocks[0][0], name, blocks[0])
                for name, e in bucket.entries.items()
                if (blocks := e.blocks(bucket.settings))
            ]
            if not candidates:
                return
            _, name, block = min(candidates)
            doomed = [ts for ts in block if (name, ts) != keep]
            if not doomed:
                return
            for ts in doomed:
                del bucket.entries[name].records[ts]

    def remove_record(self, bucket_name: str, entry: str) -> Response:
        """``DELETE /b/{bucket}/{entry}?ts=`` removes one record (§4.3)."""
        self.check("write", bucket_name)
        bucket = self.bucket(bucket_name)
        ts = self._timestamp()
        target = bucket.entries.get(entry)
        if target is None:
            raise ReductHttpError(404, f"Entry '{entry}' not found in bucket '{bucket_name}'")
        if ts not in target.records:
            raise ReductHttpError(404, f"Record {ts} not found in entry {bucket_name}/{entry}")
        del target.records[ts]
        return Response(200)

    @staticmethod
    def _rename_entry(bucket: _Bucket, old_name: str, new_name: str) -> None:
        if (
            not new_name
            or new_name.startswith("/")
            or new_name.endswith("/")
            or any(not seg for seg in new_name.split("/"))
        ):
            raise ReductHttpError(422, "Entry name must be non-empty and must not contain empty path segments")
        if not _ENTRY_NAME.match(new_name) and not (
            new_name == "$meta" or (new_name.endswith("/$meta") and _ENTRY_NAME.match(new_name[: -len("/$meta")]))
        ):
            raise ReductHttpError(
                422, "Entry name can contain only letters, digits and [-,_,/] symbols or end with '/$meta'"
            )
        if new_name == old_name or new_name.startswith(old_name + "/"):
            raise ReductHttpError(409, f"Entry '{new_name}' already exists in bucket '{bucket.name}'")
        moving = [n for n in bucket.entries if n == old_name or n.startswith(old_name + "/")]
        if not moving:
            raise ReductHttpError(404, f"Entry '{old_name}' not found in bucket '{bucket.name}'")
        if new_name in bucket.entries:
            raise ReductHttpError(409, f"Entry '{new_name}' already exists in bucket '{bucket.name}'")
        for name in moving:
            entry = bucket.entries.pop(name)
            entry.name = new_name + name[len(old_name) :]
            bucket.entries[entry.name] = entry

    # -- tokens ------------------------------------------------------------------------------------

    def _token(self, name: str) -> _Token:
        token = self.s._tokens.get(name)
        if token is None:
            raise ReductHttpError(404, f"Token '{name}' doesn't exist")
        return token

    def _auth_disabled(self) -> None:
        if self.s.api_token is None:
            raise ReductHttpError(400, "Authentication is disabled")

    def list_tokens(self) -> Response:
        self.check("full")
        if self.s.api_token is None:
            return _json_response({"tokens": []})
        tokens = [t.to_json(self.now) for _, t in sorted(self.s._tokens.items())]
        return _json_response({"tokens": tokens})

    def get_token(self, name: str) -> Response:
        self.check("full")
        self._auth_disabled()
        return _json_response(self._token(name).to_json(self.now))

    def create_token(self, name: str) -> Response:
        try:
            request = _deserialize(self.req.body, "V2TokenCreateRequestBody", _TOKEN_V2, deny_unknown=True)
        except _SerdeError:
            try:
                v1 = _deserialize(self.req.body, "V1PermissionsRequest", _TOKEN_V1, deny_unknown=True)
            except _SerdeError:
                raise ReductHttpError(422, "Invalid body") from None
            request = {
                "permissions": {k: v1[k] for k in ("full_access", "read", "write")},
                "expires_at": None,
                "ttl": None,
                "ip_allowlist": v1["ip_allowlist"],
            }
        self.check("full")
        self._auth_disabled()
        if not name:
            raise ReductHttpError(422, "Token name can't be empty")
        if name in self.s._tokens:
            raise ReductHttpError(409, f"Token '{name}' already exists")
        perms = request["permissions"]
        for item in [*perms["read"], *perms["write"]]:
            if not item.startswith("$") and not _PERMISSION.match(item):
                raise ReductHttpError(422, f"Permission can contain only bucket names or wildcard '*', got '{item}'")
        created = self.now
        if request["ttl"] == 0:
            raise ReductHttpError(422, "Token TTL must be greater than zero")
        expires = None if request["expires_at"] is None else _parse_rfc3339(request["expires_at"])
        if expires is not None and expires < created:
            raise ReductHttpError(422, "Token expiration date must not be in the past")
        value = f"{name}-{secrets.token_hex(16)}"
        self.s._tokens[name] = _Token(
            name,
            value,
            created,
            {"full_access": perms["full_access"], "read": list(perms["read"]), "write": list(perms["write"])},
            expires_ns=expires,
            ttl=request["ttl"],
            ip_allowlist=list(request["ip_allowlist"]),
        )
        return _json_response({"value": value, "created_at": rfc3339(created)})

    def rotate_token(self, name: str) -> Response:
        self.check("full")
        self._auth_disabled()
        token = self._token(name)
        if token.provisioned:
            raise ReductHttpError(409, f"Can't rotate provisioned token '{name}'")
        if token.expires_ns is not None and self.now >= token.expires_ns:
            raise ReductHttpError(422, f"Can't rotate expired token '{name}'")
        token.value = f"{name}-{secrets.token_hex(16)}"
        token.created_ns = self.now
        token.last_access_ns = self.now
        if self.s.track_last_access:
            token.audited_ns = self.now  # §4.4: rotation resets last_access to created_at
        return _json_response({"value": token.value, "created_at": rfc3339(self.now)})

    def remove_token(self, name: str) -> Response:
        self.check("full")
        if self.s.api_token is None:
            return Response(200)
        token = self.s._tokens.get(name)
        if token is not None:
            if token.provisioned:
                raise ReductHttpError(409, f"Can't remove provisioned token '{name}'")
            full = [t for t in self.s._tokens.values() if t.permissions and t.permissions.get("full_access")]
            if token.permissions and token.permissions.get("full_access") and len(full) == 1:
                raise ReductHttpError(409, f"Can't remove token '{name}': at least one full-access token must remain")
        self._token(name)
        del self.s._tokens[name]
        return Response(200)

    # -- replications ------------------------------------------------------------------------------

    def _replication(self, name: str) -> _Replication:
        replication = self.s._replications.get(name)
        if replication is None:
            raise ReductHttpError(404, f"Replication '{name}' does not exist")
        return replication

    def _replication_info(self, replication: _Replication) -> dict[str, Any]:
        status = self.s._replication_status.get(replication.name, {})
        return {
            "name": replication.name,
            "mode": replication.settings["mode"],
            "is_active": status.get("is_active", True),
            "is_provisioned": replication.provisioned,
            "pending_records": status.get("pending", 0),
        }

    def _validate_replication(self, name: str, settings: dict[str, Any]) -> None:
        host = settings["dst_host"].strip(" \t\n\r\x00")
        scheme_match = _SCHEME.match(host)
        invalid = ReductHttpError(422, f"Invalid destination host '{settings['dst_host']}'")
        if scheme_match is None:
            raise invalid
        scheme = scheme_match.group(0)[:-1].lower()
        hostname: str | None = None
        port: int | None = None
        if scheme in _SPECIAL_SCHEMES:
            try:
                parts = urlsplit(host)
                hostname = parts.hostname
                port = parts.port or _SPECIAL_SCHEMES[scheme]
            except ValueError:
                raise invalid from None
            if not hostname or " " in host:
                raise invalid
        if settings["src_bucket"] not in self.s._buckets or self.s._buckets[settings["src_bucket"]].deleting:
            raise ReductHttpError(
                404, f"Source bucket '{settings['src_bucket']}' for replication '{name}' does not exist"
            )
        if (
            settings["src_bucket"] == settings["dst_bucket"]
            and port == self.s.port
            and hostname in ("127.0.0.1", "localhost", "0.0.0.0")
        ):
            raise ReductHttpError(422, "Source and destination buckets must be different")

    def list_replications(self) -> Response:
        self.check("full")
        items = [self._replication_info(r) for _, r in sorted(self.s._replications.items())]
        return _json_response({"replications": items})

    def get_replication(self, name: str) -> Response:
        self.check("full")
        replication = self._replication(name)
        status = self.s._replication_status.get(name, {})
        errors = status.get("errors", {})
        return _json_response(
            {
                "info": self._replication_info(replication),
                "settings": dict(replication.settings, dst_token=None),
                "diagnostics": {
                    "hourly": {
                        "ok": status.get("ok", 0),
                        "errored": status.get("errored", 0),
                        "errors": {k: dict(errors[k]) for k in sorted(errors, key=int)},
                    }
                },
            }
        )

    def create_replication(self, name: str) -> Response:
        settings = _invalid_json(self.req.body, "ReplicationSettings", _REPLICATION_SETTINGS)
        self.check("full")
        if name in self.s._replications:
            raise ReductHttpError(409, f"Replication '{name}' already exists")
        self._validate_replication(name, settings)
        self.s._replications[name] = _Replication(name, settings)
        return Response(200)

    def update_replication(self, name: str) -> Response:
        settings = _invalid_json(self.req.body, "ReplicationSettings", _REPLICATION_SETTINGS)
        self.check("full")
        replication = self._replication(name)
        if replication.provisioned:
            raise ReductHttpError(409, f"Can't update provisioned replication '{name}'")
        self._validate_replication(name, settings)
        if settings["dst_token"] is None:
            settings["dst_token"] = replication.settings["dst_token"]
        replication.settings = settings
        return Response(200)

    def replication_mode(self, name: str) -> Response:
        fields = (_f("mode", "enum", required=True, variants=_REPLICATION_MODES),)
        payload = _invalid_json(self.req.body, "ReplicationModePayload", fields)
        self.check("full")
        self._replication(name).settings["mode"] = payload["mode"]
        return Response(200)

    def remove_replication(self, name: str) -> Response:
        self.check("full")
        if self._replication(name).provisioned:
            raise ReductHttpError(409, f"Can't remove provisioned replication '{name}'")
        del self.s._replications[name]
        return Response(200)

    # -- lifecycles --------------------------------------------------------------------------------

    def _lifecycle(self, name: str) -> _Lifecycle:
        lifecycle = self.s._lifecycles.get(name)
        if lifecycle is None:
            raise ReductHttpError(404, f"Lifecycle '{name}' does not exist")
        return lifecycle

    def _lifecycle_info(self, lifecycle: _Lifecycle) -> dict[str, Any]:
        status = self.s._lifecycle_status.get(lifecycle.name, {})
        return {
            "name": lifecycle.name,
            "is_provisioned": lifecycle.provisioned,
            "is_running": status.get("is_running", True),
            "type": lifecycle.settings["type"],
            "mode": lifecycle.settings["mode"],
            "last_run": status.get("last_run"),
        }

    def _validate_lifecycle(self, name: str, settings: dict[str, Any]) -> None:
        bucket = self.s._buckets.get(settings["bucket"])
        if bucket is None or bucket.deleting:
            raise ReductHttpError(404, f"Bucket '{settings['bucket']}' for lifecycle '{name}' does not exist")
        if _duration_or_422("older_than", settings["older_than"]) < 3_600_000_000:
            raise ReductHttpError(
                422, f"Lifecycle older_than '{settings['older_than']}' is shorter than minimum allowed value of 1h"
            )
        if _duration_or_422("interval", settings["interval"]) < 600_000_000:
            raise ReductHttpError(
                422, f"Lifecycle interval '{settings['interval']}' is shorter than minimum allowed value of 10m"
            )
        processing = settings["processing_interval"]
        if processing is not None and _duration_or_422("processing_interval", processing) <= 0:
            raise ReductHttpError(422, f"Lifecycle processing_interval '{processing}' must be positive")
        if settings["type"] == "compress" and settings["when"] is not None:
            raise ReductHttpError(422, "Lifecycle type 'compress' does not support 'when' condition")

    def list_lifecycles(self) -> Response:
        self.check("full")
        items = [self._lifecycle_info(lc) for _, lc in sorted(self.s._lifecycles.items())]
        return _json_response({"lifecycles": items})

    def get_lifecycle(self, name: str) -> Response:
        self.check("full")
        lifecycle = self._lifecycle(name)
        return _json_response({"info": self._lifecycle_info(lifecycle), "settings": dict(lifecycle.settings)})

    def create_lifecycle(self, name: str) -> Response:
        settings = _invalid_json(self.req.body, "LifecycleSettings", _LIFECYCLE_SETTINGS)
        self.check("full")
        if name in self.s._lifecycles:
            raise ReductHttpError(409, f"Lifecycle '{name}' already exists")
        self._validate_lifecycle(name, settings)
        self.s._lifecycles[name] = _Lifecycle(name, settings)
        return Response(200)

    def update_lifecycle(self, name: str) -> Response:
        settings = _invalid_json(self.req.body, "LifecycleSettings", _LIFECYCLE_SETTINGS)
        self.check("full")
        lifecycle = self._lifecycle(name)
        if lifecycle.provisioned:
            raise ReductHttpError(409, f"Can't update provisioned lifecycle '{name}'")
        self._validate_lifecycle(name, settings)
        lifecycle.settings = settings
        return Response(200)

    def lifecycle_mode(self, name: str) -> Response:
        fields = (_f("mode", "enum", required=True, variants=_LIFECYCLE_MODES),)
        payload = _invalid_json(self.req.body, "LifecycleModePayload", fields)
        self.check("full")
        self._lifecycle(name).settings["mode"] = payload["mode"]
        return Response(200)

    def remove_lifecycle(self, name: str) -> Response:
        self.check("full")
        if self._lifecycle(name).provisioned:
            raise ReductHttpError(409, f"Can't remove provisioned lifecycle '{name}'")
        del self.s._lifecycles[name]
        return Response(200)
