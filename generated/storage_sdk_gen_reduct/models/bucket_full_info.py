from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bucket_info import BucketInfo
    from ..models.bucket_settings import BucketSettings
    from ..models.entry_info import EntryInfo


T = TypeVar("T", bound="BucketFullInfo")


@_attrs_define
class BucketFullInfo:
    info: BucketInfo
    settings: BucketSettings
    """ Bucket settings. In requests every field is optional (missing or `null` means the
    server default on create and "keep" on update); in responses all four are present.
     """
    entries: list[EntryInfo]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        info = self.info.to_dict()

        settings = self.settings.to_dict()

        entries = []
        for entries_item_data in self.entries:
            entries_item = entries_item_data.to_dict()
            entries.append(entries_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "info": info,
                "settings": settings,
                "entries": entries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bucket_info import BucketInfo  # noqa: PLC0415
        from ..models.bucket_settings import BucketSettings  # noqa: PLC0415
        from ..models.entry_info import EntryInfo  # noqa: PLC0415

        d = dict(src_dict)
        info = BucketInfo.from_dict(d.pop("info"))

        settings = BucketSettings.from_dict(d.pop("settings"))

        entries = []
        _entries = d.pop("entries")
        for entries_item_data in _entries:
            entries_item = EntryInfo.from_dict(entries_item_data)

            entries.append(entries_item)

        bucket_full_info = cls(
            info=info,
            settings=settings,
            entries=entries,
        )

        bucket_full_info.additional_properties = d
        return bucket_full_info

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
