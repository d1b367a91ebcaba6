from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.instance_role import InstanceRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.defaults import Defaults
    from ..models.license_info import LicenseInfo


T = TypeVar("T", bound="ServerInfo")


@_attrs_define
class ServerInfo:
    version: str
    bucket_count: int
    usage: int
    uptime: int
    oldest_record: int
    latest_record: int
    defaults: Defaults
    license_: LicenseInfo | None
    """ The commercial license, `null` for Apache-2.0 / BUSL builds without one. """
    instance_name: str | Unset = UNSET
    """ Instance name (server 1.21+; empty by default). """
    instance_role: InstanceRole | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.license_info import LicenseInfo  # noqa: PLC0415

        version = self.version

        bucket_count = self.bucket_count

        usage = self.usage

        uptime = self.uptime

        oldest_record = self.oldest_record

        latest_record = self.latest_record

        defaults = self.defaults.to_dict()

        license_: dict[str, Any] | None
        if isinstance(self.license_, LicenseInfo):
            license_ = self.license_.to_dict()
        else:
            license_ = self.license_

        instance_name = self.instance_name

        instance_role: str | Unset = UNSET
        if not isinstance(self.instance_role, Unset):
            instance_role = self.instance_role.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "bucket_count": bucket_count,
                "usage": usage,
                "uptime": uptime,
                "oldest_record": oldest_record,
                "latest_record": latest_record,
                "defaults": defaults,
                "license": license_,
            }
        )
        if instance_name is not UNSET:
            field_dict["instance_name"] = instance_name
        if instance_role is not UNSET:
            field_dict["instance_role"] = instance_role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.defaults import Defaults  # noqa: PLC0415
        from ..models.license_info import LicenseInfo  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        bucket_count = d.pop("bucket_count")

        usage = d.pop("usage")

        uptime = d.pop("uptime")

        oldest_record = d.pop("oldest_record")

        latest_record = d.pop("latest_record")

        defaults = Defaults.from_dict(d.pop("defaults"))

        def _parse_license_(data: object) -> LicenseInfo | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                license_type_0 = LicenseInfo.from_dict(data)

                return license_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LicenseInfo | None, data)

        license_ = _parse_license_(d.pop("license"))

        instance_name = d.pop("instance_name", UNSET)

        _instance_role = d.pop("instance_role", UNSET)
        instance_role: InstanceRole | Unset
        if isinstance(_instance_role, Unset):
            instance_role = UNSET
        else:
            instance_role = InstanceRole(_instance_role)

        server_info = cls(
            version=version,
            bucket_count=bucket_count,
            usage=usage,
            uptime=uptime,
            oldest_record=oldest_record,
            latest_record=latest_record,
            defaults=defaults,
            license_=license_,
            instance_name=instance_name,
            instance_role=instance_role,
        )

        server_info.additional_properties = d
        return server_info

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
