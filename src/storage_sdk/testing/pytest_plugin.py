"""pytest fixtures giving a fresh fake per test; registered through the ``pytest11`` entry point.

The names carry the package's prefix so that they cannot clash with a project's own fixtures::

    def test_creates_a_bucket(storage_sdk_fake_reduct):
        with Client(storage_sdk_fake_reduct.url, api_token=storage_sdk_fake_reduct.api_token) as client:
            client.create_bucket("data")
        assert "data" in storage_sdk_fake_reduct.snapshot()["buckets"]

``storage_sdk_fake_reduct`` has the init token ``storage_sdk_fake_reduct.api_token``;
``storage_sdk_fake_storage`` has the key ``storage_sdk_fake_storage.api_key``. For other settings
(auth disabled, HTTPS, limits), create :class:`~storage_sdk.testing.FakeReduct` or
:class:`~storage_sdk.testing.FakeStorage` yourself in a fixture of yours.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from . import FakeReduct, FakeStorage

__all__ = ["storage_sdk_fake_reduct", "storage_sdk_fake_storage"]


@pytest.fixture
def storage_sdk_fake_reduct() -> Iterator[FakeReduct]:
    """A fresh :class:`~storage_sdk.testing.FakeReduct` with a random init token (``.api_token``)."""
    with FakeReduct(api_token=f"init-{secrets.token_hex(8)}") as server:
        yield server


@pytest.fixture
def storage_sdk_fake_storage() -> Iterator[FakeStorage]:
    """A fresh :class:`~storage_sdk.testing.FakeStorage` with a random API key (``.api_key``)."""
    with FakeStorage() as server:
        yield server
