"""Shared pieces of the ReductStore facade tests: verbatim server JSON, the sync/async twin driver,
and the table of public methods with the spec operation each one calls."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from storage_sdk.reduct import (
    AsyncBucket,
    AsyncClient,
    Bucket,
    BucketFullInfo,
    BucketInfo,
    BucketSettings,
    Client,
    EntryInfo,
    FullTokenInfo,
    LifecycleDetailInfo,
    LifecycleInfo,
    LifecycleMode,
    LifecycleSettings,
    LifecycleType,
    Permissions,
    ReplicationDetailInfo,
    ReplicationInfo,
    ReplicationMode,
    ReplicationSettings,
    ServerInfo,
)
from tests import spec_tools as st

URL = "http://127.0.0.1:8383"
API = URL + "/api/v1"
TOKEN = "init-token-0123456789abcdef"
V = {"x-reduct-api": "1.21"}
MODES = ["sync", "async"]

# ------------------------------------------------------------------------------------------------
# Verbatim JSON from the server's integration tests (reference: reduct-admin-api.md §4).

SERVER_INFO = {
    "version": "1.21.0",
    "instance_name": "http-api-tests",
    "instance_role": "STANDALONE",
    "bucket_count": 3,
    "usage": 83,
    "uptime": 12,
    "oldest_record": 1000000,
    "latest_record": 2000000,
    "defaults": {
        "bucket": {"quota_type": "NONE", "quota_size": 0, "max_block_size": 64000000, "max_block_records": 1024}
    },
    "license": None,
}
ENTRIES = [
    {
        "block_count": 1,
        "latest_record": 1000000,
        "name": "entry_1",
        "oldest_record": 1000000,
        "record_count": 1,
        "size": 40,
        "status": "READY",
    },
    {
        "block_count": 1,
        "latest_record": 2000000,
        "name": "entry_2",
        "oldest_record": 2000000,
        "record_count": 1,
        "size": 43,
        "status": "READY",
    },
]
BUCKET_INFO = {
    "name": "bucket-1",
    "entry_count": 2,
    "size": 83,
    "latest_record": 2000000,
    "oldest_record": 1000000,
    "is_provisioned": False,
    "status": "READY",
}
SETTINGS = {"max_block_records": 1024, "max_block_size": 64000000, "quota_type": "NONE", "quota_size": 0}
FULL_BUCKET: dict[str, Any] = {"info": BUCKET_INFO, "settings": SETTINGS, "entries": ENTRIES}
TOKEN_INFO = {
    "name": "token-1",
    "created_at": "2026-03-16T10:00:00.123456789Z",
    "value": "",
    "permissions": {"full_access": True, "read": ["bucket-1"], "write": ["bucket-1"]},
    "ip_allowlist": [],
    "is_provisioned": False,
    "expires_at": None,
    "ttl": None,
    "last_access": None,
    "is_expired": False,
}
ME = dict(
    TOKEN_INFO,
    name="init-token",
    permissions={"full_access": True, "read": [], "write": []},
    is_provisioned=True,
)
TOKEN_CREATED = {"value": "token-1-0123456789abcdef0123456789abcdef", "created_at": "2026-03-16T10:00:00.123456789Z"}
REPLICATION_DETAIL = {
    "diagnostics": {"hourly": {"errored": 0, "errors": {}, "ok": 0}},
    "info": {
        "is_active": True,
        "is_provisioned": False,
        "name": "replication-1",
        "mode": "enabled",
        "pending_records": 0,
    },
    "settings": {
        "src_bucket": "bucket-1",
        "dst_bucket": "dst_bucket",
        "dst_host": "http://localhost:9000",
        "dst_prefix": "",
        "dst_token": None,
        "entries": ["entry1", "entry2"],
        "when": {"$eq": ["&key1", "value1"], "$each_n": 10},
        "mode": "enabled",
        "compression": "zstd",
    },
}
REPLICATIONS = {
    "replications": [
        {"name": "replication-1", "mode": "enabled", "is_active": True, "is_provisioned": False, "pending_records": 0},
        {"name": "replication-2", "mode": "paused", "is_active": False, "is_provisioned": True, "pending_records": 120},
    ]
}
LIFECYCLE_BODY = {"type": "delete", "bucket": "bucket-1", "entries": ["entry-1"], "older_than": "1d", "interval": "1h"}
LIFECYCLE_INFO = {
    "name": "lifecycle-1",
    "is_provisioned": False,
    "is_running": False,
    "type": "delete",
    "mode": "enabled",
    "last_run": "2026-03-16T10:00:00.123456Z",
}
LIFECYCLES = {
    "lifecycles": [
        LIFECYCLE_INFO,
        {
            "name": "lifecycle-2",
            "is_provisioned": True,
            "is_running": True,
            "type": "compress",
            "mode": "dry_run",
            "last_run": None,
        },
    ]
}
LIFECYCLE_DETAIL = {
    "info": dict(LIFECYCLE_INFO, last_run=None),
    "settings": dict(LIFECYCLE_BODY, processing_interval=None, when=None, mode="enabled"),
}


def replication_settings() -> ReplicationSettings:
    return ReplicationSettings(
        src_bucket="bucket-1",
        dst_bucket="dst_bucket",
        dst_host="http://localhost:9000",
        entries=["entry1"],
        mode=ReplicationMode.PAUSED,
    )


def lifecycle_settings() -> LifecycleSettings:
    return LifecycleSettings(type=LifecycleType.DELETE, bucket="bucket-1", older_than="1d", entries=["entry-1"])


# ------------------------------------------------------------------------------------------------
# one test body, both twins


class Twin:
    """Builds sync or async clients and runs their calls to completion, so a test body serves both."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.loop = asyncio.new_event_loop() if mode == "async" else None
        self._clients: list[Any] = []

    @property
    def client_class(self) -> type[Any]:
        return AsyncClient if self.mode == "async" else Client

    @property
    def bucket_class(self) -> type[Any]:
        return AsyncBucket if self.mode == "async" else Bucket

    def client(self, url: str = URL, **kwargs: Any) -> Any:
        kwargs.setdefault("api_token", TOKEN)
        kwargs.setdefault("max_retries", 0)
        client = self.client_class(url, **kwargs)
        self._clients.append(client)
        return client

    def bucket(self, client: Any, name: str = "bucket-1") -> Any:
        return self.bucket_class(name, client._core)

    def run(self, value: Any) -> Any:
        """The value itself, or the awaited result of a coroutine."""
        if inspect.isawaitable(value):
            assert self.loop is not None, "a sync call returned an awaitable"
            return self.loop.run_until_complete(value)
        return value

    def close(self) -> None:
        for client in self._clients:
            self.run(client.aclose() if self.mode == "async" else client.close())
        if self.loop is not None:
            self.loop.close()


