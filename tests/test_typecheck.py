"""Wrong types are caught: statically by ``mypy --strict`` (the project's config), and at run time by
the generated models (``from_dict`` and construction) and the core's check of request models."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from storage_sdk_gen_reduct.models import BucketList, ReplicationDetailInfo, ReplicationSettings, ServerInfo
from storage_sdk_gen_reduct.types import DecodeError
from storage_sdk_gen_storage.models import UploadResult

from storage_sdk._core._typecheck import mismatch
from tests import reduct_data as rd
from tests.spec_tools import ROOT

BUCKET = {
    "name": "b",
    "entry_count": 1,
    "size": 2,
    "oldest_record": 3,
    "latest_record": 4,
    "is_provisioned": False,
    "status": "READY",
}

# ------------------------------------------------------------------------------------------------
# mypy --strict, with the project's own configuration (pyproject.toml: mypy_path = src, generated)

GOOD = """
from storage_sdk import AsyncClient, Client, StorageClient
from storage_sdk_gen_reduct.api.bucket import create_bucket, get_bucket
from storage_sdk_gen_reduct.api.entry import rename_entry
from storage_sdk_gen_reduct.api.server import get_info
from storage_sdk_gen_reduct.api.token import create_token
from storage_sdk_gen_reduct.models import (
    BucketFullInfo, BucketSettings, Permissions, QuotaType, RenameRequest, ServerInfo,
)
from storage_sdk_gen_reduct.types import Request
from storage_sdk_gen_storage.api.uploads import create_upload
from storage_sdk_gen_storage.models import UploadRequest, UploadResult


def operations() -> list[Request]:
    return [
        get_info.request(),
        get_bucket.request("b"),
        create_bucket.request("b"),
        create_bucket.request("b", body=BucketSettings(quota_size=5, quota_type=QuotaType.FIFO)),
        rename_entry.request("b", "cam/front", body=RenameRequest(new_name="c")),
        create_token.request("t", body=Permissions(full_access=True, read=["b"])),
    ]


def parsed(content: bytes) -> tuple[ServerInfo, BucketFullInfo, int, str]:
    info = get_info.parse(content)
    full = get_bucket.parse(content)
    return info, full, info.usage + full.info.size, info.version.upper()


def storage(content: bytes) -> str:
    request = create_upload.request(body=UploadRequest(content_type="image/png", prefix=""))
    result: UploadResult = create_upload.parse(content)
    return request.method + result.public_url


def facades() -> int:
    with Client("http://h:8383", api_token="t") as client:
        usage = client.info().usage
    with StorageClient("http://h:8000", api_key="k") as storage:
        storage.delete_object(key="k")
    return usage


async def facade_async() -> str:
    async with AsyncClient("http://h:8383") as client:
        return (await client.info()).version
"""

BAD = """
from storage_sdk import Client, StorageClient
from storage_sdk_gen_reduct.api.bucket import create_bucket, get_bucket
from storage_sdk_gen_reduct.api.server import get_info
from storage_sdk_gen_reduct.models import BucketSettings
from storage_sdk_gen_storage.api.uploads import create_upload
from storage_sdk_gen_storage.models import UploadRequest

