"""Hostile input to every public constructor and method of the four clients (and the buckets).

Bad headers, control characters, text that cannot be encoded, URLs with credentials in every
scheme, wrong types, invalid enum strings and models: each must raise ``ValueError`` or
``TypeError`` naming the argument BEFORE any request is made, and no message (``str``, ``repr``,
nor a chained exception that a traceback would show) may contain a token, key or password.

Every case runs on the sync and the async twin. "No request" is proved with a recording
``httpx.MockTransport`` passed as ``transport=``: the handler records every request that reaches
it (a bucket is obtained first with ``get_bucket``; that request is forgotten before the case).
"""

from __future__ import annotations

import asyncio
import datetime
import io
import math
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from storage_sdk import AsyncClient, AsyncStorageClient, Client, StorageClient
from storage_sdk.reduct import (
    BucketSettings,
    LifecycleMode,
    LifecycleSettings,
    Permissions,
    ReplicationMode,
    ReplicationSettings,
)
from tests.misbehaving import MisbehavingServer, Reply

URL = "http://reduct.invalid:8383"
STORAGE_URL = "http://storage.invalid:8000"
TOKEN = "tok-SECRET-4242"
API_KEY = "key-SECRET-9999"
PASSWORD = "pa55word-XYZ"
HEADER_SECRET = "hdr-SECRET-7777"
DST_TOKEN = "dst-SECRET-5555"
SECRETS = (TOKEN, API_KEY, PASSWORD, HEADER_SECRET, DST_TOKEN)

MODES = ["sync", "async"]
UPLOAD_RESULT = {"upload_url": "http://s3.invalid/b/k?X-Amz-Signature=s", "key": "k", "public_url": "http://p/k"}


@pytest.fixture(autouse=True)
def _no_env_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDUCT_API_TOKEN", raising=False)
    monkeypatch.delenv("STORAGE_API_KEY", raising=False)


# ------------------------------------------------------------------------------------------------
# harness


