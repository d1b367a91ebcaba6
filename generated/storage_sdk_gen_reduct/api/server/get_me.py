"""GET /api/v1/me: Get the caller's own token"""

from __future__ import annotations

from ...models.full_token_info import FullTokenInfo
from ...types import Request, decode_json


def request() -> Request:
    """Build the request of ``get_me``: Get the caller's own token.

    The token used for the request, without its value. With authentication disabled the
    server answers with a full-access token named `AUTHENTICATION-DISABLED`.
    """
    path = "/api/v1/me"
    return Request("GET", path)


def parse(content: bytes) -> FullTokenInfo:
    """Decode the body of a 2xx answer to ``get_me``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return FullTokenInfo.from_dict(decode_json(content))