def make_twin_fixture() -> Callable[..., Any]:
    @pytest.fixture(params=MODES)
    def twin(request: pytest.FixtureRequest) -> Any:
        t = Twin(request.param)
        yield t
        t.close()

    return twin


# ------------------------------------------------------------------------------------------------
# every public method, with the spec operation it calls and the type of its result


@dataclass(frozen=True)
class Case:
    label: str
    operation_id: str
    call: Callable[[Twin, Any], Any]
    """Starts the call on a client (returns the result or a coroutine)."""
    returns: Any
    """The result's type: a class, ``list[Model]``, ``None``, or ``"bucket"`` for the twin's bucket class."""

    @property
    def operation(self) -> st.Operation:
        return next(op for op in st.operations("reduct") if op.operation_id == self.operation_id)

    @property
    def method(self) -> str:
        return self.operation.method.upper()

    @property
    def url(self) -> str:
        path = self.operation.path
        for param, value in PATH_VALUES.items():
            path = path.replace("{" + param + "}", value)
        return URL + path


PATH_VALUES = {
    "bucket_name": "bucket-1",
    "entry_name": "entry_1",
    "token_name": "token-1",
    "replication_name": "replication-1",
    "lifecycle_name": "lifecycle-1",
}


def _bucket(name: str, *args: Any) -> Callable[[Twin, Any], Any]:
    return lambda t, c: getattr(t.bucket(c), name)(*args)