class Recorder:
    """An httpx mock transport that records every request that reaches it and answers success."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/uploads":
            return httpx.Response(200, json=UPLOAD_RESULT)
        return httpx.Response(200, headers={"x-reduct-api": "1.21"}, json={})

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def client_class(service: str, mode: str) -> Any:
    return {
        ("reduct", "sync"): Client,
        ("reduct", "async"): AsyncClient,
        ("storage", "sync"): StorageClient,
        ("storage", "async"): AsyncStorageClient,
    }[(service, mode)]


def default_kwargs(service: str, recorder: Recorder) -> dict[str, Any]:
    if service == "reduct":
        return {"url": URL, "api_token": TOKEN, "transport": recorder.transport()}
    return {"base_url": STORAGE_URL, "api_key": API_KEY, "transport": recorder.transport()}


def construct(mode: str, service: str, **overrides: Any) -> tuple[BaseException | None, Recorder]:
    """Build the client with ``overrides``; the exception it raised (None if it did not) and the recorder."""
    recorder = Recorder()
    kwargs = default_kwargs(service, recorder)
    if "http_client" in overrides:
        kwargs.pop("transport")
    kwargs.update(overrides)
    cls = client_class(service, mode)
    if mode == "sync":
        try:
            client = cls(**kwargs)
        except Exception as exc:
            return exc, recorder
        client.close()
        return None, recorder

    async def main() -> BaseException | None:
        try:
            client = cls(**kwargs)
        except Exception as exc:
            return exc
        await client.aclose()
        return None

    return asyncio.run(main()), recorder


def call(
    mode: str, service: str, act: Callable[[Any], Any], *, on_bucket: bool = False
) -> tuple[BaseException | None, Recorder]:
    """Run ``act(client)`` (or ``act(bucket)``) on a client that records requests; the exception raised."""
    recorder = Recorder()
    cls = client_class(service, mode)
    kwargs = default_kwargs(service, recorder)
    if mode == "sync":
        with cls(**kwargs) as client:
            target = client.get_bucket("b") if on_bucket else client
            recorder.requests.clear()
            try:
                act(target)
            except Exception as exc:
                return exc, recorder
            return None, recorder

    async def main() -> BaseException | None:
        async with cls(**kwargs) as client:
            target = await client.get_bucket("b") if on_bucket else client
            recorder.requests.clear()
            try:
                await act(target)
            except Exception as exc:
                return exc
            return None

    return asyncio.run(main()), recorder


def shown_texts(exc: BaseException) -> list[str]:
    """str and repr of the exception and of every exception a traceback would show with it."""
    texts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), *(str(a) for a in current.args)]
        if current.__cause__ is not None:
            current = current.__cause__
        elif not current.__suppress_context__:
            current = current.__context__
        else:
            current = None
    return texts


def check(
    exc: BaseException | None,
    recorder: Recorder,
    expected: type[BaseException] | tuple[type[BaseException], ...],
    names: tuple[str, ...],
    secrets: tuple[str, ...] = SECRETS,
) -> None:
    """``exc`` is an ``expected`` (not an encoder's UnicodeError), names every one of ``names``, came before any
    request, and shows no secret."""
    assert exc is not None, f"no exception was raised; requests: {recorder.requests}"
    allowed = expected if isinstance(expected, tuple) else (expected,)
    assert isinstance(exc, allowed), f"{type(exc).__name__}: {exc}"
    assert not isinstance(exc, UnicodeError), f"an encoder's error leaked: {exc!r}"
    text = str(exc)
    for name in names:
        assert name in text, f"{name!r} not named in {text!r}"
    assert not text.rstrip().endswith(":"), text
    assert recorder.requests == [], f"a request was sent: {recorder.requests}"
    for shown in shown_texts(exc):
        for secret in secrets:
            assert secret not in shown, f"secret {secret!r} shown in {shown!r}"


# ------------------------------------------------------------------------------------------------
# constructors: URLs with credentials, in every scheme

CREDENTIAL_URLS = [
    f"http://user:{PASSWORD}@127.0.0.1:8383",
    f"https://user:{PASSWORD}@reduct.example.com/reduct/",
    f"HTTP://user:{PASSWORD}@host",
    f"ftp://user:{PASSWORD}@host",
    f"ws://user:{PASSWORD}@host:8383",
    f"wss://user:{PASSWORD}@host:8383",
    f"file://user:{PASSWORD}@host/etc/passwd",
    f"redis://:{PASSWORD}@host:6379/0",
    f"user:{PASSWORD}@host",
    f"user:{PASSWORD}@host:8383",
    f"//user:{PASSWORD}@host:8383",
    f"http://:{PASSWORD}@host",
    f"http://{PASSWORD}@host",
    f"http://user%3A{PASSWORD}@host",
    f"http://user:{PASSWORD}@host:99999",
    f"http://user:{PASSWORD}@[::1",
    f"http://user:{PASSWORD}@host@other",
    f"http://us er:{PASSWORD}@host",
    f"http://user:{PASSWORD}é@host",
    f"http://user:{PASSWORD}\ud800@host",
    f"http://user:{PASSWORD}@host\r\n",
    f"http://user:{PASSWORD}\r\n@host",
    f"  http://user:{PASSWORD}@host  ",
    f"http://host:8383/?token={PASSWORD}",
    f"http://host:8383/#{PASSWORD}",
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", ["reduct", "storage"])
@pytest.mark.parametrize("url", CREDENTIAL_URLS, ids=lambda u: repr(u)[1:40])
def test_url_with_credentials_is_refused_without_the_password(mode: str, service: str, url: str) -> None:
    argument = "url" if service == "reduct" else "base_url"
    exc, recorder = construct(mode, service, **{argument: url})
    check(exc, recorder, ValueError, (argument,))


BAD_URLS = [
    pytest.param(None, TypeError, id="None"),
    pytest.param(8383, TypeError, id="int"),
    pytest.param(b"http://host", TypeError, id="bytes"),
    pytest.param(["http://host"], TypeError, id="list"),
    pytest.param("", ValueError, id="empty"),
    pytest.param("   ", ValueError, id="blank"),
    pytest.param("not a url", ValueError, id="words"),
    pytest.param("http://", ValueError, id="no-host"),
    pytest.param("127.0.0.1:8383", ValueError, id="no-scheme-ip"),
    pytest.param("localhost:8383", ValueError, id="no-scheme-host"),
    pytest.param("ftp://host", ValueError, id="ftp"),
    pytest.param("ws://host", ValueError, id="ws"),
    pytest.param("file:///etc/passwd", ValueError, id="file"),
    pytest.param("http://ho\x00st", ValueError, id="nul"),
    pytest.param("http://host/\r\nX-Evil: 1", ValueError, id="crlf"),
    pytest.param("http://host/\x7f", ValueError, id="del"),
    pytest.param("http://host:notaport", ValueError, id="bad-port"),
    pytest.param("http://[::1", ValueError, id="bad-ipv6"),
    pytest.param("http://\ud800/", ValueError, id="surrogate"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", ["reduct", "storage"])
@pytest.mark.parametrize(("url", "expected"), BAD_URLS)
def test_invalid_url(mode: str, service: str, url: Any, expected: type[Exception]) -> None:
    argument = "url" if service == "reduct" else "base_url"
    exc, recorder = construct(mode, service, **{argument: url})
    check(exc, recorder, expected, (argument,))


# ------------------------------------------------------------------------------------------------
# constructors: secrets with characters a header cannot carry

BAD_SECRETS = [
    pytest.param("{}\r\nX-Evil: 1", ValueError, id="crlf"),
    pytest.param("{}\n", ValueError, id="lf"),
    pytest.param("{}\r", ValueError, id="cr"),
    pytest.param("{}\x00", ValueError, id="nul"),
    pytest.param("{}\x1b[31m", ValueError, id="esc"),
    pytest.param("{}\x7f", ValueError, id="del"),
    pytest.param("\ud800{}", ValueError, id="lone-surrogate"),
    pytest.param("{}\udcff", ValueError, id="low-surrogate"),
    pytest.param(" {}", ValueError, id="leading-space"),
    pytest.param("{}\t", ValueError, id="trailing-tab"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("template", "expected"), BAD_SECRETS)
def test_bad_api_token(mode: str, template: str, expected: type[Exception]) -> None:
    exc, recorder = construct(mode, "reduct", api_token=template.format(TOKEN))
    check(exc, recorder, expected, ("api_token",))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("template", "expected"), BAD_SECRETS)
def test_bad_api_key(mode: str, template: str, expected: type[Exception]) -> None:
    exc, recorder = construct(mode, "storage", api_key=template.format(API_KEY))
    check(exc, recorder, expected, ("api_key",))


# os.environ cannot hold NUL nor a high surrogate; "\udcff" is what a non-UTF-8 byte in the environment becomes
ENV_BAD_SECRETS = [p for p in BAD_SECRETS if p.id not in ("nul", "lone-surrogate")]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("template", "expected"), ENV_BAD_SECRETS)
def test_bad_token_from_environment(
    mode: str, template: str, expected: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDUCT_API_TOKEN", template.format(TOKEN))
    exc, recorder = construct(mode, "reduct", api_token=None)
    check(exc, recorder, expected, ("REDUCT_API_TOKEN",))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("template", "expected"), ENV_BAD_SECRETS)
def test_bad_api_key_from_environment(
    mode: str, template: str, expected: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORAGE_API_KEY", template.format(API_KEY))
    exc, recorder = construct(mode, "storage", api_key=None)
    check(exc, recorder, expected, ("STORAGE_API_KEY",))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("service", "argument", "value", "expected"),
    [
        ("reduct", "api_token", 123, TypeError),
        ("reduct", "api_token", b"tok", TypeError),
        ("reduct", "api_token", True, TypeError),
        ("reduct", "api_token", ["tok"], TypeError),
        ("storage", "api_key", 123, TypeError),
        ("storage", "api_key", b"key", TypeError),
        ("storage", "api_key", True, TypeError),
        ("storage", "api_key", "", ValueError),
        ("storage", "api_key", None, ValueError),  # no STORAGE_API_KEY either
    ],
)
def test_secret_of_wrong_type(mode: str, service: str, argument: str, value: Any, expected: type[Exception]) -> None:
    exc, recorder = construct(mode, service, **{argument: value})
    check(exc, recorder, expected, (argument,))


# ------------------------------------------------------------------------------------------------
# constructors: extra_headers (ReductStore)

BAD_HEADERS = [
    # names
    pytest.param({"X-A\r\nX-Evil": "v"}, ValueError, id="name-crlf"),
    pytest.param({"X-A\n": "v"}, ValueError, id="name-trailing-lf"),
    pytest.param({"X A": "v"}, ValueError, id="name-space"),
    pytest.param({"X:A": "v"}, ValueError, id="name-colon"),
    pytest.param({"X-A ": "v"}, ValueError, id="name-trailing-space"),
    pytest.param({"": "v"}, ValueError, id="name-empty"),
    pytest.param({"X-é": "v"}, ValueError, id="name-non-ascii"),
    pytest.param({"X-\ud800": "v"}, ValueError, id="name-surrogate"),
    pytest.param({"X(A)": "v"}, ValueError, id="name-parens"),
    pytest.param({"X\x00": "v"}, ValueError, id="name-nul"),
    pytest.param({1: "v"}, TypeError, id="name-int"),
    pytest.param({b"X-A": "v"}, TypeError, id="name-bytes"),
    pytest.param({None: "v"}, TypeError, id="name-None"),
    # values (the value is a secret here: it must not be echoed)
    pytest.param({"X-Auth": f"{HEADER_SECRET}\r\nX-Evil: 1"}, ValueError, id="value-crlf"),
    pytest.param({"X-Auth": f"{HEADER_SECRET}\n"}, ValueError, id="value-lf"),
    pytest.param({"X-Auth": f"{HEADER_SECRET}\r"}, ValueError, id="value-cr"),
    pytest.param({"X-Auth": f"{HEADER_SECRET}\x00"}, ValueError, id="value-nul"),
    pytest.param({"X-Auth": f"{HEADER_SECRET}\x7f"}, ValueError, id="value-del"),
    pytest.param({"X-Auth": f"{HEADER_SECRET}\ud800"}, ValueError, id="value-surrogate"),
    pytest.param({"Cookie": f"s={HEADER_SECRET}\n"}, ValueError, id="cookie-lf"),
    pytest.param({"X-Auth": f" {HEADER_SECRET}"}, ValueError, id="value-leading-space"),
    pytest.param({"X-A": 1}, TypeError, id="value-int"),
    pytest.param({"X-A": b"v"}, TypeError, id="value-bytes"),
    pytest.param({"X-A": None}, TypeError, id="value-None"),
    pytest.param({"X-A": ["v"]}, TypeError, id="value-list"),
    # the secret's own header, and headers the client owns
    pytest.param({"Authorization": f"Bearer {HEADER_SECRET}"}, ValueError, id="authorization"),
    pytest.param({"authorization": HEADER_SECRET}, ValueError, id="authorization-lower"),
    pytest.param({"Proxy-Authorization": HEADER_SECRET}, ValueError, id="proxy-authorization"),
    pytest.param({"Host": "evil.example"}, ValueError, id="host"),
    pytest.param({"Content-Length": "0"}, ValueError, id="content-length"),
    pytest.param({"Transfer-Encoding": "chunked"}, ValueError, id="transfer-encoding"),
    # not a mapping
    pytest.param([("X-A", "v")], TypeError, id="list-of-pairs"),
    pytest.param("X-A: v", TypeError, id="str"),
    pytest.param(b"X-A: v", TypeError, id="bytes"),
    pytest.param(1, TypeError, id="int"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("headers", "expected"), BAD_HEADERS)
def test_bad_extra_headers(mode: str, headers: Any, expected: type[Exception]) -> None:
    exc, recorder = construct(mode, "reduct", extra_headers=headers)
    check(exc, recorder, expected, ("extra_headers",))


def test_non_ascii_header_value_is_sent_as_utf8() -> None:
    recorder = Recorder()
    with Client(URL, extra_headers={"X-A": "é", "X-B": "日本"}, transport=recorder.transport()) as client:
        client.bucket_exists("b")
    raw = dict(recorder.requests[0].headers.raw)
    assert raw[b"X-A"] == "é".encode()
    assert raw[b"X-B"] == "日本".encode()


async def test_non_ascii_header_value_is_sent_as_utf8_async() -> None:
    recorder = Recorder()
    async with AsyncClient(URL, extra_headers={"X-A": "é"}, transport=recorder.transport()) as client:
        await client.bucket_exists("b")
    assert dict(recorder.requests[0].headers.raw)[b"X-A"] == b"\xc3\xa9"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("name", "value"), [("User-Agent", "my-app/1.0"), ("Accept", "application/json")])
def test_extra_header_that_the_client_also_sets(mode: str, name: str, value: str) -> None:
    """Either refused at construction, or the caller's value replaces the client's (never both sent)."""
    exc, recorder = construct(mode, "reduct", extra_headers={name: value})
    if exc is not None:
        check(exc, recorder, ValueError, ("extra_headers", name))
        return
    recorder = Recorder()
    cls = client_class("reduct", mode)
    if mode == "sync":
        with cls(URL, extra_headers={name: value}, transport=recorder.transport()) as client:
            client.bucket_exists("b")
    else:

        async def main() -> None:
            async with cls(URL, extra_headers={name: value}, transport=recorder.transport()) as client:
                await client.bucket_exists("b")

        asyncio.run(main())
    sent = [v for k, v in recorder.requests[0].headers.raw if k.lower() == name.lower().encode()]
    assert sent == [value.encode()]


@pytest.mark.parametrize("mode", MODES)
def test_non_ascii_header_value_on_the_wire(mode: str) -> None:
    """The default engines send the same UTF-8 bytes."""
    with MisbehavingServer(lambda _req: Reply(200, {"x-reduct-api": "1.21"})) as server:
        if mode == "sync":
            with Client(server.url, extra_headers={"X-A": "é"}) as client:
                assert client.bucket_exists("b")
        else:

            async def main() -> None:
                async with AsyncClient(server.url, extra_headers={"X-A": "é"}) as client:
                    assert await client.bucket_exists("b")

            asyncio.run(main())
        (request,) = server.requests
    assert (b"X-A", b"\xc3\xa9") in request.raw_headers


# ------------------------------------------------------------------------------------------------
# constructors: wrong types and out-of-range numbers

NAN, INF = math.nan, math.inf
BAD_TIMEOUT_NUMBERS = [
    pytest.param("10", TypeError, id="str"),
    pytest.param(b"10", TypeError, id="bytes"),
    pytest.param(True, TypeError, id="bool"),
    pytest.param([10], TypeError, id="list"),
    pytest.param(NAN, ValueError, id="nan"),
    pytest.param(INF, ValueError, id="inf"),
    pytest.param(-INF, ValueError, id="-inf"),
    pytest.param(0, ValueError, id="0"),
    pytest.param(0.0, ValueError, id="0.0"),
    pytest.param(-1, ValueError, id="-1"),
    pytest.param(-0.5, ValueError, id="-0.5"),
]
BAD_HTTPX_TIMEOUTS = [
    pytest.param(httpx.Timeout(-1), id="httpx-negative"),
    pytest.param(httpx.Timeout(NAN), id="httpx-nan"),
    pytest.param(httpx.Timeout(5, connect=INF), id="httpx-inf-connect"),
    pytest.param(httpx.Timeout(0), id="httpx-zero"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("service", "argument"), [("reduct", "timeout"), ("storage", "timeout"), ("storage", "total_timeout")]
)
@pytest.mark.parametrize(("value", "expected"), BAD_TIMEOUT_NUMBERS)
def test_bad_timeout(mode: str, service: str, argument: str, value: Any, expected: type[Exception]) -> None:
    exc, recorder = construct(mode, service, **{argument: value})
    check(exc, recorder, expected, (argument,))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("service", ["reduct", "storage"])
@pytest.mark.parametrize("value", BAD_HTTPX_TIMEOUTS)
def test_bad_httpx_timeout(mode: str, service: str, value: httpx.Timeout) -> None:
    exc, recorder = construct(mode, service, timeout=value)
    check(exc, recorder, ValueError, ("timeout",))


COMMON_BAD = [
    ("max_retries", True, TypeError),
    ("max_retries", 1.0, TypeError),
    ("max_retries", "2", TypeError),
    ("max_retries", None, TypeError),
    ("max_retries", -1, ValueError),
    ("trust_env", None, TypeError),
    ("trust_env", "no", TypeError),
    ("trust_env", 1, TypeError),
    ("transport", "mock", TypeError),
    ("http_client", "client", TypeError),
]
REDUCT_BAD = [
    ("verify", None, TypeError),
    ("verify", 1, TypeError),
    ("verify", "/nonexistent/ca-bundle.pem", ValueError),
    ("verify_ssl", "yes", TypeError),
    ("verify_ssl", 1, TypeError),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("service", "argument", "value", "expected"),
    [("reduct", *c) for c in COMMON_BAD + REDUCT_BAD] + [("storage", *c) for c in COMMON_BAD],
)
def test_bad_constructor_argument(
    mode: str, service: str, argument: str, value: Any, expected: type[Exception]
) -> None:
    exc, recorder = construct(mode, service, **{argument: value})
    check(exc, recorder, expected, (argument,))


@pytest.mark.parametrize("service", ["reduct", "storage"])
def test_transport_of_the_other_twin(service: str) -> None:
    """A sync transport / client for the async twin and the other way round: TypeError naming it."""
    for mode, transport in (("sync", httpx.AsyncHTTPTransport()), ("async", httpx.HTTPTransport())):
        exc, recorder = construct(mode, service, transport=transport)
        check(exc, recorder, TypeError, ("transport",))
    with httpx.Client() as sync_http:
        exc, recorder = construct("async", service, http_client=sync_http)
        check(exc, recorder, TypeError, ("http_client",))

    async def other() -> None:
        async with httpx.AsyncClient() as async_http:
            exc, recorder = construct("sync", service, http_client=async_http)
            check(exc, recorder, TypeError, ("http_client",))

    asyncio.run(other())


def test_verify_and_verify_ssl_conflict() -> None:
    for mode in MODES:
        exc, recorder = construct(mode, "reduct", verify=False, verify_ssl=True)
        check(exc, recorder, ValueError, ("verify",))


# ------------------------------------------------------------------------------------------------
# call time: names

BAD_NAMES = [
    pytest.param("", ValueError, id="empty"),
    pytest.param(".", ValueError, id="dot"),
    pytest.param("..", ValueError, id="dotdot"),
    pytest.param("a\r\nb", ValueError, id="crlf"),
    pytest.param("a\n", ValueError, id="lf"),
    pytest.param("a\x00b", ValueError, id="nul"),
    pytest.param("a\tb", ValueError, id="tab"),
    pytest.param("a\x7f", ValueError, id="del"),
    pytest.param("a\ud800", ValueError, id="lone-surrogate"),
    pytest.param("\udfff", ValueError, id="low-surrogate"),
    pytest.param(1, TypeError, id="int"),
    pytest.param(None, TypeError, id="None"),
    pytest.param(b"bucket", TypeError, id="bytes"),
    pytest.param(True, TypeError, id="bool"),
    pytest.param(["a"], TypeError, id="list"),
]
BAD_ENTRY_NAMES = [
    *BAD_NAMES,
    pytest.param("a/../b", ValueError, id="dotdot-segment"),
    pytest.param("a/./b", ValueError, id="dot-segment"),
    pytest.param("../a", ValueError, id="leading-dotdot"),
    pytest.param("a/..", ValueError, id="trailing-dotdot"),
    pytest.param("a//b", ValueError, id="empty-segment"),
    pytest.param("/a", ValueError, id="leading-slash"),
    pytest.param("a/", ValueError, id="trailing-slash"),
    pytest.param("/", ValueError, id="slash"),
]


def _replication() -> ReplicationSettings:
    return ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="http://h", dst_token=DST_TOKEN)


def _lifecycle() -> LifecycleSettings:
    return LifecycleSettings(bucket="a", older_than="1d")


CLIENT_NAME_METHODS: list[tuple[str, str, Callable[[Any, Any], Any]]] = [
    ("create_bucket", "name", lambda c, n: c.create_bucket(n)),
    ("create_bucket-exist_ok", "name", lambda c, n: c.create_bucket(n, BucketSettings(), exist_ok=True)),
    ("get_bucket", "name", lambda c, n: c.get_bucket(n)),
    ("bucket_exists", "name", lambda c, n: c.bucket_exists(n)),
    ("get_token", "name", lambda c, n: c.get_token(n)),
    ("create_token", "name", lambda c, n: c.create_token(n, Permissions(full_access=True))),
    ("rotate_token", "name", lambda c, n: c.rotate_token(n)),
    ("remove_token", "name", lambda c, n: c.remove_token(n)),
    ("get_replication_detail", "replication_name", lambda c, n: c.get_replication_detail(n)),
    ("create_replication", "replication_name", lambda c, n: c.create_replication(n, _replication())),
    ("update_replication", "replication_name", lambda c, n: c.update_replication(n, _replication())),
    ("set_replication_mode", "replication_name", lambda c, n: c.set_replication_mode(n, "paused")),
    ("delete_replication", "replication_name", lambda c, n: c.delete_replication(n)),
    ("get_lifecycle_detail", "lifecycle_name", lambda c, n: c.get_lifecycle_detail(n)),
    ("create_lifecycle", "lifecycle_name", lambda c, n: c.create_lifecycle(n, _lifecycle())),
    ("update_lifecycle", "lifecycle_name", lambda c, n: c.update_lifecycle(n, _lifecycle())),
    ("set_lifecycle_mode", "lifecycle_name", lambda c, n: c.set_lifecycle_mode(n, "dry_run")),
    ("delete_lifecycle", "lifecycle_name", lambda c, n: c.delete_lifecycle(n)),
]
BUCKET_NAME_METHODS: list[tuple[str, str, Callable[[Any, Any], Any]]] = [
    ("rename", "new_name", lambda b, n: b.rename(n)),
]
ENTRY_NAME_METHODS: list[tuple[str, str, Callable[[Any, Any], Any]]] = [
    ("remove_entry", "entry_name", lambda b, n: b.remove_entry(n)),
    ("rename_entry-old", "old_name", lambda b, n: b.rename_entry(n, "ok")),
    ("rename_entry-new", "new_name", lambda b, n: b.rename_entry("ok", n)),
]


def _method_params(methods: list[tuple[str, str, Callable[[Any, Any], Any]]]) -> list[Any]:
    return [pytest.param(argument, act, id=label) for label, argument, act in methods]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("argument", "act"), _method_params(CLIENT_NAME_METHODS))
@pytest.mark.parametrize(("name", "expected"), BAD_NAMES)
def test_bad_name_client(mode: str, argument: str, act: Any, name: Any, expected: type[Exception]) -> None:
    exc, recorder = call(mode, "reduct", lambda c: act(c, name))
    check(exc, recorder, expected, (argument,))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("argument", "act"), _method_params(BUCKET_NAME_METHODS))
@pytest.mark.parametrize(("name", "expected"), BAD_NAMES)
def test_bad_name_bucket(mode: str, argument: str, act: Any, name: Any, expected: type[Exception]) -> None:
    exc, recorder = call(mode, "reduct", lambda b: act(b, name), on_bucket=True)
    check(exc, recorder, expected, (argument,))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("argument", "act"), _method_params(ENTRY_NAME_METHODS))
@pytest.mark.parametrize(("name", "expected"), BAD_ENTRY_NAMES)
def test_bad_entry_name(mode: str, argument: str, act: Any, name: Any, expected: type[Exception]) -> None:
    exc, recorder = call(mode, "reduct", lambda b: act(b, name), on_bucket=True)
    check(exc, recorder, expected, (argument,))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("a/b", "/api/v1/b/a%2Fb"),
        ("a?b", "/api/v1/b/a%3Fb"),
        ("a#b", "/api/v1/b/a%23b"),
        ("a b", "/api/v1/b/a%20b"),
        ("данные", "/api/v1/b/%D0%B4%D0%B0%D0%BD%D0%BD%D1%8B%D0%B5"),
        ("%2e%2e", "/api/v1/b/%252e%252e"),
    ],
)
def test_other_names_stay_in_their_path_segment(mode: str, name: str, path: str) -> None:
    """Format rules are the server's (422), but every name stays inside its own path segment."""
    exc, recorder = call(mode, "reduct", lambda c: c.bucket_exists(name))
    assert exc is None
    assert [r.url.raw_path.decode() for r in recorder.requests] == [path]


BUCKET_METHODS = [
    pytest.param(lambda b: b.get_full_info(), id="get_full_info"),
    pytest.param(lambda b: b.info(), id="info"),
    pytest.param(lambda b: b.get_settings(), id="get_settings"),
    pytest.param(lambda b: b.get_entry_list(), id="get_entry_list"),
    pytest.param(lambda b: b.set_settings(BucketSettings(quota_size=1)), id="set_settings"),
    pytest.param(lambda b: b.remove(), id="remove"),
    pytest.param(lambda b: b.remove_entry("e"), id="remove_entry"),
    pytest.param(lambda b: b.rename("n"), id="rename"),
    pytest.param(lambda b: b.rename_entry("e", "f"), id="rename_entry"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("act", BUCKET_METHODS)
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("..", ValueError, id="dotdot"),
        pytest.param(".", ValueError, id="dot"),
        pytest.param("", ValueError, id="empty"),
        pytest.param("a\r\nb", ValueError, id="crlf"),
        pytest.param(5, TypeError, id="int"),
        pytest.param(None, TypeError, id="None"),
    ],
)
def test_bucket_name_changed_by_the_caller(mode: str, act: Any, name: Any, expected: type[Exception]) -> None:
    """``name`` is a public attribute (reduct-py's): a bad value is refused when assigned or when used."""

    def assign_and_call(bucket: Any) -> Any:
        bucket.name = name
        return act(bucket)

    exc, recorder = call(mode, "reduct", assign_and_call, on_bucket=True)
    check(exc, recorder, expected, ("name",))


# ------------------------------------------------------------------------------------------------
# call time: models, enums and other arguments (ReductStore)


def _mutated(model: Any, field: str, value: Any) -> Any:
    """A model whose field was changed behind the validators' back (as a buggy caller might)."""
    object.__setattr__(model, field, value)
    return model


def _perms_with_int() -> Permissions:
    perms = Permissions(read=["a"])
    perms.read.append(1)  # type: ignore[arg-type]
    return perms


def _repl_with_int_entry() -> ReplicationSettings:
    settings = _replication()
    settings.entries.append(5)  # type: ignore[arg-type]
    return settings


def _lc_with_none_entry() -> LifecycleSettings:
    settings = _lifecycle()
    settings.entries.append(None)  # type: ignore[arg-type]
    return settings


def _bucket_with_unsendable_extra() -> BucketSettings:
    settings = BucketSettings(quota_type="FIFO")
    settings.additional_properties["x"] = object()
    return settings


def _replication_with_nan_condition() -> ReplicationSettings:
    settings = ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="http://h", when={"$in": ["&x", 1]})
    settings.when["$in"].append(NAN)  # the model checked the condition when it was set, not afterwards
    return settings


