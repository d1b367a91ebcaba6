"""Issue 2: the specs, the generated packages, and the guards around them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate as validate_spec

from tests import reduct_data as rd
from tests import spec_tools as st

ROOT = st.ROOT


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_spec_is_valid_openapi_31(name: str) -> None:
    spec = st.load(name)
    assert spec["openapi"].startswith("3.1")
    validate_spec(spec)


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_every_operation_has_examples_for_its_bodies(name: str) -> None:
    missing = []
    for op in st.operations(name):
        body = st.resolve(st.load(name), op.body.get("requestBody"))
        if body and "application/json" in body["content"] and not list(st.request_examples(op)):
            missing.append(f"{op.operation_id} request")
        for code, response in op.responses().items():
            media = response.get("content", {}).get("application/json")
            if media is not None and not list(st.media_examples(media)):
                missing.append(f"{op.operation_id} {code}")
    assert missing == []


def _all_examples(name: str) -> list[tuple[str, Any, dict[str, Any]]]:
    out = []
    for op in st.operations(name):
        for code, key, value, schema in st.response_examples(op):
            out.append((f"{op.operation_id} {code} {key}", value, schema))
        for key, value, schema in st.request_examples(op):
            out.append((f"{op.operation_id} request {key}", value, schema))
    return out


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_every_example_validates_against_its_schema(name: str) -> None:
    examples = _all_examples(name)
    assert len(examples) > 10
    errors = []
    for label, value, schema in examples:
        for err in st.validator(name, schema).iter_errors(value):
            errors.append(f"{label}: {err.message}")
    assert errors == []


def test_schema_validation_can_fail() -> None:
    """The example check above is not vacuous: a wrong example is caught."""
    schema = {"$ref": "#/components/schemas/BucketInfo"}
    bad = {"name": "b", "entry_count": "1", "size": -1}
    messages = [e.message for e in st.validator("reduct", schema).iter_errors(bad)]
    assert any("is not of type 'integer'" in m for m in messages)
    assert any("is a required property" in m for m in messages)


def test_reduct_spec_covers_every_admin_endpoint() -> None:
    got = {(op.method.upper(), op.path) for op in st.operations("reduct")}
    want = {("GET", "/api/v1/info"), ("GET", "/api/v1/list"), ("GET", "/api/v1/me")}
    want |= {(m, f"/api/v1/{p}") for m in ("GET", "HEAD") for p in ("alive", "ready")}
    want |= {(m, "/api/v1/b/{bucket_name}") for m in ("GET", "HEAD", "POST", "PUT", "DELETE")}
    want |= {("PUT", "/api/v1/b/{bucket_name}/rename"), ("DELETE", "/api/v1/b/{bucket_name}/{entry_name}")}
    want |= {("PUT", "/api/v1/b/{bucket_name}/{entry_name}/rename"), ("GET", "/api/v1/tokens")}
    want |= {(m, "/api/v1/tokens/{token_name}") for m in ("GET", "POST", "DELETE")}
    want |= {("POST", "/api/v1/tokens/{token_name}/rotate")}
    for kind, param in (("replications", "replication_name"), ("lifecycles", "lifecycle_name")):
        want |= {("GET", f"/api/v1/{kind}")}
        want |= {(m, f"/api/v1/{kind}/{{{param}}}") for m in ("GET", "POST", "PUT", "DELETE")}
        want |= {("PATCH", f"/api/v1/{kind}/{{{param}}}/mode")}
    assert got == want


def test_reduct_errors_document_the_x_reduct_error_header() -> None:
    missing = []
    for op in st.operations("reduct"):
        for code, response in op.responses().items():
            if int(code) >= 400 and code != "415" and "x-reduct-error" not in response.get("headers", {}):
                missing.append(f"{op.operation_id} {code}")
            if int(code) < 300 and op.method != "head":
                assert code == "200", f"{op.operation_id}: admin success is always 200"
    assert missing == []


def test_storage_spec_operations() -> None:
    got = {(op.method.upper(), op.path) for op in st.operations("storage")}
    assert got == {("POST", "/uploads"), ("POST", "/uploads/file"), ("DELETE", "/objects")}
    for op in st.operations("storage"):
        codes = set(op.responses())
        assert {"400", "401", "403", "413", "500", "502", "503", "504"} <= codes
    by_id = {op.operation_id: op for op in st.operations("storage")}
    assert {"200", "201"} <= set(by_id["createUpload"].responses())
    assert {"200", "201"} <= set(by_id["uploadFile"].responses())
    assert {"200", "204"} <= set(by_id["deleteObject"].responses())


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_every_operation_is_generated_sync_and_async(name: str) -> None:
    ops = st.operations(name)
    for op in ops:
        module = op.module  # ImportError here means the generator dropped the operation
        for fn in ("sync_detailed", "asyncio_detailed", "_get_kwargs", "_build_response"):
            assert callable(getattr(module, fn, None)), f"{module.__name__}.{fn}"
    api_dir = ROOT / "generated" / st.PACKAGES[name] / "api"
    generated = {p.stem for p in api_dir.rglob("*.py") if p.stem != "__init__"}
    assert generated == {st.snake(op.operation_id) for op in ops}


def _normalise(value: Any) -> Any:
    """JSON equivalence up to the date-time spelling (Python keeps microseconds, +00:00 for Z)."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str) and len(value) >= 20 and value[4] == "-" and value[10] == "T":
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _fake_response(code: str, value: Any) -> httpx.Response:
    return httpx.Response(int(code), json=value, request=httpx.Request("GET", "http://x/"))


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_response_examples_parse_and_round_trip(name: str) -> None:
    package = __import__(st.PACKAGES[name])
    client = package.Client(base_url="http://x")
    checked = 0
    for op in st.operations(name):
        for code, key, value, _schema in st.response_examples(op):
            response = op.module._build_response(client=client, response=_fake_response(code, value))
            parsed = response.parsed
            assert parsed is not None, f"{op.operation_id} {code} {key}"
            assert _normalise(parsed.to_dict()) == _normalise(value), f"{op.operation_id} {code} {key}"
            checked += 1
    assert checked >= (30 if name == "reduct" else 10)


