"""The sync clients' own connection pool: HTTP/1.1 on blocking sockets, safe to share between threads.

It keeps the same contract as the async pool (``_pool_async``): a pooled connection is checked
before reuse, a request whose write fails surfaces as ``httpx.WriteError``, an early answer to
an upload is returned, exceptions carry no URL, and ``close()`` closes every connection, wakes
every thread waiting on one and opens no new one. Every socket operation is given the smaller
of its phase timeout and what is left of the attempt's total deadline, so a server that trickles
its answer a byte at a time is cut off when the deadline passes.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from ._common import httpx_request, stale_race
from ._wire import DeadlineExceeded, ParseError, PoolClosed, Response, ResponseParser, Timeouts, WireRequest, _Stale

_RECV = 64 * 1024


def _readable(sock: socket.socket) -> bool:
    """Whether reading would not block: data, a close (EOF) or an error is waiting."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    return bool(select.select([sock], [], [], 0)[0])  # pragma: no cover - no poll() on this platform


class _Conn:
    __slots__ = ("idle_since", "key", "sock", "uses")

    def __init__(self, key: tuple[str, str, int], sock: socket.socket) -> None:
        self.key = key
        self.sock = sock
        self.uses = 0
        self.idle_since = 0.0

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class SyncPool:
    """Keep-alive connections per origin, shared by the threads of one sync client.

    Args:
        ssl_context: a callable returning the TLS context for https origins (built on first use).
        max_connections: per origin.
        keepalive_expiry: seconds an idle connection is kept.
    """

    def __init__(
        self, ssl_context: Callable[[], ssl.SSLContext], *, max_connections: int, keepalive_expiry: float | None
    ) -> None:
        self._ssl_context_factory = ssl_context
        self._ssl: ssl.SSLContext | None = None
        self.max_connections = max(1, max_connections)
        self.keepalive_expiry = keepalive_expiry
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)
        self._idle: dict[tuple[str, str, int], list[_Conn]] = {}
        self._open: dict[tuple[str, str, int], int] = {}
        self._busy: set[_Conn] = set()
        self.closed = False
        # a client dropped without close(): its idle sockets are closed quietly when it is collected
        weakref.finalize(self, _close_idle, self._idle)

    def send(self, request: WireRequest, timeouts: Timeouts) -> Response:
        total_deadline = time.monotonic() + timeouts.total if timeouts.total is not None else float("inf")
        for attempt in (0, 1):
            conn = self._acquire(request.origin, timeouts, total_deadline)
            try:
                return self._exchange(conn, request, timeouts, total_deadline)
            except _Stale as stale:
                # a keep-alive race: see AsyncPool.send
                if attempt == 0 and request.replayable:
                    continue
                raise stale.cause from None
        raise AssertionError("unreachable")  # pragma: no cover

    # connections ---------------------------------------------------------------------------------

    def _acquire(self, key: tuple[str, str, int], timeouts: Timeouts, total_deadline: float) -> _Conn:
        pool_deadline = time.monotonic() + timeouts.pool if timeouts.pool is not None else float("inf")
        deadline = min(pool_deadline, total_deadline)
        with self._lock:
            while True:
                if self.closed:
                    raise PoolClosed()
                idle = self._idle.get(key)
                now = time.monotonic()
                while idle:
                    conn = idle.pop()
                    expired = self.keepalive_expiry is not None and now - conn.idle_since > self.keepalive_expiry
                    if expired or _readable(conn.sock):
                        # expired, closed by the server, or bytes nobody asked for: not reusable
                        conn.close()
                        self._open[key] -= 1
                        continue
                    self._busy.add(conn)
                    return conn
                if self._open.get(key, 0) < self.max_connections:
                    self._open[key] = self._open.get(key, 0) + 1
                    break
                remaining = deadline - now
                if remaining <= 0:
                    if deadline >= total_deadline:
                        raise DeadlineExceeded("the total timeout passed while waiting for a free connection")
                    raise httpx.PoolTimeout("timed out waiting for a free connection")
                self._freed.wait(None if remaining == float("inf") else remaining)
        try:
            conn = self._connect(key, timeouts, total_deadline)
        except BaseException:
            with self._lock:
                self._open[key] -= 1
                self._freed.notify()
            raise
        with self._lock:
            if self.closed:
                conn.close()
                self._open[key] -= 1
                raise PoolClosed()
            self._busy.add(conn)
        return conn

    def _connect(self, key: tuple[str, str, int], timeouts: Timeouts, total_deadline: float) -> _Conn:
        scheme, host, port = key
        limit = _limit(timeouts.connect, total_deadline)
        try:
            sock = socket.create_connection((host.strip("[]"), port), timeout=limit)
        except TimeoutError:
            if total_deadline - time.monotonic() <= 0:
                raise DeadlineExceeded("the total timeout passed while connecting") from None
            raise httpx.ConnectTimeout("timed out while connecting") from None
        except OSError as exc:
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if scheme == "https":
                if self._ssl is None:
                    self._ssl = self._ssl_context_factory()
                sock.settimeout(_limit(timeouts.connect, total_deadline))
                sock = self._ssl.wrap_socket(sock, server_hostname=host.strip("[]"))
        except TimeoutError:
            sock.close()
            raise httpx.ConnectTimeout("timed out during the TLS handshake") from None
        except ssl.SSLError as exc:
            sock.close()
            raise httpx.ConnectError(f"TLS handshake failed: {exc}") from exc
        except OSError as exc:
            sock.close()
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        return _Conn(key, sock)

    def _release(self, conn: _Conn, reusable: bool) -> None:
        with self._lock:
            self._busy.discard(conn)
            if reusable and not self.closed:
                conn.uses += 1
                conn.idle_since = time.monotonic()
                self._idle.setdefault(conn.key, []).append(conn)
            else:
                conn.close()
                self._open[conn.key] -= 1
            self._freed.notify()

    # one exchange --------------------------------------------------------------------------------

    def _exchange(self, conn: _Conn, request: WireRequest, timeouts: Timeouts, total_deadline: float) -> Response:
        sock = conn.sock
        reused = conn.uses > 0
        parser = ResponseParser(request.is_head)
        complete = True
        try:
            try:
                complete = self._write(sock, parser, request, timeouts, total_deadline)
            except httpx.WriteError:
                if self.closed:
                    raise PoolClosed() from None
                # The server may have answered and closed while we were writing (an object store
                # refusing an upload): read what it said before calling this a failure.
                if not self._read_after_failed_write(sock, parser, timeouts, total_deadline):
                    raise
                complete = False
            if not parser.done:
                self._read(sock, parser, timeouts, total_deadline)
        except BaseException as exc:
            self._release(conn, reusable=False)
            if self.closed and not isinstance(exc, PoolClosed):
                raise PoolClosed() from None
            stale_kinds = httpx.WriteError | httpx.RemoteProtocolError | httpx.ReadError
            if reused and not parser.started and isinstance(exc, stale_kinds) and not isinstance(exc, ParseError):
                raise _Stale(exc) from None
            raise
        self._release(conn, reusable=parser.keep_alive and complete)
        return parser.response()

    def _write(
        self, sock: socket.socket, parser: ResponseParser, request: WireRequest, timeouts: Timeouts, deadline: float
    ) -> bool:
        body = request.body
        try:
            sock.settimeout(_limit(timeouts.write, deadline))
            if body is None or type(body) is bytes:
                sock.sendall(request.head + body if body else request.head)
                return True
            sock.sendall(request.head)
            chunks: Iterable[bytes] = body  # type: ignore[assignment]
            for chunk in chunks:
                if _readable(sock):
                    return False  # the server answered (or closed) before the whole body was sent
                sock.settimeout(_limit(timeouts.write, deadline))
                sock.sendall(chunk)
            return True
        except TimeoutError:
            if deadline - time.monotonic() <= 0:
                raise DeadlineExceeded("the total timeout passed while waiting for the answer") from None
            raise httpx.WriteTimeout("timed out while sending the request") from None
        except OSError as exc:
            raise httpx.WriteError(str(exc) or type(exc).__name__) from exc

    def _read(self, sock: socket.socket, parser: ResponseParser, timeouts: Timeouts, deadline: float) -> None:
        while True:
            try:
                sock.settimeout(_limit(timeouts.read, deadline))
                data = sock.recv(_RECV)
            except TimeoutError:
                if deadline - time.monotonic() <= 0:
                    raise DeadlineExceeded("the total timeout passed while waiting for the answer") from None
                raise httpx.ReadTimeout("timed out waiting for the answer") from None
            except OSError as exc:
                if self.closed:
                    raise PoolClosed() from None
                raise httpx.ReadError(str(exc) or type(exc).__name__) from exc
            if not data:
                if self.closed:
                    raise PoolClosed()
                if parser.feed_eof():
                    return
                if parser.started:
                    raise httpx.RemoteProtocolError("the server closed the connection in the middle of its answer")
                raise httpx.RemoteProtocolError("the server closed the connection without answering")
            if parser.feed(data):
                return

    def _read_after_failed_write(
        self, sock: socket.socket, parser: ResponseParser, timeouts: Timeouts, deadline: float
    ) -> bool:
        try:
            self._read(sock, parser, timeouts, deadline)
        except (httpx.TransportError, httpx.TimeoutException):
            return False
        return parser.done

    # closing -------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close every connection; threads waiting for one, or in the middle of a request, fail."""
        with self._lock:
            self.closed = True
            idle = [conn for conns in self._idle.values() for conn in conns]
            self._idle.clear()
            busy = list(self._busy)
            self._freed.notify_all()
        for conn in idle:
            conn.close()
        for conn in busy:
            # wake a thread blocked in recv()/send(); it closes the socket itself
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)


