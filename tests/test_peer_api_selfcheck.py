"""Self-checks of the peer-comparison tooling: tests/peer_api.py, storage_sdk.testing.FakeReduct, tests/scripts/*.py.

(a) the introspection functions return what the installed reduct-py 1.21.0 / opengater-storage-client 0.2.2 are
    known to have; (b) the user scripts run against stand-in servers with the real peer packages and print no
    unexpected ``ERROR`` line; (c) the ReductStore stand-in answers raw requests the way the reference says.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from storage_sdk.testing import DEMO_LICENSE, FakeStorage
from storage_sdk.testing import FakeReduct as StandInReduct
from tests import peer_api

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "scripts"
TOKEN = "init-token-value"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def run_script(*args: str) -> tuple[list[str], str]:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout.splitlines(), proc.stderr


def error_lines(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        label, sep, value = line.partition(": ")
        if sep and value.startswith("ERROR "):
            found[label] = value
    return found


# ------------------------------------------------------------------------------------------------
# (a) peer_api


def test_reductpy_models_known_facts() -> None:
    models = peer_api.reductpy_models()
    assert models["LifecycleSettings"]["type"] == {"default": "LifecycleType.DELETE", "annotation": "LifecycleType"}
    assert models["LifecycleSettings"]["interval"]["default"] == "None"  # sent as "interval": null
    assert models["LifecycleSettings"]["older_than"]["default"] == peer_api.REQUIRED
    assert models["LifecycleSettings"]["processing_interval"]["default"] == "None"
    assert {f: models["Permissions"][f]["default"] for f in ("full_access", "read", "write")} == {
        "full_access": "False",
        "read": "[]",
        "write": "[]",
    }
    replication = models["ReplicationSettings"]
    assert replication["entries"]["default"] == "[]"
    assert replication["dst_prefix"]["default"] == "''"
    assert replication["mode"]["default"] == "ReplicationMode.ENABLED"
    assert replication["compression"]["default"] == "ReplicationCompression.NONE"
    assert replication["dst_token"] == {"default": "None", "annotation": "Optional[str]"}
    assert models["BucketSettings"]["quota_type"] == {"default": "None", "annotation": "Optional[QuotaType]"}
    assert "instance_name" not in models["ServerInfo"]
    assert models["ServerInfo"]["license"]["default"] == "None"
    assert models["LicenseInfo"]["fingerprint"]["default"] == peer_api.REQUIRED
    assert "permissions" not in models["Token"] and "value" not in models["Token"]
    assert models["FullTokenInfo"]["permissions"]["default"] == peer_api.REQUIRED
    assert models["TokenCreateRequest"]["expires_at"] == {"default": "None", "annotation": "datetime | None"}
    assert models["LifecycleInfo"]["type"]["default"] == "LifecycleType.DELETE"
    assert models["BucketInfo"]["status"]["default"] == "Status.READY"
    assert "ReplicationDiagnostics" not in models
    nested = peer_api.reductpy_models(include_nested=True)
    assert nested["ReplicationDiagnosticsDetail"]["errors"]["annotation"] == "Dict[int, ReplicationDiagnosticsError]"
    assert set(models) < set(nested)


def test_reductpy_enums_and_methods() -> None:
    enums = peer_api.reductpy_enums()
    assert enums["LifecycleMode"] == {"ENABLED": "enabled", "DISABLED": "disabled", "DRY_RUN": "dry_run"}
    assert enums["QuotaType"] == {"NONE": "NONE", "FIFO": "FIFO", "HARD": "HARD"}
    assert enums["ReplicationCompression"] == {"NONE": "none", "ZSTD": "zstd", "GZIP": "gzip"}

    methods = peer_api.reductpy_methods()
    assert methods["Client.__init__"] == [
        ("url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("api_token", "POSITIONAL_OR_KEYWORD", "None"),
        ("timeout", "POSITIONAL_OR_KEYWORD", "None"),
        ("extra_headers", "POSITIONAL_OR_KEYWORD", "None"),
        ("kwargs", "VAR_KEYWORD", ""),
    ]
    assert [p[0] for p in methods["Client.set_replication_mode"]] == ["replication_name", "mode"]
    assert [p[0] for p in methods["Client.update_lifecycle"]] == ["lifecycle_name", "settings"]
    assert [p[0] for p in methods["Client.get_token"]] == ["name"]
    assert methods["Client.create_bucket"][2] == ("exist_ok", "POSITIONAL_OR_KEYWORD", "False")
    assert "Client.close" not in methods
    assert "Bucket.rename_entry" in methods

    kinds = peer_api.reductpy_method_kinds()
    assert kinds["Client.info"] == "coroutine"
    assert kinds["Bucket.read"] == "async_context_manager"
    assert kinds["Bucket.query"] == "async_generator"
    assert kinds["Client.__aenter__"] == "coroutine"

    kwargs = peer_api.reductpy_kwargs()
    assert kwargs["Client.__init__"] == ["session", "verify_ssl"]
    assert kwargs["Client.create_token"] == ["expires_at", "ip_allowlist", "ttl"]
    assert {"labels", "content_type"} <= set(kwargs["Bucket.write"])

    errors = peer_api.reductpy_errors()["ReductError"]
    assert errors["bases"] == ["Exception"]
    assert [p[0] for p in errors["init"]] == ["code", "message"]
    assert {"status_code", "message"} <= set(errors["attributes"])
    assert errors["str"]["404"] == "Status 404: Bucket 'x' is not found"


def test_opengater_api_known_facts() -> None:
    models = peer_api.opengater_models()
    assert models == {
        "StoredObject": {
            "key": {"default": "REQUIRED", "annotation": "str"},
            "public_url": {"default": "REQUIRED", "annotation": "str"},
        },
        "UploadResult": {
            "upload_url": {"default": "REQUIRED", "annotation": "str"},
            "key": {"default": "REQUIRED", "annotation": "str"},
            "public_url": {"default": "REQUIRED", "annotation": "str"},
        },
    }
    methods = peer_api.opengater_methods()
    assert methods["StorageClient.__init__"] == [
        ("base_url", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("api_key", "POSITIONAL_OR_KEYWORD", "REQUIRED"),
        ("timeout", "POSITIONAL_OR_KEYWORD", "30.0"),
    ]
    assert methods["StorageClient.delete_object"] == [
        ("public_url", "POSITIONAL_OR_KEYWORD", "None"),
        ("key", "POSITIONAL_OR_KEYWORD", "None"),
    ]
    assert methods["StorageClient.create_upload"][1] == ("prefix", "POSITIONAL_OR_KEYWORD", "''")
    assert "StorageClient.__aenter__" not in methods  # no async context manager despite the README
    assert set(peer_api.opengater_method_kinds().values()) == {"sync", "coroutine"}

    errors = peer_api.opengater_errors()
    assert sorted(errors) == [
        "StorageAuthError",
        "StorageBadRequest",
        "StorageError",
        "StoragePayloadTooLarge",
        "StorageUnavailable",
    ]
    assert errors["StorageError"]["bases"] == ["Exception"]
    assert all(errors[n]["bases"] == ["StorageError"] for n in errors if n != "StorageError")
    assert errors["StorageError"]["init"] == [
        ("status_code", "KEYWORD_ONLY", "None"),
        ("detail", "KEYWORD_ONLY", "None"),
    ]
    assert errors["StorageError"]["attributes"] == ["detail", "status_code"]
    assert errors["StorageUnavailable"]["str"] == {
        "none": "storage error (status=None)",
        "status_only": "storage error (status=503)",
        "detail": "content_type not allowed",
    }


# ------------------------------------------------------------------------------------------------
# (b) the scripts with the real peers


def test_reductpy_admin_script_against_standin() -> None:
    with StandInReduct(api_token=TOKEN, license=DEMO_LICENSE, track_last_access=False) as server:
        server.add_bucket("data")
        server.add_entry("data", "entry-1", 40, 1)
        server.add_entry("data", "entry-2", 43, 1, oldest_record=2_000_000)
        server.set_replication_status("repl-1", ok=7, errored=3, errors={"500": {"count": 3, "last_message": "boom"}})
        lines, stderr = run_script(str(SCRIPTS / "reductpy_admin.py"), server.url, TOKEN)
        requests = list(server.requests)

    output = "\n".join(lines) + "\n" + stderr
    errors = error_lines(lines)
    # the one reduct-py bug the reference predicts: LifecycleSettings(interval=None) is sent as "interval": null
    assert set(errors) == {"lifecycle.defaults.create"}, output
    assert errors["lifecycle.defaults.create"].startswith(
        "ERROR ReductError: Status 422: Invalid JSON: invalid type: null, expected a string at line 1 column "
    )
    for expected in [
        "info.version: '1.21.0'",
        "info.license.plan: 'STANDARD'",
        "info.license.expiry_date: 2035-01-01T00:00:00+00:00",
        "info.defaults.bucket.max_block_size: 64000000",
        "bucket.set_settings.after.max_block_records: 10",
        "bucket.rename_entry.after.names: ['entry-1-renamed', 'entry-2']",
        "bucket.remove_entry.after.names: ['entry-1-renamed']",
        "bucket.rename.name: 'tmp-renamed'",
        "permissions.write: []",
        "token.create_reader.value: 'reader-<32 hex>'",
        "token.get.expires_at: 2099-01-01T00:00:00+00:00",
        "token.get.ip_allowlist: ['10.0.0.0/8', '127.0.0.1']",
        "token.me.name: 'init-token'",
        "token.reader.list: ['data']",
        "token.rotate.changed: True",
        "replication.defaults.compression: 'none'",
        "replication.detail.diagnostics.hourly.errors[500].count: 3",
        "replication.detail.diagnostics.hourly.errors[500].last: 'boom'",
        "replication.detail.diagnostics.hourly.errors.key_types: ['int']",
        "replication.update.settings.dst_token: None",
        "replication.mode.info.mode: 'paused'",
        "lifecycle.defaults.type: 'delete'",
        "lifecycle.defaults.interval: None",
        "lifecycle.update.info.type: 'compress'",
        "lifecycle.mode.info.mode: 'dry_run'",
        "error.bucket_missing.str: \"Status 404: Bucket 'missing' is not found\"",
        "error.bucket_missing.status_code: 404",
        "error.bucket_missing.message: \"Bucket 'missing' is not found\"",
        "error.bucket_exists.str: \"Status 409: Bucket 'data' already exists\"",
        "error.bucket_exists.status_code: 409",
        "error.forbidden.status_code: 403",
        "error.rotated_token.message: 'Invalid token'",
        "cleanup.buckets: ['data']",
    ]:
        assert expected in lines, f"missing {expected!r}\n{output}"

    # what reduct-py put on the wire
    lifecycle_bodies = [r.body for r in requests if r.method == "POST" and r.path == "/api/v1/lifecycles/lc-defaults"]
    assert lifecycle_bodies and b'"interval":null' in lifecycle_bodies[0]
    create = next(r for r in requests if r.method == "POST" and r.path == "/api/v1/b/logs")
    assert create.header("Content-Type") == "text/plain; charset=utf-8"
    assert json.loads(create.body) == {
        "max_block_size": 32000000,
        "max_block_records": None,
        "quota_type": None,
        "quota_size": None,
    }
    token = next(r for r in requests if r.method == "POST" and r.path == "/api/v1/tokens/temp")
    assert json.loads(token.body) == {
        "permissions": {"full_access": False, "read": ["data*"], "write": ["logs"]},
        "expires_at": "2099-01-01T00:00:00Z",
        "ttl": 3600,
        "ip_allowlist": ["127.0.0.1", "10.0.0.0/8"],
    }
    rename = next(r for r in requests if r.path == "/api/v1/b/tmp/rename")
    assert rename.header("Content-Type") == "application/json"
    mode = next(r for r in requests if r.path == "/api/v1/replications/repl-1/mode")
    assert mode.body == b'{"mode": "paused"}'


class _StorageStandIn(FakeStorage):
    """storage_sdk.testing.FakeStorage with a 4 KiB limit on ``/uploads/file`` (413): just enough of an
    opengater-storage server for tests/scripts/opengater_user.py (``X-API-Key`` 401, images only 400, foreign
    ``public_url`` on delete 400, DELETE answers 204)."""

    LIMIT = 4096

    def __init__(self, api_key: str) -> None:
        super().__init__(api_key, max_upload_size=self.LIMIT)


@pytest.fixture
def storage_standin() -> Iterator[_StorageStandIn]:
    server = _StorageStandIn("key-1")
    try:
        yield server
    finally:
        server.stop()


def test_opengater_user_script_against_standin(storage_standin: _StorageStandIn) -> None:
    lines, stderr = run_script(str(SCRIPTS / "opengater_user.py"), storage_standin.url, "key-1", "10000")
    output = "\n".join(lines) + "\n" + stderr
    assert error_lines(lines) == {}, output
    for expected in [
        "create_upload.type: 'UploadResult'",
        "create_upload.key: {'depth': 2, 'keeps_extension': None, 'keeps_filename': None, 'starts_with_prefix': True}",
        "upload_file.type: 'StoredObject'",
        "upload_file.fields: ['key', 'public_url']",
        "upload_file_unicode.key: {'depth': 0, 'keeps_extension': True, 'keeps_filename': True, "
        "'starts_with_prefix': True}",
        "delete_object_by_key.result: None",
        "error.no_target.raised: 'ValueError'",
        "error.no_target.str: 'provide at least one of: public_url, key'",
        "error.pdf.raised: 'StorageBadRequest'",
        "error.pdf.status_code: 400",
        'error.pdf.detail: \'{"detail":"content_type not allowed"}\'',  # FastAPI's compact JSON
        "error.foreign_url.raised: 'StorageBadRequest'",
        "error.wrong_key.raised: 'StorageAuthError'",
        "error.wrong_key.status_code: 401",
        "error.too_large.raised: 'StoragePayloadTooLarge'",
        "error.too_large.kinds: ['too_large']",
        "error.unreachable.raised: 'StorageUnavailable'",
        "error.unreachable.status_code: None",
        "error.unreachable.has_cause: True",
        "lifecycle.async_with.raised: 'TypeError'",
        "lifecycle.aclose_twice: 'ok'",
    ]:
        assert expected in lines, f"missing {expected!r}\n{output}"
    assert storage_standin.objects == {}


# ------------------------------------------------------------------------------------------------
# (c) the stand-in, raw


@pytest.fixture
def reduct() -> Iterator[tuple[StandInReduct, httpx.Client]]:
    with StandInReduct(api_token=TOKEN) as server, httpx.Client(base_url=server.url + "/api/v1", headers=AUTH) as c:
        yield server, c


def test_standin_info_exact(reduct: tuple[StandInReduct, httpx.Client]) -> None:
    _, client = reduct
    response = client.get("/info")
    assert response.status_code == 200
    assert response.headers["x-reduct-api"] == "1.21"
    assert response.headers["server"] == "ReductStore 1.21.0"
    assert response.headers["content-type"] == "application/json"
    assert "x-reduct-error" not in response.headers
    uptime = response.json()["uptime"]
    assert uptime in (0, 1)
    assert response.content == (
        b'{"version":"1.21.0","instance_name":"","instance_role":"STANDALONE","bucket_count":0,"usage":0,'
        b'"uptime":%d,"oldest_record":18446744073709551615,"latest_record":0,"defaults":{"bucket":'
        b'{"quota_type":"NONE","quota_size":0,"max_block_size":64000000,"max_block_records":1024}},"license":null}'
        % uptime
    )


def test_standin_bucket_create_twice(reduct: tuple[StandInReduct, httpx.Client]) -> None:
    _, client = reduct
    first = client.post("/b/data")
    assert (first.status_code, first.content) == (200, b"")
    assert first.headers["x-reduct-api"] == "1.21"
    second = client.post("/b/data", content=b'{"quota_type":"FIFO"}')
    assert second.status_code == 409
    assert second.headers["x-reduct-error"] == "Bucket 'data' already exists"
    assert second.headers["content-type"] == "application/json"
    assert second.content == b'{"detail": "Bucket \'data\' already exists"}'
    settings = client.get("/b/data").json()["settings"]
    assert settings == {"quota_type": "NONE", "quota_size": 0, "max_block_size": 64000000, "max_block_records": 1024}
    assert client.put("/b/data", content=b'{"max_block_size":1000,"quota_type":"FIFO"}').content == b""
    assert client.get("/b/data").json()["settings"] == {
        "quota_type": "FIFO",
        "quota_size": 0,
        "max_block_size": 1000,
        "max_block_records": 1024,
    }
    bad = client.post("/b/other", content=b"xxx")
    assert (bad.status_code, bad.headers["x-reduct-error"]) == (422, "Invalid JSON: expected value at line 1 column 1")


def test_standin_lifecycle_interval_null(reduct: tuple[StandInReduct, httpx.Client]) -> None:
    server, client = reduct
    server.add_bucket("data")
    body = b'{"type":"delete","bucket":"data","entries":[],"older_than":"7d","interval":null}'
    response = client.post("/lifecycles/lc", content=body)
    assert response.status_code == 422
    message = "Invalid JSON: invalid type: null, expected a string at line 1 column 79"
    assert response.headers["x-reduct-error"] == message
    assert response.content == b'{"detail": "' + message.encode() + b'"}'
    assert client.post("/lifecycles/lc", content=b'{"type":"delete","bucket":"data","older_than":"7d"}').content == b""
    assert client.get("/lifecycles/lc").content == (
        b'{"info":{"name":"lc","is_provisioned":false,"is_running":true,"type":"delete","mode":"enabled",'
        b'"last_run":null},"settings":{"type":"delete","bucket":"data","entries":[],"older_than":"7d",'
        b'"interval":"3600s","when":null,"processing_interval":null,"mode":"enabled"}}'
    )
    missing = client.get("/lifecycles/nope")
    assert (missing.status_code, missing.headers["x-reduct-error"]) == (404, "Lifecycle 'nope' does not exist")


def test_standin_protocol_edges(reduct: tuple[StandInReduct, httpx.Client]) -> None:
    server, client = reduct
    head = client.head("/b/missing")
    assert (head.status_code, head.content, head.headers["x-reduct-error"]) == (
        404,
        b"",
        "Bucket 'missing' is not found",
    )
    wrong_method = client.put("/tokens/x")
    assert wrong_method.status_code == 405 and "x-reduct-error" not in wrong_method.headers
    fallback = client.get("/NOTEXIST")
    assert (fallback.status_code, fallback.headers["x-reduct-error"]) == (404, "Not found")
    assert client.get("/info", headers={"Authorization": "nope"}).headers["x-reduct-error"] == (
        "No bearer token in request header"
    )
    assert client.get("/info", headers={"Authorization": "Bearer nope"}).headers["x-reduct-error"] == "Invalid token"
    assert client.get("/alive", headers={"Authorization": ""}).status_code == 200
    server.add_bucket("tmp")
    rename = client.put("/b/tmp/rename", content=b'{"new_name":"tmp2"}')
    assert (rename.status_code, rename.text) == (415, "Expected request with `Content-Type: application/json`")
    assert "x-reduct-error" not in rename.headers
    assert client.put("/b/tmp/rename", json={"new_name": "tmp2"}).status_code == 200
    me = client.get("/me").json()
    assert (me["name"], me["permissions"], me["ip_allowlist"]) == (
        "init-token",
        {"full_access": True, "read": [], "write": []},
        [],
    )


def test_standin_tokens_and_permissions(reduct: tuple[StandInReduct, httpx.Client]) -> None:
    server, client = reduct
    server.add_bucket("data")
    server.add_bucket("private")
    created = client.post("/tokens/reader", content=b'{"read":["data"]}')  # v1 body
    value = created.json()["value"]
    assert re.fullmatch(r"reader-[0-9a-f]{32}", value)
    assert list(created.json()) == ["value", "created_at"]
    assert client.post("/tokens/reader", content=b"{}").headers["x-reduct-error"] == "Token 'reader' already exists"
    assert client.post("/tokens/x", content=b'{"permissions":{},"bogus":1}').headers["x-reduct-error"] == (
        "Invalid body"
    )
    token = client.get("/tokens/reader").json()
    assert token["value"] == "" and token["permissions"] == {"full_access": False, "read": ["data"], "write": []}
    reader = {"Authorization": f"Bearer {value}"}
    assert [b["name"] for b in client.get("/list", headers=reader).json()["buckets"]] == ["data"]
    forbidden = client.get("/b/private", headers=reader)
    assert (forbidden.status_code, forbidden.headers["x-reduct-error"]) == (
        403,
        "Token 'reader' doesn't have read access to bucket 'private'",
    )
    assert client.head("/b/private", headers=reader).status_code == 200
    assert client.get("/tokens", headers=reader).headers["x-reduct-error"] == "Token 'reader' doesn't have full access"
    missing = client.get("/tokens/nope")
    assert missing.headers["x-reduct-error"] == "Token 'nope' doesn't exist"
    assert client.delete("/tokens/init-token").headers["x-reduct-error"] == (
        "Can't remove provisioned token 'init-token'"
    )


def test_standin_without_authentication_and_deletion_lag() -> None:
    with StandInReduct(api_token=None, deletion_lag=1) as server, httpx.Client(base_url=server.url + "/api/v1") as c:
        assert c.get("/me").json()["name"] == "AUTHENTICATION-DISABLED"
        assert c.get("/tokens").content == b'{"tokens":[]}'
        disabled = c.post("/tokens/t", content=b"{}")
        assert (disabled.status_code, disabled.headers["x-reduct-error"]) == (400, "Authentication is disabled")
        assert c.delete("/tokens/t").status_code == 200
        server.add_bucket("gone")
        assert c.delete("/b/gone").status_code == 200
        assert c.get("/list").json()["buckets"][0]["status"] == "DELETING"  # the next request sees it deleting
        assert c.get("/b/gone").headers["x-reduct-error"] == "Bucket 'gone' is not found"
