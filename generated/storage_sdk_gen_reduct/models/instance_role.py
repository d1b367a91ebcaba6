from enum import StrEnum


class InstanceRole(StrEnum):
    PRIMARY = "PRIMARY"
    REPLICA = "REPLICA"
    SECONDARY = "SECONDARY"
    STANDALONE = "STANDALONE"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "InstanceRole | None":
        # storage-sdk: servers add enum values over time; keep an unknown string value as a
        # pseudo-member (equal to the string, not cached) instead of failing the whole parse.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
