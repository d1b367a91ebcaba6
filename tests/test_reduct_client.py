"""ReductStore facade: successful calls, what goes on the wire, version checks, construction, bad input.

Each test runs against both twins (``twin`` fixture); requests and canned answers are validated
against openapi/reduct.yaml by ``spec_response``.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import time
import warnings
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from storage_sdk.errors import ClientClosedError
from storage_sdk.reduct import (
    BucketSettings,
    FullTokenInfo,
    InstanceRole,
    LifecycleMode,
    LifecycleSettings,
    LifecycleType,
    Permissions,
    QuotaType,
    ReductConflict,
    ReductError,
    ReductInvalidResponse,
    ReductNotFound,
    ReductTimeout,
    ReductUnauthorized,
    ReplicationCompression,
    ReplicationMode,
    ReplicationSettings,
    Status,
    Token,
    TokenCreateRequest,
)
from tests.reduct_data import (
    API,
    FULL_BUCKET,
    LIFECYCLE_DETAIL,
    LIFECYCLES,
    ME,
    REPLICATION_DETAIL,
    REPLICATIONS,
    SERVER_INFO,
    TOKEN,
    TOKEN_CREATED,
    TOKEN_INFO,
    URL,
    Twin,
    V,
    lifecycle_settings,
    make_twin_fixture,
    replication_settings,
)
from tests.spec_check import spec_response

twin = make_twin_fixture()


def ok(httpx_mock: HTTPXMock, method: str, path: str, json_body: Any = None, **kwargs: Any) -> None:
    httpx_mock.add_callback(
        spec_response("reduct", 200, json=json_body, headers=V, **kwargs), method=method, url=API + path
    )


def sent(httpx_mock: HTTPXMock) -> httpx.Request:
    (request,) = httpx_mock.get_requests()
    return request


def untyped(value: Any) -> Any:
    """A wrong-typed argument, on purpose."""
    return value


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


# ------------------------------------------------------------------------------------------------
# server


def test_info(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/info", SERVER_INFO)
    info = twin.run(twin.client().info())
    assert (info.version, info.bucket_count, info.usage, info.uptime) == ("1.21.0", 3, 83, 12)
    assert (info.oldest_record, info.latest_record) == (1000000, 2000000)
    assert info.instance_name == "http-api-tests"
    assert info.instance_role is InstanceRole.STANDALONE
    assert info.license is None
    assert info.defaults.bucket.quota_type is QuotaType.NONE
    assert info.defaults.bucket.max_block_records == 1024
    assert sent(httpx_mock).headers["authorization"] == f"Bearer {TOKEN}"


LICENSE = {
    "licensee": "ReductStore",
    "invoice": "xxxxxx",
    "expiry_date": "2035-01-01T00:00:00Z",
    "plan": "STANDARD",
    "device_number": 1,
    "disk_quota": 0,
    "fingerprint": "df92c95a7c9b56c2af99b290c39d8471c3e6cbf9dc33dc9bdb4116b2b98b0f92",
}


def test_info_license(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/info", dict(SERVER_INFO, license=LICENSE))
    info = twin.run(twin.client().info())
    assert info.license is not None
    assert (info.license.licensee, info.license.plan, info.license.device_number) == ("ReductStore", "STANDARD", 1)
    assert info.license.expiry_date == datetime.datetime(2035, 1, 1, tzinfo=datetime.UTC)
    assert info.license.fingerprint == LICENSE["fingerprint"]


def test_list(twin: Twin, httpx_mock: HTTPXMock) -> None:
    second = dict(FULL_BUCKET["info"], name="bucket-2", status="DELETING", is_provisioned=True)
    ok(httpx_mock, "GET", "/list", {"buckets": [FULL_BUCKET["info"], second]})
    buckets = twin.run(twin.client().list())
    assert [(b.name, b.status, b.is_provisioned) for b in buckets] == [
        ("bucket-1", Status.READY, False),
        ("bucket-2", Status.DELETING, True),
    ]


def test_me(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/me", ME)
    me = twin.run(twin.client().me())
    assert isinstance(me, Token)
    assert me.name == "init-token"
    assert me.permissions == Permissions(full_access=True, read=[], write=[])
    assert me.ip_allowlist == []


@pytest.mark.parametrize("probe", ["alive", "ready"])
def test_health_probes_use_head(twin: Twin, httpx_mock: HTTPXMock, probe: str) -> None:
    httpx_mock.add_callback(spec_response("reduct", 200, headers=V), method="HEAD", url=f"{API}/{probe}")
    assert twin.run(getattr(twin.client(), probe)()) is True
    assert "authorization" in sent(httpx_mock).headers  # harmless on anonymous endpoints


def test_health_probe_raises_when_nothing_answers(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.ConnectError("refused"), method="HEAD", url=f"{API}/alive")
    with pytest.raises(ReductError, match="Cannot connect") as info:
        twin.run(twin.client().alive())
    assert info.value.status_code == -1


# ------------------------------------------------------------------------------------------------
# buckets


def test_create_bucket_without_settings_sends_no_body(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "POST", "/b/bucket-1")
    bucket = twin.run(twin.client().create_bucket("bucket-1"))
    assert isinstance(bucket, twin.bucket_class)
    assert bucket.name == "bucket-1"
    assert sent(httpx_mock).content == b""


def test_create_bucket_sends_only_the_fields_set(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "POST", "/b/bucket-1")
    settings = BucketSettings(max_block_records=10, quota_type=QuotaType.FIFO)
    twin.run(twin.client().create_bucket("bucket-1", settings))
    assert body(sent(httpx_mock)) == {"max_block_records": 10, "quota_type": "FIFO"}


def test_create_bucket_exist_ok_swallows_already_exists(twin: Twin, httpx_mock: HTTPXMock) -> None:
    message = "Bucket 'bucket-1' already exists"
    reply = spec_response("reduct", 409, json={"detail": message}, headers={**V, "x-reduct-error": message})
    httpx_mock.add_callback(reply, method="POST", url=API + "/b/bucket-1", is_reusable=True)
    client = twin.client()
    assert twin.run(client.create_bucket("bucket-1", exist_ok=True)).name == "bucket-1"
    with pytest.raises(ReductConflict, match="already exists"):
        twin.run(client.create_bucket("bucket-1"))


@pytest.mark.parametrize(
    "message", ["Bucket 'bucket-1' is being deleted", "Can't remove provisioned bucket 'bucket-1'", None]
)
def test_create_bucket_exist_ok_raises_other_conflicts(twin: Twin, httpx_mock: HTTPXMock, message: str | None) -> None:
    headers = {**V, "x-reduct-error": message} if message else V
    reply = spec_response("reduct", 409, json={"detail": message or "x"}, headers=headers)
    httpx_mock.add_callback(reply, method="POST", url=API + "/b/bucket-1")
    with pytest.raises(ReductConflict) as info:
        twin.run(twin.client().create_bucket("bucket-1", exist_ok=True))
    assert info.value.message == (message or "x")


def test_get_bucket_checks_with_head(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(spec_response("reduct", 200, headers=V), method="HEAD", url=API + "/b/bucket-1")
    bucket = twin.run(twin.client().get_bucket("bucket-1"))
    assert bucket.name == "bucket-1"
    assert isinstance(bucket, twin.bucket_class)
    assert sent(httpx_mock).method == "HEAD"


def test_get_bucket_not_found(twin: Twin, httpx_mock: HTTPXMock) -> None:
    headers = {**V, "x-reduct-error": "Bucket 'NOTEXIST' is not found"}
    httpx_mock.add_callback(spec_response("reduct", 404, headers=headers), method="HEAD", url=API + "/b/NOTEXIST")
    with pytest.raises(ReductNotFound) as info:
        twin.run(twin.client().get_bucket("NOTEXIST"))
    assert str(info.value) == "Status 404: Bucket 'NOTEXIST' is not found"


@pytest.mark.parametrize(("status", "exists"), [(200, True), (404, False)])
def test_bucket_exists(twin: Twin, httpx_mock: HTTPXMock, status: int, exists: bool) -> None:
    httpx_mock.add_callback(spec_response("reduct", status, headers=V), method="HEAD", url=API + "/b/bucket-1")
    assert twin.run(twin.client().bucket_exists("bucket-1")) is exists


def test_bucket_reads(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(
        spec_response("reduct", 200, json=FULL_BUCKET, headers=V),
        method="GET",
        url=API + "/b/bucket-1",
        is_reusable=True,
    )
    bucket = twin.bucket(twin.client())
    full = twin.run(bucket.get_full_info())
    assert full.info.entry_count == 2
    info = twin.run(bucket.info())
    assert (info.name, info.size, info.status) == ("bucket-1", 83, Status.READY)
    settings = twin.run(bucket.get_settings())
    assert settings == BucketSettings(
        max_block_records=1024, max_block_size=64000000, quota_type=QuotaType.NONE, quota_size=0
    )
    entries = twin.run(bucket.get_entry_list())
    assert [(e.name, e.size, e.record_count) for e in entries] == [("entry_1", 40, 1), ("entry_2", 43, 1)]


def test_set_settings_sends_only_the_fields_set(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "PUT", "/b/bucket-1")
    twin.run(twin.bucket(twin.client()).set_settings(BucketSettings(max_block_records=10)))
    assert body(sent(httpx_mock)) == {"max_block_records": 10}


def test_remove_bucket(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "DELETE", "/b/bucket-1")
    assert twin.run(twin.bucket(twin.client()).remove()) is None


def test_remove_entry_keeps_slashes_in_the_entry_name(twin: Twin, httpx_mock: HTTPXMock) -> None:
    # Not spec-validated: an OpenAPI path parameter cannot span segments, although the server's
    # `{*entry_name}` route does (the spec says so in words).
    httpx_mock.add_response(headers=V, method="DELETE", url=API + "/b/bucket-1/camera/front")
    twin.run(twin.bucket(twin.client()).remove_entry("camera/front"))
    assert sent(httpx_mock).url.raw_path == b"/api/v1/b/bucket-1/camera/front"


def test_rename_sends_json_and_updates_the_name(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "PUT", "/b/bucket-1/rename")
    bucket = twin.bucket(twin.client())
    twin.run(bucket.rename("bucket-2"))
    request = sent(httpx_mock)
    assert request.headers["content-type"] == "application/json"
    assert body(request) == {"new_name": "bucket-2"}
    assert bucket.name == "bucket-2"


def test_failed_rename_keeps_the_name(twin: Twin, httpx_mock: HTTPXMock) -> None:
    message = "Bucket 'bucket-2' already exists"
    reply = spec_response("reduct", 409, json={"detail": message}, headers={**V, "x-reduct-error": message})
    httpx_mock.add_callback(reply, method="PUT", url=API + "/b/bucket-1/rename")
    bucket = twin.bucket(twin.client())
    with pytest.raises(ReductConflict):
        twin.run(bucket.rename("bucket-2"))
    assert bucket.name == "bucket-1"


def test_rename_entry(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "PUT", "/b/bucket-1/entry_1/rename")
    twin.run(twin.bucket(twin.client()).rename_entry("entry_1", "entry_3"))
    assert body(sent(httpx_mock)) == {"new_name": "entry_3"}


def test_base_path_and_trailing_slash(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(
        spec_response("reduct", 200, json=SERVER_INFO, headers=V, base_path="/reduct"),
        method="GET",
        url="http://h:8383/reduct/api/v1/info",
    )
    client = twin.client("http://h:8383/reduct/")
    assert twin.run(client.info()).version == "1.21.0"
    assert repr(client) == f"{twin.client_class.__name__}(url='http://h:8383/reduct')"


# ------------------------------------------------------------------------------------------------
# tokens


def test_get_token_list(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/tokens", {"tokens": [ME, TOKEN_INFO]})
    tokens = twin.run(twin.client().get_token_list())
    assert [t.name for t in tokens] == ["init-token", "token-1"]
    assert all(isinstance(t, FullTokenInfo) for t in tokens)


def test_get_token(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/tokens/token-1", TOKEN_INFO)
    token = twin.run(twin.client().get_token("token-1"))
    assert token.created_at == datetime.datetime(2026, 3, 16, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    assert token.permissions == Permissions(full_access=True, read=["bucket-1"], write=["bucket-1"])
    assert (token.ttl, token.expires_at, token.last_access, token.is_expired) == (None, None, None, False)


def test_create_token_sends_the_v2_body_reduct_py_sends(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "POST", "/tokens/token-1", TOKEN_CREATED)
    perms = Permissions(full_access=False, read=["b*"])
    value = twin.run(twin.client().create_token("token-1", perms))
    assert value == TOKEN_CREATED["value"]
    # reduct-py 1.21.0, verified on the wire: no nulls, empty lists for what was not given
    assert (
        sent(httpx_mock).content == b'{"permissions":{"full_access":false,"read":["b*"],"write":[]},"ip_allowlist":[]}'
    )
    assert perms == Permissions(full_access=False, read=["b*"])  # the caller's model is untouched


def test_create_token_with_every_option(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "POST", "/tokens/token-1", TOKEN_CREATED)
    expires = datetime.datetime(2026, 12, 31, tzinfo=datetime.UTC)
    twin.run(
        twin.client().create_token(
            "token-1", Permissions(write=["b"]), expires_at=expires, ttl=60, ip_allowlist=["10.0.0.0/8"]
        )
    )
    assert body(sent(httpx_mock)) == {
        "permissions": {"full_access": False, "read": [], "write": ["b"]},
        "expires_at": "2026-12-31T00:00:00Z",  # RFC 3339 with Z, as pydantic (reduct-py) writes it
        "ttl": 60,
        "ip_allowlist": ["10.0.0.0/8"],
    }
    assert TokenCreateRequest.from_dict(body(sent(httpx_mock))).ttl == 60


def test_rotate_and_remove_token(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "POST", "/tokens/token-1/rotate", TOKEN_CREATED)
    ok(httpx_mock, "DELETE", "/tokens/token-1")
    client = twin.client()
    assert twin.run(client.rotate_token("token-1")) == TOKEN_CREATED["value"]
    assert twin.run(client.remove_token("token-1")) is None
    assert [r.content for r in httpx_mock.get_requests()] == [b"", b""]


# ------------------------------------------------------------------------------------------------
# replications and lifecycles


def test_replications(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/replications", REPLICATIONS)
    ok(httpx_mock, "GET", "/replications/replication-1", REPLICATION_DETAIL)
    client = twin.client()
    listed = twin.run(client.get_replications())
    assert [(r.name, r.mode, r.pending_records) for r in listed] == [
        ("replication-1", ReplicationMode.ENABLED, 0),
        ("replication-2", ReplicationMode.PAUSED, 120),
    ]
    detail = twin.run(client.get_replication_detail("replication-1"))
    assert detail.settings.compression is ReplicationCompression.ZSTD
    assert detail.settings.when == {"$eq": ["&key1", "value1"], "$each_n": 10}
    assert detail.diagnostics.hourly.errors == {}


def test_replication_errors_are_keyed_by_http_status(twin: Twin, httpx_mock: HTTPXMock) -> None:
    errors = {"500": {"count": 3, "last_message": "boom"}, "404": {"count": 1, "last_message": "no bucket"}}
    diagnostics = {"hourly": {"ok": 7, "errored": 4, "errors": errors}}
    ok(httpx_mock, "GET", "/replications/replication-1", dict(REPLICATION_DETAIL, diagnostics=diagnostics))
    detail = twin.run(twin.client().get_replication_detail("replication-1"))
    hourly = detail.diagnostics.hourly
    assert (hourly.ok, hourly.errored) == (7, 4)
    assert isinstance(hourly.errors, dict)
    assert hourly.errors[500].count == 3
    assert hourly.errors[500].last_message == "boom"
    assert sorted(hourly.errors) == [404, 500]
    assert {code: e.count for code, e in hourly.errors.items()} == {500: 3, 404: 1}


@pytest.mark.parametrize(("name", "method"), [("create_replication", "POST"), ("update_replication", "PUT")])
def test_replication_writes_send_defaults_and_no_nulls(
    twin: Twin, httpx_mock: HTTPXMock, name: str, method: str
) -> None:
    ok(httpx_mock, method, "/replications/replication-1")
    twin.run(getattr(twin.client(), name)("replication-1", replication_settings()))
    # reduct-py's defaults for what was not given (dst_prefix "", compression none); the fields left
    # at None (dst_token: "keep the current token" on update, when) are left out, never sent as null
    assert body(sent(httpx_mock)) == {
        "src_bucket": "bucket-1",
        "dst_bucket": "dst_bucket",
        "dst_host": "http://localhost:9000",
        "entries": ["entry1"],
        "dst_prefix": "",
        "mode": "paused",
        "compression": "none",
    }


def test_replication_mode_and_delete(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "PATCH", "/replications/replication-1/mode")
    ok(httpx_mock, "DELETE", "/replications/replication-1")
    client = twin.client()
    twin.run(client.set_replication_mode("replication-1", "paused"))
    twin.run(client.delete_replication("replication-1"))
    assert body(httpx_mock.get_requests()[0]) == {"mode": "paused"}


@pytest.mark.parametrize(
    ("mode", "sent_mode"),
    [("paused", "paused"), ("PAUSED", "paused"), ("Disabled", "disabled"), (ReplicationMode.ENABLED, "enabled")],
)
def test_replication_mode_accepts_values_and_names_in_any_case(
    twin: Twin, httpx_mock: HTTPXMock, mode: Any, sent_mode: str
) -> None:
    ok(httpx_mock, "PATCH", "/replications/replication-1/mode")
    twin.run(twin.client().set_replication_mode("replication-1", mode))
    assert body(sent(httpx_mock)) == {"mode": sent_mode}


@pytest.mark.parametrize(
    ("mode", "sent_mode"), [("dry_run", "dry_run"), ("DRY_RUN", "dry_run"), ("Disabled", "disabled")]
)
def test_lifecycle_mode_accepts_values_and_names_in_any_case(
    twin: Twin, httpx_mock: HTTPXMock, mode: str, sent_mode: str
) -> None:
    ok(httpx_mock, "PATCH", "/lifecycles/lifecycle-1/mode")
    twin.run(twin.client().set_lifecycle_mode("lifecycle-1", mode))
    assert body(sent(httpx_mock)) == {"mode": sent_mode}


def test_lifecycles(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/lifecycles", LIFECYCLES)
    ok(httpx_mock, "GET", "/lifecycles/lifecycle-1", LIFECYCLE_DETAIL)
    client = twin.client()
    listed = twin.run(client.get_lifecycles())
    assert [(x.name, x.type, x.mode) for x in listed] == [
        ("lifecycle-1", LifecycleType.DELETE, LifecycleMode.ENABLED),
        ("lifecycle-2", LifecycleType.COMPRESS, LifecycleMode.DRY_RUN),
    ]
    assert listed[0].last_run == datetime.datetime(2026, 3, 16, 10, 0, 0, 123456, tzinfo=datetime.UTC)
    detail = twin.run(client.get_lifecycle_detail("lifecycle-1"))
    assert (detail.settings.older_than, detail.settings.interval, detail.settings.when) == ("1d", "1h", None)


@pytest.mark.parametrize(("name", "method"), [("create_lifecycle", "POST"), ("update_lifecycle", "PUT")])
def test_lifecycle_without_interval_sends_no_interval(
    twin: Twin, httpx_mock: HTTPXMock, name: str, method: str
) -> None:
    ok(httpx_mock, method, "/lifecycles/lifecycle-1")
    twin.run(getattr(twin.client(), name)("lifecycle-1", lifecycle_settings()))
    sent_body = body(sent(httpx_mock))
    assert "interval" not in sent_body  # null would be a 422: the server's default applies only to a missing key
    assert sent_body == {
        "type": "delete",
        "bucket": "bucket-1",
        "older_than": "1d",
        "entries": ["entry-1"],
        "mode": "enabled",
    }


def test_lifecycle_mode_and_delete(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "PATCH", "/lifecycles/lifecycle-1/mode")
    ok(httpx_mock, "DELETE", "/lifecycles/lifecycle-1")
    client = twin.client()
    twin.run(client.set_lifecycle_mode("lifecycle-1", LifecycleMode.DRY_RUN))
    twin.run(client.delete_lifecycle("lifecycle-1"))
    assert body(httpx_mock.get_requests()[0]) == {"mode": "dry_run"}


def test_reduct_py_positional_order(twin: Twin, httpx_mock: HTTPXMock) -> None:
    """``Client(url, api_token, timeout, extra_headers)``, as reduct-py's constructor."""
    ok(httpx_mock, "GET", "/info", SERVER_INFO)
    client = twin.client_class(URL, TOKEN, 7.5, {"X-Tag": "t"})
    twin._clients.append(client)
    twin.run(client.info())
    request = sent(httpx_mock)
    assert (request.headers["authorization"], request.headers["x-tag"]) == (f"Bearer {TOKEN}", "t")
    assert client._core.timeouts.total == 7.5


