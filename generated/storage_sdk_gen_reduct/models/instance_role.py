from enum import StrEnum


class InstanceRole(StrEnum):
    STANDALONE = "STANDALONE"
    PRIMARY = "PRIMARY"
    SECONDARY = "SECONDARY"
    REPLICA = "REPLICA"

    # storage-sdk: str() and f-strings give "QuotaType.FIFO", as reduct-py's enums do; ``.value``
    # is the wire value. Members still compare equal to their values (``QuotaType.FIFO == "FIFO"``).
    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


_BY_TEXT: dict[str, InstanceRole] = {
    **{member.name.lower(): member for member in InstanceRole},
    **{member.value.lower(): member for member in InstanceRole},
}
_ALLOWED = ", ".join(repr(member.value) for member in InstanceRole)


def to_instance_role(value: InstanceRole | str) -> InstanceRole:
    """A InstanceRole from a member or its value or name in any case (``"STANDALONE"``).

    Raises:
        ValueError: the value is not one of the allowed ones.
        TypeError: the value is not a str.
    """
    if isinstance(value, InstanceRole):
        return value  # a member, or a value the server sent that this client does not know
    if not isinstance(value, str):
        raise TypeError(f"expected a InstanceRole or str, got {type(value).__name__}")
    member = _BY_TEXT.get(value.lower())
    if member is None:
        raise ValueError(f"{value!r} is not a valid InstanceRole; expected one of {_ALLOWED}")
    return member


def to_instance_role_or_none(value: InstanceRole | str | None) -> InstanceRole | None:
    """As :func:`to_instance_role`, and None stays None."""
    return None if value is None else to_instance_role(value)


instance_role_by_value: dict[str, InstanceRole] = InstanceRole._value2member_map_  # type: ignore[assignment]
"""The members by the value the server sends (the enum's own map): what a model's ``from_dict`` looks
up first, before it calls :func:`instance_role_from_wire` for a value this client does not know."""


def instance_role_from_wire(value: str) -> InstanceRole:
    """The member for a value the server sent; a value this client does not know is kept as a pseudo-member.

    storage-sdk: servers add enum values over time, and an old client must not fail the whole
    answer for one. The pseudo-member equals its string and is an instance of the class, but
    calling ``InstanceRole(value)`` with an unknown value still raises ``ValueError``.
    """
    member = InstanceRole._value2member_map_.get(value)
    if member is not None:
        return member  # type: ignore[return-value]
    unknown = str.__new__(InstanceRole, value)
    unknown._name_ = value
    unknown._value_ = value
    return unknown
