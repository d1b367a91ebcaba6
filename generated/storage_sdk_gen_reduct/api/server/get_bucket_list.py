"""GET /api/v1/list: List buckets"""

from __future__ import annotations

from ...models.bucket_list import BucketList
from ...types import Request, decode_json


def request() -> Request:
    """Build the request of ``get_bucket_list``: List buckets.

    The buckets the caller's token may read, with their statistics.
    """
    path = "/api/v1/list"
    return Request("GET", path)


def parse(content: bytes) -> BucketList:
    """Decode the body of a 2xx answer to ``get_bucket_list``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return BucketList.from_dict(decode_json(content))
