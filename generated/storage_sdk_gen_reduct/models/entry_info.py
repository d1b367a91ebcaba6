from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.status import Status

T = TypeVar("T", bound="EntryInfo")


@_attrs_define
class EntryInfo:
    name: str
    size: int
    record_count: int
    block_count: int
    oldest_record: int
    latest_record: int
    status: Status
    """ Status of a bucket or entry (server 1.18+). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        size = self.size

        record_count = self.record_count

        block_count = self.block_count

        oldest_record = self.oldest_record

        latest_record = self.latest_record

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "size": size,
                "record_count": record_count,
                "block_count": block_count,
                "oldest_record": oldest_record,
                "latest_record": latest_record,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        size = d.pop("size")

        record_count = d.pop("record_count")

        block_count = d.pop("block_count")

        oldest_record = d.pop("oldest_record")

        latest_record = d.pop("latest_record")

        status = Status(d.pop("status"))

        entry_info = cls(
            name=name,
            size=size,
            record_count=record_count,
            block_count=block_count,
            oldest_record=oldest_record,
            latest_record=latest_record,
            status=status,
        )

        entry_info.additional_properties = d
        return entry_info

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
