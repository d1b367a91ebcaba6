"""The scripts in examples/ run against the Prism mocks as a user runs them, and `make demo` works."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.prism import Prism
from tests.spec_tools import ROOT

EXPECTED = {
    "reduct_sync.py": [
        "server: ReductStore 1.21.0, 3 buckets",
        "bucket: example-bucket ready",
        "  - bucket-1: 2 entries",
        "token: created example-reader (40 characters",
        "cleanup: token and bucket removed",
    ],
    "storage_sync.py": [
        "presigned: key=news/articles/3f2a.png",
        "uploaded: key=news/articles/a.png",
        "deleted: news/articles/a.png",
        "refused before any request: provide at least one of: public_url, key",
    ],
}
EXPECTED["reduct_async.py"] = EXPECTED["reduct_sync.py"]
EXPECTED["storage_async.py"] = EXPECTED["storage_sync.py"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs_against_the_mock(name: str, prism_reduct: Prism, prism_storage: Prism) -> None:
    env = dict(
        os.environ,
        REDUCT_URL=prism_reduct.url,
        REDUCT_API_TOKEN="example-token",
        STORAGE_URL=prism_storage.url,
        STORAGE_API_KEY="example-key",
    )
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name)], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    for want in EXPECTED[name]:
        assert any(line.startswith(want) for line in lines), f"{want!r} not in:\n{proc.stdout}"
    assert "example-token" not in proc.stdout + proc.stderr and "example-key" not in proc.stdout + proc.stderr


def test_every_example_is_tested() -> None:
    assert {p.name for p in (ROOT / "examples").glob("*.py")} == set(EXPECTED)


@pytest.mark.slow
def test_make_demo_runs_the_examples_and_reports() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in EXPECTED:
        assert f"== examples/{name} (ok" in proc.stdout
    assert "demo: every step and example ran" in proc.stdout and "fakes stopped" in proc.stdout
    assert "requests the fake received: GET /api/v1/info" in proc.stdout
    # the session steps are checked in detail by tests/test_testing_demo.py