def _client(name: str, *args: Any, **kwargs: Any) -> Callable[[Twin, Any], Any]:
    return lambda t, c: getattr(c, name)(*args, **kwargs)


CASES = [
    Case("info", "getInfo", _client("info"), ServerInfo),
    Case("list", "getBucketList", _client("list"), list[BucketInfo]),
    Case("me", "getMe", _client("me"), FullTokenInfo),
    Case("alive", "headAlive", _client("alive"), bool),
    Case("ready", "headReady", _client("ready"), bool),
    Case("create_bucket", "createBucket", _client("create_bucket", "bucket-1"), "bucket"),
    Case("get_bucket", "headBucket", _client("get_bucket", "bucket-1"), "bucket"),
    Case("bucket_exists", "headBucket", _client("bucket_exists", "bucket-1"), bool),
    Case("get_token_list", "listTokens", _client("get_token_list"), list[FullTokenInfo]),
    Case("get_token", "getToken", _client("get_token", "token-1"), FullTokenInfo),
    Case(
        "create_token",
        "createToken",
        _client("create_token", "token-1", Permissions(full_access=True, read=["bucket-1"])),
        str,
    ),
    Case("rotate_token", "rotateToken", _client("rotate_token", "token-1"), str),
    Case("remove_token", "removeToken", _client("remove_token", "token-1"), None),
    Case("get_replications", "listReplications", _client("get_replications"), list[ReplicationInfo]),
    Case(
        "get_replication_detail",
        "getReplication",
        _client("get_replication_detail", "replication-1"),
        ReplicationDetailInfo,
    ),
    Case(
        "create_replication",
        "createReplication",
        lambda t, c: c.create_replication("replication-1", replication_settings()),
        None,
    ),
    Case(
        "update_replication",
        "updateReplication",
        lambda t, c: c.update_replication("replication-1", replication_settings()),
        None,
    ),
    Case(
        "set_replication_mode",
        "setReplicationMode",
        _client("set_replication_mode", "replication-1", ReplicationMode.PAUSED),
        None,
    ),
    Case("delete_replication", "removeReplication", _client("delete_replication", "replication-1"), None),
    Case("get_lifecycles", "listLifecycles", _client("get_lifecycles"), list[LifecycleInfo]),
    Case("get_lifecycle_detail", "getLifecycle", _client("get_lifecycle_detail", "lifecycle-1"), LifecycleDetailInfo),
    Case(
        "create_lifecycle",
        "createLifecycle",
        lambda t, c: c.create_lifecycle("lifecycle-1", lifecycle_settings()),
        None,
    ),
    Case(
        "update_lifecycle",
        "updateLifecycle",
        lambda t, c: c.update_lifecycle("lifecycle-1", lifecycle_settings()),
        None,
    ),
    Case(
        "set_lifecycle_mode",
        "setLifecycleMode",
        _client("set_lifecycle_mode", "lifecycle-1", LifecycleMode.DRY_RUN),
        None,
    ),
    Case("delete_lifecycle", "removeLifecycle", _client("delete_lifecycle", "lifecycle-1"), None),
    Case("Bucket.info", "getBucket", _bucket("info"), BucketInfo),
    Case("Bucket.get_settings", "getBucket", _bucket("get_settings"), BucketSettings),
    Case("Bucket.get_entry_list", "getBucket", _bucket("get_entry_list"), list[EntryInfo]),
    Case("Bucket.get_full_info", "getBucket", _bucket("get_full_info"), BucketFullInfo),
    Case("Bucket.set_settings", "updateBucket", _bucket("set_settings", BucketSettings(max_block_records=10)), None),
    Case("Bucket.remove", "removeBucket", _bucket("remove"), None),
    Case("Bucket.remove_entry", "removeEntry", _bucket("remove_entry", "entry_1"), None),
    Case("Bucket.rename", "renameBucket", _bucket("rename", "bucket-2"), None),
    Case("Bucket.rename_entry", "renameEntry", _bucket("rename_entry", "entry_1", "entry_3"), None),
]
