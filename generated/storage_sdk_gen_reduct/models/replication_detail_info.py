from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.replication_diagnostics import ReplicationDiagnostics
    from ..models.replication_info import ReplicationInfo
    from ..models.replication_settings import ReplicationSettings


T = TypeVar("T", bound="ReplicationDetailInfo")


@_attrs_define
class ReplicationDetailInfo:
    info: ReplicationInfo
    settings: ReplicationSettings
    diagnostics: ReplicationDiagnostics
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        info = self.info.to_dict()

        settings = self.settings.to_dict()

        diagnostics = self.diagnostics.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "info": info,
                "settings": settings,
                "diagnostics": diagnostics,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_diagnostics import ReplicationDiagnostics  # noqa: PLC0415
        from ..models.replication_info import ReplicationInfo  # noqa: PLC0415
        from ..models.replication_settings import ReplicationSettings  # noqa: PLC0415

        d = dict(src_dict)
        info = ReplicationInfo.from_dict(d.pop("info"))

        settings = ReplicationSettings.from_dict(d.pop("settings"))

        diagnostics = ReplicationDiagnostics.from_dict(d.pop("diagnostics"))

        replication_detail_info = cls(
            info=info,
            settings=settings,
            diagnostics=diagnostics,
        )

        replication_detail_info.additional_properties = d
        return replication_detail_info

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
