"""GET /api/v1/lifecycles: List lifecycles"""

from __future__ import annotations

from ...models.lifecycle_list import LifecycleList
from ...types import Request, decode_json


def request() -> Request:
    """Build the request of ``list_lifecycles``: List lifecycles."""
    path = "/api/v1/lifecycles"
    return Request("GET", path)


def parse(content: bytes) -> LifecycleList:
    """Decode the body of a 2xx answer to ``list_lifecycles``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return LifecycleList.from_dict(decode_json(content))
