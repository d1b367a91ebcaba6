"""GET /api/v1/ready: Readiness probe"""

from __future__ import annotations

from ...types import Request


def request() -> Request:
    """Build the request of ``get_ready``: Readiness probe.

    Anonymous. 200 when the server accepts requests, 503 while it is starting up.
    """
    path = "/api/v1/ready"
    return Request("GET", path)
