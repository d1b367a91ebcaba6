"""Parity with the peer packages, compared programmatically: reduct-py 1.21.0 and opengater-storage-client 0.2.2.

Both peers are installed as test-only dependencies. Every difference found is a key ``(kind, owner, item)``:

- ``export``: a name the peer exports, looked up in ``storage_sdk`` (reduct-py's ``Client``/``Bucket`` are our
  ``AsyncClient``/``AsyncBucket``, opengater's ``StorageClient`` is our ``AsyncStorageClient``).
- ``model`` / ``model_default`` / ``model_type`` / ``model_keyword``: per field of every pydantic model of the peer
  (reduct-py: everything in ``reduct.msg``, which covers the exported models and the nested ones such as
  ``ReplicationDiagnostics*``), against our attrs model of the same name (``Token`` is our alias of
  ``FullTokenInfo``): presence, default value (enums by ``.value``, required vs not), type (normalized
  text), constructor keyword. ``model_api`` (owner ``*``): public class attributes that are not fields
  (pydantic's ``model_dump``... against our ``to_dict``...), aggregated over all models.
- ``enum``: member names and values in order, ``str`` subclassing, ``str()``/``format()`` of members.
- ``method`` / ``param``: every public method of the peer's client classes (kind: coroutine, async
  generator...; presence either way) and its parameters (name, kind, default, position); a keyword that
  reduct-py reads from ``**kwargs`` (``tests.peer_api.reductpy_kwargs``) must be accepted by ours.
- ``error``: the exception classes (bases, attributes, ``str()``, ``repr()``, ``from_header``...).
- ``script``: the lines printed by ``tests/scripts/*.py`` run with the peer and with only the import line
  swapped for ours, against fresh stand-in servers with the same seed; the key is the line's label.

Each difference must be in ``tests.parity_allowlist.ALLOWLIST`` (deliberate, with its reason) or in
``KNOWN_BUGS`` (suspected bugs: each has a strict xfail test here, so it shows until it is fixed, and then
``XPASS(strict)`` says to drop the entry). An allowlist entry that matches no difference any more fails too.
Our side of a script must print no ``ERROR`` line except those of a known bug.
"""

from __future__ import annotations

import ast
import contextlib
import enum
import functools
import importlib
import pkgutil
import subprocess
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
import pytest
from pydantic import BaseModel

import storage_sdk
from storage_sdk.testing import DEMO_LICENSE
from storage_sdk.testing import FakeReduct as StandInReduct
from tests import peer_api
from tests.parity_allowlist import ALLOWLIST, KNOWN_BUGS, Key

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "scripts"
TOKEN = "init-token-value"
STORAGE_KEY = "key-1"
REQUIRED = peer_api.REQUIRED
VAR_KINDS = ("VAR_POSITIONAL", "VAR_KEYWORD")
POSITIONAL_KINDS = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")

# the peer's class name -> ours (the peers are async-only; our unprefixed names are the sync twins)
REDUCT_CLASSES = {"Client": "AsyncClient", "Bucket": "AsyncBucket"}
OPENGATER_CLASSES = {"StorageClient": "AsyncStorageClient"}

Diffs = dict[Key, str]
KNOWN_BUG_KEYS: frozenset[Key] = frozenset(key for bug in KNOWN_BUGS.values() for key in bug.keys)


def unexplained(diffs: Diffs) -> Diffs:
    return {k: v for k, v in sorted(diffs.items()) if k not in ALLOWLIST and k not in KNOWN_BUG_KEYS}


def assert_explained(diffs: Diffs, owns: Callable[[Key], bool]) -> None:
    """Every difference is allowlisted or a known bug; every allowlist entry this check owns is still real."""
    surprises = unexplained(diffs)
    stale = sorted(k for k in ALLOWLIST if owns(k) and k not in diffs)
    lines = [f"  not allowlisted: {k!r}: {v}" for k, v in surprises.items()]
    lines += [f"  stale allowlist entry (no such difference any more): {k!r}" for k in stale]
    assert not lines, "peer parity:\n" + "\n".join(lines)


# ------------------------------------------------------------------------------------------------
# values and types as comparable data


class _Required:
    def __repr__(self) -> str:
        return "required"


_REQUIRED = _Required()


def comparable_default(value: Any) -> tuple[str, Any]:
    """A default as comparable data: enums by value, numbers as numbers, bool/None kept apart from ints."""
    if value is _REQUIRED:
        return ("required", None)
    if isinstance(value, enum.Enum):
        return ("enum", value.value)
    if value is None or isinstance(value, bool):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        return ("number", float(value))
    return (type(value).__name__, value)


def show_default(value: Any) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name} ({value.value!r})"
    return repr(value)


