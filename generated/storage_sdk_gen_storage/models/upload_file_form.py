from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    DecodeError,
    File,
    RequestFiles,
    is_type,
    mismatch,
    missing,
    refill,
)


@_attrs_define(kw_only=True)
class UploadFileForm:
    """UploadFileForm (see the spec)."""

    prefix: str = _attrs_field(validator=is_type(str))
    """Key prefix (folder); may be empty."""
    file: File = _attrs_field(validator=is_type(File))
    """The file; its part carries the file name and content type."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict, repr=False)
    """Fields of the answer that the spec does not list, kept as they came."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model (optional fields that are None are left out)."""
        d: dict[str, Any] = dict(self.additional_properties)
        v: Any
        v = self.prefix
        d["prefix"] = v
        v = self.file
        d["file"] = v
        return d

    def to_multipart(self) -> tuple[dict[str, str], RequestFiles]:
        """The plain form fields and the file parts of a multipart body, in the spec's order."""
        data: dict[str, str] = {}
        files: RequestFiles = []
        if self.prefix is not None:
            data["prefix"] = self.prefix
        files.append(("file", self.file.to_tuple()))
        return data, files

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object; unknown keys go to ``additional_properties``.

        Raises:
            DecodeError: a field is missing or has the wrong type (the message names it).
        """
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("UploadFileForm", "object", src_dict)
        obj = upload_file_form_from_dict(src_dict)
        if cls is UploadFileForm:
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


class _Fill(UploadFileForm):
    """What ``from_dict`` fills before the object becomes a ``UploadFileForm``: its attributes are set
    without the checks ``UploadFileForm.__setattr__`` makes of a user's assignment (``from_dict`` has
    made them), as plain slot stores (CPython maps this ``__setattr__`` to its C slot)."""

    __slots__ = ()
    __setattr__ = object.__setattr__


_MISSING: Any = object()
_KNOWN = frozenset(
    {
        "prefix",
        "file",
    }
)
_new = object.__new__


def upload_file_form_from_dict(d: Mapping[str, Any]) -> UploadFileForm:
    """``UploadFileForm.from_dict`` of exactly this model, for a value known to be a mapping: what the
    decoders of the models holding a ``UploadFileForm`` call (a plain function, not a classmethod)."""
    obj = _new(_Fill)
    v: Any
    try:
        v = d["prefix"]
    except KeyError:
        raise missing("UploadFileForm.prefix") from None
    if type(v) is not str:
        raise mismatch("UploadFileForm.prefix", "string", v)
    obj.prefix = v
    try:
        v = d["file"]
    except KeyError:
        raise missing("UploadFileForm.file") from None
    raise DecodeError("UploadFileForm.file", "a file is not decoded from JSON")
    obj.file = v
    if len(d) > 2:
        obj.additional_properties = {key: value for key, value in d.items() if key not in _KNOWN}
    else:
        obj.additional_properties = {}
    obj.__class__ = UploadFileForm
    return obj
