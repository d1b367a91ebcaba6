from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_mode import (
    ReplicationMode,
    replication_mode_by_value,
    replication_mode_from_wire,
    to_replication_mode,
)
from ..types import (
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class ReplicationInfo:
    """ReplicationInfo (see the spec)."""

    name: str = _attrs_field(validator=is_type(str))
    mode: ReplicationMode = _attrs_field(default=ReplicationMode.ENABLED, converter=to_replication_mode)
    is_active: bool = _attrs_field(validator=is_type(bool))
    is_provisioned: bool = _attrs_field(validator=is_type(bool))
    pending_records: int = _attrs_field(validator=is_type(int))
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.name
        d["name"] = v
        v = self.mode
        d["mode"] = v.value
        v = self.is_active
        d["is_active"] = v
        v = self.is_provisioned
        d["is_provisioned"] = v
        v = self.pending_records
        d["pending_records"] = v
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("ReplicationInfo", "object", src_dict)
        obj = replication_info_from_dict(src_dict)
        if cls is ReplicationInfo:
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


class _Fill(ReplicationInfo):
    """What ``from_dict`` fills before the object becomes a ``ReplicationInfo``: its attributes are set
    without the checks ``ReplicationInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "name",
        "mode",
        "is_active",
        "is_provisioned",
        "pending_records",
    }
)
_new = object.__new__


def replication_info_from_dict(d: Mapping[str, Any]) -> ReplicationInfo:
    """``ReplicationInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``ReplicationInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["name"]
    except KeyError:
        raise missing("ReplicationInfo.name") from None
    if type(v) is not str:
        raise mismatch("ReplicationInfo.name", "string", v)
    obj.name = v
    v = d.get("mode", _MISSING)
    if v is _MISSING:
        v = ReplicationMode.ENABLED
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("ReplicationInfo.mode", "string", v)
        v = replication_mode_by_value.get(v) or replication_mode_from_wire(v)
    obj.mode = v
    try:
        v = d["is_active"]
    except KeyError:
        raise missing("ReplicationInfo.is_active") from None
    if v is not True and v is not False:
        raise mismatch("ReplicationInfo.is_active", "boolean", v)
    obj.is_active = v
    try:
        v = d["is_provisioned"]
    except KeyError:
        raise missing("ReplicationInfo.is_provisioned") from None
    if v is not True and v is not False:
        raise mismatch("ReplicationInfo.is_provisioned", "boolean", v)
    obj.is_provisioned = v
    try:
        v = d["pending_records"]
    except KeyError:
        raise missing("ReplicationInfo.pending_records") from None
    if type(v) is not int:
        raise mismatch("ReplicationInfo.pending_records", "integer", v)
    obj.pending_records = v
    if len(d) > 4 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = ReplicationInfo
    return obj
