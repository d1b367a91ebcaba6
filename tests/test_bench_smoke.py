"""`make bench` works: a tiny run (no timing is asserted; the figures belong in BENCHMARKS.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.spec_tools import ROOT


@pytest.mark.slow
def test_bench_smoke_run_prints_every_scenario() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    for row in (
        "storage_sdk.Client.info()",
        "storage_sdk.Client.list()",
        "storage_sdk.AsyncClient.info()",
        "storage_sdk.StorageClient.create_upload()",
        "storage_sdk.AsyncStorageClient.create_upload()",
        "reduct-py 1.21.0 Client.info()",
        "opengater-storage-client 0.2.2 create_upload()",
        "`import storage_sdk`",
        "peak RSS",
    ):
        assert row in out, row
    assert not (ROOT / "BENCHMARKS.md.tmp").exists()
