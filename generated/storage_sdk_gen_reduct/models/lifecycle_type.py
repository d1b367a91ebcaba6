from enum import StrEnum


class LifecycleType(StrEnum):
    DELETE = "delete"
    COMPRESS = "compress"

    # storage-sdk: str() and f-strings give "QuotaType.FIFO", as reduct-py's enums do; ``.value``
    # is the wire value. Members still compare equal to their values (``QuotaType.FIFO == "FIFO"``).
    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


_BY_TEXT: dict[str, LifecycleType] = {
    **{member.name.lower(): member for member in LifecycleType},
    **{member.value.lower(): member for member in LifecycleType},
}
_ALLOWED = ", ".join(repr(member.value) for member in LifecycleType)


def to_lifecycle_type(value: LifecycleType | str) -> LifecycleType:
    """A LifecycleType from a member or its value or name in any case (``"delete"``).

    Raises:
        ValueError: the value is not one of the allowed ones.
        TypeError: the value is not a str.
    """
    if isinstance(value, LifecycleType):
        return value  # a member, or a value the server sent that this client does not know
    if not isinstance(value, str):
        raise TypeError(f"expected a LifecycleType or str, got {type(value).__name__}")
    member = _BY_TEXT.get(value.lower())
    if member is None:
        raise ValueError(f"{value!r} is not a valid LifecycleType; expected one of {_ALLOWED}")
    return member


def to_lifecycle_type_or_none(value: LifecycleType | str | None) -> LifecycleType | None:
    """As :func:`to_lifecycle_type`, and None stays None."""
    return None if value is None else to_lifecycle_type(value)


lifecycle_type_by_value: dict[str, LifecycleType] = LifecycleType._value2member_map_  # type: ignore[assignment]
"""The members by the value the server sends (the enum's own map): what a model's ``from_dict`` looks
up first, before it calls :func:`lifecycle_type_from_wire` for a value this client does not know."""


def lifecycle_type_from_wire(value: str) -> LifecycleType:
    """The member for a value the server sent; a value this client does not know is kept as a pseudo-member.

    storage-sdk: servers add enum values over time, and an old client must not fail the whole
    answer for one. The pseudo-member equals its string and is an instance of the class, but
    calling ``LifecycleType(value)`` with an unknown value still raises ``ValueError``.
    """
    member = LifecycleType._value2member_map_.get(value)
    if member is not None:
        return member  # type: ignore[return-value]
    unknown = str.__new__(LifecycleType, value)
    unknown._name_ = value
    unknown._value_ = value
    return unknown
