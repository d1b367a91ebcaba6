"""GET /api/v1/replications: List replications"""

from __future__ import annotations

from ...models.replication_list import ReplicationList
from ...types import Request, decode_json


def request() -> Request:
    """Build the request of ``list_replications``: List replications."""
    path = "/api/v1/replications"
    return Request("GET", path)


def parse(content: bytes) -> ReplicationList:
    """Decode the body of a 2xx answer to ``list_replications``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return ReplicationList.from_dict(decode_json(content))
