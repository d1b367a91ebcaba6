from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    is_type,
    mismatch,
    refill,
)


@_attrs_define(kw_only=True)
class DeleteRequest:
    """DeleteRequest (see the spec)."""

    public_url: str | None = _attrs_field(default=None, validator=is_type(str, nullable=True))
    """Public URL of the object (sent first, as opengater-storage-client does)."""
    key: str | None = _attrs_field(default=None, validator=is_type(str, nullable=True))
    """Object key (preferred when known)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.public_url
        if v is not None:
            d["public_url"] = v
        v = self.key
        if v is not None:
            d["key"] = v
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("DeleteRequest", "object", src_dict)
        obj = delete_request_from_dict(src_dict)
        if cls is DeleteRequest:
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


class _Fill(DeleteRequest):
    """What ``from_dict`` fills before the object becomes a ``DeleteRequest``: its attributes are set
    without the checks ``DeleteRequest.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "public_url",
        "key",
    }
)
_new = object.__new__


def delete_request_from_dict(d: Mapping[str, Any]) -> DeleteRequest:
    """``DeleteRequest.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``DeleteRequest`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    v = d.get("public_url", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("DeleteRequest.public_url", "string", v)
    obj.public_url = v
    v = d.get("key", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            if type(v) is not str:
                raise mismatch("DeleteRequest.key", "string", v)
    obj.key = v
    if len(d) > 0 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = DeleteRequest
    return obj
