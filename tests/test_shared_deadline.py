"""The async default engine's total deadline and read timeout of 5 s or more (a request without a
streamed body) run on a timer shared by all attempts due in the same second (no timer per request, as
aiohttp rounds its own timeouts from 5 s): they fire at most about 1 s late, turn into the SDK's
timeout, and leave a caller's own cancellation alone. The read timeout keeps aiohttp's meaning: time
spent looking up the host, connecting or waiting for a free connection does not use it up, and a body
coming in pieces keeps it alive."""

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


# --- the read timeout on the shared timers ------------------------------------------------------
# A read timeout of COARSE_FROM seconds or more (a request whose body is not streamed) is watched by
# the attempt's _CoarseDeadline instead of aiohttp's sock_read (two timers per request). The tests
# lower COARSE_FROM to 1 s so that a 2 s read timeout takes that path and they stay quick.

INFO = (
    b'{"version":"1.21.0","bucket_count":0,"usage":0,"uptime":1,"oldest_record":0,"latest_record":0,'
    b'"defaults":{"bucket":{}}}'
)
REDUCT_HEADERS = (("content-type", "application/json"), ("x-reduct-api", "1.21"))


@pytest.fixture
def coarse_from_1s(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_engine_async, "COARSE_FROM", 1.0)


def read_only(read: float) -> httpx.Timeout:
    return httpx.Timeout(None, connect=5.0, read=read, pool=5.0)


async def test_a_silent_server_ends_at_the_read_timeout_on_the_shared_timers(coarse_from_1s: None) -> None:
    from tests.misbehaving import Reply, Stall

    answers = iter([Reply(200, REDUCT_HEADERS, INFO), Stall()])
    with MisbehavingServer(lambda req: next(answers)) as s:
        async with AsyncClient(s.url, timeout=read_only(2.0), max_retries=0) as client:
            await client.info()  # the connection is open and pooled: no connect slack for the next one
            started = time.monotonic()
            with pytest.raises(ReductTimeout) as info:
                await client.info()
            elapsed = time.monotonic() - started
    assert "ReadTimeout" in str(info.value) and "timed out while waiting for the answer" in str(info.value)
    assert 1.9 <= elapsed <= 3.5
    assert s.requests[1].reused_connection  # the stalled request went out on the pooled connection


async def test_a_slow_body_in_pieces_within_the_read_timeout_completes(coarse_from_1s: None) -> None:
    from tests.misbehaving import Trickle

    # 4 s in all, a piece every 0.5 s: each wait is well within the 2 s read timeout
    body = INFO + b" " * (8 - len(INFO) % 8)
    with MisbehavingServer(lambda req: Trickle(200, REDUCT_HEADERS, body, interval=0.5, step=len(body) // 8)) as s:
        async with AsyncClient(s.url, timeout=read_only(2.0), max_retries=0) as client:
            started = time.monotonic()
            info = await client.info()
            elapsed = time.monotonic() - started
    assert info.version == "1.21.0"
    assert elapsed >= 3.5


async def test_a_body_that_stops_coming_ends_at_the_read_timeout(coarse_from_1s: None) -> None:
    from tests.misbehaving import Raw

    # the head and the start of a 500-byte body, then nothing (the connection stays open)
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-reduct-api: 1.21\r\ncontent-length: 500\r\n\r\n"
    with MisbehavingServer(lambda req: Raw(head + b'{"version":', close=False)) as s:
        async with AsyncClient(s.url, timeout=read_only(2.0), max_retries=0) as client:
            started = time.monotonic()
            with pytest.raises(ReductTimeout) as info:
                await client.info()
            elapsed = time.monotonic() - started
    assert "ReadTimeout" in str(info.value)
    assert 1.9 <= elapsed <= 3.5


async def test_waiting_for_a_free_connection_does_not_use_up_the_read_timeout(
    coarse_from_1s: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.misbehaving import Trickle

    # one connection for two calls: the second waits 1.5 s for it, then its answer takes 1.5 s more,
    # 3 s after the call began but 1.5 s after it had a connection (aiohttp's read clock starts there)
    monkeypatch.setattr(_engine_async, "MAX_CONNECTIONS", 1)
    late = Trickle(200, REDUCT_HEADERS, INFO, interval=1.5, head_too=True, step=10**6)
    with MisbehavingServer(lambda req: late) as s:
        async with AsyncClient(s.url, timeout=read_only(2.0), max_retries=0) as client:
            results = await asyncio.gather(client.info(), client.info(), return_exceptions=True)
    assert [type(r).__name__ for r in results] == ["ServerInfo", "ServerInfo"], results
    assert s.connections_accepted == 1


async def test_the_read_timeout_below_the_threshold_stays_aiohttps(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.misbehaving import Stall

    seen: list[Any] = []
    real = _engine_async._client_timeout

    def spy(timeouts: Any, *, with_read: bool) -> Any:
        seen.append(with_read)
        return real(timeouts, with_read=with_read)

    monkeypatch.setattr(_engine_async, "_client_timeout", spy)
    with MisbehavingServer(lambda req: Stall()) as s:
        async with AsyncClient(s.url, timeout=read_only(1.0), max_retries=0) as client:
            started = time.monotonic()
            with pytest.raises(ReductTimeout):
                await client.info()
            elapsed = time.monotonic() - started
    assert seen == [True]  # aiohttp's own sock_read, exact to the millisecond
    assert 0.9 <= elapsed <= 1.8


async def test_a_slow_host_lookup_does_not_use_up_the_read_timeout(
    coarse_from_1s: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import aiohttp

    from tests.misbehaving import Trickle

    # the look-up of a new connection's host takes 1.5 s (inside aiohttp's connect timeout), the
    # answer 1 s more: 2.5 s after the call began, 1 s after the connection was there
    real = aiohttp.DefaultResolver.resolve

    async def slow_resolve(self: Any, host: str, port: int = 0, family: Any = 0) -> Any:
        await asyncio.sleep(1.5)
        return await real(self, host, port, family)

    monkeypatch.setattr(aiohttp.DefaultResolver, "resolve", slow_resolve)
    late = Trickle(200, REDUCT_HEADERS, INFO, interval=1.0, head_too=True, step=10**6)
    with MisbehavingServer(lambda req: late) as s:
        url = s.url.replace("127.0.0.1", "localhost")
        async with AsyncClient(url, timeout=read_only(2.0), max_retries=0) as client:
            info = await client.info()
    assert info.version == "1.21.0"