def type_text(tp: Any) -> str:
    """A type as text: no modules, ``typing.List``/``Dict`` as ``list``/``dict``, unions sorted."""
    if tp is type(None):
        return "None"
    if tp is Any:
        return "Any"
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        return " | ".join(sorted(type_text(a) for a in args))
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join(type_text(a) for a in args)}]" if args else name
    if isinstance(tp, type):
        return tp.__name__
    return str(tp)


@dataclass(frozen=True)
class Field:
    keyword: str
    default: Any  # _REQUIRED or the value (what a default_factory builds)
    type: str


def pydantic_fields(model: type[BaseModel]) -> dict[str, Field]:
    out = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            default: Any = _REQUIRED
        elif info.default_factory is not None:
            default = info.default_factory()  # type: ignore[call-arg]
        else:
            default = info.default
        out[name] = Field(info.alias or name, default, type_text(info.annotation))
    return out


def attrs_fields(model: type) -> dict[str, Field]:
    hints = get_type_hints(model)
    out = {}
    for f in attrs.fields(model):
        if not f.init:
            continue  # additional_properties: not a constructor keyword (compared under model_api)
        default: Any = f.default
        if default is attrs.NOTHING:
            default = _REQUIRED
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory(None) if default.takes_self else default.factory()
        out[f.name] = Field(f.alias or f.name, default, type_text(hints[f.name]))
    return out


def public_names(cls: type) -> set[str]:
    return {n for n in dir(cls) if not n.startswith("_")}


# ------------------------------------------------------------------------------------------------
# models and enums


def reductpy_msg_classes() -> tuple[dict[str, type[BaseModel]], dict[str, type[enum.Enum]]]:
    """Every pydantic model and enum defined in ``reduct.msg`` (exported or not)."""
    import reduct.msg

    models: dict[str, type[BaseModel]] = {}
    enums: dict[str, type[enum.Enum]] = {}
    for info in pkgutil.iter_modules(reduct.msg.__path__):
        module = importlib.import_module(f"reduct.msg.{info.name}")
        for name, obj in vars(module).items():
            if not isinstance(obj, type) or obj.__module__ != module.__name__:
                continue
            if issubclass(obj, BaseModel):
                models[name] = obj
            elif issubclass(obj, enum.Enum):
                enums[name] = obj
    return models, enums


def model_diffs(peer_models: dict[str, type[BaseModel]]) -> Diffs:
    diffs: Diffs = {}
    api: dict[tuple[str, str], list[str]] = {}  # (attribute, side) -> models
    for name, peer in sorted(peer_models.items()):
        ours = getattr(storage_sdk, name, None)
        if ours is None:
            diffs[("model", name, "*")] = "reduct-py only"
            continue
        if not attrs.has(ours):
            diffs[("model", name, "*")] = f"ours is not a model: {ours!r}"
            continue
        peer_fields, our_fields = pydantic_fields(peer), attrs_fields(ours)
        for field in sorted(peer_fields.keys() | our_fields.keys()):
            p, o = peer_fields.get(field), our_fields.get(field)
            if p is None or o is None:
                side, f = ("peer", p) if o is None else ("ours", o)
                assert f is not None
                diffs[("model", name, field)] = f"{side} only (default {show_default(f.default)}, {f.type})"
                continue
            if comparable_default(p.default) != comparable_default(o.default):
                diffs[("model_default", name, field)] = (
                    f"peer {show_default(p.default)}; ours {show_default(o.default)}"
                )
            if p.type != o.type:
                diffs[("model_type", name, field)] = f"peer {p.type}; ours {o.type}"
            if p.keyword != o.keyword:
                diffs[("model_keyword", name, field)] = f"peer {p.keyword}=; ours {o.keyword}="
        peer_api_names = public_names(peer) - set(peer_fields)
        our_api_names = public_names(ours) - set(our_fields)
        for attribute in peer_api_names - our_api_names:
            api.setdefault((attribute, "peer only"), []).append(name)
        for attribute in our_api_names - peer_api_names:
            api.setdefault((attribute, "ours only"), []).append(name)
    for (attribute, side), models in api.items():
        diffs[("model_api", "*", attribute)] = f"{side}, on {len(models)} model(s): {', '.join(sorted(models))}"
    return diffs


def enum_diffs(peer_enums: dict[str, type[enum.Enum]]) -> Diffs:
    diffs: Diffs = {}
    for name, peer in sorted(peer_enums.items()):
        ours = getattr(storage_sdk, name, None)
        if ours is None:
            diffs[("enum", name, "*")] = "reduct-py only"
            continue
        peer_members = [(m.name, m.value) for m in peer]
        our_members = [(m.name, m.value) for m in ours]
        if peer_members != our_members:
            diffs[("enum", name, "members")] = f"peer {peer_members}; ours {our_members}"
        if issubclass(peer, str) != issubclass(ours, str):
            diffs[("enum", name, "str_subclass")] = (
                f"peer {'is' if issubclass(peer, str) else 'is not'} a str subclass; "
                f"ours {'is' if issubclass(ours, str) else 'is not'} (ours == {our_members[0][1]!r}: "
                f"{ours[our_members[0][0]] == our_members[0][1]})"
            )
        peer_text = [(str(m), format(m), f"{m}") for m in peer]
        our_text = [
            (str(ours[m.name]), format(ours[m.name]), f"{ours[m.name]}") for m in peer if m.name in ours.__members__
        ]
        if peer_text[: len(our_text)] != our_text:
            diffs[("enum", name, "str")] = f"str()/format()/f-string: peer {peer_text[0]}; ours {our_text[0]}"
    return diffs


