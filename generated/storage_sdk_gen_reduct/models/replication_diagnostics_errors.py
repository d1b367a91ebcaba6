from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from ..models.replication_diagnostics_error import ReplicationDiagnosticsError, replication_diagnostics_error_from_dict
from ..types import (
    DecodeError,
    mismatch,
)


class ReplicationDiagnosticsErrors(dict[int, ReplicationDiagnosticsError]):
    """Errors by HTTP status code (a string key on the wire, an int in Python).

    A dict keyed by int; built from and written back to a JSON object.
    """

    __slots__ = ()

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Decode and check a JSON object (a DecodeError names what does not fit)."""
        if type(src_dict) is not dict and not isinstance(src_dict, Mapping):
            raise mismatch("ReplicationDiagnosticsErrors", "object", src_dict)
        result = cls()
        for key, v in src_dict.items():
            try:
                name = int(key)
            except (TypeError, ValueError):
                raise DecodeError(
                    "ReplicationDiagnosticsErrors", f"expected integer keys, got {str(key)[:40]!r}"
                ) from None
            if type(v) is not dict:
                raise mismatch("ReplicationDiagnosticsErrors[]", "object", v)
            v = replication_diagnostics_error_from_dict(v)
            result[name] = v
        return result

    def to_dict(self) -> dict[str, Any]:
        """The JSON object."""
        result: dict[str, Any] = {}
        for key, v in self.items():
            result[str(key)] = v.to_dict()
        return result

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


replication_diagnostics_errors_from_dict = ReplicationDiagnosticsErrors.from_dict
"""What the decoders of the models holding a ``ReplicationDiagnosticsErrors`` call."""
