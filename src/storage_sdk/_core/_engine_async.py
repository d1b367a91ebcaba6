"""What carries the async clients' requests: aiohttp by default, httpx when the caller asks for it.

- ``AiohttpEngine`` (the default): one ``aiohttp.ClientSession`` per event loop (and process),
  created in that loop on its first request and closed when the loop ends or on ``aclose()``.
  aiohttp's connector does keep-alive with closed-connection detection, Happy Eyeballs, a DNS
  cache, TLS with flow control, IDNA, proxies from the environment (``trust_env``) and
  ``TraceConfig`` hooks (what OpenTelemetry's aiohttp instrumentation uses). A caller's own
  ``aiohttp.ClientSession`` (``session=``) is used as it is and never closed here. aiohttp is
  imported on the first request, not when a client is built.
- ``HttpxAsyncEngine``: a caller's ``httpx.AsyncClient`` (used as it is), a caller's httpx
  transport, or httpx's default transport while a mocking library (pytest-httpx, respx) has
  replaced it, so tests written against httpx see every request.

Which engine a client uses is decided once, when it is built. Both give the same contract: the
total deadline of an attempt (``Timeouts.total``), answer bodies bounded by
``MAX_RESPONSE_BYTES``, failures reported as httpx's exception classes with no URL in their text,
``EngineClosed`` once closed, and a fresh pool in a forked child.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import math
import os
import socket
import sys
import threading
import weakref
from collections.abc import AsyncGenerator, AsyncIterable, Callable
from typing import TYPE_CHECKING, Any

import httpx

from ..errors import EventLoopError
from ._common import KEEPALIVE_EXPIRY, MAX_CONNECTIONS, PresignedInFlight, httpx_request, httpx_target, plain_headers
from ._lazy import LazyModule
from ._types import (
    MAX_RESPONSE_BYTES,
    PID,
    DeadlineExceeded,
    EngineClosed,
    Prepared,
    Response,
    ResponseTooLarge,
    Timeouts,
)

if TYPE_CHECKING:
    import aiohttp
    import multidict
    import yarl
else:  # imported on the first async request: building a client stays cheap
    aiohttp = LazyModule("aiohttp")
    multidict = LazyModule("multidict")
    yarl = LazyModule("yarl")

_ORPHANS: list[Any] = []
"""Sessions of a parent process seen in a forked child: kept, never closed (closing them would
shut down the parent's TLS sessions) and never used again."""


def httpx_patched() -> bool:
    """True while pytest-httpx, respx or the like has replaced httpx's or httpcore's transport.

    A replaced method is a function of the mocking library (or a ``unittest.mock`` object), so it
    no longer comes from httpx's or httpcore's own modules. httpcore is only looked at once
    something imported it (a mock of it imports it first).
    """
    for package, cls, method in _MOCKED:
        loaded = sys.modules.get(package)
        if loaded is None:
            continue
        function = getattr(getattr(loaded, cls, None), method, None)
        if function is not None and str(getattr(function, "__module__", "")).split(".")[0] != package:
            return True
    return False


# what a mocking library replaces
_MOCKED = (
    ("httpx", "AsyncHTTPTransport", "handle_async_request"),
    ("httpx", "HTTPTransport", "handle_request"),
    ("httpcore", "AsyncConnectionPool", "handle_async_request"),
    ("httpcore", "ConnectionPool", "handle_request"),
)


def current_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _running_loop(service: str) -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        raise EventLoopError(
            f"this async {service} client runs on asyncio (aiohttp) and was called outside an asyncio event loop; "
            "under trio or another loop, pass http_client=httpx.AsyncClient() to send through httpx"
        ) from None


class _Deadline:
    """The total deadline and the write timeout of one attempt, as one ``asyncio.Timeout``."""

    __slots__ = ("cm", "deadline", "loop", "write", "writing")

    def __init__(self, loop: asyncio.AbstractEventLoop, timeouts: Timeouts) -> None:
        self.loop = loop
        self.deadline = loop.time() + timeouts.total if timeouts.total is not None else None
        self.write = timeouts.write
        self.writing = False
        self.cm = asyncio.timeout_at(self.deadline)

    def sending(self) -> None:
        """A chunk of the body is about to go out: it has ``write`` seconds (and the total)."""
        self.writing = True
        if self.write is not None:
            when = self.loop.time() + self.write
            self.cm.reschedule(when if self.deadline is None else min(when, self.deadline))

    def sent(self) -> None:
        self.writing = False
        if self.cm.when() != self.deadline and not self.cm.expired():
            with contextlib.suppress(RuntimeError):  # the attempt is already over
                self.cm.reschedule(self.deadline)

    def timed_out(self) -> bool:
        return self.cm.expired()

    def error(self) -> httpx.TimeoutException:
        if self.deadline is not None and self.loop.time() >= self.deadline - 0.001:
            return DeadlineExceeded("the total timeout passed while waiting for the answer")
        return httpx.WriteTimeout("timed out while sending the request")


COARSE_FROM = 5.0
"""For a request whose body is not streamed, a total deadline and a read timeout of this many seconds
or more (or none) are watched on timers shared by every attempt due in the same second, as aiohttp
rounds up its own timeouts from ``ceil_threshold`` (5 s): they may end up to 1 s late, and no timer
is made per request (aiohttp's own read timeout reschedules two timers per request, about 8 % of
an ``info()`` call)."""


class _Buckets:
    """One event loop's shared deadline timers: second -> the attempts due in it."""

    __slots__ = ("buckets", "loop")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.buckets: dict[int, set[_CoarseDeadline]] = {}

    def join(self, entry: _CoarseDeadline, when: float) -> set[_CoarseDeadline]:
        key = math.ceil(when)
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = set()
            self.loop.call_at(key, self._fire, key)
        bucket.add(entry)
        return bucket

    def _fire(self, key: int) -> None:
        for entry in self.buckets.pop(key, ()):
            entry.due()


_BUCKETS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Buckets] = weakref.WeakKeyDictionary()
_BUCKETS_LOCK = threading.Lock()
_LAST_BUCKETS: list[tuple[Any, Any]] = [(None, None)]
"""[(loop, its _Buckets)], the lookup of nearly every call: one tuple, swapped whole, so that a thread
running another loop never pairs its loop with this one's timers."""