def export_diffs(peer_module: str, names: list[str], renames: dict[str, str], label: str) -> Diffs:
    diffs: Diffs = {}
    for name in names:
        target = renames.get(name, name)
        if getattr(storage_sdk, target, None) is None:
            diffs[("export", label, name)] = f"peer exports {peer_module}.{name}; storage_sdk has no {target}"
        elif target != name:
            same_name = getattr(storage_sdk, name, None)
            kind = "the sync twin" if same_name is not None else "missing"
            diffs[("export", label, name)] = f"peer's {name} is storage_sdk.{target}; storage_sdk.{name} is {kind}"
    return diffs


@functools.cache
def reduct_model_diffs() -> Diffs:
    import reduct

    models, enums = reductpy_msg_classes()
    exported = sorted(
        n for n in dir(reduct) if not n.startswith("_") and not isinstance(getattr(reduct, n), types.ModuleType)
    )
    return {
        **export_diffs("reduct", exported, REDUCT_CLASSES, "reduct"),
        **model_diffs(models),
        **enum_diffs(enums),
    }


@functools.cache
def opengater_model_diffs() -> Diffs:
    import opengater_storage_client as og

    models = {n: getattr(og, n) for n in og.__all__ if isinstance(getattr(og, n), type)}
    pydantic_models = {n: m for n, m in models.items() if issubclass(m, BaseModel)}
    return {
        **export_diffs("opengater_storage_client", og.__all__, OPENGATER_CLASSES, "opengater"),
        **model_diffs(pydantic_models),
    }


# ------------------------------------------------------------------------------------------------
# methods


def our_methods(classes: dict[str, str]) -> tuple[dict[str, list[peer_api.Param]], dict[str, str]]:
    """Our classes introspected exactly like the peer's (tests.peer_api), keyed by the peer's class names."""
    methods: dict[str, list[peer_api.Param]] = {}
    kinds: dict[str, str] = {}
    for peer_name, our_name in classes.items():
        cls = getattr(storage_sdk, our_name)
        for key, params in peer_api._methods([cls]).items():
            methods[peer_name + key[len(our_name) :]] = params
        for key, kind in peer_api._method_kinds([cls]).items():
            kinds[peer_name + key[len(our_name) :]] = kind
    return methods, kinds


def param_diffs(
    method: str,
    peer: list[peer_api.Param],
    ours: list[peer_api.Param],
    kwargs_read: Sequence[str] = (),
) -> Diffs:
    diffs: Diffs = {}
    peer_named = {p[0]: p for p in peer if p[1] not in VAR_KINDS}
    our_named = {p[0]: p for p in ours if p[1] not in VAR_KINDS}
    peer_positional = [p[0] for p in peer if p[1] in POSITIONAL_KINDS]
    our_positional = [p[0] for p in ours if p[1] in POSITIONAL_KINDS]
    peer_var = {p[1]: p[0] for p in peer if p[1] in VAR_KINDS}
    our_var = {p[1]: p[0] for p in ours if p[1] in VAR_KINDS}
    for name, (_, kind, default) in peer_named.items():
        if name not in our_named:
            diffs[("param", method, name)] = f"peer only ({kind}, default {default})"
            continue
        _, our_kind, our_default = our_named[name]
        problems = []
        if kind != our_kind:
            problems.append(f"kind: peer {kind}, ours {our_kind}")
        if default != our_default:
            problems.append(f"default: peer {default}, ours {our_default}")
        if name in peer_positional and (
            name not in our_positional or our_positional.index(name) != peer_positional.index(name)
        ):
            problems.append(f"position: peer {peer_positional}, ours {our_positional}")
        if problems:
            diffs[("param", method, name)] = "; ".join(problems)
    for name in kwargs_read:
        accepted = our_named.get(name)
        if accepted is not None and accepted[1] in ("POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY"):
            if accepted[2] == REQUIRED:
                diffs[("param", method, name)] = "peer reads it from **kwargs (optional); required on ours"
        elif "VAR_KEYWORD" not in our_var:
            diffs[("param", method, name)] = "peer reads it from **kwargs; ours does not accept the keyword"
    for kind, prefix in (("VAR_POSITIONAL", "*"), ("VAR_KEYWORD", "**")):
        if kind in peer_var and kind not in our_var:
            diffs[("param", method, prefix + peer_var[kind])] = "peer only"
        elif kind in our_var and kind not in peer_var:
            diffs[("param", method, prefix + our_var[kind])] = "ours only"
    for name, (_, kind, default) in our_named.items():
        if name not in peer_named and name not in kwargs_read:
            diffs[("param", method, name)] = f"ours only ({kind}, default {default})"
    return diffs


