"""opengater-storage from plain (sync) Python: presigned upload URL, direct upload, delete.

STORAGE_URL=http://opengater-storage:8000 STORAGE_API_KEY=my-key python examples/storage_sync.py
"""

import os

from storage_sdk import StorageClient, StorageError

base_url = os.environ.get("STORAGE_URL", "http://127.0.0.1:8000")

# api_key defaults to the STORAGE_API_KEY environment variable
with StorageClient(base_url) as storage:
    slot = storage.create_upload("image/png", prefix="news/articles")
    print(f"presigned: key={slot.key} public_url={slot.public_url}")

    stored = storage.upload_file(b"\x89PNG\r\n\x1a\n...", "pic.png", "image/png", prefix="news")
    print(f"uploaded: key={stored.key} public_url={stored.public_url}")

    storage.delete_object(key=stored.key)
    print(f"deleted: {stored.key}")

    try:
        storage.delete_object()
    except ValueError as err:
        print(f"refused before any request: {err}")
    except StorageError as err:
        print(f"error: {err.status_code}")
