"""POST /api/v1/replications/{replication_name}: Create a replication"""

from __future__ import annotations

from urllib.parse import quote

from ...models.replication_settings import ReplicationSettings
from ...types import Request


def request(
    replication_name: str,
    *,
    body: ReplicationSettings,
) -> Request:
    """Build the request of ``create_replication``: Create a replication."""
    path = "/api/v1/replications/{replication_name}".format(
        replication_name=quote(str(replication_name), safe=""),
    )
    return Request(
        "POST",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
