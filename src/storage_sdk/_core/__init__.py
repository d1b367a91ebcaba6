"""The HTTP layer under every facade: engines, auth, timeouts, retries, errors, logging.

``_common`` and ``_types`` hold everything that does no I/O. ``_async_http`` is the source of the
call path; ``_sync_http`` is generated from it by ``scripts/unasync.py`` (``make unasync``), and a
test fails when the two differ from what the script produces. The libraries that carry requests
are behind ``_engine_async`` (aiohttp; httpx for a caller's client or transport) and
``_engine_sync`` (httpx). No module here opens a socket or parses HTTP.
"""
