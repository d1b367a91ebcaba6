"""HEAD /api/v1/b/{bucket_name}: Check that a bucket exists"""

from __future__ import annotations

from urllib.parse import quote

from ...types import Request


def request(
    bucket_name: str,
) -> Request:
    """Build the request of ``head_bucket``: Check that a bucket exists.

    Needs only a valid token (a write-only token works, unlike GET). No body in any response.
    """
    path = "/api/v1/b/{bucket_name}".format(
        bucket_name=quote(str(bucket_name), safe=""),
    )
    return Request("HEAD", path)
