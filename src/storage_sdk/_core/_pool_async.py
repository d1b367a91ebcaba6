"""The async clients' own connection pool: HTTP/1.1 on asyncio protocols, one pool per event loop.

Why not httpx's own pool: under concurrency httpcore's pool walks every connection on each
request (encode/httpx#3215), so 64 calls in flight run slower than one at a time, and a cold
burst of a thousand calls collapses into pool timeouts. This pool hands connections over in
O(1) (a LIFO of idle connections, a FIFO of waiters), writes each request with one system call,
parses answers with ``_wire`` and times every request with one watchdog timer per loop instead
of a timer per request.

What it guarantees, on every request:

- a pooled connection is checked before reuse (closed by the server, data waiting, expired):
  a stale connection never gets a request; if one still fails before any byte of an answer
  arrives (a keep-alive race: the server closed it as it was reused, and never read the
  request), the request is sent again once on a new connection, whatever its method;
- a request whose write fails surfaces as ``httpx.WriteError`` (it never reached the server
  whole, so any method may be retried); a connection lost after the request was written, as
  ``httpx.RemoteProtocolError`` / ``ReadError``;
- an answer that arrives while a body is still being written (an object store refusing an
  upload early) is returned as it is;
- exceptions are httpx's and carry no URL (a presigned URL's signature never reaches a message);
- each event loop gets its own connections; when a loop ends (``asyncio.run`` returns) its
  connections are closed in it, so a client can be used from one ``asyncio.run`` to the next;
- ``aclose()`` closes every connection, fails the requests in flight and opens no new one.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import ipaddress
import socket
import ssl
import threading
import typing
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Iterable
from typing import Any

import httpx

from ._common import httpx_request, stale_race
from ._wire import (
    DeadlineExceeded,
    ParseError,
    PoolClosed,
    Response,
    ResponseParser,
    Timeouts,
    WireRequest,
    _Stale,
)

_WATCH_INTERVAL = 0.05
"""How often (seconds) the watchdog looks for requests past their deadline, unless a timeout is shorter."""


# ------------------------------------------------------------------------------------------------


class _Connection(asyncio.Protocol):
    """One keep-alive connection and the exchange in progress on it."""

    def __init__(self, origin: _Origin, sock: socket.socket) -> None:
        self.origin = origin
        self.loop = origin.pools.loop
        self.sock = sock
        self.transport: asyncio.Transport | None = None
        self.parser: ResponseParser | None = None
        self.waiter: asyncio.Future[None] | None = None
        self.drain: asyncio.Future[None] | None = None
        self.paused = False
        self.closed = False
        self.failure: BaseException | None = None
        self.uses = 0
        self.idle_since = 0.0
        # watchdog state for the exchange in progress
        self.deadline = float("inf")
        self.total_deadline = float("inf")
        self.read_timeout: float | None = None
        self.write_timeout: float | None = None
        self.phase = "read"

    # asyncio.Protocol ---------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport = typing.cast(asyncio.Transport, transport)
        self.transport = transport
        # pause_writing()/resume_writing() then tell exactly when all bytes are with the kernel
        transport.set_write_buffer_limits(high=0, low=0)

    def data_received(self, data: bytes) -> None:
        parser = self.parser
        if parser is None:
            # bytes on an idle connection: the server is closing it or misbehaving; never reuse it
            self.closed = True
            if self.transport is not None:
                self.transport.abort()
            return
        if self.read_timeout is not None:
            self.deadline = min(self.loop.time() + self.read_timeout, self.total_deadline)
        try:
            done = parser.feed(data)
        except (ParseError, httpx.HTTPError) as exc:
            self._fail(exc)
            return
        drain = self.drain
        if drain is not None and not drain.done():
            drain.set_result(None)  # an answer has begun: a writer still sending a body stops
        if done:
            waiter = self.waiter
            if waiter is not None and not waiter.done():
                waiter.set_result(None)

    def _read_leftovers(self, parser: ResponseParser) -> None:
        """Read what the kernel still holds for us before asyncio closes the socket.

        A failed write (the server answered an upload early, then reset the connection it would
        not read) makes asyncio close the transport without reading the answer that arrived; on
        a plain TCP connection it is still in the socket, and it is the answer the caller needs.
        """
        if self.transport is None or self.transport.get_extra_info("sslcontext") is not None:
            return
        try:
            while not parser.done:
                data = self.sock.recv(65536)
                if not data:
                    parser.feed_eof()
                    break
                parser.feed(data)
        except (OSError, ValueError, httpx.HTTPError):
            pass

    def eof_received(self) -> bool:
        return False  # close our side too; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        parser = self.parser
        waiter = self.waiter
        if exc is not None and parser is not None and not parser.done and self.failure is None:
            self._read_leftovers(parser)
        if waiter is not None and not waiter.done():
            failure = self.failure
            if failure is None and parser is not None:
                try:
                    if parser.feed_eof():
                        waiter.set_result(None)
                        failure = None
                    elif parser.started:
                        failure = httpx.RemoteProtocolError(
                            "the server closed the connection in the middle of its answer"
                        )
                    else:
                        failure = httpx.RemoteProtocolError("the server closed the connection without answering")
                except httpx.HTTPError as error:
                    failure = error
            if failure is not None and not waiter.done():
                waiter.set_exception(failure)
                if exc is not None:
                    failure.__cause__ = exc
        drain = self.drain
        if drain is not None and not drain.done():
            drain.set_result(None)
        self.origin.lost(self)

    def pause_writing(self) -> None:
        self.paused = True

    def resume_writing(self) -> None:
        self.paused = False
        if self.phase == "write" and self.write_timeout is not None:
            self.deadline = min(self.loop.time() + self.write_timeout, self.total_deadline)
        drain = self.drain
        if drain is not None and not drain.done():
            drain.set_result(None)

    # ---------------------------------------------------------------------------------------------

    def _fail(self, exc: BaseException) -> None:
        if self.failure is None:
            self.failure = exc
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)
        self.abort()

    def expire(self) -> None:
        """The watchdog found this exchange past its deadline."""
        if self.deadline >= self.total_deadline:
            exc: BaseException = DeadlineExceeded("the total timeout passed while waiting for the answer")
        elif self.phase == "write":
            exc = httpx.WriteTimeout("timed out while sending the request")
        else:
            exc = httpx.ReadTimeout("timed out waiting for the answer")
        self._fail(exc)

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()
        else:
            self.sock.close()

    def usable(self, now: float, keepalive: float | None) -> bool:
        """Whether this idle connection may carry another request (checked right before reuse)."""
        transport = self.transport
        if self.closed or transport is None or transport.is_closing():
            return False
        if keepalive is not None and now - self.idle_since > keepalive:
            return False
        try:
            # a closed peer (EOF), a reset, or stray bytes all mean "do not reuse"; a socket with
            # nothing to read is healthy. This catches a close the event loop has not seen yet.
            data = self.sock.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            return True
        except (OSError, ValueError):
            return False
        del data  # EOF (b"") or stray bytes: either way the connection is not reusable
        return False


class _Waiter:
    """A request waiting for a free connection slot (watched for the pool timeout)."""

    __slots__ = ("deadline", "future", "total_deadline")

    def __init__(self, future: asyncio.Future[_Connection | None], deadline: float, total_deadline: float) -> None:
        self.future = future
        self.deadline = deadline
        self.total_deadline = total_deadline

    def expire(self) -> None:
        if not self.future.done():
            if self.deadline >= self.total_deadline:
                failure = DeadlineExceeded("the total timeout passed while waiting for a free connection")
                self.future.set_exception(failure)
            else:
                self.future.set_exception(httpx.PoolTimeout("timed out waiting for a free connection"))


class _Watchdog:
    """One timer per event loop that fails requests past their deadline (instead of a timer each)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.items: set[Any] = set()
        self.handle: asyncio.TimerHandle | None = None
        self.interval = _WATCH_INTERVAL

    def add(self, item: Any, timeout: float | None) -> None:
        self.items.add(item)
        if timeout is not None and timeout / 10 < self.interval:
            self.interval = max(timeout / 10, 0.002)
            if self.handle is not None:
                self.handle.cancel()
                self.handle = None
        if self.handle is None:
            self.handle = self.loop.call_later(self.interval, self.tick)

    def discard(self, item: Any) -> None:
        self.items.discard(item)

    def tick(self) -> None:
        self.handle = None
        now = self.loop.time()
        expired = [item for item in self.items if item.deadline <= now]
        for item in expired:
            self.items.discard(item)
            item.expire()
        if self.items:
            self.handle = self.loop.call_later(self.interval, self.tick)
        else:
            self.interval = _WATCH_INTERVAL

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.handle = None
        self.items.clear()


