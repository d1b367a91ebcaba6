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
class TokenCreateResponse:
    """TokenCreateResponse (see the spec)."""

    value: str = _attrs_field(validator=is_type(str))
    created_at: datetime.datetime | None = _attrs_field(
        default=None, validator=is_type(datetime.datetime, nullable=True)
    )
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.value
        d["value"] = v
        v = self.created_at
        if v is not None:
            d["created_at"] = encode_datetime(v)
        return d

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("TokenCreateResponse", "object", src_dict)
        obj = token_create_response_from_dict(src_dict)
        if cls is TokenCreateResponse:
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


class _Fill(TokenCreateResponse):
    """What ``from_dict`` fills before the object becomes a ``TokenCreateResponse``: its attributes are set
    without the checks ``TokenCreateResponse.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "value",
        "created_at",
    }
)
_new = object.__new__


def token_create_response_from_dict(d: Mapping[str, Any]) -> TokenCreateResponse:
    """``TokenCreateResponse.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``TokenCreateResponse`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    found = 0
    try:
        v = d["value"]
    except KeyError:
        raise missing("TokenCreateResponse.value") from None
    if type(v) is not str:
        raise mismatch("TokenCreateResponse.value", "string", v)
    obj.value = v
    v = d.get("created_at", _MISSING)
    if v is _MISSING:
        v = None
    else:
        found += 1
        if v is not None:
            v = decode_datetime(v, "TokenCreateResponse.created_at")
    obj.created_at = v
    if len(d) > 1 + found:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = TokenCreateResponse
    return obj
