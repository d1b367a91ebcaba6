"""GET /api/v1/replications/{replication_name}: Get a replication's information, settings and diagnostics"""

from __future__ import annotations

from urllib.parse import quote

from ...models.replication_detail_info import ReplicationDetailInfo
from ...types import Request, decode_json


def request(
    replication_name: str,
) -> Request:
    """Build the request of ``get_replication``: Get a replication's information, settings and diagnostics.

    `dst_token` is always `null` in the answer.
    """
    path = "/api/v1/replications/{replication_name}".format(
        replication_name=quote(str(replication_name), safe=""),
    )
    return Request("GET", path)


def parse(content: bytes) -> ReplicationDetailInfo:
    """Decode the body of a 2xx answer to ``get_replication``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return ReplicationDetailInfo.from_dict(decode_json(content))
