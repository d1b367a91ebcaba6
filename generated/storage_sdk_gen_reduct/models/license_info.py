from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LicenseInfo")


@_attrs_define
class LicenseInfo:
    licensee: str
    invoice: str
    expiry_date: datetime.datetime
    plan: str
    device_number: int
    """ Number of devices; 0 means unlimited. """
    disk_quota: int
    """ Disk quota in TB; 0 means unlimited. """
    fingerprint: str | Unset = UNSET
    """ License fingerprint (missing in old servers). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        licensee = self.licensee

        invoice = self.invoice

        expiry_date = self.expiry_date.isoformat()

        plan = self.plan

        device_number = self.device_number

        disk_quota = self.disk_quota

        fingerprint = self.fingerprint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "licensee": licensee,
                "invoice": invoice,
                "expiry_date": expiry_date,
                "plan": plan,
                "device_number": device_number,
                "disk_quota": disk_quota,
            }
        )
        if fingerprint is not UNSET:
            field_dict["fingerprint"] = fingerprint

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        licensee = d.pop("licensee")

        invoice = d.pop("invoice")

        expiry_date = datetime.datetime.fromisoformat(d.pop("expiry_date"))

        plan = d.pop("plan")

        device_number = d.pop("device_number")

        disk_quota = d.pop("disk_quota")

        fingerprint = d.pop("fingerprint", UNSET)

        license_info = cls(
            licensee=licensee,
            invoice=invoice,
            expiry_date=expiry_date,
            plan=plan,
            device_number=device_number,
            disk_quota=disk_quota,
            fingerprint=fingerprint,
        )

        license_info.additional_properties = d
        return license_info

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
