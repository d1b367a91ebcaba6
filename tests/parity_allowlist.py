"""Every known difference from reduct-py 1.21.0 and opengater-storage-client 0.2.2 (see tests/test_peer_parity.py).

``ALLOWLIST``: deliberate differences, each with its reason. Keys are ``(kind, owner, item)`` as produced by
tests/test_peer_parity.py: ``("model", "ServerInfo", "instance_name")``, ``("param", "Client.__init__", "session")``,
``("script", "reductpy_admin.py", "<printed label>")``... A key listed here that no longer matches a real
difference fails the suite, so the list stays exact.

``KNOWN_BUGS``: differences a peer's user would notice that are not known to be deliberate. Each one is a
strict xfail test (``test_known_bug[<id>]``): fix the code and the test XPASSes, which fails until the entry is
removed; decide that it is deliberate and move its keys to ``ALLOWLIST`` with the reason.

Never allowlist a missing default or a different default value: those are bugs.
"""

from __future__ import annotations

from typing import NamedTuple

Key = tuple[str, str, str]


class KnownBug(NamedTuple):
    reason: str
    keys: frozenset[Key]


RECORD_API = (
    "record API out of scope: storage-sdk covers the admin API only (reference: reduct-admin-api.md section 6.2)"
)
SYNC_TWIN = (
    "the unprefixed name is our sync twin (the peer is async-only); the peer's class is our Async* class, which is "
    "what the import line swap uses (README: reduct-py's Client is our AsyncClient)"
)

# pydantic.BaseModel's public API (pydantic 2.14), which reduct-py's and opengater's models inherit
PYDANTIC_API = (
    "construct",
    "copy",
    "dict",
    "from_orm",
    "json",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
)
PYDANTIC_REASON = (
    "pydantic-only API: our models are attrs classes without a pydantic dependency; to_dict()/from_dict() "
    "(or attrs.asdict) are the counterparts of model_dump()/model_validate()"
)