def method_diffs(
    peer_methods: dict[str, list[peer_api.Param]],
    peer_kinds: dict[str, str],
    classes: dict[str, str],
    kwargs_read: dict[str, list[str]],
) -> Diffs:
    ours, our_kinds = our_methods(classes)
    diffs: Diffs = {}
    for name in sorted(peer_kinds.keys() | our_kinds.keys()):
        if name not in our_kinds:
            diffs[("method", name, "*")] = f"peer only ({peer_kinds[name]})"
        elif name not in peer_kinds:
            diffs[("method", name, "*")] = f"ours only ({our_kinds[name]})"
        else:
            if peer_kinds[name] != our_kinds[name]:
                diffs[("method", name, "kind")] = f"peer {peer_kinds[name]}; ours {our_kinds[name]}"
            if name in peer_methods and name in ours:
                diffs.update(param_diffs(name, peer_methods[name], ours[name], kwargs_read.get(name, [])))
    return diffs


@functools.cache
def reduct_method_diffs() -> Diffs:
    return method_diffs(
        peer_api.reductpy_methods(), peer_api.reductpy_method_kinds(), REDUCT_CLASSES, peer_api.reductpy_kwargs()
    )


@functools.cache
def opengater_method_diffs() -> Diffs:
    return method_diffs(peer_api.opengater_methods(), peer_api.opengater_method_kinds(), OPENGATER_CLASSES, {})


# ------------------------------------------------------------------------------------------------
# errors


def _compare(diffs: Diffs, key: Key, peer: Any, ours: Any) -> None:
    if peer != ours:
        diffs[key] = f"peer {peer!r}; ours {ours!r}"


@functools.cache
def reduct_error_diffs() -> Diffs:
    import reduct

    peer_spec = peer_api.reductpy_errors()["ReductError"]
    peer_cls, ours = reduct.ReductError, storage_sdk.ReductError
    diffs = param_diffs("ReductError.__init__", peer_spec["init"], peer_api._params(ours.__init__, skip_self=True))
    _compare(diffs, ("error", "ReductError", "bases"), peer_spec["bases"], [b.__name__ for b in ours.__bases__])
    for attribute in (a for a in peer_spec["attributes"] if not a.startswith("_")):
        if not hasattr(ours(404, "m"), attribute):
            diffs[("error", "ReductError", f"attribute.{attribute}")] = "peer only"
    for label, (status, message) in {"404": (404, "Bucket 'x' is not found"), "-1": (-1, "Cannot connect")}.items():
        err = ours(status, message)
        _compare(diffs, ("error", "ReductError", f"str.{label}"), peer_spec["str"][label], str(err))
        peer_err = peer_cls(status, message)
        _compare(diffs, ("error", "ReductError", f"status_code.{label}"), peer_err.status_code, err.status_code)
        _compare(diffs, ("error", "ReductError", f"message.{label}"), peer_err.message, err.message)
        _compare(diffs, ("error", "ReductError", f"args.{label}"), peer_err.args, err.args)
    _compare(diffs, ("error", "ReductError", "repr"), repr(peer_cls(404, "m")), repr(ours(404, "m")))
    _compare(
        diffs,
        ("error", "ReductError", "eq"),
        peer_cls(404, "m") == peer_cls(404, "m"),
        ours(404, "m") == ours(404, "m"),
    )
    header = "404,Record 1 not found"
    peer_parsed, our_parsed = peer_cls.from_header(header), ours.from_header(header)
    _compare(
        diffs,
        ("error", "ReductError", "from_header"),
        (peer_parsed.status_code, peer_parsed.message, str(peer_parsed), isinstance(peer_parsed, peer_cls)),
        (our_parsed.status_code, our_parsed.message, str(our_parsed), isinstance(our_parsed, ours)),
    )
    return diffs


LONG_DETAIL = "<html><body><h1>502 Bad Gateway</h1>" + "x" * 300 + "</body></html>"


