"""Issue 2: the specs, the generated packages, and the guards around them."""

from __future__ import annotations

import importlib
import inspect
import json
import re
import shutil
import subprocess
import sys
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate as validate_spec
from pytest_httpx import HTTPXMock

from storage_sdk.errors import (
    ReductError,
    ReductInvalidResponse,
    ReductNotFound,
    ReductServerError,
    StorageError,
    reduct_error_class,
    storage_error_class,
)
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


GONE = ("sync", "sync_detailed", "asyncio", "asyncio_detailed", "_get_kwargs", "_build_response", "_parse_response")
"""What the generator's own template emitted per operation; sending is the facade's HTTP core's job now."""


def _has_2xx_body(op: st.Operation) -> bool:
    return any(200 <= int(code) < 300 and r.get("content") for code, r in op.responses().items())


def _public(module: Any) -> set[str]:
    """The public names a module defines itself (imports such as ``Request`` or models are not its own)."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__
    }


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_every_operation_module_has_exactly_request_and_parse(name: str) -> None:
    from storage_sdk_gen_reduct.types import Request as ReductRequest
    from storage_sdk_gen_storage.types import Request as StorageRequest

    ops = st.operations(name)
    for op in ops:
        module = op.module  # ImportError here means the generator dropped the operation
        want = {"request", "parse"} if _has_2xx_body(op) else {"request"}
        assert _public(module) == want, f"{module.__name__}: {sorted(_public(module))}"
        assert not [fn for fn in GONE if hasattr(module, fn)], module.__name__
        path_params = re.findall(r"{(\w+)}", op.path)
        params = inspect.signature(module.request).parameters
        positional = [p for p, v in params.items() if v.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        assert positional == path_params, module.__name__
        assert all(v.kind is inspect.Parameter.KEYWORD_ONLY for p, v in params.items() if p not in positional)
        request = module.request(*[f"x{i}" for i in range(len(path_params))], **_required_keywords(module))
        assert isinstance(request, ReductRequest if name == "reduct" else StorageRequest)
        assert request.method == op.method.upper()
        assert request.path == op.path.format(**{p: f"x{i}" for i, p in enumerate(path_params)})
    api_dir = ROOT / "generated" / st.PACKAGES[name] / "api"
    generated = {p.stem for p in api_dir.rglob("*.py") if p.stem != "__init__"}
    assert generated == {st.snake(op.operation_id) for op in ops}
    package = importlib.import_module(st.PACKAGES[name])
    for gone in ("Client", "AuthenticatedClient"):
        assert not hasattr(package, gone)
    types = importlib.import_module(f"{st.PACKAGES[name]}.types")
    for gone in ("Response", "Unset", "UNSET"):
        assert not hasattr(types, gone)
    assert not hasattr(importlib.import_module(f"{st.PACKAGES[name]}.errors"), "UnexpectedStatus")


def _required_keywords(module: Any) -> dict[str, Any]:
    """Arguments for the required keyword-only parameters (bodies), built from their annotations."""
    out: dict[str, Any] = {}
    hints = typing.get_type_hints(module.request)
    for pname, param in inspect.signature(module.request).parameters.items():
        if param.kind is inspect.Parameter.KEYWORD_ONLY and param.default is inspect.Parameter.empty:
            out[pname] = _example_of(hints[pname])
    return out


def _example_of(cls: Any) -> Any:
    if typing.get_args(cls):  # a union of bodies (createToken): the first one
        cls = typing.get_args(cls)[0]
    examples = {
        "BucketSettings": {},
        "Permissions": {"full_access": True},
        "UploadRequest": {"content_type": "image/png", "prefix": ""},
        "DeleteRequest": {"key": "k"},
        "RenameRequest": {"new_name": "n"},
        "ReplicationModeRequest": {"mode": "paused"},
        "LifecycleModeRequest": {"mode": "enabled"},
        "ReplicationSettings": {"src_bucket": "a", "dst_bucket": "b", "dst_host": "http://h"},
        "LifecycleSettings": {"type": "delete", "bucket": "b", "older_than": "1d"},
    }
    if cls.__name__ == "UploadFileForm":
        from storage_sdk_gen_storage.types import File

        return cls(prefix="", file=File(payload=b"x", file_name="a", mime_type="image/png"))
    return cls(**examples[cls.__name__])


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


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _model_class(name: str, schema: dict[str, Any]) -> Any:
    """The generated class of a ``$ref`` schema (through the config's ``class_overrides``)."""
    schema_name = schema["$ref"].rsplit("/", 1)[-1]
    config = yaml.safe_load((ROOT / "openapi" / f"{name}.config.yaml").read_text())
    class_name = config.get("class_overrides", {}).get(schema_name, {}).get("class_name", schema_name)
    return getattr(importlib.import_module(f"{st.PACKAGES[name]}.models"), class_name)


@pytest.mark.parametrize("name", sorted(st.SPECS))
def test_response_examples_parse_and_round_trip(name: str) -> None:
    """Every JSON response example of the spec: success bodies through the operation's ``parse()``,
    error bodies through the error body model; each comes back the same from ``to_dict()``."""
    checked = parsed_by_parse = 0
    for op in st.operations(name):
        for code, key, value, schema in st.response_examples(op):
            label = f"{op.operation_id} {code} {key}"
            cls = _model_class(name, schema)
            if 200 <= int(code) < 300:
                parsed = op.module.parse(json.dumps(value).encode())
                parsed_by_parse += 1
            else:
                parsed = cls.from_dict(value)
            assert type(parsed) is cls, label
            # to_dict() leaves out optional fields that are None (the spec's examples spell some as null)
            assert _normalise(_without_nulls(parsed.to_dict())) == _normalise(_without_nulls(value)), label
            assert [e.message for e in st.validator(name, schema).iter_errors(parsed.to_dict())] == [], label
            assert type(parsed).from_dict(parsed.to_dict()) == parsed, label
            checked += 1
    assert checked >= (30 if name == "reduct" else 10)
    assert parsed_by_parse >= (10 if name == "reduct" else 4)


def test_u64_max_survives() -> None:
    from storage_sdk_gen_reduct.api.server import get_info
    from storage_sdk_gen_reduct.models import ServerInfo

    op = next(o for o in st.operations("reduct") if o.operation_id == "getInfo")
    value = dict(op.responses()["200"]["content"]["application/json"]["examples"]["no-buckets"]["value"])
    assert value["oldest_record"] == 2**64 - 1
    for info in (ServerInfo.from_dict(value), get_info.parse(json.dumps(value).encode())):
        assert info.oldest_record == 2**64 - 1
        assert info.to_dict()["oldest_record"] == 2**64 - 1
        assert json.loads(json.dumps(info.to_dict()))["oldest_record"] == 18446744073709551615
        assert info.license is not None and info.license.expiry_date.tzinfo is not None


# --- the generator's runtime crash cases (generator-notes 1.4 / 1.5 / section 7) ---
# Statuses are the HTTP core's job now (parse() only ever sees a 2xx body); enums and bodies are
# handled in the templates.

URL = "http://reduct.test:8383"
STORAGE_URL = "http://storage.test:8000"


@pytest.mark.parametrize(("code", "cls"), [(499, ReductError), (520, ReductServerError), (561, ReductServerError)])
def test_status_outside_httpstatus_does_not_crash(httpx_mock: HTTPXMock, code: int, cls: type[ReductError]) -> None:
    """nginx 499, Cloudflare 520, AWS 561: not in ``HTTPStatus``; they still become the service's errors."""
    from storage_sdk import Client, StorageClient

    httpx_mock.add_response(url=f"{URL}/api/v1/info", status_code=code, text="")
    httpx_mock.add_response(url=f"{STORAGE_URL}/uploads", status_code=code, text="")
    with Client(URL, api_token="t0ken-value", max_retries=0) as client, pytest.raises(ReductError) as info:
        client.info()
    assert type(info.value) is cls
    assert info.value.status_code == code
    assert info.value.message.startswith(f"HTTP {code}")  # no reason phrase to show: the status instead
    with StorageClient(STORAGE_URL, api_key="k3y-value", max_retries=0) as storage, pytest.raises(StorageError) as err:
        storage.create_upload("image/png")
    assert type(err.value) is storage_error_class(code)
    assert err.value.status_code == code and str(err.value) == f"storage error (status={code})"


@pytest.mark.parametrize(
    "body",
    [b"", b"Bad Gateway", b"<html><body><h1>502 Bad Gateway</h1></body></html>", b'{"detail": 5', b"[1, 2]"],
)
@pytest.mark.parametrize("code", [400, 401, 404, 500, 502, 503])
def test_error_body_that_is_not_the_documented_json_does_not_crash(
    httpx_mock: HTTPXMock, code: int, body: bytes
) -> None:
    """A proxy's empty, text or HTML error page is never parsed as a model: the status and a short excerpt
    make the error (``.detail`` keeps the raw body for storage)."""
    from storage_sdk import Client, StorageClient

    headers = {"content-type": "text/html"}
    httpx_mock.add_response(url=f"{URL}/api/v1/b/x", status_code=code, content=body, headers=headers)
    httpx_mock.add_response(url=f"{STORAGE_URL}/uploads", status_code=code, content=body, headers=headers)
    with Client(URL, api_token="t0ken-value", max_retries=0) as client, pytest.raises(ReductError) as info:
        client.get_bucket("x")
    assert type(info.value) is reduct_error_class(code) and info.value.status_code == code
    assert info.value.message.endswith("(not from ReductStore: no x-reduct-api header)")
    assert "<" not in info.value.message
    with StorageClient(STORAGE_URL, api_key="k3y-value", max_retries=0) as storage, pytest.raises(StorageError) as err:
        storage.create_upload("image/png")
    assert type(err.value) is storage_error_class(code) and err.value.status_code == code
    assert err.value.detail == body.decode()
    assert "<" not in str(err.value) and len(str(err.value)) <= 200


def test_error_body_that_is_json_is_still_parsed(httpx_mock: HTTPXMock) -> None:
    from storage_sdk_gen_reduct.models import ReductErrorBody

    from storage_sdk import Client

    body = {"detail": "Bucket 'x' is not found"}
    assert ReductErrorBody.from_dict(body).detail == "Bucket 'x' is not found"
    httpx_mock.add_response(url=f"{URL}/api/v1/b/x", status_code=404, json=body, headers={"x-reduct-api": "1.21"})
    with Client(URL, api_token="t0ken-value", max_retries=0) as client, pytest.raises(ReductNotFound) as info:
        client.get_bucket("x")
    assert info.value.message == "Bucket 'x' is not found"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"", "empty document"),  # orjson's words (the generated decode_json)
        (b"<html><body>502 Bad Gateway</body></html>", "expected a JSON value"),
        (b'{"version": "1.21", "bucket_count": 1, "usa', "unexpected end of data"),
        (b"[1, 2]", "ServerInfo: expected object, got array"),
        (b'{"version": "1.21"}', "ServerInfo.bucket_count: missing"),
        (b'{"version": "1.21", "bucket_count": "1"}', "ServerInfo.bucket_count: expected integer, got str"),
    ],
)
def test_malformed_success_body_raises_a_value_error_naming_the_problem(body: bytes, problem: str) -> None:
    """A 2xx that does not parse is never hidden as ``None``: ``parse()`` raises, and the facade maps it."""
    from storage_sdk_gen_reduct.api.server import get_info
    from storage_sdk_gen_reduct.types import DecodeError

    with pytest.raises(ValueError, match=re.escape(problem)) as info:
        get_info.parse(body)
    not_json = problem in ("empty document", "expected a JSON value", "unexpected end of data")
    assert isinstance(info.value, DecodeError) == (not not_json)


