"""The one call path of every async call: build, send with retries, map errors, parse (async source of _sync_http).

A facade method reads as ``await core.call(get_info.request(), get_info.parse)``: the generated
operation builds the request (typed), this core sends it and returns the parsed model, or raises
the service's own exception. Where the bytes go:

- by default, the SDK's own connection pool (``_pool_async``);
- through httpx when httpx's behaviour is what the caller asked for: a caller's ``http_client``
  (its proxies, auth, event hooks and timeouts honoured), a caller's ``transport``, an
  environment proxy for the URL (``trust_env``), or a mocking library that patched httpx's
  transport (pytest-httpx, respx), so tests written against httpx see every request.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterable, Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ..errors import ClientClosedError, EventLoopError, StorageSDKError
from ._common import (
    IDEMPOTENT_METHODS,
    KEEPALIVE_EXPIRY,
    MAX_CONNECTIONS,
    USER_AGENT,
    ClientOptions,
    Service,
    async_sleep,
    backoff_delay,
    is_retryable_exception,
    is_retryable_status,
    log_attempt,
    logger,
    make_ssl_context,
    origin_key,
    redact_url,
    redactor,
    retry_delay_for_response,
)
from ._compat import AiohttpTransport
from ._lazy import LazyModule
from ._proxies import ProxyMap, httpx_patched
from ._wire import DeadlineExceeded, PoolClosed, Response, Sensitive, WireRequest, request_head

if TYPE_CHECKING:
    from . import _pool_async
else:  # the event loop machinery is loaded when the first client is built, not on import
    _pool_async = LazyModule("storage_sdk._core._pool_async")

T = TypeVar("T")

_DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


class _Prepared:
    """A request ready for any transport: the wire form, and what httpx needs."""

    __slots__ = ("authenticate", "body", "headers", "method", "replayable", "shown", "url", "wire")

    def __init__(
        self,
        method: str,
        url: str,
        shown: str,
        headers: list[tuple[bytes, bytes]],
        body: Any,
        wire: WireRequest,
        replayable: bool,
        authenticate: bool,
    ) -> None:
        self.authenticate = authenticate
        self.method = method
        self.url = url
        self.shown = shown
        self.headers = headers
        self.body = body
        self.wire = wire
        self.replayable = replayable

    def __repr__(self) -> str:
        return f"<request {self.method} {self.shown}>"


class AsyncHTTPCore:
    """One service client's connections, auth, timeouts, retries and error translation.

    Args:
        service: what the service is (its secret header, default timeouts, error mapping).
        options: the checked constructor arguments of the facade.
        http_client: a caller's ``httpx.AsyncClient``: used as it is (its own timeout unless
            one was given, limits, proxies, event hooks) and never closed here.
        transport: a caller's httpx transport for the client's own httpx client (closed with it).
    """

    def __init__(
        self,
        service: Service,
        options: ClientOptions,
        *,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if isinstance(transport, AiohttpTransport):
            transport = None  # the deprecated transport: the SDK's own pool does its job, faster
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}")
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError(f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}")
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both (give the transport to your client)")
        self.service = service
        self.options = options
        self.base_url = options.base_url
        self.base = str(options.base_url).rstrip("/")
        self.shown_base = redact_url(self.base)
        self.max_retries = options.max_retries
        self.redact = redactor(options.secret)
        self.errors = service.errors(self.redact)
        self._check = service.response_check() if service.response_check is not None else None
        self.timeouts = options.timeouts or service.default_timeouts
        self.sleep = async_sleep
        self._closed = False
        self._origin = origin_key(options.base_url)
        secret = options.secret
        self._auth: tuple[bytes, bytes] | None = (
            (service.secret_header.encode("ascii"), Sensitive((service.secret_prefix + secret).encode("utf-8")))
            if secret
            else None
        )
        # the headers of every request, in the order they go out (identical on every transport); the
        # caller's extra headers go to the service only (a presigned URL is another host), and one of
        # the same name as a default (User-Agent, Accept...) takes the default's place
        self._common: list[tuple[bytes, bytes]] = [
            (b"Accept", b"*/*"),
            (b"Accept-Encoding", b"gzip, deflate"),
            (b"Connection", b"keep-alive"),
            (b"User-Agent", USER_AGENT.encode("ascii")),
        ]
        self._service_common = _with_extra_headers(self._common, options.extra_headers)
        self._hosts: dict[tuple[str, str, int], bytes] = {}
        self._cache: dict[tuple[str, str], _Prepared] = {}
        self._pool = _pool_async.AsyncPool(
            self._ssl_context, max_connections=MAX_CONNECTIONS, keepalive_expiry=KEEPALIVE_EXPIRY
        )
        self._borrowed = http_client
        self._transport = transport
        self._ssl: Any = None
        self._ssl_lock = threading.Lock()
        # httpx clients of our own, for a caller's transport, environment proxies and mocking libraries
        self._httpx = _pool_async.HttpxClients(self._new_httpx_client)
        self._borrowed_loop: Any = None
        self._proxies = ProxyMap.from_environment() if options.trust_env else ProxyMap.empty()

    # lifecycle -----------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    async def aclose(self) -> None:
        """Close the connections this client opened. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        await self._pool.aclose()
        await self._httpx.aclose()

    def closed_error(self, method: str | None = None, url: str | None = None) -> ClientClosedError:
        err = ClientClosedError(f"this {self.service.name} client is closed; create a new one")
        err._set_request(method, url)
        return err

    # the one call path ---------------------------------------------------------------------------

    async def call(self, request: Any, parse: Callable[[bytes], T]) -> T:
        """Send a generated operation's request; parse a 2xx body with ``parse``; raise anything else."""
        return await self.call_prepared(self.prepare(request), parse)

    async def call_prepared(self, prepared: _Prepared, parse: Callable[[bytes], T]) -> T:
        response = await self.send(prepared)
        if not 200 <= response.status < 300:
            raise self.errors.from_response(response, prepared.method, prepared.shown)
        try:
            return parse(response.content)
        except _DECODE_ERRORS as exc:
            reason = str(exc) if _is_decode_error(exc) else f"{type(exc).__name__}: {exc}"
            raise self.errors.from_invalid(response, self.redact(reason), prepared.method, prepared.shown) from exc

    async def call_empty(self, request: Any) -> Response:
        """Send a request whose success has no body to read; raise for any error status."""
        prepared = self.prepare(request)
        response = await self.send(prepared)
        if not 200 <= response.status < 300:
            raise self.errors.from_response(response, prepared.method, prepared.shown)
        return response

    async def exchange(self, request: Any) -> tuple[Response, _Prepared]:
        """Send a request and return the answer whatever its status (transport failures still raise)."""
        prepared = self.prepare(request)
        return await self.send(prepared), prepared

    def raise_for(self, response: Response, prepared: _Prepared) -> None:
        """Raise the service's error for an error status."""
        if not 200 <= response.status < 300:
            raise self.errors.from_response(response, prepared.method, prepared.shown)

    # building requests ---------------------------------------------------------------------------

    def prepare(self, request: Any) -> _Prepared:
        """A generated ``Request`` (relative path) as a request to this service, authenticated."""
        method: str = request.method
        path: str = request.path
        simple = request.json is None and request.files is None and request.data is None
        if simple and request.params is None and request.headers is None:
            cached = self._cache.get((method, path))
            if cached is not None:
                return cached
        url = self.base + path
        if request.params:
            url += "?" + str(httpx.QueryParams(request.params))
        headers: list[tuple[bytes, bytes]] = []
        if request.headers:
            headers.extend((k.encode("ascii"), v.encode("utf-8")) for k, v in request.headers.items())
        body: Any = None
        length: int | None = None
        if request.json is not None:
            try:
                body = json.dumps(request.json, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
            except (TypeError, ValueError) as exc:
                raise ValueError(f"the request body cannot be sent as JSON: {exc}") from None
            length = len(body)
        elif request.files is not None or request.data is not None:
            encoded = httpx.Request(method, "http://multipart.invalid/", data=request.data, files=request.files)
            headers.append((b"Content-Type", encoded.headers["content-type"].encode("latin-1")))
            size = encoded.headers.get("content-length")
            length = int(size) if size is not None else None
            body = encoded.stream
        prepared = self.prepare_url(method, url, headers, body, length, authenticate=True, replayable=True)
        if simple and request.params is None and request.headers is None and len(self._cache) < 512:
            self._cache[(method, path)] = prepared
        return prepared

    def prepare_url(
        self,
        method: str,
        url: str,
        headers: list[tuple[bytes, bytes]],
        body: Any,
        length: int | None,
        *,
        authenticate: bool,
        replayable: bool,
    ) -> _Prepared:
        """A request to an absolute URL (the service's, or a presigned upload's); the secret and
        the caller's extra headers only go to the service."""
        parsed = httpx.URL(url)
        key = origin_key(parsed)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = parsed.netloc
        to_service = key == self._origin
        all_headers = [(b"Host", host), *(self._service_common if to_service else self._common)]
        if authenticate and self._auth is not None and to_service:
            all_headers.append(self._auth)
        all_headers.extend(headers)
        wire_body = body
        if length is not None:
            all_headers.append((b"Content-Length", str(length).encode("ascii")))
        elif body is not None:
            all_headers.append((b"Transfer-Encoding", b"chunked"))
            wire_body = _chunked(body)  # httpx frames the body itself; our own pool needs it framed
        elif method in ("POST", "PUT", "PATCH"):
            all_headers.append((b"Content-Length", b"0"))
        target = parsed.raw_path.decode("ascii")
        head = request_head(method, target, all_headers)
        if authenticate and self._auth is not None and key == self._origin:
            head = Sensitive(head)
        wire = WireRequest(
            key,
            head,
            wire_body,
            idempotent=method in IDEMPOTENT_METHODS,
            is_head=method == "HEAD",
            replayable=replayable,
        )
        return _Prepared(method, url, redact_url(url), all_headers, body, wire, replayable, authenticate)

    # sending -------------------------------------------------------------------------------------

    async def send(self, prepared: _Prepared) -> Response:
        """Send with retries; any status comes back, failures raise the service's errors."""
        method = prepared.method
        shown = prepared.shown
        attempts = self.max_retries + 1
        retry = 0
        debug = logger.isEnabledFor(10)
        while True:
            if self._closed:
                raise self.closed_error(method, shown)
            started = time.perf_counter()
            try:
                response = await self._send_once(prepared)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                if self._closed:
                    raise self.closed_error(method, shown) from exc
                if isinstance(exc, DeadlineExceeded):
                    exc.total = self.timeouts.total
                if debug:
                    log_attempt(method, shown, type(exc).__name__, started, retry + 1, attempts)
                if retry < self.max_retries and is_retryable_exception(method, exc, prepared.replayable):
                    delay = backoff_delay(retry)
                    if debug:
                        logger.debug("retrying %s %s in %.2f s after %s", method, shown, delay, type(exc).__name__)
                    await self.sleep(delay)
                    retry += 1
                    continue
                raise self.errors.from_transport(exc, method, shown) from exc
            except PoolClosed:
                raise self.closed_error(method, shown) from None
            except RuntimeError as exc:
                if isinstance(exc, StorageSDKError):
                    raise
                if self._closed or (self._borrowed is not None and self._borrowed.is_closed):
                    raise self.closed_error(method, shown) from exc
                raise EventLoopError(
                    f"the httpx client under this {self.service.name} client failed ({exc}); an httpx client "
                    "works in the event loop it was first used in: create the client in that loop"
                ) from exc
            if debug:
                log_attempt(method, shown, str(response.status), started, retry + 1, attempts)
            if retry < self.max_retries and prepared.replayable and is_retryable_status(method, response.status):
                delay_or_none = retry_delay_for_response(retry, response.headers.get("retry-after"))
                if delay_or_none is not None:
                    if debug:
                        logger.debug("retrying %s %s in %.2f s after %d", method, shown, delay_or_none, response.status)
                    await self.sleep(delay_or_none)
                    retry += 1
                    continue
            if self._check is not None:
                self._check(response, method, shown)
            return response

    async def _send_once(self, prepared: _Prepared) -> Response:
        borrowed = self._borrowed
        if borrowed is not None:
            self._check_borrowed_loop()
            # the caller's client adds its own Host, Accept, Accept-Encoding and Connection headers
            headers = [h for h in prepared.headers if h[0] not in _CLIENT_DEFAULTS]
            return await _pool_async.httpx_send(
                borrowed,
                prepared.method,
                prepared.url,
                headers,
                prepared.body,
                self.options.timeouts,
                authenticate=prepared.authenticate,
                replayable=prepared.replayable,
            )
        if self._transport is None and not self._proxies.applies(prepared.wire.origin) and not httpx_patched():
            return await self._pool.send(prepared.wire, self.timeouts)
        client = await self._httpx.get()
        return await _pool_async.httpx_send(
            client,
            prepared.method,
            prepared.url,
            prepared.headers,
            prepared.body,
            self.timeouts,
            authenticate=prepared.authenticate,
            replayable=prepared.replayable,
        )

    def _new_httpx_client(self) -> httpx.AsyncClient:
        transport = self._transport
        client = httpx.AsyncClient(
            transport=transport,
            verify=self._ssl_context() if transport is None else True,
            trust_env=self.options.trust_env,
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS, keepalive_expiry=KEEPALIVE_EXPIRY),
            follow_redirects=False,
            timeout=self.timeouts.as_httpx(),
        )
        client._cookies = _NoCookies()  # neither service uses cookies
        return client

    def _check_borrowed_loop(self) -> None:
        loop = _pool_async.current_loop()
        if loop is None:
            return
        if self._borrowed_loop is None:
            self._borrowed_loop = loop
        elif self._borrowed_loop is not loop:
            raise EventLoopError(
                f"this {self.service.name} client sends through your http_client, and an httpx client is bound to "
                "the event loop it was first used in; create the httpx client and this client inside the event "
                "loop that uses them, or leave out http_client: the SDK's own connections work from any loop"
            )

    def _ssl_context(self) -> Any:
        with self._ssl_lock:
            if self._ssl is None:
                self._ssl = make_ssl_context(self.options.verify, self.options.trust_env)
            return self._ssl


_CLIENT_DEFAULTS = (b"Host", b"Accept", b"Accept-Encoding", b"Connection")


def _with_extra_headers(
    defaults: list[tuple[bytes, bytes]], extra: tuple[tuple[bytes, bytes], ...]
) -> list[tuple[bytes, bytes]]:
    given = {name.lower(): (name, value) for name, value in extra}
    headers = [given.pop(name.lower(), (name, value)) for name, value in defaults]
    return headers + [header for header in extra if header[0].lower() in given]


class _NoCookies(httpx.Cookies):
    """A cookie jar that keeps nothing: neither service uses cookies."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None

    def set_cookie_header(self, request: httpx.Request) -> None:
        return None


def _is_decode_error(exc: BaseException) -> bool:
    return type(exc).__name__ == "DecodeError"


async def _chunked(body: Iterable[bytes] | AsyncIterable[bytes]) -> Any:
    """A body of unknown length in chunked transfer encoding."""
    if isinstance(body, AsyncIterable):
        async for chunk in body:
            if chunk:
                yield b"%x\r\n%b\r\n" % (len(chunk), chunk)
    else:
        for chunk in body:
            if chunk:
                yield b"%x\r\n%b\r\n" % (len(chunk), chunk)
    yield b"0\r\n\r\n"
