"""Real servers on loopback for the storage tests: s3rver, a tap in front of it, and a storage API stand-in.

- :class:`S3rver` runs ``node_modules/.bin/s3rver`` (an S3-compatible server that checks the
  expiry of presigned URLs, and the signature and signed Content-Type of SigV2 ones).
- :class:`Tap` is a TCP relay in front of s3rver that scans every byte a client sends towards
  the object store for forbidden needles (the API key, the ``X-API-Key`` header name), without
  keeping the bytes: it proves what never reached S3 even for a 50 MB upload.
- :class:`StandIn` is ``storage_sdk.testing.FakeStorage``'s service (one copy of its rules) with s3rver
  as its object store: ``POST /uploads`` presigns a PUT with boto3 (URLs point at the tap),
  ``POST /uploads/file`` stores the multipart file, ``DELETE /objects`` deletes.
"""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from storage_sdk.testing import FakeStorage, Recorded

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


class StandIn(FakeStorage):
    """storage_sdk.testing.FakeStorage's service with s3rver as its object store: ``POST /uploads`` presigns a
    PUT with boto3 (URLs point at ``s3_endpoint``, the tap), ``POST /uploads/file`` and ``DELETE /objects`` go
    to s3rver. Any content type is accepted; ``seen`` is what the service received."""

    _upload_file_status = 201

    def __init__(self, s3: S3rver, s3_endpoint: str, api_key: str) -> None:
        self.s3_endpoint = s3_endpoint
        self.config = StandInConfig()
        self._s3 = s3
        self._signers = {sig: s3.client(s3_endpoint, signature=sig) for sig in ("s3v4", "s3")}
        self._direct = s3.client()
        super().__init__(api_key, allowed_content_types=None, max_upload_size=2**40, bucket=BUCKET)

    @property
    def seen(self) -> list[Recorded]:
        return self.requests

    def public_url(self, key: str) -> str:
        return f"{self.s3_endpoint}/{BUCKET}/{key}"

    def presign(self, key: str, content_type: str, expires_in: int | None = None) -> str:
        url: str = self._signers[self.config.signature].generate_presigned_url(
            "put_object",
            Params={"Bucket": BUCKET, "Key": key, "ContentType": self.config.sign_content_type or content_type},
            ExpiresIn=self.config.expires_in if expires_in is None else expires_in,
        )
        if self.config.sleep_after_presign:
            time.sleep(self.config.sleep_after_presign)
        return url

    def _store_object(self, key: str, data: bytes, content_type: str) -> None:
        self._direct.put_object(Bucket=BUCKET, Key=key, Body=data, ContentType=content_type)

    def _delete_object(self, key: str) -> None:
        self._direct.delete_object(Bucket=BUCKET, Key=key)

    def read_object(self, key: str) -> bytes:
        data: bytes = self._direct.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        return data

    def keys_under(self, prefix: str) -> list[str]:
        found = self._direct.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
        return [obj["Key"] for obj in found]

    def object_exists(self, key: str) -> bool:
        return key in self.keys_under(key)

    def stop(self) -> None:
        super().stop()
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
