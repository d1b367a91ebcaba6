from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status import Status, status_by_value, status_from_wire, to_status
from ..types import (
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class EntryInfo:
    """EntryInfo (see the spec)."""

    name: str = _attrs_field(validator=is_type(str))
    size: int = _attrs_field(validator=is_type(int))
    record_count: int = _attrs_field(validator=is_type(int))
    block_count: int = _attrs_field(validator=is_type(int))
    oldest_record: int = _attrs_field(validator=is_type(int))
    latest_record: int = _attrs_field(validator=is_type(int))
    status: Status = _attrs_field(default=Status.READY, converter=to_status)
    """Status of a bucket or entry (server 1.18+)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.name
        d["name"] = v
        v = self.size
        d["size"] = v
        v = self.record_count
        d["record_count"] = v
        v = self.block_count
        d["block_count"] = v
        v = self.oldest_record
        d["oldest_record"] = v
        v = self.latest_record
        d["latest_record"] = v
        v = self.status
        d["status"] = v.value
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("EntryInfo", "object", src_dict)
        obj = entry_info_from_dict(src_dict)
        if cls is EntryInfo:
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


class _Fill(EntryInfo):
    """What ``from_dict`` fills before the object becomes a ``EntryInfo``: its attributes are set
    without the checks ``EntryInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "name",
        "size",
        "record_count",
        "block_count",
        "oldest_record",
        "latest_record",
        "status",
    }
)
_new = object.__new__


def entry_info_from_dict(d: Mapping[str, Any]) -> EntryInfo:
    """``EntryInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``EntryInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["name"]
    except KeyError:
        raise missing("EntryInfo.name") from None
    if type(v) is not str:
        raise mismatch("EntryInfo.name", "string", v)
    obj.name = v
    try:
        v = d["size"]
    except KeyError:
        raise missing("EntryInfo.size") from None
    if type(v) is not int:
        raise mismatch("EntryInfo.size", "integer", v)
    obj.size = v
    try:
        v = d["record_count"]
    except KeyError:
        raise missing("EntryInfo.record_count") from None
    if type(v) is not int:
        raise mismatch("EntryInfo.record_count", "integer", v)
    obj.record_count = v
    try:
        v = d["block_count"]
    except KeyError:
        raise missing("EntryInfo.block_count") from None
    if type(v) is not int:
        raise mismatch("EntryInfo.block_count", "integer", v)
    obj.block_count = v
    try:
        v = d["oldest_record"]
    except KeyError:
        raise missing("EntryInfo.oldest_record") from None
    if type(v) is not int:
        raise mismatch("EntryInfo.oldest_record", "integer", v)
    obj.oldest_record = v
    try:
        v = d["latest_record"]
    except KeyError:
        raise missing("EntryInfo.latest_record") from None
    if type(v) is not int:
        raise mismatch("EntryInfo.latest_record", "integer", v)
    obj.latest_record = v
    v = d.get("status", _MISSING)
    if v is _MISSING:
        v = Status.READY
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("EntryInfo.status", "string", v)
        v = status_by_value.get(v) or status_from_wire(v)
    obj.status = v
    if len(d) > 6 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = EntryInfo
    return obj
