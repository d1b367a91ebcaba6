"""HEAD /api/v1/ready: Readiness probe (HEAD)"""

from __future__ import annotations

from ...types import Request


def request() -> Request:
    """Build the request of ``head_ready``: Readiness probe (HEAD)."""
    path = "/api/v1/ready"
    return Request("HEAD", path)
