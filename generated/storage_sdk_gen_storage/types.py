"""Shared types of the generated code: the request an operation builds, uploads, and the checks the models use.

storage-sdk: this module replaces the generator's (see openapi/templates/README.md). Nothing here
sends a request: the facade in ``storage_sdk`` takes a :class:`Request` from an operation's
``request()``, sends it, and hands the body of a 2xx answer to the operation's ``parse()``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import IO, Any, TypeVar

from attrs import define

JSONBody = dict[str, Any]
FileContent = IO[bytes] | bytes
FileTuple = tuple[str | None, FileContent, str | None]
RequestFiles = list[tuple[str, FileTuple]]
T = TypeVar("T")


class Request:
    """What one operation sends: method, path (relative to the API root), and the body if any.

    Attributes:
        method: the HTTP method, upper case.
        path: the path with its parameters filled in and quoted, e.g. ``/api/v1/b/my%20bucket``.
        params: query parameters, or None.
        headers: header parameters and the body's ``Content-Type``, or None.
        json: a JSON body (already a plain dict/list), or None for no JSON body.
        data: plain multipart form fields, or None.
        files: multipart file parts, or None.
    """

    __slots__ = ("data", "files", "headers", "json", "method", "params", "path")

    def __init__(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        json: Any = None,
        data: dict[str, str] | None = None,
        files: RequestFiles | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.params = params
        self.headers = headers
        self.json = json
        self.data = data
        self.files = files

    def __repr__(self) -> str:
        return f"Request({self.method!r}, {self.path!r})"


@define
class File:
    """A file for a multipart upload: its content, file name and content type."""

    payload: FileContent
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTuple:
        """The ``(file name, content, content type)`` tuple httpx takes for a multipart file part."""
        return self.file_name, self.payload, self.mime_type


# ------------------------------------------------------------------------------------------------
# decoding answers


class DecodeError(ValueError):
    """A response body that does not fit the spec; ``where`` names the model and field (``ServerInfo.usage``)."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


try:  # orjson parses an answer in a third of json's time; a number past 64 bits comes back a float
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency of storage-sdk
    _loads = json.loads


def decode_json(content: bytes) -> Any:
    """The JSON value of a response body (``ValueError`` if it is not UTF-8 JSON)."""
    return _loads(content)


def type_name(value: object) -> str:
    """How a wrong value is named in error messages: its JSON type where it has one."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "bool"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def missing(where: str) -> DecodeError:
    return DecodeError(where, "missing")


def mismatch(where: str, expected: str, value: object) -> DecodeError:
    return DecodeError(where, f"expected {expected}, got {type_name(value)}")


def refill(cls: type[T], filled: Any) -> T:
    """A model's subclass from the object its ``from_dict`` filled (a subclass may have its own slots or
    a ``__dict__``, so the filled object cannot simply become one)."""
    obj = object.__new__(cls)
    for field in cls.__attrs_attrs__:  # type: ignore[attr-defined]
        object.__setattr__(obj, field.name, getattr(filled, field.name))
    return obj


def decode_datetime(value: object, where: str) -> datetime.datetime:
    if type(value) is not str:
        raise mismatch(where, "an RFC 3339 date-time string", value)
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        raise DecodeError(where, f"expected an RFC 3339 date-time, got {value[:40]!r}") from None


def encode_datetime(value: datetime.datetime) -> str:
    """RFC 3339, with ``Z`` for UTC (as the server and reduct-py write it)."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# ------------------------------------------------------------------------------------------------
# checking what users build (attrs validators: they run in __init__ and on every assignment)

Validator = Callable[[Any, Any, Any], None]


def _describe(types: tuple[type, ...], nullable: bool) -> str:
    names = [t.__name__ for t in types]
    if float in types and int in types:
        names.remove("int")
    text = " or ".join(names)
    return f"{text} or None" if nullable else text


def _fits(value: object, types: tuple[type, ...]) -> bool:
    if value is True or value is False:
        return bool in types
    return isinstance(value, types)


def is_type(*types: type, nullable: bool = False) -> Validator:
    """An attrs validator: the value is an instance of one of ``types`` (bool is never an int)."""
    if float in types and int not in types:
        types = (*types, int)
    expected = _describe(types, nullable)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is None and nullable:
            return
        if not _fits(value, types):
            raise TypeError(
                f"{type(instance).__name__}.{attribute.name}: expected {expected}, got {type(value).__name__}"
            )

    return check


def is_list_of(*types: type, nullable: bool = False) -> Validator:
    """An attrs validator: a list whose items are instances of ``types``."""
    expected = _describe(types, False)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, list):
            raise TypeError(
                f"{type(instance).__name__}.{attribute.name}: expected a list of {expected}"
                f"{' or None' if nullable else ''}, got {type(value).__name__}"
            )
        for index, item in enumerate(value):
            if not _fits(item, types):
                raise TypeError(
                    f"{type(instance).__name__}.{attribute.name}[{index}]: expected {expected}, "
                    f"got {type(item).__name__}"
                )

    return check


def is_json(instance: Any, attribute: Any, value: Any) -> None:
    """An attrs validator: a value that JSON can carry (dict, list, str, int, float, bool or None)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{type(instance).__name__}.{attribute.name}: not a JSON value ({exc})") from None


def str_list(value: list[str] | tuple[str, ...]) -> list[str]:
    """An attrs converter for lists of strings: a tuple becomes a list (as pydantic lets it); the
    validator judges anything else."""
    return list(value) if isinstance(value, tuple) else value


__all__ = [
    "DecodeError",
    "File",
    "FileContent",
    "FileTuple",
    "JSONBody",
    "Request",
    "RequestFiles",
    "decode_datetime",
    "decode_json",
    "encode_datetime",
    "is_json",
    "is_list_of",
    "is_type",
    "mismatch",
    "missing",
    "str_list",
    "type_name",
]
