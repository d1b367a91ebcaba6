"""Validate requests the SDK sends and responses tests feed it against the OpenAPI specs.

Tests use it with pytest-httpx so that neither a request nor a canned response can drift from
the spec::

    httpx_mock.add_callback(spec_response("reduct", 200, json={...}), method="GET", url=...)

The callback validates the request (path, method, parameters, security, body) against
``openapi/<spec>.yaml``, builds the response, validates it too, and returns it. Any violation
fails the test with the validator's message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import data_form_loads
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests import spec_tools as st


def _multipart_loads(value: bytes, **parameters: str) -> Any:
    # openapi-core hands file parts over as bytes, which JSON Schema's `type: string` rejects;
    # a binary part is a string of octets in OpenAPI terms, so decode it losslessly.
    form = data_form_loads(value, **parameters)
    return ImmutableMultiDict(
        [(k, v.decode("latin-1") if isinstance(v, bytes) else v) for k, v in form.items(multi=True)]
    )


@cache
def openapi(name: str) -> OpenAPI:
    config = Config(extra_media_type_deserializers={"multipart/form-data": _multipart_loads})
    return OpenAPI(st.spec_path(name), config=config)


def server_url(name: str) -> str:
    url: str = st.load(name)["servers"][0]["url"]
    return url.rstrip("/")


class _Request:
    """openapi-core's Request protocol over an httpx.Request, re-rooted at the spec's server."""

    def __init__(self, name: str, request: httpx.Request, base_path: str) -> None:
        raw_path = request.url.path
        if base_path and raw_path.startswith(base_path):
            raw_path = raw_path[len(base_path) :]
        self.host_url = server_url(name)
        self.path = raw_path
        self.method = request.method.lower()
        self.body: bytes | None = request.content or None
        self.content_type = request.headers.get("content-type", "").lower()
        query = ImmutableMultiDict(list(request.url.params.multi_items()))
        self.parameters = RequestParameters(query=query, header=Headers(list(request.headers.items())))

    @property
    def full_url_pattern(self) -> str:
        return self.host_url + self.path


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.data = response.content
        self.content_type = response.headers.get("content-type", "").lower()
        self.headers = Headers(list(response.headers.items()))


def validate_request(name: str, request: httpx.Request, base_path: str = "") -> None:
    """Fail with the validator's message if the request is not allowed by the spec."""
    if not hasattr(request, "_content"):
        request.read()  # pytest-httpx hands callbacks a request whose stream was already consumed
    try:
        openapi(name).validate_request(_Request(name, request, base_path))
    except Exception as exc:
        raise AssertionError(f"{request.method} {request.url} violates {name}.yaml: {_explain(exc)}") from exc


def validate_response(name: str, request: httpx.Request, response: httpx.Response, base_path: str = "") -> None:
    """Fail with the validator's message if the response is not one the spec documents."""
    try:
        openapi(name).validate_response(_Request(name, request, base_path), _Response(response))
    except Exception as exc:
        raise AssertionError(
            f"canned {response.status_code} for {request.method} {request.url} violates {name}.yaml: {_explain(exc)}"
        ) from exc


def _explain(exc: BaseException) -> str:
    parts = [f"{type(exc).__name__}: {exc}"]
    for sub in getattr(exc, "schema_errors", None) or []:
        parts.append(f"  - {getattr(sub, 'message', sub)}")
    cause = exc.__cause__
    if cause is not None:
        parts.append(f"  caused by {type(cause).__name__}: {cause}")
        for sub in getattr(cause, "schema_errors", None) or []:
            parts.append(f"  - {getattr(sub, 'message', sub)}")
    return "\n".join(parts)


def spec_response(
    name: str,
    status_code: int = 200,
    *,
    json: Any = None,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    base_path: str = "",
    seen: list[httpx.Request] | None = None,
) -> Callable[[httpx.Request], httpx.Response]:
    """A pytest-httpx callback that validates the request, answers, and validates the answer."""

    def callback(request: httpx.Request) -> httpx.Response:
        validate_request(name, request, base_path)
        if seen is not None:
            seen.append(request)
        kwargs: dict[str, Any] = {"headers": dict(headers or {})}
        if json is not None:
            kwargs["json"] = json
        elif content is not None:
            kwargs["content"] = content
        response = httpx.Response(status_code, request=request, **kwargs)
        validate_response(name, request, response, base_path)
        return response

    return callback
