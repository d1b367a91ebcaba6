"""An httpx transport on aiohttp, for the async clients (``pip install 'storage-sdk[aiohttp]'``).

httpx's own async connection pool (httpcore) spends most of its time under concurrency in pool
bookkeeping that walks every connection on each request (encode/httpx#3215): on a 2-core
machine, 64 requests in flight run *slower* than one at a time. aiohttp's pool does not. This
transport keeps httpx as the API (requests, responses, exceptions, timeouts are httpx's) and
moves only the network I/O to aiohttp::

    from storage_sdk import AiohttpTransport, AsyncClient

    async with AsyncClient("http://127.0.0.1:8383", api_token="...", transport=AiohttpTransport()) as client:
        ...

Exceptions are mapped to httpx's with care for what the SDK's retries rely on: only a failure
to *establish* a connection becomes ``httpx.ConnectError`` / ``ConnectTimeout`` (safe to retry
for any method); a connection lost after the request may have been sent becomes a read error.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

try:
    import aiohttp
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "AiohttpTransport needs aiohttp: pip install 'storage-sdk[aiohttp]' (or pip install aiohttp)"
    ) from exc

from ._common import DEFAULT_LIMITS


@contextlib.contextmanager
def _mapped_exceptions() -> Iterator[None]:
    try:
        yield
    except httpx.HTTPError:
        raise
    except aiohttp.ConnectionTimeoutError as exc:  # connecting, or waiting for a pooled connection
        raise httpx.ConnectTimeout(str(exc) or "connect timeout") from exc
    except (aiohttp.ServerTimeoutError, TimeoutError) as exc:  # the request may have been sent
        raise httpx.ReadTimeout(str(exc) or "read timeout") from exc
    except aiohttp.ClientConnectorError as exc:  # refused, DNS, TLS handshake: nothing was sent
        raise httpx.ConnectError(str(exc)) from exc
    except aiohttp.ServerDisconnectedError as exc:
        raise httpx.RemoteProtocolError(str(exc) or "server disconnected") from exc
    except (aiohttp.ClientPayloadError, aiohttp.ClientOSError) as exc:
        raise httpx.ReadError(str(exc)) from exc
    except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
        raise httpx.UnsupportedProtocol(str(exc)) from exc
    except aiohttp.ClientResponseError as exc:  # a malformed status line or headers
        raise httpx.RemoteProtocolError(str(exc)) from exc
    except aiohttp.ClientError as exc:
        raise httpx.TransportError(str(exc) or type(exc).__name__) from exc


def _ssl_option(verify: Any) -> Any:
    if verify is True:
        return True
    if verify is False:
        return False
    if isinstance(verify, ssl.SSLContext):
        return verify
    if isinstance(verify, str):
        return ssl.create_default_context(cafile=verify)
    raise TypeError(f"verify must be a bool, a CA bundle path or an ssl.SSLContext, got {type(verify).__name__}")


def _timeout(request: httpx.Request) -> aiohttp.ClientTimeout:
    t = request.extensions.get("timeout") or {}
    connect, read, pool = t.get("connect"), t.get("read"), t.get("pool")
    # aiohttp's `connect` covers the wait for a pooled connection and establishing a new one
    acquire = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=None, connect=acquire, sock_connect=connect, sock_read=read)


async def _body(stream: httpx.AsyncByteStream) -> AsyncIterator[bytes]:
    async for chunk in stream:
        yield chunk


class AiohttpTransport(httpx.AsyncBaseTransport):
    """httpx async transport whose connections are aiohttp's.

    Args:
        verify: TLS verification: True, False, a CA bundle path or an ``ssl.SSLContext``.
        limits: ``max_connections`` and ``keepalive_expiry`` are used (default: 100 connections).
        trust_env: honour ``HTTP(S)_PROXY`` / ``NO_PROXY`` and ``.netrc`` like aiohttp does.

    The aiohttp session is created on first use, in the running event loop, and closed by
    ``aclose()`` (the SDK's clients close the transports they were given when they close).
    Bodies are not decompressed by aiohttp: httpx decodes them as usual.
    """

    def __init__(self, *, verify: Any = True, limits: httpx.Limits = DEFAULT_LIMITS, trust_env: bool = False) -> None:
        self._ssl = _ssl_option(verify)
        self._limits = limits
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = None

    def _get_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                limit=self._limits.max_connections or 0,
                keepalive_timeout=self._limits.keepalive_expiry or 15.0,
                ssl=self._ssl,
            )
            session = aiohttp.ClientSession(
                connector=connector,
                auto_decompress=False,
                cookie_jar=aiohttp.DummyCookieJar(),
                trust_env=self._trust_env,
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            )
            self._session = session
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._get_session()
        if isinstance(request.stream, httpx.ByteStream) or hasattr(request, "_content"):
            data: Any = request.content or None
        else:
            data = _body(request.stream)  # type: ignore[arg-type]
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
        with _mapped_exceptions():
            async with session.request(
                request.method,
                str(request.url),
                headers=headers,
                data=data,
                timeout=_timeout(request),
                allow_redirects=False,
                compress=None,
            ) as response:
                content = await response.read()
                raw_headers = list(response.raw_headers)
                status = response.status
        return httpx.Response(status, headers=raw_headers, content=content, request=request)

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    def __repr__(self) -> str:
        return f"AiohttpTransport(max_connections={self._limits.max_connections})"
