"""The one direction of flow, checked on the source: a lower layer never imports a higher one.

domain ← ingest / coding / assessment / dynamics / store ← analysis ← coaching ← report ←
web / scale ← cli. Siblings on one level do not import each other either, so each stage can be
read, tested and replaced on its own. The command line sits on top because ``tandem serve`` and
``tandem corpus`` start the web app and the Dask runner.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "tandem"

LEVEL = {
    "__init__": 0,
    "domain": 0,
    "errors": 0,
    "config": 0,
    "_lazy": 0,
    "ingest": 1,
    "coding": 1,
    "assessment": 1,
    "dynamics": 1,
    "store": 1,
    "analysis": 2,
    "coaching": 3,
    "report": 4,
    "web": 5,
    "cli": 6,
    "scale": 5,
}


def _stage(module_path: Path) -> str:
    parts = module_path.relative_to(SRC).with_suffix("").parts
    return parts[0]


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module name of an import, relative ones resolved against ``path``."""
    if node.level == 0:
        return node.module or ""
    package = ("tandem", *path.relative_to(SRC).parent.parts)
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _tandem_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tandem."))
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            if module.startswith("tandem."):
                found.add(module)
            elif module == "tandem":
                found.update(f"tandem.{a.name}" for a in node.names)
    return {name.split(".")[1] for name in found}


MODULES = sorted(SRC.rglob("*.py"))


def test_every_stage_has_a_level() -> None:
    stages = {_stage(p) for p in MODULES}
    assert stages <= set(LEVEL), f"stages without a level: {sorted(stages - set(LEVEL))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_module_imports_only_lower_stages(path: Path) -> None:
    own = _stage(path)
    for imported in _tandem_imports(path):
        if imported == own or imported not in LEVEL:
            continue
        assert LEVEL[imported] < LEVEL[own] or LEVEL[imported] == 0, (
            f"{path.relative_to(SRC)} ({own}, level {LEVEL[own]}) imports tandem.{imported} "
            f"(level {LEVEL[imported]}): a stage may only import stages below it"
        )