def _lifecycle_with_inf_condition() -> LifecycleSettings:
    settings = LifecycleSettings(bucket="a", older_than="1d", when={"&x": {"$gt": 1}})
    settings.when["&x"]["$gt"] = INF
    return settings


def _naive() -> datetime.datetime:
    return datetime.datetime(2030, 1, 1)  # naive on purpose


REDUCT_CALL_CASES = [
    # create_bucket
    pytest.param(
        lambda c: c.create_bucket("b", {"quota_type": "FIFO"}),
        TypeError,
        ("settings", "BucketSettings"),
        id="create_bucket-dict-settings",
    ),
    pytest.param(
        lambda c: c.create_bucket("b", LifecycleSettings(bucket="a", older_than="1d")),
        TypeError,
        ("settings", "BucketSettings"),
        id="create_bucket-wrong-model",
    ),
    pytest.param(
        lambda c: c.create_bucket("b", _mutated(BucketSettings(), "quota_size", "10")),
        TypeError,
        ("settings", "quota_size"),
        id="create_bucket-str-field",
    ),
    pytest.param(
        lambda c: c.create_bucket("b", _mutated(BucketSettings(), "max_block_records", True)),
        TypeError,
        ("settings", "max_block_records"),
        id="create_bucket-bool-for-int",
    ),
    pytest.param(
        lambda c: c.create_bucket("b", _mutated(BucketSettings(), "quota_size", NAN)),
        TypeError,
        ("settings", "quota_size"),
        id="create_bucket-nan-for-int",
    ),
    pytest.param(
        lambda c: c.create_bucket("b", _mutated(BucketSettings(), "quota_type", "FIFO ")),
        TypeError,
        ("settings", "quota_type"),
        id="create_bucket-str-for-enum",
    ),
    pytest.param(
        lambda c: c.create_bucket("b", _bucket_with_unsendable_extra()),
        (ValueError, TypeError),
        ("settings",),
        id="create_bucket-unsendable-extra",
    ),
    pytest.param(lambda c: c.create_bucket("b", exist_ok="yes"), TypeError, ("exist_ok",), id="exist_ok-str"),
    pytest.param(lambda c: c.create_bucket("b", exist_ok=1), TypeError, ("exist_ok",), id="exist_ok-int"),
    pytest.param(lambda c: c.create_bucket("b", exist_ok=None), TypeError, ("exist_ok",), id="exist_ok-None"),
    # tokens
    pytest.param(
        lambda c: c.create_token("t", {"full_access": True}),
        TypeError,
        ("permissions", "Permissions"),
        id="create_token-dict",
    ),
    pytest.param(lambda c: c.create_token("t", None), TypeError, ("permissions",), id="create_token-None"),
    pytest.param(
        lambda c: c.create_token("t", _perms_with_int()),
        TypeError,
        ("permissions", "read"),
        id="create_token-list-mutated",
    ),
    pytest.param(
        lambda c: c.create_token("t", _mutated(Permissions(), "full_access", 1)),
        TypeError,
        ("permissions", "full_access"),
        id="create_token-int-for-bool",
    ),
    pytest.param(
        lambda c: c.create_token("t", _mutated(Permissions(), "write", "bucket")),
        TypeError,
        ("permissions", "write"),
        id="create_token-str-for-list",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), expires_at="2030-01-01T00:00:00Z"),
        TypeError,
        ("expires_at",),
        id="expires_at-str",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), expires_at=1893456000),
        TypeError,
        ("expires_at",),
        id="expires_at-int",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), expires_at=_naive()),
        ValueError,
        ("expires_at",),
        id="expires_at-naive",
    ),
    pytest.param(lambda c: c.create_token("t", Permissions(), ttl=True), TypeError, ("ttl",), id="ttl-bool"),
    pytest.param(lambda c: c.create_token("t", Permissions(), ttl=1.5), TypeError, ("ttl",), id="ttl-float"),
    pytest.param(lambda c: c.create_token("t", Permissions(), ttl=NAN), TypeError, ("ttl",), id="ttl-nan"),
    pytest.param(lambda c: c.create_token("t", Permissions(), ttl="60"), TypeError, ("ttl",), id="ttl-str"),
    pytest.param(lambda c: c.create_token("t", Permissions(), ttl=0), ValueError, ("ttl",), id="ttl-0"),
    pytest.param(lambda c: c.create_token("t", Permissions(), ttl=-1), ValueError, ("ttl",), id="ttl-negative"),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), ip_allowlist="10.0.0.1"),
        TypeError,
        ("ip_allowlist",),
        id="ip_allowlist-str",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), ip_allowlist=[1]),
        TypeError,
        ("ip_allowlist",),
        id="ip_allowlist-int-item",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), ip_allowlist=[b"10.0.0.1"]),
        TypeError,
        ("ip_allowlist",),
        id="ip_allowlist-bytes-item",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), ip_allowlist=["10.0.0.1\r\n"]),
        ValueError,
        ("ip_allowlist",),
        id="ip_allowlist-crlf",
    ),
    pytest.param(
        lambda c: c.create_token("t", Permissions(), ip_allowlist=["\ud800"]),
        ValueError,
        ("ip_allowlist",),
        id="ip_allowlist-surrogate",
    ),
    # replications
    pytest.param(
        lambda c: c.create_replication("r", _lifecycle()),
        TypeError,
        ("settings", "ReplicationSettings"),
        id="create_replication-wrong-model",
    ),
    pytest.param(
        lambda c: c.create_replication("r", {"src_bucket": "a"}), TypeError, ("settings",), id="create_replication-dict"
    ),
    pytest.param(
        lambda c: c.create_replication("r", _repl_with_int_entry()),
        TypeError,
        ("settings", "entries"),
        id="create_replication-list-mutated",
    ),
    pytest.param(
        lambda c: c.update_replication("r", _mutated(_replication(), "dst_host", 5)),
        TypeError,
        ("settings", "dst_host"),
        id="update_replication-int-field",
    ),
    pytest.param(
        lambda c: c.update_replication("r", _mutated(_replication(), "mode", "paused ")),
        TypeError,
        ("settings", "mode"),
        id="update_replication-str-for-enum",
    ),
    pytest.param(lambda c: c.update_replication("r", None), TypeError, ("settings",), id="update_replication-None"),
    pytest.param(
        lambda c: c.create_replication("r", _replication_with_nan_condition()),
        (ValueError, TypeError),
        ("settings", "when"),
        id="create_replication-nan-condition",
    ),
    pytest.param(
        lambda c: c.set_replication_mode("r", "pause"),
        ValueError,
        ("mode", "enabled", "paused", "disabled"),
        id="replication-mode-pause",
    ),
    pytest.param(
        lambda c: c.set_replication_mode("r", ""),
        ValueError,
        ("mode", "enabled", "paused", "disabled"),
        id="replication-mode-empty",
    ),
    pytest.param(
        lambda c: c.set_replication_mode("r", "paused\r\n"), ValueError, ("mode",), id="replication-mode-crlf"
    ),
    pytest.param(
        lambda c: c.set_replication_mode("r", LifecycleMode.DRY_RUN),
        ValueError,
        ("mode",),
        id="replication-mode-lifecycle-enum",
    ),
    pytest.param(lambda c: c.set_replication_mode("r", 1), TypeError, ("mode",), id="replication-mode-int"),
    pytest.param(lambda c: c.set_replication_mode("r", None), TypeError, ("mode",), id="replication-mode-None"),
    pytest.param(lambda c: c.set_replication_mode("r", b"paused"), TypeError, ("mode",), id="replication-mode-bytes"),
    pytest.param(lambda c: c.set_replication_mode("r", True), TypeError, ("mode",), id="replication-mode-bool"),
    # lifecycles
    pytest.param(
        lambda c: c.create_lifecycle("l", _replication()),
        TypeError,
        ("settings", "LifecycleSettings"),
        id="create_lifecycle-wrong-model",
    ),
    pytest.param(
        lambda c: c.update_lifecycle("l", _lc_with_none_entry()),
        TypeError,
        ("settings", "entries"),
        id="update_lifecycle-list-mutated",
    ),
    pytest.param(
        lambda c: c.create_lifecycle("l", _mutated(_lifecycle(), "older_than", 30)),
        TypeError,
        ("settings", "older_than"),
        id="create_lifecycle-int-field",
    ),
    pytest.param(
        lambda c: c.update_lifecycle("l", _lifecycle_with_inf_condition()),
        (ValueError, TypeError),
        ("settings", "when"),
        id="update_lifecycle-inf-condition",
    ),
    pytest.param(
        lambda c: c.set_lifecycle_mode("l", "paused"),
        ValueError,
        ("mode", "enabled", "disabled", "dry_run"),
        id="lifecycle-mode-paused",
    ),
    pytest.param(
        lambda c: c.set_lifecycle_mode("l", ReplicationMode.PAUSED),
        ValueError,
        ("mode",),
        id="lifecycle-mode-replication-enum",
    ),
    pytest.param(lambda c: c.set_lifecycle_mode("l", 0), TypeError, ("mode",), id="lifecycle-mode-int"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("act", "expected", "names"), REDUCT_CALL_CASES)
