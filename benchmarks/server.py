"""A raw ASGI app that answers like ReductStore and opengater-storage, for `make bench`.

No framework: each response is pre-encoded, so the server is never the bottleneck. Run it as
a separate process (see bench.py), pinned to another CPU than the client where possible.
"""

from __future__ import annotations

import json
from typing import Any

INFO = json.dumps(
    {
        "version": "1.21.0",
        "instance_name": "bench",
        "instance_role": "STANDALONE",
        "bucket_count": 20,
        "usage": 123456789,
        "uptime": 3600,
        "oldest_record": 1700000000000000,
        "latest_record": 1700003600000000,
        "defaults": {
            "bucket": {"quota_type": "NONE", "quota_size": 0, "max_block_size": 64000000, "max_block_records": 1024}
        },
        "license": None,
    },
    separators=(",", ":"),
).encode()
LIST = json.dumps(
    {
        "buckets": [
            {
                "name": f"bucket-{i:02d}",
                "entry_count": 3 + i,
                "size": 1000 * (i + 1),
                "oldest_record": 1700000000000000 + i,
                "latest_record": 1700003600000000 + i,
                "is_provisioned": i % 5 == 0,
                "status": "READY",
            }
            for i in range(20)
        ]
    },
    separators=(",", ":"),
).encode()
UPLOAD = json.dumps(
    {
        "upload_url": "http://127.0.0.1:9/bk/news/3f2a.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc",
        "key": "news/3f2a.png",
        "public_url": "https://cdn.example/bk/news/3f2a.png",
    },
    separators=(",", ":"),
).encode()

ROUTES = {("GET", "/api/v1/info"): INFO, ("GET", "/api/v1/list"): LIST, ("POST", "/uploads"): UPLOAD}
HEADERS = [(b"content-type", b"application/json"), (b"x-reduct-api", b"1.21")]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    more = True
    while more:  # drain the request body
        message = await receive()
        more = message.get("more_body", False)
    body = ROUTES.get((scope["method"], scope["path"]))
    status = 200 if body is not None else 404
    body = body if body is not None else b'{"detail":"Not found"}'
    headers = [*HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
