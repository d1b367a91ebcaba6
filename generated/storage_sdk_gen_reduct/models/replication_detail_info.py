from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_diagnostics import ReplicationDiagnostics, replication_diagnostics_from_dict
from ..models.replication_info import ReplicationInfo, replication_info_from_dict
from ..models.replication_settings import ReplicationSettings, replication_settings_from_dict
from ..types import (
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class ReplicationDetailInfo:
    """ReplicationDetailInfo (see the spec)."""

    info: ReplicationInfo = _attrs_field(validator=is_type(ReplicationInfo))
    settings: ReplicationSettings = _attrs_field(validator=is_type(ReplicationSettings))
    diagnostics: ReplicationDiagnostics = _attrs_field(validator=is_type(ReplicationDiagnostics))
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.info
        d["info"] = v.to_dict()
        v = self.settings
        d["settings"] = v.to_dict()
        v = self.diagnostics
        d["diagnostics"] = v.to_dict()
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("ReplicationDetailInfo", "object", src_dict)
        obj = replication_detail_info_from_dict(src_dict)
        if cls is ReplicationDetailInfo:
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


class _Fill(ReplicationDetailInfo):
    """What ``from_dict`` fills before the object becomes a ``ReplicationDetailInfo``: its attributes are set
    without the checks ``ReplicationDetailInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "info",
        "settings",
        "diagnostics",
    }
)
_new = object.__new__


def replication_detail_info_from_dict(d: Mapping[str, Any]) -> ReplicationDetailInfo:
    """``ReplicationDetailInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``ReplicationDetailInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    try:
        v = d["info"]
    except KeyError:
        raise missing("ReplicationDetailInfo.info") from None
    if type(v) is not dict:
        raise mismatch("ReplicationDetailInfo.info", "object", v)
    v = replication_info_from_dict(v)
    obj.info = v
    try:
        v = d["settings"]
    except KeyError:
        raise missing("ReplicationDetailInfo.settings") from None
    if type(v) is not dict:
        raise mismatch("ReplicationDetailInfo.settings", "object", v)
    v = replication_settings_from_dict(v)
    obj.settings = v
    try:
        v = d["diagnostics"]
    except KeyError:
        raise missing("ReplicationDetailInfo.diagnostics") from None
    if type(v) is not dict:
        raise mismatch("ReplicationDetailInfo.diagnostics", "object", v)
    v = replication_diagnostics_from_dict(v)
    obj.diagnostics = v
    if len(d) > 3:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = ReplicationDetailInfo
    return obj