@functools.cache
def opengater_error_diffs() -> Diffs:
    import opengater_storage_client as og

    peer_specs = peer_api.opengater_errors()
    diffs: Diffs = {}
    for name, spec in peer_specs.items():
        ours = getattr(storage_sdk, name, None)
        if ours is None:
            diffs[("error", name, "*")] = "peer only"
            continue
        _compare(diffs, ("error", name, "bases"), spec["bases"], [b.__name__ for b in ours.__bases__])
        for base in spec["mro"][1:]:
            our_base = getattr(storage_sdk, base, None)
            if base not in ("Exception", "BaseException", "object") and not (
                our_base is not None and issubclass(ours, our_base)
            ):
                diffs[("error", name, f"mro.{base}")] = f"peer {name} is a {base}; ours is not"
        if "__init__" in vars(getattr(og, name)):
            diffs.update(param_diffs(f"{name}.__init__", spec["init"], peer_api._params(ours.__init__, skip_self=True)))
        samples: dict[str, dict[str, Any]] = {
            "none": {},
            "status_only": {"status_code": 503},
            "detail": {"status_code": 400, "detail": "content_type not allowed"},
        }
        for label, kwargs in samples.items():
            err = ours(**kwargs)
            _compare(diffs, ("error", name, f"str.{label}"), spec["str"][label], str(err))
            for attribute in spec["attributes"]:
                peer_value = getattr(getattr(og, name)(**kwargs), attribute)
                _compare(diffs, ("error", name, f"{attribute}.{label}"), peer_value, getattr(err, attribute, "(none)"))
    # beyond tests.peer_api's samples: a long HTML body (what a proxy in front of the service answers), built
    # directly (the client itself also sets ``message``, which is what str() then shows, ARCH.md)
    peer_err = og.StorageError(status_code=502, detail=LONG_DETAIL)
    our_err = storage_sdk.StorageError(status_code=502, detail=LONG_DETAIL)
    _compare(diffs, ("error", "StorageError", "str.long_html_detail"), str(peer_err), str(our_err))
    _compare(diffs, ("error", "StorageError", "detail.long_html_detail"), peer_err.detail, our_err.detail)
    _compare(
        diffs,
        ("error", "StorageError", "repr"),
        repr(og.StorageError(status_code=400, detail="d")),
        repr(storage_sdk.StorageError(status_code=400, detail="d")),
    )
    return diffs


API_DIFFS: dict[str, Callable[[], Diffs]] = {
    "reduct models": reduct_model_diffs,
    "reduct methods": reduct_method_diffs,
    "reduct errors": reduct_error_diffs,
    "opengater models": opengater_model_diffs,
    "opengater methods": opengater_method_diffs,
    "opengater errors": opengater_error_diffs,
}


def all_api_diffs() -> Diffs:
    merged: Diffs = {}
    for area, compute in API_DIFFS.items():
        for key, description in compute().items():  # model_api keys are shared by both peers' models
            merged[key] = f"{merged[key]} / {area}: {description}" if key in merged else f"{area}: {description}"
    return merged


# ------------------------------------------------------------------------------------------------
# the API comparisons


def test_scope_covers_what_peer_api_sees() -> None:
    """The models and enums compared include every exported one and every nested one tests.peer_api finds."""
    models, enums = reductpy_msg_classes()
    assert set(peer_api.reductpy_models(include_nested=True)) <= set(models)
    assert {"ReplicationDiagnostics", "ReplicationDiagnosticsDetail", "ReplicationDiagnosticsError"} <= set(models)
    assert set(peer_api.reductpy_enums()) <= set(enums)
    assert set(peer_api.opengater_models()) == {"UploadResult", "StoredObject"}


@pytest.mark.parametrize("area", list(API_DIFFS))
def test_api_differences_are_allowlisted(area: str) -> None:
    surprises = unexplained(API_DIFFS[area]())
    assert not surprises, (
        f"{area}: differences from the peer that are neither allowlisted nor known bugs:\n"
        + "\n".join(f"  {k!r}: {v}" for k, v in surprises.items())
    )


def test_allowlist_has_no_stale_api_entries() -> None:
    assert_explained(all_api_diffs(), lambda key: key[0] != "script")


def test_allowlist_reasons_and_known_bugs_are_well_formed() -> None:
    for key, reason in ALLOWLIST.items():
        assert len(key) == 3 and all(isinstance(part, str) and part for part in key), key
        assert isinstance(reason, str) and len(reason) > 15, key
        assert key not in KNOWN_BUG_KEYS, f"{key!r} is both allowlisted and a known bug"
    for bug_id, bug in KNOWN_BUGS.items():
        assert bug.reason.startswith("BUG: "), bug_id
        assert bug.keys, bug_id


def test_pydantic_api_is_the_only_model_api_difference() -> None:
    """The issue's expectation: what reduct-py/opengater models have and ours lack is pydantic's own API."""
    lacking = {
        k[2]
        for k, v in {**reduct_model_diffs(), **opengater_model_diffs()}.items()
        if k[0] == "model_api" and v.startswith("peer only")
    }
    assert lacking <= set(public_names(BaseModel)), lacking - set(public_names(BaseModel))


def test_no_model_or_method_default_differs() -> None:
    """A different default (or a default turned into a required argument) is never allowlisted: only our making a
    required field optional is (the peer's callers always pass it)."""
    for key, description in all_api_diffs().items():
        if key in KNOWN_BUG_KEYS:
            continue
        if key[0] == "model_default":
            assert "peer required;" in description, (key, description)
        if key[0] == "param" and "default:" in description:
            assert "default: peer REQUIRED," in description, (key, description)


