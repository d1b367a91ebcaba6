"""PUT /api/v1/b/{bucket_name}: Change a bucket's settings"""

from __future__ import annotations

from urllib.parse import quote

from ...models.bucket_settings import BucketSettings
from ...types import Request


def request(
    bucket_name: str,
    *,
    body: BucketSettings,
) -> Request:
    """Build the request of ``update_bucket``: Change a bucket's settings.

    Needs full access. Merge semantics: a missing or `null` field keeps its current value.
    """
    path = "/api/v1/b/{bucket_name}".format(
        bucket_name=quote(str(bucket_name), safe=""),
    )
    return Request(
        "PUT",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
