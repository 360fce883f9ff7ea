"""Evidence behind every citation, on the real embedded server: each answer's citations carry
the source's file and what the passage says (our paraphrase for the curated articles, the
sentence and its span for a merged article), each once; a cited locator the curated table
does not paraphrase is refused; the passages survive an RDF round trip; the CLI prints them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from extract import dump, extract_file, store_describer, store_gazetteer
from graph.errors import InputErrors
from graph.store import GraphStore
from ingest.pipeline import ingest
from model.refs import SourceRef
from queries.diffusion import diffusion
from queries.lookup import lookup
from queries.paths import paths
from queries.profile import profile
from queries.rdf_export import RdfFormat, export_rdf
from queries.similar import similar_cities
from queries.sources import source_evidence
from tests.conftest import CURATED, wipe
from tests.test_cli import run

CURATED_ARTICLES = {f"source:00{n}" for n in range(5)}
ARTICLE = Path(__file__).parent / "data" / "articles" / "wuhan-low-altitude.txt"


def paraphrased(refs: list[SourceRef]) -> None:
    """Every citation of the curated articles says what its passage says, in both languages,
    and none is given twice."""
    assert len({r.citation for r in refs}) == len(refs)
    curated = [r for r in refs if r.source in CURATED_ARTICLES]  # not the reference places' dataset
    assert curated
    for ref in curated:
        assert ref.file and ref.title, ref.citation
        assert ref.passage_kind == "paraphrase" and ref.span is None, ref.citation
        assert ref.passage and re.search(r"[\u4e00-\u9fff]", ref.passage), ref.citation
        assert ref.passage_en and re.search(r"[A-Za-z]{3}", ref.passage_en), ref.citation


def test_every_answer_cites_with_the_passage(loaded: GraphStore) -> None:
    tangshan = lookup(loaded, "唐山")
    [p36] = [s for s in tangshan.sources if s.citation == "source:004#p36"]
    assert "唐山" in (p36.passage or "") and "Tangshan" in (p36.passage_en or "")
    paraphrased(tangshan.sources)
    shown = profile(loaded, "芜湖")
    paraphrased(shown.sources)
    for item in shown.key_figures.items:
        paraphrased(item.figure.sources)
    [path] = paths(loaded, "唐山", "北京", 1).paths
    paraphrased([s for hop in path.hops for s in hop.sources])
    spread = diffusion(loaded, "鸿蒙")
    for city in spread.cities:
        for user in city.users:
            paraphrased(user.sources)
    like = similar_cities(loaded, "合肥", limit=3)
    for candidate in like.candidates:
        paraphrased(candidate.sources)  # similar shows the evidence of what the two share
    evidence = source_evidence(loaded, "source:004#p9")
    paraphrased(evidence.passages)
    assert [p.citation for p in evidence.passages] == ["source:004#p9"]
    assert "passages" not in evidence.source.properties  # given per citation, not as JSON text


def test_a_cited_locator_without_a_paraphrase_is_refused(store: GraphStore, tmp_path: Path) -> None:
    data = tmp_path / "own.yaml"
    data.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {
                        "id": "source:own",
                        "title": "自拟的测试稿",
                        "passages": {"p1": {"zh": "一段自拟的转述。", "en": "A paraphrase of our own."}},
                    }
                ],
                "cities": [
                    {
                        "id": "city:testcity",
                        "name_zh": "测试市",
                        "name_en": "Testcity",
                        "sources": ["source:own#p2"],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as raised:
        ingest(store, [data], batch_size=500)
    [problem] = raised.value.errors
    assert problem.location.file == str(data) and problem.location.field == "city:testcity"
    assert "no paraphrase of 'p2'" in str(problem)
    assert store.read("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_a_merged_article_cites_its_sentence_and_span(store: GraphStore, tmp_path: Path) -> None:
    ingest(store, [CURATED], batch_size=500)
    document = extract_file(ARTICLE, store_gazetteer(store), store_describer(store))
    path = tmp_path / "wuhan.candidates.yaml"
    path.write_text(dump(document), encoding="utf-8")
    ingest(store, [path], batch_size=500)
    text = ARTICLE.read_text(encoding="utf-8")
    merged = [s for s in lookup(store, "低空经济场景联盟").sources if s.source == document["candidates_of"]]
    assert merged
    for ref in merged:
        assert ref.passage_kind == "sentence" and ref.span is not None, ref.citation
        start, end = ref.span
        assert ref.locator == f"c{start}-{end}"
        written = " ".join(text[start:end].split())
        assert ref.passage and written.startswith(ref.passage.removesuffix("…")), ref.citation
    hefei = lookup(store, "city:hefei").sources
    assert any(s.passage_kind == "sentence" for s in hefei)  # the article's, beside
    assert any(s.passage_kind == "paraphrase" for s in hefei)  # the curated ones
    # merged again with one entry only: the Source keeps the sentences of the first merge too
    [first] = [row for row in document["cities"] if row["id"] == "city:hefei"]
    path.write_text(
        dump({**{k: document[k] for k in ("candidates_of", "sources")}, "cities": [first]}), encoding="utf-8"
    )
    ingest(store, [path], batch_size=500)
    again = [s for s in lookup(store, "低空经济场景联盟").sources if s.source == document["candidates_of"]]
    assert again == merged


def test_passages_survive_an_rdf_round_trip(store: GraphStore, tmp_path: Path) -> None:
    ingest(store, [CURATED], batch_size=500)
    before = lookup(store, "唐山").sources
    document = tmp_path / "tangshan.ttl"
    document.write_text(export_rdf(store, RdfFormat.TURTLE, around="唐山", hops=1).text, encoding="utf-8")
    wipe(store)
    ingest(store, [document], batch_size=500)
    after = lookup(store, "唐山").sources
    assert after == before and all(s.passage for s in after)


def test_cli_prints_the_passage_under_each_citation_and_hop(loaded: GraphStore) -> None:
    chain = run("path", "唐山", "北京", "-k", "1")
    assert chain.returncode == 0, chain.stderr
    lines = chain.stdout.splitlines()
    hop = next(i for i, line in enumerate(lines) if line.strip().startswith("1. COLLABORATES_WITH"))
    assert "source:004#p36" in lines[hop + 1]
    assert "唐山借助京津的研发力量" in lines[hop + 2] and "Tangshan draws on" in lines[hop + 3]
    shown = run("show", "source:004#p9")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("source:004#p9  场景创新释放超能力") == 1
    assert "量子加密技术两年内从实验室进入政务应用" in shown.stdout
    spread = run("diffusion", "鸿蒙")
    assert spread.stdout.count("source:004#p16  ") == 1  # three users of one passage, cited once


def longest_shared_run(text: str, article: str) -> int:
    """The length of the longest run of `text` that `article` holds word for word."""
    best = 0
    for start in range(len(text)):
        while start + best < len(text) and text[start : start + best + 1] in article:
            best += 1
    return best


def test_paraphrases_are_in_our_own_words() -> None:
    """No paraphrase copies a sentence of its article: names and figures recur, but no run of 20
    Chinese characters or 50 English ones (when the seed articles are at hand)."""
    from tests.test_curated_load import SEEDS

    if not SEEDS.exists():
        pytest.skip("shared seeds not present")
    sources = yaml.safe_load((CURATED / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    for source in sources:
        article = (SEEDS / source["file"]).read_text(encoding="utf-8")
        for locator, passage in source["passages"].items():
            assert longest_shared_run(passage["zh"], article) < 20, (source["id"], locator)
            assert longest_shared_run(passage["en"], article) < 50, (source["id"], locator)


def test_a_citation_is_built_once_per_revision_and_anew_after_a_write(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import revision
    from model import cache
    from queries import sources

    with store.transaction() as tx:
        tx.run("CREATE (:Source {id: 'source:memo', title: '第一稿'})")
        revision.bump(tx)
    cache.written(store)
    first = sources.resolve_citations(store, ["source:memo#p1", "source:memo#p1", "source:memo#p2"])
    again = sources.resolve_citations(store, ["source:memo#p2", "source:memo#p1"])
    assert [r.citation for r in first] == ["source:memo#p1", "source:memo#p2"]
    assert again[0] is first[1] and again[1] is first[0]  # shared, not rebuilt

    with store.transaction() as tx:
        tx.run("MATCH (s:Source {id: 'source:memo'}) SET s.title = '第二稿'")
        revision.bump(tx)
    cache.written(store)
    assert [r.title for r in sources.resolve_citations(store, ["source:memo#p1"])] == ["第二稿"]

    monkeypatch.setattr(sources, "CITATION_MEMO", 1)  # a full memo is emptied, answers stay whole
    cited = [f"source:memo#p{n}" for n in range(5)]
    assert [r.citation for r in sources.resolve_citations(store, cited)] == cited
    assert [r.locator for r in sources.resolve_citations(store, cited[::-1])] == [
        f"p{n}" for n in range(4, -1, -1)
    ]