class _Origin:
    """The connections to one scheme://host:port within one event loop."""

    def __init__(self, pools: _LoopPools, key: tuple[str, str, int]) -> None:
        self.pools = pools
        self.key = key
        self.idle: list[_Connection] = []
        self.open: set[_Connection] = set()
        self.connecting = 0
        self.waiters: collections.deque[_Waiter] = collections.deque()

    def lost(self, conn: _Connection) -> None:
        self.open.discard(conn)
        if conn in self.idle:
            self.idle.remove(conn)
        self._wake_one()

    def _wake_one(self) -> None:
        """A slot freed up: let the oldest waiter open a connection."""
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.future.done():
                self.pools.watchdog.discard(waiter)
                waiter.future.set_result(None)
                return

    def release(self, conn: _Connection, reusable: bool) -> None:
        conn.parser = None
        conn.waiter = None
        conn.drain = None
        if not reusable or conn.closed or self.pools.closed:
            conn.abort()
            self.open.discard(conn)
            self._wake_one()
            return
        conn.uses += 1
        conn.idle_since = self.pools.loop.time()
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.future.done():
                self.pools.watchdog.discard(waiter)
                waiter.future.set_result(conn)
                return
        self.idle.append(conn)

    def close(self) -> None:
        for conn in list(self.open):
            conn.failure = conn.failure or PoolClosed()
            conn.abort()
        self.idle.clear()
        for waiter in self.waiters:
            if not waiter.future.done():
                waiter.future.set_exception(PoolClosed())
        self.waiters.clear()


