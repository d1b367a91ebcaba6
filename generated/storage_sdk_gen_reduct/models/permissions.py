from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    is_list_of,
    is_type,
    mismatch,
    refill,
    str_list,
)


@_attrs_define(kw_only=True)
class Permissions:
    """Token permissions. Missing fields mean `false` / `[]`."""

    full_access: bool = _attrs_field(default=False, validator=is_type(bool))
    read: list[str] = _attrs_field(factory=list, converter=str_list, validator=is_list_of(str))
    """Bucket names or wildcards (`bucket-*`) the token may read."""
    write: list[str] = _attrs_field(factory=list, converter=str_list, validator=is_list_of(str))
    """Bucket names or wildcards the token may write."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.full_access
        if v is not None:
            d["full_access"] = v
        v = self.read
        if v is not None:
            d["read"] = list(v)
        v = self.write
        if v is not None:
            d["write"] = list(v)
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("Permissions", "object", src_dict)
        obj = permissions_from_dict(src_dict)
        if cls is Permissions:
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


class _Fill(Permissions):
    """What ``from_dict`` fills before the object becomes a ``Permissions``: its attributes are set
    without the checks ``Permissions.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "full_access",
        "read",
        "write",
    }
)
_new = object.__new__


def permissions_from_dict(d: Mapping[str, Any]) -> Permissions:
    """``Permissions.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``Permissions`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    v = d.get("full_access", _MISSING)
    if v is _MISSING:
        v = False
    else:
        found += 1
        if v is not True and v is not False:
            raise mismatch("Permissions.full_access", "boolean", v)
    obj.full_access = v
    v = d.get("read", _MISSING)
    if v is _MISSING:
        v = []
    else:
        found += 1
        if type(v) is not list:
            raise mismatch("Permissions.read", "array", v)
        for item in v:
            if type(item) is not str:
                raise mismatch("Permissions.read", "an array of strings", item)
    obj.read = v
    v = d.get("write", _MISSING)
    if v is _MISSING:
        v = []
    else:
        found += 1
        if type(v) is not list:
            raise mismatch("Permissions.write", "array", v)
        for item in v:
            if type(item) is not str:
                raise mismatch("Permissions.write", "an array of strings", item)
    obj.write = v
    if len(d) > 0 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = Permissions
    return obj
