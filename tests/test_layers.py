"""Layers point one way: every import of a project package names its own layer or one below.

    graph  <-  model  <-  ingest | queries | extract  <-  viz  <-  api

ingest, queries and extract are siblings and never import each other; bench/ and tests/ may
import anything. Imports are read with `ast`, so an import inside a function counts too, and
nothing is imported to find them.

Cypher belongs to the package that runs it: `cypher.load(__file__, name)` reads the module's own
`cypher/` folder, and a module handing it another package's file (`cypher.load(queries.__file__,
...)`) is a violation too, in every package, bench/ and tests/ included.
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


def foreign_cypher(source: str) -> list[int]:
    """The lines where `source` loads a `.cypher` file that is not beside it: a call of
    `cypher.load` (or `load` imported from graph.cypher) whose first argument is not `__file__`.

    >>> foreign_cypher("_A = cypher.load(__file__, 'a')\n_B = cypher.load(queries.__file__, 'b')")
    [2]
    """
    tree = ast.parse(source)
    bare = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "graph.cypher"
        and any(alias.name == "load" for alias in node.names)
        for node in ast.walk(tree)
    )
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        is_load = (
            isinstance(func, ast.Attribute)
            and func.attr == "load"
            and isinstance(func.value, ast.Name)
            and func.value.id == "cypher"
        ) or (bare and isinstance(func, ast.Name) and func.id == "load")
        own = bool(node.args) and isinstance(node.args[0], ast.Name) and node.args[0].id == "__file__"
        if is_load and not own:
            lines.append(node.lineno)
    return sorted(lines)


def cypher_violations(root: Path) -> list[str]:
    """Every call that loads another package's Cypher, as `file:line: loads Cypher not beside it`."""
    return [
        f"{path.relative_to(root)}:{line}: loads Cypher not beside it"
        for package in sorted(PROJECT)
        for path in sorted((root / package).rglob("*.py"))
        for line in foreign_cypher(path.read_text(encoding="utf-8"))
    ]


def test_layers_only_point_down() -> None:
    assert violations(ROOT) == []


def test_each_module_loads_only_its_own_cypher() -> None:
    assert cypher_violations(ROOT) == []


@pytest.mark.parametrize(
    "line",
    [
        "_A = cypher.load(queries.__file__, 'view_entities')",
        "from graph.cypher import load\n_A = load(ingest.writer.__file__, 'merge_nodes')",
        "def f() -> str:\n    return cypher.load(str(HERE.parent / 'queries' / 'x.py'), 'y')",
    ],
)
def test_loading_another_packages_cypher_is_caught(tmp_path: Path, line: str) -> None:
    (tmp_path / "viz").mkdir()
    (tmp_path / "viz" / "views.py").write_text("_OWN = cypher.load(__file__, 'own')\n" + line + "\n")
    expected = f"viz/views.py:{line.count(chr(10)) + 2}: loads Cypher not beside it"
    assert cypher_violations(tmp_path) == [expected]


def test_every_package_is_layered() -> None:
    """A new top-level package must be given its place in ALLOWED, or it escapes the check."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"bench", "tests", "data"} == set(ALLOWED)


def test_the_data_package_holds_no_code() -> None:
    """data/ is installed as the package scenekg_data only to carry files: its one module is a
    docstring, so it needs no place in the layers."""
    assert [p.name for p in (ROOT / "data").rglob("*.py")] == ["__init__.py"]
    [statement] = ast.parse((ROOT / "data" / "__init__.py").read_text(encoding="utf-8")).body
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


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
