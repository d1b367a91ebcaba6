"""POST /api/v1/lifecycles/{lifecycle_name}: Create a lifecycle"""

from __future__ import annotations

from urllib.parse import quote

from ...models.lifecycle_settings import LifecycleSettings
from ...types import Request


def request(
    lifecycle_name: str,
    *,
    body: LifecycleSettings,
) -> Request:
    """Build the request of ``create_lifecycle``: Create a lifecycle.

    `interval` must be left out rather than sent as `null` (the server rejects `null`).
    """
    path = "/api/v1/lifecycles/{lifecycle_name}".format(
        lifecycle_name=quote(str(lifecycle_name), safe=""),
    )
    return Request(
        "POST",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
