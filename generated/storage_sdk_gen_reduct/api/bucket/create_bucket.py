"""POST /api/v1/b/{bucket_name}: Create a bucket"""

from __future__ import annotations

from urllib.parse import quote

from ...models.bucket_settings import BucketSettings
from ...types import Request


def request(
    bucket_name: str,
    *,
    body: BucketSettings | None = None,
) -> Request:
    """Build the request of ``create_bucket``: Create a bucket.

    Needs full access. The body is optional: a missing body, a missing field or a `null`
    field takes the server's default (`defaults.bucket` of `/info`).
    """
    path = "/api/v1/b/{bucket_name}".format(
        bucket_name=quote(str(bucket_name), safe=""),
    )
    if body is None:
        return Request("POST", path)
    return Request(
        "POST",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
