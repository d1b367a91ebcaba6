"""`make bench`: storage-sdk against its peers, raw aiohttp / raw httpx and curl, measured side by side.

- Requests: a loopback server (benchmarks/server.py on granian, or uvicorn without `make bench`'s
  extras; a separate process pinned to another CPU than the client where `taskset` exists) answers
  GET /api/v1/info, GET /api/v1/list (20 buckets) and POST /uploads. Each scenario makes N calls
  per round, sequentially or 64 in flight (one asyncio.gather behind a semaphore) after a warm-up
  that opens as many connections as calls in flight; rounds interleave the scenarios, every other
  round in reverse order. Ratios are the median over the rounds of the ratio measured in each
  round (ours / theirs, both on the same server in the same round).
- Cold burst: 1000 and 2000 concurrent info() calls on a fresh AsyncClient (and reduct-py).
- Uploads: a file of --upload-mib MiB streamed with upload() to a loopback object store
  (benchmarks/objstore.py: discards the bytes; its POST /uploads presigns a PUT on itself) over
  http and over https (a trustme CA given as verify=), sync and async, each in a fresh process
  whose peak RSS is read; beside `curl -T` to the same kind of URL.
- Imports: in a virtualenv holding only the wheel (`python -m build --wheel`) and its runtime
  dependencies; and whether aiohttp is loaded after constructing an AsyncClient.

Absolute numbers drift between runs on a shared machine: compare the ratios.

    python benchmarks/bench.py                 # full run, writes BENCHMARKS.md
    python benchmarks/bench.py --n 300 --rounds 1 --no-write   # quick look
    python benchmarks/bench.py --smoke         # tiny run used by the test suite: checks it works
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

import storage_sdk  # noqa: E402

TOKEN = "bench-token"
KEY = "bench-key"
MIB = 1 << 20
CAN_PIN = bool(shutil.which("taskset")) and (os.cpu_count() or 1) >= 2 and hasattr(os, "sched_setaffinity")
PIN = ["taskset", "-c", "1"] if CAN_PIN else []


def have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# ------------------------------------------------------------------------------------------------
# the servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stderr:
        proc.stderr.close()


def wait_until_up(proc: subprocess.Popen[bytes], url: str, what: str, verify: Any = True) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(url, timeout=1, verify=verify).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    stop_process(proc)
    raise SystemExit(f"bench: {what} did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


class Server:
    """benchmarks/server.py on granian (or uvicorn), one worker: the requests' server, ours and the peers'."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        host = ["--host", "127.0.0.1", "--port", str(self.port)]
        if have("granian"):
            self.kind = "granian (ASGI, 1 worker)"
            cmd = ["-m", "granian", "--interface", "asgi", *host, "--workers", "1", "--log-level", "warning"]
            cmd.append("benchmarks.server:app")
        else:
            self.kind = "uvicorn + httptools (ASGI, 1 worker)"
            cmd = ["-m", "uvicorn", "benchmarks.server:app", *host, "--http", "httptools"]
            cmd += ["--log-level", "warning", "--no-access-log"]
        self.proc = subprocess.Popen(
            [*PIN, sys.executable, *cmd], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        wait_until_up(self.proc, self.url + "/api/v1/info", "the server")

    def stop(self) -> None:
        stop_process(self.proc)


class ObjectStore:
    """benchmarks/objstore.py: http and https listeners that discard PUT bodies; TLS from a trustme CA."""

    def __init__(self, directory: Path) -> None:
        import trustme

        ca = trustme.CA()
        self.ca_path = directory / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_path))
        server_pem = directory / "server.pem"
        ca.issue_cert("127.0.0.1", "localhost").private_key_and_cert_chain_pem.write_to_path(str(server_pem))
        http_port, https_port, slow_port = free_port(), free_port(), free_port()
        self.urls = {
            "http": f"http://127.0.0.1:{http_port}",
            "https": f"https://127.0.0.1:{https_port}",
            "slow": f"http://127.0.0.1:{slow_port}",
        }
        args = ["--http-port", str(http_port), "--https-port", str(https_port), "--cert", str(server_pem)]
        args += ["--slow-port", str(slow_port), "--delay-ms", str(BULK_DELAY_MS)]
        self.proc = subprocess.Popen(
            [*PIN, sys.executable, str(ROOT / "benchmarks" / "objstore.py"), *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until_up(self.proc, self.urls["http"] + "/health", "the object store")
        wait_until_up(self.proc, self.urls["https"] + "/health", "the object store (https)", verify=str(self.ca_path))

    def ca(self, scheme: str) -> str:
        return str(self.ca_path) if scheme == "https" else ""

    def stop(self) -> None:
        stop_process(self.proc)


# ------------------------------------------------------------------------------------------------
# request scenarios: each builds a client, makes n calls, closes; returns calls/s


SyncSetup = Callable[[], tuple[Callable[[], Any], Callable[[], None]]]
AsyncSetup = Callable[[], Awaitable[tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[Any]]]]]
HEADERS = {"Authorization": f"Bearer {TOKEN}", "X-API-Key": KEY}
UPLOAD_BODY = {"content_type": "image/png", "prefix": "news"}


