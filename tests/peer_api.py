"""The public API of the peer packages (reduct-py, opengater-storage-client), introspected into plain data.

Every function imports its package when called and returns only str/bool/list/dict/tuple values:

- ``reductpy_models()`` / ``opengater_models()``: ``{model: {field: {"default": ..., "annotation": ...}}}`` for
  every pydantic model the package exports (``include_nested=True`` adds the models reachable from their
  fields, e.g. ``ReplicationDiagnostics``). ``default`` is ``"REQUIRED"``, or the ``repr`` of the default (of
  what ``default_factory`` builds), with enum members written ``LifecycleType.DELETE``. ``annotation`` is the
  type without module prefixes, e.g. ``Optional[QuotaType]``, ``list[str]``, ``datetime | None``.
- ``reductpy_enums()``: ``{enum: {member: value}}`` for the exported enums.
- ``reductpy_methods()`` / ``opengater_methods()``: ``{"Client.create_token": [(param, kind, default), ...]}``
  for ``__init__`` and every public method (``self`` left out); ``kind`` is the ``inspect.Parameter`` kind
  name, ``default`` is ``"REQUIRED"``, ``""`` for ``*args``/``**kwargs``, or the ``repr`` of the default.
- ``reductpy_method_kinds()`` / ``opengater_method_kinds()``: ``coroutine``, ``async_generator``,
  ``async_context_manager``, ``sync``, ``property`` or ``static``.
- ``reductpy_kwargs()``: for methods taking ``**kwargs``, the keyword names their code reads (best effort: direct
  ``kwargs.get/pop/[...]``/``in`` in the method, and in the functions it hands ``kwargs`` to when they can be
  resolved from the module, e.g. ``Client.__init__`` -> ``HttpClient.__init__``).
- ``reductpy_errors()`` / ``opengater_errors()``: ``{class: {"bases", "mro", "init", "attributes", "str"}}``.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import re
import textwrap
from collections.abc import Callable, Iterable
from typing import Any, TypedDict, get_args

from pydantic import BaseModel

REQUIRED = "REQUIRED"

Param = tuple[str, str, str]


class FieldSpec(TypedDict):
    default: str
    annotation: str


class ErrorSpec(TypedDict):
    bases: list[str]
    mro: list[str]
    init: list[Param]
    attributes: list[str]
    str: dict[str, str]


_QUALIFIER = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_]\w*)")


def _module(name: str) -> Any:
    return importlib.import_module(name)


def type_str(tp: Any) -> str:
    """A type annotation as text, without module prefixes."""
    if tp is type(None):
        return "None"
    if isinstance(tp, type) and not get_args(tp):
        return tp.__name__
    return _QUALIFIER.sub("", str(tp)).replace("NoneType", "None")


def value_repr(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


def _field_default(info: Any) -> str:
    if info.is_required():
        return REQUIRED
    if info.default_factory is not None:
        return value_repr(info.default_factory())
    return value_repr(info.default)


def _model_fields(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return {
        name: {"default": _field_default(info), "annotation": type_str(info.annotation)}
        for name, info in model.model_fields.items()
    }


def _exported(module: Any, kind: type) -> dict[str, Any]:
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    found = {}
    for name in names:
        obj = getattr(module, name)
        if isinstance(obj, type) and issubclass(obj, kind) and obj is not kind:
            found[name] = obj
    return found


def _reachable_models(models: Iterable[type[BaseModel]]) -> dict[str, type[BaseModel]]:
    seen: dict[str, type[BaseModel]] = {}
    todo = list(models)
    while todo:
        model = todo.pop()
        if model.__name__ in seen:
            continue
        seen[model.__name__] = model
        for info in model.model_fields.values():
            stack = [info.annotation]
            while stack:
                tp = stack.pop()
                if isinstance(tp, type) and issubclass(tp, BaseModel):
                    todo.append(tp)
                stack.extend(get_args(tp))
    return seen


def _models(module_name: str, include_nested: bool) -> dict[str, dict[str, FieldSpec]]:
    exported: dict[str, type[BaseModel]] = _exported(_module(module_name), BaseModel)
    models = _reachable_models(exported.values()) if include_nested else exported
    return {name: _model_fields(model) for name, model in sorted(models.items())}


def _params(func: Callable[..., Any], skip_self: bool) -> list[Param]:
    params = list(inspect.signature(func).parameters.values())
    if skip_self and params and params[0].name in ("self", "cls"):
        params = params[1:]
    out: list[Param] = []
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            default = ""
        elif p.default is p.empty:
            default = REQUIRED
        else:
            default = value_repr(p.default)
        out.append((p.name, p.kind.name, default))
    return out


def _public_members(cls: type) -> dict[str, Any]:
    names = [n for n in dir(cls) if not n.startswith("_")]
    names += [n for n in ("__init__", "__aenter__", "__aexit__", "__enter__", "__exit__") if n in vars(cls)]
    return {n: inspect.getattr_static(cls, n) for n in sorted(names)}


def _kind(member: Any) -> str:
    if isinstance(member, property):
        return "property"
    if isinstance(member, staticmethod):
        return "static"
    func = member.__func__ if isinstance(member, classmethod) else member
    if inspect.iscoroutinefunction(func):
        return "coroutine"
    if inspect.isasyncgenfunction(func):
        return "async_generator"
    wrapped = getattr(func, "__wrapped__", None)
    if wrapped is not None and inspect.isasyncgenfunction(wrapped):
        return "async_context_manager"
    return "sync"


def _methods(classes: Iterable[type]) -> dict[str, list[Param]]:
    out: dict[str, list[Param]] = {}
    for cls in classes:
        for name, member in _public_members(cls).items():
            if isinstance(member, property) or not callable(getattr(cls, name)):
                continue
            func = member.__func__ if isinstance(member, staticmethod | classmethod) else member
            out[f"{cls.__name__}.{name}"] = _params(func, skip_self=not isinstance(member, staticmethod))
    return out


def _method_kinds(classes: Iterable[type]) -> dict[str, str]:
    return {f"{cls.__name__}.{name}": _kind(member) for cls in classes for name, member in _public_members(cls).items()}


def _documented_kwargs(func: Callable[..., Any]) -> set[str]:
    """Names listed under ``Keyword Args:`` / ``Kwargs:`` in a Google-style docstring."""
    names: set[str] = set()
    in_section = False
    for line in (inspect.getdoc(func) or "").splitlines():
        stripped = line.strip()
        if stripped in ("Keyword Args:", "Kwargs:", "Keyword Arguments:"):
            in_section = True
        elif in_section and re.match(r"^[A-Z][A-Za-z ]*:$", stripped):
            in_section = False
        elif in_section and (match := re.match(r"^\s+(\w+)\s*(?:\([^)]*\))?\s*:", line)):
            names.add(match.group(1))
    return names


def _reads_of(name: str, source: str) -> set[str]:
    """Constant keys read from the dict variable ``name``: ``name.get/pop/setdefault("k")``, ``name["k"]``,
    ``"k" in name``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == name
            and node.func.attr in ("get", "pop", "setdefault")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == name
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            names.add(node.slice.value)
        if (
            isinstance(node, ast.Compare)
            and len(node.comparators) == 1
            and isinstance(node.ops[0], ast.In)
            and isinstance(node.comparators[0], ast.Name)
            and node.comparators[0].id == name
            and isinstance(node.left, ast.Constant)
            and isinstance(node.left.value, str)
        ):
            names.add(node.left.value)
    return names


