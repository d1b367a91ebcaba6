"""POST /uploads: Get a presigned PUT URL for a new object"""

from __future__ import annotations

from ...models.upload_request import UploadRequest
from ...models.upload_result import UploadResult
from ...types import Request, decode_json


def request(
    *,
    body: UploadRequest,
) -> Request:
    """Build the request of ``create_upload``: Get a presigned PUT URL for a new object.

    The service chooses the object key under `prefix` and answers with a presigned URL on
    the object store. The caller then PUTs the bytes to `upload_url` (on another host: the
    API key must not be sent there), with the same `Content-Type`.
    """
    path = "/uploads"
    return Request(
        "POST",
        path,
        headers={"Content-Type": "application/json"},
        json=body.to_dict(),
    )


def parse(content: bytes) -> UploadResult:
    """Decode the body of a 2xx answer to ``create_upload``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return UploadResult.from_dict(decode_json(content))
