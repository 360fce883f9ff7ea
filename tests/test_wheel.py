"""A non-editable install works: the wheel carries every module, query and data file, and the
installed `scenekg` loads the bundled dataset and answers from a folder far from the checkout.

The wheel is built from a copy of the source (so the checkout gets no build/ folder) with
`pip wheel . --no-deps`, installed with `--no-deps` into a fresh venv in tmp, and run from tmp
against a fresh embedded server. The dependencies are the test environment's, made visible
through a `.pth` line so that the test needs no network; scenekg itself comes only from the
wheel (asserted: the fresh venv imports it from its own site-packages). It takes a minute or
two: `make test` runs it, `pytest -m "not wheel"` leaves it out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from graph.settings import REPO_ROOT
from tests.test_layers import ALLOWED

pytestmark = [
    pytest.mark.wheel,
    pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="runs its own embedded server"),
]
_COPY_IGNORES = shutil.ignore_patterns(
    ".venv", ".git", "*_cache", "__pycache__", "build", "dist", "*.egg-info", "tests", "docs", "bench"
)


def _run(args: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "scenekg"
    shutil.copytree(REPO_ROOT, source, ignore=_COPY_IGNORES)
    out = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", out], source, env)
    [built] = out.glob("scenekg-*.whl")
    return built


def expected_files() -> set[str]:
    """What the checkout says the wheel must hold: every module and .cypher file of the layered
    packages, the views' templates, and every data file under its installed name."""
    wanted = set()
    for package in ALLOWED:
        for path in (REPO_ROOT / package).rglob("*"):
            if path.suffix in (".py", ".cypher") or path.parent.name == "templates":
                wanted.add(path.relative_to(REPO_ROOT).as_posix())
    for path in (REPO_ROOT / "data").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            wanted.add("scenekg_data/" + path.relative_to(REPO_ROOT / "data").as_posix())
    return {name for name in wanted if "__pycache__" not in name}


def test_the_wheel_holds_every_module_query_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = expected_files()
    assert {"scenekg_data/curated/places.yaml", "scenekg_data/templates/opportunities.csv"} <= expected
    assert "viz/cypher/view_entities.cypher" in expected
    assert expected - names == set()


def test_the_installed_wheel_ingests_and_shows_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path, dict(os.environ))
    python = venv / "bin" / "python"
    _run([python, "-m", "pip", "install", "-q", "--no-deps", wheel], tmp_path, dict(os.environ))
    # The dependencies, borrowed: appended to sys.path after the venv's own site-packages.
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path, {}))
    (Path(str(site).strip()) / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SCENEKG_DATA_DIR": str(tmp_path / "data"),
        "LANG": "C.UTF-8",
    }
    origin = _run(
        [python, "-c", "import graph, scenekg_data; print(graph.__file__); print(scenekg_data.__file__)"],
        elsewhere,
        env,
    )
    assert all(line.startswith(str(venv)) for line in origin.split()), origin
    scenekg = venv / "bin" / "scenekg"
    try:
        loaded = json.loads(_run([scenekg, "ingest", "--json"], elsewhere, env))
        assert loaded["nodes"]["City"]["created"] > 0
        shown = json.loads(_run([scenekg, "show", "合肥", "--json"], elsewhere, env))
        assert shown["entity"]["id"] == "city:hefei"
        assert shown["entity"]["name_zh"].startswith("合肥")
    finally:
        subprocess.run([scenekg, "db", "stop"], cwd=elsewhere, env=env, capture_output=True, timeout=120)