def _resolve(call: ast.Call, func: Callable[..., Any]) -> Any:
    """The function a call inside ``func`` targets, when it is a module-level name or a ``self.method``."""
    scope: dict[str, Any] = getattr(func, "__globals__", {})
    if isinstance(call.func, ast.Name):
        target: Any = scope.get(call.func.id)
        return target.__init__ if isinstance(target, type) else target  # type: ignore[misc]
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "self":
        owner = scope.get(func.__qualname__.split(".")[0])
        return getattr(owner, call.func.attr, None) if isinstance(owner, type) else None
    return None


def _kwargs_read(func: Callable[..., Any], dict_param: str | None = None, depth: int = 3) -> set[str]:
    """Keyword names a function reads from its ``**kwargs`` (or from the dict parameter ``dict_param``), following
    the calls that hand that dict on (``f(**kwargs)``, ``f(kwargs)``) when they can be resolved, plus the names its
    docstring lists under ``Keyword Args:``."""
    try:
        params = list(inspect.signature(func).parameters.values())
        source = textwrap.dedent(inspect.getsource(func))
    except (TypeError, OSError, ValueError):
        return set()
    name = dict_param or next((p.name for p in params if p.kind is p.VAR_KEYWORD), None)
    if name is None:
        return set()
    names = _reads_of(name, source) | (_documented_kwargs(func) if dict_param is None else set())
    if depth == 0:
        return names
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        forwards = any(
            kw.arg is None and isinstance(kw.value, ast.Name) and kw.value.id == name for kw in node.keywords
        )
        position = next((i for i, a in enumerate(node.args) if isinstance(a, ast.Name) and a.id == name), None)
        if not forwards and position is None:
            continue
        callee = _resolve(node, func)
        if callee is None or not callable(callee):
            continue
        if forwards:
            names |= _kwargs_read(callee, None, depth - 1)
        else:
            try:
                callee_params = [p.name for p in inspect.signature(callee).parameters.values()]
            except (TypeError, ValueError):
                continue
            bound = isinstance(node.func, ast.Attribute) and callee_params[:1] == ["self"]
            index = (position or 0) + (1 if bound else 0)
            if index < len(callee_params):
                names |= _kwargs_read(callee, callee_params[index], depth - 1)
    return names


