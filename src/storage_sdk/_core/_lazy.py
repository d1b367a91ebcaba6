"""Modules imported on first use, so that importing a client does not build every generated model.

``from storage_sdk import Client`` must stay cheap (most of a process's start is imports). The
facades name the generated operations they call at module level, for the reader and for mypy
(under ``TYPE_CHECKING``); at run time each name is a ``LazyModule`` that imports the real module
on its first attribute access and from then on *is* that module's namespace (no cost per call).
"""

from __future__ import annotations

import importlib
import types
from typing import Any


class LazyModule(types.ModuleType):
    """Stands for the module ``name`` until an attribute is first read, then holds its namespace."""

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self.__name__)
        # copy the real namespace in: later lookups find it in __dict__ and never come back here
        self.__dict__.update(module.__dict__)
        return getattr(module, attribute)


def lazy(package: str, *names: str) -> tuple[Any, ...]:
    """``lazy("pkg.api.server", "get_info", "get_me")``: one LazyModule per submodule."""
    return tuple(LazyModule(f"{package}.{name}") for name in names)
