from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_diagnostics import ReplicationDiagnostics
from ..models.replication_info import ReplicationInfo
from ..models.replication_settings import ReplicationSettings
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
        d = src_dict
        if type(d) is not dict and not isinstance(d, Mapping):
            raise mismatch("ReplicationDetailInfo", "object", d)
        obj = object.__new__(_Fill)
        v: Any
        try:
            v = d["info"]
        except KeyError:
            raise missing("ReplicationDetailInfo.info") from None
        if type(v) is not dict:
            raise mismatch("ReplicationDetailInfo.info", "object", v)
        v = ReplicationInfo.from_dict(v)
        obj.info = v
        try:
            v = d["settings"]
        except KeyError:
            raise missing("ReplicationDetailInfo.settings") from None
        if type(v) is not dict:
            raise mismatch("ReplicationDetailInfo.settings", "object", v)
        v = ReplicationSettings.from_dict(v)
        obj.settings = v
        try:
            v = d["diagnostics"]
        except KeyError:
            raise missing("ReplicationDetailInfo.diagnostics") from None
        if type(v) is not dict:
            raise mismatch("ReplicationDetailInfo.diagnostics", "object", v)
        v = ReplicationDiagnostics.from_dict(v)
        obj.diagnostics = v
        if len(d) > 3:
            obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
        else:
            obj.additional_properties = {}
        if cls is ReplicationDetailInfo:
            obj.__class__ = cls
            return obj
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
