"""The HTTP layer under every facade: owned httpx clients, auth, timeouts, retries, errors, logging.

``_common`` holds everything that does no I/O. ``_async_http`` is the source of the I/O layer;
``_sync_http`` is generated from it by ``scripts/unasync.py`` (``make unasync``), and a test fails
when the two differ from what the script produces.
"""
