"""DELETE /api/v1/b/{bucket_name}/{entry_name}: Remove an entry"""

from __future__ import annotations

from urllib.parse import quote

from ...types import Request


def request(
    bucket_name: str,
    entry_name: str,
) -> Request:
    """Build the request of ``remove_entry``: Remove an entry.

    Needs write access to the bucket. Removes the entry and its `entry/...` children,
    asynchronously (their status becomes `DELETING`).
    """
    path = "/api/v1/b/{bucket_name}/{entry_name}".format(
        bucket_name=quote(str(bucket_name), safe=""),
        entry_name=quote(str(entry_name), safe="/"),
    )
    return Request("DELETE", path)
