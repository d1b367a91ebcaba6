from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.replication_diagnostics_errors import ReplicationDiagnosticsErrors


T = TypeVar("T", bound="ReplicationDiagnosticsDetail")


@_attrs_define
class ReplicationDiagnosticsDetail:
    ok: int
    errored: int
    errors: ReplicationDiagnosticsErrors
    """ Errors by HTTP status code (a string key). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        errored = self.errored

        errors = self.errors.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "errored": errored,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.replication_diagnostics_errors import ReplicationDiagnosticsErrors  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        errored = d.pop("errored")

        errors = ReplicationDiagnosticsErrors.from_dict(d.pop("errors"))

        replication_diagnostics_detail = cls(
            ok=ok,
            errored=errored,
            errors=errors,
        )

        replication_diagnostics_detail.additional_properties = d
        return replication_diagnostics_detail

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
