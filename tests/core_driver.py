"""Drive the sync or the async HTTP core through one interface, so each test runs in both modes and
on both engines: the default ("default": aiohttp in async, the client's own httpx client in sync) and a
caller's httpx transport ("httpx": an owned httpx client on ``httpx.HTTPTransport``/``AsyncHTTPTransport``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from storage_sdk._core._async_http import AsyncHTTPCore
from storage_sdk._core._common import Service, client_options
from storage_sdk._core._sync_http import SyncHTTPCore
from storage_sdk._core._types import Response, Timeouts
from storage_sdk.reduct._common import SERVICE as REDUCT_SERVICE
from storage_sdk.reduct._errors import ReductErrorMapper
from storage_sdk.storage._common import SERVICE as STORAGE_SERVICE

MODES = ["sync", "async"]
TRANSPORTS = ["default", "httpx"]
REDUCT_DEFAULT = Timeouts(connect=10.0, read=60.0, write=60.0, pool=60.0, total=300.0)

# the ReductStore service without its per-answer check (the generic core tests answer without x-reduct-api)
REDUCT_PLAIN = Service(
    name="ReductStore",
    secret_header="Authorization",
    secret_prefix="Bearer ",
    default_timeouts=REDUCT_DEFAULT,
    errors=ReductErrorMapper,
)


class Driver:
    """A core in one mode and on one transport; ``call``/``send``/``close`` are plain calls whatever the mode."""

    def __init__(
        self,
        mode: str,
        url: str,
        *,
        transport: str = "default",
        service: str = "reduct",
        secret: str | None = "s3cr3t-token-value",
        timeouts: Timeouts | None = None,
        max_retries: object = 2,
        http_client: Any = None,
        extra_headers: dict[str, str] | None = None,
        trust_env: bool = False,
        fake_sleep: bool = True,
    ) -> None:
        self.mode = mode
        self.sleeps: list[float] = []
        svc = {"reduct": REDUCT_PLAIN, "reduct-checked": REDUCT_SERVICE, "storage": STORAGE_SERVICE}[service]
        options = client_options(
            url=url,
            url_argument="url",
            secret=secret,
            secret_argument="secret",
            secret_header=svc.secret_header,
            timeout=timeouts,
            max_retries=max_retries,
            extra_headers=extra_headers,
            verify=True,
            trust_env=trust_env,
        )
        self.loop: asyncio.AbstractEventLoop | None = None
        if mode == "sync":
            own: Any = httpx.HTTPTransport() if transport == "httpx" and http_client is None else None
            self.core: Any = SyncHTTPCore(svc, options, http_client=http_client, transport=own)
            if fake_sleep:
                self.core.sleep = self.sleeps.append
        else:
            own = httpx.AsyncHTTPTransport() if transport == "httpx" and http_client is None else None
            self.core = AsyncHTTPCore(svc, options, http_client=http_client, transport=own)
            self.loop = asyncio.new_event_loop()  # after the core: a constructor error leaks no loop

            async def record_sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            if fake_sleep:
                self.core.sleep = record_sleep

    def run(self, value: Any) -> Any:
        if self.loop is None:
            return value
        return self.loop.run_until_complete(value)

    def call(self, request: Any, parse: Callable[[bytes], Any]) -> Any:
        return self.run(self.core.call(request, parse))

    def call_empty(self, request: Any) -> Response:
        response: Response = self.run(self.core.call_empty(request))
        return response

    def send_url(self, method: str, url: str, **kwargs: Any) -> Response:
        """A request to an absolute URL (``authenticate``, ``replayable``, ``body``, ``length``, ``headers``)."""
        prepared = self.core.prepare_url(
            method,
            url,
            kwargs.get("headers", []),
            kwargs.get("body"),
            kwargs.get("length"),
            authenticate=kwargs.get("authenticate", True),
            replayable=kwargs.get("replayable", True),
        )
        response: Response = self.run(self.core.send(prepared))
        return response

    def close(self) -> None:
        self.run(self.core.aclose()) if self.loop is not None else self.core.close()

    def shutdown(self) -> None:
        self.close()
        if self.loop is not None and not self.loop.is_closed():
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()