class _CoarseDeadline:
    """The total deadline and the read timeout of one attempt on the shared timers (see ``COARSE_FROM``).

    What ``asyncio.timeout`` does (cancel the task, turn that one cancellation into a timeout), minus
    the timer of its own. The read timeout is aiohttp's ``sock_read``: the answer's head must come
    within ``read`` seconds, then each piece of the body (``progress()``). aiohttp starts that clock
    once it has a connection; this one starts with the attempt, so when the head is late and the
    engine was looking up a host or opening a connection since the attempt began (or every
    connection was busy), the head gets the connect and pool timeouts more (the bound aiohttp's
    connect timeout puts on that phase) before the read timeout is called.
    """

    __slots__ = (
        "bucket",
        "cancelling",
        "deadline",
        "extended",
        "fired",
        "last",
        "loop",
        "opened",
        "queued",
        "read",
        "slack",
        "state",
        "task",
        "watch",
    )

    def __init__(self, loop: asyncio.AbstractEventLoop, timeouts: Timeouts, watch: _Watch | None = None) -> None:
        now = loop.time()
        self.loop = loop
        self.deadline = None if timeouts.total is None else now + timeouts.total
        self.read = timeouts.read
        self.last = now
        self.watch = watch
        if watch is not None:
            self.opened = watch.opened
            self.queued = watch.in_flight >= MAX_CONNECTIONS
        else:
            self.opened = 0
            self.queued = False
        self.slack = (timeouts.connect or 0.0) + (timeouts.pool or 0.0)
        self.extended = False  # the head's wait got the slack (or is past the phase it is for)
        self.state = 0  # 0 running, 1 fired (the task was cancelled), 2 fired and handled
        self.fired = ""  # "read" or "total"
        self.task: asyncio.Task[Any] | None = None
        self.cancelling = 0
        self.bucket: set[_CoarseDeadline] | None = None

    def _when(self) -> float:
        deadline = self.deadline
        if self.read is None:
            assert deadline is not None
            return deadline
        when = self.last + self.read
        return when if deadline is None or when < deadline else deadline

    def _join(self) -> None:
        loop = self.loop
        last = _LAST_BUCKETS[0]
        if last[0] is loop:
            buckets: _Buckets = last[1]
        else:
            with _BUCKETS_LOCK:
                found = _BUCKETS.get(loop)
                buckets = _BUCKETS[loop] = found if found is not None else _Buckets(loop)
            _LAST_BUCKETS[0] = (loop, buckets)
        self.bucket = buckets.join(self, self._when())

    def enter(self, task: asyncio.Task[Any] | None) -> None:
        """Start watching ``task``, the current one (what ``asyncio.timeout``'s ``__aenter__`` does,
        without a coroutine: ``send`` calls it and ``leave`` around the request)."""
        if task is None:
            raise RuntimeError("the total timeout needs a task")
        self.task = task
        self.cancelling = task.cancelling()
        self._join()

    def progress(self) -> None:
        """Bytes of the answer arrived (its head, or a piece of its body)."""
        self.last = self.loop.time()
        self.extended = True

    def due(self) -> None:
        """The shared timer of the second this attempt is due in fired: end it, or wait on."""
        if self.state != 0 or self.task is None:
            return
        now = self.loop.time() + 0.001
        if self.deadline is not None and now >= self.deadline:
            self.fired = "total"
        elif self.read is not None and now >= self.last + self.read:
            watch = self.watch
            if not self.extended:
                self.extended = True
                if self.queued or (watch is not None and watch.opened != self.opened):
                    self.last += self.slack
                    self._join()
                    return
            self.fired = "read"
        else:  # progress since it joined: wait on
            self._join()
            return
        self.state = 1
        self.task.cancel()

    def leave(self, exc: BaseException | None) -> None:
        """Stop watching; the attempt ended with ``exc`` (None: it did not fail). The cancellation
        this deadline made becomes a ``TimeoutError``, as ``asyncio.timeout``'s ``__aexit__`` does."""
        if self.bucket is not None:
            self.bucket.discard(self)
        if self.state == 1:
            self.state = 2
            assert self.task is not None
            if self.task.uncancel() <= self.cancelling and type(exc) is asyncio.CancelledError:
                raise TimeoutError from exc

    def timed_out(self) -> bool:
        return self.state == 2

    def error(self) -> httpx.TimeoutException:
        if self.fired == "read":
            return httpx.ReadTimeout("timed out while waiting for the answer")
        return DeadlineExceeded("the total timeout passed while waiting for the answer")