get_info.request(42)  # expect: Too many arguments for "request"
create_bucket.request("b", body="x")  # expect: Argument "body" to "request" has incompatible type "str"
get_bucket.request(5)  # expect: Argument 1 to "request" has incompatible type "int"; expected "str"
create_upload.request(UploadRequest(content_type="a/b", prefix=""))  # expect: Too many positional arguments
create_bucket.request("b", body=BucketSettings(quota_size="5"))  # expect: Argument "quota_size" to "BucketSettings"
version: int = get_info.parse(b"{}").version  # expect: Incompatible types in assignment
get_info.parse("{}")  # expect: Argument 1 to "parse" has incompatible type "str"; expected "bytes"
get_info.parse(b"{}").nope  # expect: "ServerInfo" has no attribute "nope"
Client("http://h").create_bucket(5)  # expect: Argument 1 to "create_bucket" of "Client" has incompatible type "int"
StorageClient("http://h", api_key=1)  # expect: Argument "api_key" to "StorageClient" has incompatible type "int"
"""


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[int, str]]]:
    """mypy --strict over a correct and a wrong module at once: {module: [(line, message)]}."""
    directory = tmp_path_factory.mktemp("mypy")
    files = {"good_calls": GOOD, "bad_calls": BAD}
    for name, text in files.items():
        (directory / f"{name}.py").write_text(textwrap.dedent(text).lstrip())
    mypy = Path(sys.executable).with_name("mypy")
    result = subprocess.run(
        [
            str(mypy),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(directory / ".mypy_cache"),
            "--no-error-summary",
            *(str(directory / f"{name}.py") for name in files),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,  # mypy_path (src, generated) is relative to the working directory
        timeout=600,
    )
    assert result.returncode in (0, 1) and not result.stderr.strip(), result.stdout + result.stderr
    found: dict[str, list[tuple[int, str]]] = {name: [] for name in files}
    for line in result.stdout.splitlines():
        match = re.match(r"^(?:.*[/\\])?(\w+)\.py:(\d+): error: (.*)$", line)
        assert match is not None or not line.strip() or ": note: " in line, line
        if match is not None:
            found.setdefault(match.group(1), []).append((int(match.group(2)), match.group(3)))
    return found


def test_the_project_config_is_strict() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    config = text[text.index("[tool.mypy]") :]
    assert re.search(r"^strict = true$", config, re.M)
    assert re.search(r'^mypy_path = \["src", "generated"\]$', config, re.M)


def test_correct_calls_type_check(mypy_output: dict[str, list[tuple[int, str]]]) -> None:
    assert mypy_output["good_calls"] == []


def test_mypy_reports_each_wrong_argument(mypy_output: dict[str, list[tuple[int, str]]]) -> None:
    lines = textwrap.dedent(BAD).lstrip().splitlines()
    expected = {i + 1: line.split("# expect: ", 1)[1] for i, line in enumerate(lines) if "# expect: " in line}
    assert len(expected) >= 10
    reported = mypy_output["bad_calls"]
    for number, message in expected.items():
        at_line = [text for n, text in reported if n == number]
        assert any(message in text for text in at_line), f"line {number} ({lines[number - 1]}): mypy said {at_line}"
    assert {n for n, _ in reported} <= set(expected), reported  # nothing else was flagged


# ------------------------------------------------------------------------------------------------
# at run time: answers (from_dict / parse) and what users build (construction, assignment)


def test_well_typed_models_pass() -> None:
    assert mismatch(ServerInfo.from_dict(rd.SERVER_INFO), ServerInfo, "body") is None
    assert mismatch(BucketList.from_dict({"buckets": [BUCKET, BUCKET]}), BucketList, "body") is None
    assert mismatch(ReplicationDetailInfo.from_dict(rd.REPLICATION_DETAIL), ReplicationDetailInfo, "body") is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("size", "2", "BucketInfo.size: expected integer, got str"),
        ("size", True, "BucketInfo.size: expected integer, got bool"),
        ("size", None, "BucketInfo.size: expected integer, got null"),
        ("is_provisioned", 0, "BucketInfo.is_provisioned: expected boolean, got int"),
        ("name", 5, "BucketInfo.name: expected string, got int"),
    ],
)
def test_a_misfit_in_an_answer_is_named_with_its_model_and_field(field: str, value: Any, message: str) -> None:
    bad = dict(BUCKET, **{field: value})
    with pytest.raises(DecodeError) as info:
        BucketList.from_dict({"buckets": [BUCKET, bad]})
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_nested_maps_and_nullable_fields() -> None:
    detail = ReplicationDetailInfo.from_dict(rd.REPLICATION_DETAIL)
    assert mismatch(detail, ReplicationDetailInfo, "body") is None
    bad = {
        **rd.REPLICATION_DETAIL,
        "diagnostics": {"hourly": {"ok": 1, "errored": 0, "errors": {"500": {"count": "many", "last_message": "x"}}}},
    }
    with pytest.raises(DecodeError, match=r"^ReplicationDiagnosticsError\.count: expected integer, got str$"):
        ReplicationDetailInfo.from_dict(bad)
    with pytest.raises(TypeError, match=r"^UploadResult\.key: expected str, got NoneType$"):
        UploadResult(upload_url="u", key=None, public_url="p")  # type: ignore[arg-type]
    result = UploadResult(upload_url="u", key="k", public_url="p")
    with pytest.raises(TypeError, match=r"^UploadResult\.key: expected str, got int$"):
        result.key = 5  # type: ignore[assignment]


def test_a_list_changed_after_construction_is_still_checked_before_sending() -> None:
    """Validators run on construction and assignment; a list appended to later is caught by the core's check."""
    settings = ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="http://h")
    settings.entries.append(5)  # type: ignore[arg-type]
    assert mismatch(settings, ReplicationSettings, "settings") == "settings.entries[0]: expected str, got int"
