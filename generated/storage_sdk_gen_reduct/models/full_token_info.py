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
class FullTokenInfo:
    """A token as the server reports it; `value` is always empty here."""

    name: str = _attrs_field(validator=is_type(str))
    value: str = _attrs_field(default="", validator=is_type(str))
    """Always empty here (the value is shown once, by create and rotate)."""
    created_at: datetime.datetime = _attrs_field(validator=is_type(datetime.datetime))
    permissions: Permissions | None = _attrs_field(validator=is_type(Permissions, nullable=True))
    is_provisioned: bool = _attrs_field(default=False, validator=is_type(bool))
    expires_at: datetime.datetime | None = _attrs_field(
        default=None, validator=is_type(datetime.datetime, nullable=True)
    )
    ttl: int | None = _attrs_field(default=None, validator=is_type(int, nullable=True))
    """Inactivity time-to-live in seconds."""
    last_access: datetime.datetime | None = _attrs_field(
        default=None, validator=is_type(datetime.datetime, nullable=True)
    )
    ip_allowlist: list[str] = _attrs_field(factory=list, converter=str_list, validator=is_list_of(str))
    is_expired: bool = _attrs_field(default=False, validator=is_type(bool))
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.name
        d["name"] = v
        v = self.value
        d["value"] = v
        v = self.created_at
        d["created_at"] = encode_datetime(v)
        v = self.permissions
        d["permissions"] = None if v is None else v.to_dict()
        v = self.is_provisioned
        d["is_provisioned"] = v
        v = self.expires_at
        d["expires_at"] = None if v is None else encode_datetime(v)
        v = self.ttl
        d["ttl"] = None if v is None else v
        v = self.last_access
        d["last_access"] = None if v is None else encode_datetime(v)
        v = self.ip_allowlist
        d["ip_allowlist"] = list(v)
        v = self.is_expired
        d["is_expired"] = v
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("FullTokenInfo", "object", src_dict)
        obj = full_token_info_from_dict(src_dict)
        if cls is FullTokenInfo:
            return obj  # type: ignore[return-value]
        return refill(cls, obj)  # a subclass of the model, with its own layout

    @property
    def additional_keys(self) -> list[str]:
        """The names of the fields in ``additional_properties``."""
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


class _Fill(FullTokenInfo):
    """What ``from_dict`` fills before the object becomes a ``FullTokenInfo``: its attributes are set
    without the checks ``FullTokenInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "name",
        "value",
        "created_at",
        "permissions",
        "is_provisioned",
        "expires_at",
        "ttl",
        "last_access",
        "ip_allowlist",
        "is_expired",
    }
)
_new = object.__new__


def full_token_info_from_dict(d: Mapping[str, Any]) -> FullTokenInfo:
    """``FullTokenInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``FullTokenInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["name"]
    except KeyError:
        raise missing("FullTokenInfo.name") from None
    if type(v) is not str:
        raise mismatch("FullTokenInfo.name", "string", v)
    obj.name = v
    v = d.get("value", _MISSING)
    if v is _MISSING:
        v = ""
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("FullTokenInfo.value", "string", v)
    obj.value = v
    try:
        v = d["created_at"]
    except KeyError:
        raise missing("FullTokenInfo.created_at") from None
    v = decode_datetime(v, "FullTokenInfo.created_at")
    obj.created_at = v
    try:
        v = d["permissions"]
    except KeyError:
        raise missing("FullTokenInfo.permissions") from None
    if v is not None:
        if type(v) is not dict:
            raise mismatch("FullTokenInfo.permissions", "object", v)
        v = permissions_from_dict(v)
    obj.permissions = v
    v = d.get("is_provisioned", _MISSING)
    if v is _MISSING:
        v = False
    else:
        found += 1
        if v is not True and v is not False:
            raise mismatch("FullTokenInfo.is_provisioned", "boolean", v)
    obj.is_provisioned = v
    v = d.get("expires_at", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            v = decode_datetime(v, "FullTokenInfo.expires_at")
    obj.expires_at = v
    v = d.get("ttl", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not int:
                raise mismatch("FullTokenInfo.ttl", "integer", v)
    obj.ttl = v
    v = d.get("last_access", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            v = decode_datetime(v, "FullTokenInfo.last_access")
    obj.last_access = v
    v = d.get("ip_allowlist", _MISSING)
    if v is _MISSING:
        v = []
    else:
        found += 1
        if type(v) is not list:
            raise mismatch("FullTokenInfo.ip_allowlist", "array", v)
        for item in v:
            if type(item) is not str:
                raise mismatch("FullTokenInfo.ip_allowlist", "an array of strings", item)
    obj.ip_allowlist = v
    v = d.get("is_expired", _MISSING)
    if v is _MISSING:
        v = False
    else:
        found += 1
        if v is not True and v is not False:
            raise mismatch("FullTokenInfo.is_expired", "boolean", v)
    obj.is_expired = v
    if len(d) > 3 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = FullTokenInfo
    return obj