class _SourceFailed(Exception):
    """The request body's own source failed (a file that cannot be read): re-raised as it is."""


async def _body(source: Any, clock: _Deadline, failure: list[BaseException]) -> AsyncGenerator[bytes, None]:
    """The body of one attempt, with the write timeout applied to each chunk."""
    iterator = source.__aiter__() if isinstance(source, AsyncIterable) else None
    plain = iter(source) if iterator is None else None
    try:
        while True:
            try:
                chunk = await iterator.__anext__() if iterator is not None else next(plain)  # type: ignore[arg-type]
            except (StopAsyncIteration, StopIteration):
                break
            except Exception as exc:
                failure.append(exc)
                raise _SourceFailed() from exc
            if chunk:
                clock.sending()
                yield bytes(chunk)
    finally:
        clock.sent()


class AiohttpEngine:
    """Requests through aiohttp: one session per event loop and process (see the module docstring)."""

    name = "aiohttp"

    def __init__(
        self,
        ssl_context: Callable[[], Any],
        *,
        trust_env: bool,
        service: str,
        session: aiohttp.ClientSession | None = None,
        max_body: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._ssl_context = ssl_context
        self._trust_env = trust_env
        self._service = service
        self._borrowed = session
        self._borrowed_loop: asyncio.AbstractEventLoop | None = None
        self._max_body = max_body
        # (loop, pid) -> (session, sentinel that closes it when the loop ends)
        self._sessions: dict[tuple[asyncio.AbstractEventLoop, int], tuple[Any, Any]] = {}
        self._last: tuple[asyncio.AbstractEventLoop, int, Any, _Watch] | None = None
        self._borrowed_watch = _Watch()  # never read: the coarse timers are not used on a caller's session
        self._lock = threading.Lock()
        self._closed = False
        # The environment's proxies (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are read once and
        # applied per origin through aiohttp's public proxy= argument: aiohttp's own trust_env looks
        # them (and ~/.netrc) up in a worker thread on every request, which halves its speed.
        self._env_proxies = _env_proxies() if trust_env else {}
        self._proxy_for: dict[tuple[str, str], str | None] = {}
        # aiohttp's timeouts for each of the SDK's (one Timeouts per client, reused for every call),
        # with aiohttp's read timeout or without it (then the attempt's _CoarseDeadline keeps it)
        self._timeouts: dict[tuple[Timeouts, bool], aiohttp.ClientTimeout] = {}

    async def _session(self, loop: asyncio.AbstractEventLoop) -> tuple[aiohttp.ClientSession, _Watch]:
        if self._closed:
            raise EngineClosed()
        borrowed = self._borrowed
        if borrowed is not None:
            if self._borrowed_loop is None:
                self._borrowed_loop = loop
            elif self._borrowed_loop is not loop:
                raise EventLoopError(
                    f"this {self._service} client sends through your aiohttp session, which belongs to the event "
                    "loop it was first used in; create the session and this client inside the loop that uses "
                    "them, or leave out session=: the SDK's own sessions work from any loop"
                )
            if borrowed.closed:
                raise EngineClosed()
            return borrowed, self._borrowed_watch
        pid = os.getpid()
        last = self._last
        if last is not None and last[0] is loop and last[1] == pid:
            return last[2], last[3]
        with self._lock:
            entry = self._sessions.get((loop, pid))
            # sessions of ended loops (no shutdown of their async generators) or of the parent process
            stale = [key for key in self._sessions if key[1] != pid or key[0].is_closed()]
            for key in stale:
                _ORPHANS.append(self._sessions.pop(key))
        if entry is None:
            session = self._new_session()
            sentinel = _close_at_loop_end(self, (loop, pid), session)
            await sentinel.asend(None)
            entry = (session, sentinel)
            with self._lock:
                closed = self._closed
                if not closed:
                    self._sessions[(loop, pid)] = entry
            if closed:
                await _close_session(session)
                await sentinel.aclose()
                raise EngineClosed()
        session = entry[0]
        watch = _RESOLVERS[session].watch
        self._last = (loop, pid, session, watch)
        return session, watch

    def _new_session(self) -> aiohttp.ClientSession:
        watch = _Watch()
        resolver = _CountingResolver(watch)
        connector = aiohttp.TCPConnector(
            limit=MAX_CONNECTIONS,
            limit_per_host=0,
            ssl=self._ssl_context(),
            keepalive_timeout=KEEPALIVE_EXPIRY,
            # close means closed: a connection aiohttp would open after aclose() (its own re-send
            # of an idempotent request whose connection the close cut) gets no socket. Not a
            # TraceConfig hook: with one, aiohttp traces every request (about 13 % of a call).
            socket_factory=functools.partial(self._socket, watch),
            resolver=resolver,  # type: ignore[arg-type]  # registered as an AbstractResolver
        )
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),  # neither service uses cookies
            trust_env=False,  # proxies from the environment: see _env_proxies
            auto_decompress=True,
            raise_for_status=False,
            timeout=aiohttp.ClientTimeout(total=None),
        )
        _RESOLVERS[session] = resolver
        return session

    def _socket(self, watch: _Watch, addr_info: Any) -> socket.socket:
        if self._closed:
            raise OSError(errno.ECONNABORTED, "the client is closed")
        watch.opened += 1
        family, kind, proto = addr_info[0], addr_info[1], addr_info[2]
        return socket.socket(family=family, type=kind, proto=proto)

    def forget(self, key: tuple[asyncio.AbstractEventLoop, int]) -> None:
        with self._lock:
            self._sessions.pop(key, None)
            if self._last is not None and (self._last[0], self._last[1]) == key:
                self._last = None

    async def send(self, prepared: Prepared, timeouts: Timeouts | None) -> Response:
        if timeouts is None:
            timeouts = _NO_LIMITS
        # the task and its loop in one look-up (on Python 3.11 each look-up of the running loop
        # is a getpid() system call)
        try:
            task = asyncio.current_task()
        except RuntimeError:
            _running_loop(self._service)  # raises EventLoopError
            raise
        loop = task.get_loop() if task is not None else _running_loop(self._service)
        last = self._last  # this loop's session, as _session() finds it on its fast path
        if last is not None and last[0] is loop and not self._closed and last[1] == PID[0]:
            session, watch = last[2], last[3]
        else:
            session, watch = await self._session(loop)
        failure: list[BaseException] = []
        body = prepared.body
        clock: _Deadline | _CoarseDeadline
        data: Any
        coarse = False
        if body is None or isinstance(body, bytes):
            data = body
            total = timeouts.total
            read = timeouts.read
            coarse = (
                (total is None or total >= COARSE_FROM)
                and (read is None or read >= COARSE_FROM)
                and (total is not None or read is not None)
                and self._borrowed is None  # whose look-ups and connections this engine cannot see
            )
            clock = _CoarseDeadline(loop, timeouts, watch) if coarse else _Deadline(loop, timeouts)
        else:
            clock = _Deadline(loop, timeouts)
            data = _body(body, clock, failure)
        timeout = self._timeouts.get((timeouts, coarse))
        if timeout is None:
            timeout = _client_timeout(timeouts, with_read=not coarse)
            if len(self._timeouts) < 64:
                self._timeouts[(timeouts, coarse)] = timeout
        url = prepared.engine_url
        if url is None:
            url = prepared.engine_url = yarl.URL(prepared.url, encoded=True)
            prepared.engine_headers = multidict.CIMultiDict(prepared.headers)
        watch.in_flight += 1
        try:
            # (the request does not start until the context is entered)
            request = session.request(
                prepared.method,
                url,
                headers=prepared.engine_headers,
                data=data,
                allow_redirects=False,
                timeout=timeout,
                # the SDK's own headers only, the same on every engine (aiohttp adds Host): they
                # name Accept, Accept-Encoding and User-Agent, so aiohttp adds none of its own;
                # skipped also its Content-Type for a POST/PUT/PATCH sent without one
                skip_auto_headers=None if prepared.method in _NO_AUTO_TYPE else _SKIP,
                proxy=self._proxy(prepared.url) if self._env_proxies else None,
            )
            if isinstance(clock, _CoarseDeadline):  # a plain try around it, as `async with clock:` would be
                clock.enter(task)
                try:
                    # what `async with request as response` does, without its four coroutines
                    response = await request
                    try:
                        clock.progress()
                        content = b"" if prepared.method == "HEAD" else await self._read(response, clock)
                        answer = Response(response.status, response.headers, content, response.reason or "")
                    finally:
                        response.release()
                        await response.wait_for_close()
                except BaseException as exc:
                    clock.leave(exc)
                    raise
                clock.leave(None)
                return answer
            async with clock.cm, request as response:
                content = b"" if prepared.method == "HEAD" else await self._read(response, None)
                return Response(response.status, response.headers, content, response.reason or "")
        except ResponseTooLarge:
            raise
        except Exception as exc:
            if clock.timed_out():  # the total deadline or the write timeout, not one of aiohttp's
                raise clock.error() from None
            if failure:
                raise failure[0] from None
            if self._closed:
                raise EngineClosed() from exc
            translated = translate_aiohttp_error(exc)
            if translated is None:
                raise
            # aiohttp's own exception is chained unless its text (or its causes') names the URL,
            # which may carry a presigned signature; then it is dropped from the context too
            cause: BaseException | None = exc if _shows_no_url(exc) else None
        finally:
            watch.in_flight -= 1
        raise translated from cause

    def _proxy(self, url: str) -> str | None:
        parsed = httpx.URL(url)
        key = (parsed.scheme, parsed.host)
        if key not in self._proxy_for:
            import urllib.request

            env = self._env_proxies
            proxy = env.get(parsed.scheme) or env.get("all")
            if proxy is not None and urllib.request.proxy_bypass_environment(parsed.host, env):  # type: ignore[attr-defined]
                proxy = None
            self._proxy_for[key] = proxy
        return self._proxy_for[key]

    async def _read(self, response: aiohttp.ClientResponse, clock: _CoarseDeadline | None) -> bytes:
        limit = self._max_body
        if "content-encoding" not in response.headers:
            if response.content.is_eof():
                # all of a plain body is in aiohttp's buffer already (which its flow control bounds):
                # taken as it is, without read()'s coroutines (the caller releases the response)
                body = response.content.read_nowait()
                if len(body) > limit:
                    raise ResponseTooLarge(f"the answer's body is larger than {limit // (1024 * 1024)} MiB")
                return body
            length = response.content_length
            if length is not None:
                # a plain body of a stated size: read at once (aiohttp stops at Content-Length), unless
                # the read timeout is this engine's and the body is still coming (it watches each piece)
                if length > limit:
                    raise ResponseTooLarge(f"the answer's body is larger than {limit // (1024 * 1024)} MiB")
                if clock is None:
                    return await response.read()
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_any():
            size += len(chunk)
            if size > limit:
                raise ResponseTooLarge(f"the answer's body is larger than {limit // (1024 * 1024)} MiB")
            chunks.append(chunk)
            if clock is not None:
                clock.progress()
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    async def aclose(self) -> None:
        """Close this engine's sessions (not a caller's). Safe to call more than once."""
        with self._lock:
            self._closed = True
            entries = list(self._sessions.items())
            self._sessions.clear()
            self._last = None
        loop = current_loop()
        pid = os.getpid()
        for (other, owner_pid), (session, sentinel) in entries:
            if owner_pid != pid:
                _ORPHANS.append((session, sentinel))
            elif other is loop:
                await _close_session(session)
                await sentinel.aclose()
            elif other.is_running():
                asyncio.run_coroutine_threadsafe(_close_session(session), other)
            else:
                _ORPHANS.append((session, sentinel))


