"""Contains all the data models used in inputs/outputs"""

from .delete_request import DeleteRequest
from .error_detail import ErrorDetail
from .stored_object import StoredObject
from .upload_file_form import UploadFileForm
from .upload_request import UploadRequest
from .upload_result import UploadResult

__all__ = (
    "DeleteRequest",
    "ErrorDetail",
    "StoredObject",
    "UploadFileForm",
    "UploadRequest",
    "UploadResult",
)
