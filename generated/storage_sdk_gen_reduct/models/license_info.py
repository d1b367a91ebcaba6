from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    decode_datetime,
    encode_datetime,
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class LicenseInfo:
    """LicenseInfo (see the spec)."""

    licensee: str = _attrs_field(validator=is_type(str))
    invoice: str = _attrs_field(validator=is_type(str))
    expiry_date: datetime.datetime = _attrs_field(validator=is_type(datetime.datetime))
    plan: str = _attrs_field(validator=is_type(str))
    device_number: int = _attrs_field(validator=is_type(int))
    """Number of devices; 0 means unlimited."""
    disk_quota: int = _attrs_field(validator=is_type(int))
    """Disk quota in TB; 0 means unlimited."""
    fingerprint: str | None = _attrs_field(default=None, validator=is_type(str, nullable=True))
    """License fingerprint (missing in old servers)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.licensee
        d["licensee"] = v
        v = self.invoice
        d["invoice"] = v
        v = self.expiry_date
        d["expiry_date"] = encode_datetime(v)
        v = self.plan
        d["plan"] = v
        v = self.device_number
        d["device_number"] = v
        v = self.disk_quota
        d["disk_quota"] = v
        v = self.fingerprint
        if v is not None:
            d["fingerprint"] = v
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("LicenseInfo", "object", src_dict)
        obj = license_info_from_dict(src_dict)
        if cls is LicenseInfo:
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


class _Fill(LicenseInfo):
    """What ``from_dict`` fills before the object becomes a ``LicenseInfo``: its attributes are set
    without the checks ``LicenseInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "licensee",
        "invoice",
        "expiry_date",
        "plan",
        "device_number",
        "disk_quota",
        "fingerprint",
    }
)
_new = object.__new__


def license_info_from_dict(d: Mapping[str, Any]) -> LicenseInfo:
    """``LicenseInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``LicenseInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["licensee"]
    except KeyError:
        raise missing("LicenseInfo.licensee") from None
    if type(v) is not str:
        raise mismatch("LicenseInfo.licensee", "string", v)
    obj.licensee = v
    try:
        v = d["invoice"]
    except KeyError:
        raise missing("LicenseInfo.invoice") from None
    if type(v) is not str:
        raise mismatch("LicenseInfo.invoice", "string", v)
    obj.invoice = v
    try:
        v = d["expiry_date"]
    except KeyError:
        raise missing("LicenseInfo.expiry_date") from None
    v = decode_datetime(v, "LicenseInfo.expiry_date")
    obj.expiry_date = v
    try:
        v = d["plan"]
    except KeyError:
        raise missing("LicenseInfo.plan") from None
    if type(v) is not str:
        raise mismatch("LicenseInfo.plan", "string", v)
    obj.plan = v
    try:
        v = d["device_number"]
    except KeyError:
        raise missing("LicenseInfo.device_number") from None
    if type(v) is not int:
        raise mismatch("LicenseInfo.device_number", "integer", v)
    obj.device_number = v
    try:
        v = d["disk_quota"]
    except KeyError:
        raise missing("LicenseInfo.disk_quota") from None
    if type(v) is not int:
        raise mismatch("LicenseInfo.disk_quota", "integer", v)
    obj.disk_quota = v
    v = d.get("fingerprint", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("LicenseInfo.fingerprint", "string", v)
    obj.fingerprint = v
    if len(d) > 6 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = LicenseInfo
    return obj