def test_reduct_py_keyword_names(twin: Twin, httpx_mock: HTTPXMock) -> None:
    """A reduct-py script that passes every argument by keyword runs unchanged."""
    ok(httpx_mock, "POST", "/b/bucket-1")
    ok(httpx_mock, "POST", "/tokens/token-1", TOKEN_CREATED)
    ok(httpx_mock, "GET", "/replications/replication-1", REPLICATION_DETAIL)
    ok(httpx_mock, "POST", "/replications/replication-1")
    ok(httpx_mock, "PUT", "/replications/replication-1")
    ok(httpx_mock, "PATCH", "/replications/replication-1/mode")
    ok(httpx_mock, "DELETE", "/replications/replication-1")
    ok(httpx_mock, "GET", "/lifecycles/lifecycle-1", LIFECYCLE_DETAIL)
    ok(httpx_mock, "POST", "/lifecycles/lifecycle-1")
    ok(httpx_mock, "PUT", "/lifecycles/lifecycle-1")
    ok(httpx_mock, "PATCH", "/lifecycles/lifecycle-1/mode")
    ok(httpx_mock, "DELETE", "/lifecycles/lifecycle-1")
    ok(httpx_mock, "PUT", "/b/bucket-1/entry_1/rename")
    c = twin.client_class(url=URL, api_token=TOKEN, timeout=5.0, extra_headers={"X-Tag": "t"}, max_retries=0)
    twin._clients.append(c)
    bucket = twin.run(c.create_bucket(name="bucket-1", settings=BucketSettings(quota_type="FIFO"), exist_ok=True))
    twin.run(c.create_token(name="token-1", permissions=Permissions(read=["b"]), ttl=60, ip_allowlist=[]))
    replication = replication_settings()
    assert twin.run(c.get_replication_detail(replication_name="replication-1")).info.name == "replication-1"
    twin.run(c.create_replication(replication_name="replication-1", settings=replication))
    twin.run(c.update_replication(replication_name="replication-1", settings=replication))
    twin.run(c.set_replication_mode(replication_name="replication-1", mode=ReplicationMode.PAUSED))
    twin.run(c.delete_replication(replication_name="replication-1"))
    lifecycle = lifecycle_settings()
    assert twin.run(c.get_lifecycle_detail(lifecycle_name="lifecycle-1")).info.name == "lifecycle-1"
    twin.run(c.create_lifecycle(lifecycle_name="lifecycle-1", settings=lifecycle))
    twin.run(c.update_lifecycle(lifecycle_name="lifecycle-1", settings=lifecycle))
    twin.run(c.set_lifecycle_mode(lifecycle_name="lifecycle-1", mode=LifecycleMode.DISABLED))
    twin.run(c.delete_lifecycle(lifecycle_name="lifecycle-1"))
    twin.run(bucket.rename_entry(old_name="entry_1", new_name="entry_3"))
    requests = httpx_mock.get_requests()
    assert len(requests) == 13
    assert all(r.headers["x-tag"] == "t" for r in requests)
    assert body(requests[0]) == {"quota_type": "FIFO"}


