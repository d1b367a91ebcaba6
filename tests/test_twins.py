"""Sync and async twins cannot drift: same public names, signatures and docstrings.

The sync modules are generated from the async ones (scripts/unasync.py); these tests check the
result as a user sees it, and that the generated files are what the script would write now.
"""

from __future__ import annotations

import inspect
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import storage_sdk
from tests.spec_tools import ROOT

PAIRS = [
    ("Client", "AsyncClient"),
    ("Bucket", "AsyncBucket"),
    ("StorageClient", "AsyncStorageClient"),
]
ASYNC_ONLY_NAMES = {"aclose": "close", "__aenter__": "__enter__", "__aexit__": "__exit__"}


def _members(cls: type) -> dict[str, Any]:
    names = [n for n in dir(cls) if not n.startswith("_")]
    names += [n for n in ("__init__", "__enter__", "__exit__", "__aenter__", "__aexit__", "__repr__") if n in vars(cls)]
    return {n: inspect.getattr_static(cls, n) for n in names}


def _unasync_module() -> Any:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import unasync
    finally:
        sys.path.pop(0)
    return unasync


def _unasync_text(text: str) -> str:
    """The script's own word rewrites (without its header and formatting), applied to a signature or doc."""
    unasync = _unasync_module()
    for pattern, repl in [*unasync.KEYWORDS, *unasync.PATTERNS]:
        text = pattern.sub(repl, text)
    return text


@pytest.mark.parametrize(("sync_name", "async_name"), PAIRS)
def test_twins_have_the_same_public_names(sync_name: str, async_name: str) -> None:
    sync_cls, async_cls = getattr(storage_sdk, sync_name), getattr(storage_sdk, async_name)
    async_names = {ASYNC_ONLY_NAMES.get(n, n) for n in _members(async_cls)}
    assert async_names == set(_members(sync_cls))


NO_IO = frozenset({"with_options"})
"""Methods that do no I/O (a copy of the client): plain functions in both modes."""


@pytest.mark.parametrize(("sync_name", "async_name"), PAIRS)
def test_twins_have_the_same_signatures_and_docstrings(sync_name: str, async_name: str) -> None:
    sync_cls, async_cls = getattr(storage_sdk, sync_name), getattr(storage_sdk, async_name)
    sync_members = _members(sync_cls)
    compared = 0
    for name, member in _members(async_cls).items():
        twin = sync_members[ASYNC_ONLY_NAMES.get(name, name)]
        func = getattr(member, "fget", None) or getattr(member, "__func__", None) or member
        twin_func = getattr(twin, "fget", None) or getattr(twin, "__func__", None) or twin
        if not callable(func):
            continue
        a_sig = _unasync_text(str(inspect.signature(func)))
        # session= (an aiohttp.ClientSession) is the one keyword the async constructors have alone
        a_sig = a_sig.replace(", session: 'aiohttp.ClientSession | None' = None", "")
        s_sig = str(inspect.signature(twin_func))
        assert a_sig == s_sig, f"{async_name}.{name}{a_sig} != {sync_name}.{name}{s_sig}"
        assert _unasync_text(inspect.getdoc(func) or "") == (inspect.getdoc(twin_func) or ""), name
        if name in NO_IO:  # no I/O: a plain method on both twins
            assert not inspect.iscoroutinefunction(func) and not inspect.iscoroutinefunction(twin_func), name
        elif not name.startswith("__") and not isinstance(member, property):
            assert inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func), f"{async_name}.{name}"
            assert not inspect.iscoroutinefunction(twin_func), f"{sync_name}.{name}"
        compared += 1
    assert compared >= 5


def test_public_methods_have_google_style_docstrings() -> None:
    missing = []
    for sync_name, async_name in PAIRS:
        for cls_name in (sync_name, async_name):
            cls = getattr(storage_sdk, cls_name)
            for name, member in _members(cls).items():
                func = getattr(member, "__func__", None) or member
                if name.startswith("_") or not inspect.isfunction(func):
                    continue
                doc = inspect.getdoc(func) or ""
                if not doc or ("Returns:" not in doc and "Raises:" not in doc):
                    missing.append(f"{cls_name}.{name}")
    assert missing == []