def test_the_facade_maps_a_malformed_success_body(httpx_mock: HTTPXMock) -> None:
    from storage_sdk import Client

    httpx_mock.add_response(url=f"{URL}/api/v1/info", json={"version": "1.21"}, headers={"x-reduct-api": "1.21"})
    with Client(URL, api_token="t0ken-value", max_retries=0) as client, pytest.raises(ReductInvalidResponse) as info:
        client.info()
    assert info.value.status_code == 200
    assert "ServerInfo.bucket_count: missing" in info.value.message


def test_unknown_enum_values_do_not_crash() -> None:
    from storage_sdk_gen_reduct.api.bucket import get_bucket
    from storage_sdk_gen_reduct.models import BucketInfo, QuotaType, ReplicationInfo, ReplicationMode, Status
    from storage_sdk_gen_reduct.models.quota_type import quota_type_from_wire, to_quota_type

    bucket = {
        "name": "b",
        "entry_count": 0,
        "size": 0,
        "oldest_record": 0,
        "latest_record": 0,
        "is_provisioned": False,
        "status": "ARCHIVED",
    }
    info = BucketInfo.from_dict(bucket)
    assert info.status == "ARCHIVED" and isinstance(info.status, Status)  # a pseudo-member
    assert info.status.value == "ARCHIVED"
    assert info.to_dict()["status"] == "ARCHIVED"
    # from_dict looks a known value up in the enum's own map: the real member, not a copy
    assert BucketInfo.from_dict({**bucket, "status": "READY"}).status is Status.READY
    assert BucketInfo.from_dict(bucket).status == "ARCHIVED"  # decoded again: still no error
    with pytest.raises(ValueError):
        Status("ARCHIVED")  # a pseudo-member never joins the map that from_dict reads
    full = get_bucket.parse(json.dumps({"info": bucket, "settings": {"quota_type": "TIERED"}, "entries": []}).encode())
    assert full.info.status == "ARCHIVED"
    assert full.settings.quota_type == "TIERED" and isinstance(full.settings.quota_type, QuotaType)
    assert full.to_dict()["settings"]["quota_type"] == "TIERED"
    assert quota_type_from_wire("FIFO") is QuotaType.FIFO  # known values are still the real members
    assert quota_type_from_wire("NEW_KIND") == "NEW_KIND"
    rep = ReplicationInfo.from_dict(
        {"name": "r", "mode": "throttled", "is_active": True, "is_provisioned": False, "pending_records": 0}
    )
    assert rep.mode == "throttled" and isinstance(rep.mode, ReplicationMode)
    # what a user passes is still checked strictly (ARCH: `ReplicationMode("bogus")` raises)
    with pytest.raises(ValueError):
        QuotaType("NEW_KIND")
    with pytest.raises(ValueError, match="'FIFO'"):
        to_quota_type("NEW_KIND")
    assert to_quota_type("fifo") is QuotaType.FIFO
    with pytest.raises(ValueError):
        QuotaType(5)  # type: ignore[arg-type]  # not a string: still rejected


