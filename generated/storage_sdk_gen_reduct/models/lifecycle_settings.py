from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lifecycle_mode import (
    LifecycleMode,
    lifecycle_mode_by_value,
    lifecycle_mode_from_wire,
    to_lifecycle_mode,
)
from ..models.lifecycle_type import (
    LifecycleType,
    lifecycle_type_by_value,
    lifecycle_type_from_wire,
    to_lifecycle_type,
)
from ..types import (
    is_json,
    is_list_of,
    is_type,
    mismatch,
    missing,
    refill,
    str_list,
)


@_attrs_define(kw_only=True)
class LifecycleSettings:
    """LifecycleSettings (see the spec)."""

    type: LifecycleType = _attrs_field(default=LifecycleType.DELETE, converter=to_lifecycle_type)
    bucket: str = _attrs_field(validator=is_type(str))
    entries: list[str] = _attrs_field(factory=list, converter=str_list, validator=is_list_of(str))
    older_than: str = _attrs_field(validator=is_type(str))
    """Age of the records to process, a duration such as `30d` (at least `1h`)."""
    interval: str | None = _attrs_field(default=None, validator=is_type(str, nullable=True))
    """How often the policy runs (default `3600s`). Must be left out, not `null`, to take the default."""
    processing_interval: str | None = _attrs_field(default=None, validator=is_type(str, nullable=True))
    """Processing interval (server 1.21+)."""
    when: Any | None = _attrs_field(default=None, validator=is_json)
    """A JSON condition object or `null` (not allowed for `compress`)."""
    mode: LifecycleMode = _attrs_field(default=LifecycleMode.ENABLED, converter=to_lifecycle_mode)
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.type
        d["type"] = v.value
        v = self.bucket
        d["bucket"] = v
        v = self.entries
        if v is not None:
            d["entries"] = list(v)
        v = self.older_than
        d["older_than"] = v
        v = self.interval
        if v is not None:
            d["interval"] = v
        v = self.processing_interval
        if v is not None:
            d["processing_interval"] = v
        v = self.when
        if v is not None:
            d["when"] = v
        v = self.mode
        if v is not None:
            d["mode"] = v.value
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("LifecycleSettings", "object", src_dict)
        obj = lifecycle_settings_from_dict(src_dict)
        if cls is LifecycleSettings:
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


class _Fill(LifecycleSettings):
    """What ``from_dict`` fills before the object becomes a ``LifecycleSettings``: its attributes are set
    without the checks ``LifecycleSettings.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "type",
        "bucket",
        "entries",
        "older_than",
        "interval",
        "processing_interval",
        "when",
        "mode",
    }
)
_new = object.__new__


def lifecycle_settings_from_dict(d: Mapping[str, Any]) -> LifecycleSettings:
    """``LifecycleSettings.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``LifecycleSettings`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    v = d.get("type", _MISSING)
    if v is _MISSING:
        v = LifecycleType.DELETE
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("LifecycleSettings.type", "string", v)
        v = lifecycle_type_by_value.get(v) or lifecycle_type_from_wire(v)
    obj.type = v
    try:
        v = d["bucket"]
    except KeyError:
        raise missing("LifecycleSettings.bucket") from None
    if type(v) is not str:
        raise mismatch("LifecycleSettings.bucket", "string", v)
    obj.bucket = v
    v = d.get("entries", _MISSING)
    if v is _MISSING:
        v = []
    else:
        found += 1
        if type(v) is not list:
            raise mismatch("LifecycleSettings.entries", "array", v)
        for item in v:
            if type(item) is not str:
                raise mismatch("LifecycleSettings.entries", "an array of strings", item)
    obj.entries = v
    try:
        v = d["older_than"]
    except KeyError:
        raise missing("LifecycleSettings.older_than") from None
    if type(v) is not str:
        raise mismatch("LifecycleSettings.older_than", "string", v)
    obj.older_than = v
    v = d.get("interval", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("LifecycleSettings.interval", "string", v)
    obj.interval = v
    v = d.get("processing_interval", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("LifecycleSettings.processing_interval", "string", v)
    obj.processing_interval = v
    v = d.get("when", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        pass
    obj.when = v
    v = d.get("mode", _MISSING)
    if v is _MISSING:
        v = LifecycleMode.ENABLED
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("LifecycleSettings.mode", "string", v)
        v = lifecycle_mode_by_value.get(v) or lifecycle_mode_from_wire(v)
    obj.mode = v
    if len(d) > 2 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = LifecycleSettings
    return obj