_NO_LIMITS = Timeouts(None, None, None, None)


def _client_timeout(timeouts: Timeouts, *, with_read: bool) -> aiohttp.ClientTimeout:
    # the total deadline and the write timeout are the engine's own (_Deadline), and so is the read
    # timeout on the shared timers (_CoarseDeadline); aiohttp's connect covers the wait for a pooled
    # connection too
    connect = None if timeouts.connect is None else timeouts.connect + (timeouts.pool or 0.0)
    read = timeouts.read if with_read else None
    return aiohttp.ClientTimeout(total=None, connect=connect, sock_connect=timeouts.connect, sock_read=read)


_SKIP = ("User-Agent", "Accept", "Accept-Encoding", "Content-Type")
_NO_AUTO_TYPE = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})
"""Methods aiohttp adds no Content-Type to (not in its POST_METHODS): no skip_auto_headers needed."""


async def _close_at_loop_end(
    owner: AiohttpEngine, key: tuple[asyncio.AbstractEventLoop, int], session: Any
) -> AsyncGenerator[None, None]:
    # An async generator the loop knows about (asyncio's asyncgen hooks): when the loop shuts
    # down (asyncio.run returning, pytest-asyncio's teardown) it is finalized in the loop, and its
    # finally closes this loop's session while that is still possible.
    try:
        yield
    finally:
        owner.forget(key)
        if not session.closed and key[1] == os.getpid():
            await _close_session(session)


