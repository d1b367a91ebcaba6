from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.lifecycle_mode import LifecycleMode
from ..models.lifecycle_type import LifecycleType

T = TypeVar("T", bound="LifecycleInfo")


@_attrs_define
class LifecycleInfo:
    name: str
    is_provisioned: bool
    is_running: bool
    type_: LifecycleType
    mode: LifecycleMode
    last_run: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        is_provisioned = self.is_provisioned

        is_running = self.is_running

        type_ = self.type_.value

        mode = self.mode.value

        last_run: None | str
        if isinstance(self.last_run, datetime.datetime):
            last_run = self.last_run.isoformat()
        else:
            last_run = self.last_run

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "is_provisioned": is_provisioned,
                "is_running": is_running,
                "type": type_,
                "mode": mode,
                "last_run": last_run,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        is_provisioned = d.pop("is_provisioned")

        is_running = d.pop("is_running")

        type_ = LifecycleType(d.pop("type"))

        mode = LifecycleMode(d.pop("mode"))

        def _parse_last_run(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_run_type_0 = datetime.datetime.fromisoformat(data)

                return last_run_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_run = _parse_last_run(d.pop("last_run"))

        lifecycle_info = cls(
            name=name,
            is_provisioned=is_provisioned,
            is_running=is_running,
            type_=type_,
            mode=mode,
            last_run=last_run,
        )

        lifecycle_info.additional_properties = d
        return lifecycle_info

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
