"""PUT /api/v1/b/{bucket_name}/{entry_name}/rename: Rename an entry"""

from __future__ import annotations

from urllib.parse import quote

from ...models.rename_request import RenameRequest
from ...types import Request


def request(
    bucket_name: str,
    entry_name: str,
    *,
    body: RenameRequest,
) -> Request:
    """Build the request of ``rename_entry``: Rename an entry.

    Needs write access to the bucket. Any request content type is accepted.
    """
    path = "/api/v1/b/{bucket_name}/{entry_name}/rename".format(
        bucket_name=quote(str(bucket_name), safe=""),
        entry_name=quote(str(entry_name), safe="/"),
    )
    return Request(
        "PUT",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
