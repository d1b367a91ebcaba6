"""Loopback HTTP/1.1 servers that misbehave in realistic ways, for tests of HTTP clients (sync and async).

``MisbehavingServer(handler)`` listens on 127.0.0.1 (ephemeral port) and serves each connection in its own thread
with a small raw-socket HTTP/1.1 implementation. For every request, ``handler(request)`` returns an *action* that
decides what the client gets:

- ``Reply``: a normal response with Content-Length (optionally ``Connection: close``, or dropping the keep-alive
  connection after the answer without announcing it);
- ``Trickle``: the body (or the whole response) one byte every ``interval`` seconds;
- ``Chunked``: a chunked-encoded response (optionally truncated before the last chunk);
- ``Stall``: never answer; ``CutOff``: send some bytes, then close; ``Reset``: close with a TCP RST;
- ``EarlyReply``: answer an upload as soon as its head arrived, without reading the body, then close;
- ``Raw``: send arbitrary bytes.

The handler is called as soon as the request *head* has arrived (so that it can choose ``EarlyReply``); the body is
read after it returns and stored in ``request.body``. A handler that needs the body to decide calls
``request.read_body()``. Every request is recorded in ``server.requests``.

``server.restart()`` simulates a killed server process: the listening socket and every open connection are closed,
then the server listens again on the same port, so pooled keep-alive connections of a client are now stale.
``server.close_idle_connections()`` simulates a keep-alive timeout.

Ready-made impostor handlers (something else answering on the URL where the API was expected): ``nginx_502()``,
``static_site()``, ``html_200()``, ``long_html(status, size)``, ``text_plain(status, text)``; and ``in_order(...)``
to script a sequence of actions.

The building blocks (``LoopbackListener``, ``SocketConn``, ``parse_head``...) are shared with ``tests.proxy_server``.
Only the standard library is used.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import http
import socket
import struct
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Self, assert_never
from urllib.parse import urlsplit

HOST = "127.0.0.1"
POLL = 0.05
"""Socket timeout used to poll for ``stop()``; the server threads notice a stop at most this late."""
MAX_HEAD = 64 * 1024
JOIN_TIMEOUT = 5.0

HeadersArg = Mapping[str, str] | Sequence[tuple[str, str]]
"""Response headers: a mapping, or a sequence of (name, value) pairs (allows repeated names)."""


class Closed(Exception):
    """The connection is gone: the peer closed or reset it, or the server is stopping."""


class Malformed(Exception):
    """The peer sent something that is not HTTP/1.1."""


# ---------------------------------------------------------------------------------------------------------------------
# Building blocks


class SocketConn:
    """One TCP connection with a read buffer; reads and writes give up (``Closed``) when ``kill`` is set.

    Owned by one thread, which alone closes the socket; other threads only call ``kill_()``.
    """

    def __init__(self, sock: socket.socket, index: int, kill: threading.Event | None = None) -> None:
        self.sock = sock
        self.index = index
        self.client_port: int = sock.getpeername()[1]
        self.buf = bytearray()
        self.kill = kill if kill is not None else threading.Event()
        self.lock = threading.Lock()
        self.idle = True
        """Waiting for a (next) request: nothing buffered, no request in progress (guarded by ``lock``)."""
        self.idle_killed = False
        """``kill_if_idle()`` hit: close before reading the next request, but finish sending the response."""
        self.rst_on_kill = False
        self.closed = False
        self.thread: threading.Thread | None = None
        sock.settimeout(POLL)
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # --- called by other threads

    def kill_(self, rst: bool = False) -> None:
        """Make the owner thread drop this connection (FIN, or RST with ``rst=True``) as soon as possible."""
        with self.lock:
            self.rst_on_kill = rst
            self.kill.set()
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RD)  # wakes a blocked recv() without sending anything to the peer

    def kill_if_idle(self) -> bool:
        """Close the connection if it waits for a next request (a keep-alive timeout); whether it did."""
        with self.lock:
            if not self.idle or self.kill.is_set() or self.idle_killed:
                return False
            self.idle_killed = True
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RD)
        return True

    # --- called by the owner thread

    def close(self, rst: bool | None = None) -> None:
        if self.closed:
            return
        self.closed = True
        if rst if rst is not None else self.rst_on_kill:
            with contextlib.suppress(OSError):
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def recv_more(self) -> None:
        """Append what arrives next to ``buf``; ``Closed`` on EOF, error or kill."""
        while True:
            if self.kill.is_set() or self.idle_killed:
                raise Closed("killed")
            try:
                data = self.sock.recv(256 * 1024)
            except TimeoutError:
                continue
            except OSError as e:
                raise Closed(str(e)) from e
            if not data:
                raise Closed("eof")
            with self.lock:
                if self.kill.is_set() or self.idle_killed:
                    raise Closed("killed")
                self.idle = False
            self.buf += data
            return

    def read_head(self, limit: int = MAX_HEAD) -> bytes:
        """The next message head (start line and header lines, without the blank line)."""
        while True:
            while self.buf[:2] == b"\r\n":
                del self.buf[:2]
            end = self.buf.find(b"\r\n\r\n")
            if end >= 0:
                with self.lock:
                    if self.idle_killed:
                        raise Closed("killed")
                    self.idle = False
                head = bytes(self.buf[:end])
                del self.buf[: end + 4]
                return head
            if len(self.buf) > limit:
                raise Malformed("head too large")
            with self.lock:
                self.idle = not self.buf
            self.recv_more()

    def read_exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            self.recv_more()
        data = bytes(self.buf[:n])
        del self.buf[:n]
        return data

    def read_line(self, limit: int = MAX_HEAD) -> bytes:
        while True:
            end = self.buf.find(b"\r\n")
            if end >= 0:
                line = bytes(self.buf[:end])
                del self.buf[: end + 2]
                return line
            if len(self.buf) > limit:
                raise Malformed("line too long")
            self.recv_more()

    def read_chunked(self) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        """A chunked body: (decoded body, trailer fields)."""
        body = bytearray()
        while True:
            line = self.read_line()
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise Malformed(f"bad chunk size line {line!r}") from None
            if size == 0:
                break
            body += self.read_exact(size)
            if self.read_exact(2) != b"\r\n":
                raise Malformed("chunk not followed by CRLF")
        trailers: list[tuple[bytes, bytes]] = []
        while line := self.read_line():
            name, _, value = line.partition(b":")
            trailers.append((name, value.strip(b" \t")))
        return bytes(body), trailers

    def read_to_eof(self) -> bytes:
        while True:
            try:
                self.recv_more()
            except Closed:
                if self.kill.is_set():
                    raise
                break
        data = bytes(self.buf)
        self.buf.clear()
        return data

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            if self.kill.is_set():
                raise Closed("killed")
            try:
                sent = self.sock.send(view)
            except TimeoutError:
                continue
            except OSError as e:
                raise Closed(str(e)) from e
            view = view[sent:]

    def send_last(self, data: bytes) -> None:
        """Send the end of a keep-alive response: from now on the connection counts as idle (so that
        ``kill_if_idle()`` cannot race with a client that already has the whole response)."""
        with self.lock:
            self.idle = not self.buf  # a pipelined next request is not idle
        self.send(data)


def parse_head(head: bytes) -> tuple[str, str, str, list[tuple[bytes, bytes]]]:
    """Split a message head into its three start-line parts and the header fields (raw bytes, arrival order)."""
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if parts[0].startswith(b"HTTP/") and len(parts) >= 2 and parts[1].isdigit():  # status line; reason may be empty
        parts += [b""] * (3 - len(parts))
    elif len(parts) != 3 or not parts[0] or not parts[1] or not parts[2].startswith(b"HTTP/"):
        raise Malformed(f"bad start line {lines[0]!r}")
    fields: list[tuple[bytes, bytes]] = []
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep or not name:
            raise Malformed(f"bad header line {line!r}")
        fields.append((name, value.strip(b" \t")))
    first, second, third = (p.decode("latin-1") for p in parts)
    return first, second, third, fields


def headers_dict(fields: Sequence[tuple[bytes, bytes]]) -> dict[str, str]:
    """Lowercase name -> value (latin-1); repeated fields are joined with ', '."""
    out: dict[str, str] = {}
    for name, value in fields:
        key, val = name.decode("latin-1").strip().lower(), value.decode("latin-1")
        out[key] = f"{out[key]}, {val}" if key in out else val
    return out


def header_items(headers: HeadersArg) -> list[tuple[str, str]]:
    return list(headers.items()) if isinstance(headers, Mapping) else list(headers)


def has_header(items: Sequence[tuple[str, str]], name: str) -> bool:
    return any(k.lower() == name for k, _ in items)


def reason_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def build_head(status: int, items: Sequence[tuple[str, str]], reason: str | None = None) -> bytes:
    phrase = reason_phrase(status) if reason is None else reason
    lines = [f"HTTP/1.1 {status} {phrase}\r\n"] + [f"{k}: {v}\r\n" for k, v in items] + ["\r\n"]
    return "".join(lines).encode("latin-1")


def connection_tokens(headers: Mapping[str, str]) -> set[str]:
    return {t.strip().lower() for t in headers.get("connection", "").split(",") if t.strip()}


def client_wants_close(version: str, headers: Mapping[str, str]) -> bool:
    tokens = connection_tokens(headers)
    return "close" in tokens or (version != "HTTP/1.1" and "keep-alive" not in tokens)


def is_chunked(headers: Mapping[str, str]) -> bool:
    return "chunked" in headers.get("transfer-encoding", "").lower()


def content_length(headers: Mapping[str, str]) -> int:
    raw = headers.get("content-length", "0").split(",")[0].strip()
    if not raw.isdigit():
        raise Malformed(f"bad Content-Length {raw!r}")
    return int(raw)


def _to_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


class LoopbackListener:
    """Accept loop on 127.0.0.1 with a thread per connection; subclasses implement ``_serve(conn)``.

    Starts listening in the constructor (subclasses set their own attributes first). ``stop()`` closes the
    listening socket and every connection and joins every thread.
    """

    thread_name = "loopback"

    def __init__(self, port: int = 0) -> None:
        self.errors: list[BaseException] = []
        """Unexpected exceptions raised while serving (handler errors included)."""
        self._lock = threading.Lock()
        self._conns: dict[int, SocketConn] = {}
        self._accepted = 0
        self._stopped = False
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self._accepting = threading.Event()
        self.port = 0
        self._listen(port)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def connections_accepted(self) -> int:
        """How many TCP connections were accepted since the start (restarts included)."""
        with self._lock:
            return self._accepted

    @property
    def open_connections(self) -> int:
        """How many accepted connections are still open."""
        with self._lock:
            return len(self._conns)

    # --- lifecycle

    def _listen(self, port: int) -> None:
        lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            lsock.bind((HOST, port))
            lsock.listen(128)
            lsock.settimeout(POLL)
        except BaseException:
            lsock.close()
            raise
        self.port = lsock.getsockname()[1]
        self._listener = lsock
        self._accepting = threading.Event()
        self._accepting.set()
        self._acceptor = threading.Thread(
            target=self._accept_loop, args=(lsock, self._accepting), name=f"{self.thread_name}-accept", daemon=True
        )
        self._acceptor.start()

    def _stop_listening(self) -> None:
        if self._acceptor is None:
            return
        self._accepting.clear()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept() at once on Linux
        self._acceptor.join(JOIN_TIMEOUT)
        self._acceptor = None
        self._listener = None

    def _accept_loop(self, lsock: socket.socket, accepting: threading.Event) -> None:
        try:
            while accepting.is_set():
                try:
                    sock, _ = lsock.accept()
                except TimeoutError:
                    continue
                except OSError:
                    if not accepting.is_set():
                        break
                    time.sleep(POLL)  # e.g. EMFILE: try again later
                    continue
                if not accepting.is_set():
                    sock.close()
                    break
                try:
                    conn = SocketConn(sock, 0)
                except OSError:  # the peer is already gone
                    sock.close()
                    continue
                conn.thread = threading.Thread(target=self._run_conn, args=(conn,), daemon=True)
                with self._lock:
                    conn.index = self._accepted
                    self._accepted += 1
                    self._conns[conn.index] = conn
                conn.thread.name = f"{self.thread_name}-conn-{conn.index}"
                conn.thread.start()
        finally:
            lsock.close()

    def _run_conn(self, conn: SocketConn) -> None:
        try:
            self._serve(conn)
        except Closed:
            pass
        except Exception as e:
            with self._lock:
                self.errors.append(e)
        finally:
            conn.close()
            with self._lock:
                self._conns.pop(conn.index, None)

    def _serve(self, conn: SocketConn) -> None:
        raise NotImplementedError

    def _kill_all(self, rst: bool = False) -> None:
        with self._lock:
            conns = list(self._conns.values())
        for conn in conns:
            conn.kill_(rst)
        self._join(conns)

    @staticmethod
    def _join(conns: Sequence[SocketConn]) -> None:
        for conn in conns:
            if conn.thread is not None and conn.thread is not threading.current_thread():
                conn.thread.join(JOIN_TIMEOUT)

    def stop(self) -> None:
        """Close the listening socket and every connection; join all threads. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._stop_listening()
        self._kill_all()

    close = stop

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ---------------------------------------------------------------------------------------------------------------------
# Requests and actions


