"""Fakes of both services for testing code that uses storage-sdk (or any other client).

- :class:`FakeReduct`: a stateful ReductStore 1.21 admin API (server info, buckets, entries, tokens
  with their permissions, replications, lifecycles) and single-record writes.
- :class:`FakeStorage`: the opengater-storage API and an S3-like object store behind it, with
  presigned PUT URLs that expire and bind the Content-Type.

Each one is a real HTTP server on loopback (a background thread, an ephemeral port unless
``port=`` is given, HTTPS with ``https=True``), so any client works against it::

    from storage_sdk import Client
    from storage_sdk.testing import FakeReduct

    with FakeReduct(api_token="t") as server, Client(server.url, api_token="t") as client:
        client.create_bucket("data")
        assert [b.name for b in client.list()] == ["data"]

With pytest, the fixtures ``storage_sdk_fake_reduct`` and ``storage_sdk_fake_storage`` give a
fresh fake per test (the plugin is registered when storage-sdk is installed). From a shell,
``python -m storage_sdk.testing`` serves both until interrupted.

State is per instance and guarded by a lock; ``stop()`` (or leaving the ``with`` block) closes
every connection and frees the port at once.
"""

from ._reduct import DEMO_LICENSE, RECORD_OVERHEAD, FakeReduct
from ._server import Recorded
from ._storage import FakeStorage, StoredObject

__all__ = ["DEMO_LICENSE", "RECORD_OVERHEAD", "FakeReduct", "FakeStorage", "Recorded", "StoredObject"]
