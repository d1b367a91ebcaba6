"""The README's install instructions work on a fresh machine: a wheel built with ``python -m build``,
a ``git+`` URL (here ``git+file://`` of this repository) and ``pip install .`` from a checkout, each
into an empty virtual environment, then a real call from the installed package.

Only what is committed is installed by the ``git+`` line; run from a clean clone (as CI does) it
checks exactly what users get.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.spec_tools import ROOT

CHECK = r"""
import json, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
import storage_sdk
from storage_sdk import AsyncClient, AsyncStorageClient, Client, StorageClient, LifecycleSettings

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"version": "1.21.0", "bucket_count": 0, "usage": 0, "uptime": 1, "oldest_record": 0,
            "latest_record": 0, "defaults": {"bucket": {"quota_type": "NONE", "quota_size": 0,
            "max_block_size": 1, "max_block_records": 1}}, "license": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-reduct-api", "1.21")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with Client(f"http://127.0.0.1:{server.server_port}", api_token="t") as client:
    print("version", client.info().version)
print("defaults", LifecycleSettings(bucket="b", older_than="1d").type.value)
print("installed", storage_sdk.__version__, storage_sdk.__file__)
server.shutdown()
"""


def run(*args: str | Path, cwd: Path | None = None) -> str:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=600)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.slow
def test_every_install_line_of_the_readme_works_in_an_empty_environment(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pip = [python, "-m", "pip", "--disable-pip-version-check", "--quiet"]

    def check(how: str) -> None:
        out = run(python, "-c", CHECK, cwd=tmp_path)
        assert "version 1.21.0" in out and "defaults delete" in out, how
        assert str(env_dir) in out, f"{how}: imported from outside the environment: {out}"
        listed = run(python, "-m", "pip", "--disable-pip-version-check", "list", "--format=freeze")
        # the runtime dependencies and nothing of the dev tools
        runtime = {"httpx", "attrs", "aiohttp"}
        names = {line.split("==")[0].lower() for line in listed.splitlines()}
        assert runtime <= names, f"{how}: a runtime dependency is missing: {sorted(runtime - names)}"
        assert not {n for n in names if n.startswith("pytest")}, f"{how}: dev tools installed: {listed}"

    # 1. a wheel built with python -m build
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", ROOT)
    (wheel,) = (tmp_path / "dist").glob("storage_sdk-*.whl")
    run(*pip, "install", wheel)
    check("wheel")
    run(*pip, "uninstall", "--yes", "storage-sdk")

    # 2. a git URL (the README's git+https line, here git+file: with this repository's committed state)
    run(*pip, "install", f"git+file://{ROOT}")
    check("git+file")
    run(*pip, "uninstall", "--yes", "storage-sdk")

    # 3. pip install . from a checkout
    run(*pip, "install", ".", cwd=ROOT)
    check("checkout")


BOTH_MODES = r"""
import asyncio, json, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import httpx
from storage_sdk import AsyncClient, AsyncStorageClient, Client, StorageClient

