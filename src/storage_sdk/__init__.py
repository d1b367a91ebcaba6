"""storage-sdk: sync and async clients for the ReductStore admin API and the opengater-storage API.

ReductStore::

    from storage_sdk import Client
    with Client("http://127.0.0.1:8383", api_token="my-token") as client:
        print(client.info().version)

opengater-storage::

    from storage_sdk import StorageClient
    with StorageClient("http://opengater-storage:8000", api_key="my-key") as storage:
        storage.upload("photo.jpg", "image/jpeg", prefix="news")

Every class has an ``Async`` twin with the same methods, awaited. Every failure is a
``StorageSDKError`` (``ReductError`` or ``StorageError`` and their subclasses).

The clients and models are imported on first use (``storage_sdk.Client`` loads the ReductStore
side, ``storage_sdk.StorageClient`` the storage side), so ``import storage_sdk`` stays cheap.
"""

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    ClientClosedError,
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

_REDUCT = (
    "AsyncBucket",
    "AsyncClient",
    "Bucket",
    "BucketFullInfo",
    "BucketInfo",
    "BucketSettings",
    "Client",
    "Defaults",
    "EntryInfo",
    "FullTokenInfo",
    "InstanceRole",
    "LicenseInfo",
    "LifecycleDetailInfo",
    "LifecycleInfo",
    "LifecycleMode",
    "LifecycleSettings",
    "LifecycleType",
    "Permissions",
    "QuotaType",
    "ReplicationCompression",
    "ReplicationDetailInfo",
    "ReplicationDiagnostics",
    "ReplicationDiagnosticsDetail",
    "ReplicationDiagnosticsError",
    "ReplicationDiagnosticsErrors",
    "ReplicationInfo",
    "ReplicationMode",
    "ReplicationSettings",
    "ServerInfo",
    "Status",
    "Token",
    "TokenCreateRequest",
)
_STORAGE = (
    "AsyncStorageClient",
    "StorageClient",
    "StoredObject",
    "UploadResult",
)

__all__ = [
    "__version__",
    "ClientClosedError",
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
    *_REDUCT,
    *_STORAGE,
]

if TYPE_CHECKING:
    from ._core._aiohttp import AiohttpTransport as AiohttpTransport
    from .reduct import (
        AsyncBucket as AsyncBucket,
    )
    from .reduct import (
        AsyncClient as AsyncClient,
    )
    from .reduct import (
        Bucket as Bucket,
    )
    from .reduct import (
        BucketFullInfo as BucketFullInfo,
    )
    from .reduct import (
        BucketInfo as BucketInfo,
    )
    from .reduct import (
        BucketSettings as BucketSettings,
    )
    from .reduct import (
        Client as Client,
    )
    from .reduct import (
        Defaults as Defaults,
    )
    from .reduct import (
        EntryInfo as EntryInfo,
    )
    from .reduct import (
        FullTokenInfo as FullTokenInfo,
    )
    from .reduct import (
        InstanceRole as InstanceRole,
    )
    from .reduct import (
        LicenseInfo as LicenseInfo,
    )
    from .reduct import (
        LifecycleDetailInfo as LifecycleDetailInfo,
    )
    from .reduct import (
        LifecycleInfo as LifecycleInfo,
    )
    from .reduct import (
        LifecycleMode as LifecycleMode,
    )
    from .reduct import (
        LifecycleSettings as LifecycleSettings,
    )
    from .reduct import (
        LifecycleType as LifecycleType,
    )
    from .reduct import (
        Permissions as Permissions,
    )
    from .reduct import (
        QuotaType as QuotaType,
    )
    from .reduct import (
        ReplicationCompression as ReplicationCompression,
    )
    from .reduct import (
        ReplicationDetailInfo as ReplicationDetailInfo,
    )
    from .reduct import (
        ReplicationDiagnostics as ReplicationDiagnostics,
    )
    from .reduct import (
        ReplicationDiagnosticsDetail as ReplicationDiagnosticsDetail,
    )
    from .reduct import (
        ReplicationDiagnosticsError as ReplicationDiagnosticsError,
    )
    from .reduct import (
        ReplicationDiagnosticsErrors as ReplicationDiagnosticsErrors,
    )
    from .reduct import (
        ReplicationInfo as ReplicationInfo,
    )
    from .reduct import (
        ReplicationMode as ReplicationMode,
    )
    from .reduct import (
        ReplicationSettings as ReplicationSettings,
    )
    from .reduct import (
        ServerInfo as ServerInfo,
    )
    from .reduct import (
        Status as Status,
    )
    from .reduct import (
        Token as Token,
    )
    from .reduct import (
        TokenCreateRequest as TokenCreateRequest,
    )
    from .storage import (
        AsyncStorageClient as AsyncStorageClient,
    )
    from .storage import (
        StorageClient as StorageClient,
    )
    from .storage import (
        StoredObject as StoredObject,
    )
    from .storage import (
        UploadResult as UploadResult,
    )


def __getattr__(name: str) -> Any:
    if name in _REDUCT:
        from . import reduct

        return getattr(reduct, name)
    if name in _STORAGE:
        from . import storage

        return getattr(storage, name)
    if name == "AiohttpTransport":  # needs the optional aiohttp package
        from ._core._aiohttp import AiohttpTransport

        return AiohttpTransport
    raise AttributeError(f"module 'storage_sdk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "AiohttpTransport"})
