from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_compression import (
    ReplicationCompression,
    replication_compression_by_value,
    replication_compression_from_wire,
    to_replication_compression,
)
from ..models.replication_mode import (
    ReplicationMode,
    replication_mode_by_value,
    replication_mode_from_wire,
    to_replication_mode,
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
class ReplicationSettings:
    """ReplicationSettings (see the spec)."""

    src_bucket: str = _attrs_field(validator=is_type(str))
    dst_bucket: str = _attrs_field(validator=is_type(str))
    dst_host: str = _attrs_field(validator=is_type(str))
    dst_token: str | None = _attrs_field(default=None, validator=is_type(str, nullable=True))
    """Token for the destination; write-only (always `null` when read back)."""
    entries: list[str] = _attrs_field(factory=list, converter=str_list, validator=is_list_of(str))
    """Entries to replicate (`*`, `**` and `!` patterns); all when empty."""
    dst_prefix: str = _attrs_field(default="", validator=is_type(str))
    """Prefix added to entry names in the destination (server 1.21+)."""
    when: Any | None = _attrs_field(default=None, validator=is_json)
    """A JSON condition object (for example `{"&label": {"$gt": 1}}`) or `null`."""
    mode: ReplicationMode = _attrs_field(default=ReplicationMode.ENABLED, converter=to_replication_mode)
    compression: ReplicationCompression = _attrs_field(
        default=ReplicationCompression.NONE, converter=to_replication_compression
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.src_bucket
        d["src_bucket"] = v
        v = self.dst_bucket
        d["dst_bucket"] = v
        v = self.dst_host
        d["dst_host"] = v
        v = self.dst_token
        if v is not None:
            d["dst_token"] = v
        v = self.entries
        if v is not None:
            d["entries"] = list(v)
        v = self.dst_prefix
        if v is not None:
            d["dst_prefix"] = v
        v = self.when
        if v is not None:
            d["when"] = v
        v = self.mode
        if v is not None:
            d["mode"] = v.value
        v = self.compression
        if v is not None:
            d["compression"] = v.value
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("ReplicationSettings", "object", src_dict)
        obj = replication_settings_from_dict(src_dict)
        if cls is ReplicationSettings:
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


class _Fill(ReplicationSettings):
    """What ``from_dict`` fills before the object becomes a ``ReplicationSettings``: its attributes are set
    without the checks ``ReplicationSettings.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "src_bucket",
        "dst_bucket",
        "dst_host",
        "dst_token",
        "entries",
        "dst_prefix",
        "when",
        "mode",
        "compression",
    }
)
_new = object.__new__


def replication_settings_from_dict(d: Mapping[str, Any]) -> ReplicationSettings:
    """``ReplicationSettings.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``ReplicationSettings`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["src_bucket"]
    except KeyError:
        raise missing("ReplicationSettings.src_bucket") from None
    if type(v) is not str:
        raise mismatch("ReplicationSettings.src_bucket", "string", v)
    obj.src_bucket = v
    try:
        v = d["dst_bucket"]
    except KeyError:
        raise missing("ReplicationSettings.dst_bucket") from None
    if type(v) is not str:
        raise mismatch("ReplicationSettings.dst_bucket", "string", v)
    obj.dst_bucket = v
    try:
        v = d["dst_host"]
    except KeyError:
        raise missing("ReplicationSettings.dst_host") from None
    if type(v) is not str:
        raise mismatch("ReplicationSettings.dst_host", "string", v)
    obj.dst_host = v
    v = d.get("dst_token", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("ReplicationSettings.dst_token", "string", v)
    obj.dst_token = v
    v = d.get("entries", _MISSING)
    if v is _MISSING:
        v = []
    else:
        found += 1
        if type(v) is not list:
            raise mismatch("ReplicationSettings.entries", "array", v)
        for item in v:
            if type(item) is not str:
                raise mismatch("ReplicationSettings.entries", "an array of strings", item)
    obj.entries = v
    v = d.get("dst_prefix", _MISSING)
    if v is _MISSING:
        v = ""
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("ReplicationSettings.dst_prefix", "string", v)
    obj.dst_prefix = v
    v = d.get("when", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        pass
    obj.when = v
    v = d.get("mode", _MISSING)
    if v is _MISSING:
        v = ReplicationMode.ENABLED
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("ReplicationSettings.mode", "string", v)
        v = replication_mode_by_value.get(v) or replication_mode_from_wire(v)
    obj.mode = v
    v = d.get("compression", _MISSING)
    if v is _MISSING:
        v = ReplicationCompression.NONE
    else:
        found += 1
        if type(v) is not str:
            raise mismatch("ReplicationSettings.compression", "string", v)
        v = replication_compression_by_value.get(v) or replication_compression_from_wire(v)
    obj.compression = v
    if len(d) > 3 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = ReplicationSettings
    return obj