def test_every_peer_method_we_share_is_a_coroutine_on_ours() -> None:
    for classes, peer_kinds in (
        (REDUCT_CLASSES, peer_api.reductpy_method_kinds()),
        (OPENGATER_CLASSES, peer_api.opengater_method_kinds()),
    ):
        _, our_kinds = our_methods(classes)
        for name, kind in peer_kinds.items():
            if kind == "coroutine" and name in our_kinds:
                assert our_kinds[name] == "coroutine", name


def test_no_known_bug_is_left() -> None:
    """Suspected bugs found by this module get an entry in KNOWN_BUGS (with a strict xfail) until fixed."""
    assert KNOWN_BUGS == {}, sorted(KNOWN_BUGS)


# ------------------------------------------------------------------------------------------------
# runtime checks of the same (a reduct-py user's calls)


async def test_reductpy_constructor_keywords_work_on_ours() -> None:
    import reduct

    kwargs: dict[str, Any] = {"api_token": "t", "timeout": 5, "extra_headers": {"X-Trace": "1"}, "verify_ssl": False}
    reduct.Client("http://127.0.0.1:8383", **kwargs)  # the peer accepts them...
    client = storage_sdk.AsyncClient("http://127.0.0.1:8383", **kwargs)  # ...and so do we
    await client.aclose()
    positional = storage_sdk.AsyncClient("http://127.0.0.1:8383", "t", 5, {"X-Trace": "1"})
    await positional.aclose()


def test_models_built_like_reductpy_users_build_them() -> None:
    import reduct

    def facts(mod: Any) -> dict[str, Any]:
        repl = mod.ReplicationSettings(src_bucket="a", dst_bucket="b", dst_host="http://h")
        life = mod.LifecycleSettings(bucket="a", older_than="7d")
        perm = mod.Permissions(read=["a"])
        token_request = mod.TokenCreateRequest(permissions=perm)
        settings = mod.BucketSettings(quota_type=mod.QuotaType.FIFO)
        return {
            "repl": (repl.dst_token, repl.entries, repl.dst_prefix, repl.when, repl.mode.value, repl.compression.value),
            "life": (
                life.type.value,
                life.entries,
                life.interval,
                life.processing_interval,
                life.when,
                life.mode.value,
            ),
            "perm": (perm.full_access, perm.read, perm.write),
            "token_request": (token_request.expires_at, token_request.ttl, token_request.ip_allowlist),
            "settings": (settings.quota_type.value, settings.quota_size, settings.max_block_size),
            "fresh_lists": perm.write is not mod.Permissions().write,
            "equal": mod.Permissions(read=["a"]) == perm,
        }

    assert facts(storage_sdk) == facts(reduct)


# ------------------------------------------------------------------------------------------------
# the scripts: peer as written, ours with only the import line swapped


def swap_import(script: Path, module: str, renames: dict[str, str], directory: Path) -> Path:
    """A copy of ``script`` whose ``from <module> import ...`` line imports the same names from storage_sdk."""
    lines = script.read_text(encoding="utf-8").splitlines(keepends=True)
    index = [i for i, line in enumerate(lines) if line.startswith(f"from {module} import ")]
    assert len(index) == 1, f"{script.name}: expected one swappable import line, found {len(index)}"
    node = ast.parse(lines[index[0]]).body[0]
    assert isinstance(node, ast.ImportFrom)
    names = []
    for alias in node.names:
        local = alias.asname or alias.name
        target = renames.get(alias.name, alias.name)
        names.append(target if target == local else f"{target} as {local}")
    swapped = [*lines]
    swapped[index[0]] = f"from storage_sdk import {', '.join(names)}\n"
    assert sum(a != b for a, b in zip(lines, swapped, strict=True)) == 1
    out = directory / script.name
    out.write_text("".join(swapped), encoding="utf-8")
    return out


