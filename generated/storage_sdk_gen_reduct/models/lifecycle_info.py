from __future__ import annotations

import datetime
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
    decode_datetime,
    encode_datetime,
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class LifecycleInfo:
    """LifecycleInfo (see the spec)."""

    name: str = _attrs_field(validator=is_type(str))
    is_provisioned: bool = _attrs_field(validator=is_type(bool))
    is_running: bool = _attrs_field(validator=is_type(bool))
    type: LifecycleType = _attrs_field(default=LifecycleType.DELETE, converter=to_lifecycle_type)
    mode: LifecycleMode = _attrs_field(default=LifecycleMode.ENABLED, converter=to_lifecycle_mode)
    last_run: datetime.datetime | None = _attrs_field(default=None, validator=is_type(datetime.datetime, nullable=True))
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.name
        d["name"] = v
        v = self.is_provisioned
        d["is_provisioned"] = v
        v = self.is_running
        d["is_running"] = v
        v = self.type
        d["type"] = v.value
        v = self.mode
        d["mode"] = v.value
        v = self.last_run
        d["last_run"] = None if v is None else encode_datetime(v)
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("LifecycleInfo", "object", src_dict)
        obj = lifecycle_info_from_dict(src_dict)
        if cls is LifecycleInfo:
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


class _Fill(LifecycleInfo):
    """What ``from_dict`` fills before the object becomes a ``LifecycleInfo``: its attributes are set
    without the checks ``LifecycleInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "name",
        "is_provisioned",
        "is_running",
        "type",
        "mode",
        "last_run",
    }
)
_new = object.__new__


def lifecycle_info_from_dict(d: Mapping[str, Any]) -> LifecycleInfo:
    """``LifecycleInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``LifecycleInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["name"]
    except KeyError:
        raise missing("LifecycleInfo.name") from None
    if type(v) is not str:
        raise mismatch("LifecycleInfo.name", "string", v)
    obj.name = v
    try:
        v = d["is_provisioned"]
    except KeyError:
        raise missing("LifecycleInfo.is_provisioned") from None
    if v is not True and v is not False:
        raise mismatch("LifecycleInfo.is_provisioned", "boolean", v)
    obj.is_provisioned = v
    try:
        v = d["is_running"]
    except KeyError:
        raise missing("LifecycleInfo.is_running") from None
    if v is not True and v is not False:
        raise mismatch("LifecycleInfo.is_running", "boolean", v)
    obj.is_running = v
    v = d.get("type", _MISSING)
    if v is _MISSING:
        v = LifecycleType.DELETE
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("LifecycleInfo.type", "string", v)
        v = lifecycle_type_by_value.get(v) or lifecycle_type_from_wire(v)
    obj.type = v
    v = d.get("mode", _MISSING)
    if v is _MISSING:
        v = LifecycleMode.ENABLED
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("LifecycleInfo.mode", "string", v)
        v = lifecycle_mode_by_value.get(v) or lifecycle_mode_from_wire(v)
    obj.mode = v
    v = d.get("last_run", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            v = decode_datetime(v, "LifecycleInfo.last_run")
    obj.last_run = v
    if len(d) > 3 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = LifecycleInfo
    return obj
