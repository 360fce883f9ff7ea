"""Layers point one way: every import of a project package names its own layer or one below.

    graph  <-  model  <-  ingest | queries | extract  <-  viz  <-  api

ingest, queries and extract are siblings and never import each other; bench/ and tests/ may
import anything. Imports are read with `ast`, so an import inside a function counts too, and
nothing is imported to find them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may import from the project besides itself.
ALLOWED: dict[str, frozenset[str]] = {
    "graph": frozenset(),
    "model": frozenset({"graph"}),
    "ingest": frozenset({"graph", "model"}),
    "queries": frozenset({"graph", "model"}),
    "extract": frozenset({"graph", "model"}),
    "viz": frozenset({"graph", "model", "queries"}),
    "api": frozenset({"graph", "model", "ingest", "queries", "extract", "viz"}),
}
PROJECT = frozenset(ALLOWED) | {"bench", "tests"}


def imported_packages(source: str, module: str) -> set[tuple[str, int]]:
    """The project's top-level packages `source` imports, with the line of each import.
    `module` is the dotted name of the file, to resolve relative imports.

    >>> sorted(imported_packages("import graph.store\\nfrom queries import x", "ingest.a"))
    [('graph', 1), ('queries', 2)]
    >>> sorted(imported_packages("from . import y\\nfrom ..model import z", "ingest.sub.a"))
    [('ingest', 1), ('ingest', 2)]
    """
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                package = module.split(".")[: -node.level]
                names = [".".join([*package, node.module or ""]).strip(".")]
            else:
                names = [node.module or ""]
        for name in names:
            top = name.split(".")[0]
            if top in PROJECT:
                found.add((top, node.lineno))
    return found


def violations(root: Path) -> list[str]:
    """Every import in a layered package that points sideways or up, as `file:line: a -> b`."""
    out = []
    for package, allowed in ALLOWED.items():
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            module = ".".join(relative.with_suffix("").parts)
            for target, line in sorted(imported_packages(path.read_text(encoding="utf-8"), module)):
                if target != package and target not in allowed:
                    out.append(f"{relative}:{line}: {package} -> {target}")
    return out


def test_layers_only_point_down() -> None:
    assert violations(ROOT) == []


def test_every_package_is_layered() -> None:
    """A new top-level package must be given its place in ALLOWED, or it escapes the check."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"bench", "tests"} == set(ALLOWED)


@pytest.mark.parametrize(
    ("package", "line", "expected"),
    [
        ("ingest", "from queries.names import fold", "ingest -> queries"),
        ("queries", "import ingest.batch", "queries -> ingest"),
        ("extract", "from ingest.batch import GraphBatch", "extract -> ingest"),
        ("model", "from queries import lookup", "model -> queries"),
        ("graph", "def f() -> None:\n    from model import ids", "graph -> model"),
        ("viz", "from api import app", "viz -> api"),
    ],
)
def test_a_bad_import_is_caught(tmp_path: Path, package: str, line: str, expected: str) -> None:
    """The check fails on sideways and upward imports, including one hidden inside a function."""
    for name in ALLOWED:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / package / "bad.py").write_text(line + "\n")
    assert [v.split(": ", 1)[1] for v in violations(tmp_path)] == [expected]


def test_relative_imports_resolve_to_their_own_package() -> None:
    found = imported_packages("from . import y\nfrom ..model import z\nimport queries.x", "ingest.sub.a")
    assert found == {("ingest", 1), ("ingest", 2), ("queries", 3)}
