from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.permissions import Permissions


T = TypeVar("T", bound="TokenCreateRequest")


@_attrs_define
class TokenCreateRequest:
    permissions: Permissions
    """ Token permissions. Missing fields mean `false` / `[]`. """
    expires_at: datetime.datetime | None | Unset = UNSET
    """ Expiry date; must not be in the past. """
    ttl: int | None | Unset = UNSET
    """ Inactivity time-to-live in seconds; must be greater than zero. """
    ip_allowlist: list[str] | Unset = UNSET
    """ IP addresses or CIDR ranges allowed to use the token. """

    def to_dict(self) -> dict[str, Any]:
        permissions = self.permissions.to_dict()

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        ttl: int | None | Unset
        if isinstance(self.ttl, Unset):
            ttl = UNSET
        else:
            ttl = self.ttl

        ip_allowlist: list[str] | Unset = UNSET
        if not isinstance(self.ip_allowlist, Unset):
            ip_allowlist = self.ip_allowlist

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "permissions": permissions,
            }
        )
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if ttl is not UNSET:
            field_dict["ttl"] = ttl
        if ip_allowlist is not UNSET:
            field_dict["ip_allowlist"] = ip_allowlist

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.permissions import Permissions  # noqa: PLC0415

        d = dict(src_dict)
        permissions = Permissions.from_dict(d.pop("permissions"))

        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))

        def _parse_ttl(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ttl = _parse_ttl(d.pop("ttl", UNSET))

        ip_allowlist = cast(list[str], d.pop("ip_allowlist", UNSET))

        token_create_request = cls(
            permissions=permissions,
            expires_at=expires_at,
            ttl=ttl,
            ip_allowlist=ip_allowlist,
        )

        return token_create_request
