"""ReductStore admin API: ``AsyncClient`` and ``AsyncBucket``.

The sync twin of this module is generated from the async source by ``scripts/unasync.py``.
"""

from __future__ import annotations

import builtins
import datetime
import os
import ssl
from collections.abc import Mapping
from typing import Any, Self, TypeVar

import httpx
import storage_sdk_gen_reduct
from storage_sdk_gen_reduct.api.bucket import (
    create_bucket,
    get_bucket,
    head_bucket,
    remove_bucket,
    rename_bucket,
    update_bucket,
)
from storage_sdk_gen_reduct.api.entry import remove_entry, rename_entry
from storage_sdk_gen_reduct.api.lifecycle import (
    create_lifecycle,
    get_lifecycle,
    list_lifecycles,
    remove_lifecycle,
    set_lifecycle_mode,
    update_lifecycle,
)
from storage_sdk_gen_reduct.api.replication import (
    create_replication,
    get_replication,
    list_replications,
    remove_replication,
    set_replication_mode,
    update_replication,
)
from storage_sdk_gen_reduct.api.server import get_bucket_list, get_info, get_me, head_alive, head_ready
from storage_sdk_gen_reduct.api.token import create_token, get_token, list_tokens, remove_token, rotate_token
from storage_sdk_gen_reduct.models import (
    BucketFullInfo,
    BucketInfo,
    BucketList,
    BucketSettings,
    EntryInfo,
    FullTokenInfo,
    LifecycleDetailInfo,
    LifecycleInfo,
    LifecycleList,
    LifecycleMode,
    LifecycleModeRequest,
    LifecycleSettings,
    Permissions,
    RenameRequest,
    ReplicationDetailInfo,
    ReplicationInfo,
    ReplicationList,
    ReplicationMode,
    ReplicationModeRequest,
    ReplicationSettings,
    ServerInfo,
    TokenCreateResponse,
    TokenList,
)
from storage_sdk_gen_reduct.types import UNSET

from .._core._async_http import AsyncHTTPCore
from .._core._common import Service, check_secret, core_options, redact_url, redactor
from ..errors import ReductError
from ._common import (
    DEFAULT_TIMEOUT,
    ApiVersionCheck,
    check_enum,
    check_model,
    check_name,
    is_already_exists,
    resolve_token,
    token_request,
)
from ._errors import ReductErrors

T = TypeVar("T")
_Core = AsyncHTTPCore
"""The HTTP core type under its twin-neutral name (so both twins show the same signatures)."""


async def _fetch(core: _Core, module: Any, *args: Any, expect: type[T], **kwargs: Any) -> T:
    """One generated operation whose answer is a model, type-checked field by field."""
    response = await core.send(module._get_kwargs(*args, **kwargs))
    parsed: T = core.parse(module, response, expect)
    return parsed


