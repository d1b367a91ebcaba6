"""ReductStore admin API: ``AsyncClient`` and ``AsyncBucket``.

The sync twin of this module is generated from the async source by ``scripts/unasync.py``.
Each method is one line of real work: ``await self._core.call(<operation>.request(...),
<operation>.parse)``; the operation (generated from ``openapi/reduct.yaml``) builds the request
and parses the answer, the core (``_core/_async_http.py``) sends it, retries and maps errors.
"""

from __future__ import annotations

import builtins
import datetime
import os
import ssl
from collections.abc import Mapping
from typing import TYPE_CHECKING, Self

import httpx
import storage_sdk_gen_reduct.models as models

from .._core._async_http import AsyncHTTPCore
from .._core._common import DEFAULT_MAX_RETRIES, NOT_GIVEN, NotGiven
from .._core._lazy import lazy
from ..errors import ReductError
from ._common import (
    SERVICE,
    check_argument,
    check_model,
    check_name,
    is_already_exists,
    is_missing_bucket,
    reduct_options,
    reduct_with_options,
    token_request,
)

if TYPE_CHECKING:
    import aiohttp  # async only
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
        BucketSettings,
        EntryInfo,
        FullTokenInfo,
        LifecycleDetailInfo,
        LifecycleInfo,
        LifecycleMode,
        LifecycleSettings,
        Permissions,
        ReplicationDetailInfo,
        ReplicationInfo,
        ReplicationMode,
        ReplicationSettings,
        ServerInfo,
    )
else:  # the operations are imported on first use (import time): see _core/_lazy.py
    create_bucket, get_bucket, head_bucket, remove_bucket, rename_bucket, update_bucket = lazy(
        "storage_sdk_gen_reduct.api.bucket",
        "create_bucket",
        "get_bucket",
        "head_bucket",
        "remove_bucket",
        "rename_bucket",
        "update_bucket",
    )
    remove_entry, rename_entry = lazy("storage_sdk_gen_reduct.api.entry", "remove_entry", "rename_entry")
    create_lifecycle, get_lifecycle, list_lifecycles, remove_lifecycle, set_lifecycle_mode, update_lifecycle = lazy(
        "storage_sdk_gen_reduct.api.lifecycle",
        "create_lifecycle",
        "get_lifecycle",
        "list_lifecycles",
        "remove_lifecycle",
        "set_lifecycle_mode",
        "update_lifecycle",
    )
    (
        create_replication,
        get_replication,
        list_replications,
        remove_replication,
        set_replication_mode,
        update_replication,
    ) = lazy(
        "storage_sdk_gen_reduct.api.replication",
        "create_replication",
        "get_replication",
        "list_replications",
        "remove_replication",
        "set_replication_mode",
        "update_replication",
    )
    get_bucket_list, get_info, get_me, head_alive, head_ready = lazy(
        "storage_sdk_gen_reduct.api.server", "get_bucket_list", "get_info", "get_me", "head_alive", "head_ready"
    )
    create_token, get_token, list_tokens, remove_token, rotate_token = lazy(
        "storage_sdk_gen_reduct.api.token", "create_token", "get_token", "list_tokens", "remove_token", "rotate_token"
    )

_Core = AsyncHTTPCore
"""The HTTP core type under its twin-neutral name (so both twins show the same signatures)."""


