"""Errors raised by the generated code: see ``DecodeError`` in ``types``."""

from .types import DecodeError

__all__ = ["DecodeError"]
