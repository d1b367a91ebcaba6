"""storage-sdk: sync and async clients for the ReductStore admin API and the opengater-storage API.

ReductStore::

    from storage_sdk import Client
    with Client("http://127.0.0.1:8383", api_token="my-token") as client:
        print(client.info().version)

opengater-storage::

    from storage_sdk import StorageClient
    with StorageClient("http://opengater-storage:8000", api_key="my-key") as storage:
        storage.upload("photo.jpg", "image/jpeg", prefix="news")

Every class has an ``Async`` twin with the same methods, awaited (reduct-py's ``Client`` is our
``AsyncClient``; opengater-storage-client's ``StorageClient`` is our ``AsyncStorageClient``). Every
failure is a ``StorageSDKError`` (``ReductError`` or ``StorageError`` and their subclasses).

The clients and the models are imported on first use (``storage_sdk.Client`` loads the
ReductStore side, ``storage_sdk.StorageClient`` the storage side), so ``import storage_sdk`` stays
cheap. Every model of both specs is exported here, a new one as soon as ``make generate`` wrote it.
"""

import os as _os
from typing import TYPE_CHECKING, Any

import storage_sdk_gen_reduct.models as _reduct_models
import storage_sdk_gen_storage.models as _storage_models

from ._version import __version__

if _os.environ.get("STORAGE_SDK_LOG"):  # a stderr handler for the storage_sdk logger (see README, Logging)
    from ._core._common import ensure_logging as _ensure_logging

    _ensure_logging()
from .errors import (
    ClientClosedError,
    EventLoopError,
    ReductBadRequest,
    ReductConflict,
    ReductConnectionError,
    ReductError,
    ReductForbidden,
    ReductInvalidResponse,
    ReductNotFound,
    ReductRateLimited,
    ReductServerError,
    ReductTimeout,
    ReductUnauthorized,
    ReductUnprocessable,
    StorageAuthError,
    StorageBadRequest,
    StorageError,
    StorageInvalidResponse,
    StoragePayloadTooLarge,
    StorageSDKError,
    StorageTimeout,
    StorageUnavailable,
)

if TYPE_CHECKING:
    from .reduct import *  # noqa: F403
    from .reduct import AsyncBucket, AsyncClient, Bucket, Client, Token
    from .storage import *  # noqa: F403
    from .storage import AsyncStorageClient, StorageClient

_REDUCT = ("AsyncBucket", "AsyncClient", "Bucket", "Client", "Token", *_reduct_models.__all__)
_STORAGE = ("AsyncStorageClient", "StorageClient", *_storage_models.__all__)

__all__ = [
    "__version__",
    "ClientClosedError",
    "EventLoopError",
    "ReductBadRequest",
    "ReductConflict",
    "ReductConnectionError",
    "ReductError",
    "ReductForbidden",
    "ReductInvalidResponse",
    "ReductNotFound",
    "ReductRateLimited",
    "ReductServerError",
    "ReductTimeout",
    "ReductUnauthorized",
    "ReductUnprocessable",
    "StorageAuthError",
    "StorageBadRequest",
    "StorageError",
    "StorageInvalidResponse",
    "StoragePayloadTooLarge",
    "StorageSDKError",
    "StorageTimeout",
    "StorageUnavailable",
    "AsyncBucket",
    "AsyncClient",
    "Bucket",
    "Client",
    "Token",
    "AsyncStorageClient",
    "StorageClient",
]
__all__ += _reduct_models.__all__
__all__ += _storage_models.__all__


def __getattr__(name: str) -> Any:
    if name in _REDUCT:
        from . import reduct

        return getattr(reduct, name)
    if name in _STORAGE:
        from . import storage

        return getattr(storage, name)
    raise AttributeError(f"module 'storage_sdk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