@dataclass
class Result:
    group: str
    name: str
    floor: str | None
    rates: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return median(self.rates)


def timed_sync(n: int, setup: SyncSetup) -> float:
    call, close = setup()
    try:
        for _ in range(min(50, n)):
            call()
        started = time.perf_counter()
        for _ in range(n):
            call()
        return n / (time.perf_counter() - started)
    finally:
        close()


def timed_async(n: int, concurrency: int, setup: AsyncSetup) -> float:
    async def run() -> float:
        call, close = await setup()
        try:
            for _ in range(min(50, n)):
                await call()
            if concurrency > 1:  # the pool's connections are open before the clock starts (a cold
                await asyncio.gather(*(call() for _ in range(concurrency)))  # start is the burst's table)
            sem = asyncio.Semaphore(concurrency)

            async def one() -> None:
                async with sem:
                    await call()

            started = time.perf_counter()
            if concurrency == 1:
                for _ in range(n):
                    await call()
            else:
                await asyncio.gather(*(one() for _ in range(n)))
            return n / (time.perf_counter() - started)
        finally:
            await close()

    return asyncio.run(run())


def sync_scenarios(url: str) -> dict[str, SyncSetup]:
    def raw(path: str, post: bool = False) -> SyncSetup:
        def setup() -> tuple[Callable[[], Any], Callable[[], None]]:
            c = httpx.Client(headers=HEADERS)
            if post:
                return (lambda: c.post(url + path, json=UPLOAD_BODY).json()), c.close
            return (lambda: c.get(url + path).json()), c.close

        return setup

    def sdk(kind: str) -> SyncSetup:
        def setup() -> tuple[Callable[[], Any], Callable[[], None]]:
            if kind == "upload":
                s = storage_sdk.StorageClient(url, api_key=KEY)
                return (lambda: s.create_upload("image/png", prefix="news")), s.close
            c = storage_sdk.Client(url, api_token=TOKEN)
            return (c.info if kind == "info" else c.list), c.close

        return setup

    return {
        "raw httpx.Client info": raw("/api/v1/info"),
        "storage_sdk.Client.info()": sdk("info"),
        "raw httpx.Client list": raw("/api/v1/list"),
        "storage_sdk.Client.list()": sdk("list"),
        "raw httpx.Client POST /uploads": raw("/uploads", post=True),
        "storage_sdk.StorageClient.create_upload()": sdk("upload"),
    }


def async_scenarios(url: str) -> dict[str, AsyncSetup]:
    def raw_aiohttp(path: str, post: bool = False) -> AsyncSetup:
        async def setup() -> tuple[Any, Any]:
            import aiohttp

            s = aiohttp.ClientSession(headers=HEADERS)

            async def call() -> Any:
                if post:
                    async with s.post(url + path, json=UPLOAD_BODY) as r:
                        return json.loads(await r.read())
                async with s.get(url + path) as r:
                    return json.loads(await r.read())

            return call, s.close

        return setup

    def raw_httpx(path: str) -> AsyncSetup:
        async def setup() -> tuple[Any, Any]:
            c = httpx.AsyncClient(headers=HEADERS)

            async def call() -> Any:
                return (await c.get(url + path)).json()

            return call, c.aclose

        return setup

    def sdk(kind: str, on_httpx: bool = False, **options: Any) -> AsyncSetup:
        async def setup() -> tuple[Any, Any]:
            transport = httpx.AsyncHTTPTransport() if on_httpx else None
            if kind == "upload":
                s = storage_sdk.AsyncStorageClient(url, api_key=KEY)
                return (lambda: s.create_upload("image/png", prefix="news")), s.aclose
            c = storage_sdk.AsyncClient(url, api_token=TOKEN, transport=transport, **options)
            return (c.info if kind == "info" else c.list), c.aclose

        return setup

    def reduct_py(kind: str) -> AsyncSetup:
        async def setup() -> tuple[Any, Any]:
            import reduct

            c = reduct.Client(url, api_token=TOKEN)
            await c.__aenter__()

            async def close() -> None:
                await c.__aexit__(None, None, None)

            return (c.info if kind == "info" else c.list), close

        return setup

    def opengater() -> AsyncSetup:
        async def setup() -> tuple[Any, Any]:
            from opengater_storage_client import StorageClient

            c = StorageClient(url, api_key=KEY)
            return (lambda: c.create_upload("image/png", prefix="news")), c.aclose

        return setup

    return {
        "raw aiohttp info": raw_aiohttp("/api/v1/info"),
        "storage_sdk.AsyncClient.info()": sdk("info"),
        "reduct-py 1.21.0 Client.info()": reduct_py("info"),
        # AsyncClient's trust_env defaults to True; aiohttp then looks up netrc and proxies in a thread per request
        "storage_sdk.AsyncClient.info(), trust_env=False": sdk("info", trust_env=False),
        "raw httpx.AsyncClient info": raw_httpx("/api/v1/info"),
        "storage_sdk.AsyncClient.info(), transport=httpx.AsyncHTTPTransport()": sdk("info", on_httpx=True),
        "raw aiohttp list": raw_aiohttp("/api/v1/list"),
        "storage_sdk.AsyncClient.list()": sdk("list"),
        "reduct-py 1.21.0 Client.list()": reduct_py("list"),
        "raw aiohttp POST /uploads": raw_aiohttp("/uploads", post=True),
        "storage_sdk.AsyncStorageClient.create_upload()": sdk("upload"),
        "opengater-storage-client 0.2.2 StorageClient.create_upload()": opengater(),
    }


