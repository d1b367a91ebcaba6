"""storage_sdk.testing with the SDK's own clients: state, the rules of both services, HTTPS, the port,
threads, the pytest fixtures and the command line."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from storage_sdk import (
    AsyncClient,
    BucketSettings,
    Client,
    Permissions,
    ReductConflict,
    ReductForbidden,
    ReductUnauthorized,
    StorageAuthError,
    StorageBadRequest,
    StorageClient,
    StoragePayloadTooLarge,
)
from storage_sdk.testing import RECORD_OVERHEAD, FakeReduct, FakeStorage

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "init-fakes"


def write(server: FakeReduct, token: str, path: str, data: bytes = b"x", **headers: str) -> httpx.Response:
    return httpx.post(
        f"{server.url}/api/v1/b/{path}", content=data, headers={"Authorization": f"Bearer {token}", **headers}
    )


# -- the pytest plugin (registered through the pytest11 entry point of this very package) ---------------


def test_the_fixture_gives_a_fresh_fake_reduct(storage_sdk_fake_reduct: FakeReduct) -> None:
    server = storage_sdk_fake_reduct
    assert server.api_token
    with Client(server.url, api_token=server.api_token) as client:
        client.create_bucket("data")
        assert [b.name for b in client.list()] == ["data"]
    assert list(server.snapshot()["buckets"]) == ["data"]


def test_the_fixture_is_fresh_for_every_test(storage_sdk_fake_reduct: FakeReduct) -> None:
    assert storage_sdk_fake_reduct.snapshot()["buckets"] == {}


def test_the_fixture_gives_a_fresh_fake_storage(storage_sdk_fake_storage: FakeStorage) -> None:
    fake = storage_sdk_fake_storage
    with StorageClient(fake.url, api_key=fake.api_key) as storage:
        result = storage.upload(b"\x89PNG", "image/png", prefix="news")
    assert fake.objects[result.key].data == b"\x89PNG"
    assert [r.path for r in fake.requests] == ["/uploads"]


def test_the_package_does_not_import_pytest() -> None:
    code = "import sys, storage_sdk.testing; print('pytest' in sys.modules, '_pytest' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]


# -- FakeReduct ------------------------------------------------------------------------------------------


def test_a_read_only_token_reads_but_cannot_write_and_a_rotated_value_is_refused() -> None:
    with FakeReduct(api_token=TOKEN) as server, Client(server.url, api_token=TOKEN) as admin:
        admin.create_bucket("data")
        value = admin.create_token("reader", Permissions(read=["data"]))
        assert write(server, value, "data/entry?ts=1").status_code == 403
        assert write(server, TOKEN, "data/entry?ts=1", b"somedata").status_code == 200
        with Client(server.url, api_token=value, max_retries=0) as reader:
            assert [e.name for e in reader.get_bucket("data").get_entry_list()] == ["entry"]
            with pytest.raises(ReductForbidden, match="doesn't have full access"):
                reader.create_bucket("other")
        rotated = admin.rotate_token("reader")
        with Client(server.url, api_token=value, max_retries=0) as stale, pytest.raises(ReductUnauthorized):
            stale.me()
        with Client(server.url, api_token=rotated) as fresh:
            assert fresh.me().name == "reader"


def test_record_writes_give_the_entry_figures_and_follow_the_quotas() -> None:
    with FakeReduct(api_token=TOKEN) as server, Client(server.url, api_token=TOKEN) as client:
        client.create_bucket("data", BucketSettings(max_block_records=2))
        for ts in (3_000_000, 1_000_000, 2_000_000):
            assert write(server, TOKEN, f"data/e?ts={ts}", b"12345").status_code == 200
        (entry,) = client.get_bucket("data").get_entry_list()
        assert (entry.record_count, entry.block_count, entry.size) == (3, 2, 3 * (5 + RECORD_OVERHEAD))
        assert (entry.oldest_record, entry.latest_record) == (1_000_000, 3_000_000)

        missing_ts = write(server, TOKEN, "data/e")
        assert (missing_ts.status_code, missing_ts.headers["x-reduct-error"]) == (422, "'ts' parameter is required")
        assert write(server, TOKEN, "nope/e?ts=1").status_code == 404
        assert write(server, TOKEN, "data/e?ts=1000000").headers["x-reduct-error"] == (
            "A record with timestamp 1000000 already exists"
        )

        client.create_bucket("hard", BucketSettings(quota_type="HARD", quota_size=100))
        assert write(server, TOKEN, "hard/e?ts=1", b"x" * 50).status_code == 200
        over = write(server, TOKEN, "hard/e?ts=2", b"x" * 50)
        assert (over.status_code, over.headers["x-reduct-error"]) == (400, "Quota of 'hard' exceeded")

        client.create_bucket("fifo", BucketSettings(quota_type="FIFO", quota_size=110, max_block_records=1))
        for ts in (1, 2, 3):
            assert write(server, TOKEN, f"fifo/e?ts={ts}", b"x" * 20).status_code == 200
        assert list(server.records("fifo", "e")) == [2, 3]  # the oldest block went

        other = httpx.get(f"{server.url}/api/v1/b/data/e?ts=1000000", headers={"Authorization": f"Bearer {TOKEN}"})
        assert other.status_code == 501 and "out of its scope" in other.headers["x-reduct-error"]


def test_a_removed_bucket_lingers_while_deleting() -> None:
    with FakeReduct(api_token=TOKEN, deletion_lag=10) as server, Client(server.url, api_token=TOKEN) as client:
        bucket = client.create_bucket("data")
        bucket.remove()
        assert [b.status.value for b in client.list()] == ["DELETING"]
        with pytest.raises(ReductConflict, match="Bucket 'data' is being deleted"):
            client.get_bucket("data")
        for _ in range(10):
            client.alive()
        assert client.list() == []


def test_starting_and_injected_faults() -> None:
    with FakeReduct(api_token=TOKEN) as server:
        server.starting = True
        assert httpx.get(f"{server.url}/api/v1/alive").status_code == 200
        ready = httpx.get(f"{server.url}/api/v1/ready")
        assert (ready.status_code, ready.headers["x-reduct-error"]) == (
            503,
            "The server is starting up, please try again later",
        )
        server.starting = False
        server.fail_next(500, "boom", path="/api/v1/info")
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.get(f"{server.url}/api/v1/list", headers=auth).status_code == 200
        assert httpx.get(f"{server.url}/api/v1/info", headers=auth).status_code == 500
        assert httpx.get(f"{server.url}/api/v1/info", headers=auth).status_code == 200


def test_state_is_per_instance_and_thread_safe() -> None:
    with FakeReduct(api_token=TOKEN) as one, FakeReduct(api_token=TOKEN) as two:
        errors: list[BaseException] = []

        def create(i: int) -> None:
            try:
                with Client(one.url, api_token=TOKEN) as client:
                    for j in range(5):
                        client.create_bucket(f"b-{i}-{j}")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(one.snapshot()["buckets"]) == 40
        assert two.snapshot()["buckets"] == {}


def test_stopping_frees_the_port_at_once() -> None:
    server = FakeReduct()
    port = server.port
    with Client(server.url) as client:
        client.alive()  # a kept-alive connection is open while the server stops
        server.stop()
    with FakeReduct(port=port) as again:
        assert again.port == port
        assert httpx.get(f"{again.url}/api/v1/alive").status_code == 200
    with socket.create_server(("127.0.0.1", port)):
        pass


def test_https_with_the_generated_ca() -> None:
    async def me(server: FakeReduct) -> str:
        async with AsyncClient(server.url, api_token=TOKEN, verify=server.ssl_context()) as aclient:
            return (await aclient.me()).name

    with FakeReduct(api_token=TOKEN, https=True) as server:
        assert server.ca_file is not None and Path(server.ca_file).read_text().startswith("-----BEGIN CERTIFICATE")
        with Client(server.url, api_token=TOKEN, verify=server.ca_file) as client:
            assert client.info().version == "1.21.0"
        assert asyncio.run(me(server)) == "init-token"
        ca_file = server.ca_file
    assert not Path(ca_file).exists()


# -- FakeStorage -----------------------------------------------------------------------------------------


def test_upload_with_progress_and_fetch_it_back_from_its_public_url() -> None:
    seen: list[tuple[int, int | None]] = []
    with FakeStorage("k") as fake, StorageClient(fake.url, api_key="k") as storage:
        result = storage.upload(
            b"\x89PNG" * 1000, "image/png", prefix="news", progress=lambda s, t: seen.append((s, t))
        )
        assert seen[0] == (0, 4000) and seen[-1] == (4000, 4000)
        fetched = httpx.get(result.public_url)
        assert fetched.content == b"\x89PNG" * 1000 and fetched.headers["content-type"] == "image/png"
        assert fake.objects[result.key].content_type == "image/png"
        assert all(r.header("X-API-Key") is None for r in fake.store_requests)
        stored = storage.upload_file(b"gif", "a.gif", "image/gif", prefix="/news/")
        assert stored.key == "news/a.gif"
        storage.delete_object(public_url=stored.public_url)
        assert "news/a.gif" not in fake.objects


def test_the_service_rules() -> None:
    with FakeStorage("k", max_upload_size=10) as fake, StorageClient(fake.url, api_key="k", max_retries=0) as storage:
        with pytest.raises(StorageBadRequest):
            storage.create_upload("application/pdf")
        with pytest.raises(StoragePayloadTooLarge):
            storage.upload_file(b"x" * 11, "a.png", "image/png")
        with pytest.raises(StorageBadRequest):
            storage.delete_object(public_url="http://elsewhere.example/x")
        with StorageClient(fake.url, api_key="wrong", max_retries=0) as intruder, pytest.raises(StorageAuthError):
            intruder.create_upload("image/png")
        missing = httpx.post(f"{fake.url}/uploads", json={"prefix": ""}, headers={"X-API-Key": "k"})
        assert missing.status_code == 422
        assert missing.json()["detail"][0]["loc"] == ["body", "content_type"]
        assert httpx.get(f"{fake.url}/nowhere").json() == {"detail": "Not Found"}
        assert httpx.get(f"{fake.url}/uploads").status_code == 405


def test_presigned_urls_are_refused_the_way_s3_refuses_them() -> None:
    with FakeStorage("k") as fake, StorageClient(fake.url, api_key="k", max_retries=0) as storage:
        slot = storage.create_upload("image/png")
        wrong_type = httpx.put(slot.upload_url, content=b"x", headers={"Content-Type": "image/jpeg"})
        assert wrong_type.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in wrong_type.text
        tampered = httpx.put(slot.upload_url.replace("Signature=", "Signature=A"), content=b"x",
                             headers={"Content-Type": "image/png"})  # fmt: skip
        assert tampered.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in tampered.text
        chunked = httpx.put(slot.upload_url, content=iter([b"x"]), headers={"Content-Type": "image/png"})
        assert chunked.status_code == 411 and "<Code>MissingContentLength</Code>" in chunked.text
        anonymous = httpx.put(slot.public_url, content=b"x", headers={"Content-Type": "image/png"})
        assert anonymous.status_code == 403 and "<Code>AccessDenied</Code>" in anonymous.text
        assert httpx.get(slot.public_url).status_code == 404
        assert slot.key not in fake.objects

        fake.expires_in = 1
        short = storage.create_upload("image/png")
        time.sleep(2.1)
        expired = httpx.put(short.upload_url, content=b"x", headers={"Content-Type": "image/png"})
        assert expired.status_code == 403 and "<Message>Request has expired</Message>" in expired.text
        fake.expires_in = -1  # URLs born expired: the SDK's upload() reports the object store's refusal
        with pytest.raises(StorageAuthError, match="Request has expired"):
            storage.upload(b"late", "image/png")


def test_https_storage_with_an_httpx_client_trusting_the_ca() -> None:
    with FakeStorage("k", https=True) as fake, httpx.Client(verify=fake.ssl_context()) as http:
        with StorageClient(fake.url, api_key="k", http_client=http) as storage:
            result = storage.upload(b"\x89PNG", "image/png")
        assert result.public_url.startswith("https://")
        assert http.get(result.public_url).content == b"\x89PNG"


# -- the command line ------------------------------------------------------------------------------------


def test_python_m_storage_sdk_testing_serves_both_until_interrupted() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "storage_sdk.testing", "--reduct-port", "0", "--storage-port", "0",
         "--reduct-token", "cli-token", "--storage-key", "cli-key"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        values: dict[str, str] = {}
        while "STORAGE_OBJECT_STORE_URL" not in values:
            line = proc.stdout.readline()
            assert line, "the command ended early"
            name, _, value = line.strip().partition("=")
            values[name] = value
        assert values["REDUCT_API_TOKEN"] == "cli-token" and values["STORAGE_API_KEY"] == "cli-key"
        with Client(values["REDUCT_URL"], api_token="cli-token") as client:
            assert client.info().version == "1.21.0"
        with StorageClient(values["STORAGE_URL"], api_key="cli-key") as storage:
            assert storage.upload(b"\x89PNG", "image/png").public_url.startswith(values["STORAGE_OBJECT_STORE_URL"])
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def test_token_ttl_last_access_ip_allowlist_and_wildcards() -> None:
    admin = {"Authorization": f"Bearer {TOKEN}"}
    with FakeReduct(api_token=TOKEN) as server, httpx.Client(base_url=f"{server.url}/api/v1") as http:
        for name in ("data-1", "data-2", "logs"):
            assert http.post(f"/b/{name}", headers=admin).status_code == 200

        def create(name: str, body: dict[str, object]) -> dict[str, str]:
            created = http.post(f"/tokens/{name}", json=body, headers=admin)
            assert created.status_code == 200, created.text
            return {"Authorization": f"Bearer {created.json()['value']}"}

        wild = create("wild", {"permissions": {"read": ["data-*"]}})
        assert [b["name"] for b in http.get("/list", headers=wild).json()["buckets"]] == ["data-1", "data-2"]
        assert http.get("/b/logs", headers=wild).status_code == 403
        assert http.get("/b/data-2", headers=wild).status_code == 200

        assert http.get("/tokens/wild", headers=admin).json()["last_access"] is not None
        create("unused", {"permissions": {}})
        assert http.get("/tokens/unused", headers=admin).json()["last_access"] is None

        fenced = create("fenced", {"permissions": {"full_access": True}, "ip_allowlist": ["10.0.0.0/8"]})
        refused = http.get("/me", headers=fenced)
        assert (refused.status_code, refused.headers["x-reduct-error"]) == (
            401,
            "Token is not allowed for client IP 127.0.0.1",
        )
        assert http.get("/me", headers={**fenced, "X-Forwarded-For": "10.1.2.3"}).status_code == 200

        short = create("short", {"permissions": {}, "ttl": 1})
        assert http.get("/me", headers=short).status_code == 200
        time.sleep(2.1)
        expired = http.get("/me", headers=short)
        assert (expired.status_code, expired.headers["x-reduct-error"]) == (401, "Token has expired")
        assert http.get("/tokens/short", headers=admin).json()["is_expired"] is True


def test_cors_as_the_server_configures_it() -> None:
    allowed = "https://first-allowed-origin.com"
    with FakeReduct(api_token=TOKEN, cors_allow_origin=[allowed, "https://second.example"]) as server:
        info = f"{server.url}/api/v1/info"
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.get(info, headers={**auth, "Origin": allowed}).headers["access-control-allow-origin"] == allowed
        assert "access-control-allow-origin" not in httpx.get(info, headers={**auth, "Origin": "https://other"}).headers
        preflight = httpx.options(info, headers={"Origin": allowed})
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-methods"] == "*"
        assert preflight.headers["access-control-allow-headers"] == "*"


def test_attachments_live_in_a_hidden_meta_entry() -> None:
    with FakeReduct(api_token=TOKEN) as server, Client(server.url, api_token=TOKEN) as client:
        client.create_bucket("data")
        assert write(server, TOKEN, "data/a/x/y?ts=1000", b"data").status_code == 200
        assert write(server, TOKEN, "data/a/x/y/$meta?ts=1001", b'{"v":1}').status_code == 422  # no key label
        for ts, body in ((1001, b'{"v":1}'), (1010, b'{"v":2}')):
            response = write(server, TOKEN, f"data/a/x/y/$meta?ts={ts}", body, **{"x-reduct-label-key": "schema"})
            assert response.status_code == 200
        assert server.records("data", "a/x/y/$meta") == {1010: b'{"v":2}'}  # upserted by key
        info = client.get_bucket("data").get_full_info()
        assert [e.name for e in info.entries] == ["a/x/y"] and info.info.entry_count == 1
        assert info.info.size == 4 + 7 + 2 * RECORD_OVERHEAD
        deep = httpx.put(f"{server.url}/api/v1/b/data/a/x/y/rename", json={"new_name": "a/x/z"},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert deep.status_code == 200
        assert sorted(server.snapshot()["buckets"]["data"]["entries"]) == ["a/x/z", "a/x/z/$meta"]
