"""Every ```python block in README.md runs, against the Prism mocks (and a real S3 for uploads).

Blocks run in fresh processes, in order, with the README's example addresses replaced by the
mock servers' addresses. So the README cannot promise an API that does not exist.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.prism import Prism
from tests.spec_tools import ROOT
from tests.storage_servers import S3rver, StandIn, Tap

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"^```python\n(.*?)^```$", README, flags=re.S | re.M)
REDUCT_URL = "http://127.0.0.1:8383"
STORAGE_URL = "http://opengater-storage:8000"
KEY = "sk-readme-1e4f9a2c77"


def test_the_readme_has_the_sections_users_look_for() -> None:
    assert len(BLOCKS) >= 10
    for heading in (
        "## Install",
        "## Errors",
        "## Retries",
        "## Timeouts",
        "## Logging",
        "## Using your own httpx client",
        "### Uploading a file, with progress",
        "## How it is built, and changing an API",
    ):
        assert heading in README
    assert "make demo" in README and "make test" in README
    # the package is not on the public index: the README must not tell users to install it from there
    assert "pip install storage-sdk\n" not in README and "uv add storage-sdk" not in README
    assert "pip install ." in README and "python -m build --wheel" in README and "git+" in README
    for heading in ("## Coming from reduct-py or opengater-storage-client", "### Proxies", "## Connections"):
        assert heading in README


@pytest.fixture(scope="module")
def s3_stand_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandIn]:
    directory = tmp_path_factory.mktemp("readme-s3")
    s3 = S3rver(directory, directory / "s3rver.log")
    tap = Tap(s3.port, [KEY.encode(), b"x-api-key"])
    stand_in = StandIn(s3, tap.endpoint, KEY)
    yield stand_in
    stand_in.stop()
    tap.stop()
    s3.stop()


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block_runs(
    index: int, prism_reduct: Prism, prism_storage: Prism, s3_stand_in: StandIn, tmp_path: Path
) -> None:
    code = BLOCKS[index]
    bulk = ".upload_many(" in code
    fakes = "storage_sdk" + ".testing" in code or "storage_sdk_fake_" in code
    uploads = (".upload(" in code or bulk) and not fakes
    posts_before = len([s for s in s3_stand_in.seen if s.method == "POST"])
    code = code.replace(REDUCT_URL, prism_reduct.url)
    if uploads:
        code = code.replace(STORAGE_URL, s3_stand_in.url).replace('"my-key"', repr(KEY))
        (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 1000)
    else:
        code = code.replace(STORAGE_URL, prism_storage.url)
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"README block {index} failed:\n{BLOCKS[index]}\n{proc.stderr}"
    if bulk:
        assert "uploaded 3 of 3" in proc.stdout and proc.stdout.count("stored at") == 3, proc.stdout
    elif uploads:
        assert "stored at" in proc.stdout and f"{256 * 1000 + 4}/{256 * 1000 + 4} bytes" in proc.stdout
        (seen,) = [s for s in s3_stand_in.seen if s.method == "POST"][posts_before:]
        assert seen.path == "/uploads"
    if "def test_" in code:  # a sample test file: pytest must find the fixtures and pass it
        (tmp_path / "test_sample.py").write_text(code)
        tested = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_sample.py"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert tested.returncode == 0, f"README block {index} as a test file failed:\n{tested.stdout}{tested.stderr}"
        assert " passed" in tested.stdout
    if "STORAGE_SDK_LOG" in code:
        assert "storage_sdk - INFO] GET " in proc.stderr and "/api/v1/info -> 200" in proc.stderr
        assert "my-token" not in proc.stderr
    if "logging" in code:
        assert "HTTP GET" in proc.stderr and "/api/v1/info -> 200" in proc.stderr and "my-token" not in proc.stderr
