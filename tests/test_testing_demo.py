"""`make demo` runs on the fakes: no Node or npm on PATH, every step of the session shown, exit 0."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = [
    "create a bucket and see it listed",
    "a read-only token reads but cannot write",
    "a rotated token's old value is refused",
    "upload a file with progress and fetch it back from its public URL",
    "a presigned URL is refused after its expiry",
]


def test_the_makefile_demo_target_needs_only_the_virtualenv() -> None:
    makefile = (ROOT / "Makefile").read_text()
    (prerequisites,) = re.findall(r"^demo:(.*)$", makefile, flags=re.M)
    assert prerequisites.split() == ["$(STAMP)"]
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "npm" not in recipe and "node" not in recipe


def test_demo_runs_without_node_and_shows_each_step(tmp_path: Path) -> None:
    path = str(Path(sys.executable).parent)  # the venv's bin: a python, no node, no npm
    assert shutil.which("npm", path=path) is None and shutil.which("node", path=path) is None
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDUCT_", "STORAGE_"))}
    env["PATH"] = path
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")], capture_output=True, text=True, env=env, cwd=tmp_path,
        timeout=120,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for number, title in enumerate(STEPS, 1):
        assert f"== step {number}/{len(STEPS)}: {title}" in out
    assert "list() -> ['demo-bucket']" in out
    assert "writing with the read-only token -> 403" in out and "reading with it: entries [('sensor', 1," in out
    assert "the old value after rotate_token -> ReductUnauthorized: Status 401: Invalid token" in out
    assert re.search(r"uploading photo\.png: (\d+)/\1 bytes", out) and ", identical" in out
    assert "PUT after the expiry -> 403: Request has expired" in out
    for example in ("reduct_sync.py", "reduct_async.py", "storage_sync.py", "storage_async.py"):
        assert f"== examples/{example} (ok," in out
    assert "demo: every step and example ran" in out
    assert seconds < 30, f"the demo took {seconds:.1f} s"
