"""Names kept so that code written for earlier versions keeps working."""

from __future__ import annotations

import warnings
from typing import Any


class AiohttpTransport:
    """Deprecated: the async clients' own connection pool is now the default, and faster.

    Earlier versions offered this httpx transport on aiohttp for speed under concurrency.
    Passing ``transport=AiohttpTransport()`` now uses the SDK's own pool, with a
    ``DeprecationWarning``; leave ``transport`` out instead.
    """

    def __init__(self, **kwargs: Any) -> None:
        warnings.warn(
            "AiohttpTransport is deprecated and no longer needed: the async clients' default connection pool "
            "is faster; leave transport= out",
            DeprecationWarning,
            stacklevel=2,
        )

    def __repr__(self) -> str:
        return "AiohttpTransport(deprecated: the SDK's own pool is used)"
