"""Retries and honest errors (issue 15, finding 12): two loads at once both succeed; the driver's
errors are classified by one table; a broken secret, a control character in a file name and
emoji codes in a message end in a clear line, never a traceback or a drawn emoji."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import embedded
from graph.driver_errors import rule_for
from graph.errors import ConfigError, ConflictError, QueryError, StoreError
from graph.settings import REPO_ROOT, Settings
from graph.store import GraphStore, open_store
from ingest import synthetic
from ingest.pipeline import ingest
from queries.stats import stats
from tests.conftest import CURATED


@pytest.fixture
def cli_data(tmp_path: Path) -> Iterator[Path]:
    """A data folder for CLI runs; the server a command starts there is stopped afterwards."""
    yield tmp_path / "data"
    embedded.stop(Settings(SCENEKG_DATA_DIR=tmp_path / "data"))


def _scenekg(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SCENEKG_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=300,
        check=False,
    )


def test_two_loads_started_at_once_both_succeed(
    store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    """Both create the same new nodes: one commit meets the other's ids ("Duplicated key") or
    pages ("Please retry"); the loser checks the graph again and redoes its load."""
    files = synthetic.write(tmp_path, "S", seed=7)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def load() -> None:
        with open_store(settings) as own:  # a driver of its own, as a second process would have
            barrier.wait()
            try:
                outcomes.append(ingest(own, files, batch_size=300))
            except StoreError as exc:
                outcomes.append(exc)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [type(o).__name__ for o in outcomes] == ["LoadSummary", "LoadSummary"], outcomes
    after = stats(store)
    with open_store(settings) as again:
        rerun = ingest(again, files, batch_size=300)
    assert rerun.total("nodes").created == rerun.total("nodes").updated == 0
    assert stats(store).nodes == after.nodes


def test_driver_errors_are_classified_by_one_table(store: GraphStore) -> None:
    store.write("CREATE CONSTRAINT City_id IF NOT EXISTS FOR (n:City) REQUIRE n.id IS UNIQUE")
    store.write("CREATE (:City {id: 'city:twice'})")
    with pytest.raises(ConflictError) as duplicate:
        store.write("CREATE (:City {id: 'city:twice'})")
    assert duplicate.value.retryable and "exists already" in str(duplicate.value)
    with pytest.raises(QueryError) as syntax:
        store.read("MATCH (n RETURN n")
    assert not syntax.value.retryable and type(syntax.value) is QueryError
    assert rule_for(RuntimeError("not the driver's")).kind is StoreError


def test_a_secret_that_is_a_folder_is_a_config_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "secret").mkdir(parents=True)
    with pytest.raises(ConfigError, match="must be a file"):
        embedded.read_password(Settings(SCENEKG_DATA_DIR=tmp_path))
    result = _scenekg("stats", data_dir=tmp_path)
    assert result.returncode == 1
    assert "must be a file" in result.stderr and "Traceback" not in result.stderr


def test_a_control_character_in_a_file_name_is_refused_by_name(tmp_path: Path, cli_data: Path) -> None:
    source = REPO_ROOT / "data" / "templates" / "opportunities.csv"
    hostile = tmp_path / "list\x1b[31m.csv"
    hostile.write_bytes(source.read_bytes())
    result = _scenekg("ingest", str(CURATED), str(hostile), data_dir=cli_data)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert "list\\x1b[31m.csv: the file name holds control characters" in result.stderr


def test_emoji_codes_in_an_error_stay_text(cli_data: Path) -> None:
    result = _scenekg("show", ":x: :warning:", data_dir=cli_data)
    assert result.returncode == 1
    assert "':x: :warning:'" in result.stderr
    assert "❌" not in result.stderr and "⚠" not in result.stderr


def test_a_usage_error_is_one_line_not_a_traceback(cli_data: Path) -> None:
    result = _scenekg("paths", "a", "b", data_dir=cli_data)  # the command is `path`
    assert result.returncode == 2
    assert "No such command 'paths'" in result.stderr and "Traceback" not in result.stderr