async def _close_session(session: Any) -> None:
    """Close a session of the engine's own (calls in flight end; nothing reconnects) and its resolver."""
    await session.close()
    resolver = _RESOLVERS.pop(session, None)
    if resolver is not None:
        await resolver.close()


_RESOLVERS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
"""Each own session's resolver: a connector given one does not close it."""


class _Watch:
    """What the shared read timers need to know of one session (one event loop, so no lock): host
    look-ups and connections begun, and attempts under way (more than connections: one may wait)."""

    __slots__ = ("in_flight", "opened")

    def __init__(self) -> None:
        self.opened = 0
        self.in_flight = 0


class _CountingResolver:
    """aiohttp's default resolver, counting the look-ups (a new connection's first step) for
    ``_CoarseDeadline``; aiohttp's DNS cache answers the rest without it."""

    _registered = False

    def __init__(self, watch: _Watch) -> None:
        self.watch = watch
        self._inner = aiohttp.DefaultResolver()
        if not _CountingResolver._registered:
            aiohttp.abc.AbstractResolver.register(_CountingResolver)
            _CountingResolver._registered = True

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> Any:
        self.watch.opened += 1
        return await self._inner.resolve(host, port, family)

    async def close(self) -> None:
        await self._inner.close()


def translate_aiohttp_error(exc: BaseException) -> Exception | None:
    """aiohttp's failure as the httpx exception class of the same meaning, with no URL in its text
    (aiohttp's ``ClientResponseError`` and ``InvalidURL`` print the URL, presigned signature included)."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout("timed out while connecting")
    if isinstance(exc, aiohttp.SocketTimeoutError):
        return httpx.ReadTimeout("timed out while waiting for the answer")
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout("timed out while waiting for the answer")
    if isinstance(exc, aiohttp.ClientHttpProxyError):
        return httpx.ConnectError(f"the proxy refused the connection: {exc.status} {exc.message}")
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        return httpx.ConnectError(f"cannot connect to the proxy: {_os_reason(exc.os_error)}")
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return httpx.ConnectError(f"the server's TLS certificate was refused: {exc.certificate_error}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(f"cannot connect to {exc.host}:{exc.port}: {_os_reason(exc.os_error)}")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError("the server closed the connection without a complete answer")
    if isinstance(exc, aiohttp.ClientPayloadError):
        cause = exc.__cause__ or (exc.args[1] if len(exc.args) > 1 else None)
        if type(cause).__name__ == "ContentEncodingError" or "encoding" in str(exc).lower():
            return httpx.DecodingError("the answer's body could not be decoded (gzip/deflate)")
        return httpx.RemoteProtocolError("the answer's body ended early or is not valid HTTP framing")
    if isinstance(exc, aiohttp.InvalidURL):
        return httpx.InvalidURL("the URL is not valid")
    if isinstance(exc, aiohttp.ClientResponseError):
        # aiohttp's parser refused the answer (400 here is its code for "bad HTTP message")
        return httpx.RemoteProtocolError(f"the answer is not valid HTTP: {_first_line(exc.message)}")
    if isinstance(exc, aiohttp.ClientOSError):
        return httpx.ReadError(_os_reason(exc))
    if isinstance(exc, aiohttp.ClientConnectionError):
        return httpx.ReadError("the connection was lost")
    if isinstance(exc, aiohttp.ClientError):
        return httpx.ReadError(type(exc).__name__)
    if isinstance(exc, OSError):  # ssl.SSLError and the like, raised below aiohttp
        return httpx.ReadError(_os_reason(exc))
    return None


def _env_proxies() -> dict[str, str]:
    """The environment's proxies as urllib reads them, keeping the http(s) ones (aiohttp speaks no
    SOCKS) and ``no`` (NO_PROXY, for the bypass check)."""
    import urllib.request

    env = urllib.request.getproxies_environment()
    kept = {
        k: v for k, v in env.items() if k in ("http", "https", "all") and v.lower().startswith(("http://", "https://"))
    }
    if kept and "no" in env:
        kept["no"] = env["no"]
    return kept


def _shows_no_url(exc: BaseException) -> bool:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if "://" in str(current) or "://" in repr(current):
            return False
        current = current.__cause__ or current.__context__
        seen += 1
    return True


def _os_reason(exc: BaseException | None) -> str:
    """What an OS-level failure says, never a URL (aiohttp puts the request's URL into some)."""
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) if exc is not None else ""
    if "://" in text:
        cause = exc.__cause__ if exc is not None else None
        if isinstance(cause, OSError) and cause is not exc:
            return _os_reason(cause)
        return "the connection failed while sending the request"
    return text or type(exc).__name__