@dataclass
class Request:
    """One request as the server received it."""

    method: str
    target: str
    """The request-target exactly as sent (origin-form ``/path?q``, or absolute-form through a proxy)."""
    version: str
    raw_headers: list[tuple[bytes, bytes]]
    """Header fields as (name, value) bytes in arrival order, names as sent (value without surrounding blanks)."""
    headers: dict[str, str]
    """Lowercase name -> value; repeated fields joined with ', '."""
    client_port: int
    connection_index: int
    """Index of the TCP connection (0 for the first one the server accepted; counts across restarts)."""
    index_on_connection: int
    """0 for the first request on its connection, 1 for the next one..."""
    index: int = -1
    """Position in ``server.requests``."""
    body: bytes = b""
    """The body (decoded if it was chunked); for ``EarlyReply`` only the ``after_bytes`` that were read."""
    body_complete: bool = False
    chunked: bool = False
    trailers: list[tuple[bytes, bytes]] = field(default_factory=list)
    continue_sent: bool = False
    """Whether the server sent ``100 Continue`` (the request had ``Expect: 100-continue``)."""
    _reader: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def reused_connection(self) -> bool:
        """Whether an earlier request arrived on the same connection (keep-alive reuse)."""
        return self.index_on_connection > 0

    @property
    def path(self) -> str:
        """The target's path (without query), also for absolute-form targets."""
        if self.target.startswith("/"):
            return self.target.split("?", 1)[0]
        return urlsplit(self.target).path or "/"

    @property
    def query(self) -> str:
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def read_body(self) -> bytes:
        """Read the whole body now (for handlers that decide on it); idempotent."""
        if self._reader is not None and not self.body_complete:
            self._reader()
        return self.body


