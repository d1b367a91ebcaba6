"""What carries the sync clients' requests: httpx.

``HttpxSyncEngine`` sends through an ``httpx.Client`` of its own (httpx's transport, its proxies
from the environment when ``trust_env`` is on, TLS), through a caller's transport, or through a
caller's ``httpx.Client`` (used as it is: its proxies, auth, event hooks, and never closed here).
Its own client is made again in a forked child (a new pid), so a child never writes to the
parent's sockets. With its own client, and nothing around ``httpx.Client.send`` (Sentry's and
Datadog's httpx integrations wrap it) and no proxy in the environment, a request goes straight to
the client's transport (``handle_request``, httpx's public transport API, which OpenTelemetry's
instrumentation, pytest-httpx and respx hook): what ``Client.send`` adds (auth and redirect flows,
cookies, event hooks) is not used here, and costs about 18 % of a request.

httpx has no total deadline: here each phase is cut to the total and the body is read chunk by
chunk, stopping once the deadline passed; answer bodies are bounded by ``MAX_RESPONSE_BYTES``.
Failures are httpx's own exception classes.
"""

from __future__ import annotations

import os
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx

from ._common import KEEPALIVE_EXPIRY, MAX_CONNECTIONS, PresignedInFlight, httpx_request, httpx_target, plain_headers
from ._engine_async import _CLIENT_DEFAULTS, _ORPHANS, _env_proxies
from ._types import (
    MAX_RESPONSE_BYTES,
    PID,
    DeadlineExceeded,
    EngineClosed,
    Prepared,
    Response,
    ResponseTooLarge,
    Timeouts,
)

__all__ = ["HttpxSyncEngine", "make_sync_engine"]


