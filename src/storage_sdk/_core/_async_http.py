"""The one call path of every async call: build, send with retries, map errors, parse (async source of _sync_http).

A facade method reads as ``await core.call(get_info.request(), get_info.parse)``: the generated
operation builds the request (typed), this core sends it and returns the parsed model, or raises
the service's own exception. The bytes go through an engine chosen once, when the client is
built: the library that carries them, and only that, lives in ``_engine_async``. The one retry
loop of the SDK is here: an attempt is made again only if its request never reached the server
(no connection) or its method is idempotent, and ``max_retries=0`` means one attempt.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ..errors import ClientClosedError, EventLoopError, StorageSDKError
from ._common import (
    USER_AGENT,
    ClientOptions,
    Service,
    async_sleep,
    backoff_delay,
    ensure_logging,
    is_retryable_exception,
    is_retryable_status,
    log_attempt,
    log_call,
    log_request,
    log_response,
    logger,
    make_ssl_context,
    origin_key,
    redact_url,
    redactor,
    retry_delay_for_response,
)
from ._engine_async import make_async_engine
from ._types import DeadlineExceeded, EngineClosed, Prepared, Response, Secret

T = TypeVar("T")

_DECODE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)
_BODY_METHODS = ("POST", "PUT", "PATCH")


class AsyncHTTPCore:
    """One service client's engine, auth, timeouts, retries and error translation.

    Args:
        service: what the service is (its secret header, default timeouts, error mapping).
        options: the checked constructor arguments of the facade.
        http_client: a caller's ``httpx.AsyncClient``: used as it is (its own timeout unless
            one was given, limits, proxies, event hooks) and never closed here.
        transport: a caller's httpx transport for the client's own httpx client (closed with it).
        session: a caller's ``aiohttp.ClientSession``: used as it is, never closed here.  # async only
    """

    def __init__(
        self,
        service: Service,
        options: ClientOptions,
        *,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        session: Any = None,  # async only
        _root: AsyncHTTPCore | None = None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}")
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError(f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}")
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both (give the transport to your client)")
        if session is not None and (http_client is not None or transport is not None):  # async only
            raise ValueError("pass only one of http_client, transport and session")  # async only
        ensure_logging()
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
        # a with_options() copy sends through its original's engine: _root is that original
        self._root: AsyncHTTPCore = _root if _root is not None else self
        self._borrowed_client: bool = http_client is not None if _root is None else _root._borrowed_client
        self._origin = origin_key(options.base_url)
        secret = options.secret
        self._auth: tuple[str, str] | None = (
            (service.secret_header, Secret(service.secret_prefix + secret)) if secret else None
        )
        # the headers of every request, in the order they go out (the same on every engine; the
        # library adds Host); the caller's extra headers go to the service only (a presigned URL is
        # another host), and one of the same name as a default (User-Agent...) takes its place
        self._common: list[tuple[str, str]] = [
            ("Accept", "*/*"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Connection", "keep-alive"),
            ("User-Agent", USER_AGENT),
        ]
        self._service_common = _with_extra_headers(self._common, options.extra_headers)
        self._cache: dict[tuple[str, str], Prepared] = {}
        self._ssl: Any = None
        self._engine_lock = threading.Lock()
        self._ssl_lock = threading.Lock()
        # a caller's http_client keeps its own timeout unless one was given
        self._engine_timeouts = options.timeouts if self._borrowed_client else self.timeouts
        self._engine_args: dict[str, Any] = {
            "trust_env": options.trust_env,
            "timeouts": self.timeouts,
            "http_client": http_client,
            "transport": transport,
            "session": session,  # async only
        }
        # The engine is chosen once: now when the caller named one, else at the first request
        # (so that a client built before pytest-httpx or respx patched httpx still sends to the mock)
        self._engine: Any = None
        if _root is not None:
            return
        if http_client is not None or transport is not None:
            self._get_engine()
        if session is not None:  # async only
            self._get_engine()  # async only

    # lifecycle -----------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """This client was closed, or the one it was copied from with ``with_options()``."""
        return self._closed or self._root._closed

    def with_options(self, options: ClientOptions) -> AsyncHTTPCore:
        """A core with other timeouts, retries or extra headers that sends through this one's
        connections: closing it leaves them open; closing the original closes them for both."""
        if self.closed:
            raise self.closed_error()
        return AsyncHTTPCore(self.service, options, _root=self._root)

    @property
    def engine(self) -> str:
        """What carries the requests: ``"aiohttp"`` or ``"httpx"`` (chosen by the first request)."""
        name: str = self._get_engine().name
        return name

    def _get_engine(self) -> Any:
        engine = self._engine
        if engine is None and self._root is not self:
            engine = self._engine = self._root._get_engine()
        if engine is None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = make_async_engine(self.service.name, self._ssl_context, **self._engine_args)
                engine = self._engine
        return engine

    async def aclose(self) -> None:
        """Close the connections this client opened. Safe to call more than once.

        A ``with_options()`` copy closes only itself: the connections are its original's.
        """
        if self._closed:
            return
        self._closed = True
        if self._root is self and self._engine is not None:
            await self._engine.aclose()

    def closed_error(self, method: str | None = None, url: str | None = None) -> ClientClosedError:
        err = ClientClosedError(f"this {self.service.name} client is closed; create a new one")
        err._set_request(method, url)
        return err

    # the one call path ---------------------------------------------------------------------------

    async def call(self, request: Any, parse: Callable[[bytes], T], *, replayable: bool = True) -> T:
        """Send a generated operation's request; parse a 2xx body with ``parse``; raise anything else.

        ``replayable=False``: the body cannot be read twice, so the request is never sent again.
        """
        prepared = self.prepare(request, replayable=replayable)
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

    async def exchange(self, request: Any) -> tuple[Response, Prepared]:
        """Send a request and return the answer whatever its status (transport failures still raise)."""
        prepared = self.prepare(request)
        return await self.send(prepared), prepared

    def raise_for(self, response: Response, prepared: Prepared) -> None:
        """Raise the service's error for an error status."""
        if not 200 <= response.status < 300:
            raise self.errors.from_response(response, prepared.method, prepared.shown)

    async def call_url(
        self,
        method: str,
        url: str,
        *,
        headers: list[tuple[str, str]] | None = None,
        body: Any = None,
        length: int | None = None,
        authenticate: bool,
        replayable: bool = True,
    ) -> Response:
        """A request to an absolute URL (a presigned upload's): sent with retries, an error status raised.

        ``body`` is None, bytes, or an iterable of bytes that can be iterated again for each attempt.
        """
        prepared = self.prepare_url(
            method, url, headers or [], body, length, authenticate=authenticate, replayable=replayable
        )
        response = await self.send(prepared)
        self.raise_for(response, prepared)
        return response

    # building requests ---------------------------------------------------------------------------

    def prepare(self, request: Any, *, replayable: bool = True) -> Prepared:
        """A generated ``Request`` (relative path) as a request to this service, authenticated."""
        method: str = request.method
        path: str = request.path
        simple = request.json is None and request.files is None and request.data is None
        cacheable = simple and request.params is None and request.headers is None
        if cacheable:
            cached = self._cache.get((method, path))
            if cached is not None:
                return cached
        url = self.base + path
        if request.params:
            url += "?" + str(httpx.QueryParams(request.params))
        headers: list[tuple[str, str]] = list(request.headers.items()) if request.headers else []
        body: Any = None
        length: int | None = None
        if request.json is not None:
            try:
                body = json.dumps(request.json, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
            except (TypeError, ValueError) as exc:
                raise ValueError(f"the request body cannot be sent as JSON: {exc}") from None
            length = len(body)
        elif request.files is not None or request.data is not None:
            # multipart/form-data as httpx encodes it (a stream that rewinds seekable files)
            encoded = httpx.Request(method, "http://multipart.invalid/", data=request.data, files=request.files)
            headers.append(("Content-Type", encoded.headers["content-type"]))
            size = encoded.headers.get("content-length")
            length = int(size) if size is not None else None
            body = encoded.stream
        prepared = self.prepare_url(method, url, headers, body, length, authenticate=True, replayable=replayable)
        if cacheable and len(self._cache) < 512:
            self._cache[(method, path)] = prepared
        return prepared

    def prepare_url(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        body: Any,
        length: int | None,
        *,
        authenticate: bool,
        replayable: bool,
    ) -> Prepared:
        """A request to an absolute URL (the service's, or a presigned upload's); the secret and
        the caller's extra headers only go to the service."""
        parsed = httpx.URL(url)
        to_service = origin_key(parsed) == self._origin
        all_headers = list(self._service_common if to_service else self._common)
        if authenticate and self._auth is not None and to_service:
            all_headers.append(self._auth)
        all_headers.extend(headers)
        if body is not None and length is not None:
            all_headers.append(("Content-Length", str(length)))
        elif body is None and method in _BODY_METHODS:
            all_headers.append(("Content-Length", "0"))
        # the URL as httpx normalises it: an international host in its IDNA 2008 (punycode) form,
        # which is what the Host header, DNS, the connection and TLS all use
        target = str(parsed)
        return Prepared(
            method,
            target,
            redact_url(parsed),
            all_headers,
            body,
            length,
            replayable=replayable,
            authenticate=authenticate,
        )

    # sending -------------------------------------------------------------------------------------

    async def send(self, prepared: Prepared) -> Response:
        """Send with retries; any status comes back, failures raise the service's errors."""
        method = prepared.method
        shown = prepared.shown
        attempts = self.max_retries + 1
        retry = 0
        info = logger.isEnabledFor(20)
        debug = info and logger.isEnabledFor(10)
        first = time.perf_counter() if info else 0.0
        if debug:
            log_request(prepared)
        while True:
            if self._closed or self._root._closed:
                raise self.closed_error(method, shown)
            started = time.perf_counter()
            try:
                response: Response = await (self._engine or self._get_engine()).send(prepared, self._engine_timeouts)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                if self.closed:
                    raise self.closed_error(method, shown) from exc
                if isinstance(exc, DeadlineExceeded):
                    exc.total = self.timeouts.total
                if debug:
                    log_attempt(method, shown, type(exc).__name__, started, retry + 1, attempts)
                if retry < self.max_retries and is_retryable_exception(method, exc, prepared.replayable):
                    delay = backoff_delay(retry)
                    if info:
                        logger.info("retrying %s %s in %.2f s after %s", method, shown, delay, type(exc).__name__)
                    await self.sleep(delay)
                    retry += 1
                    continue
                if info:
                    log_call(method, shown, type(exc).__name__, first, retry + 1)
                raise self.errors.from_transport(exc, method, shown) from exc
            except EngineClosed:
                raise self.closed_error(method, shown) from None
            except StorageSDKError:
                raise
            except RuntimeError as exc:
                if self.closed:
                    raise self.closed_error(method, shown) from exc
                raise EventLoopError(
                    f"the connection pool under this {self.service.name} client failed ({exc}); a connection "
                    "pool works in the event loop it was first used in: create the client in that loop"
                ) from exc
            except Exception as exc:
                if self.closed:
                    raise self.closed_error(method, shown) from exc
                raise
            if not 100 <= response.status <= 599:  # what h11 refuses and aiohttp lets through (RFC 9110 15)
                reason = f"the status {response.status} is not an HTTP status (100-599)"
                raise self.errors.from_transport(httpx.RemoteProtocolError(reason), method, shown)
            if debug:
                log_attempt(method, shown, str(response.status), started, retry + 1, attempts)
            if retry < self.max_retries and prepared.replayable and is_retryable_status(method, response.status):
                delay_or_none = retry_delay_for_response(retry, response.headers.get("retry-after"))
                if delay_or_none is not None:
                    if info:
                        logger.info("retrying %s %s in %.2f s after %d", method, shown, delay_or_none, response.status)
                    await self.sleep(delay_or_none)
                    retry += 1
                    continue
            if info:
                log_call(method, shown, str(response.status), first, retry + 1)
                if debug:
                    log_response(response, self.redact)
            if self._check is not None:
                self._check(response, method, shown)
            return response

    def _ssl_context(self) -> Any:
        # called by an engine when it opens its first connection pool
        with self._ssl_lock:
            if self._ssl is None:
                self._ssl = make_ssl_context(self.options.verify, self.options.trust_env)
            return self._ssl


def _with_extra_headers(defaults: list[tuple[str, str]], extra: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    given = {name.lower(): (name, value) for name, value in extra}
    headers = [given.pop(name.lower(), (name, value)) for name, value in defaults]
    return headers + [header for header in extra if header[0].lower() in given]


def _is_decode_error(exc: BaseException) -> bool:
    return type(exc).__name__ == "DecodeError"
