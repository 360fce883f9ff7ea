"""Matching scored in the database ranks exactly as the old Python scorer did
(tests/matching_reference.py): same candidates, scores, exact counts, order, reasons and
citations, on the bundled data with the CSV templates and on the synthetic M ecosystem, whose
Zipf-skewed taxonomy gives hub technologies thousands of offers."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest import synthetic
from ingest.pipeline import ingest
from queries.matching import Match, match_enterprise, match_opportunity
from tests.matching_reference import Ranked, rank_enterprise, rank_opportunity

PAGE = 100  # candidates per compared page


def flat(matches: list[Match]) -> Ranked:
    return [
        (
            m.entity.id,
            m.score,
            m.exact,
            [
                (r.needed.id, r.offered.id, r.relation, r.via.id if r.via else None,
                 tuple(s.citation for s in r.sources))
                for r in m.reasons
            ],
        )
        for m in matches
    ]  # fmt: skip


def assert_same(store: GraphStore, ident: str, pages: int) -> int:
    """The first `pages` pages of the database's ranking for an opportunity or an enterprise
    equal the reference's; how many candidates the reference ranks."""
    enterprise = ident.startswith("enterprise:")
    expected = (rank_enterprise if enterprise else rank_opportunity)(store, ident)
    match = match_enterprise if enterprise else match_opportunity
    for number in range(pages):
        got = match(store, ident, offset=number * PAGE, limit=PAGE)
        assert got.page.total == len(expected), ident
        assert flat(got.matches) == expected[number * PAGE : (number + 1) * PAGE], ident
    return len(expected)


def assert_windows(store: GraphStore, ident: str) -> int:
    """Pages of an opportunity's ranking cut where the database's page logic turns: at the ends
    of tiers of equal (score, exact), where a tier's capabilities (whose ids sort first) give
    way to its enterprises, and past the end; each equals the reference's slice. How many
    windows ended on a capability-to-enterprise turn inside a tier."""
    expected = rank_opportunity(store, ident)
    tier_ends = [i for i in range(1, len(expected)) if expected[i][1:3] != expected[i - 1][1:3]]
    inside = [
        i for i in range(1, len(expected))
        if expected[i][1:3] == expected[i - 1][1:3]
        and expected[i - 1][0].startswith("capability:") and expected[i][0].startswith("enterprise:")
    ]  # fmt: skip
    turns = tier_ends[:4] + inside[:4]
    windows = [(max(0, i - 3), 3) for i in turns] + [(max(0, i - 3), 4) for i in turns]
    windows += [(i, 2) for i in turns] + [(len(expected), 5), (max(0, len(expected) - 2), 5)]
    for offset, limit in windows:
        got = match_opportunity(store, ident, offset=offset, limit=limit)
        assert got.page.total == len(expected), (ident, offset, limit)
        assert flat(got.matches) == expected[offset : offset + limit], (ident, offset, limit)
    return len(inside[:4])


def ids(store: GraphStore, label: str) -> list[str]:
    return sorted(row["id"] for row in store.read(f"MATCH (n:{label}) RETURN n.id AS id"))


def test_bundled_data_ranks_as_the_reference(loaded: GraphStore) -> None:
    # every opportunity and every enterprise of the curated data plus the CSV templates
    candidates = sum(assert_same(loaded, o, 1) for o in ids(loaded, "Opportunity"))
    candidates += sum(assert_same(loaded, e, 1) for e in ids(loaded, "Enterprise"))
    assert candidates >= 4  # the templates alone give the known matches of tests/test_matching.py


@pytest.fixture(scope="module")
def eco_m(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return synthetic.write(tmp_path_factory.mktemp("eco-m"), "M", seed=7)


def test_synthetic_m_ranks_as_the_reference(store: GraphStore, eco_m: list[Path]) -> None:
    ingest(store, eco_m, batch_size=5000)
    rng = random.Random(5)
    opportunities, enterprises = ids(store, "Opportunity"), ids(store, "Enterprise")
    totals = [assert_same(store, o, 2) for o in rng.sample(opportunities, 25)]
    # the opportunities needing the hub technologies (the generator's first ids) rank thousands
    hub = store.read(
        "MATCH (o:Opportunity)-[:NEEDS]->(:Technology {id: 'tech:syn-t00000'}) "
        "RETURN o.id AS id ORDER BY o.id LIMIT 3"
    )
    totals += [assert_same(store, row["id"], 3) for row in hub]
    assert max(totals) > 2 * PAGE  # pages past the first were compared
    turns = sum(assert_windows(store, o) for o in [row["id"] for row in hub] + opportunities[:5])
    assert turns >= 3  # pages did end where a tier's capabilities give way to its enterprises
    offered = [assert_same(store, e, 2) for e in rng.sample(enterprises, 15)]
    assert sum(1 for total in offered if total) >= 5
