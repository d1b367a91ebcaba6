"""GET /api/v1/b/{bucket_name}: Get a bucket's information, settings and entries"""

from __future__ import annotations

from urllib.parse import quote

from ...models.bucket_full_info import BucketFullInfo
from ...types import Request, decode_json


def request(
    bucket_name: str,
) -> Request:
    """Build the request of ``get_bucket``: Get a bucket's information, settings and entries.

    Needs read access to the bucket. 409 while the bucket is being deleted.
    """
    path = "/api/v1/b/{bucket_name}".format(
        bucket_name=quote(str(bucket_name), safe=""),
    )
    return Request("GET", path)


def parse(content: bytes) -> BucketFullInfo:
    """Decode the body of a 2xx answer to ``get_bucket``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return BucketFullInfo.from_dict(decode_json(content))
