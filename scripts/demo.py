"""`make demo`: start mock servers generated from the specs, run the examples against them, report.

No external service is needed: Prism serves openapi/reduct.yaml and openapi/storage.yaml on
127.0.0.1, the four scripts in examples/ run against them exactly as a user would run them
(URL and secret from the environment), and the servers are stopped at the end.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.prism import Prism  # noqa: E402

EXAMPLES = ["reduct_sync.py", "reduct_async.py", "storage_sync.py", "storage_async.py"]
REQUEST_LINE = re.compile(r"\[HTTP SERVER\] (\w+) (\S+) .*Request received")


def run_example(name: str, env: dict[str, str]) -> tuple[int, str, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name)], env=env, capture_output=True, text=True, timeout=120
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started


def requests_seen(log: str) -> list[str]:
    return [f"{m.group(1).upper()} {m.group(2)}" for m in REQUEST_LINE.finditer(log)]


def show_errors(reduct_url: str, storage_url: str) -> None:
    """Errors, as the SDK reports them. A mock answers 200 to anything it can, so each call asks it
    (Prism's ``Prefer: code=...`` header) for the status the real server gives in that case."""
    from storage_sdk import Client, ReductNotFound, StorageClient, StoragePayloadTooLarge

    print("== errors (the mock is asked for the status a real server answers; it keeps no state)")
    with Client(reduct_url, api_token="demo-token", extra_headers={"Prefer": "code=404"}) as client:
        try:
            client.get_bucket("bucket-1")
        except ReductNotFound as err:
            print(f"   get_bucket('bucket-1') -> {type(err).__name__}: {err}")
    with StorageClient(storage_url, api_key="demo-key", extra_headers={"Prefer": "code=413"}) as storage:
        try:
            storage.upload_file(b"x" * 10, "big.png", "image/png")
        except StoragePayloadTooLarge as err:
            print(f"   upload_file(...) -> {type(err).__name__}: {err.message}")
    print()


def main() -> int:
    print("demo: starting Prism mock servers from openapi/reduct.yaml and openapi/storage.yaml ...")
    with Prism("reduct") as reduct, Prism("storage") as storage:
        env = dict(
            os.environ,
            REDUCT_URL=reduct.url,
            REDUCT_API_TOKEN="demo-token",
            STORAGE_URL=storage.url,
            STORAGE_API_KEY="demo-key",
        )
        print(f"demo: ReductStore mock at {reduct.url}, storage mock at {storage.url}\n")
        results = []
        for name in EXAMPLES:
            server = reduct if name.startswith("reduct") else storage
            before = len(requests_seen(server.logs()))
            code, output, seconds = run_example(name, env)
            time.sleep(0.2)  # let Prism flush its log
            seen = requests_seen(server.logs())[before:]
            results.append((name, code, seconds, len(seen)))
            print(f"== examples/{name} ({'ok' if code == 0 else f'FAILED, exit {code}'}, {seconds:.2f} s)")
            for line in output.rstrip().splitlines():
                print(f"   {line}")
            print(f"   requests the mock server received: {', '.join(seen) or 'none'}\n")
        show_errors(reduct.url, storage.url)
    width = max(len(r[0]) for r in results)
    print(f"{'example':<{width}}  result  seconds  requests")
    print(f"{'-' * width}  ------  -------  --------")
    for name, code, seconds, count in results:
        print(f"{name:<{width}}  {'ok' if code == 0 else 'FAILED':<6}  {seconds:7.2f}  {count:8d}")
    failed = [r[0] for r in results if r[1] != 0]
    if failed:
        print(f"\ndemo: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("\ndemo: all examples ran; mock servers stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
