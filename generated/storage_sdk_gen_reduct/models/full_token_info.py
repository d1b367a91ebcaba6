from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.permissions import Permissions


T = TypeVar("T", bound="FullTokenInfo")


@_attrs_define
class FullTokenInfo:
    """A token as the server reports it; `value` is always empty here."""

    name: str
    value: str
    created_at: datetime.datetime
    permissions: None | Permissions
    is_provisioned: bool
    expires_at: datetime.datetime | None
    ttl: int | None
    """ Inactivity time-to-live in seconds. """
    last_access: datetime.datetime | None
    ip_allowlist: list[str]
    is_expired: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.permissions import Permissions  # noqa: PLC0415

        name = self.name

        value = self.value

        created_at = self.created_at.isoformat()

        permissions: dict[str, Any] | None
        if isinstance(self.permissions, Permissions):
            permissions = self.permissions.to_dict()
        else:
            permissions = self.permissions

        is_provisioned = self.is_provisioned

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        ttl: int | None
        ttl = self.ttl

        last_access: None | str
        if isinstance(self.last_access, datetime.datetime):
            last_access = self.last_access.isoformat()
        else:
            last_access = self.last_access

        ip_allowlist = self.ip_allowlist

        is_expired = self.is_expired

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "value": value,
                "created_at": created_at,
                "permissions": permissions,
                "is_provisioned": is_provisioned,
                "expires_at": expires_at,
                "ttl": ttl,
                "last_access": last_access,
                "ip_allowlist": ip_allowlist,
                "is_expired": is_expired,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.permissions import Permissions  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        value = d.pop("value")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_permissions(data: object) -> None | Permissions:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                permissions_type_0 = Permissions.from_dict(data)

                return permissions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Permissions, data)

        permissions = _parse_permissions(d.pop("permissions"))

        is_provisioned = d.pop("is_provisioned")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_ttl(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        ttl = _parse_ttl(d.pop("ttl"))

        def _parse_last_access(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_access_type_0 = datetime.datetime.fromisoformat(data)

                return last_access_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_access = _parse_last_access(d.pop("last_access"))

        ip_allowlist = cast(list[str], d.pop("ip_allowlist"))

        is_expired = d.pop("is_expired")

        full_token_info = cls(
            name=name,
            value=value,
            created_at=created_at,
            permissions=permissions,
            is_provisioned=is_provisioned,
            expires_at=expires_at,
            ttl=ttl,
            last_access=last_access,
            ip_allowlist=ip_allowlist,
            is_expired=is_expired,
        )

        full_token_info.additional_properties = d
        return full_token_info

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
