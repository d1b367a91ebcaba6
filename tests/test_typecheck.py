"""The compiled type check of parsed models (_core/_typecheck): what fits, and how a misfit is named."""

from __future__ import annotations

from typing import Any

import pytest
from storage_sdk_gen_reduct.models import BucketList, ReplicationDetailInfo, ServerInfo
from storage_sdk_gen_storage.models import UploadResult

from storage_sdk._core._typecheck import mismatch
from tests import reduct_data as rd

BUCKET = {
    "name": "b",
    "entry_count": 1,
    "size": 2,
    "oldest_record": 3,
    "latest_record": 4,
    "is_provisioned": False,
    "status": "READY",
}


def test_well_typed_models_pass() -> None:
    assert mismatch(ServerInfo.from_dict(rd.SERVER_INFO), ServerInfo, "body") is None
    assert mismatch(BucketList.from_dict({"buckets": [BUCKET, BUCKET]}), BucketList, "body") is None
    assert mismatch(ReplicationDetailInfo.from_dict(rd.REPLICATION_DETAIL), ReplicationDetailInfo, "body") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("size", "2", "body.buckets[1].size: expected int, got str"),
        ("size", True, "body.buckets[1].size: expected int, got bool"),
        ("size", None, "body.buckets[1].size: expected int, got NoneType"),
        ("is_provisioned", 0, "body.buckets[1].is_provisioned: expected bool, got int"),
        ("name", 5, "body.buckets[1].name: expected str, got int"),
    ],
)
def test_a_misfit_is_named_with_its_path(field: str, value: Any, message: str) -> None:
    bad = dict(BUCKET, **{field: value})
    assert mismatch(BucketList.from_dict({"buckets": [BUCKET, bad]}), BucketList, "body") == message


def test_nested_maps_and_nullable_fields() -> None:
    detail = ReplicationDetailInfo.from_dict(rd.REPLICATION_DETAIL)
    assert mismatch(detail, ReplicationDetailInfo, "body") is None
    bad = {
        **rd.REPLICATION_DETAIL,
        "diagnostics": {"hourly": {"ok": 1, "errored": 0, "errors": {"500": {"count": "many", "last_message": "x"}}}},
    }
    problem = mismatch(ReplicationDetailInfo.from_dict(bad), ReplicationDetailInfo, "body")
    assert problem is not None and "count: expected int, got str" in problem
    assert mismatch(UploadResult(upload_url="u", key=None, public_url="p"), UploadResult, "body") == (  # type: ignore[arg-type]
        "body.key: expected str, got NoneType"
    )