# ------------------------------------------------------------------------------------------------
# API version


def test_other_major_version_is_refused(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json=SERVER_INFO, headers={"x-reduct-api": "2.0"}, method="GET", url=API + "/info")
    with pytest.raises(ReductError) as info:
        twin.run(twin.client().info())
    assert (info.value.status_code, info.value.message) == (400, "Unsupported API version 2.0. Client version is 1.21.")


def test_older_minor_version_warns_once_per_client(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        json=SERVER_INFO, headers={"x-reduct-api": "1.20"}, method="GET", url=API + "/info", is_reusable=True
    )
    first, second = twin.client(), twin.client()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            assert twin.run(first.info()).version == "1.21.0"
        twin.run(second.info())
    assert [type(w.message) for w in caught] == [UserWarning, UserWarning]
    assert "1.20 is older than the client's 1.21" in str(caught[0].message)


@pytest.mark.parametrize("header", ["1.21", "1.22", "garbage"])
def test_same_or_newer_or_unknown_version_is_quiet(twin: Twin, httpx_mock: HTTPXMock, header: str) -> None:
    httpx_mock.add_response(json=SERVER_INFO, headers={"x-reduct-api": header}, method="GET", url=API + "/info")
    # pytest turns any warning into an error here
    assert twin.run(twin.client().info()).bucket_count == 3