@dataclass(frozen=True)
class Reply:
    """A normal response with Content-Length (added unless ``headers`` has one; a lying one is sent as is).

    ``close``: send ``Connection: close`` and close. ``drop_after``: close right after the response WITHOUT
    announcing it (a client that reuses the connection before the FIN arrives gets a reset; for a deterministic
    stale-connection test, answer the next request on the connection with ``CutOff()`` or ``Reset()`` instead).
    No body is sent to HEAD requests or with 1xx/204/304 (Content-Length still announces ``len(body)`` for HEAD).
    """

    status: int = 200
    headers: HeadersArg = ()
    body: bytes | str = b""
    reason: str | None = None
    close: bool = False
    drop_after: bool = False


@dataclass(frozen=True)
class Trickle:
    """Content-Length response whose body (with ``head_too``: the whole response) goes out ``step`` byte(s) at a
    time, each preceded by a pause of ``interval`` seconds. Stops as soon as the server stops."""

    status: int = 200
    headers: HeadersArg = ()
    body: bytes | str = b""
    interval: float = 1.0
    head_too: bool = False
    step: int = 1


@dataclass(frozen=True)
class Chunked:
    """A ``Transfer-Encoding: chunked`` response, one chunk per element (empty ones skipped), ``interval`` seconds
    before each chunk. ``terminate=False`` closes the connection instead of sending the last (0) chunk."""

    status: int = 200
    headers: HeadersArg = ()
    chunks: Sequence[bytes] = ()
    interval: float = 0.0
    terminate: bool = True