class _LoopPools:
    """Everything of one event loop: its origins, its watchdog, and a hook on the loop's end."""

    def __init__(self, owner: AsyncPool, loop: asyncio.AbstractEventLoop) -> None:
        self.owner = owner
        self.loop = loop
        self.origins: dict[tuple[str, str, int], _Origin] = {}
        self.watchdog = _Watchdog(loop)
        self.closed = False
        self.sentinel: AsyncGenerator[None, None] | None = None

    async def start(self) -> None:
        # An async generator the loop knows about (asyncio's asyncgen hooks): when the loop shuts
        # down (asyncio.run returning, pytest-asyncio's teardown) it is finalized *in the loop*,
        # and its finally closes this loop's connections while that is still possible.
        sentinel = _until_loop_ends(self)
        await sentinel.asend(None)
        self.sentinel = sentinel

    def close(self) -> None:
        """Close every connection of this loop (call from the loop's thread)."""
        if self.closed:
            return
        self.closed = True
        self.watchdog.stop()
        for origin in self.origins.values():
            origin.close()
        self.owner.forget(self)

    def finish_sentinel(self) -> None:
        """End the sentinel generator here and now, so the loop never finalizes it later."""
        sentinel, self.sentinel = self.sentinel, None
        if sentinel is None:
            return
        closing = sentinel.aclose()
        try:
            closing.send(None)  # its finally does not await: this runs it to the end
        except StopIteration:
            pass
        except RuntimeError:
            closing.close()
        else:  # pragma: no cover - would mean the finally awaited
            closing.close()


async def _until_loop_ends(pools: _LoopPools) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        pools.sentinel = None
        pools.close()