INFO = {"version": "1.21.0", "bucket_count": 0, "usage": 0, "uptime": 1, "oldest_record": 0, "latest_record": 0,
        "defaults": {"bucket": {"quota_type": "NONE", "quota_size": 0, "max_block_size": 1,
        "max_block_records": 1}}, "license": None}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-reduct-api", "1.21")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self.answer(json.dumps(INFO).encode())
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        self.answer(json.dumps({"upload_url": base + "/put/k?X-Amz-Signature=s", "key": "k",
                                "public_url": base + "/pub/k"}).encode())
    def do_PUT(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(b"")
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
with Client(url, api_token="t") as c, StorageClient(url, api_key="k") as s:
    print("sync", c.info().version, s.upload(b"x" * 100000, "image/png").key)

async def main():
    async with AsyncClient(url, api_token="t") as c, AsyncStorageClient(url, api_key="k") as s:
        print("async", (await c.info()).version, (await s.upload(b"x" * 100000, "image/png")).key)
    # and through the caller's httpx client
    async with httpx.AsyncClient() as h, AsyncClient(url, api_token="t", http_client=h) as c:
        print("httpx-client", (await c.info()).version)

asyncio.run(main())
print("httpx", httpx.__version__)
server.shutdown()
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, ROOT)
    (built,) = dist.glob("storage_sdk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_works_beside_httpx_0_29(tmp_path: Path, wheel: Path) -> None:
    """pytest-httpx pins httpx 0.28 in the dev environment; a project on httpx 0.29 must still be able
    to install and use the SDK (it uses no private httpx API)."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run(python, "-m", "pip", "--disable-pip-version-check", "--quiet", "install", wheel, "httpx>=0.29,<0.30")
    out = run(python, "-c", BOTH_MODES, cwd=tmp_path)
    assert "sync 1.21.0 k" in out and "async 1.21.0 k" in out and "httpx-client 1.21.0" in out, out
    assert "httpx 0.29." in out, out


AIORESPONSES = r"""
import asyncio, aiohttp, aioresponses
from storage_sdk import AsyncClient, AsyncStorageClient, ReductNotFound

INFO = {"version": "1.21.0", "bucket_count": 0, "usage": 0, "uptime": 1, "oldest_record": 0, "latest_record": 0,
        "defaults": {"bucket": {"quota_type": "NONE", "quota_size": 0, "max_block_size": 1, "max_block_records": 1}},
        "license": None}

async def main():
    with aioresponses.aioresponses() as mocked:
        mocked.get("http://reduct.test:8383/api/v1/info", payload=INFO, headers={"x-reduct-api": "1.21"})
        mocked.head("http://reduct.test:8383/api/v1/b/missing", status=404,
                    headers={"x-reduct-error": "Bucket 'missing' is not found"})
        mocked.post("http://storage.test/uploads", payload={
            "upload_url": "https://s3.test/b/k?X-Amz-Signature=s", "key": "news/k.png", "public_url": "https://cdn.test/k"})
        async with AsyncClient("http://reduct.test:8383", api_token="t") as client:
            print("info", (await client.info()).version)
            try:
                await client.get_bucket("missing")
            except ReductNotFound as exc:
                print("not found", exc.status_code, exc.message)
        async with AsyncStorageClient("http://storage.test", api_key="k") as storage:
            print("create_upload", (await storage.create_upload("image/png", prefix="news")).key)
        sent = {(method, str(url)): calls for (method, url), calls in mocked.requests.items()}
        (info_call,) = sent[("GET", "http://reduct.test:8383/api/v1/info")]
        print("authorization", info_call.kwargs["headers"]["Authorization"])

asyncio.run(main())
print("aiohttp", aiohttp.__version__)
"""


@pytest.mark.slow
def test_aioresponses_mocks_the_default_async_engine_on_the_oldest_aiohttp(tmp_path: Path, wheel: Path) -> None:
    """The floor of the aiohttp pin (3.12) installs and works, both services, against a loopback server;
    and aioresponses, what reduct-py's users mock with, intercepts the default async engine there
    (aioresponses 0.7.9 cannot build answers for aiohttp 3.13+: test_wire's strict xfail)."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    pins = ["aiohttp>=3.12,<3.13", "aioresponses==0.7.9"]
    run(python, "-m", "pip", "--disable-pip-version-check", "--quiet", "install", wheel, *pins)
    out = run(python, "-c", BOTH_MODES, cwd=tmp_path)
    assert "sync 1.21.0 k" in out and "async 1.21.0 k" in out and "httpx-client 1.21.0" in out, out
    out = run(python, "-c", AIORESPONSES, cwd=tmp_path)
    assert "info 1.21.0" in out, out
    assert "not found 404 Bucket 'missing' is not found" in out, out
    assert "create_upload news/k.png" in out, out
    assert "authorization Bearer t" in out, out
    assert "aiohttp 3.12." in out, out
