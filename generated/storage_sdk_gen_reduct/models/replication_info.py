from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_mode import ReplicationMode

T = TypeVar("T", bound="ReplicationInfo")


@_attrs_define
class ReplicationInfo:
    name: str
    mode: ReplicationMode
    is_active: bool
    is_provisioned: bool
    pending_records: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        mode = self.mode.value

        is_active = self.is_active

        is_provisioned = self.is_provisioned

        pending_records = self.pending_records

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "mode": mode,
                "is_active": is_active,
                "is_provisioned": is_provisioned,
                "pending_records": pending_records,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        mode = ReplicationMode(d.pop("mode"))

        is_active = d.pop("is_active")

        is_provisioned = d.pop("is_provisioned")

        pending_records = d.pop("pending_records")

        replication_info = cls(
            name=name,
            mode=mode,
            is_active=is_active,
            is_provisioned=is_provisioned,
            pending_records=pending_records,
        )

        replication_info.additional_properties = d
        return replication_info

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
