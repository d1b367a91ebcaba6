"""The reference's verbatim server JSON parses into the re-exported models with the right values; the
models behave like reduct-py's (defaults, enums from strings, checked types) and write no nulls."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from storage_sdk_gen_reduct.types import DecodeError

import storage_sdk.reduct as reduct
from storage_sdk._core._typecheck import mismatch
from storage_sdk.reduct import (
    BucketFullInfo,
    BucketInfo,
    BucketSettings,
    EntryInfo,
    FullTokenInfo,
    InstanceRole,
    LicenseInfo,
    LifecycleDetailInfo,
    LifecycleInfo,
    LifecycleMode,
    LifecycleSettings,
    LifecycleType,
    Permissions,
    QuotaType,
    ReductErrorBody,
    ReplicationCompression,
    ReplicationDetailInfo,
    ReplicationDiagnosticsErrors,
    ReplicationInfo,
    ReplicationMode,
    ReplicationSettings,
    ServerInfo,
    Status,
    Token,
    TokenCreateRequest,
    TokenCreateResponse,
)
from tests import spec_tools as st
from tests.reduct_data import (
    BUCKET_INFO,
    ENTRIES,
    FULL_BUCKET,
    LIFECYCLE_BODY,
    LIFECYCLE_DETAIL,
    LIFECYCLE_INFO,
    ME,
    REPLICATION_DETAIL,
    REPLICATIONS,
    SERVER_INFO,
    SETTINGS,
    TOKEN_INFO,
)

UTC = datetime.UTC


def untyped(value: Any) -> Any:
    """A wrong-typed value, on purpose."""
    return value


def parsed(cls: type[Any], data: dict[str, Any]) -> Any:
    model = cls.from_dict(data)
    assert mismatch(model, cls, "body") is None
    return model


def test_server_info() -> None:
    info = parsed(ServerInfo, SERVER_INFO)
    assert (info.version, info.instance_name, info.instance_role) == (
        "1.21.0",
        "http-api-tests",
        InstanceRole.STANDALONE,
    )
    assert (info.bucket_count, info.usage, info.uptime) == (3, 83, 12)
    assert (info.oldest_record, info.latest_record, info.license) == (1000000, 2000000, None)
    # verbatim: data["defaults"]["bucket"] == {...}
    assert info.defaults.bucket.to_dict() == {
        "max_block_records": 1024,
        "max_block_size": 64000000,
        "quota_size": 0,
        "quota_type": "NONE",
    }


def test_server_info_without_buckets_keeps_u64_max() -> None:
    op = next(o for o in st.operations("reduct") if o.operation_id == "getInfo")
    example = next(v for _, key, v, _ in st.response_examples(op) if key == "no-buckets")
    info = parsed(ServerInfo, example)
    assert info.oldest_record == 18446744073709551615
    assert info.license is not None
    assert info.license.expiry_date == datetime.datetime(2035, 1, 1, tzinfo=UTC)
    assert (info.license.plan, info.license.device_number, info.license.disk_quota) == ("STANDARD", 1, 0)


def test_me_assertions_from_server_test() -> None:
    me = parsed(FullTokenInfo, ME)
    assert me.name == "init-token"
    assert me.permissions.to_dict() == {"full_access": True, "read": [], "write": []}
    assert me.ip_allowlist == []


def test_bucket_stats() -> None:
    full = parsed(BucketFullInfo, FULL_BUCKET)
    assert full.info.to_dict() == FULL_BUCKET["info"]
    assert [e.to_dict() for e in full.entries] == FULL_BUCKET["entries"]
    assert full.entries[1].size == 43
    assert full.entries[0].status is Status.READY
    assert full.settings == BucketSettings(
        max_block_records=1024, max_block_size=64000000, quota_type=QuotaType.NONE, quota_size=0
    )


def test_bucket_settings_null_means_unset() -> None:
    settings = parsed(BucketSettings, {"quota_type": None})
    assert settings.quota_type is None
    assert parsed(BucketSettings, SETTINGS).to_dict() == SETTINGS


def test_token_with_nine_fraction_digits() -> None:
    token = parsed(Token, TOKEN_INFO)
    assert token.created_at == datetime.datetime(2026, 3, 16, 10, 0, 0, 123456, tzinfo=UTC)
    assert token.permissions == Permissions(full_access=True, read=["bucket-1"], write=["bucket-1"])
    assert (token.expires_at, token.ttl, token.last_access, token.is_expired) == (None, None, None, False)


def test_replication_detail() -> None:
    detail = parsed(ReplicationDetailInfo, REPLICATION_DETAIL)
    assert (detail.info.name, detail.info.mode, detail.info.is_active) == (
        "replication-1",
        ReplicationMode.ENABLED,
        True,
    )
    s = detail.settings
    assert (s.dst_host, s.dst_prefix, s.dst_token, s.compression) == (
        "http://localhost:9000",
        "",
        None,
        ReplicationCompression.ZSTD,
    )
    assert s.entries == ["entry1", "entry2"]
    assert (detail.diagnostics.hourly.ok, detail.diagnostics.hourly.errored) == (0, 0)


def test_replication_errors_by_status_code() -> None:
    data = {
        **REPLICATION_DETAIL,
        "diagnostics": {"hourly": {"ok": 5, "errored": 2, "errors": {"404": {"count": 2, "last_message": "no"}}}},
    }
    detail = parsed(ReplicationDetailInfo, data)
    errors = detail.diagnostics.hourly.errors
    assert isinstance(errors, dict)
    assert isinstance(errors, ReplicationDiagnosticsErrors)
    assert errors[404].count == 2
    assert errors[404].last_message == "no"
    assert next(iter(errors)) == 404
    assert untyped("404") not in errors  # keyed by int, as reduct-py's Dict[int, ...]
    assert errors.to_dict() == {"404": {"count": 2, "last_message": "no"}}  # a string key again on the wire


def test_lifecycle_body_from_server_test() -> None:
    settings = parsed(LifecycleSettings, LIFECYCLE_BODY)
    assert (settings.type, settings.bucket, settings.older_than, settings.interval) == (
        LifecycleType.DELETE,
        "bucket-1",
        "1d",
        "1h",
    )
    assert settings.to_dict() == {**LIFECYCLE_BODY, "mode": "enabled"}  # the default mode is written out
    detail = parsed(LifecycleDetailInfo, LIFECYCLE_DETAIL)
    assert detail.info.last_run is None


def test_reduct_py_create_token_body_parses() -> None:
    request = TokenCreateRequest.from_dict(
        {"permissions": {"full_access": False, "read": ["b*"], "write": []}, "ip_allowlist": []}
    )
    assert request.permissions == Permissions(full_access=False, read=["b*"], write=[])


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (
            ServerInfo,
            {**SERVER_INFO, "defaults": {"bucket": {**SETTINGS, "max_block_size": "64000000"}}},
            "BucketSettings.max_block_size: expected integer, got str",
        ),
        (ServerInfo, {**SERVER_INFO, "usage": None}, "ServerInfo.usage: expected integer, got null"),
        (FullTokenInfo, {**TOKEN_INFO, "is_expired": 0}, "FullTokenInfo.is_expired: expected boolean, got int"),
        (FullTokenInfo, {**TOKEN_INFO, "expires_at": "soon"}, "FullTokenInfo.expires_at: expected an RFC 3339"),
        (
            FullTokenInfo,
            {k: v for k, v in TOKEN_INFO.items() if k != "created_at"},
            "FullTokenInfo.created_at: missing",
        ),
        (BucketInfo, {**BUCKET_INFO, "status": 1}, "BucketInfo.status: expected string, got int"),
        (Permissions, {"read": ["a", 1]}, "Permissions.read: expected an array of strings, got int"),
    ],
)
def test_wrong_types_in_an_answer_are_a_decode_error_naming_the_field(
    cls: type[Any], data: dict[str, Any], message: str
) -> None:
    with pytest.raises(DecodeError) as info:
        cls.from_dict(data)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, ValueError)


def test_a_list_changed_in_place_is_found_by_the_type_check() -> None:
    token = parsed(FullTokenInfo, TOKEN_INFO)
    token.ip_allowlist.append(untyped(1))
    assert mismatch(token, FullTokenInfo, "body") == "body.ip_allowlist[0]: expected str, got int"


@pytest.mark.parametrize("name", reduct.__all__)
def test_every_exported_name_exists(name: str) -> None:
    assert getattr(reduct, name) is not None


def test_token_is_full_token_info() -> None:
    assert Token is FullTokenInfo


def test_error_body_is_reduct_error_body() -> None:
    assert ReductErrorBody.from_dict({"detail": "Bucket 'x' is not found"}).detail == "Bucket 'x' is not found"
    assert not hasattr(reduct, "ErrorDetail")


# ------------------------------------------------------------------------------------------------
# reduct-py's model behaviour: defaults, enums from strings, checked types, keyword construction

CREATED = datetime.datetime(2026, 3, 16, tzinfo=UTC)
_DEFAULTS: list[tuple[type[Any], dict[str, Any], dict[str, Any]]] = [
    (
        BucketSettings,
        {},
        {"quota_type": None, "quota_size": None, "max_block_size": None, "max_block_records": None},
    ),
    (
        BucketInfo,
        {"name": "b", "entry_count": 0, "size": 0, "oldest_record": 0, "latest_record": 0},
        {"is_provisioned": False, "status": Status.READY},
    ),
    (
        EntryInfo,
        {"name": "e", "size": 0, "record_count": 0, "block_count": 0, "oldest_record": 0, "latest_record": 0},
        {"status": Status.READY},
    ),
    (Permissions, {}, {"full_access": False, "read": [], "write": []}),
    (
        FullTokenInfo,
        {"name": "t", "created_at": CREATED, "permissions": Permissions()},
        {
            "value": "",
            "is_provisioned": False,
            "expires_at": None,
            "ttl": None,
            "last_access": None,
            "ip_allowlist": [],
            "is_expired": False,
        },
    ),
    (TokenCreateRequest, {"permissions": Permissions()}, {"expires_at": None, "ttl": None, "ip_allowlist": []}),
    (TokenCreateResponse, {"value": "v"}, {"created_at": None}),
    (
        ReplicationInfo,
        {"name": "r", "is_active": True, "is_provisioned": False, "pending_records": 0},
        {"mode": ReplicationMode.ENABLED},
    ),
    (
        ReplicationSettings,
        {"src_bucket": "a", "dst_bucket": "b", "dst_host": "http://h:8383"},
        {
            "dst_token": None,
            "entries": [],
            "dst_prefix": "",
            "when": None,
            "mode": ReplicationMode.ENABLED,
            "compression": ReplicationCompression.NONE,
        },
    ),
    (
        LifecycleInfo,
        {"name": "l", "is_provisioned": False, "is_running": False},
        {"type": LifecycleType.DELETE, "mode": LifecycleMode.ENABLED, "last_run": None},
    ),
    (
        LifecycleSettings,
        {"bucket": "b", "older_than": "7d"},
        {
            "type": LifecycleType.DELETE,
            "entries": [],
            "interval": None,
            "processing_interval": None,
            "when": None,
            "mode": LifecycleMode.ENABLED,
        },
    ),
    (
        ServerInfo,
        {
            "version": "1.21.0",
            "bucket_count": 0,
            "usage": 0,
            "uptime": 0,
            "oldest_record": 0,
            "latest_record": 0,
            "defaults": parsed(ServerInfo, SERVER_INFO).defaults,
        },
        {"license": None, "instance_name": "", "instance_role": None},
    ),
]


@pytest.mark.parametrize(("cls", "required", "defaults"), _DEFAULTS, ids=[c.__name__ for c, _, _ in _DEFAULTS])
def test_reduct_py_defaults(cls: type[Any], required: dict[str, Any], defaults: dict[str, Any]) -> None:
    model = cls(**required)
    assert {name: getattr(model, name) for name in defaults} == defaults
    for name, value in defaults.items():
        if isinstance(value, list):
            assert getattr(model, name) is not getattr(cls(**required), name)  # no shared mutable default
    assert getattr(model, "additional_properties", {}) == {}  # TokenCreateRequest has none (deny_unknown_fields)


def test_reduct_py_defaults_spelt_out() -> None:
    assert LifecycleSettings(bucket="b", older_than="7d").type == LifecycleType.DELETE
    assert Permissions().read == []
    settings = ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="http://h")
    assert settings.compression == ReplicationCompression.NONE
    assert settings.mode == ReplicationMode.ENABLED


def test_models_are_built_by_keyword() -> None:
    with pytest.raises(TypeError):
        untyped(BucketSettings)(10)
    with pytest.raises(TypeError, match="bucket"):
        LifecycleSettings(**untyped({"older_than": "7d"}))  # a required field


@pytest.mark.parametrize(
    ("build", "field", "expected"),
    [
        (
            lambda v: BucketSettings(quota_type=v),
            "quota_type",
            {"fifo": QuotaType.FIFO, "FIFO": QuotaType.FIFO, "Hard": QuotaType.HARD},
        ),
        (
            lambda v: ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h", mode=v),
            "mode",
            {"paused": ReplicationMode.PAUSED, "PAUSED": ReplicationMode.PAUSED, "Disabled": ReplicationMode.DISABLED},
        ),
        (
            lambda v: ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h", compression=v),
            "compression",
            {"gzip": ReplicationCompression.GZIP, "ZSTD": ReplicationCompression.ZSTD},
        ),
        (
            lambda v: LifecycleSettings(bucket="b", older_than="7d", type=v),
            "type",
            {"compress": LifecycleType.COMPRESS, "DELETE": LifecycleType.DELETE},
        ),
        (
            lambda v: LifecycleSettings(bucket="b", older_than="7d", mode=v),
            "mode",
            {"dry_run": LifecycleMode.DRY_RUN, "DRY_RUN": LifecycleMode.DRY_RUN, "Disabled": LifecycleMode.DISABLED},
        ),
    ],
)
def test_enum_fields_accept_values_and_names_in_any_case(build: Any, field: str, expected: dict[str, Any]) -> None:
    for text, member in expected.items():
        value = getattr(build(text), field)
        assert value is member, text
        assert type(value) is type(member)


def test_list_fields_accept_a_tuple_like_reduct_py() -> None:
    assert Permissions(read=untyped(("bucket-1",))).read == ["bucket-1"]
    settings = ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h", entries=untyped(("e1", "e2")))
    assert settings.entries == ["e1", "e2"]


def test_enum_strings_are_converted_on_assignment_too() -> None:
    settings = BucketSettings()
    settings.quota_type = untyped("hard")
    assert settings.quota_type is QuotaType.HARD
    assert settings.to_dict() == {"quota_type": "HARD"}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: BucketSettings(quota_type="LIFO"),
            "'LIFO' is not a valid QuotaType; expected one of 'NONE', 'FIFO', 'HARD'",
        ),
        (
            lambda: ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h", mode="pause"),
            "'pause' is not a valid ReplicationMode; expected one of 'enabled', 'paused', 'disabled'",
        ),
        (
            lambda: ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h", compression="lz4"),
            "'lz4' is not a valid ReplicationCompression; expected one of 'none', 'zstd', 'gzip'",
        ),
        (
            lambda: LifecycleSettings(bucket="b", older_than="7d", type="purge"),
            "'purge' is not a valid LifecycleType; expected one of 'delete', 'compress'",
        ),
        (
            lambda: LifecycleSettings(bucket="b", older_than="7d", mode="dry-run"),
            "'dry-run' is not a valid LifecycleMode; expected one of 'enabled', 'disabled', 'dry_run'",
        ),
    ],
)
def test_invalid_enum_strings_raise_value_error_naming_the_allowed_values(build: Any, message: str) -> None:
    with pytest.raises(ValueError) as info:
        build()
    assert str(info.value) == message


def test_enum_constructor_stays_strict() -> None:
    with pytest.raises(ValueError):
        ReplicationMode("bogus")
    with pytest.raises(TypeError):
        BucketSettings(quota_type=untyped(1))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: BucketSettings(max_block_size=untyped("1")),
            "BucketSettings.max_block_size: expected int or None, got str",
        ),
        (lambda: BucketSettings(quota_size=untyped(True)), "BucketSettings.quota_size: expected int or None, got bool"),
        (lambda: Permissions(read=untyped("b*")), "Permissions.read: expected a list of str, got str"),
        (lambda: Permissions(write=untyped(["a", 1])), "Permissions.write[1]: expected str, got int"),
        (lambda: Permissions(full_access=untyped(1)), "Permissions.full_access: expected bool, got int"),
        (
            lambda: ReplicationSettings(src_bucket=untyped(None), dst_bucket="b", dst_host="h"),
            "ReplicationSettings.src_bucket: expected str, got NoneType",
        ),
        (
            lambda: ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h", when={"$gt": untyped(object())}),
            "ReplicationSettings.when: not a JSON value",
        ),
        (
            lambda: LifecycleSettings(bucket="b", older_than=untyped(7)),
            "LifecycleSettings.older_than: expected str, got int",
        ),
    ],
)
def test_wrong_types_raise_type_error_at_construction(build: Any, message: str) -> None:
    with pytest.raises(TypeError) as info:
        build()
    assert str(info.value).startswith(message)


def test_wrong_types_raise_type_error_on_assignment() -> None:
    settings = LifecycleSettings(bucket="b", older_than="7d")
    with pytest.raises(TypeError, match=r"^LifecycleSettings\.interval: expected str or None, got int$"):
        settings.interval = untyped(3600)
    with pytest.raises(TypeError, match=r"^LifecycleSettings\.entries: expected a list of str, got str$"):
        settings.entries = untyped("entry-1")
    assert (settings.interval, settings.entries) == (None, [])  # unchanged


def test_a_decoded_model_is_exactly_its_class_and_still_checks_assignments() -> None:
    # from_dict fills a private subclass without the per-assignment checks, then the object becomes
    # the model: nothing of the subclass may be left behind
    info = ServerInfo.from_dict(SERVER_INFO)
    assert type(info) is ServerInfo and type(info.defaults.bucket) is BucketSettings
    assert info == ServerInfo.from_dict(SERVER_INFO)
    assert repr(info).startswith("ServerInfo(version='1.21.0'")
    with pytest.raises(TypeError, match=r"^ServerInfo\.usage: expected int, got str$"):
        info.usage = untyped("83")
    info.defaults.bucket.quota_type = "fifo"
    assert info.defaults.bucket.quota_type is QuotaType.FIFO  # the converter runs on assignment too


def test_from_dict_on_a_users_subclass_builds_the_subclass() -> None:
    class MyInfo(ServerInfo):  # no __slots__: it has a __dict__, another layout than ServerInfo's
        def summary(self) -> str:
            return f"{self.version}/{self.bucket_count}"

    info = MyInfo.from_dict({**SERVER_INFO, "future_field": 1})
    assert type(info) is MyInfo and info.summary() == "1.21.0/3"
    assert info.to_dict() == {**SERVER_INFO, "future_field": 1}
    with pytest.raises(TypeError, match=r"^MyInfo\.uptime: expected int, got str$"):
        info.uptime = untyped("12")


def test_repr_hides_additional_properties() -> None:
    info = ServerInfo.from_dict({**SERVER_INFO, "future_field": {"secret-ish": "x" * 50}})
    assert info["future_field"] == {"secret-ish": "x" * 50}
    assert info.additional_keys == ["future_field"]
    assert "future_field" not in repr(info)
    assert "additional_properties" not in repr(info)
    assert repr(BucketSettings(max_block_records=10)) == (
        "BucketSettings(quota_type=None, quota_size=None, max_block_size=None, max_block_records=10)"
    )


def test_unknown_answer_keys_are_kept_and_written_back() -> None:
    info = parsed(ServerInfo, {**SERVER_INFO, "future_field": 1})
    assert info.to_dict() == {**SERVER_INFO, "future_field": 1}


def _nulls(value: Any, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in (_nulls(v, f"{path}.{k}") if v is not None else [f"{path}.{k}"])]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _nulls(v, f"{path}[{i}]")]
    return []


def test_to_dict_leaves_out_optional_fields_that_are_none() -> None:
    lifecycle = LifecycleSettings(bucket="b", older_than="7d").to_dict()
    assert "interval" not in lifecycle  # never null: the server rejects "interval": null
    assert lifecycle == {"type": "delete", "bucket": "b", "entries": [], "older_than": "7d", "mode": "enabled"}
    assert LifecycleSettings(bucket="b", older_than="7d", interval="1h").to_dict()["interval"] == "1h"
    assert BucketSettings(max_block_records=10).to_dict() == {"max_block_records": 10}
    assert BucketSettings().to_dict() == {}
    replication = ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="h").to_dict()
    assert "dst_token" not in replication  # None keeps the current token on update
    assert "when" not in replication
    request = TokenCreateRequest(permissions=Permissions(read=["b"])).to_dict()
    assert request == {"permissions": {"full_access": False, "read": ["b"], "write": []}, "ip_allowlist": []}
    for body in (lifecycle, replication, request):
        assert _nulls(body) == []


def test_unknown_enum_values_from_the_server_are_kept() -> None:
    """A newer server's value does not fail the whole answer; it equals its string."""
    listed = REPLICATIONS["replications"][0]
    info = parsed(ReplicationInfo, {**listed, "mode": "draining"})
    assert isinstance(info.mode, ReplicationMode)
    assert info.mode == "draining"
    assert info.to_dict()["mode"] == "draining"
    lifecycle = parsed(LifecycleInfo, {**LIFECYCLE_INFO, "type": "archive"})
    assert lifecycle.type == "archive"
    entry = parsed(EntryInfo, {**ENTRIES[0], "status": "MIGRATING"})
    assert entry.status == "MIGRATING"
    with pytest.raises(ValueError):
        ReplicationMode("draining")  # the class itself still only knows its members


def test_license_info_parses() -> None:
    data = {
        "licensee": "ReductStore",
        "invoice": "xxxxxx",
        "expiry_date": "2035-01-01T00:00:00Z",
        "plan": "STANDARD",
        "device_number": 1,
        "disk_quota": 0,
    }
    license_info = parsed(LicenseInfo, data)
    assert license_info.fingerprint is None  # missing in old servers
    info = parsed(ServerInfo, {**SERVER_INFO, "license": {**data, "fingerprint": "abc"}})
    assert info.license is not None
    assert (info.license.licensee, info.license.fingerprint) == ("ReductStore", "abc")


def test_no_unset_sentinel_and_no_renamed_attributes() -> None:
    import storage_sdk_gen_reduct.types as gen_types

    assert not hasattr(gen_types, "UNSET")
    assert not hasattr(gen_types, "Unset")
    info = parsed(ServerInfo, SERVER_INFO)
    assert not hasattr(info, "license_")
    assert not hasattr(parsed(LifecycleSettings, LIFECYCLE_BODY), "type_")