@pytest.mark.parametrize(
    ("label", "method", "path", "call"),
    [
        ("info", "GET", "/info", lambda t, c: c.info()),
        ("alive", "HEAD", "/alive", lambda t, c: c.alive()),
        ("get_bucket", "HEAD", "/b/bucket-1", lambda t, c: c.get_bucket("bucket-1")),
        ("bucket_exists", "HEAD", "/b/bucket-1", lambda t, c: c.bucket_exists("bucket-1")),
        ("create_bucket", "POST", "/b/bucket-1", lambda t, c: c.create_bucket("bucket-1")),
        ("remove", "DELETE", "/b/bucket-1", lambda t, c: t.bucket(c).remove()),
    ],
)
def test_success_without_api_header_is_not_from_reductstore(
    twin: Twin, httpx_mock: HTTPXMock, label: str, method: str, path: str, call: Any
) -> None:
    """A 2xx from something that is not ReductStore (a static web server at the wrong URL) is not success."""
    reply: dict[str, Any] = {"json": SERVER_INFO} if method == "GET" else {}
    httpx_mock.add_response(status_code=200, method=method, url=API + path, **reply)
    with pytest.raises(ReductInvalidResponse) as info:
        twin.run(call(twin, twin.client()))
    assert info.value.status_code == 200
    assert "no x-reduct-api header" in info.value.message
    assert "check that the URL points at the server's root" in info.value.message
    assert (info.value.method, info.value.url) == (method, API + path)


