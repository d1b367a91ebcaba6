from enum import StrEnum


class LifecycleMode(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"
    DRY_RUN = "dry_run"

    # storage-sdk: str() and f-strings give "QuotaType.FIFO", as reduct-py's enums do; ``.value``
    # is the wire value. Members still compare equal to their values (``QuotaType.FIFO == "FIFO"``).
    def __str__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


_BY_TEXT: dict[str, LifecycleMode] = {
    **{member.name.lower(): member for member in LifecycleMode},
    **{member.value.lower(): member for member in LifecycleMode},
}
_ALLOWED = ", ".join(repr(member.value) for member in LifecycleMode)


def to_lifecycle_mode(value: LifecycleMode | str) -> LifecycleMode:
    """A LifecycleMode from a member or its value or name in any case (``"enabled"``).

    Raises:
        ValueError: the value is not one of the allowed ones.
        TypeError: the value is not a str.
    """
    if isinstance(value, LifecycleMode):
        return value  # a member, or a value the server sent that this client does not know
    if not isinstance(value, str):
        raise TypeError(f"expected a LifecycleMode or str, got {type(value).__name__}")
    member = _BY_TEXT.get(value.lower())
    if member is None:
        raise ValueError(f"{value!r} is not a valid LifecycleMode; expected one of {_ALLOWED}")
    return member


def to_lifecycle_mode_or_none(value: LifecycleMode | str | None) -> LifecycleMode | None:
    """As :func:`to_lifecycle_mode`, and None stays None."""
    return None if value is None else to_lifecycle_mode(value)


lifecycle_mode_by_value: dict[str, LifecycleMode] = LifecycleMode._value2member_map_  # type: ignore[assignment]
"""The members by the value the server sends (the enum's own map): what a model's ``from_dict`` looks
up first, before it calls :func:`lifecycle_mode_from_wire` for a value this client does not know."""


def lifecycle_mode_from_wire(value: str) -> LifecycleMode:
    """The member for a value the server sent; a value this client does not know is kept as a pseudo-member.

    storage-sdk: servers add enum values over time, and an old client must not fail the whole
    answer for one. The pseudo-member equals its string and is an instance of the class, but
    calling ``LifecycleMode(value)`` with an unknown value still raises ``ValueError``.
    """
    member = LifecycleMode._value2member_map_.get(value)
    if member is not None:
        return member  # type: ignore[return-value]
    unknown = str.__new__(LifecycleMode, value)
    unknown._name_ = value
    unknown._value_ = value
    return unknown