@dataclass(frozen=True)
class Stall:
    """Read the request, never answer (until the server stops or the client goes away)."""


@dataclass(frozen=True)
class CutOff:
    """Send ``partial`` (e.g. half a response, or nothing), then close the connection (FIN)."""

    partial: bytes = b""


@dataclass(frozen=True)
class Reset:
    """Close the connection with SO_LINGER 0 (TCP RST) without answering."""


@dataclass(frozen=True)
class EarlyReply:
    """For uploads: answer once the request head (and ``after_bytes`` of body) arrived, without reading the rest of
    the body, then close the connection (with unread data, the kernel sends RST). ``Connection: close`` is sent.

    ``drain=True`` is the gentler server (nginx's lingering close): after answering, read and discard the rest of
    the body, then close, so that a client that writes the whole body before reading still gets the answer.
    """

    status: int = 403
    headers: HeadersArg = ()
    body: bytes | str = b""
    after_bytes: int = 0
    drain: bool = False


@dataclass(frozen=True)
class Raw:
    """Send ``data`` as is; close afterwards unless ``close=False`` (then read the next request)."""

    data: bytes
    close: bool = True


Action = Reply | Trickle | Chunked | Stall | CutOff | Reset | EarlyReply | Raw
Handler = Callable[[Request], Action]


