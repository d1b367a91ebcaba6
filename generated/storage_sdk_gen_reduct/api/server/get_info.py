"""GET /api/v1/info: Get server information"""

from __future__ import annotations

from ...models.server_info import ServerInfo
from ...types import Request, decode_json


def request() -> Request:
    """Build the request of ``get_info``: Get server information.

    Statistics and defaults of the server. Any valid token may call it.
    """
    path = "/api/v1/info"
    return Request("GET", path)


def parse(content: bytes) -> ServerInfo:
    """Decode the body of a 2xx answer to ``get_info``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return ServerInfo.from_dict(decode_json(content))