# ------------------------------------------------------------------------------------------------


class AsyncPool:
    """Connection pools of one client, one per event loop it is used in.

    Args:
        ssl_context: a callable returning the TLS context for https origins (built on first use).
        max_connections: per origin and loop.
        keepalive_expiry: seconds an idle connection is kept.
    """

    def __init__(self, ssl_context: Any, *, max_connections: int, keepalive_expiry: float | None) -> None:
        self._ssl_context_factory = ssl_context
        self._ssl: ssl.SSLContext | None = None
        self.max_connections = max(1, max_connections)
        self.keepalive_expiry = keepalive_expiry
        self._loops: dict[asyncio.AbstractEventLoop, _LoopPools] = {}
        self._last: _LoopPools | None = None
        self._lock = threading.Lock()
        self.closed = False

    def forget(self, pools: _LoopPools) -> None:
        with self._lock:
            if self._loops.get(pools.loop) is pools:
                del self._loops[pools.loop]
            if self._last is pools:
                self._last = None

    async def _pools(self) -> _LoopPools:
        loop = asyncio.get_running_loop()
        last = self._last
        if last is not None and last.loop is loop and not last.closed:
            return last
        with self._lock:
            pools = self._loops.get(loop)
            new = pools is None or pools.closed
            if new:
                pools = _LoopPools(self, loop)
                self._loops[loop] = pools
            # loops that ended without shutting down their async generators: drop their sockets
            dead = [p for lp, p in self._loops.items() if lp.is_closed()]
        assert pools is not None
        for stale in dead:
            _discard_dead_loop(stale)
        if new:
            await pools.start()
        self._last = pools
        return pools

    async def send(self, request: WireRequest, timeouts: Timeouts) -> Response:
        if self.closed:
            raise PoolClosed()
        pools = await self._pools()
        loop = pools.loop
        now = loop.time()
        total_deadline = now + timeouts.total if timeouts.total is not None else float("inf")
        origin = pools.origins.get(request.origin)
        if origin is None:
            origin = pools.origins[request.origin] = _Origin(pools, request.origin)
        for attempt in (0, 1):
            conn = await self._acquire(origin, timeouts, total_deadline)
            try:
                return await self._exchange(conn, request, timeouts, total_deadline)
            except _Stale as stale:
                # The server closed a pooled connection as we used it (a keep-alive race: it closes
                # idle connections, or every connection after one answer) and not a byte of an
                # answer came back. It did not act on the request: send it once more on a new
                # connection, whatever the method, as browsers do.
                if attempt == 0 and request.replayable:
                    continue
                raise stale.cause from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _acquire(self, origin: _Origin, timeouts: Timeouts, total_deadline: float) -> _Connection:
        pools = origin.pools
        loop = pools.loop
        while True:
            if pools.closed or self.closed:
                raise PoolClosed()
            now = loop.time()
            while origin.idle:
                conn = origin.idle.pop()
                if conn.usable(now, self.keepalive_expiry):
                    return conn
                conn.abort()
                origin.open.discard(conn)
            if len(origin.open) + origin.connecting < self.max_connections:
                return await self._connect(origin, timeouts, total_deadline)
            future: asyncio.Future[_Connection | None] = loop.create_future()
            pool_deadline = now + timeouts.pool if timeouts.pool is not None else float("inf")
            waiter = _Waiter(future, min(pool_deadline, total_deadline), total_deadline)
            origin.waiters.append(waiter)
            if waiter.deadline != float("inf"):
                pools.watchdog.add(waiter, timeouts.pool)
            try:
                conn_or_slot = await future
            except BaseException:
                pools.watchdog.discard(waiter)
                if future.done() and not future.cancelled() and future.exception() is None:
                    handed = future.result()
                    if handed is not None:  # a connection was handed to us as we were cancelled
                        origin.release(handed, reusable=True)
                    else:
                        origin._wake_one()
                raise
            if conn_or_slot is not None:
                return conn_or_slot
            # a slot freed up: loop to take an idle connection or open one

    async def _connect(self, origin: _Origin, timeouts: Timeouts, total_deadline: float) -> _Connection:
        loop = origin.pools.loop
        scheme, host, port = origin.key
        origin.connecting += 1
        sock: socket.socket | None = None
        try:
            limit = timeouts.connect
            remaining = total_deadline - loop.time()
            if remaining != float("inf"):
                limit = remaining if limit is None else min(limit, remaining)
            try:
                async with asyncio.timeout(limit):
                    sock = await _open_socket(loop, host, port)
                    ssl_context = self._ssl_for(scheme)
                    conn = _Connection(origin, sock)
                    await loop.create_connection(
                        lambda: conn,
                        sock=sock,
                        ssl=ssl_context,
                        server_hostname=host if ssl_context is not None else None,
                    )
            except TimeoutError:
                if sock is not None:
                    sock.close()
                if total_deadline - loop.time() <= 0:
                    raise DeadlineExceeded("the total timeout passed while connecting") from None
                raise httpx.ConnectTimeout("timed out while connecting") from None
            except ssl.SSLError as exc:
                if sock is not None:
                    sock.close()
                raise httpx.ConnectError(f"TLS handshake failed: {exc}") from exc
            except OSError as exc:
                if sock is not None:
                    sock.close()
                raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
            except BaseException:
                if sock is not None:
                    sock.close()
                raise
        finally:
            origin.connecting -= 1
        if origin.pools.closed or self.closed:
            conn.abort()
            raise PoolClosed()
        origin.open.add(conn)
        return conn

    def _ssl_for(self, scheme: str) -> ssl.SSLContext | None:
        if scheme != "https":
            return None
        if self._ssl is None:
            self._ssl = self._ssl_context_factory()
        return self._ssl

    async def _exchange(
        self, conn: _Connection, request: WireRequest, timeouts: Timeouts, total_deadline: float
    ) -> Response:
        origin = conn.origin
        pools = origin.pools
        loop = pools.loop
        transport = conn.transport
        assert transport is not None
        reused = conn.uses > 0
        parser = ResponseParser(request.is_head)
        waiter: asyncio.Future[None] = loop.create_future()
        conn.parser = parser
        conn.waiter = waiter
        conn.failure = None
        conn.total_deadline = total_deadline
        conn.read_timeout = timeouts.read
        conn.write_timeout = timeouts.write
        complete = True
        watchdog = pools.watchdog
        try:
            if transport.is_closing():
                raise _Stale(httpx.WriteError("the connection was closed before the request was sent"))
            conn.phase = "write"
            write_limit = timeouts.write if timeouts.write is not None else float("inf")
            conn.deadline = min(loop.time() + write_limit, total_deadline)
            watchdog.add(conn, _shortest(timeouts))
            body = request.body
            if body is None or type(body) is bytes:
                transport.write(request.head + body if body else request.head)
                if conn.paused:
                    await _drain(conn, loop)
                complete = not (conn.closed or transport.is_closing()) or parser.started
            else:
                complete = await self._write_stream(conn, transport, request.head, body, loop)  # type: ignore[arg-type]
            conn.phase = "read"
            read_limit = timeouts.read if timeouts.read is not None else float("inf")
            conn.deadline = min(loop.time() + read_limit, total_deadline)
            # the answer, or the failure connection_lost() reports (after reading what the kernel still held)
            await waiter
        except BaseException as exc:
            watchdog.discard(conn)
            conn.parser = None
            conn.waiter = None
            conn.abort()
            origin.open.discard(conn)
            origin._wake_one()
            if isinstance(exc, asyncio.CancelledError):
                raise
            if pools.closed or self.closed:
                raise PoolClosed() from None
            if isinstance(exc, _Stale):
                raise
            lost = isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError) and not isinstance(
                exc, ParseError
            )
            if lost and not parser.started:
                if not complete:
                    # the request never arrived whole: the server cannot have acted on it
                    failure = httpx.WriteError(f"the connection broke while the request was being sent ({exc})")
                    if reused:
                        raise _Stale(failure) from exc
                    raise failure from exc
                if reused:
                    raise _Stale(exc) from None
            raise
        watchdog.discard(conn)
        # the body was not sent whole (an early answer): the connection is in no known state
        origin.release(conn, reusable=parser.keep_alive and complete and not conn.closed)
        return parser.response()

    async def _write_stream(
        self,
        conn: _Connection,
        transport: asyncio.Transport,
        head: bytes,
        body: Iterable[bytes] | AsyncIterable[bytes],
        loop: asyncio.AbstractEventLoop,
    ) -> bool:
        """Write the head and the body; False when an answer or a broken connection cut the body short."""
        parser = conn.parser
        assert parser is not None
        transport.write(head)
        if conn.paused:
            await _drain(conn, loop)
        if isinstance(body, AsyncIterable):
            async for chunk in body:
                if parser.started or conn.closed or transport.is_closing():
                    return False  # the server answered (or went away) before the whole body was sent
                transport.write(chunk)
                if conn.paused:
                    await _drain(conn, loop)
        else:
            for chunk in body:
                if parser.started or conn.closed or transport.is_closing():
                    return False
                transport.write(chunk)
                if conn.paused:
                    await _drain(conn, loop)
        return not (conn.closed or transport.is_closing()) or parser.started

    async def aclose(self) -> None:
        """Close every connection in every loop; requests in flight fail with ``PoolClosed``."""
        self.closed = True
        try:
            current: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        with self._lock:
            pools_list = list(self._loops.values())
            self._loops.clear()
            self._last = None
        for pools in pools_list:
            if pools.loop is current:
                pools.close()
                pools.finish_sentinel()
            elif pools.loop.is_closed():
                _discard_dead_loop(pools)
            elif pools.loop.is_running():
                pools.loop.call_soon_threadsafe(_close_in_loop, pools)
            else:
                _discard_dead_loop(pools)
        # let connection_lost callbacks run, so sockets are really closed when this returns
        if current is not None:
            await asyncio.sleep(0)


