"""PUT /api/v1/lifecycles/{lifecycle_name}: Update a lifecycle"""

from __future__ import annotations

from urllib.parse import quote

from ...models.lifecycle_settings import LifecycleSettings
from ...types import Request


def request(
    lifecycle_name: str,
    *,
    body: LifecycleSettings,
) -> Request:
    """Build the request of ``update_lifecycle``: Update a lifecycle."""
    path = "/api/v1/lifecycles/{lifecycle_name}".format(
        lifecycle_name=quote(str(lifecycle_name), safe=""),
    )
    return Request(
        "PUT",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
