"""opengater-storage from asyncio code: the same calls as storage_sync.py, awaited.

STORAGE_URL=http://opengater-storage:8000 STORAGE_API_KEY=my-key python examples/storage_async.py
"""

import asyncio
import os

from storage_sdk import AsyncStorageClient


async def main() -> None:
    base_url = os.environ.get("STORAGE_URL", "http://127.0.0.1:8000")
    # api_key defaults to the STORAGE_API_KEY environment variable
    async with AsyncStorageClient(base_url) as storage:
        slot = await storage.create_upload("image/png", prefix="news/articles")
        print(f"presigned: key={slot.key} public_url={slot.public_url}")

        stored = await storage.upload_file(b"\x89PNG\r\n\x1a\n...", "pic.png", "image/png", prefix="news")
        print(f"uploaded: key={stored.key} public_url={stored.public_url}")

        await storage.delete_object(key=stored.key)
        print(f"deleted: {stored.key}")

        try:
            await storage.delete_object()
        except ValueError as err:
            print(f"refused before any request: {err}")


asyncio.run(main())