def _close_in_loop(pools: _LoopPools) -> None:
    pools.close()
    pools.finish_sentinel()


def _discard_dead_loop(pools: _LoopPools) -> None:
    """Release what a loop left behind when it can no longer run callbacks (closed or stopped)."""
    pools.closed = True
    pools.watchdog.handle = None
    pools.watchdog.items.clear()
    pools.finish_sentinel()
    for origin in pools.origins.values():
        for conn in list(origin.open):
            conn.closed = True
            _close_transport_now(conn)
        origin.open.clear()
        origin.idle.clear()
        origin.waiters.clear()
    pools.owner.forget(pools)


def _close_transport_now(conn: _Connection) -> None:
    """Close a connection whose loop cannot run callbacks any more (no ResourceWarning left behind)."""
    transport = conn.transport
    inner: Any = getattr(getattr(transport, "_ssl_protocol", None), "_transport", None) or transport
    if inner is not None and getattr(inner, "_sock", None) is not None:
        # asyncio's selector transports close their socket in _call_connection_lost, which a dead
        # loop never calls; do what it does (this is CPython's asyncio, the default loop)
        try:
            inner._sock.close()
            inner._sock = None
            inner._closing = True
        except Exception:  # pragma: no cover - another loop implementation
            conn.sock.close()
    else:
        conn.sock.close()
    if transport is not None and transport is not inner:
        with contextlib.suppress(Exception):
            transport._closed = True  # type: ignore[attr-defined]  # sslproto's warning flag


