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
"""

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import ClientClosedError, StorageSDKError
from .reduct import *  # noqa: F403
from .reduct import __all__ as _reduct_all
from .storage import *  # noqa: F403
from .storage import __all__ as _storage_all

__all__ = ["ClientClosedError", "StorageSDKError", "__version__", *_reduct_all, *_storage_all]

if TYPE_CHECKING:
    from ._core._aiohttp import AiohttpTransport as AiohttpTransport


def __getattr__(name: str) -> Any:
    # AiohttpTransport needs the optional aiohttp package: imported only when asked for
    if name == "AiohttpTransport":
        from ._core._aiohttp import AiohttpTransport as AiohttpTransport

        return AiohttpTransport
    raise AttributeError(f"module 'storage_sdk' has no attribute {name!r}")