def test_u64_max_survives() -> None:
    from storage_sdk_gen_reduct.models import ServerInfo

    op = next(o for o in st.operations("reduct") if o.operation_id == "getInfo")
    value = dict(op.responses()["200"]["content"]["application/json"]["examples"]["no-buckets"]["value"])
    info = ServerInfo.from_dict(value)
    assert info.oldest_record == 2**64 - 1
    assert info.license_ is not None and info.license_.expiry_date.tzinfo is not None


# --- the generator's runtime crash cases (generator-notes 1.4 / 1.5), fixed by openapi/templates ---


def _get_info_module() -> Any:
    from storage_sdk_gen_reduct.api.server import get_info

    return get_info


@pytest.mark.parametrize("code", [499, 520, 561])
def test_status_outside_httpstatus_does_not_crash(code: int) -> None:
    from storage_sdk_gen_reduct import Client

    response = httpx.Response(code, text="", request=httpx.Request("GET", "http://x/"))
    built = _get_info_module()._build_response(client=Client(base_url="http://x"), response=response)
    assert built.status_code == code
    assert built.parsed is None


@pytest.mark.parametrize(
    "body",
    [b"", b"Bad Gateway", b"<html><body><h1>502 Bad Gateway</h1></body></html>", b'{"detail": 5', b"[1, 2]"],
)
@pytest.mark.parametrize("code", [400, 401, 404, 500, 502, 503])
def test_error_body_that_is_not_the_documented_json_does_not_crash(code: int, body: bytes) -> None:
    from storage_sdk_gen_reduct import Client
    from storage_sdk_gen_reduct.api.bucket import get_bucket
    from storage_sdk_gen_storage import Client as StorageGenClient
    from storage_sdk_gen_storage.api.uploads import create_upload

    response = httpx.Response(code, content=body, headers={"content-type": "text/html"})
    built = get_bucket._build_response(client=Client(base_url="http://x"), response=response)
    assert (built.status_code, built.parsed, built.content) == (code, None, body)
    built2 = create_upload._build_response(client=StorageGenClient(base_url="http://x"), response=response)
    assert (built2.status_code, built2.parsed) == (code, None)