def test_bad_argument_client(mode: str, act: Any, expected: type[Exception], names: tuple[str, ...]) -> None:
    exc, recorder = call(mode, "reduct", act)
    check(exc, recorder, expected, names)


BUCKET_CALL_CASES = [
    pytest.param(lambda b: b.set_settings({"quota_size": 1}), TypeError, ("settings", "BucketSettings"), id="dict"),
    pytest.param(lambda b: b.set_settings(None), TypeError, ("settings",), id="None"),
    pytest.param(lambda b: b.set_settings(_lifecycle()), TypeError, ("settings", "BucketSettings"), id="wrong-model"),
    pytest.param(
        lambda b: b.set_settings(_mutated(BucketSettings(), "max_block_size", True)),
        TypeError,
        ("settings", "max_block_size"),
        id="bool-for-int",
    ),
    pytest.param(
        lambda b: b.set_settings(_mutated(BucketSettings(), "quota_size", 1.5)),
        TypeError,
        ("settings", "quota_size"),
        id="float-for-int",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("act", "expected", "names"), BUCKET_CALL_CASES)
def test_bad_argument_bucket(mode: str, act: Any, expected: type[Exception], names: tuple[str, ...]) -> None:
    exc, recorder = call(mode, "reduct", act, on_bucket=True)
    check(exc, recorder, expected, names)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("method", "value"),
    [
        ("set_replication_mode", "PAUSED"),
        ("set_replication_mode", ReplicationMode.DISABLED),
        ("set_lifecycle_mode", "DRY_RUN"),
        ("set_lifecycle_mode", LifecycleMode.ENABLED),
    ],
)
def test_valid_modes_are_sent(mode: str, method: str, value: Any) -> None:
    exc, recorder = call(mode, "reduct", lambda c: getattr(c, method)("x", value))
    assert exc is None
    assert len(recorder.requests) == 1


