"""Turning what a server or a transport said into short, useful error text (shared by both services)."""

from __future__ import annotations

import html
import json
import re
from http import HTTPStatus
from typing import Any

import httpx

from ._types import Response

MAX_EXCERPT = 200
"""At most this many characters of a body go into an error message."""

_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def json_detail(response: Response) -> str | None:
    """The ``detail`` of a JSON error body (FastAPI / ReductStore style), as text; None otherwise.

    FastAPI's validation errors (``{"detail": [{"loc": [...], "msg": ..., "type": ...}]}``) come
    out as ``body.content_type: field required`` lines.
    """
    content = response.content
    if not content or content.lstrip()[:1] != b"{":
        return None
    try:
        body: Any = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(body, dict) or "detail" not in body:
        return None
    detail = body["detail"]
    if detail is None:
        return None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list) and detail and all(isinstance(d, dict) and "msg" in d for d in detail):
        parts = []
        for item in detail[:5]:
            loc = item.get("loc")
            where = ".".join(str(p) for p in loc) if isinstance(loc, list) else ""
            parts.append(f"{where}: {item['msg']}" if where else str(item["msg"]))
        return "; ".join(parts)
    return json.dumps(detail, ensure_ascii=False)[:MAX_EXCERPT]


def reason_phrase(response: Response) -> str:
    """The status line's reason, or the standard phrase for the status."""
    if response.reason and response.reason.strip():
        return response.reason.strip()
    try:
        return HTTPStatus(response.status).phrase
    except ValueError:
        return f"HTTP {response.status}"


def is_markup(response: Response) -> bool:
    kind = response.content_type
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    head = response.content[:256].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml"))


def excerpt(response: Response, limit: int = MAX_EXCERPT) -> str:
    """A short, tag-stripped excerpt of a text or HTML body ("" for an empty or binary body)."""
    if not response.content:
        return ""
    text = response.text
    if is_markup(response):
        text = _DROP.sub(" ", text)
        text = _TAG.sub(" ", text)
        text = html.unescape(text)
    text = _SPACE.sub(" ", text).strip()
    if not text.isprintable():
        text = "".join(c if c.isprintable() else "?" for c in text)
    if len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return text


def transport_reason(exc: BaseException) -> str:
    """What went wrong on the wire: always the exception's type, and its text when it has one."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def netloc(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return url
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.host}{port}"
