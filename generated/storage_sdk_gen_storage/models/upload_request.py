from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class UploadRequest:
    """UploadRequest (see the spec)."""

    content_type: str = _attrs_field(validator=is_type(str))
    """MIME type of the object; the PUT to `upload_url` must send the same."""
    prefix: str = _attrs_field(validator=is_type(str))
    """Key prefix (folder) for the object; may be empty."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.content_type
        d["content_type"] = v
        v = self.prefix
        d["prefix"] = v
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("UploadRequest", "object", src_dict)
        obj = upload_request_from_dict(src_dict)
        if cls is UploadRequest:
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


class _Fill(UploadRequest):
    """What ``from_dict`` fills before the object becomes a ``UploadRequest``: its attributes are set
    without the checks ``UploadRequest.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "content_type",
        "prefix",
    }
)
_new = object.__new__


def upload_request_from_dict(d: Mapping[str, Any]) -> UploadRequest:
    """``UploadRequest.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``UploadRequest`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    try:
        v = d["content_type"]
    except KeyError:
        raise missing("UploadRequest.content_type") from None
    if type(v) is not str:
        raise mismatch("UploadRequest.content_type", "string", v)
    obj.content_type = v
    try:
        v = d["prefix"]
    except KeyError:
        raise missing("UploadRequest.prefix") from None
    if type(v) is not str:
        raise mismatch("UploadRequest.prefix", "string", v)
    obj.prefix = v
    if len(d) > 2:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = UploadRequest
    return obj
