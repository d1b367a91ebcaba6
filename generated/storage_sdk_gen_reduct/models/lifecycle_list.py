from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lifecycle_info import LifecycleInfo


T = TypeVar("T", bound="LifecycleList")


@_attrs_define
class LifecycleList:
    lifecycles: list[LifecycleInfo]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lifecycles = []
        for lifecycles_item_data in self.lifecycles:
            lifecycles_item = lifecycles_item_data.to_dict()
            lifecycles.append(lifecycles_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lifecycles": lifecycles,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.lifecycle_info import LifecycleInfo  # noqa: PLC0415

        d = dict(src_dict)
        lifecycles = []
        _lifecycles = d.pop("lifecycles")
        for lifecycles_item_data in _lifecycles:
            lifecycles_item = LifecycleInfo.from_dict(lifecycles_item_data)

            lifecycles.append(lifecycles_item)

        lifecycle_list = cls(
            lifecycles=lifecycles,
        )

        lifecycle_list.additional_properties = d
        return lifecycle_list

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
