"""GET /api/v1/tokens/{token_name}: Get a token"""

from __future__ import annotations

from urllib.parse import quote

from ...models.full_token_info import FullTokenInfo
from ...types import Request, decode_json


def request(
    token_name: str,
) -> Request:
    """Build the request of ``get_token``: Get a token.

    The token without its value. 400 when authentication is disabled.
    """
    path = "/api/v1/tokens/{token_name}".format(
        token_name=quote(str(token_name), safe=""),
    )
    return Request("GET", path)


def parse(content: bytes) -> FullTokenInfo:
    """Decode the body of a 2xx answer to ``get_token``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return FullTokenInfo.from_dict(decode_json(content))
