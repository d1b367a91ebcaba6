"""Other clients against the loopback fakes: reduct-py 1.21, opengater-storage-client 0.2.2, curl.

Each peer makes its own calls, over real sockets; the fakes must answer them as the servers do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from opengater_storage_client import StorageClient as PeerStorageClient
from opengater_storage_client.exceptions import StorageBadRequest, StoragePayloadTooLarge
from reduct import BucketSettings, Client, Permissions, QuotaType, ReductError

from storage_sdk.testing import FakeReduct, FakeStorage

TOKEN = "init-peer-token"
KEY = "peer-key"
CURL = shutil.which("curl")


async def test_reduct_py_admin_calls_and_record_writes() -> None:
    with FakeReduct(api_token=TOKEN) as server:
        async with Client(server.url, api_token=TOKEN) as client:
            info = await client.info()
            assert info.version == "1.21.0"
            assert info.defaults.bucket.max_block_records == 1024
            bucket = await client.create_bucket("data", BucketSettings(quota_type=QuotaType.FIFO, quota_size=10**6))
            await client.create_bucket("data", exist_ok=True)
            assert [b.name for b in await client.list()] == ["data"]
            bucket = await client.get_bucket("data")
            await bucket.write("entry_1", b"somedata", timestamp=1_000_000)
            await bucket.write("entry_2", b"anotherdata", timestamp=2_000_000, content_type="text/plain")
            with pytest.raises(ReductError) as conflict:
                await bucket.write("entry_1", b"again", timestamp=1_000_000)
            assert conflict.value.status_code == 409
            full = await bucket.get_full_info()
            # the server's own test__get_bucket_stats (reduct-admin-api.md §4.2)
            assert [(e.name, e.size, e.record_count, e.block_count, e.oldest_record) for e in full.entries] == [
                ("entry_1", 40, 1, 1, 1_000_000),
                ("entry_2", 43, 1, 1, 2_000_000),
            ]
            assert (full.info.size, full.info.oldest_record, full.info.latest_record) == (83, 1_000_000, 2_000_000)
            assert server.records("data", "entry_1") == {1_000_000: b"somedata"}

            value = await client.create_token("reader", Permissions(read=["data*"]))
            assert value.startswith("reader-")
            assert [t.name for t in await client.get_token_list()] == ["init-token", "reader"]
            me = await client.me()
            assert me.name == "init-token" and me.permissions.full_access
        async with Client(server.url, api_token=value) as reader:
            assert [b.name for b in await reader.list()] == ["data"]
            read_bucket = await reader.get_bucket("data")
            with pytest.raises(ReductError) as refused:
                await read_bucket.write("entry_1", b"nope", timestamp=3_000_000)
            assert refused.value.status_code == 403
            assert refused.value.message == "Token 'reader' doesn't have write access to bucket 'data'"
        async with Client(server.url, api_token=TOKEN) as client:
            new_value = await client.rotate_token("reader")
        async with Client(server.url, api_token=value) as stale:
            with pytest.raises(ReductError) as invalid:
                await stale.me()
            assert str(invalid.value) == "Status 401: Invalid token"
        async with Client(server.url, api_token=new_value) as rotated:
            assert (await rotated.me()).name == "reader"
        async with Client(server.url, api_token=TOKEN) as client:
            with pytest.raises(ReductError) as missing:
                await client.get_bucket("NOTEXIST")
            assert str(missing.value) == "Status 404: Bucket 'NOTEXIST' is not found"


async def test_reduct_py_with_authentication_disabled() -> None:
    with FakeReduct() as server:
        async with Client(server.url) as client:
            assert (await client.me()).name == "AUTHENTICATION-DISABLED"
            assert await client.get_token_list() == []


async def test_opengater_storage_client_uploads_and_the_presigned_put() -> None:
    with FakeStorage(KEY, max_upload_size=1000) as fake:
        client = PeerStorageClient(fake.url, KEY)
        try:
            slot = await client.create_upload("image/png", prefix="news/articles")
            assert slot.key.startswith("news/articles/") and slot.key.endswith(".png")
            async with httpx.AsyncClient() as http:
                put = await http.put(slot.upload_url, content=b"png bytes", headers={"Content-Type": "image/png"})
                assert put.status_code == 200, put.text
                assert (await http.get(slot.public_url)).content == b"png bytes"
                wrong = await http.put(slot.upload_url, content=b"x", headers={"Content-Type": "image/jpeg"})
                assert wrong.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in wrong.text
            assert fake.objects[slot.key].data == b"png bytes"
            assert all(r.header("X-API-Key") is None for r in fake.store_requests)

            stored = await client.upload_file(b"gif", "a.gif", "image/gif", prefix="news")
            assert (stored.key, stored.public_url) == ("news/a.gif", fake.public_url("news/a.gif"))
            with pytest.raises(StorageBadRequest) as pdf:
                await client.create_upload("application/pdf")
            assert json.loads(pdf.value.detail or "") == {"detail": "content_type not allowed"}
            with pytest.raises(StoragePayloadTooLarge):
                await client.upload_file(b"x" * 1001, "big.png", "image/png")
            await client.delete_object(public_url=stored.public_url)
            assert "news/a.gif" not in fake.objects
        finally:
            await client.aclose()


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    assert CURL is not None
    return subprocess.run([CURL, "-sS", *args], capture_output=True, text=True, timeout=30, check=True)


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_against_both_fakes(tmp_path: Path) -> None:
    with FakeReduct(api_token=TOKEN) as server, FakeStorage(KEY) as fake:
        auth = f"Authorization: Bearer {TOKEN}"
        created = curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", auth, f"{server.url}/api/v1/b/data")
        assert created.stdout == "200"
        listed = json.loads(curl("-H", auth, f"{server.url}/api/v1/list").stdout)
        assert [b["name"] for b in listed["buckets"]] == ["data"]
        headers = curl("-I", f"{server.url}/api/v1/info").stdout.lower()
        assert "x-reduct-error: no bearer token in request header" in headers

        slot = json.loads(
            curl(
                "-X", "POST", "-H", f"X-API-Key: {KEY}", "-H", "Content-Type: application/json",
                "--data", '{"content_type": "image/png", "prefix": "curl"}', f"{fake.url}/uploads",
            ).stdout
        )  # fmt: skip
        source = tmp_path / "pic.png"
        source.write_bytes(b"PNG from curl")
        put = curl("-o", "/dev/null", "-w", "%{http_code}", "-T", str(source), "-H", "Content-Type: image/png",
                   slot["upload_url"])  # fmt: skip
        assert put.stdout == "200"
        assert curl(slot["public_url"]).stdout == "PNG from curl"


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
def test_curl_over_https_trusting_the_ca_file() -> None:
    with FakeReduct(api_token=TOKEN, https=True) as server:
        assert server.url.startswith("https://") and server.ca_file is not None
        out = curl("--cacert", server.ca_file, "-H", f"Authorization: Bearer {TOKEN}", f"{server.url}/api/v1/info")
        assert json.loads(out.stdout)["version"] == "1.21.0"
        refused = subprocess.run([CURL or "curl", "-sS", f"{server.url}/api/v1/alive"], capture_output=True, timeout=30)
        assert refused.returncode != 0  # an unknown CA: curl refuses the certificate