class HttpxSyncEngine:
    """Requests through httpx (see the module docstring)."""

    name = "httpx"

    def __init__(
        self,
        *,
        service: str,
        http_client: httpx.Client | None = None,
        factory: Callable[[], tuple[httpx.Client, httpx.BaseTransport | None]] | None = None,
        max_body: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._service = service
        self._borrowed = http_client
        self._factory = factory
        self._max_body = max_body
        # the own client, and its transport when requests may skip send()
        self._own: tuple[httpx.Client, httpx.BaseTransport | None] | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self._closed = False

    def _get(self) -> tuple[httpx.Client, httpx.BaseTransport | None]:
        """The client to send with, and its transport when a request may go straight to it."""
        if self._closed:
            raise EngineClosed()
        if self._borrowed is not None:
            if self._borrowed.is_closed:
                raise EngineClosed()
            return self._borrowed, None
        own = self._own
        if own is not None and self._pid == PID[0]:
            return own
        with self._lock:
            if self._closed:
                raise EngineClosed()
            pid = os.getpid()
            if self._own is None or self._pid != pid:
                if self._own is not None:
                    _ORPHANS.append(self._own[0])  # the parent's: never used or closed here
                assert self._factory is not None
                self._own = self._factory()
                self._pid = pid
            return self._own

    def send(self, prepared: Prepared, timeouts: Timeouts | None) -> Response:
        client, transport = self._get()
        # the caller's client adds its own Host, Accept, Accept-Encoding and Connection headers
        url, headers = httpx_target(prepared, _CLIENT_DEFAULTS if self._borrowed is not None else ())
        total = timeouts.total if timeouts is not None else None
        deadline = time.monotonic() + total if total is not None else None
        body = prepared.body
        if body is not None and not isinstance(body, bytes | httpx.SyncByteStream):
            body = _checked(body, deadline)
        if transport is not None and _plain_send():
            request = _direct_request(prepared.method, url, headers, body, timeouts or client.timeout)
            response = transport.handle_request(request)
            response.request = request
        else:
            request = httpx_request(client, prepared.method, url, headers, body, timeouts)
            auth: Any = httpx.USE_CLIENT_DEFAULT if prepared.authenticate else None
            if prepared.authenticate:
                response = client.send(request, auth=auth, follow_redirects=False, stream=True)
            else:
                with PresignedInFlight(prepared.url):
                    response = client.send(request, auth=auth, follow_redirects=False, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self._max_body:
                    raise ResponseTooLarge(f"the answer's body is larger than {self._max_body // (1024 * 1024)} MiB")
                chunks.append(chunk)
                if deadline is not None and time.monotonic() > deadline:
                    raise DeadlineExceeded("the total timeout passed while waiting for the answer")
        finally:
            response.close()
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineExceeded("the total timeout passed while waiting for the answer")
        if self._borrowed is None and "set-cookie" in response.headers:
            client.cookies.clear()  # neither service uses cookies: keep none
        return Response(response.status_code, plain_headers(response.headers), b"".join(chunks), response.reason_phrase)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            own, self._own = self._own, None
        if own is not None and self._pid == os.getpid():
            own[0].close()


def _direct_request(
    method: str, url: httpx.URL, headers: Any, body: Any, timeouts: Timeouts | httpx.Timeout
) -> httpx.Request:
    """The request as ``Client.build_request`` makes it for the engine's own client (no default headers,
    cookies or params to merge), with its timeouts."""
    timeout = timeouts.as_httpx() if isinstance(timeouts, Timeouts) else timeouts
    extensions = {"timeout": timeout.as_dict()}
    if isinstance(body, httpx.SyncByteStream):  # a multipart body httpx already encoded
        built = httpx.Request(method, url, headers=headers)  # with its Host header
        return httpx.Request(method, built.url, headers=built.headers, stream=body, extensions=extensions)
    return httpx.Request(method, url, headers=headers, content=body, extensions=extensions)


_SEND_SEEN: list[Any] = [None, False]  # [httpx.Client.send as last looked at, whether it is httpx's own]


def _plain_send() -> bool:
    """True while ``httpx.Client.send`` is httpx's own function: nothing (Sentry, Datadog, a user's
    patch) wraps it, so skipping it skips nobody's hook."""
    send = httpx.Client.__dict__.get("send")
    if send is not _SEND_SEEN[0]:
        own = type(send) is types.FunctionType and send.__code__.co_filename.endswith(
            (os.path.join("httpx", "_client.py"),)
        )
        _SEND_SEEN[0], _SEND_SEEN[1] = send, own
    return bool(_SEND_SEEN[1])


def _checked(body: Iterable[bytes], deadline: float | None) -> Iterator[bytes]:
    """The body of one attempt; the total deadline also ends an upload that is still being sent."""
    for chunk in body:
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineExceeded("the total timeout passed while sending the request")
        if chunk:
            yield bytes(chunk)


def make_sync_engine(
    service: str,
    ssl_context: Callable[[], Any],
    *,
    trust_env: bool,
    timeouts: Timeouts,
    http_client: Any = None,
    transport: Any = None,
) -> HttpxSyncEngine:
    """httpx: the caller's client, or one of the engine's own (on the caller's transport, if given)."""
    if http_client is not None:
        return HttpxSyncEngine(service=service, http_client=http_client)

    def factory() -> tuple[httpx.Client, httpx.BaseTransport | None]:
        limits = httpx.Limits(max_connections=MAX_CONNECTIONS, keepalive_expiry=KEEPALIVE_EXPIRY)
        own = transport
        # a proxy from the environment: httpx.Client mounts it for the URLs it covers (only when it
        # makes its transport itself), and every request goes through send(), which picks the mount
        proxied = transport is None and trust_env and bool(_env_proxies())
        if own is None and not proxied:  # what httpx.Client would make, kept to send through
            own = httpx.HTTPTransport(verify=ssl_context(), trust_env=trust_env, limits=limits)
        client = httpx.Client(
            transport=own,
            verify=ssl_context() if own is None else True,
            trust_env=trust_env,
            limits=limits,
            follow_redirects=False,
            timeout=timeouts.as_httpx(),
        )
        # every request carries the SDK's own Accept, Accept-Encoding, Connection and User-Agent:
        # without httpx's defaults of the same names, nothing is merged and replaced per request
        client.headers = httpx.Headers()
        if type(client) is not httpx.Client:  # httpx.Client replaced by an instrumented subclass
            own = None
        return client, own

    return HttpxSyncEngine(service=service, factory=factory)
