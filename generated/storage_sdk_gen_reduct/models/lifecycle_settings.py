from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lifecycle_mode import LifecycleMode
from ..models.lifecycle_type import LifecycleType
from ..types import UNSET, Unset

T = TypeVar("T", bound="LifecycleSettings")


@_attrs_define
class LifecycleSettings:
    type_: LifecycleType
    bucket: str
    older_than: str
    """ Age of the records to process, a duration such as `30d` (at least `1h`). """
    entries: list[str] | Unset = UNSET
    interval: str | Unset = UNSET
    """ How often the policy runs (default `3600s`). Must be left out, not `null`, to take the default. """
    processing_interval: None | str | Unset = UNSET
    """ Processing interval (server 1.21+). """
    when: Any | Unset = UNSET
    """ A JSON condition object or `null` (not allowed for `compress`). """
    mode: LifecycleMode | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        bucket = self.bucket

        older_than = self.older_than

        entries: list[str] | Unset = UNSET
        if not isinstance(self.entries, Unset):
            entries = self.entries

        interval = self.interval

        processing_interval: None | str | Unset
        if isinstance(self.processing_interval, Unset):
            processing_interval = UNSET
        else:
            processing_interval = self.processing_interval

        when = self.when

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "bucket": bucket,
                "older_than": older_than,
            }
        )
        if entries is not UNSET:
            field_dict["entries"] = entries
        if interval is not UNSET:
            field_dict["interval"] = interval
        if processing_interval is not UNSET:
            field_dict["processing_interval"] = processing_interval
        if when is not UNSET:
            field_dict["when"] = when
        if mode is not UNSET:
            field_dict["mode"] = mode

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = LifecycleType(d.pop("type"))

        bucket = d.pop("bucket")

        older_than = d.pop("older_than")

        entries = cast(list[str], d.pop("entries", UNSET))

        interval = d.pop("interval", UNSET)

        def _parse_processing_interval(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        processing_interval = _parse_processing_interval(d.pop("processing_interval", UNSET))

        when = d.pop("when", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: LifecycleMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = LifecycleMode(_mode)

        lifecycle_settings = cls(
            type_=type_,
            bucket=bucket,
            older_than=older_than,
            entries=entries,
            interval=interval,
            processing_interval=processing_interval,
            when=when,
            mode=mode,
        )

        lifecycle_settings.additional_properties = d
        return lifecycle_settings

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
