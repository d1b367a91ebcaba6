"""Admin tasks written the way a reduct-py 1.21 user writes them; prints one line per observed value.

    python tests/scripts/reductpy_admin.py URL [TOKEN]

Output: ``label: value`` per line, where value is ``repr()`` for str/int/bool/None, ``.value`` (then repr)
for enums, ``isoformat()`` for datetimes, and sorted ``[...]`` / ``{k: v}`` for lists and dicts. Volatile values
(token secrets, creation times, uptime) are printed by shape only, so two runs can be diffed line by line.
A step that fails prints ``label: ERROR <ExceptionType>: <message>`` and the script goes on. Deliberate
errors print ``label.raised``, ``label.str``, ``label.status_code`` and ``label.message`` instead.

The server should hold a bucket ``data`` with the entries ``entry-1`` and ``entry-2`` (the record API is not
used here); the script creates and removes ``logs``, ``tmp``, tokens ``reader``/``temp``, replication ``repl-1``
and lifecycles ``lc-defaults``/``lc-1``.

To run the same script against another SDK, replace only the ``from reduct import ...`` line.
"""

from __future__ import annotations

import asyncio
import enum
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

# isort: split
from reduct import BucketSettings, Client, LifecycleMode, LifecycleSettings, LifecycleType, Permissions, QuotaType, ReductError, ReplicationCompression, ReplicationMode, ReplicationSettings  # noqa: E501, I001  # fmt: skip

TOKEN_VALUE = re.compile(r"^(.+)-[0-9a-f]{32}$")


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


def token_shape(value: Any) -> str:
    match = TOKEN_VALUE.match(value) if isinstance(value, str) else None
    return f"{match.group(1)}-<32 hex>" if match else f"unexpected {value!r}"


def time_shape(value: Any) -> str:
    if isinstance(value, datetime):
        return f"datetime utcoffset={value.utcoffset()}"
    return f"unexpected {type(value).__name__} {value!r}"


async def step(label: str, body: Callable[[], Awaitable[None]]) -> None:
    try:
        await body()
    except Exception as err:
        print(f"{label}: ERROR {type(err).__name__}: {err}", flush=True)


async def expect_error(label: str, call: Callable[[], Awaitable[Any]]) -> None:
    try:
        await call()
    except ReductError as err:
        out(f"{label}.raised", "ReductError")
        out(f"{label}.str", str(err))
        out(f"{label}.status_code", err.status_code)
        out(f"{label}.message", err.message)
    except Exception as err:
        print(f"{label}: ERROR {type(err).__name__}: {err}", flush=True)
    else:
        out(f"{label}.raised", None)