class AsyncClient:
    """Asynchronous client for the ReductStore admin API (server information, buckets, tokens,
    replications and lifecycles).

    Method names, arguments and results follow reduct-py 1.21; the models are the ones generated
    from ``openapi/reduct.yaml``. Failed calls raise ``ReductError`` (or one of its subclasses),
    invalid arguments ``ValueError`` / ``TypeError`` before any request is sent.

    Args:
        url: root URL of the server, e.g. ``"http://127.0.0.1:8383"``. A trailing slash and a
            base path (``"http://host:8383/reduct/"``, for ``RS_API_BASE_PATH``) are fine.
        api_token: API token sent as ``Authorization: Bearer <token>``. None reads the
            ``REDUCT_API_TOKEN`` environment variable; ``""`` sends no token at all.
        timeout: None for the default (10 s to connect; 60 s for each write, each read and the
            wait for a pooled connection), a number of seconds applied to each of those phases
            of each attempt, or an ``httpx.Timeout``. httpx enforces no total deadline: a slow
            server that keeps sending data is not cut off, and retries add up.
        max_retries: how many times a failed request is retried (connection failures; 429,
            502, 503 and 504 for idempotent methods), with exponential backoff. 0 disables it.
        extra_headers: headers sent with every request (not ``Authorization``).
        verify: TLS verification: True, False, a CA bundle path or an ``ssl.SSLContext``.
        http_client: an ``httpx.AsyncClient`` to send through. Its own timeout, limits,
            proxies and TLS settings apply (``timeout`` only when given), and it is not closed
            by this client.
        transport: an ``httpx.AsyncBaseTransport`` for the client's own pool, e.g.
            ``httpx.AsyncHTTPTransport(local_address=...)``, ``httpx.MockTransport`` in tests, or,
            for the async clients, ``storage_sdk.AiohttpTransport()`` (the ``aiohttp`` extra),
            much faster with many requests in flight. Closed with this client; not together
            with ``http_client``.

    Raises:
        ValueError: the URL, timeout, max_retries, token or headers are invalid.
        TypeError: an argument has the wrong type.

    Example:
        >>> async with AsyncClient("http://127.0.0.1:8383", api_token="my-token") as client:
        ...     info = await client.info()
        ...     bucket = await client.create_bucket("my-bucket", exist_ok=True)
    """

    def __init__(
        self,
        url: str,
        api_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        *,
        max_retries: int = 2,
        extra_headers: Mapping[str, str] | None = None,
        verify: bool | str | ssl.SSLContext = True,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        token = resolve_token(api_token, os.environ)
        if token is not None:
            token = check_secret(token, "api_token")
        options = core_options(
            url=url,
            url_argument="url",
            secret=token,
            secret_header="Authorization",
            timeout=timeout,
            default_timeout=DEFAULT_TIMEOUT,
            max_retries=max_retries,
            extra_headers=extra_headers,
            verify=verify,
            trust_env=True,
        )
        service = Service(
            "ReductStore",
            "Authorization",
            ReductErrors(redactor(token)),
            secret_prefix="Bearer ",
            check_response=ApiVersionCheck(),
        )
        self._url = redact_url(options["base_url"])
        self._core = AsyncHTTPCore(
            service,
            http_client=http_client,
            transport=transport,
            generated_client_class=storage_sdk_gen_reduct.Client,
            **options,
        )

    @property
    def url(self) -> str:
        """The server root URL this client talks to."""
        return self._url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self._url!r})"

    async def aclose(self) -> None:
        """Close the connection pool (unless it came from ``http_client``). Safe to call twice.

        Buckets obtained from this client are closed with it.

        Returns:
            None. Any call made afterwards raises ``ClientClosedError``.
        """
        await self._core.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # --------------------------------------------------------------------------------------------
    # server

    async def info(self) -> ServerInfo:
        """Get statistics and defaults of the server.

        Returns:
            ServerInfo: version, bucket count, usage, uptime, record range, bucket defaults
            and license.

        Raises:
            ReductError: the request failed (e.g. 401 for an invalid token).

        Example:
            >>> info = await client.info()
            >>> info.defaults.bucket.max_block_records
            1024
        """
        return await _fetch(self._core, get_info, expect=ServerInfo)

    async def list(self) -> builtins.list[BucketInfo]:
        """List the buckets the token may read.

        Returns:
            list[BucketInfo]: the buckets with their statistics.

        Raises:
            ReductError: the request failed.
        """
        return (await _fetch(self._core, get_bucket_list, expect=BucketList)).buckets

    async def me(self) -> FullTokenInfo:
        """Get the token this client uses (without its value).

        Returns:
            FullTokenInfo: name, permissions, expiry and the other token details.

        Raises:
            ReductError: the request failed (401 for an invalid or expired token).
        """
        return await _fetch(self._core, get_me, expect=FullTokenInfo)

    async def alive(self) -> bool:
        """Check that the server process runs (``HEAD /alive``, no token needed).

        Returns:
            bool: True when the server answers 200 (also while it is starting up), False when
            it answers a 5xx status.

        Raises:
            ReductError: the server could not be reached (``ReductConnectionError``), or
                answered another error status (e.g. 404 for a wrong base path).
        """
        return await self._health(head_alive)

    async def ready(self) -> bool:
        """Check that the server accepts requests (``HEAD /ready``, no token needed).

        Returns:
            bool: True when the server answers 200, False when it answers a 5xx status (503
            while it is starting up; retried ``max_retries`` times first).

        Raises:
            ReductError: the server could not be reached (``ReductConnectionError``), or
                answered another error status (e.g. 404 for a wrong base path).
        """
        return await self._health(head_ready)

    async def _health(self, module: Any) -> bool:
        response = await self._core.send(module._get_kwargs())
        if 200 <= response.status_code < 300:
            return True
        if response.status_code >= 500:
            return False
        self._core.parse(module, response, None)  # raises for any other error status
        return True

    # --------------------------------------------------------------------------------------------
    # buckets

    async def create_bucket(
        self, name: str, settings: BucketSettings | None = None, exist_ok: bool = False
    ) -> AsyncBucket:
        """Create a bucket.

        Only the settings fields that are set are sent; the server fills the others from its
        defaults (``info().defaults.bucket``).

        Args:
            name: name of the bucket (letters, digits, ``-`` and ``_``; the server answers 422
                otherwise).
            settings: settings of the new bucket, or None for the server's defaults.
            exist_ok: if True, return the existing bucket instead of raising when a bucket
                with this name already exists. Its settings are not compared. Unlike reduct-py,
                a bucket that is still being deleted (409 ``is being deleted``) raises even
                with ``exist_ok=True``, since it is about to disappear.

        Returns:
            Bucket: the new (or existing) bucket.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or settings is not a BucketSettings (or one of its
                fields has the wrong type).
            ReductError: the request failed (409 if the bucket exists and ``exist_ok`` is
                False, 422 for an invalid name or setting).

        Example:
            >>> bucket = await client.create_bucket("data", BucketSettings(quota_type=QuotaType.FIFO,
            ...     quota_size=10**9), exist_ok=True)
        """
        check_name(name, "name")
        body = UNSET if settings is None else check_model(settings, BucketSettings, "settings")
        try:
            await self._core.call(create_bucket, name, body=body)
        except ReductError as err:
            if not (exist_ok and is_already_exists(err)):
                raise
        return AsyncBucket(name, self._core)

    async def get_bucket(self, name: str) -> AsyncBucket:
        """Get a bucket after checking that it exists.

        The check is a ``HEAD`` request, which any valid token may make (reduct-py downloads
        the bucket's full information with ``GET``, which needs read access).

        Args:
            name: name of the bucket.

        Returns:
            Bucket: the bucket.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the bucket does not exist, 409 while it
                is being deleted).
        """
        check_name(name, "name")
        await self._core.call(head_bucket, name)
        return AsyncBucket(name, self._core)

    async def bucket_exists(self, name: str) -> bool:
        """Check whether a bucket exists (``HEAD``, works for any valid token).

        Args:
            name: name of the bucket.

        Returns:
            bool: True if the bucket exists, False if the server answers 404.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: any other failure, including 409 while the bucket is being deleted.
        """
        check_name(name, "name")
        response = await self._core.send(head_bucket._get_kwargs(name))
        if response.status_code == 404:
            return False
        self._core.parse(head_bucket, response, None)  # raises for any other error status
        return True

    # --------------------------------------------------------------------------------------------
    # tokens

    async def get_token_list(self) -> builtins.list[FullTokenInfo]:
        """List all access tokens (without their values).

        Returns:
            list[Token]: the tokens, sorted by name.

        Raises:
            ReductError: the request failed (403 without full access).
        """
        return (await _fetch(self._core, list_tokens, expect=TokenList)).tokens

    async def get_token(self, name: str) -> FullTokenInfo:
        """Get an access token's details (without its value).

        Args:
            name: name of the token.

        Returns:
            FullTokenInfo: the token.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the token does not exist, 400 when
                authentication is disabled on the server).
        """
        check_name(name, "name")
        return await _fetch(self._core, get_token, name, expect=FullTokenInfo)

    async def create_token(
        self,
        name: str,
        permissions: Permissions,
        *,
        expires_at: datetime.datetime | None = None,
        ttl: int | None = None,
        ip_allowlist: builtins.list[str] | None = None,
    ) -> str:
        """Create an access token.

        Sends the server 1.19+ body (``{"permissions": {...}}`` plus only the options given).

        Args:
            name: name of the token.
            permissions: what the token may do, e.g.
                ``Permissions(full_access=False, read=["bucket-*"], write=["bucket-1"])``.
            expires_at: a timezone-aware date after which the token is invalid.
            ttl: inactivity time-to-live in seconds (positive).
            ip_allowlist: IP addresses or CIDR ranges allowed to use the token.

        Returns:
            str: the token's value (the server shows it only once).

        Raises:
            ValueError: name is empty, ttl is not positive, or expires_at has no timezone.
            TypeError: an argument has the wrong type.
            ReductError: the request failed (409 if the token exists, 422 for an invalid
                permission, a date in the past...).

        Example:
            >>> value = await client.create_token("reader", Permissions(read=["data"]), ttl=3600)
        """
        check_name(name, "name")
        body = token_request(permissions, expires_at, ttl, ip_allowlist)
        return (await _fetch(self._core, create_token, name, body=body, expect=TokenCreateResponse)).value

    async def rotate_token(self, name: str) -> str:
        """Replace an access token's value with a new one (server 1.19+); the old value stops working.

        Args:
            name: name of the token.

        Returns:
            str: the new value.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the token does not exist, 409 for a
                provisioned token, 422 for an expired one).
        """
        check_name(name, "name")
        return (await _fetch(self._core, rotate_token, name, expect=TokenCreateResponse)).value

    async def remove_token(self, name: str) -> None:
        """Remove an access token.

        Args:
            name: name of the token.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the token does not exist, 409 for a
                provisioned token or the last full-access token).
        """
        check_name(name, "name")
        await self._core.call(remove_token, name)

    # --------------------------------------------------------------------------------------------
    # replications

    async def get_replications(self) -> builtins.list[ReplicationInfo]:
        """List the replication tasks.

        Returns:
            list[ReplicationInfo]: the replications with their state.

        Raises:
            ReductError: the request failed.
        """
        return (await _fetch(self._core, list_replications, expect=ReplicationList)).replications

    async def get_replication_detail(self, name: str) -> ReplicationDetailInfo:
        """Get a replication's state, settings and diagnostics.

        Args:
            name: name of the replication.

        Returns:
            ReplicationDetailInfo: the replication (``settings.dst_token`` is always None).

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the replication does not exist).
        """
        check_name(name, "name")
        return await _fetch(self._core, get_replication, name, expect=ReplicationDetailInfo)

    async def create_replication(self, name: str, settings: ReplicationSettings) -> None:
        """Create a replication task.

        Only the settings fields that are set are sent; the server defaults the others.

        Args:
            name: name of the replication.
            settings: source and destination buckets, destination host and token, entries,
                condition, mode and compression.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or settings is not a ReplicationSettings (or one of
                its fields has the wrong type).
            ReductError: the request failed (409 if it exists, 404 if the source bucket does
                not, 422 for invalid settings).
        """
        check_name(name, "name")
        body = check_model(settings, ReplicationSettings, "settings")
        await self._core.call(create_replication, name, body=body)

    async def update_replication(self, name: str, settings: ReplicationSettings) -> None:
        """Change a replication's settings.

        Args:
            name: name of the replication.
            settings: the new settings; an unset ``dst_token`` keeps the current token.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or settings is not a ReplicationSettings (or one of
                its fields has the wrong type).
            ReductError: the request failed (404 if it does not exist, 409 if provisioned,
                422 for invalid settings).
        """
        check_name(name, "name")
        body = check_model(settings, ReplicationSettings, "settings")
        await self._core.call(update_replication, name, body=body)

    async def set_replication_mode(self, name: str, mode: ReplicationMode | str) -> None:
        """Enable, pause or disable a replication (server 1.18+).

        Args:
            name: name of the replication.
            mode: the new mode, e.g. ``ReplicationMode.PAUSED`` (or its value ``"paused"``).

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or mode is not a ReplicationMode or str.
            ReductError: the request failed (404 if it does not exist, 422 for an unknown mode).
        """
        check_name(name, "name")
        body = ReplicationModeRequest(mode=check_enum(mode, ReplicationMode, "mode"))
        await self._core.call(set_replication_mode, name, body=body)

    async def delete_replication(self, name: str) -> None:
        """Remove a replication task.

        Args:
            name: name of the replication.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if it does not exist, 409 if provisioned).
        """
        check_name(name, "name")
        await self._core.call(remove_replication, name)

    # --------------------------------------------------------------------------------------------
    # lifecycles

    async def get_lifecycles(self) -> builtins.list[LifecycleInfo]:
        """List the lifecycle policies (server 1.20+).

        Returns:
            list[LifecycleInfo]: the lifecycles with their state.

        Raises:
            ReductError: the request failed.
        """
        return (await _fetch(self._core, list_lifecycles, expect=LifecycleList)).lifecycles

    async def get_lifecycle_detail(self, name: str) -> LifecycleDetailInfo:
        """Get a lifecycle policy's state and settings.

        Args:
            name: name of the lifecycle.

        Returns:
            LifecycleDetailInfo: the lifecycle.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the lifecycle does not exist).
        """
        check_name(name, "name")
        return await _fetch(self._core, get_lifecycle, name, expect=LifecycleDetailInfo)

    async def create_lifecycle(self, name: str, settings: LifecycleSettings) -> None:
        """Create a lifecycle policy.

        Only the settings fields that are set are sent: an unset ``interval`` is left out (the
        server then uses its default; reduct-py sends ``null``, which the server rejects).

        Args:
            name: name of the lifecycle.
            settings: type, bucket, entries, age (``older_than``), interval, condition and mode,
                e.g. ``LifecycleSettings(type_=LifecycleType.DELETE, bucket="data", older_than="30d")``.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or settings is not a LifecycleSettings (or one of its
                fields has the wrong type).
            ReductError: the request failed (409 if it exists, 404 if the bucket does not,
                422 for invalid settings).
        """
        check_name(name, "name")
        body = check_model(settings, LifecycleSettings, "settings")
        await self._core.call(create_lifecycle, name, body=body)

    async def update_lifecycle(self, name: str, settings: LifecycleSettings) -> None:
        """Replace a lifecycle policy's settings.

        Args:
            name: name of the lifecycle.
            settings: the new settings (unset fields are left out of the request).

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or settings is not a LifecycleSettings (or one of its
                fields has the wrong type).
            ReductError: the request failed (404 if it does not exist, 409 if provisioned,
                422 for invalid settings).
        """
        check_name(name, "name")
        body = check_model(settings, LifecycleSettings, "settings")
        await self._core.call(update_lifecycle, name, body=body)

    async def set_lifecycle_mode(self, name: str, mode: LifecycleMode | str) -> None:
        """Enable, disable or dry-run a lifecycle policy.

        Args:
            name: name of the lifecycle.
            mode: the new mode, e.g. ``LifecycleMode.DRY_RUN`` (or its value ``"dry_run"``).

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str, or mode is not a LifecycleMode or str.
            ReductError: the request failed (404 if it does not exist, 422 for an unknown mode).
        """
        check_name(name, "name")
        body = LifecycleModeRequest(mode=check_enum(mode, LifecycleMode, "mode"))
        await self._core.call(set_lifecycle_mode, name, body=body)

    async def delete_lifecycle(self, name: str) -> None:
        """Remove a lifecycle policy.

        Args:
            name: name of the lifecycle.

        Raises:
            ValueError: name is empty.
            TypeError: name is not a str.
            ReductError: the request failed (404 if it does not exist, 409 if provisioned).
        """
        check_name(name, "name")
        await self._core.call(remove_lifecycle, name)