ALLOWLIST: dict[Key, str] = {
    # -- exports ---------------------------------------------------------------------------------------
    ("export", "reduct", "Client"): SYNC_TWIN,
    ("export", "reduct", "Bucket"): SYNC_TWIN,
    ("export", "opengater", "StorageClient"): SYNC_TWIN,
    ("export", "reduct", "Record"): RECORD_API,
    ("export", "reduct", "Batch"): RECORD_API,
    ("export", "reduct", "RecordBatch"): RECORD_API,
    # -- models: fields ----------------------------------------------------------------------------------
    ("model", "ServerInfo", "instance_name"): (
        "ours only, optional (default ''): server 1.21 sends it (reference section 9); reduct-py drops it"
    ),
    ("model", "ServerInfo", "instance_role"): (
        "ours only, optional (default None): server 1.21 sends it (reference section 9); reduct-py drops it"
    ),
    ("model", "FullTokenInfo", "value"): (
        "ours only, optional (default ''): the wire Token has it (always '' on reads); reduct-py drops it"
    ),
    ("model", "Token", "value"): (
        "our Token is an alias of FullTokenInfo (one model for the wire Token); optional, default ''"
    ),
    ("model", "Token", "permissions"): (
        "our Token is an alias of FullTokenInfo, so list items keep the permissions the server sends (reduct-py's "
        "Token drops them). Consequence: Token(name=..., created_at=...) without permissions raises TypeError on "
        "ours; the SDK builds tokens from server answers, users do not"
    ),
    ("model_default", "LicenseInfo", "fingerprint"): (
        "required in reduct-py, optional (None) in ours: old servers leave it out (reduct-admin-api.md section 4.1: "
        "'may be missing in old servers'); making a required field optional breaks no caller"
    ),
    ("model_type", "LicenseInfo", "fingerprint"): "str | None: see the default above",
    ("model_type", "FullTokenInfo", "permissions"): (
        "Permissions | None (still required): the server's Token has 'permissions: Permissions | null'"
    ),
    ("model_type", "TokenList", "tokens"): (
        "list[FullTokenInfo]: our Token is FullTokenInfo, so get_token_list() items keep their permissions"
    ),
    ("model_type", "ReplicationDiagnosticsDetail", "errors"): (
        "ReplicationDiagnosticsErrors, a dict subclass keyed by int status (errors[500], .items(), .get(500)): "
        "used exactly like reduct-py's Dict[int, ReplicationDiagnosticsError] (ARCH.md)"
    ),
    ("model_type", "LifecycleSettings", "when"): (
        "Any | None instead of Optional[Dict]: the condition is JSON passed through as is; every dict is accepted"
    ),
    ("model_type", "ReplicationSettings", "when"): (
        "Any | None instead of Optional[Dict]: the condition is JSON passed through as is; every dict is accepted"
    ),
    ("model", "QueryEntry", "*"): RECORD_API,
    ("model", "CreateQueryLinkRequest", "*"): RECORD_API,
    ("model", "CreateQueryLinkResponse", "*"): RECORD_API,
    # -- models: class API -------------------------------------------------------------------------------
    **{("model_api", "*", name): PYDANTIC_REASON for name in PYDANTIC_API},
    ("model_api", "*", "to_dict"): "ours only: the attrs models' counterpart of model_dump() (wire names, no Nones)",
    ("model_api", "*", "from_dict"): "ours only: the attrs models' counterpart of model_validate() (type-checked)",
    ("model_api", "*", "additional_properties"): (
        "ours only: unknown keys of the server's answer are kept here instead of being dropped (not a constructor "
        "keyword, hidden from repr)"
    ),
    ("model_api", "*", "additional_keys"): "ours only: the keys of additional_properties",
    # -- enums -------------------------------------------------------------------------------------------
    ("enum", "QuotaType", "str_subclass"): (
        "ours are StrEnum (QuotaType.FIFO == 'FIFO'); reduct-py's plain Enum is not equal to the string: a superset, "
        "nothing that worked with reduct-py breaks (same member names, values and order)"
    ),
    ("enum", "Status", "str_subclass"): (
        "ours are StrEnum (Status.READY == 'READY'); reduct-py's plain Enum is not equal to the string: a superset"
    ),
    ("enum", "QueryType", "*"): RECORD_API,
    # -- reduct-py Client / Bucket -----------------------------------------------------------------------
    ("param", "Client.__init__", "**kwargs"): (
        "every keyword reduct-py reads from **kwargs is a named keyword on ours (verify_ssl; session above), so "
        "a misspelt option raises TypeError instead of being ignored"
    ),
    ("param", "Client.__init__", "max_retries"): "ours only, keyword-only option with a default (retries, ARCH.md)",
    ("param", "Client.__init__", "verify"): "ours only, keyword-only option with a default (TLS: CA bundle / context)",
    ("param", "Client.__init__", "trust_env"): "ours only, keyword-only option with a default (proxies from env)",
    (
        "param",
        "Client.__init__",
        "http_client",
    ): "ours only, keyword-only option with a default (caller's httpx client)",
    ("param", "Client.__init__", "transport"): "ours only, keyword-only option with a default (an httpx transport)",
    ("param", "Client.create_token", "**kwargs"): (
        "expires_at, ttl and ip_allowlist (all that reduct-py reads from **kwargs) are named keyword-only "
        "parameters on ours; an unknown keyword raises TypeError instead of being ignored"
    ),
    ("param", "Client.__aexit__", "exc_type"): "ours takes *exc_info: `async with` passes the three positionally",
    ("param", "Client.__aexit__", "exc_val"): "ours takes *exc_info: `async with` passes the three positionally",
    ("param", "Client.__aexit__", "exc_tb"): "ours takes *exc_info: `async with` passes the three positionally",
    ("param", "Client.__aexit__", "*exc_info"): "ours takes *exc_info: `async with` passes the three positionally",
    ("param", "Bucket.__init__", "http"): (
        "the second argument is each SDK's private HTTP layer; buckets come from Client.get_bucket/create_bucket"
    ),
    ("param", "Bucket.__init__", "core"): (
        "the second argument is each SDK's private HTTP layer; buckets come from Client.get_bucket/create_bucket"
    ),
    ("method", "Client.aclose", "*"): (
        "ours only: closes the connection pool (reduct-py has no close(); its `async with` closes the session)"
    ),
    ("method", "Client.alive", "*"): "ours only: HEAD /alive (server health)",
    ("method", "Client.ready", "*"): "ours only: HEAD /ready (server readiness)",
    ("method", "Client.bucket_exists", "*"): "ours only: HEAD /b/{name}, True/False (any valid token may ask)",
    ("method", "Client.url", "*"): "ours only: read-only property, the server URL",
    ("method", "Client.with_options", "*"): (
        "ours only: a copy with other timeout/retries/headers sharing the connections (openai-python's with_options)"
    ),
    ("method", "Bucket.name", "*"): (
        "reduct-py's Bucket.name is a plain instance attribute (not visible on the class); ours is a property with "
        "a setter that checks the name (it becomes the request path): reading and assigning work the same"
    ),
    **{
        ("method", f"Bucket.{name}", "*"): RECORD_API
        for name in (
            "create_query_link",
            "query",
            "read",
            "read_attachments",
            "remove_attachments",
            "remove_batch",
            "remove_query",
            "remove_record",
            "remove_record_batch",
            "subscribe",
            "update",
            "update_batch",
            "update_record_batch",
            "write",
            "write_attachments",
            "write_batch",
            "write_record_batch",
        )
    },
    # -- ReductError -------------------------------------------------------------------------------------
    ("error", "ReductError", "bases"): (
        "ours derives from StorageSDKError(Exception), the base of every storage-sdk error; still an Exception"
    ),
    ("error", "ReductError", "repr"): (
        "ours shows the fields: ReductError(status_code=404, message='m'); str() is reduct-py's exactly"
    ),
    ("param", "ReductError.__init__", "method"): "ours only, keyword-only with a default: the failed request's method",
    ("param", "ReductError.__init__", "url"): "ours only, keyword-only with a default: the failed request's URL",
    # -- opengater-storage-client --------------------------------------------------------------------------
    ("param", "StorageClient.__init__", "api_key"): (
        "optional on ours (None reads STORAGE_API_KEY); required in opengater, whose callers always pass it"
    ),
    ("param", "StorageClient.__init__", "total_timeout"): "ours only, keyword-only option with a default (ARCH.md)",
    ("param", "StorageClient.__init__", "max_retries"): "ours only, keyword-only option with a default (retries)",
    ("param", "StorageClient.__init__", "extra_headers"): (
        "ours only, keyword-only option with a default: headers for the service, never for the presigned URL"
    ),
    ("param", "StorageClient.__init__", "trust_env"): (
        "ours only, keyword-only option; default False, what opengater-storage-client hard-codes"
    ),
    ("param", "StorageClient.__init__", "http_client"): "ours only, keyword-only option with a default",
    ("param", "StorageClient.__init__", "transport"): "ours only, keyword-only option with a default",
    (
        "param",
        "StorageClient.__init__",
        "verify",
    ): "ours only, keyword-only option with a default (TLS: CA bundle / context)",
    (
        "param",
        "StorageClient.__init__",
        "session",
    ): "ours only, keyword-only option with a default (an aiohttp session)",
    ("method", "StorageClient.__aenter__", "*"): (
        "ours supports `async with` (opengater's README shows it, 0.2.2 raises TypeError: storage-api.md section 3)"
    ),
    ("method", "StorageClient.__aexit__", "*"): "ours supports `async with` (closes the client)",
    (
        "method",
        "StorageClient.upload",
        "*",
    ): "ours only: create_upload() plus the PUT of the bytes to the presigned URL",
    ("method", "StorageClient.base_url", "*"): "ours only: read-only property, the service root",
    ("method", "StorageClient.with_options", "*"): (
        "ours only: a copy with other timeout/retries/headers sharing the connections (openai-python's with_options)"
    ),
    ("method", "StorageClient.upload_many", "*"): "ours only: upload() for many sources, bounded concurrency",
    ("error", "StorageError", "bases"): (
        "ours derives from StorageSDKError(Exception), the base of every storage-sdk error; still an Exception"
    ),
    ("error", "StorageError", "repr"): "ours shows the fields: StorageError(status_code=400, message='d')",
    ("param", "StorageError.__init__", "message"): (
        "ours only, keyword-only with a default: the short account used by str() when detail is long or HTML"
    ),
    ("param", "StorageError.__init__", "method"): "ours only, keyword-only with a default: the failed request's method",
    ("param", "StorageError.__init__", "url"): "ours only, keyword-only with a default: the failed request's URL",
    # -- tests/scripts/reductpy_admin.py -------------------------------------------------------------------
    ("script", "reductpy_admin.py", "lifecycle.defaults.create"): (
        'reduct-py sends LifecycleSettings(interval=None) as "interval": null and gets 422; ours leaves the '
        "unset field out and the server applies its default (reference section 6.3, 'Likely client bug')"
    ),
    ("script", "reductpy_admin.py", "lifecycle.defaults.create.interval"): (
        "printed only when create_lifecycle succeeds: ours gets the server's default '3600s' (see above)"
    ),
    **{
        ("script", "reductpy_admin.py", f"error.forbidden.{item}"): (
            "get_bucket() checks with HEAD /b/{name}, which any valid token may do (reduct-admin-api.md sections 2 "
            "and 10, reductstore#25); reduct-py GETs the full info, which needs read access, so a token without read "
            "access gets 403 there and a Bucket here (documented in AsyncClient.get_bucket)"
        )
        for item in ("raised", "str", "status_code", "message")
    },
    # -- tests/scripts/opengater_user.py -------------------------------------------------------------------
    ("script", "opengater_user.py", "error.unreachable.detail"): (
        "same class, status None, cause chained and the same 'transport error calling storage: ' prefix; the rest "
        "is the transport's own text (ours sends through aiohttp, not httpcore)"
    ),
    ("script", "opengater_user.py", "error.unreachable.str"): "str() is the detail: see error.unreachable.detail",
    ("script", "opengater_user.py", "lifecycle.async_with"): (
        "ours supports `async with` (opengater 0.2.2 raises TypeError); the line prints the class name"
    ),
    ("script", "opengater_user.py", "lifecycle.async_with.raised"): "ours supports `async with`: nothing raised",
    ("script", "opengater_user.py", "lifecycle.async_with.str"): "ours supports `async with`: no error to print",
    **{
        ("script", "opengater_user.py", label): (
            "closed means closed (issue 11): after aclose() no new connection is opened and a call raises "
            "ClientClosedError; opengater-storage-client 0.2.2 silently opens a new httpx client instead, so the "
            "script's reuse-after-aclose step ends in that error on our side"
        )
        for label in ("lifecycle.close", "lifecycle.reuse_after_aclose.key")
    },
}

KNOWN_BUGS: dict[str, KnownBug] = {}
