"""The bundled dataset loads whole, sourced, idempotently, and says what the articles say."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from graph.schema import Label
from graph.settings import REPO_ROOT
from graph.store import GraphStore
from ingest.list_sources import source_for
from ingest.pipeline import ingest
from model.dataset import SECTIONS
from queries.stats import stats

CURATED = REPO_ROOT / "data" / "curated"
TEMPLATES = REPO_ROOT / "data" / "templates"
OPPORTUNITIES = TEMPLATES / "opportunities.csv"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"


def expected_counts() -> tuple[Counter[str], Counter[str]]:
    """Counts read straight from the YAML, independently of the loader."""
    labels: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    for path in sorted(CURATED.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, entries in data.items():
            if section == "relationships":
                rels.update(entry["type"] for entry in entries)
                continue
            labels[SECTIONS[section].label.value] += len(entries)
            figures = sum(len(entry.get("figures", [])) for entry in entries)
            labels["Figure"] += figures
            rels["HAS_FIGURE"] += figures
    return +labels, +rels


@pytest.fixture
def curated(store: GraphStore) -> GraphStore:
    ingest(store, [CURATED], batch_size=50)
    return store


def test_bundled_dataset_loads_with_expected_counts(curated: GraphStore) -> None:
    labels, rels = expected_counts()
    result = stats(curated)
    assert result.labels == dict(labels)
    assert result.relationship_types == dict(rels)
    required = set(Label) - {Label.OPPORTUNITY, Label.CAPABILITY}
    assert {label.value for label in required} <= set(result.labels)


def test_second_load_changes_nothing(curated: GraphStore) -> None:
    before = stats(curated)
    summary = ingest(curated, [CURATED], batch_size=50)
    assert stats(curated) == before
    for part in ("nodes", "relationships"):
        total = summary.total(part)
        assert (total.created, total.updated) == (0, 0)
        assert total.unchanged == total.rows > 0


def test_every_node_and_relationship_is_sourced(curated: GraphStore) -> None:
    result = stats(curated)
    assert result.sourced.nodes == 1.0 and result.sourced.relationships == 1.0
    cited = curated.read(
        "MATCH ()-[r]->() UNWIND r.sources AS c RETURN DISTINCT split(c, '#')[0] AS source "
        "UNION MATCH (n) UNWIND n.sources AS c RETURN DISTINCT split(c, '#')[0] AS source"
    )
    sources = {row["id"] for row in curated.read("MATCH (s:Source) RETURN s.id AS id")}
    assert {row["source"] for row in cited} <= sources


def test_source_files_exist_for_every_article_source(curated: GraphStore) -> None:
    files = [row["file"] for row in curated.read("MATCH (s:Source) RETURN s.file AS file")]
    assert len(files) == 5
    if SEEDS.exists():
        assert all((SEEDS / name).exists() for name in files)


def test_paragraph_citations_of_article_004_exist() -> None:
    """Every `source:004#pN` names a non-blank line of the article (when the seeds are at hand)."""
    article = SEEDS / "004_ea1de3160fb1c319.txt"
    if not article.exists():
        pytest.skip("shared seeds not present")
    paragraphs = [line for line in article.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = "".join(p.read_text(encoding="utf-8") for p in CURATED.glob("*.yaml"))
    cited = {int(n) for n in re.findall(r"source:004#p(\d+)", text)}
    assert cited and max(cited) <= len(paragraphs)


def test_tangshan_collaborates_with_beijing_on_rd_transfer(curated: GraphStore) -> None:
    rows = curated.read(
        "MATCH (:City {id: 'city:tangshan'})-[r:COLLABORATES_WITH]->(b:City) RETURN b.name_zh AS city, "
        "r.mode_zh AS mode, r.sources AS sources ORDER BY city"
    )
    assert [(r["city"], r["mode"]) for r in rows] == [
        ("北京市", "京津研发、河北转化"),
        ("天津市", "京津研发、河北转化"),
    ]
    assert all(r["sources"] == ["source:004#p36"] for r in rows)


def test_city_alliance_keeps_unnamed_members_as_a_count(curated: GraphStore) -> None:
    members = curated.read(
        "MATCH (m)-[r:MEMBER_OF]->(:Alliance {id: 'alliance:scenario-innovation-city-alliance'}) "
        "RETURN m.id AS id, r.role AS role"
    )
    assert members == [{"id": "city:hefei", "role": "initiator"}]
    figures = curated.read(
        "MATCH (:Alliance {id: 'alliance:scenario-innovation-city-alliance'})-[:HAS_FIGURE]->(f:Figure) "
        "RETURN f.value AS value, f.unit AS unit, f.sources AS sources"
    )
    assert figures == [{"value": 19, "unit": "city_or_district", "sources": ["source:004#p40"]}]


def test_money_figures_keep_currency_and_date(curated: GraphStore) -> None:
    rows = curated.read(
        "MATCH (i:Initiative {id: 'initiative:beijing-jiebang-guashuai-scenarios'})"
        "-[:HAS_FIGURE]->(f:Figure) WHERE f.unit = 'currency' "
        "RETURN f.value AS value, f.currency AS currency, f.as_of AS as_of"
    )
    assert rows == [{"value": 110_000_000, "currency": "CNY", "as_of": "2025"}]


def test_xiamen_and_shenzhen_meet_at_harmonyos(curated: GraphStore) -> None:
    rows = curated.read(
        "MATCH (x:City {id: 'city:xiamen'})<-[:LOCATED_IN]-(:Scenario)"
        "-[:APPLIES]->(t:Technology {id: 'tech:harmonyos'}) "
        "MATCH (t)<-[:APPLIES]-(:Initiative)<-[:LAUNCHED]-(:District)"
        "-[:PART_OF]->(s:City {id: 'city:shenzhen'}) "
        "RETURN DISTINCT t.name_zh AS tech"
    )
    assert rows == [{"tech": "鸿蒙"}]


def test_csv_templates_load_and_link_to_existing_technologies(curated: GraphStore) -> None:
    techs_before = stats(curated).labels["Technology"]
    summary = ingest(curated, sorted(TEMPLATES.glob("*.csv")), batch_size=50)
    result = stats(curated)
    assert result.labels["Opportunity"] == 3 and result.labels["Capability"] == 3
    assert result.labels["Technology"] == techs_before  # nothing new: every reference resolved
    assert summary.relationships["NEEDS"].created >= 3 and summary.relationships["OFFERS"].created >= 3
    linked = curated.read(
        "MATCH (o:Opportunity {id: 'opportunity:example-opp-003'})-[r:NEEDS]->(t:Technology) "
        "MATCH (o)-[:LOCATED_IN]->(c:City) RETURN t.id AS tech, c.id AS city, r.sources AS sources"
    )
    assert linked == [
        {
            "tech": "tech:quantum-encryption",
            "city": "city:hefei",
            "sources": [f"{source_for(OPPORTUNITIES, OPPORTUNITIES.read_bytes()).id}#row4"],
        }
    ]
    assert result.sourced.nodes == 1.0 and result.sourced.relationships == 1.0
    assert set(Label) - {Label(label) for label in result.labels} == set()


def test_templates_reload_changes_nothing(curated: GraphStore) -> None:
    files: list[Path] = sorted(TEMPLATES.glob("*.csv"))
    ingest(curated, files, batch_size=50)
    before = stats(curated)
    ingest(curated, files, batch_size=50)
    assert stats(curated) == before
