from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quota_type import QuotaType
from ..types import UNSET, Unset

T = TypeVar("T", bound="BucketSettings")


@_attrs_define
class BucketSettings:
    """Bucket settings. In requests every field is optional (missing or `null` means the
    server default on create and "keep" on update); in responses all four are present.

    """

    quota_type: None | QuotaType | Unset = UNSET
    """ Quota type; `null` in a request means "unset". """
    quota_size: int | None | Unset = UNSET
    """ Quota size in bytes. """
    max_block_size: int | None | Unset = UNSET
    """ Maximum size of a block in bytes. """
    max_block_records: int | None | Unset = UNSET
    """ Maximum number of records in a block. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quota_type: None | str | Unset
        if isinstance(self.quota_type, Unset):
            quota_type = UNSET
        elif isinstance(self.quota_type, QuotaType):
            quota_type = self.quota_type.value
        else:
            quota_type = self.quota_type

        quota_size: int | None | Unset
        if isinstance(self.quota_size, Unset):
            quota_size = UNSET
        else:
            quota_size = self.quota_size

        max_block_size: int | None | Unset
        if isinstance(self.max_block_size, Unset):
            max_block_size = UNSET
        else:
            max_block_size = self.max_block_size

        max_block_records: int | None | Unset
        if isinstance(self.max_block_records, Unset):
            max_block_records = UNSET
        else:
            max_block_records = self.max_block_records

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if quota_type is not UNSET:
            field_dict["quota_type"] = quota_type
        if quota_size is not UNSET:
            field_dict["quota_size"] = quota_size
        if max_block_size is not UNSET:
            field_dict["max_block_size"] = max_block_size
        if max_block_records is not UNSET:
            field_dict["max_block_records"] = max_block_records

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_quota_type(data: object) -> None | QuotaType | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                quota_type_type_0 = QuotaType(data)

                return quota_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QuotaType | Unset, data)

        quota_type = _parse_quota_type(d.pop("quota_type", UNSET))

        def _parse_quota_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        quota_size = _parse_quota_size(d.pop("quota_size", UNSET))

        def _parse_max_block_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_block_size = _parse_max_block_size(d.pop("max_block_size", UNSET))

        def _parse_max_block_records(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_block_records = _parse_max_block_records(d.pop("max_block_records", UNSET))

        bucket_settings = cls(
            quota_type=quota_type,
            quota_size=quota_size,
            max_block_size=max_block_size,
            max_block_records=max_block_records,
        )

        bucket_settings.additional_properties = d
        return bucket_settings

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
