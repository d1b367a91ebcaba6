"""DELETE /api/v1/tokens/{token_name}: Remove a token"""

from __future__ import annotations

from urllib.parse import quote

from ...types import Request


def request(
    token_name: str,
) -> Request:
    """Build the request of ``remove_token``: Remove a token.

    409 for a provisioned token or the last full-access token.
    """
    path = "/api/v1/tokens/{token_name}".format(
        token_name=quote(str(token_name), safe=""),
    )
    return Request("DELETE", path)
