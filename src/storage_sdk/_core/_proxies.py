"""When httpx must carry a request instead of the SDK's own pool: environment proxies, mocking libraries.

``ProxyMap`` reads ``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` the way httpx
does (its own parser and URL patterns, read when the client is built, as httpx reads them), and
answers whether a request to an origin would go through a proxy. Such requests are sent by an
httpx client built with ``trust_env=True``, so proxies behave exactly as httpx users know.

``httpx_patched()`` tells whether a mocking library replaced httpx's transport (pytest-httpx) or
httpcore's pool (respx): then requests go through httpx, so the mock sees them.
"""

from __future__ import annotations

import sys
from typing import Any

import httpx
from httpx._utils import URLPattern, get_environment_proxies

# what the functions a mocking library replaces are called when nobody replaced them
_ORIGINALS = (
    ("httpx", "AsyncHTTPTransport", "handle_async_request", "httpx._transports.default"),
    ("httpx", "HTTPTransport", "handle_request", "httpx._transports.default"),
    ("httpcore", "AsyncConnectionPool", "handle_async_request", "httpcore._async.connection_pool"),
    ("httpcore", "ConnectionPool", "handle_request", "httpcore._sync.connection_pool"),
)


def _is_original(function: Any, cls: str, method: str, module: str) -> bool:
    return (
        getattr(function, "__qualname__", None) == f"{cls}.{method}" and getattr(function, "__module__", None) == module
    )


def httpx_patched() -> bool:
    """True while pytest-httpx, respx or the like has replaced httpx's or httpcore's transport.

    httpcore is only looked at once something imported it (a mock of it imports it first).
    """
    for package, cls, method, module in _ORIGINALS:
        loaded = sys.modules.get(package)
        if loaded is None:
            continue
        function = getattr(getattr(loaded, cls, None), method, None)
        if function is not None and not _is_original(function, cls, method, module):
            return True
    return False


class ProxyMap:
    """The environment's proxy settings, as httpx applies them (first matching pattern wins)."""

    __slots__ = ("_cache", "_patterns")

    def __init__(self, patterns: list[tuple[URLPattern, str | None]]) -> None:
        self._patterns = patterns
        self._cache: dict[tuple[str, str, int], bool] = {}

    @classmethod
    def from_environment(cls) -> ProxyMap:
        proxies = get_environment_proxies()
        if not proxies:
            return cls([])
        patterns = sorted(((URLPattern(key), value) for key, value in proxies.items()), key=lambda item: item[0])
        return cls(patterns)

    @classmethod
    def empty(cls) -> ProxyMap:
        return cls([])

    def applies(self, origin: tuple[str, str, int]) -> bool:
        """Whether requests to ``origin`` (scheme, host, port) go through a proxy."""
        if not self._patterns:
            return False
        found = self._cache.get(origin)
        if found is None:
            scheme, host, port = origin
            url = httpx.URL(scheme=scheme, host=host, port=port)
            found = False
            for pattern, proxy in self._patterns:
                if pattern.matches(url):
                    found = proxy is not None
                    break
            self._cache[origin] = found
        return found
