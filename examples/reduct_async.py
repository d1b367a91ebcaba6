"""ReductStore admin API from asyncio code: the same calls as reduct_sync.py, awaited.

REDUCT_URL=http://127.0.0.1:8383 REDUCT_API_TOKEN=my-token python examples/reduct_async.py
"""

import asyncio
import os

from storage_sdk import AsyncClient, BucketSettings, Permissions, QuotaType


async def main() -> None:
    url = os.environ.get("REDUCT_URL", "http://127.0.0.1:8383")
    # api_token defaults to the REDUCT_API_TOKEN environment variable
    async with AsyncClient(url) as client:
        info, buckets = await asyncio.gather(client.info(), client.list())
        print(f"server: ReductStore {info.version}, {info.bucket_count} buckets, {info.usage} bytes used")

        settings = BucketSettings(quota_type=QuotaType.FIFO, quota_size=1_000_000_000)
        bucket = await client.create_bucket("example-bucket", settings, exist_ok=True)
        print(f"bucket: {bucket.name} ready")

        for b in buckets:
            print(f"  - {b.name}: {b.entry_count} entries, {b.size} bytes, {b.status.value}")

        token = await client.create_token("example-reader", Permissions(read=["example-*"]))
        print(f"token: created example-reader ({len(token)} characters, shown once)")

        await client.remove_token("example-reader")
        await bucket.remove()
        print("cleanup: token and bucket removed")


asyncio.run(main())