async def main(url: str, token: str | None) -> None:
    secrets: dict[str, str] = {}

    async with Client(url, api_token=token) as client:
        # -- server ----------------------------------------------------------------------------------
        async def info() -> None:
            info = await client.info()
            out("info.version", info.version)
            out("info.bucket_count", info.bucket_count)
            out("info.usage", info.usage)
            out("info.uptime.type", type(info.uptime).__name__)
            out("info.oldest_record", info.oldest_record)
            out("info.latest_record", info.latest_record)
            defaults = info.defaults.bucket
            out("info.defaults.bucket.max_block_size", defaults.max_block_size)
            out("info.defaults.bucket.max_block_records", defaults.max_block_records)
            out("info.defaults.bucket.quota_type", defaults.quota_type)
            out("info.defaults.bucket.quota_size", defaults.quota_size)
            license = info.license
            out("info.license.is_none", license is None)
            if license is not None:
                out("info.license.licensee", license.licensee)
                out("info.license.invoice", license.invoice)
                out("info.license.expiry_date", license.expiry_date)
                out("info.license.plan", license.plan)
                out("info.license.device_number", license.device_number)
                out("info.license.disk_quota", license.disk_quota)
                out("info.license.fingerprint", license.fingerprint)

        await step("info", info)

        # -- buckets ---------------------------------------------------------------------------------
        def print_settings(label: str, settings: Any) -> None:
            out(f"{label}.max_block_size", settings.max_block_size)
            out(f"{label}.max_block_records", settings.max_block_records)
            out(f"{label}.quota_type", settings.quota_type)
            out(f"{label}.quota_size", settings.quota_size)

        async def create_data() -> None:
            settings = BucketSettings(quota_type=QuotaType.FIFO, quota_size=1_000_000_000, max_block_records=500)
            bucket = await client.create_bucket("data", settings, exist_ok=True)
            out("bucket.create_exist_ok.name", bucket.name)

        async def create_logs() -> None:
            bucket = await client.create_bucket("logs", BucketSettings(max_block_size=32_000_000, quota_size=None))
            out("bucket.create_logs.name", bucket.name)
            print_settings("bucket.create_logs.settings", await bucket.get_settings())

        async def create_tmp() -> None:
            bucket = await client.create_bucket("tmp")
            settings = await bucket.get_settings()
            print_settings("bucket.create_tmp.settings", settings)
            out("bucket.create_tmp.settings_equal_defaults", settings == (await client.info()).defaults.bucket)

        async def get_data() -> None:
            bucket = await client.get_bucket("data")
            out("bucket.get.name", bucket.name)
            print_settings("bucket.get.settings", await bucket.get_settings())

        async def set_settings() -> None:
            bucket = await client.get_bucket("data")
            await bucket.set_settings(BucketSettings(max_block_records=10))
            print_settings("bucket.set_settings.after", await bucket.get_settings())

        async def bucket_info() -> None:
            info = await (await client.get_bucket("data")).info()
            out("bucket.info.name", info.name)
            out("bucket.info.entry_count", info.entry_count)
            out("bucket.info.size", info.size)
            out("bucket.info.oldest_record", info.oldest_record)
            out("bucket.info.latest_record", info.latest_record)
            out("bucket.info.is_provisioned", info.is_provisioned)
            out("bucket.info.status", info.status)

        async def entries(label: str) -> None:
            entries = await (await client.get_bucket("data")).get_entry_list()
            out(f"{label}.names", [e.name for e in entries])
            for e in sorted(entries, key=lambda e: e.name):
                fields = {
                    "size": e.size,
                    "record_count": e.record_count,
                    "block_count": e.block_count,
                    "oldest_record": e.oldest_record,
                    "latest_record": e.latest_record,
                    "status": e.status,
                }
                out(f"{label}[{e.name}]", fields)

        async def entry_list() -> None:
            await entries("bucket.entries")

        async def rename_entry() -> None:
            await (await client.get_bucket("data")).rename_entry("entry-1", "entry-1-renamed")
            await entries("bucket.rename_entry.after")

        async def remove_entry() -> None:
            await (await client.get_bucket("data")).remove_entry("entry-2")
            await entries("bucket.remove_entry.after")

        async def rename_bucket() -> None:
            bucket = await client.get_bucket("tmp")
            await bucket.rename("tmp-renamed")
            out("bucket.rename.name", bucket.name)
            out("bucket.rename.list", [b.name for b in await client.list()])

        async def remove_bucket() -> None:
            bucket = await client.get_bucket("tmp-renamed")
            await bucket.remove()
            out("bucket.remove.list", {b.name: b.status for b in await client.list()})

        async def server_list() -> None:
            for b in sorted(await client.list(), key=lambda b: b.name):
                out(
                    f"list[{b.name}]",
                    {"entry_count": b.entry_count, "size": b.size, "provisioned": b.is_provisioned, "status": b.status},
                )

        await step("bucket.create_exist_ok", create_data)
        await step("bucket.create_logs", create_logs)
        await step("bucket.create_tmp", create_tmp)
        await step("bucket.get", get_data)
        await step("bucket.set_settings", set_settings)
        await step("bucket.info", bucket_info)
        await step("bucket.entries", entry_list)
        await step("bucket.rename_entry", rename_entry)
        await step("bucket.remove_entry", remove_entry)
        await step("bucket.rename", rename_bucket)
        await step("bucket.remove", remove_bucket)
        await step("list", server_list)

        # -- tokens ----------------------------------------------------------------------------------
        def print_token(label: str, t: Any) -> None:
            out(f"{label}.name", t.name)
            out(f"{label}.created_at", time_shape(t.created_at))
            out(f"{label}.permissions.full_access", t.permissions.full_access)
            out(f"{label}.permissions.read", t.permissions.read)
            out(f"{label}.permissions.write", t.permissions.write)
            out(f"{label}.is_provisioned", t.is_provisioned)
            out(f"{label}.expires_at", t.expires_at)
            out(f"{label}.ttl", t.ttl)
            out(f"{label}.last_access", t.last_access)
            out(f"{label}.ip_allowlist", t.ip_allowlist)
            out(f"{label}.is_expired", t.is_expired)

        async def permissions_defaults() -> None:
            permissions = Permissions(read=["data"])
            out("permissions.full_access", permissions.full_access)
            out("permissions.read", permissions.read)
            out("permissions.write", permissions.write)
            out("permissions.write.type", type(permissions.write).__name__)

        async def create_reader() -> None:
            value = await client.create_token("reader", Permissions(read=["data"]))
            secrets["reader"] = value
            out("token.create_reader.value", token_shape(value))

        async def create_temp() -> None:
            value = await client.create_token(
                "temp",
                Permissions(full_access=False, read=["data*"], write=["logs"]),
                expires_at=datetime(2099, 1, 1, tzinfo=UTC),
                ttl=3600,
                ip_allowlist=["127.0.0.1", "10.0.0.0/8"],
            )
            out("token.create_temp.value", token_shape(value))

        async def get_token() -> None:
            print_token("token.get", await client.get_token("temp"))

        async def token_list() -> None:
            tokens = await client.get_token_list()
            out("token.list.names", [t.name for t in tokens])
            for t in sorted(tokens, key=lambda t: t.name):
                fields = {"provisioned": t.is_provisioned, "expired": t.is_expired, "ttl": t.ttl, "ips": t.ip_allowlist}
                out(f"token.list[{t.name}]", fields)

        async def me() -> None:
            print_token("token.me", await client.me())

        async def reader_view() -> None:
            async with Client(url, api_token=secrets["reader"]) as reader:
                out("token.reader.list", [b.name for b in await reader.list()])
                out("token.reader.me.name", (await reader.me()).name)
                out("token.reader.get_bucket.name", (await reader.get_bucket("data")).name)

        async def rotate() -> None:
            value = await client.rotate_token(name="reader")
            out("token.rotate.value", token_shape(value))
            out("token.rotate.changed", value != secrets["reader"])
            secrets["reader_old"], secrets["reader"] = secrets["reader"], value
            async with Client(url, api_token=value) as reader:
                out("token.rotate.new_value_works", (await reader.me()).name)

        async def remove_temp() -> None:
            await client.remove_token("temp")
            out("token.remove.names", [t.name for t in await client.get_token_list()])

        await step("permissions", permissions_defaults)
        await step("token.create_reader", create_reader)
        await step("token.create_temp", create_temp)
        await step("token.get", get_token)
        await step("token.list", token_list)
        await step("token.me", me)
        await step("token.reader", reader_view)
        await step("token.rotate", rotate)
        await step("token.remove", remove_temp)

        # -- replications ----------------------------------------------------------------------------
        def print_replication_settings(label: str, s: Any) -> None:
            out(f"{label}.src_bucket", s.src_bucket)
            out(f"{label}.dst_bucket", s.dst_bucket)
            out(f"{label}.dst_host", s.dst_host)
            out(f"{label}.dst_token", s.dst_token)
            out(f"{label}.entries", s.entries)
            out(f"{label}.dst_prefix", s.dst_prefix)
            out(f"{label}.when", s.when)
            out(f"{label}.mode", s.mode)
            out(f"{label}.compression", s.compression)

        async def replication_defaults() -> None:
            settings = ReplicationSettings(
                src_bucket="data", dst_bucket="remote", dst_host="http://replica.example:8383"
            )
            print_replication_settings("replication.defaults", settings)

        async def create_replication() -> None:
            settings = ReplicationSettings(
                src_bucket="data", dst_bucket="remote", dst_host="http://replica.example:8383"
            )
            await client.create_replication("repl-1", settings)
            out("replication.create", "ok")

        async def replication_list(label: str) -> None:
            for r in sorted(await client.get_replications(), key=lambda r: r.name):
                fields = {
                    "mode": r.mode,
                    "active": r.is_active,
                    "provisioned": r.is_provisioned,
                    "pending": r.pending_records,
                }
                out(f"{label}[{r.name}]", fields)
            out(f"{label}.names", [r.name for r in await client.get_replications()])

        async def replications() -> None:
            await replication_list("replication.list")

        async def replication_detail(label: str) -> None:
            detail = await client.get_replication_detail("repl-1")
            out(f"{label}.info.name", detail.info.name)
            out(f"{label}.info.mode", detail.info.mode)
            out(f"{label}.info.is_active", detail.info.is_active)
            out(f"{label}.info.is_provisioned", detail.info.is_provisioned)
            out(f"{label}.info.pending_records", detail.info.pending_records)
            print_replication_settings(f"{label}.settings", detail.settings)
            hourly = detail.diagnostics.hourly
            out(f"{label}.diagnostics.hourly.ok", hourly.ok)
            out(f"{label}.diagnostics.hourly.errored", hourly.errored)
            error_500 = hourly.errors.get(500)
            out(f"{label}.diagnostics.hourly.errors[500].count", None if error_500 is None else error_500.count)
            out(f"{label}.diagnostics.hourly.errors[500].last", None if error_500 is None else error_500.last_message)
            items = {code: {"count": e.count, "last_message": e.last_message} for code, e in hourly.errors.items()}
            out(f"{label}.diagnostics.hourly.errors.items", items)
            out(f"{label}.diagnostics.hourly.errors.key_types", {type(code).__name__ for code in hourly.errors})

        async def detail() -> None:
            await replication_detail("replication.detail")

        async def update_replication() -> None:
            settings = ReplicationSettings(
                src_bucket="data",
                dst_bucket="remote",
                dst_host="http://replica.example:8383",
                dst_token="secret-token",
                entries=["entry-*", "logs/**"],
                dst_prefix="mirror/",
                when={"&kind": {"$eq": "alarm"}},
                compression=ReplicationCompression.ZSTD,
            )
            await client.update_replication(replication_name="repl-1", settings=settings)
            await replication_detail("replication.update")

        async def replication_mode() -> None:
            await client.set_replication_mode(replication_name="repl-1", mode=ReplicationMode.PAUSED)
            detail = await client.get_replication_detail(replication_name="repl-1")
            out("replication.mode.info.mode", detail.info.mode)
            out("replication.mode.settings.mode", detail.settings.mode)

        async def delete_replication() -> None:
            await client.delete_replication(replication_name="repl-1")
            await replication_list("replication.delete.list")

        await step("replication.defaults", replication_defaults)
        await step("replication.create", create_replication)
        await step("replication.list", replications)
        await step("replication.detail", detail)
        await step("replication.update", update_replication)
        await step("replication.mode", replication_mode)
        await step("replication.delete", delete_replication)

        # -- lifecycles ------------------------------------------------------------------------------
        def print_lifecycle_settings(label: str, s: Any) -> None:
            out(f"{label}.type", s.type)
            out(f"{label}.bucket", s.bucket)
            out(f"{label}.entries", s.entries)
            out(f"{label}.older_than", s.older_than)
            out(f"{label}.interval", s.interval)
            out(f"{label}.processing_interval", s.processing_interval)
            out(f"{label}.when", s.when)
            out(f"{label}.mode", s.mode)

        async def lifecycle_defaults() -> None:
            print_lifecycle_settings("lifecycle.defaults", LifecycleSettings(bucket="data", older_than="7d"))

        async def create_lifecycle_defaults() -> None:
            # reduct-py sends "interval": null for the default None, which the server's String field rejects
            await client.create_lifecycle("lc-defaults", LifecycleSettings(bucket="data", older_than="7d"))
            detail = await client.get_lifecycle_detail("lc-defaults")
            out("lifecycle.defaults.create.interval", detail.settings.interval)
            await client.delete_lifecycle("lc-defaults")
            out("lifecycle.defaults.create", "ok")

        async def create_lifecycle() -> None:
            settings = LifecycleSettings(
                type=LifecycleType.DELETE, bucket="data", entries=["entry-*"], older_than="30d", interval="1h"
            )
            await client.create_lifecycle("lc-1", settings)
            out("lifecycle.create", "ok")

        async def lifecycle_list(label: str) -> None:
            items = sorted(await client.get_lifecycles(), key=lambda lc: lc.name)
            for lc in items:
                fields = {"type": lc.type, "mode": lc.mode, "running": lc.is_running, "provisioned": lc.is_provisioned}
                out(f"{label}[{lc.name}]", fields)
                out(f"{label}[{lc.name}].last_run", lc.last_run)
            out(f"{label}.names", [lc.name for lc in items])

        async def lifecycles() -> None:
            await lifecycle_list("lifecycle.list")

        async def lifecycle_detail(label: str) -> None:
            detail = await client.get_lifecycle_detail(lifecycle_name="lc-1")
            out(f"{label}.info.name", detail.info.name)
            out(f"{label}.info.type", detail.info.type)
            out(f"{label}.info.mode", detail.info.mode)
            out(f"{label}.info.is_running", detail.info.is_running)
            out(f"{label}.info.is_provisioned", detail.info.is_provisioned)
            out(f"{label}.info.last_run", detail.info.last_run)
            print_lifecycle_settings(f"{label}.settings", detail.settings)

        async def detail_lifecycle() -> None:
            await lifecycle_detail("lifecycle.detail")

        async def update_lifecycle() -> None:
            settings = LifecycleSettings(
                type=LifecycleType.COMPRESS, bucket="data", older_than="90d", interval="2h", processing_interval="1d"
            )
            await client.update_lifecycle(lifecycle_name="lc-1", settings=settings)
            await lifecycle_detail("lifecycle.update")

        async def lifecycle_mode() -> None:
            await client.set_lifecycle_mode(lifecycle_name="lc-1", mode=LifecycleMode.DRY_RUN)
            detail = await client.get_lifecycle_detail(lifecycle_name="lc-1")
            out("lifecycle.mode.info.mode", detail.info.mode)
            out("lifecycle.mode.settings.mode", detail.settings.mode)

        async def delete_lifecycle() -> None:
            await client.delete_lifecycle(lifecycle_name="lc-1")
            await lifecycle_list("lifecycle.delete.list")

        await step("lifecycle.defaults", lifecycle_defaults)
        await step("lifecycle.defaults.create", create_lifecycle_defaults)
        await step("lifecycle.create", create_lifecycle)
        await step("lifecycle.list", lifecycles)
        await step("lifecycle.detail", detail_lifecycle)
        await step("lifecycle.update", update_lifecycle)
        await step("lifecycle.mode", lifecycle_mode)
        await step("lifecycle.delete", delete_lifecycle)

        # -- deliberate errors -----------------------------------------------------------------------
        await expect_error("error.bucket_missing", lambda: client.get_bucket("missing"))
        await expect_error("error.bucket_exists", lambda: client.create_bucket("data"))
        await expect_error("error.token_exists", lambda: client.create_token("reader", Permissions()))
        await expect_error("error.token_missing", lambda: client.get_token("NOTEXIST"))
        await expect_error("error.replication_missing", lambda: client.get_replication_detail("repl-1"))
        await expect_error("error.lifecycle_missing", lambda: client.delete_lifecycle("lc-1"))

        async def forbidden() -> None:
            async with Client(url, api_token=secrets.get("reader", "")) as reader:
                await reader.get_bucket("logs")

        async def rotated_out() -> None:
            async with Client(url, api_token=secrets.get("reader_old", "")) as reader:
                await reader.me()

        await expect_error("error.forbidden", forbidden)
        await expect_error("error.rotated_token", rotated_out)

        # -- clean-up --------------------------------------------------------------------------------
        async def cleanup() -> None:
            await client.remove_token("reader")
            await (await client.get_bucket("logs")).remove()
            out("cleanup.tokens", [t.name for t in await client.get_token_list()])
            out("cleanup.buckets", [b.name for b in await client.list()])

        await step("cleanup", cleanup)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(f"usage: {sys.argv[0]} URL [TOKEN]")
    asyncio.run(main(sys.argv[1], (sys.argv[2] if len(sys.argv) == 3 else "") or None))
