"""POST /api/v1/tokens/{token_name}/rotate: Rotate a token's value"""

from __future__ import annotations

from urllib.parse import quote

from ...models.token_create_response import TokenCreateResponse
from ...types import Request, decode_json


def request(
    token_name: str,
) -> Request:
    """Build the request of ``rotate_token``: Rotate a token's value.

    Server 1.19+. The old value is revoked; 409 for a provisioned token, 422 for an expired one.
    """
    path = "/api/v1/tokens/{token_name}/rotate".format(
        token_name=quote(str(token_name), safe=""),
    )
    return Request("POST", path)


def parse(content: bytes) -> TokenCreateResponse:
    """Decode the body of a 2xx answer to ``rotate_token``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return TokenCreateResponse.from_dict(decode_json(content))
