"""POST /api/v1/tokens/{token_name}: Create a token"""

from __future__ import annotations

from urllib.parse import quote

from ...models.permissions import Permissions
from ...models.token_create_request import TokenCreateRequest
from ...models.token_create_response import TokenCreateResponse
from ...types import Request, decode_json


def request(
    token_name: str,
    *,
    body: Permissions | TokenCreateRequest,
) -> Request:
    """Build the request of ``create_token``: Create a token.

    The v2 body `TokenCreateRequest` (server 1.19+; unknown keys are rejected), or the v1
    body: a bare `Permissions` object (still accepted; `{}` creates a token without
    permissions). The value is returned once, only here.
    """
    path = "/api/v1/tokens/{token_name}".format(
        token_name=quote(str(token_name), safe=""),
    )
    return Request(
        "POST",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )


def parse(content: bytes) -> TokenCreateResponse:
    """Decode the body of a 2xx answer to ``create_token``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return TokenCreateResponse.from_dict(decode_json(content))