PEERS = {"raw aiohttp": "aiohttp", "reduct-py": "reduct", "opengater": "opengater_storage_client"}
HEADLINE = [
    ("AsyncClient.info()", "storage_sdk.AsyncClient.info()", "reduct-py 1.21.0 Client.info()", "raw aiohttp info"),
    ("AsyncClient.list()", "storage_sdk.AsyncClient.list()", "reduct-py 1.21.0 Client.list()", "raw aiohttp list"),
    (
        "AsyncStorageClient.create_upload()",
        "storage_sdk.AsyncStorageClient.create_upload()",
        "opengater-storage-client 0.2.2 StorageClient.create_upload()",
        "raw aiohttp POST /uploads",
    ),
]
"""(call, ours as users construct it, the peer its users come from, the raw-aiohttp ceiling)."""


def floor_of(name: str, sync: bool) -> str:
    kind = "POST /uploads" if "upload" in name.lower() or "POST" in name else ("list" if "list" in name else "info")
    return f"raw httpx.Client {kind}" if sync else f"raw aiohttp {kind}"


def peer_missing(name: str) -> str | None:
    for prefix, module in PEERS.items():
        if name.startswith(prefix) and not have(module):
            return module
    return None


def paired_ratios(a: Result | None, b: Result | None) -> list[float]:
    """a's rate / b's rate in each round (empty when either is missing)."""
    if a is None or b is None or not a.rates or len(a.rates) != len(b.rates):
        return []
    return [x / y for x, y in zip(a.rates, b.rates, strict=True)]


def paired_ratio(a: Result | None, b: Result | None) -> float:
    """Median over the rounds of a's rate / b's rate measured in the same round."""
    each = paired_ratios(a, b)
    return statistics.median(each) if each else float("nan")


# ------------------------------------------------------------------------------------------------
# a cold burst: many concurrent calls on a client that has no connection yet


@dataclass
class Burst:
    client: str
    size: int
    seconds: list[float] = field(default_factory=list)
    errors: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return median(self.seconds)


def cold_burst(url: str, size: int, client: str) -> tuple[float, int]:
    """Seconds for ``size`` concurrent info() calls on a fresh client, and how many failed."""

    async def run() -> tuple[float, int]:
        if client == "reduct-py":
            import reduct

            peer = reduct.Client(url, api_token=TOKEN)
            await peer.__aenter__()
            call, close = peer.info, lambda: peer.__aexit__(None, None, None)
        else:
            ours = storage_sdk.AsyncClient(url, api_token=TOKEN, max_retries=0)
            call, close = ours.info, ours.aclose
        try:
            started = time.perf_counter()
            results = await asyncio.gather(*(call() for _ in range(size)), return_exceptions=True)
            elapsed = time.perf_counter() - started
        finally:
            await close()
        return elapsed, sum(isinstance(r, BaseException) for r in results)

    return asyncio.run(run())


# ------------------------------------------------------------------------------------------------
# uploads: each in a fresh process, which reports its time and peak RSS

UPLOAD_CODE = """
import asyncio, json, resource, sys, time
from pathlib import Path
import storage_sdk

mode, url, path, ca = sys.argv[1:5]
verify = ca or True

def rss(field):  # VmHWM, not ru_maxrss: that one starts at the parent's RSS when it forked us
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if mode == "sync":
    with storage_sdk.StorageClient(url, api_key="bench-key", verify=verify) as client:
        before = rss("VmRSS")
        started = time.perf_counter()
        client.upload(Path(path), "application/octet-stream", prefix="bench")
        seconds = time.perf_counter() - started
else:
    async def main():
        async with storage_sdk.AsyncStorageClient(url, api_key="bench-key", verify=verify) as client:
            before = rss("VmRSS")
            started = time.perf_counter()
            await client.upload(Path(path), "application/octet-stream", prefix="bench")
            return before, time.perf_counter() - started
    before, seconds = asyncio.run(main())
print(json.dumps({"seconds": seconds, "peak": rss("VmHWM"), "before": before}))
"""


@dataclass
class Upload:
    scheme: str
    client: str
    seconds: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    before: list[float] = field(default_factory=list)
    note: str = ""


UPLOAD_CLIENTS = {
    "sync": "storage_sdk.StorageClient.upload(path)",
    "async": "storage_sdk.AsyncStorageClient.upload(path)",
    "curl": "curl -T <file> <presigned url>",
}


