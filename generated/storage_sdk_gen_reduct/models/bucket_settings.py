from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quota_type import (
    QuotaType,
    quota_type_by_value,
    quota_type_from_wire,
    to_quota_type_or_none,
)
from ..types import (
    is_type,
    mismatch,
    refill,
)


@_attrs_define(kw_only=True)
class BucketSettings:
    """Bucket settings. In requests every field is optional (missing or `null` means the
    server default on create and "keep" on update); in responses all four are present.
    """

    quota_type: QuotaType | None = _attrs_field(default=None, converter=to_quota_type_or_none)
    """Quota type; `null` in a request means "unset"."""
    quota_size: int | None = _attrs_field(default=None, validator=is_type(int, nullable=True))
    """Quota size in bytes."""
    max_block_size: int | None = _attrs_field(default=None, validator=is_type(int, nullable=True))
    """Maximum size of a block in bytes."""
    max_block_records: int | None = _attrs_field(default=None, validator=is_type(int, nullable=True))
    """Maximum number of records in a block."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.quota_type
        if v is not None:
            d["quota_type"] = v.value
        v = self.quota_size
        if v is not None:
            d["quota_size"] = v
        v = self.max_block_size
        if v is not None:
            d["max_block_size"] = v
        v = self.max_block_records
        if v is not None:
            d["max_block_records"] = v
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("BucketSettings", "object", src_dict)
        obj = bucket_settings_from_dict(src_dict)
        if cls is BucketSettings:
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


class _Fill(BucketSettings):
    """What ``from_dict`` fills before the object becomes a ``BucketSettings``: its attributes are set
    without the checks ``BucketSettings.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "quota_type",
        "quota_size",
        "max_block_size",
        "max_block_records",
    }
)
_new = object.__new__


def bucket_settings_from_dict(d: Mapping[str, Any]) -> BucketSettings:
    """``BucketSettings.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``BucketSettings`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    v = d.get("quota_type", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("BucketSettings.quota_type", "string", v)
            v = quota_type_by_value.get(v) or quota_type_from_wire(v)
    obj.quota_type = v
    v = d.get("quota_size", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not int:
                raise mismatch("BucketSettings.quota_size", "integer", v)
    obj.quota_size = v
    v = d.get("max_block_size", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not int:
                raise mismatch("BucketSettings.max_block_size", "integer", v)
    obj.max_block_size = v
    v = d.get("max_block_records", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not int:
                raise mismatch("BucketSettings.max_block_records", "integer", v)
    obj.max_block_records = v
    if len(d) > 0 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = BucketSettings
    return obj
