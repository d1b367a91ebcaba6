from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.replication_info import ReplicationInfo


T = TypeVar("T", bound="ReplicationList")


@_attrs_define
class ReplicationList:
    replications: list[ReplicationInfo]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        replications = []
        for replications_item_data in self.replications:
            replications_item = replications_item_data.to_dict()
            replications.append(replications_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "replications": replications,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_info import ReplicationInfo  # noqa: PLC0415

        d = dict(src_dict)
        replications = []
        _replications = d.pop("replications")
        for replications_item_data in _replications:
            replications_item = ReplicationInfo.from_dict(replications_item_data)

            replications.append(replications_item)

        replication_list = cls(
            replications=replications,
        )

        replication_list.additional_properties = d
        return replication_list

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
