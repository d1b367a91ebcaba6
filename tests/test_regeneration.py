"""Issue 12: a schema added to a spec reaches users after ``make generate``, with no hand edit.

Every model the generator writes is importable from ``storage_sdk`` (and from ``storage_sdk.reduct``
/ ``storage_sdk.storage``); and a new schema, added to a copy of the project's spec and generated
with the pinned generator, is importable from ``storage_sdk`` by its name at once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import storage_sdk_gen_reduct.models as reduct_models
import storage_sdk_gen_storage.models as storage_models

import storage_sdk
from storage_sdk import reduct, storage
from tests.spec_tools import ROOT


@pytest.mark.parametrize(("models", "facade"), [(reduct_models, reduct), (storage_models, storage)])
def test_every_generated_model_is_exported(models: object, facade: object) -> None:
    names = list(models.__all__)  # type: ignore[attr-defined]
    assert names
    for name in names:
        generated = getattr(models, name)
        assert getattr(storage_sdk, name) is generated, name
        assert getattr(facade, name) is generated, name
        assert name in storage_sdk.__all__ and name in facade.__all__  # type: ignore[attr-defined]


def test_no_two_specs_export_the_same_name() -> None:
    assert not set(reduct_models.__all__) & set(storage_models.__all__)


NEW_SCHEMA = """
    QuotaReport:
      type: object
      description: A schema added after the facade was written.
      required: [bucket, used]
      properties:
        bucket: {type: string}
        used: {type: integer, format: uint64, minimum: 0}
        unit: {type: string, default: bytes}
"""


@pytest.mark.slow
def test_a_new_schema_is_importable_from_storage_sdk_after_generate(tmp_path: Path) -> None:
    for part in ("openapi", "scripts", "src"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "generated").mkdir()
    shutil.copy(ROOT / "generated" / "ruff.toml", tmp_path / "generated" / "ruff.toml")
    spec = tmp_path / "openapi" / "reduct.yaml"
    text = spec.read_text()
    anchor = "\n  schemas:\n"
    assert anchor in text
    spec.write_text(text.replace(anchor, anchor + NEW_SCHEMA.lstrip("\n"), 1))

    subprocess.run([sys.executable, str(tmp_path / "scripts" / "generate.py"), "--root", str(tmp_path)], check=True)

    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from storage_sdk import QuotaReport\n"
        "import storage_sdk, storage_sdk.reduct as r\n"
        "assert 'QuotaReport' in storage_sdk.__all__ and r.QuotaReport is QuotaReport\n"
        "report = QuotaReport.from_dict({'bucket': 'b', 'used': 5})\n"
        "print(report, report.to_dict())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "src"), str(tmp_path / "generated")],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout
    assert "QuotaReport(bucket='b', used=5, unit='bytes')" in out
    assert "{'bucket': 'b', 'used': 5, 'unit': 'bytes'}" in out
