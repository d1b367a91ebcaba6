"""The async default engine's total deadline of 5 s or more (a request without a streamed body) runs
on a timer shared by all attempts ending in the same second (no timer per request, as aiohttp rounds
its own timeouts from 5 s): it fires at most about 1 s late, turns into the SDK's timeout, and leaves a
caller's own cancellation alone."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from storage_sdk import AsyncClient, ReductTimeout
from storage_sdk._core import _engine_async
from tests.misbehaving import MisbehavingServer, Stall


@pytest.fixture
def server() -> Any:
    with MisbehavingServer(lambda req: Stall()) as s:
        yield s


async def test_a_stalled_answer_ends_at_the_total_deadline(server: MisbehavingServer) -> None:
    # no read timeout (it would fire first, on aiohttp's own timer): the total alone
    base = AsyncClient(server.url, timeout=httpx.Timeout(None, connect=5.0), max_retries=0)
    async with base, base.with_options(total_timeout=5.2) as client:
        started = time.monotonic()
        results = await asyncio.gather(*(client.info() for _ in range(20)), return_exceptions=True)
        elapsed = time.monotonic() - started
    assert all(isinstance(r, ReductTimeout) for r in results), results[:2]
    assert "within the 5.2 s timeout" in str(results[0])
    assert 5.1 <= elapsed <= 7.0
    assert _engine_async.COARSE_FROM <= 5.2


async def test_the_callers_cancellation_stays_a_cancellation(server: MisbehavingServer) -> None:
    async with AsyncClient(server.url, timeout=30, max_retries=0) as client:
        task = asyncio.ensure_future(client.info())
        await asyncio.to_thread(server.wait_for_requests, 1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # nothing of that attempt is left on the shared timers
        buckets = _engine_async._BUCKETS.get(asyncio.get_running_loop())
        assert buckets is not None and all(not entries for entries in buckets.buckets.values())


async def test_a_call_that_ends_in_time_leaves_the_task_uncancelled() -> None:
    from tests.misbehaving import Reply

    info = (
        b'{"version":"1.21.0","bucket_count":0,"usage":0,"uptime":1,"oldest_record":0,"latest_record":0,'
        b'"defaults":{"bucket":{}}}'
    )
    headers = (("content-type", "application/json"), ("x-reduct-api", "1.21"))
    with MisbehavingServer(lambda req: Reply(200, headers, info)) as s:
        async with AsyncClient(s.url, timeout=6, max_retries=0) as client:
            for _ in range(50):
                await client.info()
            task = asyncio.current_task()
            assert task is not None and task.cancelling() == 0
            await asyncio.sleep(0)  # no cancellation pending either
