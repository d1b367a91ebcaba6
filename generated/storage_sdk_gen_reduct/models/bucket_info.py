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
class BucketInfo:
    """BucketInfo (see the spec)."""

    name: str = _attrs_field(validator=is_type(str))
    entry_count: int = _attrs_field(validator=is_type(int))
    size: int = _attrs_field(validator=is_type(int))
    oldest_record: int = _attrs_field(validator=is_type(int))
    latest_record: int = _attrs_field(validator=is_type(int))
    is_provisioned: bool = _attrs_field(default=False, validator=is_type(bool))
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
        v = self.entry_count
        d["entry_count"] = v
        v = self.size
        d["size"] = v
        v = self.oldest_record
        d["oldest_record"] = v
        v = self.latest_record
        d["latest_record"] = v
        v = self.is_provisioned
        d["is_provisioned"] = v
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
            raise mismatch("BucketInfo", "object", src_dict)
        obj = bucket_info_from_dict(src_dict)
        if cls is BucketInfo:
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


class _Fill(BucketInfo):
    """What ``from_dict`` fills before the object becomes a ``BucketInfo``: its attributes are set
    without the checks ``BucketInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "name",
        "entry_count",
        "size",
        "oldest_record",
        "latest_record",
        "is_provisioned",
        "status",
    }
)
_new = object.__new__


def bucket_info_from_dict(d: Mapping[str, Any]) -> BucketInfo:
    """``BucketInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``BucketInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["name"]
    except KeyError:
        raise missing("BucketInfo.name") from None
    if type(v) is not str:
        raise mismatch("BucketInfo.name", "string", v)
    obj.name = v
    try:
        v = d["entry_count"]
    except KeyError:
        raise missing("BucketInfo.entry_count") from None
    if type(v) is not int:
        raise mismatch("BucketInfo.entry_count", "integer", v)
    obj.entry_count = v
    try:
        v = d["size"]
    except KeyError:
        raise missing("BucketInfo.size") from None
    if type(v) is not int:
        raise mismatch("BucketInfo.size", "integer", v)
    obj.size = v
    try:
        v = d["oldest_record"]
    except KeyError:
        raise missing("BucketInfo.oldest_record") from None
    if type(v) is not int:
        raise mismatch("BucketInfo.oldest_record", "integer", v)
    obj.oldest_record = v
    try:
        v = d["latest_record"]
    except KeyError:
        raise missing("BucketInfo.latest_record") from None
    if type(v) is not int:
        raise mismatch("BucketInfo.latest_record", "integer", v)
    obj.latest_record = v
    v = d.get("is_provisioned", _MISSING)
    if v is _MISSING:
        v = False
    else:
        found += 1
        if v is not True and v is not False:
            raise mismatch("BucketInfo.is_provisioned", "boolean", v)
    obj.is_provisioned = v
    v = d.get("status", _MISSING)
    if v is _MISSING:
        v = Status.READY
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("BucketInfo.status", "string", v)
        v = status_by_value.get(v) or status_from_wire(v)
    obj.status = v
    if len(d) > 5 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = BucketInfo
    return obj
