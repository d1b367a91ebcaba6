"""PATCH /api/v1/lifecycles/{lifecycle_name}/mode: Set a lifecycle's mode"""

from __future__ import annotations

from urllib.parse import quote

from ...models.lifecycle_mode_request import LifecycleModeRequest
from ...types import Request


def request(
    lifecycle_name: str,
    *,
    body: LifecycleModeRequest,
) -> Request:
    """Build the request of ``set_lifecycle_mode``: Set a lifecycle's mode."""
    path = "/api/v1/lifecycles/{lifecycle_name}/mode".format(
        lifecycle_name=quote(str(lifecycle_name), safe=""),
    )
    return Request(
        "PATCH",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
