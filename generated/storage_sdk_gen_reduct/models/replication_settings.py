from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.replication_compression import ReplicationCompression
from ..models.replication_mode import ReplicationMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReplicationSettings")


@_attrs_define
class ReplicationSettings:
    src_bucket: str
    dst_bucket: str
    dst_host: str
    dst_token: None | str | Unset = UNSET
    """ Token for the destination; write-only (always `null` when read back). """
    entries: list[str] | Unset = UNSET
    """ Entries to replicate (`*`, `**` and `!` patterns); all when empty. """
    dst_prefix: str | Unset = UNSET
    """ Prefix added to entry names in the destination (server 1.21+). """
    when: Any | Unset = UNSET
    """ A JSON condition object (for example `{"&label": {"$gt": 1}}`) or `null`. """
    mode: ReplicationMode | Unset = UNSET
    compression: ReplicationCompression | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        src_bucket = self.src_bucket

        dst_bucket = self.dst_bucket

        dst_host = self.dst_host

        dst_token: None | str | Unset
        if isinstance(self.dst_token, Unset):
            dst_token = UNSET
        else:
            dst_token = self.dst_token

        entries: list[str] | Unset = UNSET
        if not isinstance(self.entries, Unset):
            entries = self.entries

        dst_prefix = self.dst_prefix

        when = self.when

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        compression: str | Unset = UNSET
        if not isinstance(self.compression, Unset):
            compression = self.compression.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "src_bucket": src_bucket,
                "dst_bucket": dst_bucket,
                "dst_host": dst_host,
            }
        )
        if dst_token is not UNSET:
            field_dict["dst_token"] = dst_token
        if entries is not UNSET:
            field_dict["entries"] = entries
        if dst_prefix is not UNSET:
            field_dict["dst_prefix"] = dst_prefix
        if when is not UNSET:
            field_dict["when"] = when
        if mode is not UNSET:
            field_dict["mode"] = mode
        if compression is not UNSET:
            field_dict["compression"] = compression

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        src_bucket = d.pop("src_bucket")

        dst_bucket = d.pop("dst_bucket")

        dst_host = d.pop("dst_host")

        def _parse_dst_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dst_token = _parse_dst_token(d.pop("dst_token", UNSET))

        entries = cast(list[str], d.pop("entries", UNSET))

        dst_prefix = d.pop("dst_prefix", UNSET)

        when = d.pop("when", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: ReplicationMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = ReplicationMode(_mode)

        _compression = d.pop("compression", UNSET)
        compression: ReplicationCompression | Unset
        if isinstance(_compression, Unset):
            compression = UNSET
        else:
            compression = ReplicationCompression(_compression)

        replication_settings = cls(
            src_bucket=src_bucket,
            dst_bucket=dst_bucket,
            dst_host=dst_host,
            dst_token=dst_token,
            entries=entries,
            dst_prefix=dst_prefix,
            when=when,
            mode=mode,
            compression=compression,
        )

        replication_settings.additional_properties = d
        return replication_settings

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
