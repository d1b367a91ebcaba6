"""Type checks of parsed generated models, compiled once per type.

The generated ``from_dict`` copies scalars without looking at them: a string where an int
belongs, or ``null`` where a string belongs, passes through and would surface later as an
unrelated ``TypeError`` in user code. The HTTP core checks every parsed body against the
generated annotations, so such a response becomes the service's "invalid response" error.

Checking by walking ``typing`` objects on every call cost more than the HTTP request on a
20-bucket list; here each type is turned once into a small closure, and the path of a problem
is only spelt out when there is one.
"""

from __future__ import annotations

import datetime
import sys
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

Checker = Callable[[Any], bool]
"""True when the value fits the type."""

_CHECKERS: dict[Any, Checker] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def mismatch(value: Any, tp: Any, path: str) -> str | None:
    """Where ``value`` does not fit the generated type ``tp`` (the first problem), or None."""
    if _checker(tp)(value):
        return None
    return _explain(value, tp, path)


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        # Generated modules import sibling models only under TYPE_CHECKING: resolve them from the package.
        package = cls.__module__.rsplit(".", 2)[0]
        models = sys.modules.get(f"{package}.models")
        namespace = {**(vars(models) if models else {}), "datetime": datetime}
        hints = typing.get_type_hints(cls, globalns=vars(sys.modules[cls.__module__]), localns=namespace)
        _HINTS[cls] = hints
    return hints


def _is_union(tp: Any) -> bool:
    return isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union


def _shallow(tp: Any) -> Checker:
    """The outer type alone (a list is a list, whatever its items)."""
    if tp is Any:
        return lambda v: True
    if tp is type(None):
        return lambda v: v is None
    origin = typing.get_origin(tp)
    if origin is not None:
        return lambda v: isinstance(v, origin)
    if tp is bool:
        return lambda v: v is True or v is False
    if tp is int:
        return lambda v: isinstance(v, int) and v is not True and v is not False
    if tp is float:
        return lambda v: isinstance(v, int | float) and v is not True and v is not False
    if isinstance(tp, type):
        return lambda v: isinstance(v, tp)
    return lambda v: False


class _Compiler:
    """Writes one Python expression per type and compiles it: no per-field function calls."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {}
        self._depth = 0

    def ref(self, obj: Any) -> str:
        name = f"_r{len(self.namespace)}"
        self.namespace[name] = obj
        return name

    def expr(self, tp: Any, var: str) -> str:
        if tp is Any:
            return "True"
        if tp is type(None):
            return f"{var} is None"
        if _is_union(tp):
            return "(" + " or ".join(self.expr(o, var) for o in typing.get_args(tp)) + ")"
        origin = typing.get_origin(tp)
        if origin in (list, dict):
            self._depth += 1
            item = f"_i{self._depth}"
            args = typing.get_args(tp)
            if origin is list:
                inner = self.expr(args[0], item)
                text = f"(type({var}) is list and all({inner} for {item} in {var}))"
            else:
                inner = self.expr(args[1], item)
                keys = f"all(type(_k) is str for _k in {var})"
                text = f"(type({var}) is dict and {keys} and all({inner} for {item} in {var}.values()))"
            self._depth -= 1
            return text
        if tp is bool:
            return f"({var} is True or {var} is False)"
        if tp is int:
            return f"(isinstance({var}, int) and {var} is not True and {var} is not False)"
        if tp is float:
            return f"(isinstance({var}, (int, float)) and {var} is not True and {var} is not False)"
        if isinstance(tp, type) and attrs.has(tp):
            return f"{self.ref(_LazyChecker(tp))}({var})"
        if isinstance(tp, type):
            return f"isinstance({var}, {self.ref(tp)})"
        return "False"

    def compile(self, tp: Any) -> Checker:
        if isinstance(tp, type) and attrs.has(tp):
            hints = _hints(tp)
            parts = [f"isinstance(v, {self.ref(tp)})"]
            parts += [self.expr(hints[f.name], f"v.{f.name}") for f in attrs.fields(tp)]
        else:
            parts = [self.expr(tp, "v")]
        source = "def check(v):\n    return " + " and ".join(parts) + "\n"
        exec(compile(source, f"<typecheck {tp!r}>", "exec"), self.namespace)
        check: Checker = self.namespace["check"]
        return check


class _LazyChecker:
    """A nested model's checker, compiled on first use (models may refer to each other)."""

    __slots__ = ("_check", "_tp")

    def __init__(self, tp: type) -> None:
        self._tp = tp
        self._check: Checker | None = None

    def __call__(self, v: Any) -> bool:
        check = self._check
        if check is None:
            check = self._check = _checker(self._tp)
        return check(v)


def _checker(tp: Any) -> Checker:
    found = _CHECKERS.get(tp)
    if found is None:
        found = _CHECKERS[tp] = _Compiler().compile(tp)
    return found


def _describe(tp: Any) -> str:
    if _is_union(tp):
        return " | ".join(_describe(a) for a in typing.get_args(tp))
    if tp is type(None):
        return "None"
    if isinstance(tp, type) and typing.get_origin(tp) is None:
        return tp.__name__
    return str(tp).split(".models.")[-1] if ".models." in str(tp) else str(tp)


def _explain(value: Any, tp: Any, path: str) -> str | None:
    """The slow path, only once something did not fit: which field, and why."""
    if _checker(tp)(value):
        return None
    if _is_union(tp):
        for option in typing.get_args(tp):
            if _shallow(option)(value):
                return _explain(value, option, path)
        return f"{path}: expected {_describe(tp)}, got {type(value).__name__}"
    origin = typing.get_origin(tp)
    if origin is list:
        if not isinstance(value, list):
            return f"{path}: expected a list, got {type(value).__name__}"
        (item_type,) = typing.get_args(tp)
        for i, item in enumerate(value):
            problem = _explain(item, item_type, f"{path}[{i}]")
            if problem is not None:
                return problem
        return None
    if origin is dict:
        if not isinstance(value, dict):
            return f"{path}: expected an object, got {type(value).__name__}"
        _, value_type = typing.get_args(tp)
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{path}: expected str keys, got {type(key).__name__}"
            problem = _explain(item, value_type, f"{path}[{key!r}]")
            if problem is not None:
                return problem
        return None
    if not _shallow(tp)(value):
        return f"{path}: expected {_describe(tp)}, got {type(value).__name__}"
    if attrs.has(type(value)):
        hints = _hints(type(value))
        for field in attrs.fields(type(value)):
            name = field.name
            shown = path if name == "additional_properties" else f"{path}.{name}"
            problem = _explain(getattr(value, name), hints[name], shown)
            if problem is not None:
                return problem
    return None