class AsyncClient:
    """Asynchronous client for the ReductStore admin API (server information, buckets, tokens,
    replications and lifecycles).

    reduct-py's ``Client``: the same constructor, method names, keywords and results, so a
    reduct-py script runs with only its import changed. Failed calls raise ``ReductError`` (or
    one of its subclasses); invalid arguments raise ``ValueError`` / ``TypeError`` before any
    request is sent.

    Args:
        url: root URL of the server, e.g. ``"http://127.0.0.1:8383"``. A trailing slash and a
            base path (``"http://host:8383/reduct/"``, for ``RS_API_BASE_PATH``) are fine.
        api_token: API token sent as ``Authorization: Bearer <token>``. None reads the
            ``REDUCT_API_TOKEN`` environment variable; ``""`` sends no token at all.
        timeout: a number is the total time in seconds for each attempt, from connecting to
            the last byte of the answer (as in reduct-py: "total timeout for connection,
            request and response"); an attempt that runs out of it is not retried. None for
            the default: 10 s to connect, 60 s for each write, read and wait for a pooled
            connection, 300 s in total. An ``httpx.Timeout`` sets each phase and no total.
        extra_headers: headers sent with every request (not ``Authorization``); checked here.
        max_retries: how many times a failed request is retried (a connection that could not
            be made or a request that was not sent whole, for any method; timeouts, resets and
            429, 502, 503, 504 answers for GET, HEAD, PUT, DELETE), with exponential backoff.
            0 disables it.
        verify: TLS verification: True, False, a CA bundle path or an ``ssl.SSLContext``.
        verify_ssl: reduct-py's name for ``verify`` (True or False).
        trust_env: honour ``HTTP_PROXY``, ``HTTPS_PROXY``, ``NO_PROXY`` (and ``ALL_PROXY`` on
            the sync clients) and ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` from the environment.
        http_client: an ``httpx.AsyncClient`` to send through. Its own timeout (``timeout``
            only when given), limits, proxies, event hooks and TLS settings apply; it is not
            closed by this client.
        transport: an ``httpx.AsyncBaseTransport`` for the client's own httpx client, e.g.
            ``httpx.MockTransport`` in tests. Closed with this client; not with ``http_client``.
        session: async clients only: an ``aiohttp.ClientSession`` to send through (reduct-py's
            keyword), used as it is and never closed by this client.

    Without ``http_client``, ``transport`` or ``session``, the async clients send through
    aiohttp (one ``ClientSession`` per event loop, up to 100 connections, as under reduct-py)
    and the sync clients through an httpx client of their own; while pytest-httpx or respx has
    patched httpx, the async clients built then send through httpx too, so the mocks see them.

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
        extra_headers: Mapping[str, str] | None = None,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        verify: bool | str | ssl.SSLContext = True,
        verify_ssl: bool | None = None,
        trust_env: bool = True,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        session: aiohttp.ClientSession | None = None,  # async only
    ) -> None:
        options = reduct_options(
            url=url,
            api_token=api_token,
            environ=os.environ,
            timeout=timeout,
            extra_headers=extra_headers,
            max_retries=max_retries,
            verify=verify,
            verify_ssl=verify_ssl,
            trust_env=trust_env,
        )
        self._core = AsyncHTTPCore(
            SERVICE,
            options,
            http_client=http_client,
            transport=transport,
            session=session,  # async only
        )
        self._url = options.display_url

    @property
    def url(self) -> str:
        """The server root URL this client talks to."""
        return self._url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self._url!r})"

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
        total_timeout: float | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy of this client with other settings, sharing its connections (no new pool).

        Arguments left out keep this client's settings; each given one is checked as the
        constructor checks it. Closing the copy leaves the connections open for this client;
        closing this client closes them, and the copy's calls then raise ``ClientClosedError``.

        Args:
            timeout: as in the constructor: a number is the total per attempt (and each phase),
                an ``httpx.Timeout`` sets each phase, None the defaults.
            total_timeout: seconds for each attempt as a whole, keeping the phase timeouts
                (None: no total).
            max_retries: how many times a failed request is retried.
            extra_headers: headers sent with every request, merged over this client's.

        Returns:
            A client of the same class.

        Raises:
            ValueError, TypeError: an invalid argument (nothing is changed).
            ClientClosedError: this client is closed.

        Example:
            >>> await client.with_options(timeout=600).remove_bucket("big-bucket")
        """
        options = reduct_with_options(
            self._core.options,
            timeout=timeout,
            total_timeout=total_timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
        )
        copy = object.__new__(type(self))
        copy._core = self._core.with_options(options)
        copy._url = self._url
        return copy

    async def aclose(self) -> None:
        """Close the connections of this client (not a caller's ``http_client``). Safe to call twice.

        Buckets obtained from this client are closed with it; calls in flight end with
        ``ClientClosedError``, and no connection is opened afterwards.

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
        return await self._core.call(get_info.request(), get_info.parse)

    async def list(self) -> builtins.list[BucketInfo]:
        """List the buckets the token may read.

        Returns:
            list[BucketInfo]: the buckets with their statistics.

        Raises:
            ReductError: the request failed.
        """
        return (await self._core.call(get_bucket_list.request(), get_bucket_list.parse)).buckets

    async def me(self) -> FullTokenInfo:
        """Get the token this client uses (without its value).

        Returns:
            FullTokenInfo: name, permissions, expiry and the other token details.

        Raises:
            ReductError: the request failed (401 for an invalid or expired token).
        """
        return await self._core.call(get_me.request(), get_me.parse)

    async def alive(self) -> bool:
        """Check that the server process runs (``HEAD /alive``, no token needed).

        Returns:
            bool: True when the server answers 200 (also while it is starting up), False when
            it answers a 5xx status.

        Raises:
            ReductError: the server could not be reached (``ReductConnectionError``), answered
                another error status (e.g. 404 for a wrong base path), or is not a ReductStore
                server (``ReductInvalidResponse``).
        """
        return await self._health(head_alive.request())

    async def ready(self) -> bool:
        """Check that the server accepts requests (``HEAD /ready``, no token needed).

        Returns:
            bool: True when the server answers 200, False when it answers a 5xx status (503
            while it is starting up; retried ``max_retries`` times first).

        Raises:
            ReductError: the server could not be reached (``ReductConnectionError``), answered
                another error status (e.g. 404 for a wrong base path), or is not a ReductStore
                server (``ReductInvalidResponse``).
        """
        return await self._health(head_ready.request())

    async def _health(self, request: object) -> bool:
        response, prepared = await self._core.exchange(request)
        if response.status >= 500:
            return False
        self._core.raise_for(response, prepared)
        return True

    # --------------------------------------------------------------------------------------------
    # buckets

    async def create_bucket(
        self, name: str, settings: BucketSettings | None = None, exist_ok: bool = False
    ) -> AsyncBucket:
        """Create a bucket.

        Only the settings that are set (not None) are sent; the server fills the others from
        its defaults (``info().defaults.bucket``).

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
            ValueError: name is empty or not a single path segment.
            TypeError: name is not a str, settings is not a BucketSettings (or one of its
                fields has the wrong type), or exist_ok is not a bool.
            ReductError: the request failed (409 if the bucket exists and ``exist_ok`` is
                False, 422 for an invalid name or setting).

        Example:
            >>> bucket = await client.create_bucket("data", BucketSettings(quota_type="FIFO",
            ...     quota_size=10**9), exist_ok=True)
        """
        check_name(name, "name")
        body = None if settings is None else check_model(settings, models.BucketSettings, "settings")
        check_argument(exist_ok, bool, "exist_ok")
        try:
            await self._core.call_empty(create_bucket.request(name, body=body))
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
            ValueError: name is empty or not a single path segment.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the bucket does not exist, 409 while it
                is being deleted).
        """
        check_name(name, "name")
        await self._core.call_empty(head_bucket.request(name))
        return AsyncBucket(name, self._core)

    async def bucket_exists(self, name: str) -> bool:
        """Check whether a bucket exists (``HEAD``, works for any valid token).

        Args:
            name: name of the bucket.

        Returns:
            bool: True if the bucket exists, False if ReductStore answers that it is not found.

        Raises:
            ValueError: name is empty or not a single path segment.
            TypeError: name is not a str.
            ReductError: any other failure, including 409 while the bucket is being deleted, and a
                404 that did not come from ReductStore's bucket route (another web server, or a
                URL that repeats ``/api/v1``).
        """
        check_name(name, "name")
        response, prepared = await self._core.exchange(head_bucket.request(name))
        if response.status == 404 and is_missing_bucket(response):
            return False
        self._core.raise_for(response, prepared)
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
        return (await self._core.call(list_tokens.request(), list_tokens.parse)).tokens

    async def get_token(self, name: str) -> FullTokenInfo:
        """Get an access token's details (without its value).

        Args:
            name: name of the token.

        Returns:
            FullTokenInfo: the token.

        Raises:
            ValueError: name is empty or not a single path segment.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the token does not exist, 400 when
                authentication is disabled on the server).
        """
        check_name(name, "name")
        return await self._core.call(get_token.request(name), get_token.parse)

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

        Sends the server 1.19+ body (``{"permissions": {...}, "ip_allowlist": [...]}`` plus
        only the options given), as reduct-py 1.21 does.

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
        return (await self._core.call(create_token.request(name, body=body), create_token.parse)).value

    async def rotate_token(self, name: str) -> str:
        """Replace an access token's value with a new one (server 1.19+); the old value stops working.

        Args:
            name: name of the token.

        Returns:
            str: the new value.

        Raises:
            ValueError: name is empty or not a single path segment.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the token does not exist, 409 for a
                provisioned token, 422 for an expired one).
        """
        check_name(name, "name")
        return (await self._core.call(rotate_token.request(name), rotate_token.parse)).value

    async def remove_token(self, name: str) -> None:
        """Remove an access token.

        Args:
            name: name of the token.

        Raises:
            ValueError: name is empty or not a single path segment.
            TypeError: name is not a str.
            ReductError: the request failed (404 if the token does not exist, 409 for a
                provisioned token or the last full-access token).
        """
        check_name(name, "name")
        await self._core.call_empty(remove_token.request(name))

    # --------------------------------------------------------------------------------------------
    # replications

    async def get_replications(self) -> builtins.list[ReplicationInfo]:
        """List the replication tasks.

        Returns:
            list[ReplicationInfo]: the replications with their state.

        Raises:
            ReductError: the request failed.
        """
        return (await self._core.call(list_replications.request(), list_replications.parse)).replications

    async def get_replication_detail(self, replication_name: str) -> ReplicationDetailInfo:
        """Get a replication's state, settings and diagnostics.

        Args:
            replication_name: name of the replication.

        Returns:
            ReplicationDetailInfo: the replication (``settings.dst_token`` is always None;
            ``diagnostics.hourly.errors`` is a dict keyed by HTTP status).

        Raises:
            ValueError: replication_name is empty or not a single path segment.
            TypeError: replication_name is not a str.
            ReductError: the request failed (404 if the replication does not exist).
        """
        check_name(replication_name, "replication_name")
        return await self._core.call(get_replication.request(replication_name), get_replication.parse)

    async def create_replication(self, replication_name: str, settings: ReplicationSettings) -> None:
        """Create a replication task.

        Args:
            replication_name: name of the replication.
            settings: source and destination buckets, destination host and token, entries,
                prefix, condition, mode and compression (defaults as in reduct-py).

        Raises:
            ValueError: replication_name is empty or not a single path segment.
            TypeError: replication_name is not a str, or settings is not a ReplicationSettings
                (or one of its fields has the wrong type).
            ReductError: the request failed (409 if it exists, 404 if the source bucket does
                not, 422 for invalid settings).
        """
        check_name(replication_name, "replication_name")
        body = check_model(settings, models.ReplicationSettings, "settings")
        await self._core.call_empty(create_replication.request(replication_name, body=body))

    async def update_replication(self, replication_name: str, settings: ReplicationSettings) -> None:
        """Change a replication's settings.

        Args:
            replication_name: name of the replication.
            settings: the new settings; ``dst_token=None`` keeps the current token.

        Raises:
            ValueError: replication_name is empty or not a single path segment.
            TypeError: replication_name is not a str, or settings is not a ReplicationSettings
                (or one of its fields has the wrong type).
            ReductError: the request failed (404 if it does not exist, 409 if provisioned,
                422 for invalid settings).
        """
        check_name(replication_name, "replication_name")
        body = check_model(settings, models.ReplicationSettings, "settings")
        await self._core.call_empty(update_replication.request(replication_name, body=body))

    async def set_replication_mode(self, replication_name: str, mode: ReplicationMode | str) -> None:
        """Enable, pause or disable a replication (server 1.18+).

        Args:
            replication_name: name of the replication.
            mode: the new mode, e.g. ``ReplicationMode.PAUSED`` or ``"paused"``.

        Raises:
            ValueError: replication_name is empty, or mode is not one of ``enabled``,
                ``paused``, ``disabled``.
            TypeError: replication_name is not a str, or mode is not a ReplicationMode or str.
            ReductError: the request failed (404 if it does not exist).
        """
        check_name(replication_name, "replication_name")
        body = check_argument(mode, lambda m: models.ReplicationModeRequest(mode=m), "mode")
        await self._core.call_empty(set_replication_mode.request(replication_name, body=body))

    async def delete_replication(self, replication_name: str) -> None:
        """Remove a replication task.

        Args:
            replication_name: name of the replication.

        Raises:
            ValueError: replication_name is empty or not a single path segment.
            TypeError: replication_name is not a str.
            ReductError: the request failed (404 if it does not exist, 409 if provisioned).
        """
        check_name(replication_name, "replication_name")
        await self._core.call_empty(remove_replication.request(replication_name))

    # --------------------------------------------------------------------------------------------
    # lifecycles

    async def get_lifecycles(self) -> builtins.list[LifecycleInfo]:
        """List the lifecycle policies (server 1.20+).

        Returns:
            list[LifecycleInfo]: the lifecycles with their state.

        Raises:
            ReductError: the request failed.
        """
        return (await self._core.call(list_lifecycles.request(), list_lifecycles.parse)).lifecycles

    async def get_lifecycle_detail(self, lifecycle_name: str) -> LifecycleDetailInfo:
        """Get a lifecycle policy's state and settings.

        Args:
            lifecycle_name: name of the lifecycle.

        Returns:
            LifecycleDetailInfo: the lifecycle.

        Raises:
            ValueError: lifecycle_name is empty or not a single path segment.
            TypeError: lifecycle_name is not a str.
            ReductError: the request failed (404 if the lifecycle does not exist).
        """
        check_name(lifecycle_name, "lifecycle_name")
        return await self._core.call(get_lifecycle.request(lifecycle_name), get_lifecycle.parse)

    async def create_lifecycle(self, lifecycle_name: str, settings: LifecycleSettings) -> None:
        """Create a lifecycle policy.

        Settings left at None are not sent: an unset ``interval`` is left out, so the server
        uses its default (reduct-py sends ``null``, which the server rejects).

        Args:
            lifecycle_name: name of the lifecycle.
            settings: type (default ``delete``), bucket, entries, age (``older_than``),
                interval, condition and mode, e.g. ``LifecycleSettings(bucket="data", older_than="30d")``.

        Raises:
            ValueError: lifecycle_name is empty or not a single path segment.
            TypeError: lifecycle_name is not a str, or settings is not a LifecycleSettings (or
                one of its fields has the wrong type).
            ReductError: the request failed (409 if it exists, 404 if the bucket does not,
                422 for invalid settings).
        """
        check_name(lifecycle_name, "lifecycle_name")
        body = check_model(settings, models.LifecycleSettings, "settings")
        await self._core.call_empty(create_lifecycle.request(lifecycle_name, body=body))

    async def update_lifecycle(self, lifecycle_name: str, settings: LifecycleSettings) -> None:
        """Replace a lifecycle policy's settings.

        Args:
            lifecycle_name: name of the lifecycle.
            settings: the new settings (settings left at None are not sent).

        Raises:
            ValueError: lifecycle_name is empty or not a single path segment.
            TypeError: lifecycle_name is not a str, or settings is not a LifecycleSettings (or
                one of its fields has the wrong type).
            ReductError: the request failed (404 if it does not exist, 409 if provisioned,
                422 for invalid settings).
        """
        check_name(lifecycle_name, "lifecycle_name")
        body = check_model(settings, models.LifecycleSettings, "settings")
        await self._core.call_empty(update_lifecycle.request(lifecycle_name, body=body))

    async def set_lifecycle_mode(self, lifecycle_name: str, mode: LifecycleMode | str) -> None:
        """Enable, disable or dry-run a lifecycle policy.

        Args:
            lifecycle_name: name of the lifecycle.
            mode: the new mode, e.g. ``LifecycleMode.DRY_RUN`` or ``"dry_run"``.

        Raises:
            ValueError: lifecycle_name is empty, or mode is not one of ``enabled``,
                ``disabled``, ``dry_run``.
            TypeError: lifecycle_name is not a str, or mode is not a LifecycleMode or str.
            ReductError: the request failed (404 if it does not exist).
        """
        check_name(lifecycle_name, "lifecycle_name")
        body = check_argument(mode, lambda m: models.LifecycleModeRequest(mode=m), "mode")
        await self._core.call_empty(set_lifecycle_mode.request(lifecycle_name, body=body))

    async def delete_lifecycle(self, lifecycle_name: str) -> None:
        """Remove a lifecycle policy.

        Args:
            lifecycle_name: name of the lifecycle.

        Raises:
            ValueError: lifecycle_name is empty or not a single path segment.
            TypeError: lifecycle_name is not a str.
            ReductError: the request failed (404 if it does not exist, 409 if provisioned).
        """
        check_name(lifecycle_name, "lifecycle_name")
        await self._core.call_empty(remove_lifecycle.request(lifecycle_name))


