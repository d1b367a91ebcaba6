"""The reference's verbatim server JSON parses into the re-exported models with the right values."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import storage_sdk.reduct as reduct
from storage_sdk.reduct import (
    BucketFullInfo,
    BucketSettings,
    FullTokenInfo,
    InstanceRole,
    LifecycleDetailInfo,
    LifecycleSettings,
    LifecycleType,
    Permissions,
    QuotaType,
    ReplicationCompression,
    ReplicationDetailInfo,
    ReplicationMode,
    ServerInfo,
    Status,
    Token,
    TokenCreateRequest,
)
from storage_sdk.reduct._common import mismatch
from tests import spec_tools as st
from tests.reduct_data import (
    FULL_BUCKET,
    LIFECYCLE_BODY,
    LIFECYCLE_DETAIL,
    ME,
    REPLICATION_DETAIL,
    SERVER_INFO,
    SETTINGS,
    TOKEN_INFO,
)

UTC = datetime.UTC


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
    assert (info.oldest_record, info.latest_record, info.license_) == (1000000, 2000000, None)
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
    assert info.license_.expiry_date == datetime.datetime(2035, 1, 1, tzinfo=UTC)


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
    assert detail.diagnostics.hourly.errors["404"].count == 2


def test_lifecycle_body_from_server_test() -> None:
    settings = parsed(LifecycleSettings, LIFECYCLE_BODY)
    assert (settings.type_, settings.bucket, settings.older_than, settings.interval) == (
        LifecycleType.DELETE,
        "bucket-1",
        "1d",
        "1h",
    )
    assert settings.to_dict() == LIFECYCLE_BODY
    detail = parsed(LifecycleDetailInfo, LIFECYCLE_DETAIL)
    assert detail.info.last_run is None


def test_reduct_py_create_token_body_parses() -> None:
    request = TokenCreateRequest.from_dict(
        {"permissions": {"full_access": False, "read": ["b*"], "write": []}, "ip_allowlist": []}
    )
    assert request.permissions == Permissions(full_access=False, read=["b*"], write=[])


def test_wrong_scalar_types_are_found() -> None:
    bad = {**SERVER_INFO, "defaults": {"bucket": {**SETTINGS, "max_block_size": "64000000"}}}
    assert mismatch(ServerInfo.from_dict(bad), ServerInfo, "body") == (
        "body.defaults.bucket.max_block_size: expected int | None | Unset, got str"
    )
    assert mismatch(FullTokenInfo.from_dict({**TOKEN_INFO, "is_expired": 0}), FullTokenInfo, "body") is not None
    assert mismatch(FullTokenInfo.from_dict({**TOKEN_INFO, "expires_at": "soon"}), FullTokenInfo, "body") is not None


@pytest.mark.parametrize("name", reduct.__all__)
def test_every_exported_name_exists(name: str) -> None:
    assert getattr(reduct, name) is not None


def test_token_is_full_token_info() -> None:
    assert Token is FullTokenInfo
