"""GET /api/v1/lifecycles/{lifecycle_name}: Get a lifecycle's information and settings"""

from __future__ import annotations

from urllib.parse import quote

from ...models.lifecycle_detail_info import LifecycleDetailInfo
from ...types import Request, decode_json


def request(
    lifecycle_name: str,
) -> Request:
    """Build the request of ``get_lifecycle``: Get a lifecycle's information and settings."""
    path = "/api/v1/lifecycles/{lifecycle_name}".format(
        lifecycle_name=quote(str(lifecycle_name), safe=""),
    )
    return Request("GET", path)


def parse(content: bytes) -> LifecycleDetailInfo:
    """Decode the body of a 2xx answer to ``get_lifecycle``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return LifecycleDetailInfo.from_dict(decode_json(content))