class AsyncBucket:
    """A bucket on a ReductStore server (its admin part: information, settings, entries).

    Get one from ``AsyncClient.create_bucket`` or ``AsyncClient.get_bucket``; it shares the
    client's connection pool and is closed with it.

    Attributes:
        name: the bucket's name (updated by ``rename``).
    """

    def __init__(self, name: str, core: _Core) -> None:
        self.name = check_name(name, "name")
        self._core = core

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, url={self._core.base!r})"

    async def get_full_info(self) -> BucketFullInfo:
        """Get the bucket's information, settings and entries in one request.

        Returns:
            BucketFullInfo: ``info``, ``settings`` and ``entries``.

        Raises:
            ReductError: the request failed (404 if the bucket does not exist, 409 while it is
                being deleted, 403 without read access).
        """
        return await _fetch(self._core, get_bucket, self.name, expect=BucketFullInfo)

    async def info(self) -> BucketInfo:
        """Get the bucket's statistics.

        Returns:
            BucketInfo: entry count, size, record range, status.

        Raises:
            ReductError: the request failed (see ``get_full_info``).
        """
        return (await self.get_full_info()).info

    async def get_settings(self) -> BucketSettings:
        """Get the bucket's settings.

        Returns:
            BucketSettings: quota and block settings.

        Raises:
            ReductError: the request failed (see ``get_full_info``).
        """
        return (await self.get_full_info()).settings

    async def get_entry_list(self) -> list[EntryInfo]:
        """Get the bucket's entries.

        Returns:
            list[EntryInfo]: the entries with their statistics.

        Raises:
            ReductError: the request failed (see ``get_full_info``).
        """
        return (await self.get_full_info()).entries

    async def set_settings(self, settings: BucketSettings) -> None:
        """Change the bucket's settings; fields left unset keep their current value.

        Args:
            settings: the settings to change, e.g. ``BucketSettings(max_block_records=10)``.

        Raises:
            TypeError: settings is not a BucketSettings (or one of its fields has the wrong type).
            ReductError: the request failed (404 if the bucket does not exist, 409 if it is
                provisioned, 422 for an invalid setting).
        """
        body = check_model(settings, BucketSettings, "settings")
        await self._core.call(update_bucket, self.name, body=body)

    async def remove(self) -> None:
        """Remove the bucket and all its data.

        The server removes it in the background: its status is ``DELETING`` until it is gone.

        Raises:
            ReductError: the request failed (404 if the bucket does not exist, 409 if it is
                provisioned or already being deleted).
        """
        await self._core.call(remove_bucket, self.name)

    async def remove_entry(self, entry_name: str) -> None:
        """Remove an entry (and its ``entry/...`` sub-entries) with all its records.

        Args:
            entry_name: name of the entry; it may contain ``/`` between segments.

        Raises:
            ValueError: entry_name is empty or has an empty, ``.`` or ``..`` segment.
            TypeError: entry_name is not a str.
            ReductError: the request failed (404 if the entry does not exist).
        """
        check_name(entry_name, "entry_name", path=True)
        await self._core.call(remove_entry, self.name, entry_name)

    async def rename(self, new_name: str) -> None:
        """Rename the bucket; ``name`` is updated when the server accepts it.

        Args:
            new_name: the new name.

        Raises:
            ValueError: new_name is empty.
            TypeError: new_name is not a str.
            ReductError: the request failed (404 if the bucket does not exist, 409 if the new
                name is taken or the bucket is provisioned, 422 for an invalid name).
        """
        check_name(new_name, "new_name")
        await self._core.call(rename_bucket, self.name, body=RenameRequest(new_name=new_name))
        self.name = new_name

    async def rename_entry(self, old_name: str, new_name: str) -> None:
        """Rename an entry of the bucket.

        Args:
            old_name: the entry's current name.
            new_name: the new name.

        Raises:
            ValueError: a name is empty or has an empty, ``.`` or ``..`` segment.
            TypeError: a name is not a str.
            ReductError: the request failed (404 if the entry does not exist, 409 if the new
                name is taken, 422 for an invalid name).
        """
        check_name(old_name, "old_name", path=True)
        check_name(new_name, "new_name", path=True)
        await self._core.call(rename_entry, self.name, old_name, body=RenameRequest(new_name=new_name))
