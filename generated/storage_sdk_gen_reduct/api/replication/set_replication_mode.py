"""PATCH /api/v1/replications/{replication_name}/mode: Set a replication's mode"""

from __future__ import annotations

from urllib.parse import quote

from ...models.replication_mode_request import ReplicationModeRequest
from ...types import Request


def request(
    replication_name: str,
    *,
    body: ReplicationModeRequest,
) -> Request:
    """Build the request of ``set_replication_mode``: Set a replication's mode.

    Server 1.18+.
    """
    path = "/api/v1/replications/{replication_name}/mode".format(
        replication_name=quote(str(replication_name), safe=""),
    )
    return Request(
        "PATCH",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
