"""An article's candidate file does not depend on what the process extracted before: the same
text against the same graph gives the same file first thing in a fresh process and after other
articles read against another graph (jieba's user dictionary is set per gazetteer and must be
reset exactly; `scenekg extract` runs once per article where the hidden set is scored, the
evaluation once for all). Sentences of our own; no server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extract import dump
from tests.test_extract import document, gazetteer

ROOT = Path(__file__).resolve().parents[1]
# An article with a district of a city the graph knows, a count and a second city.
TEXT = "襄阳市高新区管委会开放五个场景，雄安市新区三家企业参加。"
OTHER = "合肥市发布了一批新的应用场景，两家企业签约。"  # read first, against a bare graph


def candidates() -> str:
    """The candidate file of TEXT against a graph that holds both cities."""
    known = gazetteer({"city:xiangyang": ["襄阳市", "Xiangyang"], "city:xiongan": ["雄安市", "Xiong'an"]})
    return dump(document(TEXT, known))


def _fresh() -> str:
    code = "from tests.test_extract_fresh import candidates; import sys; sys.stdout.write(candidates())"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=True
    )
    return done.stdout


def test_an_article_reads_the_same_after_another_against_another_graph() -> None:
    fresh = _fresh()
    assert "襄阳市" in fresh  # the file holds the article's names
    document(OTHER, gazetteer({}))  # the vocabulary's cities as new places: other tags
    assert candidates() == fresh
    assert candidates() == fresh  # and again, the dictionary already in force
