"""GET /api/v1/tokens: List tokens"""

from __future__ import annotations

from ...models.token_list import TokenList
from ...types import Request, decode_json


def request() -> Request:
    """Build the request of ``list_tokens``: List tokens.

    Sorted by name, each without its value. Empty when authentication is disabled.
    """
    path = "/api/v1/tokens"
    return Request("GET", path)


def parse(content: bytes) -> TokenList:
    """Decode the body of a 2xx answer to ``list_tokens``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return TokenList.from_dict(decode_json(content))