# ---------------------------------------------------------------------------------------------------------------------
# The server


class MisbehavingServer(LoopbackListener):
    """HTTP/1.1 server on 127.0.0.1 whose ``handler(request) -> Action`` decides every answer.

    ``handler`` may be replaced at any time (attribute). ``send_continue=False`` ignores ``Expect: 100-continue``.
    A handler that raises gets a 500 answer (and the exception lands in ``errors``).
    """

    thread_name = "misbehaving"

    def __init__(self, handler: Handler | None = None, *, send_continue: bool = True) -> None:
        self.handler: Handler = handler if handler is not None else (lambda _req: Reply())
        self.send_continue = send_continue
        self.requests: list[Request] = []
        super().__init__()

    def restart(self, down_for: float = 0.0, rst: bool = False) -> None:
        """Like a killed and restarted server process: close the listening socket and every open connection
        (FIN, or RST with ``rst=True``), stay down ``down_for`` seconds (connections are refused), then listen again
        on the same port. Clients' pooled keep-alive connections are stale afterwards."""
        if self._stopped:
            raise RuntimeError("server is stopped")
        self._stop_listening()
        self._kill_all(rst)
        if down_for > 0:
            time.sleep(down_for)
        self._listen(self.port)

    def close_idle_connections(self) -> int:
        """Close the connections waiting for a next request (a keep-alive timeout); returns how many."""
        with self._lock:
            conns = list(self._conns.values())
        victims = [c for c in conns if c.kill_if_idle()]
        self._join(victims)
        return len(victims)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[Request]:
        """Wait until at least ``count`` requests arrived (TimeoutError otherwise); returns ``requests``."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.requests)} requests arrived, expected {count}")
            time.sleep(0.005)
        return self.requests

    # --- serving

    def _serve(self, conn: SocketConn) -> None:
        on_conn = 0
        while True:
            try:
                method, target, version, fields = parse_head(conn.read_head())
                headers = headers_dict(fields)
                chunked = is_chunked(headers)
                length = 0 if chunked else content_length(headers)
            except Malformed as e:
                conn.send(_plain(400, f"malformed request: {e}\n"))
                return
            req = Request(
                method=method,
                target=target,
                version=version,
                raw_headers=fields,
                headers=headers,
                client_port=conn.client_port,
                connection_index=conn.index,
                index_on_connection=on_conn,
                chunked=chunked,
                body_complete=not chunked and length == 0,
            )
            on_conn += 1
            req._reader = functools.partial(self._read_body, conn, req, length)
            with self._lock:
                req.index = len(self.requests)
                self.requests.append(req)
            try:
                action = self.handler(req)
                if not isinstance(action, EarlyReply):
                    req.read_body()
            except Closed:
                raise
            except Malformed as e:
                conn.send(_plain(400, f"malformed request body: {e}\n"))
                return
            except Exception as e:
                with self._lock:
                    self.errors.append(e)
                action = Reply(500, {"Content-Type": "text/plain"}, f"handler raised {e!r}\n", close=True)
            if not self._perform(conn, req, action, length):
                return

    def _read_body(self, conn: SocketConn, req: Request, length: int) -> bytes:
        if self.send_continue and "100-continue" in req.headers.get("expect", "").lower() and not req.continue_sent:
            req.continue_sent = True
            conn.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        if req.chunked:
            req.body, req.trailers = conn.read_chunked()
        else:
            req.body = conn.read_exact(length)
        req.body_complete = True
        return req.body

    def _perform(self, conn: SocketConn, req: Request, action: Action, length: int) -> bool:
        """Carry out ``action``; returns whether to read a next request on this connection."""
        keep = not client_wants_close(req.version, req.headers)
        if isinstance(action, Reply):
            body = _to_bytes(action.body)
            items = header_items(action.headers)
            bodiless = action.status < 200 or action.status in (204, 304)
            if not bodiless and not has_header(items, "content-length"):
                items.append(("Content-Length", str(len(body))))
            if (action.close or not keep) and not has_header(items, "connection"):
                items.append(("Connection", "close"))
            send_body = not bodiless and req.method != "HEAD"
            keep = keep and not action.close and not action.drop_after
            out = build_head(action.status, items, action.reason) + (body if send_body else b"")
            (conn.send_last if keep else conn.send)(out)
            return keep
        if isinstance(action, Trickle):
            body = _to_bytes(action.body)
            items = header_items(action.headers)
            if not has_header(items, "content-length"):
                items.append(("Content-Length", str(len(body))))
            head = build_head(action.status, items)
            if action.head_too:
                slow = head + body
            else:
                conn.send(head)
                slow = body
            step = max(1, action.step)
            for i in range(0, len(slow), step):
                if conn.kill.wait(action.interval):
                    raise Closed("killed")
                last = keep and i + step >= len(slow)
                (conn.send_last if last else conn.send)(slow[i : i + step])
            return keep
        if isinstance(action, Chunked):
            items = header_items(action.headers)
            if not has_header(items, "transfer-encoding"):
                items.append(("Transfer-Encoding", "chunked"))
            conn.send(build_head(action.status, items))
            for chunk in action.chunks:
                if action.interval > 0 and conn.kill.wait(action.interval):
                    raise Closed("killed")
                if chunk:
                    conn.send(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            if not action.terminate:
                return False
            (conn.send_last if keep else conn.send)(b"0\r\n\r\n")
            return keep
        if isinstance(action, Stall):
            while True:  # until killed or the client goes away (both raise Closed)
                conn.recv_more()
                conn.buf.clear()
        if isinstance(action, CutOff):
            conn.send(action.partial)
            return False
        if isinstance(action, Reset):
            conn.close(rst=True)
            return False
        if isinstance(action, Raw):
            (conn.send if action.close else conn.send_last)(action.data)
            return not action.close
        if isinstance(action, EarlyReply):
            self._early_reply(conn, req, action, length)
            return False
        assert_never(action)

    def _early_reply(self, conn: SocketConn, req: Request, action: EarlyReply, length: int) -> None:
        want = action.after_bytes if req.chunked else min(action.after_bytes, length)
        with contextlib.suppress(Closed):
            while len(conn.buf) < want:
                conn.recv_more()
        req.body = bytes(conn.buf[:want])
        req.body_complete = not req.chunked and len(req.body) == length
        body = _to_bytes(action.body)
        items = header_items(action.headers)
        if not has_header(items, "content-length"):
            items.append(("Content-Length", str(len(body))))
        if not has_header(items, "connection"):
            items.append(("Connection", "close"))
        conn.send(build_head(action.status, items) + (b"" if req.method == "HEAD" else body))
        if action.drain:
            with contextlib.suppress(Closed, Malformed):
                if req.chunked:
                    conn.read_chunked()
                else:
                    left = length - want - (len(conn.buf) - want)
                    conn.buf.clear()
                    while left > 0:
                        conn.recv_more()
                        left -= len(conn.buf)
                        conn.buf.clear()
        conn.close()  # with unread body data in the kernel buffer, the peer gets a RST


def _plain(status: int, text: str) -> bytes:
    body = text.encode()
    items = [("Content-Type", "text/plain"), ("Content-Length", str(len(body))), ("Connection", "close")]
    return build_head(status, items) + body


# ---------------------------------------------------------------------------------------------------------------------
# Ready-made handlers


def in_order(*actions: Action) -> Handler:
    """Answer the n-th request with the n-th action; the last one repeats."""
    if not actions:
        raise ValueError("in_order() needs at least one action")
    lock = threading.Lock()
    count = [0]

    def handler(_req: Request) -> Action:
        with lock:
            n = count[0]
            count[0] += 1
        return actions[min(n, len(actions) - 1)]

    return handler


NGINX = "nginx/1.24.0"


def nginx_error_page(status: int, title: str) -> bytes:
    """nginx's built-in error page, byte for byte."""
    return (
        f"<html>\r\n<head><title>{status} {title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {title}</h1></center>\r\n<hr><center>{NGINX}</center>\r\n</body>\r\n</html>\r\n"
    ).encode()


def _nginx_headers(content_type: str = "text/html") -> list[tuple[str, str]]:
    return [
        ("Server", NGINX),
        ("Date", email.utils.formatdate(usegmt=True)),
        ("Content-Type", content_type),
    ]


NGINX_502_BODY = nginx_error_page(502, "Bad Gateway")
NGINX_404_BODY = nginx_error_page(404, "Not Found")
NGINX_405_BODY = nginx_error_page(405, "Not Allowed")

STATIC_INDEX_BODY = b"""<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

HTML_200_BODY = b"<!doctype html><html><body>Welcome</body></html>"


def _nginx_reply(status: int, body: bytes, reason: str | None = None) -> Reply:
    headers = [*_nginx_headers(), ("Content-Length", str(len(body))), ("Connection", "keep-alive")]
    return Reply(status, headers, body, reason=reason)


def nginx_502() -> Handler:
    """nginx's default 502 Bad Gateway page (text/html, ``Server: nginx/1.24.0``) for every request."""
    return lambda _req: _nginx_reply(502, NGINX_502_BODY)


def static_site() -> Handler:
    """A static web server (nginx): GET/HEAD of a path ending in ``/`` or ``/index.html`` gets an HTML index page,
    other GET/HEAD paths nginx's 404 page, every other method nginx's 405 page. No ``x-reduct-api`` header."""

    def handler(req: Request) -> Action:
        if req.method not in ("GET", "HEAD"):
            return _nginx_reply(405, NGINX_405_BODY, reason="Not Allowed")
        if req.path.endswith("/") or req.path.endswith("/index.html"):
            headers = [
                *_nginx_headers(),
                ("Content-Length", str(len(STATIC_INDEX_BODY))),
                ("Last-Modified", "Tue, 11 Apr 2023 01:45:34 GMT"),
                ("Connection", "keep-alive"),
                ("ETag", '"6434bbbe-267"'),
                ("Accept-Ranges", "bytes"),
            ]
            return Reply(200, headers, STATIC_INDEX_BODY)
        return _nginx_reply(404, NGINX_404_BODY)

    return handler


def html_200() -> Handler:
    """``200 text/html`` ``<!doctype html><html><body>Welcome</body></html>`` to every request (HEAD: no body)."""
    return lambda _req: Reply(200, {"Content-Type": "text/html"}, HTML_200_BODY)


def make_long_html(size: int) -> bytes:
    """An HTML page of ``size`` bytes (at least ~1.5 KB) with nested tags, style and script blocks."""
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Dashboard</title>\n'
        "<style>\nbody { font-family: sans-serif; margin: 0; }\n.card > .title { font-weight: bold; }\n"
        "@media (max-width: 600px) { .grid { display: block; } }\n</style>\n"
        '<script>\nwindow.__STATE__ = {"user": null, "error": {"code": 401, "message": "login"}};\n'
        'function boot() { if (1 < 2 && document) { document.body.dataset.ready = "yes"; } }\n</script>\n'
        '</head>\n<body onload="boot()">\n<div id="app" class="grid">\n'
    )
    tail = (
        '</div>\n<script type="text/javascript">\n  var items = [1, 2, 3].map(function (x) { return x * 2; });\n'
        "  console.log('<b>not a tag</b>', items);\n</script>\n</body>\n</html>\n"
    )
    card = (
        '<section class="card" data-i="{i}">\n  <div class="title"><h2>Item {i}</h2></div>\n'
        '  <ul>\n    <li><a href="/items/{i}?ref=list&amp;x=1">open</a></li>\n'
        "    <li><span><em>nested</em> <strong>text</strong> &lt;escaped&gt;</span></li>\n  </ul>\n</section>\n"
    )
    parts = [head]
    total = len(head) + len(tail)
    i = 0
    while True:
        block = card.format(i=i)
        if total + len(block) > size - 9:  # room for the padding comment
            break
        parts.append(block)
        total += len(block)
        i += 1
    pad = size - total
    if pad >= 9:
        parts.append("<!--" + " " * (pad - 8) + "-->\n")
    parts.append(tail)
    return "".join(parts).encode()


def long_html(status: int = 200, size: int = 100_000) -> Handler:
    """An HTML page of about ``size`` bytes (nested tags, script/style blocks) with ``status``, to every request."""
    body = make_long_html(size)
    return lambda _req: Reply(status, {"Content-Type": "text/html; charset=utf-8"}, body)


def text_plain(status: int = 200, text: str = "OK") -> Handler:
    """``text/plain; charset=utf-8`` ``text`` with ``status`` to every request."""
    body = text.encode()
    return lambda _req: Reply(status, {"Content-Type": "text/plain; charset=utf-8"}, body)