# ------------------------------------------------------------------------------------------------
# call time: the storage client


def _async_chunks(*chunks: Any) -> Any:
    async def gen() -> AsyncIterator[Any]:
        for chunk in chunks:
            yield chunk

    return gen()


def _sync_chunks(*chunks: Any) -> Iterator[Any]:
    yield from chunks


BAD_CONTENT_TYPES = [
    pytest.param("text/€", ValueError, id="euro"),
    pytest.param("", ValueError, id="empty"),
    pytest.param("image", ValueError, id="no-subtype"),
    pytest.param("image/", ValueError, id="empty-subtype"),
    pytest.param("/png", ValueError, id="empty-type"),
    pytest.param("image/png\r\nX-Evil: 1", ValueError, id="crlf"),
    pytest.param("image/png\n", ValueError, id="lf"),
    pytest.param("image/png\r\n", ValueError, id="trailing-crlf"),
    pytest.param("image/png\r\n; q=1", ValueError, id="crlf-before-param"),
    pytest.param("image/png;\r\n q=1", ValueError, id="crlf-after-semicolon"),
    pytest.param("image/png\r", ValueError, id="trailing-cr"),
    pytest.param("image/png\x0b", ValueError, id="trailing-vt"),
    pytest.param("image/png\x00", ValueError, id="nul"),
    pytest.param("image/png; charset=\ud800", ValueError, id="surrogate"),
    pytest.param("image/png;", ValueError, id="dangling-semicolon"),
    pytest.param("image/png; charset", ValueError, id="param-without-value"),
    pytest.param("image png", ValueError, id="space"),
    pytest.param(123, TypeError, id="int"),
    pytest.param(None, TypeError, id="None"),
    pytest.param(b"image/png", TypeError, id="bytes"),
]
BAD_TEXT = [
    pytest.param("a\r\nb", ValueError, id="crlf"),
    pytest.param("a\n", ValueError, id="lf"),
    pytest.param("a\x00", ValueError, id="nul"),
    pytest.param("a\x1b", ValueError, id="esc"),
    pytest.param("a\x7f", ValueError, id="del"),
    pytest.param("\ud800", ValueError, id="surrogate"),
    pytest.param(1, TypeError, id="int"),
    pytest.param(b"news", TypeError, id="bytes"),
]