def _errors(
    classes: Iterable[type[BaseException]], make: Callable[[type[BaseException]], dict[str, str]]
) -> dict[str, ErrorSpec]:
    out: dict[str, ErrorSpec] = {}
    for cls in classes:
        examples = make(cls)
        sample: Any = None
        for attempt in ({"status_code": 418, "detail": "d"}, {"code": 418, "message": "m"}):
            try:
                sample = cls(**attempt)
                break
            except TypeError:
                continue
        attributes = sorted(vars(sample)) if sample is not None else []
        attributes += sorted(n for n, v in vars(cls).items() if isinstance(v, property))
        out[cls.__name__] = {
            "bases": [b.__name__ for b in cls.__bases__],
            "mro": [c.__name__ for c in cls.__mro__],
            "init": _params(cls.__init__, skip_self=True),
            "attributes": attributes,
            "str": examples,
        }
    return out


# ------------------------------------------------------------------------------------------------
# reduct-py


def _reduct_classes() -> list[type]:
    reduct = _module("reduct")
    return [reduct.Client, reduct.Bucket]


def reductpy_models(include_nested: bool = False) -> dict[str, dict[str, FieldSpec]]:
    """Fields of every pydantic model exported by ``reduct`` (and those reachable from them if asked)."""
    return _models("reduct", include_nested)


def reductpy_enums() -> dict[str, dict[str, Any]]:
    """``{enum name: {member name: value}}`` for every enum exported by ``reduct``."""
    enums: dict[str, type[enum.Enum]] = _exported(_module("reduct"), enum.Enum)
    return {name: {m.name: m.value for m in cls} for name, cls in sorted(enums.items())}


def reductpy_methods() -> dict[str, list[Param]]:
    """Signatures of ``__init__`` and the public methods of ``reduct.Client`` and ``reduct.Bucket``."""
    return _methods(_reduct_classes())


def reductpy_method_kinds() -> dict[str, str]:
    return _method_kinds(_reduct_classes())


def reductpy_kwargs() -> dict[str, list[str]]:
    """Keyword names read from ``**kwargs`` by the reduct-py methods that take them."""
    out: dict[str, list[str]] = {}
    for cls in _reduct_classes():
        for name, member in _public_members(cls).items():
            if callable(member) and any(p[1] == "VAR_KEYWORD" for p in _params(member, skip_self=True)):
                out[f"{cls.__name__}.{name}"] = sorted(_kwargs_read(member))
    return out


def reductpy_errors() -> dict[str, ErrorSpec]:
    reduct = _module("reduct")

    def examples(cls: type[BaseException]) -> dict[str, str]:
        return {"404": str(cls(404, "Bucket 'x' is not found")), "-1": str(cls(-1, "Cannot connect"))}

    return _errors([reduct.ReductError], examples)


# ------------------------------------------------------------------------------------------------
# opengater-storage-client


def _opengater_classes() -> list[type]:
    return [_module("opengater_storage_client").StorageClient]


def opengater_models(include_nested: bool = False) -> dict[str, dict[str, FieldSpec]]:
    return _models("opengater_storage_client", include_nested)


def opengater_methods() -> dict[str, list[Param]]:
    """Signatures of ``__init__`` and the public methods of ``StorageClient``."""
    return _methods(_opengater_classes())


def opengater_method_kinds() -> dict[str, str]:
    return _method_kinds(_opengater_classes())


def opengater_errors() -> dict[str, ErrorSpec]:
    """Every exception class exported by ``opengater_storage_client``: bases, constructor, attributes, str()."""
    module = _module("opengater_storage_client")
    classes: dict[str, type[BaseException]] = _exported(module, BaseException)

    def examples(cls: type[BaseException]) -> dict[str, str]:
        make: Any = cls
        return {
            "none": str(make()),
            "status_only": str(make(status_code=503)),
            "detail": str(make(status_code=400, detail="content_type not allowed")),
        }

    return _errors([classes[name] for name in sorted(classes)], examples)
