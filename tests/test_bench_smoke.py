"""`make bench` works: a tiny run of every benchmark path (no timing is asserted; figures belong in BENCHMARKS.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.spec_tools import ROOT


@pytest.mark.slow
def test_bench_smoke_run_prints_every_section() -> None:
    benchmarks_md = ROOT / "BENCHMARKS.md"
    before = benchmarks_md.stat().st_mtime_ns if benchmarks_md.exists() else None
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--smoke", "--n", "20", "--upload-mib", "4"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    for row in (
        # requests, ours beside the floors and the peers
        "| sync, sequential | storage_sdk.Client.info() |",
        "| sync, sequential | raw httpx.Client info |",
        "| sync, sequential | storage_sdk.StorageClient.create_upload() |",
        "| async, sequential | storage_sdk.AsyncClient.info() |",
        "| async, 64 in flight | storage_sdk.AsyncClient.list() |",
        "| async, 64 in flight | raw aiohttp info |",
        "| async, 64 in flight | reduct-py 1.21.0 Client.info() |",
        "| async, 64 in flight | storage_sdk.AsyncStorageClient.create_upload() |",
        "| async, 64 in flight | opengater-storage-client 0.2.2 StorageClient.create_upload() |",
        "| `AsyncClient.info()` | 64 in flight |",
        # cold burst, uploads over http and https, imports, targets
        "| storage_sdk.AsyncClient | ",
        "| http | storage_sdk.StorageClient.upload(path) |",
        "| https | storage_sdk.AsyncStorageClient.upload(path) |",
        "`import httpx`",
        "| after the first await client.info() | yes |",
        "peak RSS",
        "## Uploads in bulk",
        "| loopback | sync | `StorageClient.upload_many(concurrency=8)` |",
        "| 5 ms per answer | async | `await AsyncStorageClient.upload() one by one` |",
        "## Targets",
    ):
        assert row in out, row
    if shutil.which("curl"):
        assert "| https | curl -T <file> <presigned url> |" in out
    assert "not installed" not in out, "a peer is missing from the dev dependencies"
    after = benchmarks_md.stat().st_mtime_ns if benchmarks_md.exists() else None
    assert after == before, "a smoke run must not rewrite BENCHMARKS.md"