async def _drain(conn: _Connection, loop: asyncio.AbstractEventLoop) -> None:
    """Wait until the kernel took every byte written so far, an answer began, or the connection broke."""
    while conn.paused and not conn.closed:
        parser = conn.parser
        if parser is not None and parser.started:
            return
        drain: asyncio.Future[None] = loop.create_future()
        conn.drain = drain
        await drain
        conn.drain = None


def _shortest(timeouts: Timeouts) -> float | None:
    values = [t for t in (timeouts.read, timeouts.write, timeouts.total) if t is not None]
    return min(values) if values else None


async def _open_socket(loop: asyncio.AbstractEventLoop, host: str, port: int) -> socket.socket:
    """A connected non-blocking TCP socket, trying each address of ``host`` in turn."""
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
        infos: list[Any] = [
            (socket.AF_INET6 if ip.version == 6 else socket.AF_INET, socket.SOCK_STREAM, 0, "", (str(ip), port))
        ]
    except ValueError:
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpx.ConnectError(str(exc)) from exc
    error: OSError | None = None
    for family, type_, proto, _, address in infos:
        sock = socket.socket(family, type_, proto)
        try:
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            await loop.sock_connect(sock, address)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
        except BaseException:
            sock.close()
            raise
    raise error or OSError("no address to connect to")


