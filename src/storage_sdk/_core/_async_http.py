"""HTTP layer: one request with retries, logging and error translation (async source of _sync_http)."""

from __future__ import annotations

import time
import urllib.request
from typing import Any, TypeVar

import httpx

from ..errors import ClientClosedError
from ._common import (
    DEFAULT_LIMITS,
    NoCookies,
    SecretAuth,
    Service,
    async_sleep,
    backoff_delay,
    is_retryable_exception,
    is_retryable_status,
    log_attempt,
    logger,
    redact_url,
    redactor,
    retry_delay_for_response,
)
from ._typecheck import mismatch

T = TypeVar("T")


class AsyncHTTPCore:
    """One service's connection pool, auth, timeouts, retries and error translation.

    Owns an ``httpx.AsyncClient`` (on ``transport`` when one is given) unless the caller passed
    ``http_client``; that one is used as it is (its own timeout, limits, auth and event hooks stay
    in force) and never closed here.
    """

    def __init__(
        self,
        service: Service,
        *,
        base_url: httpx.URL,
        secret: str | None,
        timeout: httpx.Timeout,
        timeout_given: bool,
        max_retries: int,
        headers: dict[str, str],
        verify: Any,
        trust_env: bool,
        http_client: httpx.AsyncClient | None,
        generated_client_class: Any,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.service = service
        self.base = str(base_url).rstrip("/")
        self.max_retries = max_retries
        self.timeout = timeout
        self.sleep = async_sleep
        self.redact = redactor(secret)
        self._secret_auth = (
            SecretAuth(service.secret_header, service.secret_prefix + secret, base_url) if secret else None
        )
        self._auth: httpx.Auth | Any = self._secret_auth or httpx.USE_CLIENT_DEFAULT
        self._closed = False
        self._direct: httpx.AsyncBaseTransport | None = None
        self._parsed_urls: dict[str, httpx.URL] = {}
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError(f"transport must be an httpx.AsyncBaseTransport, got {type(transport).__name__}")
        if http_client is None:
            self.owns_http = True
            if transport is None:
                transport = httpx.AsyncHTTPTransport(verify=verify, limits=DEFAULT_LIMITS, trust_env=trust_env)
            self.http = httpx.AsyncClient(
                base_url=self.base,
                timeout=timeout,
                headers=headers,
                transport=transport,
                trust_env=trust_env,
                follow_redirects=False,
            )
            # httpx wraps any jar passed to the constructor in a plain Cookies: set ours afterwards
            self.http._cookies = NoCookies()
            self._extra_headers: dict[str, str] | None = None
            self._request_timeout: Any = httpx.USE_CLIENT_DEFAULT
            # Requests go straight to the transport: an owned client uses none of what httpx's
            # send() adds (auth flows, redirects, cookies, event hooks), and skipping it is the
            # larger part of the per-call cost. Not when environment proxies reroute requests.
            if not (trust_env and urllib.request.getproxies()):
                self._direct = transport
        else:
            if not isinstance(http_client, httpx.AsyncClient):
                raise TypeError(f"http_client must be an httpx.AsyncClient, got {type(http_client).__name__}")
            if transport is not None:
                raise ValueError("pass either http_client or transport, not both (give the transport to your client)")
            self.owns_http = False
            self.http = http_client
            self._extra_headers = headers
            self._request_timeout = timeout if timeout_given else httpx.USE_CLIENT_DEFAULT
        # The generated client sends through our httpx client: base URL, pool and all.
        self.generated = generated_client_class(base_url=self.base)
        self.generated.set_async_httpx_client(self.http)

    @property
    def closed(self) -> bool:
        return self._closed

    async def aclose(self) -> None:
        """Release the connection pool if we opened it. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        if self.owns_http:
            await self.http.aclose()

    def _closed_error(self, method: str, url: str) -> ClientClosedError:
        err = ClientClosedError(f"this {self.service.name} client is closed; create a new one")
        err._set_request(method, url)
        return err

    async def send(
        self, request: dict[str, Any], *, replayable: bool = True, authenticate: bool = True
    ) -> httpx.Response:
        """Send one request with retries; any status comes back, failures raise the service's errors.

        ``request`` holds httpx ``request()`` arguments (as the generated ``_get_kwargs`` builds
        them); a ``url`` starting with ``/`` is relative to the service root. A non-replayable
        body (a stream) is retried only when the connection was never made. ``authenticate=False``
        sends no secret at all, whatever the host (for presigned URLs).
        """
        method = request["method"].upper()
        url = request["url"]
        if url.startswith("/"):
            url = self.base + url
        shown = redact_url(url)
        if self._closed:
            raise self._closed_error(method, shown)
        kwargs = dict(request, method=method, url=url)
        if self._extra_headers is not None:
            kwargs["headers"] = {**self._extra_headers, **(request.get("headers") or {})}
        errors = self.service.errors
        # an explicit None also switches off any auth configured on a caller's http_client
        auth = self._auth if authenticate else None
        attempts = self.max_retries + 1
        retry = 0
        while True:
            started = time.perf_counter()
            try:
                if self._direct is not None:
                    response = await self._send_direct(self._direct, kwargs, authenticate)
                else:
                    response = await self.http.request(**kwargs, auth=auth, timeout=self._request_timeout)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                log_attempt(method, shown, type(exc).__name__, started, retry + 1, attempts)
                may_retry = replayable or isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
                if retry < self.max_retries and may_retry and is_retryable_exception(method, exc):
                    backoff = backoff_delay(retry)
                    logger.debug("retrying %s %s in %.2f s after %s", method, shown, backoff, type(exc).__name__)
                    await self.sleep(backoff)
                    retry += 1
                    continue
                raise errors.from_transport(exc, method, shown) from exc
            except RuntimeError as exc:
                if self.http.is_closed:
                    raise self._closed_error(method, shown) from exc
                raise
            log_attempt(method, shown, str(response.status_code), started, retry + 1, attempts)
            if retry < self.max_retries and replayable and is_retryable_status(method, response.status_code):
                delay = retry_delay_for_response(retry, response.headers)
                if delay is not None:
                    logger.debug("retrying %s %s in %.2f s after %d", method, shown, delay, response.status_code)
                    await response.aclose()
                    await self.sleep(delay)
                    retry += 1
                    continue
            if self.service.check_response is not None:
                self.service.check_response(response)
            return response

    async def _send_direct(
        self, transport: httpx.AsyncBaseTransport, kwargs: dict[str, Any], authenticate: bool
    ) -> httpx.Response:
        url = kwargs["url"]
        parsed = self._parsed_urls.get(url)
        if parsed is None:
            # parsing a URL is a good part of httpx's per-request cost; admin calls repeat a few URLs
            parsed = httpx.URL(url)
            if len(self._parsed_urls) < 256:
                self._parsed_urls[url] = parsed
        request = self.http.build_request(**dict(kwargs, url=parsed))
        if authenticate and self._secret_auth is not None:
            self._secret_auth.apply(request)
        response = await transport.handle_async_request(request)
        response.request = request
        try:
            await response.aread()
        finally:
            await response.aclose()
        return response

    async def call(self, module: Any, *args: Any, expect: type[T] | None = None, **kwargs: Any) -> Any:
        """Call one generated operation: its ``_get_kwargs``, ``send`` and its ``_build_response``.

        Returns the parsed body (checked to be an ``expect`` when given); an error status or a
        body that does not parse raises the service's error.
        """
        request = module._get_kwargs(*args, **kwargs)
        response = await self.send(request)
        return self.parse(module, response, expect)

    def parse(self, module: Any, response: httpx.Response, expect: type[T] | None) -> Any:
        method = response.request.method
        shown = redact_url(response.request.url)
        errors = self.service.errors
        if not 200 <= response.status_code < 300:
            raise errors.from_response(response, method, shown)
        try:
            parsed = module._build_response(client=self.generated, response=response).parsed
        except RecursionError as exc:  # absurdly nested JSON
            raise errors.from_invalid(response, "JSON nested too deeply", method, shown) from exc
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            raise errors.from_invalid(response, self.redact(reason), method, shown) from exc
        if expect is not None:
            if not isinstance(parsed, expect):
                got = type(parsed).__name__
                raise errors.from_invalid(response, f"expected {expect.__name__}, got {got}", method, shown)
            # the generated from_dict copies scalars unchecked: "size": "83" must not reach the caller
            problem = mismatch(parsed, expect, "body")
            if problem is not None:
                raise errors.from_invalid(response, self.redact(problem), method, shown)
        return parsed
