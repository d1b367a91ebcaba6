"""`make demo`: a real session against the stateful fakes of storage_sdk.testing, then the examples.

No external service, Node or network is needed: FakeReduct (the ReductStore admin API) and
FakeStorage (opengater-storage and its object store) serve on 127.0.0.1 from this process. The demo
shows what only a stateful service can (a bucket listed once created, a read-only token refused a
write, a rotated token's old value refused, an upload fetched back, a presigned URL refused after
its expiry), then runs the four scripts in examples/ as subprocesses, exactly as a user would run
them against a real server (URL and secret from the environment).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from storage_sdk import Client, Permissions, ReductForbidden, ReductUnauthorized, StorageClient
from storage_sdk.testing import FakeReduct, FakeStorage

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ["reduct_sync.py", "reduct_async.py", "storage_sync.py", "storage_async.py"]
STEPS = [
    "create a bucket and see it listed",
    "a read-only token reads but cannot write",
    "a rotated token's old value is refused",
    "upload a file with progress and fetch it back from its public URL",
    "a presigned URL is refused after its expiry",
]


def step(number: int) -> None:
    print(f"== step {number}/{len(STEPS)}: {STEPS[number - 1]}")


def write_record(url: str, token: str, bucket: str, entry: str, ts: int, data: bytes) -> httpx.Response:
    # the SDK covers the admin API only; a record is written as reduct-py's Bucket.write sends it
    return httpx.post(
        f"{url}/api/v1/b/{bucket}/{entry}",
        params={"ts": ts},
        content=data,
        headers={"Authorization": f"Bearer {token}"},
    )


def session(reduct: FakeReduct, storage: FakeStorage, token: str, key: str) -> None:
    with Client(reduct.url, api_token=token) as admin:
        step(1)
        admin.create_bucket("demo-bucket")
        print(f"   create_bucket('demo-bucket'); list() -> {[b.name for b in admin.list()]}")
        written = write_record(reduct.url, token, "demo-bucket", "sensor", 1_000_000, b"21.5 C")
        print(f"   POST /api/v1/b/demo-bucket/sensor?ts=1000000 with the admin token -> {written.status_code}")

        step(2)
        reader = admin.create_token("demo-reader", Permissions(read=["demo-*"]))
        refused = write_record(reduct.url, reader, "demo-bucket", "sensor", 2_000_000, b"22.0 C")
        print(f"   writing with the read-only token -> {refused.status_code}: {refused.headers['x-reduct-error']}")
        assert refused.status_code == 403
        with Client(reduct.url, api_token=reader, max_retries=0) as client:
            entries = client.get_bucket("demo-bucket").get_entry_list()
            print(f"   reading with it: entries {[(e.name, e.record_count, e.size) for e in entries]}")
            try:
                client.create_bucket("not-allowed")
            except ReductForbidden as err:
                print(f"   create_bucket with it -> {type(err).__name__}: {err}")

        step(3)
        rotated = admin.rotate_token("demo-reader")
        with Client(reduct.url, api_token=reader, max_retries=0) as stale:
            try:
                stale.me()
            except ReductUnauthorized as err:
                print(f"   the old value after rotate_token -> {type(err).__name__}: {err}")
        with Client(reduct.url, api_token=rotated) as fresh:
            print(f"   the new value -> me().name = {fresh.me().name!r}")

    with StorageClient(storage.url, api_key=key, max_retries=0) as uploads:
        step(4)
        data = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(256 * 1024)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "photo.png"
            path.write_bytes(data)

            def show(sent: int, total: int | None) -> None:
                print(f"\r   uploading photo.png: {sent}/{total} bytes", end="", flush=True)

            result = uploads.upload(path, "image/png", prefix="demo", progress=show)
        print(f"\n   stored as {result.key}")
        fetched = httpx.get(result.public_url)
        same = "identical" if fetched.content == data else "DIFFERENT"
        print(f"   GET {result.public_url} -> {fetched.status_code}, {len(fetched.content)} bytes, {same}")
        assert fetched.content == data

        step(5)
        storage.expires_in = 1
        slot = uploads.create_upload("image/png", prefix="demo")
        expires = int(parse_qs(urlsplit(slot.upload_url).query)["Expires"][0])
        print(f"   create_upload(...) -> a URL valid until {time.strftime('%H:%M:%S', time.gmtime(expires))} UTC")
        time.sleep(max(0.0, expires + 1 - time.time()))
        late = httpx.put(slot.upload_url, content=b"too late", headers={"Content-Type": "image/png"})
        print(f"   PUT after the expiry -> {late.status_code}: {late.text.split('<Message>')[1].split('<')[0]}")
        assert late.status_code == 403 and "Request has expired" in late.text
        storage.expires_in = 900


def run_example(name: str, env: dict[str, str]) -> tuple[int, str, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / name)], env=env, capture_output=True, text=True, timeout=120
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started


def main() -> int:
    started = time.monotonic()
    token, key = f"demo-{secrets.token_hex(8)}", f"demo-key-{secrets.token_hex(8)}"
    with FakeReduct(api_token=token) as reduct, FakeStorage(key) as storage:
        print(f"demo: FakeReduct at {reduct.url}, FakeStorage at {storage.url} (object store {storage.store_url})")
        print(f"demo: servers up in {time.monotonic() - started:.2f} s\n")
        session(reduct, storage, token, key)
        print()
        env = dict(
            os.environ, REDUCT_URL=reduct.url, REDUCT_API_TOKEN=token, STORAGE_URL=storage.url, STORAGE_API_KEY=key
        )
        results = []
        for name in EXAMPLES:
            fake: FakeReduct | FakeStorage = reduct if name.startswith("reduct") else storage
            before = len(fake.requests)
            code, output, seconds = run_example(name, env)
            seen = [f"{r.method} {r.path.split('?')[0]}" for r in fake.requests[before:]]
            results.append((name, code, seconds, len(seen)))
            print(f"== examples/{name} ({'ok' if code == 0 else f'FAILED, exit {code}'}, {seconds:.2f} s)")
            for line in output.rstrip().splitlines():
                print(f"   {line}")
            print(f"   requests the fake received: {', '.join(seen) or 'none'}\n")
    width = max(len(r[0]) for r in results)
    print(f"{'example':<{width}}  result  seconds  requests")
    print(f"{'-' * width}  ------  -------  --------")
    for name, code, seconds, count in results:
        print(f"{name:<{width}}  {'ok' if code == 0 else 'FAILED':<6}  {seconds:7.2f}  {count:8d}")
    failed = [r[0] for r in results if r[1] != 0]
    if failed:
        print(f"\ndemo: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\ndemo: every step and example ran in {time.monotonic() - started:.2f} s; fakes stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
