"""Modules fit in a head: none in the packages is longer than 400 lines.

Nothing is allowed past the bound: a module that grows over it is split along its seams (as
viz/render.py was into drawing, style, folding, tooltips, layout and the page), not excused.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_layers import ALLOWED

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def too_long(root: Path, limit: int = MAX_LINES) -> list[str]:
    """`path: N lines` for every module of the layered packages longer than `limit`."""
    out = []
    for package in sorted(ALLOWED):
        for path in sorted((root / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                out.append(f"{path.relative_to(root)}: {lines} lines")
    return out


def test_no_module_is_longer_than_400_lines() -> None:
    assert too_long(ROOT) == []


def test_a_long_module_is_caught(tmp_path: Path) -> None:
    (tmp_path / "viz").mkdir()
    (tmp_path / "viz" / "short.py").write_text("x = 1\n" * MAX_LINES)
    (tmp_path / "viz" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    assert too_long(tmp_path) == ["viz/long.py: 401 lines"]


def test_the_check_reads_every_package() -> None:
    """Every layered package is read (a module per package at least), so an empty glob cannot pass."""
    assert all(any((ROOT / package).rglob("*.py")) for package in ALLOWED)
