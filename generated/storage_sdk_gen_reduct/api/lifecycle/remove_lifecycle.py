"""DELETE /api/v1/lifecycles/{lifecycle_name}: Remove a lifecycle"""

from __future__ import annotations

from urllib.parse import quote

from ...types import Request


def request(
    lifecycle_name: str,
) -> Request:
    """Build the request of ``remove_lifecycle``: Remove a lifecycle."""
    path = "/api/v1/lifecycles/{lifecycle_name}".format(
        lifecycle_name=quote(str(lifecycle_name), safe=""),
    )
    return Request("DELETE", path)
