from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.permissions import Permissions, permissions_from_dict
from ..types import (
    decode_datetime,
    encode_datetime,
    is_list_of,
    is_type,
    mismatch,
    missing,
    refill,
    str_list,
)


@_attrs_define(kw_only=True)
class TokenCreateRequest:
    """TokenCreateRequest (see the spec)."""

    permissions: Permissions = _attrs_field(validator=is_type(Permissions))
    """Token permissions. Missing fields mean `false` / `[]`."""
    expires_at: datetime.datetime | None = _attrs_field(
        default=None, validator=is_type(datetime.datetime, nullable=True)
    )
    """Expiry date; must not be in the past."""
    ttl: int | None = _attrs_field(default=None, validator=is_type(int, nullable=True))
    """Inactivity time-to-live in seconds; must be greater than zero."""
    ip_allowlist: list[str] = _attrs_field(factory=list, converter=str_list, validator=is_list_of(str))
    """IP addresses or CIDR ranges allowed to use the token."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = {}
        v: Any
        v = self.permissions
        d["permissions"] = v.to_dict()
        v = self.expires_at
        if v is not None:
            d["expires_at"] = encode_datetime(v)
        v = self.ttl
        if v is not None:
            d["ttl"] = v
        v = self.ip_allowlist
        if v is not None:
            d["ip_allowlist"] = list(v)
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("TokenCreateRequest", "object", src_dict)
        obj = token_create_request_from_dict(src_dict)
        if cls is TokenCreateRequest:
            return obj  # type: ignore[return-value]
        return refill(cls, obj)  # a subclass of the model, with its own layout


class _Fill(TokenCreateRequest):
    """What ``from_dict`` fills before the object becomes a ``TokenCreateRequest``: its attributes are set
    without the checks ``TokenCreateRequest.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "permissions",
        "expires_at",
        "ttl",
        "ip_allowlist",
    }
)
_new = object.__new__


def token_create_request_from_dict(d: Mapping[str, Any]) -> TokenCreateRequest:
    """``TokenCreateRequest.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``TokenCreateRequest`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    try:
        v = d["permissions"]
    except KeyError:
        raise missing("TokenCreateRequest.permissions") from None
    if type(v) is not dict:
        raise mismatch("TokenCreateRequest.permissions", "object", v)
    v = permissions_from_dict(v)
    obj.permissions = v
    v = d.get("expires_at", _MISSING)
    if v is _MISSING:
        v = None
    else:
        if v is not None:
            v = decode_datetime(v, "TokenCreateRequest.expires_at")
    obj.expires_at = v
    v = d.get("ttl", _MISSING)
    if v is _MISSING:
        v = None
    else:
        if v is not None:
            if type(v) is not int:
                raise mismatch("TokenCreateRequest.ttl", "integer", v)
    obj.ttl = v
    v = d.get("ip_allowlist", _MISSING)
    if v is _MISSING:
        v = []
    else:
        if type(v) is not list:
            raise mismatch("TokenCreateRequest.ip_allowlist", "array", v)
        for item in v:
            if type(item) is not str:
                raise mismatch("TokenCreateRequest.ip_allowlist", "an array of strings", item)
    obj.ip_allowlist = v
    obj.__class__ = TokenCreateRequest
    return obj
