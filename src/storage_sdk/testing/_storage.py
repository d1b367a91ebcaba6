"""FakeStorage: the opengater-storage API and an S3-like object store behind it, on loopback.

The service side follows storage-api.md (the published client's calls, §1; the statuses its tests use,
§1.3-§1.5 and §4): ``POST /uploads`` answers a presigned PUT URL, ``POST /uploads/file`` stores a multipart
file, ``DELETE /objects`` deletes by key or public URL, every call needs ``X-API-Key``, and errors are
FastAPI's (``{"detail": ...}``; 404 ``Not Found`` for an unknown route; 422 with the request-validation list).

The object store is a second loopback server that behaves like S3 for what a presigned upload touches
(s3-test-servers.md): the URLs are S3 SigV2 query-string signatures (HMAC-SHA1 over the method, the
Content-Type, the expiry and the resource), so a PUT with another signature, after the expiry or with another
Content-Type is refused with S3's 403 XML errors (``SignatureDoesNotMatch``, ``AccessDenied`` "Request has
expired"); a PUT without Content-Length gets 411 ``MissingContentLength``. Stored bytes are served at their
public URL (GET/HEAD, public read).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import mimetypes
import re
import secrets
import ssl
import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.utils import formatdate
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit
from xml.sax.saxutils import escape

from ._server import TLS, LoopbackServer, Recorded, Response

__all__ = ["FakeStorage", "StoredObject"]

DEFAULT_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
_ROUTES = {"/uploads": ("POST",), "/uploads/file": ("POST",), "/objects": ("DELETE",)}


@dataclass(frozen=True)
class StoredObject:
    """An object in the fake's object store.

    Attributes:
        data: The bytes stored.
        content_type: The Content-Type it was stored with (and is served with).
        etag: S3's ETag: the MD5 of the bytes, in double quotes.
        last_modified: When it was stored (UNIX seconds).
    """

    data: bytes
    content_type: str
    etag: str
    last_modified: float


class _Fail(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def _json(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Response:
    # FastAPI's JSONResponse: compact, UTF-8
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(status, body, [("content-type", "application/json"), *headers])


def _detail(status: int, detail: Any) -> _Fail:
    return _Fail(_json(status, {"detail": detail}))


def _missing(*loc: str | int) -> dict[str, Any]:
    return {"type": "missing", "loc": ["body", *loc], "msg": "Field required", "input": None}


def _s3_error(status: int, code: str, message: str, **extra: str) -> _Fail:
    request_id = secrets.token_hex(8).upper()
    fields = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in extra.items())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>{fields}"
        f"<RequestId>{request_id}</RequestId><HostId>{request_id}</HostId></Error>"
    )
    return _Fail(
        Response(status, body.encode(), [("content-type", "application/xml"), ("x-amz-request-id", request_id)])
    )


def _media_type(value: str) -> str:
    return value.split(";")[0].strip().lower()


def parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[dict[str, str], bytes]] | None:
    """Split a multipart/form-data body (binary-safe): field name -> (part headers, data); None if it is not one."""
    match = re.search(r'boundary="?([^";\s]+)"?', content_type)
    if _media_type(content_type) != "multipart/form-data" or match is None:
        return None
    delimiter = b"--" + match.group(1).encode()
    chunks = body.split(b"\r\n" + delimiter)
    if not chunks[0].startswith(delimiter) or len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        return None
    chunks[0] = chunks[0][len(delimiter) :]
    parts: dict[str, tuple[dict[str, str], bytes]] = {}
    for chunk in chunks[:-1]:
        head, _, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        field_name = re.search(r'\bname="([^"]*)"', headers.get("content-disposition", ""))
        if field_name is not None:
            parts.setdefault(field_name.group(1), (headers, data))
    return parts


class FakeStorage:
    """A stateful opengater-storage service and its object store on loopback.

    Args:
        api_key: The key every call must send as ``X-API-Key``; a random one when None (see :attr:`api_key`).
        host: The address both servers listen on.
        port: The service's port; 0 picks a free one.
        store_port: The object store's port; 0 picks a free one.
        https: Serve both over HTTPS with a certificate from a throwaway CA (needs ``trustme``).
        bucket: The object store's bucket (path-style: ``{store_url}/{bucket}/{key}``).
        max_upload_size: The largest file ``POST /uploads/file`` and a presigned PUT accept, in bytes.
        allowed_content_types: Media types the service accepts (``type/*`` patterns allowed); None accepts any.
            Images only by default, as the published client's tests suggest (storage-api.md §4).
        expires_in: Seconds a presigned URL stays valid.

    Example::

        with FakeStorage(api_key="k") as fake:
            with StorageClient(fake.url, api_key="k") as storage:
                result = storage.upload(b"png bytes", "image/png", prefix="news")
            assert fake.objects[result.key].data == b"png bytes"
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        store_port: int = 0,
        https: bool = False,
        bucket: str = "fake-bucket",
        max_upload_size: int = DEFAULT_MAX_UPLOAD_SIZE,
        allowed_content_types: Iterable[str] | None = ("image/*",),
        expires_in: int = 900,
    ) -> None:
        self.api_key: str = api_key if api_key is not None else f"fake-key-{secrets.token_hex(8)}"
        self.bucket = bucket
        self.max_upload_size = max_upload_size
        self.allowed_content_types = None if allowed_content_types is None else tuple(allowed_content_types)
        self.expires_in = expires_in
        self.access_key_id = "FAKEACCESSKEY" + secrets.token_hex(4).upper()
        self._secret = secrets.token_bytes(32)
        self.requests: list[Recorded] = []
        """Every request the service received."""
        self.store_requests: list[Recorded] = []
        """Every request the object store received (presigned PUTs, public GETs)."""
        self._objects: dict[str, StoredObject] = {}
        self._faults: list[tuple[int, Any, str | None]] = []
        self._lock = threading.RLock()
        self._tls = TLS() if https else None
        self._servers: list[LoopbackServer] = []
        try:
            self._store = LoopbackServer(self._serve_store, host=host, port=store_port, tls=self._tls)
            self._servers.append(self._store)
            self._api = LoopbackServer(self._serve_api, host=host, port=port, tls=self._tls, server_header="uvicorn")
            self._servers.append(self._api)
        except BaseException:
            self.stop()
            raise
        self.url: str = self._api.url
        """The service's base URL (give it to the client)."""
        self.port: int = self._api.port
        self.store_url: str = self._store.url
        """The object store's base URL (presigned and public URLs point there)."""
        self.store_port: int = self._store.port

    # -- lifecycle ---------------------------------------------------------------------------------

    @property
    def ca_file(self) -> str | None:
        """The PEM file of the CA that signed the HTTPS certificate (None over plain HTTP)."""
        return None if self._tls is None else self._tls.ca_file

    def ssl_context(self) -> ssl.SSLContext:
        """A client ``SSLContext`` that trusts both servers' certificate (HTTPS only)."""
        if self._tls is None:
            raise RuntimeError("this FakeStorage serves plain HTTP; create it with https=True")
        return self._tls.client_context()

    def __enter__(self) -> FakeStorage:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop both servers and release their ports (idempotent)."""
        for server in self._servers:
            server.stop()
        if self._tls is not None:
            self._tls.close()

    # -- inspection and seeding --------------------------------------------------------------------

    @property
    def objects(self) -> dict[str, StoredObject]:
        """A snapshot of the stored objects, by key."""
        with self._lock:
            return dict(self._objects)

    def public_url(self, key: str) -> str:
        """Where an object is served once stored (``{store_url}/{bucket}/{key}``)."""
        return f"{self.store_url}/{self.bucket}/{quote(key, safe='/~')}"

    def put_object(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Store an object directly (as if it had been uploaded)."""
        self._store_object(key, bytes(data), content_type)

    def presign(self, key: str, content_type: str, expires_in: int | None = None) -> str:
        """A presigned PUT URL for ``key`` and ``content_type``, valid ``expires_in`` seconds (default: the fake's)."""
        expires = int(time.time()) + (self.expires_in if expires_in is None else expires_in)
        resource = f"/{self.bucket}/{quote(key, safe='/~')}"
        signature = self._sign(f"PUT\n\n{content_type}\n{expires}\n{resource}")
        query = f"AWSAccessKeyId={self.access_key_id}&Expires={expires}&Signature={quote(signature, safe='')}"
        return f"{self.store_url}{resource}?{query}"

    def fail_next(self, status: int, detail: Any = "fault injected by FakeStorage", *, path: str | None = None) -> None:
        """Answer the next service call (to ``path``, or any) with ``status`` and ``{"detail": detail}``.

        For what the fake cannot reach by itself: 403, 5xx, a proxy's 413 on ``/uploads``.
        """
        with self._lock:
            self._faults.append((status, detail, path))

    # -- overridable storage backend ---------------------------------------------------------------

    def _store_object(self, key: str, data: bytes, content_type: str) -> None:
        etag = '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'
        with self._lock:
            self._objects[key] = StoredObject(data, content_type, etag, time.time())

    def _delete_object(self, key: str) -> None:
        with self._lock:
            self._objects.pop(key, None)

    def _sign(self, string_to_sign: str) -> str:
        digest = hmac.new(self._secret, string_to_sign.encode("utf-8"), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    # -- the service -------------------------------------------------------------------------------

    def _serve_api(self, request: Recorded, peer_ip: str) -> Response:
        with self._lock:
            self.requests.append(request)
        try:
            return self._api_route(request)
        except _Fail as fail:
            return fail.response

    def _api_route(self, req: Recorded) -> Response:
        path = urlsplit(req.path).path
        methods = _ROUTES.get(path)
        # Starlette routes first: 404 for an unknown path, 405 for a known one with another method
        if methods is None:
            raise _detail(404, "Not Found")
        if req.method not in methods:
            raise _Fail(_json(405, {"detail": "Method Not Allowed"}, [("allow", ", ".join(methods))]))
        with self._lock:
            fault = next((f for f in self._faults if f[2] in (None, path)), None)
            if fault is not None:
                self._faults.remove(fault)
        if fault is not None:
            raise _detail(fault[0], fault[1])
        if path == "/uploads/file":
            return self._upload_file(req)
        # FastAPI reads and decodes a JSON body before it runs the dependencies: a syntax error is a 422 first
        document = self._json_body(req)
        self._check_key(req)
        if path == "/uploads":
            return self._create_upload(document)
        return self._delete(document)

    def _check_key(self, req: Recorded) -> None:
        given = req.header("X-API-Key")
        if given is None or not hmac.compare_digest(given.encode(), self.api_key.encode()):
            raise _detail(401, "invalid api key")

    @staticmethod
    def _json_body(req: Recorded) -> Any:
        if not req.body:
            raise _Fail(_json(422, {"detail": [_missing()]}))
        try:
            return json.loads(req.body)
        except (ValueError, UnicodeDecodeError) as err:
            position = getattr(err, "pos", 0)
            error = {
                "type": "json_invalid",
                "loc": ["body", position],
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": getattr(err, "msg", str(err))},
            }
            raise _Fail(_json(422, {"detail": [error]})) from None

    @staticmethod
    def _model(document: Any, fields: Mapping[str, bool]) -> dict[str, str | None]:
        """pydantic's validation of a model of ``str`` fields (name -> required): FastAPI's 422 list."""
        if not isinstance(document, dict):
            error = {
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": document,
            }
            raise _Fail(_json(422, {"detail": [error]}))
        errors: list[dict[str, Any]] = []
        out: dict[str, str | None] = {}
        for name, required in fields.items():
            if name not in document:
                if required:
                    errors.append(_missing(name))
                out[name] = None
                continue
            value = document[name]
            if value is None and not required:
                out[name] = None
            elif not isinstance(value, str):
                errors.append(
                    {
                        "type": "string_type",
                        "loc": ["body", name],
                        "msg": "Input should be a valid string",
                        "input": value,
                    }
                )
            else:
                out[name] = value
        if errors:
            raise _Fail(_json(422, {"detail": errors}))
        return out

    def _allowed(self, content_type: str) -> bool:
        media = _media_type(content_type)
        if not re.fullmatch(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+", media):
            return False
        if self.allowed_content_types is None:
            return True
        for pattern in self.allowed_content_types:
            pattern = pattern.lower()
            if media == pattern or (pattern.endswith("/*") and media.startswith(pattern[:-1])):
                return True
        return False

    @staticmethod
    def _prefix(prefix: str) -> str:
        cleaned = prefix.strip("/")
        if any(seg in ("", ".", "..") for seg in cleaned.split("/")) and cleaned:
            raise _detail(400, "invalid prefix")
        return cleaned

    def _new_key(self, prefix: str, name: str) -> str:
        return f"{prefix}/{name}" if prefix else name

    def _create_upload(self, document: Any) -> Response:
        request = self._model(document, {"content_type": True, "prefix": False})
        content_type = request["content_type"] or ""
        if not self._allowed(content_type):
            raise _detail(400, "content_type not allowed")
        prefix = self._prefix(request["prefix"] or "")
        extension = mimetypes.guess_extension(_media_type(content_type)) or ""
        key = self._new_key(prefix, uuid.uuid4().hex + extension)
        url = self.presign(key, content_type)
        return _json(200, {"upload_url": url, "key": key, "public_url": self.public_url(key)})

    def _upload_file(self, req: Recorded) -> Response:
        parts = parse_multipart(req.header("Content-Type") or "", req.body)
        self._check_key(req)
        if parts is None:
            parts = {}
        errors = []
        file_part = parts.get("file")
        if file_part is None:
            errors.append(_missing("file"))
        elif 'filename="' not in file_part[0].get("content-disposition", ""):
            errors.append(
                {
                    "type": "value_error",
                    "loc": ["body", "file"],
                    "msg": "Value error, Expected UploadFile, received: <class 'str'>",
                    "input": file_part[1].decode("utf-8", "replace"),
                    "ctx": {"error": {}},
                }
            )
        if errors:
            raise _Fail(_json(422, {"detail": errors}))
        assert file_part is not None
        headers, data = file_part
        match = re.search(r'filename="([^"]*)"', headers["content-disposition"])
        filename = (match.group(1) if match else "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        part_type = headers.get("content-type", "application/octet-stream")
        req.extra.update(filename=filename, part_type=headers.get("content-type"), size=len(data))
        if len(data) > self.max_upload_size:
            raise _detail(413, f"file too large: {len(data)} bytes, the limit is {self.max_upload_size}")
        if not self._allowed(part_type):
            raise _detail(400, "content_type not allowed")
        if not filename or filename in (".", ".."):
            raise _detail(400, "invalid filename")
        prefix = self._prefix(parts["prefix"][1].decode("utf-8", "replace") if "prefix" in parts else "")
        key = self._new_key(prefix, filename)
        self._store_object(key, data, part_type)
        return _json(self._upload_file_status, {"key": key, "public_url": self.public_url(key)})

    _upload_file_status = 200

    def _delete(self, document: Any) -> Response:
        request = self._model(document, {"public_url": False, "key": False})
        key = request["key"] or None
        public_url = request["public_url"] or None
        if key is None:
            if public_url is None:
                raise _detail(400, "provide at least one of: public_url, key")
            base = self.public_url("")
            if not public_url.startswith(base) or len(public_url) == len(base):
                raise _detail(400, "public_url does not belong to this storage")
            key = unquote(public_url[len(base) :])
        # S3's DeleteObject: deleting a key that does not exist succeeds too
        self._delete_object(key)
        return Response(204)

    # -- the object store --------------------------------------------------------------------------

    def _serve_store(self, request: Recorded, peer_ip: str) -> Response:
        with self._lock:
            self.store_requests.append(request)
        try:
            return self._store_route(request)
        except _Fail as fail:
            return fail.response

    def _store_route(self, req: Recorded) -> Response:
        split = urlsplit(req.path)
        bucket, _, raw_key = split.path.lstrip("/").partition("/")
        if bucket != self.bucket:
            raise _s3_error(404, "NoSuchBucket", "The specified bucket does not exist", BucketName=bucket)
        key = unquote(raw_key)
        if req.method in ("GET", "HEAD") and key:
            with self._lock:
                found = self._objects.get(key)
            if found is None:
                raise _s3_error(404, "NoSuchKey", "The specified key does not exist.", Key=key)
            headers = [
                ("content-type", found.content_type),
                ("etag", found.etag),
                ("last-modified", formatdate(found.last_modified, usegmt=True)),
                ("accept-ranges", "bytes"),
            ]
            if req.method == "HEAD":
                headers.append(("content-length", str(len(found.data))))
                return Response(200, b"", headers)
            return Response(200, found.data, headers)
        if req.method == "PUT" and key:
            return self._presigned_put(req, split.path, split.query, key)
        if req.method in ("GET", "HEAD", "PUT", "DELETE", "POST"):
            raise _s3_error(403, "AccessDenied", "Access Denied")
        raise _s3_error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")

    def _presigned_put(self, req: Recorded, resource: str, query: str, key: str) -> Response:
        if req.header("Content-Length") is None:
            raise _s3_error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
        params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
        if not {"AWSAccessKeyId", "Expires", "Signature"} <= params.keys():
            raise _s3_error(403, "AccessDenied", "Access Denied")
        if params["AWSAccessKeyId"] != self.access_key_id:
            raise _s3_error(
                403,
                "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.",
                AWSAccessKeyId=params["AWSAccessKeyId"],
            )
        now = int(time.time())
        expires = params["Expires"]
        if not expires.isdigit() or now > int(expires):
            raise _s3_error(
                403,
                "AccessDenied",
                "Request has expired",
                Expires=formatdate(int(expires) if expires.isdigit() else 0, usegmt=True),
                ServerTime=formatdate(now, usegmt=True),
            )
        amz = "".join(
            f"{name.lower()}:{value.strip()}\n"
            for name, value in sorted(req.headers.items(), key=lambda item: item[0].lower())
            if name.lower().startswith("x-amz-")
        )
        content_type = req.header("Content-Type") or ""
        string_to_sign = f"PUT\n{req.header('Content-MD5') or ''}\n{content_type}\n{expires}\n{amz}{resource}"
        if not hmac.compare_digest(self._sign(string_to_sign), params["Signature"]):
            raise _s3_error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                "Check your key and signing method.",
                AWSAccessKeyId=params["AWSAccessKeyId"],
                StringToSign=string_to_sign,
                SignatureProvided=params["Signature"],
            )
        if len(req.body) > self.max_upload_size:
            raise _s3_error(
                400,
                "EntityTooLarge",
                "Your proposed upload exceeds the maximum allowed size",
                ProposedSize=str(len(req.body)),
                MaxSizeAllowed=str(self.max_upload_size),
            )
        self._store_object(key, req.body, content_type or "binary/octet-stream")
        with self._lock:
            etag = self._objects[key].etag if key in self._objects else ""
        return Response(200, b"", [("etag", etag)] if etag else [])
