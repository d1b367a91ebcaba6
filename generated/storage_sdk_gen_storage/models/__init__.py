"""The data models of the API, each loaded on first use (``from .models import ServerInfo`` still works)."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .delete_request import DeleteRequest
    from .storage_error_body import StorageErrorBody
    from .stored_object import StoredObject
    from .upload_file_form import UploadFileForm
    from .upload_request import UploadRequest
    from .upload_result import UploadResult
    from .validation_error_body import ValidationErrorBody
    from .validation_error_item import ValidationErrorItem

_MODULES = {
    "DeleteRequest": ".delete_request",
    "StorageErrorBody": ".storage_error_body",
    "StoredObject": ".stored_object",
    "UploadFileForm": ".upload_file_form",
    "UploadRequest": ".upload_request",
    "UploadResult": ".upload_result",
    "ValidationErrorBody": ".validation_error_body",
    "ValidationErrorItem": ".validation_error_item",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = (
    "DeleteRequest",
    "StorageErrorBody",
    "StoredObject",
    "UploadFileForm",
    "UploadRequest",
    "UploadResult",
    "ValidationErrorBody",
    "ValidationErrorItem",
)
