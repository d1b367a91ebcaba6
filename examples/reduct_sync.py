"""ReductStore admin API from plain (sync) Python: server info, a bucket, a token.

REDUCT_URL=http://127.0.0.1:8383 REDUCT_API_TOKEN=my-token python examples/reduct_sync.py
"""

import os

from storage_sdk import BucketSettings, Client, Permissions, QuotaType

url = os.environ.get("REDUCT_URL", "http://127.0.0.1:8383")

# api_token defaults to the REDUCT_API_TOKEN environment variable
with Client(url) as client:
    info = client.info()
    print(f"server: ReductStore {info.version}, {info.bucket_count} buckets, {info.usage} bytes used")

    settings = BucketSettings(quota_type=QuotaType.FIFO, quota_size=1_000_000_000)
    bucket = client.create_bucket("example-bucket", settings, exist_ok=True)
    print(f"bucket: {bucket.name} ready")

    for b in client.list():
        print(f"  - {b.name}: {b.entry_count} entries, {b.size} bytes, {b.status.value}")

    token = client.create_token("example-reader", Permissions(read=["example-*"]))
    print(f"token: created example-reader ({len(token)} characters, shown once)")

    client.remove_token("example-reader")
    bucket.remove()
    print("cleanup: token and bucket removed")
