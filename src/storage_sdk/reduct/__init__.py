"""ReductStore admin API: ``Client`` / ``AsyncClient``, ``Bucket`` / ``AsyncBucket``, the models and errors.

The models are the attrs classes generated from ``openapi/reduct.yaml`` under the names reduct-py
uses (construct them by keyword, e.g. ``BucketSettings(quota_type="FIFO")``). Every model of the
spec is exported here, a new one as soon as ``make generate`` has written it; each is loaded on
first use.
"""

from typing import TYPE_CHECKING, Any

import storage_sdk_gen_reduct.models as _models

from ..errors import (
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
)
from ._async_client import AsyncBucket, AsyncClient
from ._sync_client import Bucket, Client

if TYPE_CHECKING:
    from storage_sdk_gen_reduct.models import *  # noqa: F403
    from storage_sdk_gen_reduct.models import FullTokenInfo

    Token = FullTokenInfo

_ALIASES = {"Token": "FullTokenInfo"}
"""reduct-py's name for a token as the server lists it: the same model as ``FullTokenInfo``."""

__all__ = [
    "AsyncBucket",
    "AsyncClient",
    "Bucket",
    "Client",
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
    "Token",
]
__all__ += _models.__all__


def __getattr__(name: str) -> Any:
    if name in _ALIASES:
        return getattr(_models, _ALIASES[name])
    if name in _models.__all__:
        return getattr(_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
