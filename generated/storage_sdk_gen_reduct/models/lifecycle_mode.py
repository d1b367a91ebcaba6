from enum import StrEnum


class LifecycleMode(StrEnum):
    DISABLED = "disabled"
    DRY_RUN = "dry_run"
    ENABLED = "enabled"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "LifecycleMode | None":
        # storage-sdk: servers add enum values over time; keep an unknown string value as a
        # pseudo-member (equal to the string, not cached) instead of failing the whole parse.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
