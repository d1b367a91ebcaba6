"""The opengater-storage client: ``StorageClient`` (sync) and ``AsyncStorageClient`` (async).

``UploadResult`` and ``StoredObject`` are the models generated from ``openapi/storage.yaml``.
"""

from storage_sdk_gen_storage.models import StoredObject, UploadResult

from ..errors import (
    StorageAuthError,
    StorageBadRequest,
    StorageError,
    StorageInvalidResponse,
    StoragePayloadTooLarge,
    StorageTimeout,
    StorageUnavailable,
)
from ._async_client import AsyncStorageClient
from ._sync_client import StorageClient

__all__ = [
    "AsyncStorageClient",
    "StorageAuthError",
    "StorageBadRequest",
    "StorageClient",
    "StorageError",
    "StorageInvalidResponse",
    "StoragePayloadTooLarge",
    "StorageTimeout",
    "StorageUnavailable",
    "StoredObject",
    "UploadResult",
]
