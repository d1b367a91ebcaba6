"""`make bench`: storage-sdk against the raw-httpx floor and the peers, measured side by side.

A loopback server (benchmarks/server.py on granian or uvicorn, a separate process pinned to
another CPU than the client where `taskset` exists) answers GET /api/v1/info, GET /api/v1/list
(20 buckets) and POST /uploads. Each scenario makes N calls per round; the table shows the
median calls/s over the rounds with min and max, and each figure's ratio to the raw-httpx floor
measured in the same run; a headline table compares the async clients, as users construct them,
with the peer their users come from (reduct-py, opengater-storage-client). A cold-burst table
times 1000 and 2000 concurrent calls on a fresh client, and imports are timed in a virtualenv
holding only the runtime dependencies. Absolute numbers drift between runs on a shared machine:
compare ratios.

    python benchmarks/bench.py                 # full run, writes BENCHMARKS.md
    python benchmarks/bench.py --n 200 --rounds 1 --no-write   # quick look
    python benchmarks/bench.py --smoke         # tiny run used by the test suite: checks it works
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
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


def have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


# ------------------------------------------------------------------------------------------------
# the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


class Server:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        pin = ["taskset", "-c", "1"] if shutil.which("taskset") and (os.cpu_count() or 1) >= 2 else []
        if have("granian"):
            self.kind = "granian (ASGI, 1 worker)"
            cmd = [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "asgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--log-level",
                "warning",
                "benchmarks.server:app",
            ]
        else:
            self.kind = "uvicorn + httptools (ASGI, 1 worker)"
            cmd = [
                sys.executable,
                "-m",
                "uvicorn",
                "benchmarks.server:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--http",
                "httptools",
                "--log-level",
                "warning",
                "--no-access-log",
            ]
        self.pinned = bool(pin)
        self.proc = subprocess.Popen([*pin, *cmd], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/v1/info", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(
            f"bench: the server did not start: {self.proc.stderr.read().decode() if self.proc.stderr else ''}"
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


# ------------------------------------------------------------------------------------------------
# scenarios: each builds a client, makes n calls, closes; returns calls/s


@dataclass
class Result:
    group: str
    name: str
    floor: str | None
    rates: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.rates) if self.rates else 0.0


def timed_sync(n: int, setup: Callable[[], tuple[Callable[[], Any], Callable[[], None]]]) -> float:
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


def timed_async(n: int, concurrency: int, setup: Callable[[], Awaitable[tuple[Any, Any]]]) -> float:
    async def run() -> float:
        call, close = await setup()
        try:
            for _ in range(min(50, n)):
                await call()
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


def sync_scenarios(url: str) -> dict[str, Callable[[], tuple[Callable[[], Any], Callable[[], None]]]]:
    def raw(path: str, method: str = "GET") -> Callable[[], tuple[Callable[[], Any], Callable[[], None]]]:
        def setup() -> tuple[Callable[[], Any], Callable[[], None]]:
            c = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}", "X-API-Key": KEY})
            if method == "GET":
                return (lambda: c.get(path).json()), c.close
            body = {"content_type": "image/png", "prefix": "news"}
            return (lambda: c.post(path, json=body).json()), c.close

        return setup

    def sdk_info() -> tuple[Callable[[], Any], Callable[[], None]]:
        c = storage_sdk.Client(url, api_token=TOKEN)
        return c.info, c.close

    def sdk_list() -> tuple[Callable[[], Any], Callable[[], None]]:
        c = storage_sdk.Client(url, api_token=TOKEN)
        return c.list, c.close

    def sdk_upload() -> tuple[Callable[[], Any], Callable[[], None]]:
        c = storage_sdk.StorageClient(url, api_key=KEY)
        return (lambda: c.create_upload("image/png", prefix="news")), c.close

    return {
        "raw httpx.Client info": raw("/api/v1/info"),
        "storage_sdk.Client.info()": sdk_info,
        "raw httpx.Client list": raw("/api/v1/list"),
        "storage_sdk.Client.list()": sdk_list,
        "raw httpx.Client POST /uploads": raw("/uploads", "POST"),
        "storage_sdk.StorageClient.create_upload()": sdk_upload,
    }


def async_scenarios(url: str) -> dict[str, Callable[[], Awaitable[tuple[Any, Any]]]]:
    headers = {"Authorization": f"Bearer {TOKEN}", "X-API-Key": KEY}

    def raw_httpx(path: str, post: bool = False) -> Callable[[], Awaitable[tuple[Any, Any]]]:
        async def setup() -> tuple[Any, Any]:
            c = httpx.AsyncClient(base_url=url, headers=headers)
            if post:
                body = {"content_type": "image/png", "prefix": "news"}

                async def call() -> Any:
                    return (await c.post(path, json=body)).json()
            else:

                async def call() -> Any:
                    return (await c.get(path)).json()

            return call, c.aclose

        return setup

    def raw_aiohttp(path: str) -> Callable[[], Awaitable[tuple[Any, Any]]]:
        async def setup() -> tuple[Any, Any]:
            import aiohttp

            s = aiohttp.ClientSession(base_url=url, headers=headers)

            async def call() -> Any:
                async with s.get(path) as r:
                    return await r.json()

            return call, s.close

        return setup

    def sdk(kind: str, on_httpx: bool = False) -> Callable[[], Awaitable[tuple[Any, Any]]]:
        async def setup() -> tuple[Any, Any]:
            transport = httpx.AsyncHTTPTransport() if on_httpx else None
            if kind == "upload":
                s = storage_sdk.AsyncStorageClient(url, api_key=KEY, transport=transport)
                return (lambda: s.create_upload("image/png", prefix="news")), s.aclose
            c = storage_sdk.AsyncClient(url, api_token=TOKEN, transport=transport)
            return (c.info if kind == "info" else c.list), c.aclose

        return setup

    def reduct_py(kind: str) -> Callable[[], Awaitable[tuple[Any, Any]]]:
        async def setup() -> tuple[Any, Any]:
            import reduct

            c = reduct.Client(url, api_token=TOKEN)
            await c.__aenter__()

            async def close() -> None:
                await c.__aexit__(None, None, None)

            return (c.info if kind == "info" else c.list), close

        return setup

    def opengater() -> Callable[[], Awaitable[tuple[Any, Any]]]:
        async def setup() -> tuple[Any, Any]:
            from opengater_storage_client import StorageClient

            c = StorageClient(url, api_key=KEY)
            return (lambda: c.create_upload("image/png", prefix="news")), c.aclose

        return setup

    out: dict[str, Callable[[], Awaitable[tuple[Any, Any]]]] = {
        "raw httpx.AsyncClient info": raw_httpx("/api/v1/info"),
        "storage_sdk.AsyncClient.info()": sdk("info"),
        "storage_sdk.AsyncClient.info() on httpx's transport": sdk("info", on_httpx=True),
        "raw aiohttp info": raw_aiohttp("/api/v1/info"),
        "reduct-py 1.21.0 Client.info()": reduct_py("info"),
        "raw httpx.AsyncClient list": raw_httpx("/api/v1/list"),
        "storage_sdk.AsyncClient.list()": sdk("list"),
        "storage_sdk.AsyncClient.list() on httpx's transport": sdk("list", on_httpx=True),
        "reduct-py 1.21.0 Client.list()": reduct_py("list"),
        "raw httpx.AsyncClient POST /uploads": raw_httpx("/uploads", post=True),
        "storage_sdk.AsyncStorageClient.create_upload()": sdk("upload"),
        "storage_sdk.AsyncStorageClient.create_upload() on httpx's transport": sdk("upload", on_httpx=True),
        "opengater-storage-client 0.2.2 create_upload()": opengater(),
    }
    return out


PEERS = {"raw aiohttp": "aiohttp", "reduct-py": "reduct", "opengater": "opengater_storage_client"}
HEADLINE = {
    "storage_sdk.AsyncClient.info()": "reduct-py 1.21.0 Client.info()",
    "storage_sdk.AsyncClient.list()": "reduct-py 1.21.0 Client.list()",
    "storage_sdk.AsyncStorageClient.create_upload()": "opengater-storage-client 0.2.2 create_upload()",
}
"""Our default async construction against the peer its users come from."""


def peer_missing(name: str) -> str | None:
    for prefix, module in PEERS.items():
        if name.startswith(prefix) and not have(module):
            return module
    return None


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
        return statistics.median(self.seconds) if self.seconds else float("nan")


def cold_burst(url: str, size: int, client: str) -> tuple[float, int]:
    """Seconds for ``size`` concurrent info() calls on a fresh client, and how many failed."""

    async def run() -> tuple[float, int]:
        if client == "reduct-py":
            import reduct

            peer = reduct.Client(url, api_token=TOKEN)
            await peer.__aenter__()
            call, close = peer.info, lambda: peer.__aexit__(None, None, None)
        else:
            transport = httpx.AsyncHTTPTransport() if client.endswith("httpx's transport") else None
            ours = storage_sdk.AsyncClient(url, api_token=TOKEN, transport=transport, max_retries=0)
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
# import time and memory


IMPORTS = {
    "import httpx": "import httpx",
    "import storage_sdk": "import storage_sdk",
    "all four clients loaded": "from storage_sdk import AsyncClient, AsyncStorageClient, Client, StorageClient",
}
RUNTIME_VENV = ROOT / ".bench" / "runtime-venv"


def runtime_python(smoke: bool) -> tuple[str, str]:
    """A Python with only storage-sdk and its runtime dependencies (a wheel install, not the dev venv).

    The dev venv overstates imports: httpx loads its CLI (rich, click) when they are installed,
    and editable sources are recompiled at every start where PYTHONDONTWRITEBYTECODE is set.
    """
    if smoke:
        return sys.executable, "this interpreter (smoke run)"
    python = RUNTIME_VENV / "bin" / "python"
    stamp = RUNTIME_VENV / ".built-from"
    source = "\n".join(
        str(p.stat().st_mtime_ns) for p in [*sorted((ROOT / "src").rglob("*.py")), ROOT / "pyproject.toml"]
    )
    if not python.exists() or not stamp.exists() or stamp.read_text() != source:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(RUNTIME_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--no-cache-dir", str(ROOT)],
            check=True,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )
        stamp.write_text(source)
    return str(python), f"a virtualenv with the runtime dependencies only ({RUNTIME_VENV.relative_to(ROOT)})"


def import_time(python: str, code: str, runs: int) -> float:
    def once(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, cwd="/")
        return time.perf_counter() - started

    bare = statistics.median(once("pass") for _ in range(runs))
    return max(statistics.median(once(code) for _ in range(runs)) - bare, 0.0) * 1000


RSS_CODE = """
import resource, sys, asyncio
import storage_sdk
url, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = [
        f"Python {platform.python_version()}",
        f"httpx {httpx.__version__}",
        f"storage-sdk {storage_sdk.__version__}",
    ]
    for mod, dist in (
        ("aiohttp", "aiohttp"),
        ("reduct", "reduct-py"),
        ("opengater_storage_client", "opengater-storage-client"),
    ):
        if have(mod):
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}); " + ", ".join(versions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=3000, help="calls per scenario and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--no-write", action="store_true", help="do not write BENCHMARKS.md")
    parser.add_argument("--smoke", action="store_true", help="tiny run that only checks everything works")
    args = parser.parse_args()
    if args.smoke:
        args.n, args.rounds, args.no_write = 30, 1, True
    if (os.cpu_count() or 1) >= 2 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})  # client on CPU 0, server on CPU 1

    server = Server()
    results: list[Result] = []
    try:
        sync = sync_scenarios(server.url)
        asyncs = async_scenarios(server.url)
        plan: list[tuple[str, str, str | None, Callable[[], float]]] = []
        floors = {
            "info": "raw httpx.Client info",
            "list": "raw httpx.Client list",
            "POST": "raw httpx.Client POST /uploads",
        }
        for name, setup in sync.items():
            floor = next(v for k, v in floors.items() if k in name or (k == "POST" and "upload" in name))
            plan.append(("sync, sequential", name, floor, lambda s=setup: timed_sync(args.n, s)))
        afloors = {
            "info": "raw httpx.AsyncClient info",
            "list": "raw httpx.AsyncClient list",
            "upload": "raw httpx.AsyncClient POST /uploads",
        }
        for conc, label in ((1, "async, sequential"), (args.concurrency, f"async, {args.concurrency} in flight")):
            for name, asetup in asyncs.items():
                key = (
                    "upload" if ("upload" in name.lower() or "POST" in name) else ("list" if "list" in name else "info")
                )
                plan.append((label, name, afloors[key], lambda s=asetup, c=conc: timed_async(args.n, c, s)))
        by_key: dict[tuple[str, str], Result] = {}
        for _round in range(args.rounds):
            for group, name, floor, fn in plan:  # rounds interleave scenarios, so drift hits all alike
                res = by_key.setdefault((group, name), Result(group, name, floor))
                if not res.rates and (missing := peer_missing(name)):
                    res.note = f"not installed ({missing}); `make bench` installs it"
                if res.note:
                    continue
                res.rates.append(fn())
                print(f"  {group:<22} {name:<48} {res.rates[-1]:9.0f} calls/s", flush=True)
        results = list(by_key.values())
        bursts: list[Burst] = []
        burst_sizes = (50, 100) if args.smoke else (1000, 2000)
        burst_clients = ["storage_sdk.AsyncClient", "storage_sdk.AsyncClient on httpx's transport"]
        if have("reduct"):
            burst_clients.append("reduct-py")
        for client in burst_clients:
            for size in burst_sizes:
                bursts.append(Burst(client, size))
        burst_rounds = 1 if args.smoke else 3
        for _round in range(burst_rounds):
            for burst in bursts:
                if burst.client.endswith("httpx's transport") and (burst.size > burst_sizes[0] or burst.seconds):
                    continue  # once, at the smaller size: httpx's own pool needs minutes at the larger one
                seconds, errors = cold_burst(server.url, burst.size, burst.client)
                burst.seconds.append(seconds)
                burst.errors.append(errors)
                print(f"  cold burst  {burst.client:<48} {burst.size:5d} calls {seconds:8.2f} s, {errors} errors")
        python, where = runtime_python(args.smoke)
        imports = {label: import_time(python, code, 3 if args.smoke else 11) for label, code in IMPORTS.items()}
        rss_n = 200 if args.smoke else 10_000
        rss = {mode: peak_rss(server.url, rss_n, mode) for mode in ("sync", "async")}
    finally:
        server.stop()

    table = render(results, bursts, imports, where, rss, rss_n, args, server)
    print("\n" + table)
    if not args.no_write:
        (ROOT / "BENCHMARKS.md").write_text(table)
        print("bench: wrote BENCHMARKS.md")
    return 0