def test_unknown_extra_fields_are_kept_not_fatal() -> None:
    from storage_sdk_gen_reduct.models import EntryInfo

    value = {
        "name": "e",
        "size": 1,
        "record_count": 1,
        "block_count": 1,
        "oldest_record": 1,
        "latest_record": 1,
        "status": "READY",
        "new_field": {"a": 1},
    }
    entry = EntryInfo.from_dict(value)
    assert entry.additional_properties == {"new_field": {"a": 1}}
    assert entry.to_dict() == value


def test_entry_names_keep_their_slashes_and_other_names_are_escaped() -> None:
    from storage_sdk_gen_reduct.api.bucket import get_bucket
    from storage_sdk_gen_reduct.api.entry import remove_entry, rename_entry
    from storage_sdk_gen_reduct.models import RenameRequest

    assert remove_entry.request("b", "camera/front").path == "/api/v1/b/b/camera/front"
    renamed = rename_entry.request("b", "a/b", body=RenameRequest(new_name="c"))
    assert renamed.path == "/api/v1/b/b/a/b/rename"
    assert renamed.json == {"new_name": "c"}
    assert get_bucket.request("a/b").path == "/api/v1/b/a%2Fb"
    assert get_bucket.request("a b?#").path == "/api/v1/b/a%20b%3F%23"


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
