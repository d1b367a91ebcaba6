"""DELETE /api/v1/b/{bucket_name}: Remove a bucket"""

from __future__ import annotations

from urllib.parse import quote

from ...types import Request


def request(
    bucket_name: str,
) -> Request:
    """Build the request of ``remove_bucket``: Remove a bucket.

    Needs full access. Deletion is asynchronous: the bucket's status becomes `DELETING`,
    then it disappears (and is removed from every token's permissions).
    """
    path = "/api/v1/b/{bucket_name}".format(
        bucket_name=quote(str(bucket_name), safe=""),
    )
    return Request("DELETE", path)