def render(
    results: list[Result],
    bursts: list[Burst],
    imports: dict[str, float],
    where: str,
    rss: dict[str, tuple[float, float]],
    rss_n: int,
    args: argparse.Namespace,
    server: Server,
) -> str:
    medians = {(r.group, r.name): r.median for r in results}
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        f"- Machine: {machine()}",
        f"- Server: {server.kind} on 127.0.0.1{', pinned to CPU 1 (client on CPU 0)' if server.pinned else ''}",
        f"- {args.n} calls per scenario and round, {args.rounds} rounds (interleaved); median calls/s [min-max]",
        "- Ratio: to the raw-httpx floor doing the same request and JSON decode, measured in this same run.",
        "",
        "| mode | client | calls/s | min-max | ratio to raw httpx |",
        "|---|---|---:|---|---:|",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.group} | {r.name} | - | {r.note} | - |")
            continue
        floor = medians.get((r.group, r.floor or ""), 0.0)
        ratio = f"{r.median / floor:.2f}" if floor else "-"
        lines.append(f"| {r.group} | {r.name} | {r.median:.0f} | {min(r.rates):.0f}-{max(r.rates):.0f} | {ratio} |")
    lines += [
        "",
        "**The headline**: the async clients as users construct them (no transport argument), against the peer",
        "they come from, as the ratio of medians measured in this same run (above 1.00: faster than the peer).",
        "",
        "| call | sequential | 64 in flight |",
        "|---|---:|---:|",
    ]
    for ours, peer in HEADLINE.items():
        cells = []
        for group in ("async, sequential", f"async, {args.concurrency} in flight"):
            a, b = medians.get((group, ours), 0.0), medians.get((group, peer), 0.0)
            cells.append(f"{a / b:.2f}" if a and b else "-")
        lines.append(f"| `{ours}` / {peer} | {cells[0]} | {cells[1]} |")
    by_client: dict[str, list[Burst]] = {}
    for b in bursts:
        by_client.setdefault(b.client, []).append(b)
    lines += [
        "",
        "**Under load, from cold**: concurrent `info()` calls on a client that has no connection yet (one",
        "`asyncio.gather`, no retries), median seconds over the rounds and failed calls over all rounds.",
        "",
        "| client | "
        + " | ".join(f"{b.size} calls" for b in bursts[: len(bursts) // max(len(by_client), 1)])
        + " | time ratio | errors |",
        "|---|" + "---:|" * (len(bursts) // max(len(by_client), 1)) + "---:|---:|",
    ]
    for client, rows in by_client.items():
        small, large = rows[0], rows[-1]
        ratio = f"{large.median / small.median:.2f}" if small.seconds and large.seconds else "-"
        cells = " | ".join(f"{r.median:.2f} s" if r.seconds else "not run" for r in rows)
        lines.append(f"| {client} | {cells} | {ratio} | {sum(sum(r.errors) for r in rows)} |")
    lines += [
        "",
        f"Import time, in {where}:",
        "",
        "| import (median of 11 fresh processes, net of bare Python) | ms | ratio to `import httpx` |",
        "|---|---:|---:|",
        *(
            f"| `{IMPORTS[label]}` | {ms:.1f} | {ms / imports['import httpx']:.2f} |"
            for label, ms in imports.items()
            if imports["import httpx"]
        ),
        "",
        "`import storage_sdk` loads the clients lazily, on first use; the last row is the cost of loading all of them.",
        "",
        f"| peak RSS of a process making Client.info() calls | after {rss_n // 10} calls | after {rss_n} calls |",
        "|---|---:|---:|",
        *(f"| {mode} | {a:.1f} MiB | {b:.1f} MiB |" for mode, (a, b) in rss.items()),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
