"""Regenerate the clients in generated/ from the specs in openapi/, or check that they match.

    python scripts/generate.py           # validate the specs, wipe and regenerate generated/<pkg>
    python scripts/generate.py --check   # regenerate into a temp dir and diff the whole tree

The output depends on the exact generator and ruff versions (a patch release of either changes
it), so both are pinned in pyproject.toml and this script refuses to run with anything else.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = {"openapi-python-client": "0.29.1", "ruff": "0.17.6"}
# spec stem -> generated package name (specific to this project, so nothing can collide with it)
PACKAGES = {"reduct": "storage_sdk_gen_reduct", "storage": "storage_sdk_gen_storage"}
IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def check_versions() -> None:
    wrong = {name: version(name) for name, pin in PINS.items() if version(name) != pin}
    if wrong:
        sys.exit(f"generate: refusing to run: need {PINS}, found {wrong}. Run `make install`.")


def validate(spec_root: Path) -> None:
    from openapi_spec_validator import validate as validate_spec
    from openapi_spec_validator.readers import read_from_filename

    for stem in PACKAGES:
        path = spec_root / f"{stem}.yaml"
        spec, _ = read_from_filename(str(path))
        validate_spec(spec)
        print(f"generate: {path.relative_to(spec_root.parent)} is valid")


def generate(spec_root: Path, out_root: Path) -> None:
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", PYTHONHASHSEED="0")
    out_root.mkdir(parents=True, exist_ok=True)
    if out_root != ROOT / "generated":
        shutil.copy(ROOT / "generated" / "ruff.toml", out_root / "ruff.toml")
    for stem, package in PACKAGES.items():
        target = out_root / package
        shutil.rmtree(target, ignore_errors=True)
        cmd = [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(spec_root / f"{stem}.yaml"),
            "--config",
            str(spec_root / f"{stem}.config.yaml"),
            "--custom-template-path",
            str(spec_root / "templates"),
            "--meta",
            "none",
            "--output-path",
            str(target),
            "--fail-on-warning",
        ]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"generate: {stem}.yaml failed:\n{result.stdout}\n{result.stderr}")
        (target / "py.typed").write_text("")
        shutil.rmtree(target / ".ruff_cache", ignore_errors=True)
        print(f"generate: {stem}.yaml -> {target.relative_to(out_root.parent)}")


def diff_trees(left: Path, right: Path) -> list[str]:
    cmp = filecmp.dircmp(left, right, ignore=list(IGNORED))
    problems: list[str] = []

    def walk(c: filecmp.dircmp[str], rel: str) -> None:
        problems.extend(f"only in committed tree: {rel}{n}" for n in c.left_only)
        problems.extend(f"missing from committed tree: {rel}{n}" for n in c.right_only)
        # dircmp compares shallowly (size and mtime); compare contents for real
        for name in c.common_files:
            if not filecmp.cmp(Path(c.left) / name, Path(c.right) / name, shallow=False):
                problems.append(f"differs: {rel}{name}")
        problems.extend(f"type differs: {rel}{n}" for n in c.common_funny)
        for name, sub in c.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(cmp, "")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if generated/ differs from what the specs give")
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (tests point it at a copy)")
    args = parser.parse_args()
    root: Path = args.root.resolve()
    check_versions()
    validate(root / "openapi")
    if not args.check:
        generate(root / "openapi", root / "generated")
        return
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "generated"
        generate(root / "openapi", fresh)
        problems: list[str] = []
        for package in PACKAGES.values():
            problems += [f"{package}/{p}" for p in diff_trees(root / "generated" / package, fresh / package)]
    if problems:
        print("check-generated: generated/ does not match the specs (run `make generate`):", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        sys.exit(1)
    print("check-generated: generated/ matches the specs")


if __name__ == "__main__":
    main()