def parse_output(stdout: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in stdout.splitlines():
        label, sep, value = line.partition(": ")
        assert sep, f"not a 'label: value' line: {line!r}"
        values[label] = f"{values[label]} // {value}" if label in values else value
    return values


@dataclass
class ScriptRuns:
    script: str
    peer: dict[str, str]
    ours: dict[str, str]
    peer_stdout: str
    ours_stdout: str
    ours_stderr: str

    @property
    def diffs(self) -> Diffs:
        diffs: Diffs = {}
        for label in self.peer.keys() | self.ours.keys():
            peer, ours = self.peer.get(label, "(no line)"), self.ours.get(label, "(no line)")
            if peer != ours:
                diffs[("script", self.script, label)] = f"peer {peer}; ours {ours}"
        common = [label for label in self.peer if label in self.ours]
        if common != [label for label in self.ours if label in self.peer]:
            diffs[("script", self.script, "(order)")] = "the labels both print come in another order"
        return diffs

    def error_lines(self) -> dict[str, str]:
        return {label: value for label, value in self.ours.items() if value.startswith("ERROR ")}


def run_both(script: Path, ours: Path, peer_args: list[str], our_args: list[str]) -> ScriptRuns:
    """Both runs at once (each against its own server)."""
    procs = [
        subprocess.Popen(
            [sys.executable, str(path), *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for path, args in ((script, peer_args), (ours, our_args))
    ]
    outputs = []
    for proc in procs:
        try:
            stdout, stderr = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
        assert proc.returncode == 0, f"{proc.args} exit {proc.returncode}\n{stdout}\n{stderr}"
        outputs.append((stdout, stderr))
    (peer_out, _), (our_out, our_err) = outputs
    return ScriptRuns(script.name, parse_output(peer_out), parse_output(our_out), peer_out, our_out, our_err)


def assert_script_parity(runs: ScriptRuns) -> None:
    assert len(runs.peer) > 40, runs.peer_stdout
    assert_explained(runs.diffs, lambda key: key[:2] == ("script", runs.script))
    known = {key[2] for key in KNOWN_BUG_KEYS | set(ALLOWLIST) if key[:2] == ("script", runs.script)}
    unexplained_errors = {k: v for k, v in runs.error_lines().items() if k not in known}
    assert not unexplained_errors, f"ERROR lines on our side:\n{unexplained_errors}\n{runs.ours_stderr}"
    assert "Traceback" not in runs.ours_stderr, runs.ours_stderr


@contextlib.contextmanager
def seeded_reduct() -> Iterator[StandInReduct]:
    """The seed tests/scripts/reductpy_admin.py expects (same as tests/test_peer_api_selfcheck.py)."""
    with StandInReduct(api_token=TOKEN, license=DEMO_LICENSE, track_last_access=False) as server:
        server.add_bucket("data")
        server.add_entry("data", "entry-1", 40, 1)
        server.add_entry("data", "entry-2", 43, 1, oldest_record=2_000_000)
        server.set_replication_status("repl-1", ok=7, errored=3, errors={"500": {"count": 3, "last_message": "boom"}})
        yield server


@pytest.fixture(scope="module")
def reductpy_admin_runs(tmp_path_factory: pytest.TempPathFactory) -> ScriptRuns:
    script = SCRIPTS / "reductpy_admin.py"
    ours = swap_import(script, "reduct", REDUCT_CLASSES, tmp_path_factory.mktemp("reductpy_admin"))
    with seeded_reduct() as peer_server, seeded_reduct() as our_server:
        return run_both(script, ours, [peer_server.url, TOKEN], [our_server.url, TOKEN])


def test_reductpy_admin_script_prints_the_same(reductpy_admin_runs: ScriptRuns) -> None:
    assert_script_parity(reductpy_admin_runs)


def test_reductpy_admin_script_values_that_matter(reductpy_admin_runs: ScriptRuns) -> None:
    """A few lines spelled out, so that a change of the scripts cannot hollow out the comparison."""
    ours = reductpy_admin_runs.ours
    for label, value in {
        "info.license.plan": "'STANDARD'",
        "info.license.fingerprint": repr(DEMO_LICENSE["fingerprint"]),
        "bucket.create_tmp.settings_equal_defaults": "True",
        "token.get.permissions.read": "['data*']",
        "token.get.ip_allowlist": "['10.0.0.0/8', '127.0.0.1']",
        "replication.defaults.compression": "'none'",
        "replication.detail.diagnostics.hourly.errors.key_types": "['int']",
        "lifecycle.defaults.interval": "None",
        "lifecycle.defaults.create.interval": "'3600s'",
        "error.bucket_missing.str": "\"Status 404: Bucket 'missing' is not found\"",
        "error.rotated_token.status_code": "401",
        "cleanup.buckets": "['data']",
    }.items():
        assert ours.get(label) == value, (label, ours.get(label))


# opengater-storage: the stand-in of tests/test_peer_api_selfcheck.py (fast, checks keys, types, limits)


@pytest.fixture(scope="module")
def opengater_user_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScriptRuns]:
    from tests.test_peer_api_selfcheck import _StorageStandIn

    script = SCRIPTS / "opengater_user.py"
    ours = swap_import(script, "opengater_storage_client", OPENGATER_CLASSES, tmp_path_factory.mktemp("opengater"))
    peer_server, our_server = _StorageStandIn(STORAGE_KEY), _StorageStandIn(STORAGE_KEY)
    try:
        yield run_both(script, ours, [peer_server.url, STORAGE_KEY, "10000"], [our_server.url, STORAGE_KEY, "10000"])
    finally:
        peer_server.stop()
        our_server.stop()


SCRIPT_FIXTURES = {"reductpy_admin.py": "reductpy_admin_runs", "opengater_user.py": "opengater_user_runs"}


def test_opengater_user_script_prints_the_same(opengater_user_runs: ScriptRuns) -> None:
    assert_script_parity(opengater_user_runs)
    ours = opengater_user_runs.ours
    assert ours["error.pdf.raised"] == "'StorageBadRequest'"
    assert ours["error.too_large.raised"] == "'StoragePayloadTooLarge'"
    assert ours["error.foreign_url.status_code"] == "400"
    assert ours["upload_file.fields"] == "['key', 'public_url']"


@pytest.mark.slow
def test_opengater_user_script_against_s3rver_standin(tmp_path: Path) -> None:
    """The same comparison against tests.storage_servers.StandIn (presigned URLs from boto3 against s3rver)."""
    from tests.storage_servers import S3rver, StandIn

    script = SCRIPTS / "opengater_user.py"
    ours = swap_import(script, "opengater_storage_client", OPENGATER_CLASSES, tmp_path)
    directory = tmp_path / "s3rver"
    directory.mkdir()
    s3 = S3rver(directory, directory / "s3rver.log")
    try:
        peer_server, our_server = StandIn(s3, s3.endpoint, STORAGE_KEY), StandIn(s3, s3.endpoint, STORAGE_KEY)
        try:
            runs = run_both(script, ours, [peer_server.url, STORAGE_KEY, "0"], [our_server.url, STORAGE_KEY, "0"])
        finally:
            peer_server.stop()
            our_server.stop()
        assert_script_parity(runs)
        assert runs.ours["upload_file.key"] == runs.peer["upload_file.key"]
    finally:
        s3.stop()


# ------------------------------------------------------------------------------------------------
# as a reduct-py user writes it, in process: the same session with each SDK against its own stand-in


async def reductpy_style_session(mod: Any, url: str) -> list[Any]:
    """Written against reduct-py; ``mod`` is ``reduct`` or the names imported from storage_sdk."""
    Client, ReductError = mod.Client, mod.ReductError
    seen: list[Any] = []
    async with Client(url, api_token=TOKEN) as client:
        info = await client.info()
        seen += [info.version, info.bucket_count, info.defaults.bucket.max_block_records, info.license.plan]
        bucket = await client.create_bucket("data", mod.BucketSettings(quota_type=mod.QuotaType.FIFO), exist_ok=True)
        seen += [bucket.name, (await bucket.get_settings()).quota_type.value, [b.name for b in await client.list()]]
        value = await client.create_token(
            "reader", mod.Permissions(read=["data"]), expires_at=datetime(2099, 1, 1, tzinfo=UTC), ttl=60
        )
        token = await client.get_token("reader")
        seen += [value.startswith("reader-"), token.permissions.read, token.ttl, token.expires_at, token.is_expired]
        for call in (
            lambda: client.get_bucket("missing"),
            lambda: client.create_bucket("data"),
            lambda: client.get_token("missing"),
            lambda: client.create_lifecycle(
                "lc", mod.LifecycleSettings(bucket="missing", older_than="7d", interval="1h")
            ),
        ):
            try:
                await call()
            except ReductError as err:
                seen += [(err.status_code, err.message, str(err), err == ReductError(err.status_code, err.message))]
            else:
                seen.append("no error")
    async with Client(url, api_token="wrong") as stranger:
        try:
            await stranger.info()
        except ReductError as err:
            seen.append((err.status_code, err.message, str(err)))
    return seen


async def test_reductpy_style_session_gives_the_same_results() -> None:
    import reduct

    from storage_sdk import AsyncClient as Client  # the only change a reduct-py user makes
    from storage_sdk import BucketSettings, LifecycleSettings, Permissions, QuotaType, ReductError

    ours = types.SimpleNamespace(
        Client=Client,
        BucketSettings=BucketSettings,
        LifecycleSettings=LifecycleSettings,
        Permissions=Permissions,
        QuotaType=QuotaType,
        ReductError=ReductError,
    )
    with seeded_reduct() as peer_server, seeded_reduct() as our_server:
        expected = await reductpy_style_session(reduct, peer_server.url)
        got = await reductpy_style_session(ours, our_server.url)
    assert got == expected
    assert expected[-1] == (401, "Invalid token", "Status 401: Invalid token")


async def test_reductpy_style_connection_error() -> None:
    """reduct-py's own test__bad_url: a refused connection is a ReductError whose message starts "Cannot connect"."""
    from storage_sdk import AsyncClient as Client
    from storage_sdk import ReductError

    async with Client("http://127.0.0.1:1", api_token=TOKEN) as client:
        with pytest.raises(ReductError) as caught:
            await client.info()
    assert caught.value.status_code == -1
    assert caught.value.message.startswith("Cannot connect")
    assert str(caught.value).startswith("Status -1: Cannot connect")