def upload_once(store: ObjectStore, scheme: str, client: str, path: Path) -> dict[str, Any]:
    url, ca = store.urls[scheme], store.ca(scheme)
    if client == "curl":
        presigned = httpx.post(
            url + "/uploads", json={"content_type": "application/octet-stream", "prefix": "curl"}, verify=ca or True
        ).json()["upload_url"]
        cmd = ["curl", "-sS", "-f", "-o", "/dev/null", "-w", "%{time_total}", "-H", "Expect:"]
        cmd += ["-H", "Content-Type: application/octet-stream", "-T", str(path), *(["--cacert", ca] if ca else [])]
        return run_curl([*cmd, presigned])
    argv = [sys.executable, "-c", UPLOAD_CODE, client, url, str(path), ca]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"bench: upload ({scheme}, {client}) failed:\n{proc.stdout[-2000:]}{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


BULK_CODE = """
import asyncio, json, sys, time
from pathlib import Path
import storage_sdk

mode, how, url, folder, concurrency = sys.argv[1:6]
files = sorted(Path(folder).iterdir())
if mode == "sync":
    with storage_sdk.StorageClient(url, api_key="bench-key") as client:
        client.upload(b"warm", "application/octet-stream")
        started = time.perf_counter()
        if how == "many":
            outcomes = client.upload_many(
                files, "application/octet-stream", prefix="bulk", concurrency=int(concurrency)
            )
        else:
            outcomes = [client.upload(f, "application/octet-stream", prefix="bulk") for f in files]
        seconds = time.perf_counter() - started
else:
    async def main():
        async with storage_sdk.AsyncStorageClient(url, api_key="bench-key") as client:
            await client.upload(b"warm", "application/octet-stream")
            started = time.perf_counter()
            if how == "many":
                outcomes = await client.upload_many(
                    files, "application/octet-stream", prefix="bulk", concurrency=int(concurrency)
                )
            else:
                outcomes = [await client.upload(f, "application/octet-stream", prefix="bulk") for f in files]
            return outcomes, time.perf_counter() - started
    outcomes, seconds = asyncio.run(main())
failed = [o for o in outcomes if isinstance(o, Exception)]
if failed:
    raise SystemExit(f"{len(failed)} uploads failed: {failed[0]!r}")
print(json.dumps({"seconds": seconds, "files": len(files), "bytes": sum(f.stat().st_size for f in files)}))
"""
BULK_WAYS = {
    ("sync", "many"): "StorageClient.upload_many(concurrency={c})",
    ("sync", "loop"): "StorageClient.upload() one by one",
    ("async", "many"): "AsyncStorageClient.upload_many(concurrency={c})",
    ("async", "loop"): "await AsyncStorageClient.upload() one by one",
}


BULK_DELAY_MS = 5.0
BULK_WHERE = {"http": "loopback", "slow": f"{BULK_DELAY_MS:g} ms per answer"}


def bulk_once(store: ObjectStore, where: str, mode: str, how: str, folder: Path, concurrency: int) -> dict[str, Any]:
    argv = [sys.executable, "-c", BULK_CODE, mode, how, store.urls[where], str(folder), str(concurrency)]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"bench: upload_many ({mode}, {how}) failed:\n{proc.stdout[-2000:]}{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def run_curl(cmd: list[str]) -> dict[str, Any]:
    """curl's own time_total, and its VmHWM read from /proc while it runs (the last reading before it exits)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except (OSError, ValueError, IndexError):
            pass
        time.sleep(0.005)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"bench: curl failed ({proc.returncode}): {err[-2000:]}")
    return {"seconds": float(out.strip()), "peak": peak or float("nan"), "before": None}


def make_payload(directory: Path, mib: int) -> Path:
    path = directory / "payload.bin"
    block = os.urandom(MIB)
    with path.open("wb") as f:
        for _ in range(mib):
            f.write(block)
    return path


# ------------------------------------------------------------------------------------------------
# import time, in a virtualenv holding only the wheel and its runtime dependencies

FOUR = "from storage_sdk import Client, AsyncClient, StorageClient, AsyncStorageClient"
IMPORTS = {
    "import httpx": "import httpx",
    "import aiohttp": "import aiohttp",
    "import storage_sdk": "import storage_sdk",
    "all four clients": FOUR + "; Client.info, AsyncClient.info, StorageClient.upload, AsyncStorageClient.upload",
}
RUNTIME_VENV = ROOT / ".bench" / "runtime-venv"
AIOHTTP_CODE = """
import asyncio, json, sys
from storage_sdk import AsyncClient
url = sys.argv[1]
state = {}
c = AsyncClient(url, api_token="t")
state["after AsyncClient(...) outside a loop"] = "aiohttp" in sys.modules
async def main():
    d = AsyncClient(url, api_token="t")
    state["after AsyncClient(...) inside a running loop"] = "aiohttp" in sys.modules
    await d.info()
    state["after the first await client.info()"] = "aiohttp" in sys.modules
    await d.aclose()
    await c.aclose()
