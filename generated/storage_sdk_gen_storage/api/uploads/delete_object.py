"""DELETE /objects: Delete an object"""

from __future__ import annotations

from ...models.delete_request import DeleteRequest
from ...types import Request


def request(
    *,
    body: DeleteRequest,
) -> Request:
    """Build the request of ``delete_object``: Delete an object.

    Give `key`, or `public_url` (the service maps it to a key with its own base URL; a URL
    of another storage gets 400), or both.
    """
    path = "/objects"
    return Request(
        "DELETE",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )
