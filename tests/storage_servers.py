"""Real servers on loopback for the storage tests: s3rver, a tap in front of it, and a storage API stand-in.

- :class:`S3rver` runs ``node_modules/.bin/s3rver`` (an S3-compatible server that checks the
  expiry of presigned URLs, and the signature and signed Content-Type of SigV2 ones).
- :class:`Tap` is a TCP relay in front of s3rver that scans every byte a client sends towards
  the object store for forbidden needles (the API key, the ``X-API-Key`` header name), without
  keeping the bytes: it proves what never reached S3 even for a 50 MB upload.
- :class:`StandIn` is a tiny opengater-storage: ``POST /uploads`` presigns a PUT with boto3
  (URLs point at the tap), ``POST /uploads/file`` stores the multipart file, ``DELETE /objects``
  deletes. It checks ``X-API-Key`` and records what it saw.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

ROOT = Path(__file__).resolve().parent.parent
S3RVER_BIN = ROOT / "node_modules" / ".bin" / "s3rver"
S3_CREDENTIALS = {"aws_access_key_id": "S3RVER", "aws_secret_access_key": "S3RVER", "region_name": "us-east-1"}
BUCKET = "bucket-one"
REQUEST_LINE = re.compile(rb"(?:^|\r\n)((?:PUT|GET|POST|DELETE|HEAD) /[^\r\n]{0,100})")


class S3rver:
    """An s3rver process on 127.0.0.1 with one bucket; its output goes to ``log_path``."""

    def __init__(self, directory: Path, log_path: Path) -> None:
        self.log_path = log_path
        data = directory / "data"
        data.mkdir()
        self._log = log_path.open("wb")
        self._proc = subprocess.Popen(
            [str(S3RVER_BIN), "-d", str(data), "-a", "127.0.0.1", "-p", "0", "--configure-bucket", BUCKET],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        self.port = self._wait_for_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"

    def _wait_for_port(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log_path.read_text(errors="replace"))
            if match:
                return int(match.group(1))
            if self._proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"s3rver did not start; log:\n{self.log_path.read_text(errors='replace')}")

    def client(self, endpoint: str | None = None, *, signature: str = "s3v4") -> Any:
        config = Config(signature_version=signature, s3={"addressing_style": "path"})
        return boto3.client("s3", endpoint_url=endpoint or self.endpoint, config=config, **S3_CREDENTIALS)

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
        self._log.close()


class Tap:
    """A TCP relay to ``upstream`` that counts client bytes and looks for needles in them."""

    def __init__(self, upstream_port: int, needles: list[bytes]) -> None:
        self._upstream_port = upstream_port
        self._needles = [n.lower() for n in needles]
        self._keep = max(len(n) for n in self._needles) - 1
        self.bytes_from_clients = 0
        self.hits: list[bytes] = []
        self.request_lines: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self._upstream_port))
            with self._lock:
                self._sockets += [client, upstream]
            for target, args in ((self._outbound, (client, upstream)), (self._inbound, (upstream, client))):
                thread = threading.Thread(target=target, args=args, daemon=True)
                thread.start()
                self._threads.append(thread)

    def _outbound(self, src: socket.socket, dst: socket.socket) -> None:
        tail = b""
        try:
            while chunk := src.recv(256 * 1024):
                window = tail + chunk
                lowered = window.lower()
                with self._lock:
                    self.bytes_from_clients += len(chunk)
                    self.hits += [n for n in self._needles if n in lowered]
                    self.request_lines += [m.decode(errors="replace") for m in REQUEST_LINE.findall(window)]
                tail = window[-self._keep :] if self._keep else b""
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            _shut(dst)

    def _inbound(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(256 * 1024):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            _shut(dst)

    def stop(self) -> None:
        self._stop.set()
        self._accepting.join(timeout=5)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                _shut(sock)
                sock.close()
        for thread in self._threads:
            thread.join(timeout=5)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


@dataclass
class StandInConfig:
    signature: str = "s3v4"
    """``s3v4`` (s3rver checks only expiry) or ``s3`` (SigV2: signature and Content-Type checked)."""
    expires_in: int = 900
    sleep_after_presign: float = 0.0
    """Seconds to wait before answering, so a short-lived URL is expired when the client uses it."""
    sign_content_type: str | None = None
    """Sign the URL for this Content-Type instead of the one asked for (a mismatching PUT)."""


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict)


class StandIn:
    """The storage API on loopback, backed by s3rver; URLs handed out point at ``s3_endpoint``."""

    def __init__(self, s3: S3rver, s3_endpoint: str, api_key: str) -> None:
        self.api_key = api_key
        self.s3_endpoint = s3_endpoint
        self.config = StandInConfig()
        self.seen: list[Seen] = []
        self._s3 = s3
        self._signers = {sig: s3.client(s3_endpoint, signature=sig) for sig in ("s3v4", "s3")}
        self._direct = s3.client()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                stand_in._handle(self)

            def do_DELETE(self) -> None:
                stand_in._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def public_url(self, key: str) -> str:
        return f"{self.s3_endpoint}/{BUCKET}/{key}"

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length)
        seen = Seen(h.command, h.path, dict(h.headers.items()), body)
        self.seen.append(seen)
        if h.headers.get("X-API-Key") != self.api_key:
            return self._reply(h, 401, {"detail": "invalid api key"})
        try:
            if h.command == "POST" and h.path == "/uploads":
                return self._reply(h, 200, self._create_upload(json.loads(body)))
            if h.command == "POST" and h.path == "/uploads/file":
                return self._reply(h, 201, self._upload_file(h.headers.get("Content-Type", ""), body, seen))
            if h.command == "DELETE" and h.path == "/objects":
                request = json.loads(body)
                key = request.get("key") or request["public_url"].removeprefix(self.public_url(""))
                self._direct.delete_object(Bucket=BUCKET, Key=key)
                return self._reply(h, 204, None)
        except Exception as exc:  # a bug in the stand-in must show up as a 500, not a hang
            return self._reply(h, 500, {"detail": f"stand-in failed: {exc!r}"})
        return self._reply(h, 404, {"detail": "no such endpoint"})

    def _create_upload(self, request: dict[str, Any]) -> dict[str, str]:
        prefix = request["prefix"].strip("/")
        key = f"{prefix}/{uuid.uuid4().hex}" if prefix else uuid.uuid4().hex
        content_type = self.config.sign_content_type or request["content_type"]
        url = self._signers[self.config.signature].generate_presigned_url(
            "put_object",
            Params={"Bucket": BUCKET, "Key": key, "ContentType": content_type},
            ExpiresIn=self.config.expires_in,
        )
        if self.config.sleep_after_presign:
            time.sleep(self.config.sleep_after_presign)
        return {"upload_url": url, "key": key, "public_url": self.public_url(key)}

    def _upload_file(self, content_type: str, body: bytes, seen: Seen) -> dict[str, str]:
        parts = parse_multipart(content_type, body)
        prefix = parts["prefix"][1].decode().strip("/")
        headers, data = parts["file"]
        name = re.search(r'filename="([^"]*)"', headers["content-disposition"])
        assert name is not None
        key = f"{prefix}/{name.group(1)}" if prefix else name.group(1)
        seen.extra.update(filename=name.group(1), part_type=headers.get("content-type"), size=len(data))
        self._direct.put_object(Bucket=BUCKET, Key=key, Body=data, ContentType=headers.get("content-type", ""))
        return {"key": key, "public_url": self.public_url(key)}

    @staticmethod
    def _reply(h: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        h.send_response(status)
        if data:
            h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def read_object(self, key: str) -> bytes:
        data: bytes = self._direct.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        return data

    def keys_under(self, prefix: str) -> list[str]:
        found = self._direct.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
        return [obj["Key"] for obj in found]

    def object_exists(self, key: str) -> bool:
        return key in self.keys_under(key)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        for client in (*self._signers.values(), self._direct):
            client.close()


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[dict[str, str], bytes]]:
    """Split a multipart/form-data body exactly (binary-safe): field name -> (part headers, data)."""
    match = re.search(r"boundary=([^;\s]+)", content_type)
    assert match is not None, content_type
    delimiter = b"--" + match.group(1).strip('"').encode()
    chunks = body.split(b"\r\n" + delimiter)
    assert chunks[0].startswith(delimiter), "body must start with the boundary"
    chunks[0] = chunks[0][len(delimiter) :]
    assert chunks[-1].startswith(b"--"), "body must end with the closing boundary"
    parts = {}
    for chunk in chunks[:-1]:
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode().split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        field_name = re.search(r'name="([^"]*)"', headers["content-disposition"])
        assert field_name is not None
        parts[field_name.group(1)] = (headers, data)
    return parts
