"""DELETE /api/v1/replications/{replication_name}: Remove a replication"""

from __future__ import annotations

from urllib.parse import quote

from ...types import Request


def request(
    replication_name: str,
) -> Request:
    """Build the request of ``remove_replication``: Remove a replication."""
    path = "/api/v1/replications/{replication_name}".format(
        replication_name=quote(str(replication_name), safe=""),
    )
    return Request("DELETE", path)
