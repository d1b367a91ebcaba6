"""Drive the sync or the async HTTP core through one interface, so each test runs in both modes."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import storage_sdk_gen_reduct
import storage_sdk_gen_storage

from storage_sdk._core._async_http import AsyncHTTPCore
from storage_sdk._core._common import Service, core_options, redactor
from storage_sdk._core._sync_http import SyncHTTPCore
from storage_sdk.reduct._errors import ReductErrors
from storage_sdk.storage._errors import StorageErrors

MODES = ["sync", "async"]
REDUCT_DEFAULT = httpx.Timeout(60.0, connect=10.0)


def reduct_service(token: str | None) -> Service:
    return Service("ReductStore", "Authorization", ReductErrors(redactor(token)), secret_prefix="Bearer ")


def storage_service(key: str) -> Service:
    return Service("opengater-storage", "X-API-Key", StorageErrors(redactor(key)))


class Driver:
    """A core in one mode; ``call``/``send``/``close`` are plain calls whatever the mode."""

    def __init__(
        self,
        mode: str,
        url: str,
        *,
        service: str = "reduct",
        secret: str | None = "s3cr3t-token-value",
        timeout: object = None,
        max_retries: object = 2,
        http_client: Any = None,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.mode = mode
        self.sleeps: list[float] = []
        svc = reduct_service(secret) if service == "reduct" else storage_service(secret or "")
        generated = storage_sdk_gen_reduct.Client if service == "reduct" else storage_sdk_gen_storage.Client
        options = core_options(
            url=url,
            url_argument="url",
            secret=secret,
            secret_header=svc.secret_header,
            timeout=timeout,
            default_timeout=REDUCT_DEFAULT,
            max_retries=max_retries,
            extra_headers=extra_headers,
            verify=True,
            trust_env=False,
        )
        self.loop: asyncio.AbstractEventLoop | None = None
        if mode == "sync":
            self.core: Any = SyncHTTPCore(svc, http_client=http_client, generated_client_class=generated, **options)
            self.core.sleep = self.sleeps.append
        else:
            self.core = AsyncHTTPCore(svc, http_client=http_client, generated_client_class=generated, **options)
            self.loop = asyncio.new_event_loop()  # after the core: a constructor error leaks no loop

            async def fake_sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            self.core.sleep = fake_sleep

    def _run(self, value: Any) -> Any:
        if self.loop is None:
            return value
        return self.loop.run_until_complete(value)

    def call(self, module: Any, *args: Any, **kwargs: Any) -> Any:
        if self.loop is None:
            return self.core.call(module, *args, **kwargs)
        return self._run(self.core.call(module, *args, **kwargs))

    def send(self, request: dict[str, Any], **kwargs: Any) -> httpx.Response:
        if self.loop is None:
            response: httpx.Response = self.core.send(request, **kwargs)
            return response
        return self._run(self.core.send(request, **kwargs))  # type: ignore[no-any-return]

    def close(self) -> None:
        if self.loop is None:
            self.core.close()
            return
        self._run(self.core.aclose())

    def shutdown(self) -> None:
        self.close()
        if self.loop is not None and not self.loop.is_closed():
            self.loop.close()