class AsyncBucket:
    """A bucket on a ReductStore server (its admin part: information, settings, entries).

    Get one from ``AsyncClient.create_bucket`` or ``AsyncClient.get_bucket``; it shares the
    client's connections and is closed with it.

    Attributes:
        name: the bucket's name (updated by ``rename``).
    """

    def __init__(self, name: str, core: _Core) -> None:
        self._name = check_name(name, "name")
        self._core = core

    @property
    def name(self) -> str:
        """The bucket's name."""
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        # every request of this bucket goes to /b/<name>: a name such as ".." would send it elsewhere
        self._name = check_name(value, "name")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, url={self._core.shown_base!r})"

    async def get_full_info(self) -> BucketFullInfo:
        """Get the bucket's information, settings and entries in one request.

        Returns:
            BucketFullInfo: ``info``, ``settings`` and ``entries``.

        Raises:
            ReductError: the request failed (404 if the bucket does not exist, 409 while it is
                being deleted, 403 without read access).
        """
        return await self._core.call(get_bucket.request(self.name), get_bucket.parse)

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
        """Change the bucket's settings; settings left at None keep their current value.

        Args:
            settings: the settings to change, e.g. ``BucketSettings(max_block_records=10)``.

        Raises:
            TypeError: settings is not a BucketSettings (or one of its fields has the wrong type).
            ReductError: the request failed (404 if the bucket does not exist, 409 if it is
                provisioned, 422 for an invalid setting).
        """
        body = check_model(settings, models.BucketSettings, "settings")
        await self._core.call_empty(update_bucket.request(self.name, body=body))

    async def remove(self) -> None:
        """Remove the bucket and all its data.

        The server removes it in the background: its status is ``DELETING`` until it is gone.

        Raises:
            ReductError: the request failed (404 if the bucket does not exist, 409 if it is
                provisioned or already being deleted).
        """
        await self._core.call_empty(remove_bucket.request(self.name))

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
        await self._core.call_empty(remove_entry.request(self.name, entry_name))

    async def rename(self, new_name: str) -> None:
        """Rename the bucket; ``name`` is updated when the server accepts it.

        Args:
            new_name: the new name.

        Raises:
            ValueError: new_name is empty or not a single path segment.
            TypeError: new_name is not a str.
            ReductError: the request failed (404 if the bucket does not exist, 409 if the new
                name is taken or the bucket is provisioned, 422 for an invalid name).
        """
        check_name(new_name, "new_name")
        await self._core.call_empty(rename_bucket.request(self.name, body=models.RenameRequest(new_name=new_name)))
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
        body = models.RenameRequest(new_name=new_name)
        await self._core.call_empty(rename_entry.request(self.name, old_name, body=body))
