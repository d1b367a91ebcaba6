from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.defaults import Defaults, defaults_from_dict
from ..models.instance_role import (
    InstanceRole,
    instance_role_by_value,
    instance_role_from_wire,
    to_instance_role_or_none,
)
from ..models.license_info import LicenseInfo, license_info_from_dict
from ..types import (
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class ServerInfo:
    """ServerInfo (see the spec)."""

    version: str = _attrs_field(validator=is_type(str))
    instance_name: str = _attrs_field(default="", validator=is_type(str))
    """Instance name (server 1.21+; empty by default)."""
    instance_role: InstanceRole | None = _attrs_field(default=None, converter=to_instance_role_or_none)
    bucket_count: int = _attrs_field(validator=is_type(int))
    usage: int = _attrs_field(validator=is_type(int))
    uptime: int = _attrs_field(validator=is_type(int))
    oldest_record: int = _attrs_field(validator=is_type(int))
    latest_record: int = _attrs_field(validator=is_type(int))
    defaults: Defaults = _attrs_field(validator=is_type(Defaults))
    license: LicenseInfo | None = _attrs_field(default=None, validator=is_type(LicenseInfo, nullable=True))
    """The commercial license, `null` for Apache-2.0 / BUSL builds without one."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.version
        d["version"] = v
        v = self.instance_name
        if v is not None:
            d["instance_name"] = v
        v = self.instance_role
        if v is not None:
            d["instance_role"] = v.value
        v = self.bucket_count
        d["bucket_count"] = v
        v = self.usage
        d["usage"] = v
        v = self.uptime
        d["uptime"] = v
        v = self.oldest_record
        d["oldest_record"] = v
        v = self.latest_record
        d["latest_record"] = v
        v = self.defaults
        d["defaults"] = v.to_dict()
        v = self.license
        d["license"] = None if v is None else v.to_dict()
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("ServerInfo", "object", src_dict)
        obj = server_info_from_dict(src_dict)
        if cls is ServerInfo:
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


class _Fill(ServerInfo):
    """What ``from_dict`` fills before the object becomes a ``ServerInfo``: its attributes are set
    without the checks ``ServerInfo.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "version",
        "instance_name",
        "instance_role",
        "bucket_count",
        "usage",
        "uptime",
        "oldest_record",
        "latest_record",
        "defaults",
        "license",
    }
)
_new = object.__new__


def server_info_from_dict(d: Mapping[str, Any]) -> ServerInfo:
    """``ServerInfo.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``ServerInfo`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["version"]
    except KeyError:
        raise missing("ServerInfo.version") from None
    if type(v) is not str:
        raise mismatch("ServerInfo.version", "string", v)
    obj.version = v
    v = d.get("instance_name", _MISSING)
    if v is _MISSING:
        v = ""
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("ServerInfo.instance_name", "string", v)
    obj.instance_name = v
    v = d.get("instance_role", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("ServerInfo.instance_role", "string", v)
            v = instance_role_by_value.get(v) or instance_role_from_wire(v)
    obj.instance_role = v
    try:
        v = d["bucket_count"]
    except KeyError:
        raise missing("ServerInfo.bucket_count") from None
    if type(v) is not int:
        raise mismatch("ServerInfo.bucket_count", "integer", v)
    obj.bucket_count = v
    try:
        v = d["usage"]
    except KeyError:
        raise missing("ServerInfo.usage") from None
    if type(v) is not int:
        raise mismatch("ServerInfo.usage", "integer", v)
    obj.usage = v
    try:
        v = d["uptime"]
    except KeyError:
        raise missing("ServerInfo.uptime") from None
    if type(v) is not int:
        raise mismatch("ServerInfo.uptime", "integer", v)
    obj.uptime = v
    try:
        v = d["oldest_record"]
    except KeyError:
        raise missing("ServerInfo.oldest_record") from None
    if type(v) is not int:
        raise mismatch("ServerInfo.oldest_record", "integer", v)
    obj.oldest_record = v
    try:
        v = d["latest_record"]
    except KeyError:
        raise missing("ServerInfo.latest_record") from None
    if type(v) is not int:
        raise mismatch("ServerInfo.latest_record", "integer", v)
    obj.latest_record = v
    try:
        v = d["defaults"]
    except KeyError:
        raise missing("ServerInfo.defaults") from None
    if type(v) is not dict:
        raise mismatch("ServerInfo.defaults", "object", v)
    v = defaults_from_dict(v)
    obj.defaults = v
    v = d.get("license", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not dict:
                raise mismatch("ServerInfo.license", "object", v)
            v = license_info_from_dict(v)
    obj.license = v
    if len(d) > 7 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = ServerInfo
    return obj
