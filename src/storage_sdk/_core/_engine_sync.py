"""What carries the sync clients' requests: httpx.

``HttpxSyncEngine`` sends through an ``httpx.Client`` of its own (httpx's transport, its proxies
from the environment when ``trust_env`` is on, TLS), through a caller's transport, or through a
caller's ``httpx.Client`` (used as it is: its proxies, auth, event hooks, and never closed here).
Its own client is made again in a forked child (a new pid), so a child never writes to the
parent's sockets. httpx has no total deadline: here each phase is cut to the total and the body is
read chunk by chunk, stopping once the deadline passed; answer bodies are bounded by
``MAX_RESPONSE_BYTES``. Failures are httpx's own exception classes.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpx

from ._common import KEEPALIVE_EXPIRY, MAX_CONNECTIONS, PresignedInFlight, httpx_request, httpx_target, plain_headers
from ._engine_async import _CLIENT_DEFAULTS, _ORPHANS
from ._types import MAX_RESPONSE_BYTES, DeadlineExceeded, EngineClosed, Prepared, Response, ResponseTooLarge, Timeouts

__all__ = ["HttpxSyncEngine", "make_sync_engine"]


class HttpxSyncEngine:
    """Requests through httpx (see the module docstring)."""

    name = "httpx"

    def __init__(
        self,
        *,
        service: str,
        http_client: httpx.Client | None = None,
        factory: Callable[[], httpx.Client] | None = None,
        max_body: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._service = service
        self._borrowed = http_client
        self._factory = factory
        self._max_body = max_body
        self._client: httpx.Client | None = None
        self._pid = 0
        self._lock = threading.Lock()
        self._closed = False

    def _get(self) -> httpx.Client:
        if self._closed:
            raise EngineClosed()
        if self._borrowed is not None:
            if self._borrowed.is_closed:
                raise EngineClosed()
            return self._borrowed
        client = self._client
        pid = os.getpid()
        if client is not None and self._pid == pid:
            return client
        with self._lock:
            if self._closed:
                raise EngineClosed()
            if self._client is None or self._pid != pid:
                if self._client is not None:
                    _ORPHANS.append(self._client)  # the parent's: never used or closed here
                assert self._factory is not None
                self._client = self._factory()
                self._pid = pid
            return self._client

    def send(self, prepared: Prepared, timeouts: Timeouts | None) -> Response:
        client = self._get()
        # the caller's client adds its own Host, Accept, Accept-Encoding and Connection headers
        url, headers = httpx_target(prepared, _CLIENT_DEFAULTS if self._borrowed is not None else ())
        total = timeouts.total if timeouts is not None else None
        deadline = time.monotonic() + total if total is not None else None
        body = prepared.body
        if body is not None and not isinstance(body, bytes | httpx.SyncByteStream):
            body = _checked(body, deadline)
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
            client, self._client = self._client, None
        if client is not None and self._pid == os.getpid():
            client.close()


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

    def factory() -> httpx.Client:
        client = httpx.Client(
            transport=transport,
            verify=ssl_context() if transport is None else True,
            trust_env=trust_env,
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS, keepalive_expiry=KEEPALIVE_EXPIRY),
            follow_redirects=False,
            timeout=timeouts.as_httpx(),
        )
        # every request carries the SDK's own Accept, Accept-Encoding, Connection and User-Agent:
        # without httpx's defaults of the same names, nothing is merged and replaced per request
        client.headers = httpx.Headers()
        return client

    return HttpxSyncEngine(service=service, factory=factory)