# ------------------------------------------------------------------------------------------------
# through httpx


class HttpxClients:
    """The core's own httpx clients: one per event loop, each closed in its loop when the loop ends.

    httpx's connections belong to the loop that opened them, so a client used from one
    ``asyncio.run`` to the next gets a fresh httpx client (on the same transport) in each.
    """

    def __init__(self, factory: Callable[[], httpx.AsyncClient]) -> None:
        self._factory = factory
        self._clients: dict[asyncio.AbstractEventLoop, tuple[httpx.AsyncClient, AsyncGenerator[None, None]]] = {}
        self._closed = False

    async def get(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(loop)
        if entry is not None:
            return entry[0]
        if self._closed:
            raise PoolClosed()
        for stale in [lp for lp in self._clients if lp.is_closed()]:
            del self._clients[stale]  # a loop that ended without finalizing its async generators
        client = self._factory()
        sentinel = _close_httpx_at_loop_end(self, loop, client)
        await sentinel.asend(None)
        self._clients[loop] = (client, sentinel)
        return client

    def forget(self, loop: asyncio.AbstractEventLoop) -> None:
        self._clients.pop(loop, None)

    async def aclose(self) -> None:
        self._closed = True
        loop = current_loop()
        for other, (client, sentinel) in list(self._clients.items()):
            if other is loop:
                await client.aclose()
                await sentinel.aclose()
            elif other.is_running():
                asyncio.run_coroutine_threadsafe(client.aclose(), other)
        self._clients.clear()


async def _close_httpx_at_loop_end(
    owner: HttpxClients, loop: asyncio.AbstractEventLoop, client: httpx.AsyncClient
) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        owner.forget(loop)
        await client.aclose()


def current_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


async def httpx_send(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    headers: list[tuple[bytes, bytes]],
    body: Any,
    timeouts: Timeouts | None,
    *,
    authenticate: bool = True,
    replayable: bool = True,
) -> Response:
    """Send through an httpx client (its transport, proxies, event hooks) and read the whole answer.

    ``timeouts`` None keeps the client's own; a total deadline is enforced around the attempt.
    ``authenticate=False`` also switches off any auth configured on the client. A request that
    fails on a reused keep-alive connection before any answer (a keep-alive race, seen through
    httpcore's trace events) is sent once more, as the SDK's own pool does.
    """
    for attempt in (0, 1):
        events: list[str] = []

        async def trace(name: str, info: Any, events: list[str] = events) -> None:
            events.append(name)

        request = httpx_request(client, method, url, headers, body, timeouts, trace)
        auth: Any = httpx.USE_CLIENT_DEFAULT if authenticate else None
        try:
            if timeouts is None or timeouts.total is None:
                response = await client.send(request, auth=auth, follow_redirects=False)
            else:
                try:
                    async with asyncio.timeout(timeouts.total):
                        response = await client.send(request, auth=auth, follow_redirects=False)
                except TimeoutError:
                    raise DeadlineExceeded("the total timeout passed while waiting for the answer") from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
            if attempt == 0 and replayable and stale_race(events):
                continue
            raise
        return Response.from_httpx(response)
    raise AssertionError("unreachable")  # pragma: no cover
