"""GET /api/v1/alive: Liveness probe"""

from __future__ import annotations

from ...types import Request


def request() -> Request:
    """Build the request of ``get_alive``: Liveness probe.

    Anonymous. 200 while the process runs, including while it is starting up.
    """
    path = "/api/v1/alive"
    return Request("GET", path)