def _close_idle(idle: dict[tuple[str, str, int], list[_Conn]]) -> None:
    for conns in idle.values():
        for conn in conns:
            conn.close()
    idle.clear()


def _limit(phase: float | None, deadline: float) -> float | None:
    """The timeout for one socket operation: the phase's, cut to what is left of the deadline."""
    if deadline == float("inf"):
        return phase
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeadlineExceeded("the total timeout passed while waiting for the answer")
    return remaining if phase is None else min(phase, remaining)


# ------------------------------------------------------------------------------------------------
# through httpx


class HttpxClients:
    """The core's own httpx client (sync clients are not bound to an event loop: one is enough)."""

    def __init__(self, factory: Callable[[], httpx.Client]) -> None:
        self._factory = factory
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> httpx.Client:
        with self._lock:
            if self._closed:
                raise PoolClosed()
            if self._client is None:
                self._client = self._factory()
            return self._client

    def close(self) -> None:
        with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None:
            client.close()


def current_loop() -> Any:
    """Sync clients are not bound to an event loop."""
    return None


def httpx_send(
    client: httpx.Client,
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

    ``timeouts`` None keeps the client's own. httpx has no total deadline; here each phase is
    cut to the total and the body is read chunk by chunk, stopping once the deadline passed.
    A request that fails on a reused keep-alive connection before any answer is sent once more.
    """
    deadline = time.monotonic() + timeouts.total if timeouts is not None and timeouts.total is not None else None
    for attempt in (0, 1):
        events: list[str] = []

        def trace(name: str, info: Any, events: list[str] = events) -> None:
            events.append(name)

        request = httpx_request(client, method, url, headers, body, timeouts, trace)
        auth: Any = httpx.USE_CLIENT_DEFAULT if authenticate else None
        try:
            response = client.send(request, auth=auth, follow_redirects=False, stream=True)
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
            if attempt == 0 and replayable and stale_race(events):
                continue
            raise
        try:
            chunks = []
            for chunk in response.iter_bytes():
                chunks.append(chunk)
                if deadline is not None and time.monotonic() > deadline:
                    raise DeadlineExceeded("the total timeout passed while waiting for the answer")
        finally:
            response.close()
        return Response(response.status_code, response.headers, b"".join(chunks), response.reason_phrase)
    raise AssertionError("unreachable")  # pragma: no cover
