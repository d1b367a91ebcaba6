"""The opengater-storage client: ``StorageClient`` (sync) and ``AsyncStorageClient`` (async).

``UploadResult``, ``StoredObject`` and the other models are generated from ``openapi/storage.yaml``;
every model of the spec is exported here (loaded on first use).
"""

from typing import TYPE_CHECKING, Any

import storage_sdk_gen_storage.models as _models

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

if TYPE_CHECKING:
    from storage_sdk_gen_storage.models import *  # noqa: F403

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
]
__all__ += _models.__all__


def __getattr__(name: str) -> Any:
    if name in _models.__all__:
        return getattr(_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
