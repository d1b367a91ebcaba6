"""Uploads and deletions written the way an opengater-storage-client 0.2.2 user writes them; one line per value.

    python tests/scripts/opengater_user.py BASE_URL API_KEY [BIG_SIZE]

Output: ``label: value`` per line, where value is ``repr()`` for str/int/bool/None, ``isoformat()`` for
datetimes and sorted ``[...]`` / ``{k: v}`` for lists and dicts. Server-generated keys and URLs are printed by
shape (prefix kept, generated part replaced), so two runs can be diffed line by line. A step that fails
unexpectedly prints ``label: ERROR <ExceptionType>: <message>`` and the script goes on; deliberate errors print
``label.raised``, ``label.status_code``, ``label.detail``, ``label.str`` and ``label.is_storage_error``.

- ``create_upload("application/pdf")`` is expected to be refused (400 in the client's own test fixtures);
- a client with the key ``wrong-key`` is expected to get 401/403;
- ``BIG_SIZE`` (default 0 = skipped) uploads that many bytes, expected to exceed the server's limit (413);
- ``http://127.0.0.1:1`` is expected to be unreachable.

To run the same script against another SDK, replace only the ``from opengater_storage_client import ...`` line.
"""

from __future__ import annotations

import asyncio
import enum
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

# isort: split
from opengater_storage_client import StorageClient, StorageError, StorageBadRequest, StorageAuthError, StorageUnavailable, StoragePayloadTooLarge  # noqa: E501, I001  # fmt: skip

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def show(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return show(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(sorted(show(v) for v in value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{show(k)}: {show(v)}" for k, v in value.items())) + "}"
    if value is None or isinstance(value, str | int | float | bool):
        return repr(value)
    return f"<{type(value).__name__}>"


def out(label: str, value: Any) -> None:
    print(f"{label}: {show(value)}", flush=True)


def key_shape(key: Any, prefix: str, filename: str = "") -> dict[str, Any]:
    """What can be said of a server-chosen key without printing its generated part."""
    if not isinstance(key, str):
        return {"type": type(key).__name__}
    return {
        "starts_with_prefix": key.startswith(prefix),
        "keeps_extension": key.endswith(filename[filename.rfind(".") :]) if "." in filename else None,
        "keeps_filename": key.rsplit("/", 1)[-1] == filename if filename else None,
        "depth": key.count("/"),
    }


def url_shape(url: Any, key: Any) -> dict[str, Any]:
    if not isinstance(url, str):
        return {"type": type(url).__name__}
    return {
        "scheme": url.split(":", 1)[0],
        "ends_with_key": isinstance(key, str) and url.endswith(key),
        "has_query": "?" in url,
    }


async def step(label: str, body: Callable[[], Awaitable[None]]) -> None:
    try:
        await body()
    except Exception as err:
        print(f"{label}: ERROR {type(err).__name__}: {err}", flush=True)


async def expect_error(label: str, call: Callable[[], Awaitable[Any]]) -> None:
    try:
        await call()
    except StorageError as err:
        out(f"{label}.raised", type(err).__name__)
        out(f"{label}.status_code", err.status_code)
        out(f"{label}.detail", err.detail)
        out(f"{label}.str", str(err))
        out(f"{label}.is_storage_error", isinstance(err, StorageError))
        kinds = {
            "bad_request": StorageBadRequest,
            "auth": StorageAuthError,
            "unavailable": StorageUnavailable,
            "too_large": StoragePayloadTooLarge,
        }
        out(f"{label}.kinds", [name for name, kind in kinds.items() if isinstance(err, kind)])
        out(f"{label}.has_cause", err.__cause__ is not None)
    except Exception as err:
        out(f"{label}.raised", type(err).__name__)
        out(f"{label}.str", str(err))
    else:
        out(f"{label}.raised", None)


async def main(base_url: str, api_key: str, big_size: int) -> None:
    client = StorageClient(base_url, api_key)
    stored: dict[str, str] = {}

    async def create_upload() -> None:
        result = await client.create_upload("image/png", prefix="news/articles")
        out("create_upload.type", type(result).__name__)
        out("create_upload.key", key_shape(result.key, "news/articles/"))
        out("create_upload.public_url", url_shape(result.public_url, result.key))
        out("create_upload.upload_url", url_shape(result.upload_url, result.key))
        stored["presigned_public_url"] = result.public_url

    async def create_upload_default_prefix() -> None:
        result = await client.create_upload("image/jpeg")
        out("create_upload_default_prefix.key", key_shape(result.key, ""))
        out("create_upload_default_prefix.public_url", url_shape(result.public_url, result.key))
        stored["jpeg_key"] = result.key

    async def upload_file() -> None:
        result = await client.upload_file(PNG, "pic.png", "image/png", prefix="news")
        out("upload_file.type", type(result).__name__)
        out("upload_file.key", key_shape(result.key, "news/", "pic.png"))
        out("upload_file.public_url", url_shape(result.public_url, result.key))
        # which of UploadResult's fields a StoredObject has (no pydantic-only API: the script must run on any SDK)
        out("upload_file.fields", [name for name in ("upload_url", "key", "public_url") if hasattr(result, name)])
        stored["file_key"] = result.key

    async def upload_file_unicode_name() -> None:
        result = await client.upload_file(b"GIF89a", "фото 1.gif", "image/gif")
        out("upload_file_unicode.key", key_shape(result.key, "", "фото 1.gif"))
        stored["unicode_url"] = result.public_url

    async def delete_by_key() -> None:
        out("delete_object_by_key.result", await client.delete_object(key=stored["file_key"]))

    async def delete_by_public_url() -> None:
        out("delete_object_by_public_url.result", await client.delete_object(public_url=stored["unicode_url"]))

    async def delete_presigned() -> None:
        out("delete_object_presigned.result", await client.delete_object(public_url=stored["presigned_public_url"]))

    async def delete_both() -> None:
        # both fields sent, public_url first; which one wins is up to the server
        result = await client.delete_object(public_url="http://evil.example/x.png", key=stored["jpeg_key"])
        out("delete_object_both.result", result)

    await step("create_upload", create_upload)
    await step("create_upload_default_prefix", create_upload_default_prefix)
    await step("upload_file", upload_file)
    await step("upload_file_unicode", upload_file_unicode_name)
    await step("delete_object_by_key", delete_by_key)
    await step("delete_object_by_public_url", delete_by_public_url)
    await step("delete_object_presigned", delete_presigned)
    await step("delete_object_both", delete_both)

    # -- deliberate errors ---------------------------------------------------------------------------
    await expect_error("error.no_target", lambda: client.delete_object())
    await expect_error("error.empty_target", lambda: client.delete_object(public_url="", key=""))
    await expect_error("error.pdf", lambda: client.create_upload("application/pdf"))
    await expect_error("error.pdf_file", lambda: client.upload_file(b"%PDF-1.4", "doc.pdf", "application/pdf"))
    await expect_error("error.foreign_url", lambda: client.delete_object(public_url="http://evil.example/x.png"))

    wrong = StorageClient(base_url, "wrong-key")
    await expect_error("error.wrong_key", lambda: wrong.create_upload("image/png"))
    await wrong.aclose()

    if big_size > 0:
        big = b"\0" * big_size
        await expect_error("error.too_large", lambda: client.upload_file(big, "big.png", "image/png"))
    else:
        out("error.too_large.skipped", True)

    unreachable = StorageClient("http://127.0.0.1:1", api_key, timeout=5.0)
    await expect_error("error.unreachable", lambda: unreachable.create_upload("image/png"))
    await unreachable.aclose()

    # -- client lifecycle ----------------------------------------------------------------------------
    async def context_manager() -> None:
        async with StorageClient(base_url, api_key) as managed:
            out("lifecycle.async_with", type(managed).__name__)

    async def close_and_reuse() -> None:
        await client.aclose()
        await client.aclose()
        out("lifecycle.aclose_twice", "ok")
        result = await client.create_upload("image/png", prefix="after-close")
        out("lifecycle.reuse_after_aclose.key", key_shape(result.key, "after-close/"))
        await client.delete_object(key=result.key)
        await client.aclose()

    await expect_error("lifecycle.async_with", context_manager)
    await step("lifecycle.close", close_and_reuse)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(f"usage: {sys.argv[0]} BASE_URL API_KEY [BIG_SIZE]")
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 0))