# Each storage operation with one argument replaced by ``v``.
CONTENT_TYPE_METHODS = [
    pytest.param(lambda c, v: c.create_upload(v), id="create_upload"),
    pytest.param(lambda c, v: c.upload(b"x", v), id="upload"),
    pytest.param(lambda c, v: c.upload(_sync_chunks(b"x"), v), id="upload-iterator"),
    pytest.param(lambda c, v: c.upload_file(b"x", "f.png", v), id="upload_file"),
]
PREFIX_METHODS = [
    pytest.param(lambda c, v: c.create_upload("image/png", v), id="create_upload"),
    pytest.param(lambda c, v: c.create_upload("image/png", prefix=v), id="create_upload-kw"),
    pytest.param(lambda c, v: c.upload(b"x", "image/png", v), id="upload"),
    pytest.param(lambda c, v: c.upload_file(b"x", "f.png", "image/png", v), id="upload_file"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("act", CONTENT_TYPE_METHODS)
@pytest.mark.parametrize(("value", "expected"), BAD_CONTENT_TYPES)
def test_bad_content_type(mode: str, act: Any, value: Any, expected: type[Exception]) -> None:
    exc, recorder = call(mode, "storage", lambda c: act(c, value))
    check(exc, recorder, expected, ("content_type",))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("act", PREFIX_METHODS)
@pytest.mark.parametrize(("value", "expected"), [*BAD_TEXT, pytest.param(None, TypeError, id="None")])
def test_bad_prefix(mode: str, act: Any, value: Any, expected: type[Exception]) -> None:
    exc, recorder = call(mode, "storage", lambda c: act(c, value))
    check(exc, recorder, expected, ("prefix",))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("value", "expected"),
    [*BAD_TEXT, pytest.param("", ValueError, id="empty"), pytest.param(None, TypeError, id="None")],
)
def test_bad_filename(mode: str, value: Any, expected: type[Exception]) -> None:
    exc, recorder = call(mode, "storage", lambda c: c.upload_file(b"x", value, "image/png"))
    check(exc, recorder, expected, ("filename",))


STORAGE_CALL_CASES = [
    # delete_object
    pytest.param(lambda c: c.delete_object(), ValueError, ("public_url", "key"), id="delete-neither"),
    pytest.param(lambda c: c.delete_object(None, None), ValueError, ("public_url", "key"), id="delete-None-None"),
    pytest.param(lambda c: c.delete_object("", ""), ValueError, ("public_url", "key"), id="delete-empty-empty"),
    pytest.param(lambda c: c.delete_object(public_url=1), TypeError, ("public_url",), id="delete-public_url-int"),
    pytest.param(
        lambda c: c.delete_object(public_url=b"http://p/k"), TypeError, ("public_url",), id="delete-public_url-bytes"
    ),
    pytest.param(
        lambda c: c.delete_object(public_url="http://p/k\r\n"), ValueError, ("public_url",), id="delete-public_url-crlf"
    ),
    pytest.param(
        lambda c: c.delete_object(public_url="http://p/\ud800"),
        ValueError,
        ("public_url",),
        id="delete-public_url-surrogate",
    ),
    pytest.param(lambda c: c.delete_object(key=["k"]), TypeError, ("key",), id="delete-key-list"),
    pytest.param(lambda c: c.delete_object(key="a\nb"), ValueError, ("key",), id="delete-key-lf"),
    pytest.param(lambda c: c.delete_object(key="k\x00"), ValueError, ("key",), id="delete-key-nul"),
    pytest.param(lambda c: c.delete_object("http://p/k", key=5), TypeError, ("key",), id="delete-good-url-bad-key"),
    # upload_file content
    pytest.param(lambda c: c.upload_file(123, "f", "image/png"), TypeError, ("content",), id="upload_file-int"),
    pytest.param(lambda c: c.upload_file(None, "f", "image/png"), TypeError, ("content",), id="upload_file-None"),
    pytest.param(
        lambda c: c.upload_file(io.StringIO("text"), "f", "text/plain"),
        TypeError,
        ("content",),
        id="upload_file-text-file",
    ),
    pytest.param(lambda c: c.upload_file([b"a"], "f", "image/png"), TypeError, ("content",), id="upload_file-list"),
    # upload source
    pytest.param(lambda c: c.upload(123, "image/png"), TypeError, ("source",), id="upload-int"),
    pytest.param(lambda c: c.upload(None, "image/png"), TypeError, ("source",), id="upload-None"),
    pytest.param(lambda c: c.upload(1.5, "image/png"), TypeError, ("source",), id="upload-float"),
    pytest.param(lambda c: c.upload(io.StringIO("text"), "text/plain"), TypeError, ("source",), id="upload-text-file"),
    pytest.param(lambda c: c.upload([b"a", "b"], "image/png"), TypeError, ("source",), id="upload-list-with-str"),
    pytest.param(
        lambda c: c.upload(_sync_chunks(b"a", 1), "image/png"), TypeError, ("source",), id="upload-iterator-with-int"
    ),
    pytest.param(
        lambda c: c.upload(_async_chunks(b"a", "b"), "image/png"),
        TypeError,
        ("source",),
        id="upload-async-iterator-with-str",
    ),
    pytest.param(lambda c: c.upload({"a": b"x"}, "image/png"), TypeError, ("source",), id="upload-dict"),
    # progress
    pytest.param(lambda c: c.upload(b"x", "image/png", progress=5), TypeError, ("progress",), id="progress-int"),
    pytest.param(lambda c: c.upload(b"x", "image/png", progress="print"), TypeError, ("progress",), id="progress-str"),
    pytest.param(lambda c: c.upload(b"x", "image/png", progress=[print]), TypeError, ("progress",), id="progress-list"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("act", "expected", "names"), STORAGE_CALL_CASES)
def test_bad_argument_storage(mode: str, act: Any, expected: type[Exception], names: tuple[str, ...]) -> None:
    exc, recorder = call(mode, "storage", act)
    check(exc, recorder, expected, names)


@pytest.mark.parametrize("mode", MODES)
def test_async_iterator_source_on_the_sync_client(mode: str) -> None:
    """The sync twin cannot read an async iterator: TypeError naming source; the async twin uploads it."""
    exc, recorder = call(mode, "storage", lambda c: c.upload(_async_chunks(b"a"), "image/png"))
    if mode == "sync":
        check(exc, recorder, TypeError, ("source",))
    else:
        assert exc is None
        assert [r.url.path for r in recorder.requests] == ["/uploads", "/b/k"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "content_type",
    [
        "image/png",
        "text/plain; charset=utf-8",
        'text/plain; charset="utf-8"',
        "application/vnd.api+json",
        "image/svg+xml",
    ],
)
def test_valid_content_types_are_sent(mode: str, content_type: str) -> None:
    exc, recorder = call(mode, "storage", lambda c: c.upload(b"x", content_type, "news/2024"))
    assert exc is None
    _post, put = recorder.requests
    assert put.headers["content-type"] == content_type
    assert API_KEY not in str(put.headers)
