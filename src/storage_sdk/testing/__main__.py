"""``python -m storage_sdk.testing``: serve FakeReduct and FakeStorage until interrupted.

Prints each service's URL and secret, one ``NAME=value`` line each (so a shell can ``eval`` them)::

    $ python -m storage_sdk.testing --reduct-port 8383 --storage-port 8000
    REDUCT_URL=http://127.0.0.1:8383
    REDUCT_API_TOKEN=init-...
    STORAGE_URL=http://127.0.0.1:8000
    STORAGE_API_KEY=fake-key-...
    ...
"""

from __future__ import annotations

import argparse
import secrets
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from . import FakeReduct, FakeStorage


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m storage_sdk.testing",
        description="Serve a fake ReductStore admin API and a fake opengater-storage (with its object store) "
        "on loopback until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--reduct-port", type=int, default=8383, help="FakeReduct's port (default 8383; 0: any)")
    parser.add_argument("--storage-port", type=int, default=8000, help="FakeStorage's port (default 8000; 0: any)")
    parser.add_argument("--store-port", type=int, default=0, help="the object store's port (default: any)")
    parser.add_argument(
        "--reduct-token",
        default=None,
        help="the init token's value (default: a random one; an empty string disables authentication)",
    )
    parser.add_argument("--storage-key", default=None, help="the X-API-Key value (default: a random one)")
    parser.add_argument("--max-upload-size", type=int, default=None, help="FakeStorage's upload limit in bytes")
    parser.add_argument(
        "--allow-any-content-type", action="store_true", help="accept every media type (default: images only)"
    )
    parser.add_argument("--https", action="store_true", help="serve HTTPS with a throwaway CA (needs trustme)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    token = f"init-{secrets.token_hex(8)}" if args.reduct_token is None else args.reduct_token
    storage_options: dict[str, object] = {}
    if args.max_upload_size is not None:
        storage_options["max_upload_size"] = args.max_upload_size
    if args.allow_any_content_type:
        storage_options["allowed_content_types"] = None
    stop = threading.Event()

    def interrupted(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    try:
        reduct = FakeReduct(token, host=args.host, port=args.reduct_port, https=args.https)
    except OSError as err:
        print(f"cannot listen on {args.host}:{args.reduct_port}: {err}", file=sys.stderr)
        return 1
    with reduct:
        try:
            storage = FakeStorage(
                args.storage_key,
                host=args.host,
                port=args.storage_port,
                store_port=args.store_port,
                https=args.https,
                **storage_options,  # type: ignore[arg-type]
            )
        except OSError as err:
            print(f"cannot listen on {args.host}:{args.storage_port}: {err}", file=sys.stderr)
            return 1
        with storage:
            print(f"REDUCT_URL={reduct.url}")
            print(f"REDUCT_API_TOKEN={reduct.api_token or ''}")
            print(f"STORAGE_URL={storage.url}")
            print(f"STORAGE_API_KEY={storage.api_key}")
            print(f"STORAGE_OBJECT_STORE_URL={storage.store_url}")
            if reduct.ca_file is not None:
                print(f"REDUCT_CA_FILE={reduct.ca_file}")
                print(f"STORAGE_CA_FILE={storage.ca_file}")
            print("serving; press Ctrl+C to stop", flush=True)
            while not stop.wait(0.5):
                pass
    print("stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
