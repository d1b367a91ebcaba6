"""The spec validators used by the facade tests can fail: each kind of violation is caught."""

import httpx
import pytest

from tests.spec_check import validate_request, validate_response


def test_ok():
    r = httpx.Request("GET", "http://h:1/api/v1/info", headers={"Authorization": "Bearer x"})
    validate_request("reduct", r)
    validate_response(
        "reduct",
        r,
        httpx.Response(
            200,
            json={
                "version": "1",
                "bucket_count": 1,
                "usage": 1,
                "uptime": 1,
                "oldest_record": 1,
                "latest_record": 1,
                "defaults": {"bucket": {}},
                "license": None,
            },
        ),
    )


def test_bad_req():
    r = httpx.Request(
        "POST", "http://h:1/api/v1/b/x", headers={"Authorization": "Bearer x"}, json={"quota_type": "BAD"}
    )
    with pytest.raises(AssertionError, match="quota"):
        validate_request("reduct", r)


def test_noauth():
    # opengater-storage always wants its key: a request without X-API-Key is caught
    body = {"content_type": "image/png", "prefix": ""}
    with pytest.raises(AssertionError, match=r"violates storage\.yaml"):
        validate_request("storage", httpx.Request("POST", "http://h:1/uploads", json=body))
    validate_request("storage", httpx.Request("POST", "http://h:1/uploads", headers={"X-API-Key": "k"}, json=body))


def test_reduct_token_is_optional_per_spec():
    # ReductStore runs without authentication when it has no RS_API_TOKEN: the spec allows no token
    # (security: bearerAuth or nothing), and the client sends none when given none
    validate_request("reduct", httpx.Request("GET", "http://h:1/api/v1/info"))


def test_bad_resp():
    r = httpx.Request("GET", "http://h:1/api/v1/info", headers={"Authorization": "Bearer x"})
    with pytest.raises(AssertionError, match=r"usage|required"):
        validate_response("reduct", r, httpx.Response(200, json={"version": "1"}))


def test_storage_multipart():
    r = httpx.Request(
        "POST",
        "http://h:1/uploads/file",
        headers={"X-API-Key": "k"},
        files={"file": ("a.png", b"123", "image/png")},
        data={"prefix": "p"},
    )
    validate_request("storage", r)


def test_storage_delete():
    r = httpx.Request("DELETE", "http://h:1/objects", headers={"X-API-Key": "k"}, json={"key": "a"})
    validate_request("storage", r)
    with pytest.raises(AssertionError):
        validate_request("storage", httpx.Request("DELETE", "http://h:1/objects", headers={"X-API-Key": "k"}, json={}))