def test_error_body_that_is_json_is_still_parsed() -> None:
    from storage_sdk_gen_reduct import Client
    from storage_sdk_gen_reduct.api.bucket import get_bucket
    from storage_sdk_gen_reduct.models import ErrorDetail

    response = httpx.Response(404, json={"detail": "Bucket 'x' is not found"})
    built = get_bucket._build_response(client=Client(base_url="http://x"), response=response)
    assert isinstance(built.parsed, ErrorDetail) and built.parsed.detail == "Bucket 'x' is not found"


def test_malformed_success_body_still_raises_for_the_caller_to_map() -> None:
    """A 2xx that does not parse is not hidden as `None`: the facade maps the exception."""
    from storage_sdk_gen_reduct import Client

    response = httpx.Response(200, content=b"<html>", request=httpx.Request("GET", "http://x/"))
    with pytest.raises(json.JSONDecodeError):
        _get_info_module()._build_response(client=Client(base_url="http://x"), response=response)


def test_unknown_enum_values_do_not_crash() -> None:
    from storage_sdk_gen_reduct.models import BucketInfo, QuotaType, ReplicationInfo, Status

    info = BucketInfo.from_dict(
        {
            "name": "b",
            "entry_count": 0,
            "size": 0,
            "oldest_record": 0,
            "latest_record": 0,
            "is_provisioned": False,
            "status": "ARCHIVED",
        }
    )
    assert info.status == "ARCHIVED" and isinstance(info.status, Status)
    assert info.to_dict()["status"] == "ARCHIVED"
    assert QuotaType("NEW_KIND") == "NEW_KIND"
    assert QuotaType("FIFO") is QuotaType.FIFO  # known values are still the real members
    rep = ReplicationInfo.from_dict(
        {"name": "r", "mode": "throttled", "is_active": True, "is_provisioned": False, "pending_records": 0}
    )
    assert rep.mode == "throttled"
    with pytest.raises(ValueError):
        QuotaType(5)  # type: ignore[arg-type]  # not a string: still rejected


def test_unknown_extra_fields_are_kept_not_fatal() -> None:
    from storage_sdk_gen_reduct.models import EntryInfo

    entry = EntryInfo.from_dict(
        {
            "name": "e",
            "size": 1,
            "record_count": 1,
            "block_count": 1,
            "oldest_record": 1,
            "latest_record": 1,
            "status": "READY",
            "new_field": {"a": 1},
        }
    )
    assert entry.additional_properties == {"new_field": {"a": 1}}


def test_entry_names_keep_their_slashes_and_other_names_are_escaped() -> None:
    from storage_sdk_gen_reduct.api.bucket import get_bucket
    from storage_sdk_gen_reduct.api.entry import remove_entry, rename_entry

    assert remove_entry._get_kwargs("b", "camera/front")["url"] == "/api/v1/b/b/camera/front"
    from storage_sdk_gen_reduct.models import RenameRequest

    kwargs = rename_entry._get_kwargs("b", "a/b", body=RenameRequest(new_name="c"))
    assert kwargs["url"] == "/api/v1/b/b/a/b/rename"
    assert get_bucket._get_kwargs("a/b")["url"] == "/api/v1/b/a%2Fb"


# --- generation and drift ---


