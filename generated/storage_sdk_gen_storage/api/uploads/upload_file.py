"""POST /uploads/file: Upload a file through the service (multipart)"""

from __future__ import annotations

from ...models.stored_object import StoredObject
from ...models.upload_file_form import UploadFileForm
from ...types import Request, decode_json


def request(
    *,
    body: UploadFileForm,
) -> Request:
    """Build the request of ``upload_file``: Upload a file through the service (multipart).

    The file goes to the service itself, without a presigned URL.
    """
    path = "/uploads/file"
    data, files = body.to_multipart()
    return Request("POST", path, data=data, files=files)


def parse(content: bytes) -> StoredObject:
    """Decode the body of a 2xx answer to ``upload_file``.

    Raises:
        ValueError: the body is not JSON, or (``DecodeError``) does not fit the model; the
            message names the field.
    """
    return StoredObject.from_dict(decode_json(content))