def _first_line(text: object) -> str:
    """aiohttp's parser message in one line: ``Bad status line (b'garbage')``."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip() and set(line.strip()) != {"^"}]
    if not lines:
        return "unknown error"
    head = lines[0].rstrip(":").strip()
    if len(lines) > 1:
        head = f"{head} ({lines[1][:80]})"
    return head[:200]


# ------------------------------------------------------------------------------------------------
# httpx: a caller's client or transport, or a mocking library


class HttpxAsyncEngine:
    """Requests through httpx: a caller's ``httpx.AsyncClient`` (used as it is, never closed here),
    or httpx clients of the engine's own (one per event loop, on a caller's transport or httpx's
    default one), closed in their loop when it ends or on ``aclose()``."""

    name = "httpx"

    def __init__(
        self,
        *,
        service: str,
        http_client: httpx.AsyncClient | None = None,
        factory: Callable[[], httpx.AsyncClient] | None = None,
        max_body: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._service = service
        self._borrowed = http_client
        self._borrowed_loop: asyncio.AbstractEventLoop | None = None
        self._factory = factory
        self._max_body = max_body
        self._clients: dict[tuple[asyncio.AbstractEventLoop, int], tuple[httpx.AsyncClient, Any]] = {}
        self._closed = False

    async def _client(self) -> httpx.AsyncClient:
        if self._closed:
            raise EngineClosed()
        loop = current_loop()
        borrowed = self._borrowed
        if borrowed is not None:
            if loop is not None:
                if self._borrowed_loop is None:
                    self._borrowed_loop = loop
                elif self._borrowed_loop is not loop:
                    raise EventLoopError(
                        f"this {self._service} client sends through your http_client, and an httpx client is bound "
                        "to the event loop it was first used in; create the httpx client and this client inside "
                        "the event loop that uses them, or leave out http_client: the SDK's own connections work "
                        "from any loop"
                    )
            if borrowed.is_closed:
                raise EngineClosed()
            return borrowed
        assert self._factory is not None
        if loop is None:  # trio and the like: one client, closed by aclose()
            key: Any = (None, os.getpid())
        else:
            key = (loop, os.getpid())
        entry = self._clients.get(key)
        if entry is not None:
            return entry[0]
        for stale in [k for k in self._clients if k[1] != os.getpid() or (k[0] is not None and k[0].is_closed())]:
            _ORPHANS.append(self._clients.pop(stale))
        client = self._factory()
        sentinel = None
        if loop is not None:
            sentinel = _close_httpx_at_loop_end(self, key, client)
            await sentinel.asend(None)
        self._clients[key] = (client, sentinel)
        return client

    def forget(self, key: Any) -> None:
        self._clients.pop(key, None)

    async def send(self, prepared: Prepared, timeouts: Timeouts | None) -> Response:
        client = await self._client()
        # the caller's client adds its own Host, Accept, Accept-Encoding and Connection headers
        url, headers = httpx_target(prepared, _CLIENT_DEFAULTS if self._borrowed is not None else ())
        request = httpx_request(client, prepared.method, url, headers, _httpx_body(prepared.body), timeouts)
        auth: Any = httpx.USE_CLIENT_DEFAULT if prepared.authenticate else None
        total = timeouts.total if timeouts is not None else None
        try:
            async with asyncio.timeout(total):
                if prepared.authenticate:
                    response = await client.send(request, auth=auth, follow_redirects=False, stream=True)
                else:
                    with PresignedInFlight(prepared.url):
                        response = await client.send(request, auth=auth, follow_redirects=False, stream=True)
                try:
                    content = await self._read(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise DeadlineExceeded("the total timeout passed while waiting for the answer") from None
        if self._borrowed is None and "set-cookie" in response.headers:
            client.cookies.clear()  # neither service uses cookies: keep none
        return Response(response.status_code, plain_headers(response.headers), content, response.reason_phrase)

    async def _read(self, response: httpx.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self._max_body:
                raise ResponseTooLarge(f"the answer's body is larger than {self._max_body // (1024 * 1024)} MiB")
            chunks.append(chunk)
        return b"".join(chunks)

    async def aclose(self) -> None:
        self._closed = True
        loop = current_loop()
        pid = os.getpid()
        for key, (client, sentinel) in list(self._clients.items()):
            other = key[0]
            if key[1] != pid:
                _ORPHANS.append((client, sentinel))
            elif other is loop or other is None:
                await client.aclose()
                if sentinel is not None:
                    await sentinel.aclose()
            elif other.is_running():
                asyncio.run_coroutine_threadsafe(client.aclose(), other)
        self._clients.clear()


_CLIENT_DEFAULTS = ("Host", "Accept", "Accept-Encoding", "Connection")


def _httpx_body(body: Any) -> Any:
    """httpx reads an async iterable for each attempt by iterating it once: give it a fresh one."""
    if body is None or isinstance(body, bytes | httpx.AsyncByteStream):
        return body
    if isinstance(body, AsyncIterable):
        return _fresh(body)
    return body


async def _fresh(body: AsyncIterable[bytes]) -> AsyncGenerator[bytes, None]:
    async for chunk in body:
        yield chunk


async def _close_httpx_at_loop_end(owner: HttpxAsyncEngine, key: Any, client: httpx.AsyncClient) -> Any:
    try:
        yield
    finally:
        owner.forget(key)
        if key[1] == os.getpid():
            await client.aclose()


# ------------------------------------------------------------------------------------------------
# which engine: decided once, when a client is built


def make_async_engine(
    service: str,
    ssl_context: Callable[[], Any],
    *,
    trust_env: bool,
    timeouts: Timeouts,
    http_client: Any = None,
    transport: Any = None,
    session: Any = None,
) -> AiohttpEngine | HttpxAsyncEngine:
    """aiohttp, unless the caller gave an httpx client or transport, or a mocking library patched httpx."""
    if session is not None:
        check_session(session)
        return AiohttpEngine(ssl_context, trust_env=trust_env, service=service, session=session)
    if http_client is not None:
        return HttpxAsyncEngine(service=service, http_client=http_client)
    if transport is not None or httpx_patched():

        def factory() -> httpx.AsyncClient:
            client = httpx.AsyncClient(
                transport=transport,
                verify=ssl_context() if transport is None else True,
                trust_env=trust_env,
                limits=httpx.Limits(max_connections=MAX_CONNECTIONS, keepalive_expiry=KEEPALIVE_EXPIRY),
                follow_redirects=False,
                timeout=timeouts.as_httpx(),
            )
            client.headers = httpx.Headers()  # the SDK sends its own defaults (see _engine_sync)
            return client

        return HttpxAsyncEngine(service=service, factory=factory)
    return AiohttpEngine(ssl_context, trust_env=trust_env, service=service)


def check_session(session: Any) -> None:
    """A caller's ``session=`` must be an ``aiohttp.ClientSession``."""
    if not isinstance(session, aiohttp.ClientSession):
        raise TypeError(f"session must be an aiohttp.ClientSession, got {type(session).__name__}")
