"""HEAD /api/v1/alive: Liveness probe (HEAD)"""

from __future__ import annotations

from ...types import Request


def request() -> Request:
    """Build the request of ``head_alive``: Liveness probe (HEAD)."""
    path = "/api/v1/alive"
    return Request("HEAD", path)