asyncio.run(main())
print(json.dumps(state))
"""


def runtime_python(smoke: bool) -> tuple[str, str]:
    """A Python with only the built wheel of storage-sdk and its runtime dependencies (no dev deps).

    The dev venv overstates imports: httpx loads its CLI (rich, click) when they are installed,
    and editable sources are recompiled at every start where PYTHONDONTWRITEBYTECODE is set.
    The smoke run uses this interpreter instead (building a venv takes longer than the whole run).
    """
    if smoke:
        return sys.executable, "this interpreter (smoke run: no runtime-only venv)"
    python = RUNTIME_VENV / "bin" / "python"
    stamp = RUNTIME_VENV / ".built-from"
    sources = [
        *sorted((ROOT / "src").rglob("*.py")),
        *sorted((ROOT / "generated").rglob("*.py")),
        ROOT / "pyproject.toml",
    ]
    source = "\n".join(f"{p}:{p.stat().st_mtime_ns}" for p in sources)
    if not python.exists() or not stamp.exists() or stamp.read_text() != source:
        env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        with tempfile.TemporaryDirectory(prefix="bench-wheel-") as out:
            subprocess.run(
                [sys.executable, "-m", "build", "--wheel", "--outdir", out, str(ROOT)],
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=ROOT,
            )
            wheel = next(Path(out).glob("storage_sdk-*.whl"))
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(RUNTIME_VENV)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, env=env)
        stamp.write_text(source)
    return str(
        python
    ), f"a virtualenv with the wheel and its runtime dependencies only ({RUNTIME_VENV.relative_to(ROOT)})"


def import_times(python: str, runs: int) -> dict[str, float]:
    """Milliseconds per import: median over fresh processes (runs interleaved), net of a bare start."""

    def once(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, cwd="/")
        return time.perf_counter() - started

    codes = {"bare": "pass", **IMPORTS}
    if runs > 1:
        for code in codes.values():  # compile the bytecode caches once
            once(code)
    samples: dict[str, list[float]] = {label: [] for label in codes}
    for _ in range(runs):
        for label, code in codes.items():
            samples[label].append(once(code))
    bare = median(samples.pop("bare"))
    return {label: max(median(s) - bare, 0.0) * 1000 for label, s in samples.items()}


def aiohttp_loaded(python: str, url: str) -> dict[str, bool]:
    out = subprocess.run([python, "-c", AIOHTTP_CODE, url], capture_output=True, text=True, check=True, cwd="/")
    state: dict[str, bool] = json.loads(out.stdout)
    return state


RSS_CODE = """
import resource, sys, asyncio
import storage_sdk
url, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def rss():  # VmHWM: ru_maxrss would start at the RSS of the parent that forked this process
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
marks = []
if mode == "sync":
    with storage_sdk.Client(url, api_token="t") as c:
        for i in range(n):
            c.info()
            if i + 1 in (n // 10, n):
                marks.append(rss())
else:
    async def main():
        async with storage_sdk.AsyncClient(url, api_token="t") as c:
            for i in range(n):
                await c.info()
                if i + 1 in (n // 10, n):
                    marks.append(rss())
    asyncio.run(main())
print(marks[0], marks[1])
"""


def peak_rss(url: str, n: int, mode: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", RSS_CODE, url, str(n), mode], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), float(out[1])


# ------------------------------------------------------------------------------------------------


def machine() -> str:
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = [f"Python {platform.python_version()}", f"storage-sdk {storage_sdk.__version__}"]
    for dist in ("httpx", "aiohttp", "reduct-py", "opengater-storage-client", "granian", "uvicorn", "trustme"):
        with contextlib.suppress(Exception):
            versions.append(f"{dist} {version(dist)}")
    if shutil.which("curl"):
        first = subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split("\n", 1)[0]
        versions.append(" ".join(first.split()[:2]) + (" (OpenSSL)" if "OpenSSL" in first else ""))
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}); " + ", ".join(versions)


@dataclass
class Run:
    results: list[Result]
    bursts: list[Burst]
    uploads: list[Upload]
    imports: dict[str, float]
    where: str
    aiohttp: dict[str, bool]
    rss: dict[str, tuple[float, float]]
    rss_n: int
    server_kind: str
    bulk: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)


def measure(args: argparse.Namespace) -> Run:
    server = Server()
    try:
        plan: list[tuple[str, str, str | None, Callable[[], float]]] = []
        for name, setup in sync_scenarios(server.url).items():
            plan.append(("sync, sequential", name, floor_of(name, True), lambda s=setup: timed_sync(args.n, s)))
        asyncs = async_scenarios(server.url)
        for conc, label in ((1, "async, sequential"), (args.concurrency, f"async, {args.concurrency} in flight")):
            for name, asetup in asyncs.items():
                fn = lambda s=asetup, c=conc: timed_async(args.n, c, s)  # noqa: E731
                plan.append((label, name, floor_of(name, False), fn))
        by_key: dict[tuple[str, str], Result] = {}
        for _round in range(args.rounds):
            # rounds interleave scenarios, so drift hits all alike; every other round runs them in
            # reverse, so that no client always comes right after the same other one
            for group, name, floor, fn in plan if _round % 2 == 0 else plan[::-1]:
                res = by_key.setdefault((group, name), Result(group, name, floor))
                if not res.rates and (missing := peer_missing(name)):
                    res.note = f"not installed ({missing}); `make bench` installs it"
                if res.note:
                    continue
                res.rates.append(fn())
                print(f"  {group:<20} {name:<66} {res.rates[-1]:9.0f} calls/s", flush=True)

        bursts = [Burst(c, size) for c in ("storage_sdk.AsyncClient", "reduct-py") for size in args.burst]
        bursts = [b for b in bursts if b.client != "reduct-py" or have("reduct")]
        for _round in range(args.burst_rounds):
            for burst in bursts:
                seconds, errors = cold_burst(server.url, burst.size, burst.client)
                burst.seconds.append(seconds)
                burst.errors.append(errors)
                print(f"  cold burst  {burst.client:<26} {burst.size:5d} calls {seconds:7.2f} s, {errors} errors")

        python, where = runtime_python(args.smoke)
        imports = import_times(python, args.import_runs)
        print(f"  imports: {', '.join(f'{k} {v:.1f} ms' for k, v in imports.items())}", flush=True)
        loaded = aiohttp_loaded(python, server.url)
        print(f"  aiohttp in sys.modules: {loaded}", flush=True)
        rss = {mode: peak_rss(server.url, args.rss_n, mode) for mode in ("sync", "async")}
    finally:
        server.stop()

    uploads = [Upload(scheme, client) for scheme in ("http", "https") for client in UPLOAD_CLIENTS]
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        path = make_payload(Path(tmp), args.upload_mib)
        store = ObjectStore(Path(tmp))
        try:
            for _round in range(args.upload_rounds):
                for up in uploads:
                    if up.client == "curl" and not shutil.which("curl"):
                        up.note = "curl not installed"
                        continue
                    r = upload_once(store, up.scheme, up.client, path)
                    up.seconds.append(r["seconds"])
                    up.peaks.append(r["peak"])
                    if r["before"] is not None:
                        up.before.append(r["before"])
                    rate = args.upload_mib * MIB / r["seconds"] / 1e6
                    print(f"  upload {up.scheme:<5} {up.client:<5} {rate:8.0f} MB/s, peak RSS {r['peak']:.0f} MiB")
            folder = Path(tmp) / "bulk"
            folder.mkdir()
            for i in range(args.bulk_files):
                (folder / f"file-{i:04d}.bin").write_bytes(os.urandom(args.bulk_kib * 1024))
            bulk: dict[tuple[str, str, str], list[dict[str, Any]]] = {
                (where, *way): [] for where in BULK_WHERE for way in BULK_WAYS
            }
            for _round in range(args.upload_rounds):
                for where, mode, how in bulk:
                    r = bulk_once(store, where, mode, how, folder, args.bulk_concurrency)
                    bulk[(where, mode, how)].append(r)
                    rate = r["files"] / r["seconds"]
                    print(f"  bulk {BULK_WHERE[where]:<18} {mode:<5} {how:<4} {rate:8.0f} files/s", flush=True)
        finally:
            store.stop()
    return Run(list(by_key.values()), bursts, uploads, imports, where, loaded, rss, args.rss_n, server.kind, bulk)


def fmt(x: float, spec: str = ".2f") -> str:
    return "-" if x != x else format(x, spec)  # NaN: not measured


def render(run: Run, args: argparse.Namespace) -> str:
    by = {(r.group, r.name): r for r in run.results}
    seq, conc = "async, sequential", f"async, {args.concurrency} in flight"
    targets: list[tuple[str, str, str]] = []

    def target(what: str, value: float, ok: bool) -> None:
        targets.append((what, fmt(value), "-" if value != value else ("met" if ok else "**not met**")))

    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        f"- Machine: {machine()}",
        f"- Request server: {run.server_kind} on 127.0.0.1"
        + (", pinned to CPU 1 (client on CPU 0)" if CAN_PIN else ""),
        f"- {args.n} calls per scenario and round, {args.rounds} rounds interleaved (every other one in reverse"
        " order), after a warm-up that opens as many connections as calls in flight; calls/s are medians over the"
        " rounds, ratios the median of the ratios measured in each round (ours / theirs, same server, same round).",
        "- Clients as users construct them: no transport, session or http_client argument.",
        "",
        "## Async clients against their peers",
        "",
        "reduct-py's `Client` and opengater-storage-client's `StorageClient` are what our `AsyncClient` and",
        "`AsyncStorageClient` replace; raw aiohttp (`ClientSession.get/post` + `read()` + `json.loads`, no",
        "model) is the ceiling. Above 1.00: faster than the peer. The range is the lowest and highest of the",
        "ratios measured in single rounds: how far this machine's noise moves one round.",
        "",
        "| call | mode | storage_sdk calls/s | peer calls/s | raw aiohttp calls/s | ours / peer | ours / peer,"
        " rounds' range | ours / raw aiohttp |",
        "|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for call, ours, peer, ceiling in HEADLINE:
        for group in (seq, conc):
            a, p, c = by.get((group, ours)), by.get((group, peer)), by.get((group, ceiling))
            vs_peer, vs_ceiling = paired_ratio(a, p), paired_ratio(a, c)
            mode = "sequential" if group == seq else f"{args.concurrency} in flight"
            cells = [fmt(r.median, ".0f") if r else "-" for r in (a, p, c)]
            each = paired_ratios(a, p)
            spread = f"{min(each):.2f}-{max(each):.2f}" if each else "-"
            lines.append(f"| `{call}` | {mode} | {' | '.join(cells)} | {fmt(vs_peer)} | {spread} | {fmt(vs_ceiling)} |")
            peer_name = peer.split(" ")[0]
            target(f"`{call}` / {peer_name}, {mode} (>= 1.0)", vs_peer, vs_peer >= 1.0)

    sync_info = paired_ratio(
        by.get(("sync, sequential", "storage_sdk.Client.info()")), by.get(("sync, sequential", "raw httpx.Client info"))
    )
    target("sync `Client.info()` / raw `httpx.Client().get().json()` (>= 1.0)", sync_info, sync_info >= 1.0)

    lines += [
        "",
        "## Every request scenario",
        "",
        "Ratio to the floor doing the same request and JSON decode in the same round: raw `httpx.Client` for",
        "the sync clients, raw aiohttp for the async ones.",
        "",
        "| mode | client | calls/s | min-max | ratio to floor |",
        "|---|---|---:|---|---:|",
    ]
    for r in run.results:
        if r.note:
            lines.append(f"| {r.group} | {r.name} | - | {r.note} | - |")
            continue
        ratio = paired_ratio(r, by.get((r.group, r.floor or "")))
        lines.append(
            f"| {r.group} | {r.name} | {r.median:.0f} | {min(r.rates):.0f}-{max(r.rates):.0f} | {fmt(ratio)} |"
        )

    sizes = sorted({b.size for b in run.bursts})
    lines += [
        "",
        "## Cold burst",
        "",
        "Concurrent `info()` calls in one `asyncio.gather` on a client that has no connection yet (no retries),",
        f"median seconds over {args.burst_rounds} rounds; errors are failed calls over all rounds.",
        "",
        "| client | " + " | ".join(f"{s} calls" for s in sizes) + f" | time {sizes[-1]} / {sizes[0]} | errors |",
        "|---|" + "---:|" * len(sizes) + "---:|---:|",
    ]
    for client in dict.fromkeys(b.client for b in run.bursts):
        rows = [b for b in run.bursts if b.client == client]
        ratio = rows[-1].median / rows[0].median
        errors = sum(sum(b.errors) for b in rows)
        cells = " | ".join(f"{b.median:.2f} s" for b in rows)
        lines.append(f"| {client} | {cells} | {fmt(ratio)} | {errors} |")
        if client == "storage_sdk.AsyncClient":
            target(f"cold burst, time {sizes[-1]} / {sizes[0]} concurrent `info()` (<= 2.5)", ratio, ratio <= 2.5)
            targets.append(
                (
                    f"cold burst errors ({sizes[-1]} and {sizes[0]} calls, all rounds)",
                    str(errors),
                    "met" if errors == 0 else "**not met**",
                )
            )

    curl = {u.scheme: u for u in run.uploads if u.client == "curl"}
    mb = args.upload_mib * MIB / 1e6
    lines += [
        "",
        "## Upload throughput",
        "",
        f"A {args.upload_mib} MiB file streamed by `upload(path, ...)` (POST /uploads, then the presigned PUT) to a",
        "loopback object store that discards the bytes (benchmarks/objstore.py, pinned to CPU 1), over http and",
        "over https (a trustme CA, given to our clients as `verify=<CA path>` and to curl as `--cacert`). Each upload",
        "runs in a fresh process on a fresh connection; curl PUTs to a URL presigned just before (`-w %{time_total}`).",
        f"MB/s is 10^6 bytes per second, median over {args.upload_rounds} rounds; the ratio is to curl in the same",
        "round; peak RSS is the uploading process's VmHWM (for curl, polled from /proc while it runs).",
        "",
        "| scheme | client | MB/s | min-max | ratio to curl | peak RSS | RSS before the upload |",
        "|---|---|---:|---|---:|---:|---:|",
    ]
    for up in run.uploads:
        if not up.seconds:
            lines.append(f"| {up.scheme} | {UPLOAD_CLIENTS[up.client]} | - | {up.note or 'not run'} | - | - | - |")
            continue
        rates = [mb / s for s in up.seconds]
        ref = curl.get(up.scheme)
        ratio = (
            statistics.median(c / s for s, c in zip(up.seconds, ref.seconds, strict=True))
            if ref and len(ref.seconds) == len(up.seconds)
            else float("nan")
        )
        before = f"{median(up.before):.0f} MiB" if up.before else "-"
        lines.append(
            f"| {up.scheme} | {UPLOAD_CLIENTS[up.client]} | {median(rates):.0f} | {min(rates):.0f}-{max(rates):.0f} |"
            f" {fmt(ratio)} | {median(up.peaks):.0f} MiB | {before} |"
        )

    lines += [
        "",
        "## Uploads in bulk",
        "",
        f"{args.bulk_files} files of {args.bulk_kib} KiB from one folder (paths), each a POST /uploads and a",
        "presigned PUT to the object store of the upload benchmark over http, in a fresh process per run on one",
        f"client (after one warm-up upload); median over {args.upload_rounds} rounds. On loopback both sides are",
        f"CPU-bound on two cores; the second listener answers each request after {BULK_DELAY_MS:g} ms, as a service",
        "and store a few milliseconds away do. The speed-up is to the same files uploaded one by one, same round.",
        "",
        "| object store | mode | how | files/s | MB/s | speed-up over one by one |",
        "|---|---|---|---:|---:|---:|",
    ]
    for (where, mode, how), runs in run.bulk.items():
        if not runs:
            continue
        files_s = median([r["files"] / r["seconds"] for r in runs])
        mb_s = median([r["bytes"] / r["seconds"] / 1e6 for r in runs])
        loop = run.bulk.get((where, mode, "loop"), [])
        speedup = (
            statistics.median(o["seconds"] / r["seconds"] for r, o in zip(runs, loop, strict=True))
            if len(loop) == len(runs)
            else float("nan")
        )
        way = BULK_WAYS[(mode, how)].format(c=args.bulk_concurrency)
        lines.append(f"| {BULK_WHERE[where]} | {mode} | `{way}` | {files_s:.0f} | {mb_s:.1f} | {fmt(speedup)} |")

    httpx_ms = run.imports.get("import httpx", 0.0)
    four = run.imports["all four clients"] / httpx_ms if httpx_ms else float("nan")
    target("import of all four clients / `import httpx` (<= 1.5)", four, four <= 1.5)
    lazy_ok = not any(v for k, v in run.aiohttp.items() if "first" not in k)
    targets.append(
        (
            "aiohttp not in sys.modules after constructing an AsyncClient",
            "no" if lazy_ok else "yes",
            "met" if lazy_ok else "**not met**",
        )
    )
    lines += [
        "",
        "## Import time",
        "",
        f"In {run.where}: median of {args.import_runs} fresh processes per import (interleaved), net of a bare",
        "`python -c pass`. The last row imports the four clients and touches a method of each.",
        "",
        "| import | ms | ratio to `import httpx` |",
        "|---|---:|---:|",
        *(
            f"| `{IMPORTS[label]}` | {ms:.1f} | {fmt(ms / httpx_ms) if httpx_ms else '-'} |"
            for label, ms in run.imports.items()
        ),
        "",
        "Is `aiohttp` in `sys.modules` (same interpreter)?",
        "",
        "| when | aiohttp loaded |",
        "|---|---|",
        *(f"| {when} | {'yes' if v else 'no'} |" for when, v in run.aiohttp.items()),
        "",
        f"| peak RSS of a process making `Client.info()` calls | after {run.rss_n // 10} calls"
        f" | after {run.rss_n} calls |",
        "|---|---:|---:|",
        *(f"| {mode} | {a:.1f} MiB | {b:.1f} MiB |" for mode, (a, b) in run.rss.items()),
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        *(f"| {what} | {value} | {verdict} |" for what, value, verdict in targets),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2500, help="calls per scenario and round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--burst", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 2000])
    parser.add_argument("--burst-rounds", type=int, default=3)
    parser.add_argument("--upload-mib", type=int, default=256, help="size of the streamed upload")
    parser.add_argument("--upload-rounds", type=int, default=3)
    parser.add_argument("--bulk-files", type=int, default=200, help="files of the upload_many benchmark")
    parser.add_argument("--bulk-kib", type=int, default=256, help="size of each of them")
    parser.add_argument("--bulk-concurrency", type=int, default=8)
    parser.add_argument("--import-runs", type=int, default=21)
    parser.add_argument("--rss-n", type=int, default=10_000, help="calls of the RSS check")
    parser.add_argument("--no-write", action="store_true", help="do not write BENCHMARKS.md")
    parser.add_argument(
        "--smoke", action="store_true", help="tiny run that only checks everything works (implies --no-write)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.n, args.rounds, args.no_write, args.burst, args.burst_rounds = min(args.n, 20), 1, True, [50, 100], 1
        args.upload_mib, args.upload_rounds, args.import_runs, args.rss_n = min(args.upload_mib, 4), 1, 1, 100
        args.bulk_files, args.bulk_kib = min(args.bulk_files, 10), min(args.bulk_kib, 16)
    if CAN_PIN:
        os.sched_setaffinity(0, {0})  # client on CPU 0, the servers on CPU 1

    run = measure(args)
    table = render(run, args)
    print("\n" + table)
    if not args.no_write:
        (ROOT / "BENCHMARKS.md").write_text(table)
        print("bench: wrote BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
