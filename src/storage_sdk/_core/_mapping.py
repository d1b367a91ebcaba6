"""Shared helpers for the per-service error mappers."""

from __future__ import annotations

import json
from typing import Any

import httpx


def json_detail(response: httpx.Response) -> str | None:
    """The ``detail`` of a JSON error body (FastAPI / ReductStore style), as text; None otherwise."""
    content = response.content
    if not content or content[:1] not in (b"{", b" ", b"\n", b"\t", b"\r"):
        return None
    try:
        body: Any = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or "detail" not in body:
        return None
    detail = body["detail"]
    if detail is None:
        return None
    return detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)


def response_text(response: httpx.Response) -> str:
    try:
        return response.text
    except (UnicodeDecodeError, LookupError):
        return response.content.decode("utf-8", errors="replace")


def netloc(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return url
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.host}{port}"


def transport_reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