def test_version_is_checked_on_error_responses_too(twin: Twin, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(status_code=404, headers={"x-reduct-api": "0.9"}, method="HEAD", url=API + "/b/x")
    with pytest.raises(ReductError, match=r"Unsupported API version 0\.9"):
        twin.run(twin.client().get_bucket("x"))


# ------------------------------------------------------------------------------------------------
# construction, lifecycle, secrets


def test_token_comes_from_the_environment_unless_given(
    twin: Twin, httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDUCT_API_TOKEN", "env-token-value")
    httpx_mock.add_response(json=ME, headers=V, method="GET", url=API + "/me", is_reusable=True)
    twin.run(twin.client(api_token=None).me())
    twin.run(twin.client(api_token="explicit-token").me())
    twin.run(twin.client(api_token="").me())
    auth = [r.headers.get("authorization") for r in httpx_mock.get_requests()]
    assert auth == ["Bearer env-token-value", "Bearer explicit-token", None]


def _timeouts(client: Any) -> tuple[float | None, ...]:
    t = client._core.timeouts
    return (t.connect, t.read, t.write, t.pool, t.total)


def test_default_and_float_timeouts(twin: Twin) -> None:
    # default: 10 s to connect, 60 s per write / read / pooled connection, 300 s per attempt
    assert _timeouts(twin.client()) == (10.0, 60.0, 60.0, 60.0, 300.0)
    # a number is reduct-py's total per attempt (aiohttp ClientTimeout(total=...)), capping every phase
    assert _timeouts(twin.client(timeout=2.5)) == (2.5, 2.5, 2.5, 2.5, 2.5)
    assert _timeouts(twin.client(timeout=3)) == (3, 3, 3, 3, 3)
    # an httpx.Timeout sets each phase, and no total
    assert _timeouts(twin.client(timeout=httpx.Timeout(5.0, connect=1.0))) == (1.0, 5.0, 5.0, 5.0, None)


def test_verify_ssl_is_reduct_pys_name_for_verify(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/info", SERVER_INFO)
    client = twin.client(verify_ssl=False)
    assert client._core.options.verify is False
    assert twin.run(client.info()).version == "1.21.0"
    assert twin.client(verify_ssl=True)._core.options.verify is True
    assert twin.client()._core.options.verify is True


def test_extra_headers_are_sent_with_every_request(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/info", SERVER_INFO)
    ok(httpx_mock, "HEAD", "/b/bucket-1")
    client = twin.client(extra_headers={"X-Team": "analytics", "X-Owner": "Jürgen"})
    twin.run(client.info())
    twin.run(client.get_bucket("bucket-1"))
    for request in httpx_mock.get_requests():
        assert request.headers["x-team"] == "analytics"
        assert dict(request.headers.raw)[b"X-Owner"] == "Jürgen".encode()  # non-ASCII goes out as UTF-8


def test_a_number_timeout_is_the_total_per_attempt_and_not_retried(twin: Twin, httpx_mock: HTTPXMock) -> None:
    """reduct-py's ``timeout`` is aiohttp's total: an answer that takes longer fails, and is not tried again."""

    def slow_sync(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        return httpx.Response(200, json=SERVER_INFO, headers=V)

    async def slow_async(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.3)
        return httpx.Response(200, json=SERVER_INFO, headers=V)

    httpx_mock.add_callback(slow_async if twin.mode == "async" else slow_sync, url=API + "/info", is_reusable=True)
    client = twin.client(timeout=0.1, max_retries=3)
    with pytest.raises(ReductTimeout) as info:
        twin.run(client.info())
    assert isinstance(info.value, TimeoutError)
    assert info.value.message.startswith("Timeout waiting for 127.0.0.1:8383")
    assert len(httpx_mock.get_requests()) == 1  # the caller's time is up: no retry


def test_secret_stays_out_of_reprs_and_errors(twin: Twin, httpx_mock: HTTPXMock) -> None:
    echoed = f"Invalid token {TOKEN}"
    reply = spec_response("reduct", 401, json={"detail": echoed}, headers={**V, "x-reduct-error": echoed})
    httpx_mock.add_callback(reply, method="GET", url=API + "/b/bucket-1")
    client = twin.client()
    bucket = twin.bucket(client)
    with pytest.raises(ReductUnauthorized) as info:
        twin.run(bucket.get_full_info())
    shown = [repr(client), str(client), repr(bucket), str(bucket), str(info.value), repr(info.value)]
    assert all(TOKEN not in text for text in shown)
    assert repr(bucket) == f"{twin.bucket_class.__name__}(name='bucket-1', url='{URL}')"
    assert info.value.message == "Invalid token ***"


def test_close_twice_and_call_after_close(twin: Twin) -> None:
    client = twin.client()
    closer = client.aclose if twin.mode == "async" else client.close
    twin.run(closer())
    twin.run(closer())
    with pytest.raises(ClientClosedError):
        twin.run(client.info())


def test_context_manager_closes(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/info", SERVER_INFO)
    client = twin.client()

    async def use_async() -> None:
        async with client as c:
            assert c is client
            await c.info()

    def use_sync() -> None:
        with client as c:
            assert c is client
            c.info()

    if twin.mode == "async":
        twin.run(use_async())
    else:
        use_sync()
    with pytest.raises(ClientClosedError):
        twin.run(client.info())


def test_callers_http_client_is_used_and_left_open(twin: Twin, httpx_mock: HTTPXMock) -> None:
    ok(httpx_mock, "GET", "/info", SERVER_INFO)
    own: Any = httpx.AsyncClient() if twin.mode == "async" else httpx.Client()
    client = twin.client(http_client=own)
    twin.run(client.info())
    twin.run(client.aclose() if twin.mode == "async" else client.close())
    assert not own.is_closed
    twin.run(own.aclose() if twin.mode == "async" else own.close())


# ------------------------------------------------------------------------------------------------
# bad input: raised before any request


def _assigned(model: Any, field: str, value: Any) -> Any:
    """Assigning a wrong-typed value is refused like passing it to the constructor."""
    setattr(model, field, value)
    return model


def _appended(model: Any, field: str, item: Any) -> Any:
    """A list field mutated in place after construction (only the facade's check can see it)."""
    getattr(model, field).append(item)
    return model


def _bad_calls() -> list[Any]:
    perms = Permissions(read=["b"])
    cases: list[tuple[str, Any, type[Exception], str]] = [
        ("create_bucket empty", lambda t, c: c.create_bucket(""), ValueError, "name"),
        ("create_bucket int", lambda t, c: c.create_bucket(1), TypeError, "name"),
        ("create_bucket dot-dot", lambda t, c: c.create_bucket(".."), ValueError, "name"),
        (
            "create_bucket settings dict",
            lambda t, c: c.create_bucket("b", {"max_block_records": 1}),
            TypeError,
            "settings",
        ),
        (
            "create_bucket settings field",
            lambda t, c: c.create_bucket("b", BucketSettings(max_block_records=untyped("10"))),
            TypeError,
            r"BucketSettings\.max_block_records: expected int or None, got str",
        ),
        (
            "create_bucket settings field assigned",
            lambda t, c: c.create_bucket("b", _assigned(BucketSettings(), "quota_size", "1")),
            TypeError,
            r"BucketSettings\.quota_size: expected int or None, got str",
        ),
        (
            "create_bucket settings bad quota_type",
            lambda t, c: c.create_bucket("b", BucketSettings(quota_type="LIFO")),
            ValueError,
            "'NONE', 'FIFO', 'HARD'",
        ),
        ("get_bucket empty", lambda t, c: c.get_bucket(""), ValueError, "name"),
        ("bucket_exists None", lambda t, c: c.bucket_exists(None), TypeError, "name"),
        ("get_token empty", lambda t, c: c.get_token(""), ValueError, "name"),
        ("remove_token empty", lambda t, c: c.remove_token(""), ValueError, "name"),
        ("rotate_token dot", lambda t, c: c.rotate_token("."), ValueError, "name"),
        ("create_token empty", lambda t, c: c.create_token("", perms), ValueError, "name"),
        ("create_token perms dict", lambda t, c: c.create_token("t", {"read": ["b"]}), TypeError, "permissions"),
        (
            "create_token perms str list",
            lambda t, c: c.create_token("t", Permissions(read=untyped("b*"))),
            TypeError,
            r"Permissions\.read: expected a list of str, got str",
        ),
        (
            "create_token perms item appended",
            lambda t, c: c.create_token("t", _appended(Permissions(), "write", 1)),
            TypeError,
            r"permissions\.write\[0\]: expected str, got int",
        ),
        ("create_token ttl negative", lambda t, c: c.create_token("t", perms, ttl=-1), ValueError, "ttl"),
        ("create_token ttl zero", lambda t, c: c.create_token("t", perms, ttl=0), ValueError, "ttl"),
        ("create_token ttl str", lambda t, c: c.create_token("t", perms, ttl="60"), TypeError, "ttl"),
        ("create_token ttl bool", lambda t, c: c.create_token("t", perms, ttl=True), TypeError, "ttl"),
        ("create_bucket exist_ok str", lambda t, c: c.create_bucket("b", exist_ok="yes"), TypeError, "exist_ok"),
        (
            "create_token naive date",
            lambda t, c: c.create_token("t", perms, expires_at=datetime.datetime(2030, 1, 1)),
            ValueError,
            "expires_at",
        ),
        ("create_token date str", lambda t, c: c.create_token("t", perms, expires_at="2030"), TypeError, "expires_at"),
        (
            "create_token allowlist str",
            lambda t, c: c.create_token("t", perms, ip_allowlist="1.2.3.4"),
            TypeError,
            "ip",
        ),
        ("get_replication_detail empty", lambda t, c: c.get_replication_detail(""), ValueError, "name"),
        ("create_replication settings", lambda t, c: c.create_replication("r", {}), TypeError, "settings"),
        (
            "update_replication field",
            lambda t, c: c.update_replication(
                "r", ReplicationSettings(src_bucket=untyped(1), dst_bucket="b", dst_host="h")
            ),
            TypeError,
            r"ReplicationSettings\.src_bucket: expected str, got int",
        ),
        (
            "create_replication entries item appended",
            lambda t, c: c.create_replication("r", _appended(replication_settings(), "entries", None)),
            TypeError,
            r"settings\.entries\[1\]: expected str, got NoneType",
        ),
        ("set_replication_mode int", lambda t, c: c.set_replication_mode("r", 1), TypeError, "mode"),
        (
            "set_replication_mode unknown str",
            lambda t, c: c.set_replication_mode("r", "pause"),
            ValueError,
            "mode: 'pause' is not a valid ReplicationMode; expected one of 'enabled', 'paused', 'disabled'",
        ),
        ("delete_replication empty", lambda t, c: c.delete_replication(""), ValueError, "name"),
        ("get_lifecycle_detail empty", lambda t, c: c.get_lifecycle_detail(""), ValueError, "name"),
        (
            "create_lifecycle settings",
            lambda t, c: c.create_lifecycle("l", lifecycle_settings().to_dict()),
            TypeError,
            "settings",
        ),
        (
            "update_lifecycle field",
            lambda t, c: c.update_lifecycle(
                "l", LifecycleSettings(type=LifecycleType.DELETE, bucket="b", older_than="1d", interval=untyped(3600))
            ),
            TypeError,
            r"LifecycleSettings\.interval: expected str or None, got int",
        ),
        (
            "create_lifecycle bad type str",
            lambda t, c: c.create_lifecycle("l", LifecycleSettings(type="purge", bucket="b", older_than="1d")),
            ValueError,
            "'delete', 'compress'",
        ),
        ("set_lifecycle_mode None", lambda t, c: c.set_lifecycle_mode("l", None), TypeError, "mode"),
        (
            "set_lifecycle_mode unknown str",
            lambda t, c: c.set_lifecycle_mode("l", "dry-run"),
            ValueError,
            "mode: 'dry-run' is not a valid LifecycleMode; expected one of 'enabled', 'disabled', 'dry_run'",
        ),
        ("delete_lifecycle empty", lambda t, c: c.delete_lifecycle(""), ValueError, "name"),
        ("Bucket.set_settings", lambda t, c: t.bucket(c).set_settings(None), TypeError, "settings"),
        ("Bucket.remove_entry empty", lambda t, c: t.bucket(c).remove_entry(""), ValueError, "entry_name"),
        (
            "Bucket.remove_entry dotdot",
            lambda t, c: t.bucket(c).remove_entry("../../tokens/x"),
            ValueError,
            "entry_name",
        ),
        ("Bucket.remove_entry slash", lambda t, c: t.bucket(c).remove_entry("a//b"), ValueError, "entry_name"),
        ("Bucket.rename empty", lambda t, c: t.bucket(c).rename(""), ValueError, "new_name"),
        ("Bucket.rename_entry old", lambda t, c: t.bucket(c).rename_entry("", "x"), ValueError, "old_name"),
        ("Bucket.rename_entry new", lambda t, c: t.bucket(c).rename_entry("x", b"y"), TypeError, "new_name"),
    ]
    return [pytest.param(call, exc, word, id=label) for label, call, exc, word in cases]


@pytest.mark.parametrize(("call", "exc", "word"), _bad_calls())
def test_bad_input_raises_before_any_request(
    twin: Twin, httpx_mock: HTTPXMock, call: Any, exc: type[Exception], word: str
) -> None:
    with pytest.raises(exc, match=word):
        twin.run(call(twin, twin.client()))
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"url": "ftp://h"}, ValueError),
        ({"url": 5}, TypeError),
        ({"api_token": 5}, TypeError),
        ({"api_token": "a\nb"}, ValueError),
        ({"timeout": -1}, ValueError),
        ({"max_retries": -1}, ValueError),
        ({"extra_headers": {"Authorization": "x"}}, ValueError),
        ({"extra_headers": {"X-A": "a\r\nX-Injected: 1"}}, ValueError),
        ({"extra_headers": {"X-A": "a\x00b"}}, ValueError),
        ({"extra_headers": {"Bad Name": "x"}}, ValueError),
        ({"extra_headers": {"X-A:": "x"}}, ValueError),
        ({"extra_headers": {"X-A": 1}}, TypeError),
        ({"extra_headers": [("X-A", "x")]}, TypeError),
        ({"verify_ssl": "no"}, TypeError),
        ({"timeout": 0}, ValueError),
        ({"timeout": float("nan")}, ValueError),
        ({"timeout": "5"}, TypeError),
        ({"timeout": True}, TypeError),
        ({"max_retries": True}, TypeError),
        ({"trust_env": "yes"}, TypeError),
        ({"url": "http://user:secret@h:8383"}, ValueError),
        ({"verify": False, "verify_ssl": True}, ValueError),
    ],
)
def test_bad_constructor_arguments(twin: Twin, kwargs: dict[str, Any], exc: type[Exception]) -> None:
    args = dict(kwargs)
    url = args.pop("url", URL)
    with pytest.raises(exc):
        twin.client(url, **args)


def test_bucket_names_are_quoted_into_one_path_segment(twin: Twin, httpx_mock: HTTPXMock) -> None:
    """A name the server rejects stays on its own URL and comes back as the server's 422."""
    message = "Bucket or entry name can contain only letters, digests and [-,_] symbols"
    httpx_mock.add_response(
        status_code=422, json={"detail": message}, headers={**V, "x-reduct-error": message}, method="POST"
    )
    with pytest.raises(ReductError) as info:
        twin.run(twin.client().create_bucket("a/b?c"))
    assert sent(httpx_mock).url.raw_path == b"/api/v1/b/a%2Fb%3Fc"
    assert info.value.status_code == 422