def _copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    for part in ("openapi", "generated", "scripts"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "generate.py"), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_drift_check_passes_on_the_committed_tree_and_fails_on_each_kind_of_drift(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    assert _check(root).returncode == 0

    spec = root / "openapi" / "reduct.yaml"
    original = spec.read_text()
    spec.write_text(original.replace("Maximum number of records in a block.", "Max records per block."))
    result = _check(root)
    assert result.returncode == 1
    assert "differs: models/bucket_settings.py" in result.stderr
    spec.write_text(original)

    extra = root / "generated" / "storage_sdk_gen_storage" / "api" / "uploads" / "stale.py"
    extra.write_text("")
    result = _check(root)
    assert result.returncode == 1 and "only in committed tree: api/uploads/stale.py" in result.stderr
    extra.unlink()

    (root / "generated" / "storage_sdk_gen_reduct" / "py.typed").unlink()
    result = _check(root)
    assert result.returncode == 1 and "missing from committed tree: py.typed" in result.stderr


def test_generated_packages_are_typed_and_specific_to_this_project() -> None:
    for package in st.PACKAGES.values():
        assert package.startswith("storage_sdk_")
        assert (ROOT / "generated" / package / "py.typed").exists()


# --- the spec against the server's own test data (reduct-admin-api.md, verbatim) ---


def _request_schema(operation_id: str) -> dict[str, Any]:
    op = next(o for o in st.operations("reduct") if o.operation_id == operation_id)
    body = st.resolve(st.load("reduct"), op.body["requestBody"])
    schema: dict[str, Any] = body["content"]["application/json"]["schema"]
    return schema


@pytest.mark.parametrize(
    ("operation_id", "body", "valid"),
    [
        (
            "createBucket",
            {"max_block_records": 1024, "max_block_size": 64000000, "quota_type": "NONE", "quota_size": 0},
            True,
        ),
        ("createBucket", {"quota_type": None}, True),
        ("createBucket", {"quota_type": "UNKNOWN"}, False),
        ("updateBucket", {"max_block_size": 1000, "quota_type": "FIFO"}, True),
        (
            "createToken",
            {
                "permissions": {"full_access": True, "read": ["bucket-1"], "write": []},
                "expires_at": "2026-03-16T10:00:00Z",
            },
            True,
        ),
        ("createToken", {"full_access": True, "read": ["b"], "write": []}, True),
        ("createToken", {}, True),
        ("createToken", {"permissions": {"full_access": False, "read": ["b*"], "write": []}, "ip_allowlist": []}, True),
        (
            "createLifecycle",
            {"type": "delete", "bucket": "bucket-1", "entries": ["entry-1"], "older_than": "1d", "interval": "1h"},
            True,
        ),
        ("createLifecycle", {"type": "delete", "bucket": "bucket-1", "older_than": "1d", "interval": None}, False),
        ("setReplicationMode", {"mode": "paused"}, True),
        ("setLifecycleMode", {"mode": "dry_run"}, True),
        ("renameBucket", {"new_name": "b2"}, True),
    ],
)
def test_server_test_request_bodies_against_the_spec(operation_id: str, body: Any, valid: bool) -> None:
    errors = list(st.validator("reduct", _request_schema(operation_id)).iter_errors(body))
    assert (errors == []) is valid, [e.message for e in errors]


def test_server_test_responses_against_the_spec() -> None:
    token = {
        "name": "t",
        "created_at": "2026-03-16T10:00:00.123456789Z",
        "value": "",
        "permissions": {"full_access": True, "read": ["b"], "write": ["b"]},
        "ip_allowlist": [],
        "is_provisioned": False,
        "expires_at": None,
        "ttl": None,
        "last_access": None,
        "is_expired": False,
    }
    entries = rd.ENTRIES  # verbatim from the server's test__get_bucket_stats
    info = {
        "name": "b",
        "entry_count": 2,
        "size": 83,
        "latest_record": 2000000,
        "oldest_record": 1000000,
        "is_provisioned": False,
        "status": "READY",
    }
    settings = {"max_block_size": 1000, "quota_type": "FIFO", "quota_size": 0, "max_block_records": 1024}
    cases = [
        ("FullTokenInfo", token),
        ("BucketFullInfo", {"entries": entries, "info": info, "settings": settings}),
        ("TokenCreateResponse", {"value": "t-0123456789abcdef0123456789abcdef", "created_at": "2026-03-16T10:00:00Z"}),
        ("ErrorDetail", {"detail": "Test error"}),
    ]
    names = {"BucketFullInfo": "FullBucketInfo"}
    for name, value in cases:
        schema = {"$ref": f"#/components/schemas/{names.get(name, name)}"}
        assert [e.message for e in st.validator("reduct", schema).iter_errors(value)] == [], name