def test_generated_sync_files_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "unasync.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_unasync_check_fails_on_a_stale_twin(tmp_path: Any) -> None:
    """The check can fail: run the script's logic on a sync file with one extra trailing line."""
    unasync = _unasync_module()
    source = next(iter(unasync.FILES))
    want = unasync.unasync_text(source.read_text(), source)
    assert want == unasync.FILES[source].read_text()
    assert want + "\n# stale\n" != unasync.FILES[source].read_text()


def test_the_lazy_top_level_exports_exactly_the_subpackages_names() -> None:
    import storage_sdk.errors
    import storage_sdk.reduct
    import storage_sdk.storage

    want = {"__version__", *storage_sdk.errors.__all__, *storage_sdk.reduct.__all__, *storage_sdk.storage.__all__}
    assert set(storage_sdk.__all__) == want
    for name in storage_sdk.__all__:
        assert getattr(storage_sdk, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = storage_sdk.Nope  # type: ignore[attr-defined]


def test_import_storage_sdk_loads_no_client_until_one_is_used() -> None:
    # The generated ``models`` packages are imported (they are lazy, PEP 562, and give the names
    # to export), but no client, no model module, no operation module and not even httpx.
    code = textwrap.dedent(
        """
        import sys, storage_sdk
        heavy = ("storage_sdk.reduct", "storage_sdk.storage", "storage_sdk._core", "httpx", "attrs")
        heavy += ("storage_sdk_gen_reduct.api", "storage_sdk_gen_storage.api")
        heavy += ("storage_sdk_gen_reduct.models.", "storage_sdk_gen_storage.models.")
        loaded = [m for m in sys.modules if m.startswith(heavy)]
        assert not loaded, loaded
        storage_sdk.Client
        assert "storage_sdk.reduct" in sys.modules and "storage_sdk.storage" not in sys.modules
        storage_sdk.UploadResult
        assert "storage_sdk_gen_storage.models.upload_result" in sys.modules
        print("ok")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr


# --- scripts/unasync.py --check can fail -------------------------------------------------------


def _copy_for_unasync(tmp_path: Path, extra_rule: str | None = None) -> Path:
    """src/, scripts/ and pyproject.toml (ruff's settings) in a temporary root the script works on."""
    root = tmp_path / "proj"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "src", root / "src", ignore=ignore)
    shutil.copytree(ROOT / "scripts", root / "scripts", ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    if extra_rule is not None:
        script = root / "scripts" / "unasync.py"
        text = script.read_text()
        anchor = '    ("Asynchronous", "Synchronous"),\n'
        assert anchor in text
        script.write_text(text.replace(anchor, anchor + f'    ("{extra_rule}", "Sync{extra_rule}"),\n'))
    return root


def _check_copy(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=300,
    )


def test_unasync_check_passes_on_an_untouched_copy(tmp_path: Path) -> None:
    result = _check_copy(_copy_for_unasync(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "sync twins match" in result.stdout


def test_unasync_check_fails_when_a_rule_never_fires(tmp_path: Path) -> None:
    result = _check_copy(_copy_for_unasync(tmp_path, extra_rule="AsyncNothingCalledThis"))
    assert result.returncode == 1
    assert "rules that never fire" in result.stderr
    assert "AsyncNothingCalledThis" in result.stderr
    assert "differs" not in result.stderr  # the files themselves are still up to date


@pytest.mark.parametrize(
    "target",
    [
        "src/storage_sdk/storage/_sync_client.py",
        "src/storage_sdk/reduct/_sync_client.py",
        "src/storage_sdk/_core/_sync_http.py",
    ],
)
def test_unasync_check_fails_when_a_generated_sync_file_was_edited(tmp_path: Path, target: str) -> None:
    root = _copy_for_unasync(tmp_path)
    path = root / target
    text = path.read_text()
    edited = text.replace("    def close(self) -> None:", "    def close(self) -> None:  # edited by hand", 1)
    assert edited != text
    path.write_text(edited)
    result = _check_copy(root)
    assert result.returncode == 1
    assert f"{target} differs from its async source" in result.stderr


def test_unasync_check_fails_on_a_sync_module_without_an_async_source(tmp_path: Path) -> None:
    root = _copy_for_unasync(tmp_path)
    (root / "src" / "storage_sdk" / "storage" / "_sync_extra.py").write_text("X = 1\n")
    result = _check_copy(root)
    assert result.returncode == 1
    assert "_sync_extra.py is not generated by scripts/unasync.py" in result.stderr
