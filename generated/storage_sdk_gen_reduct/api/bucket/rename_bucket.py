"""PUT /api/v1/b/{bucket_name}/rename: Rename a bucket"""

from __future__ import annotations

from urllib.parse import quote

from ...models.rename_request import RenameRequest
from ...types import Request


def request(
    bucket_name: str,
    *,
    body: RenameRequest,
) -> Request:
    """Build the request of ``rename_bucket``: Rename a bucket.

    Needs full access. The body must be sent with `Content-Type: application/json`
    (otherwise the web framework answers 415 without `x-reduct-error`). Token permissions
    follow the new name.
    """
    path = "/api/v1/b/{bucket_name}/rename".format(
        bucket_name=quote(str(bucket_name), safe=""),
    )
    return Request(
        "PUT",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
