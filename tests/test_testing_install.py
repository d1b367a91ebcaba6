"""A fresh project that only installs the wheel (and pytest) gets the fixtures of storage_sdk.testing.

One virtual environment: the wheel built with ``python -m build`` and pytest, nothing else; a test
file of the "user" uses ``storage_sdk_fake_reduct`` and ``storage_sdk_fake_storage`` without any
conftest or ``-p`` option, so the fixtures can only come from the ``pytest11`` entry point.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.spec_tools import ROOT

USER_TESTS = """
import httpx
import pytest

from storage_sdk import Client, StorageClient
from storage_sdk.testing import FakeReduct


def test_reduct(storage_sdk_fake_reduct):
    with Client(storage_sdk_fake_reduct.url, api_token=storage_sdk_fake_reduct.api_token) as client:
        client.create_bucket("data")
        assert [b.name for b in client.list()] == ["data"]


def test_storage(storage_sdk_fake_storage):
    fake = storage_sdk_fake_storage
    with StorageClient(fake.url, api_key=fake.api_key) as storage:
        result = storage.upload(b"\\x89PNG", "image/png")
    assert httpx.get(result.public_url).content == b"\\x89PNG"


def test_https_without_trustme_says_what_to_install():
    with pytest.raises(RuntimeError, match=r"storage-sdk\\[testing\\]"):
        FakeReduct(https=True)
"""


def run(*args: str | Path, cwd: Path | None = None) -> str:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.slow
def test_the_fixtures_work_in_a_project_that_only_installs_the_wheel(tmp_path: Path) -> None:
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", ROOT)
    (wheel,) = (tmp_path / "dist").glob("storage_sdk-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "--disable-pip-version-check", "--quiet", "install", wheel, "pytest")
    project = tmp_path / "project"
    project.mkdir()
    (project / "test_user.py").write_text(USER_TESTS)
    out = run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", cwd=project)
    assert "3 passed" in out, out
    plugins = run(python, "-c", "from importlib.metadata import entry_points; print(entry_points(group='pytest11'))")
    assert "storage_sdk.testing.pytest_plugin" in plugins
