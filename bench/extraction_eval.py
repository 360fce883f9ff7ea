"""Score `scenekg extract` on the five source articles against the curated dataset.

Run: .venv/bin/python bench/extraction_eval.py [--seeds DIR]. No server is needed: the
gazetteer is built from the curated YAML files. The table goes into docs/benchmarks.md
between `<!-- extraction:start -->` and `<!-- extraction:end -->`.

Two settings, because the curated dataset was distilled from these very articles:
- held-out: the gazetteer leaves out every entity that only this article's citations support,
  so those must be found by the rules, as in an article the graph has never seen;
- graph: the full curated graph is the gazetteer, as when an analyst re-reads a known article.

Matching (documented in docs/extraction.md): an extracted entity matches a curated one when it
resolves to its id (existing; ambiguous counts if the id is among the choices) or, for a new
entity, when the labels agree and the names agree after folding (case, width, quotes, spaces)
and, for English, as sets of content words (word order, plurals, British/American spelling,
a/of/for and place names ignored; a name that leaves only a generic word such as "district"
matches nothing). A figure matches when its owner matches the curated owner and its value agrees
within 0.5%. A relationship matches on type and both matched ends.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import real_articles
from bench.report import write_section
from extract import batch_describer, batch_gazetteer, extract_file
from extract.build import extract_article
from extract.reading import parse_article
from extract.text import fold_name
from graph.schema import ENTITIES, PLACE_ORDER, Label, RelType, label_of
from graph.settings import REPO_ROOT
from ingest.batch import GraphBatch, read_all
from ingest.reference_places import read_reference_places
from ingest.yaml_dataset import read_dataset_file
from model.dataset import RELATIONSHIPS_SECTION

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
REAL = REPO_ROOT.parent / "shared" / "real-articles-dev"
_STOP = {"a", "an", "the", "of", "for", "and", "in", "on", "to", "s"}
_PLACE_HEADS = {"city", "province", "district"}
TARGETS = {"entity_p": 0.8, "entity_r": 0.9, "figure_r": 0.8, "rel_p": 0.7, "rel_r": 0.5}


def curated() -> GraphBatch:
    batch = GraphBatch()
    read_all(batch, sorted((REPO_ROOT / "data" / "curated").glob("*.yaml")), read_dataset_file)
    return batch


def _cites(sources: Iterable[str], source: str) -> bool:
    return any(s.split("#")[0] == source for s in sources)


def held_out(batch: GraphBatch, source: str) -> GraphBatch:
    """The dataset without the entities that only `source` supports."""
    out = GraphBatch()
    for label, rows in batch.nodes.items():
        for ident, row in rows.items():
            if label not in ENTITIES or any(s.split("#")[0] != source for s in row.sources):
                out.nodes[label][ident] = row
    return out


def _spelling(word: str) -> str:
    """One spelling for British and American forms (centre/center, programme/program,
    organisation/organization): the curated names are British, the articles often not."""
    word = re.sub(r"(?<=[a-z])tres?$", lambda m: "ter" + m.group(0)[3:], word)
    word = re.sub(r"isation", "ization", word)
    return "program" if word in ("programme", "programmes") else word


class Names:
    """Folded names of the curated entities, and place words to ignore in English names."""

    def __init__(self, batch: GraphBatch) -> None:
        self.place_words: set[str] = set()
        for label in PLACE_ORDER:
            for row in batch.nodes.get(label, {}).values():
                for name in (row.props.get("name_en", ""), *row.props.get("aliases", [])):
                    if name.isascii():
                        self.place_words.update(w.lower() for w in re.findall(r"[A-Za-z]+", name))
        self.place_words -= {"city", "province", "district"}
        self.zh_places = sorted(
            {
                n
                for label in PLACE_ORDER
                for row in batch.nodes.get(label, {}).values()
                for n in (row.props.get("name_zh", ""), *row.props.get("aliases", []))
                if n and not n.isascii()
            },
            key=len,
            reverse=True,
        )

    def keys(self, names: Iterable[str], label: Label | None) -> set[str]:
        """Folded names; English also as a set of content words, Chinese also without a
        leading place name. Neither may leave only a generic word: "Xuhui District" minus its
        place word is "district", 三岔湖景区 minus 三岔湖 is 景区, which name nothing."""
        out = set()
        for name in names:
            if not name:
                continue
            if name.isascii():
                words = {_spelling(w.lower()).rstrip("s") for w in re.findall(r"[A-Za-z0-9]+", name)}
                words -= _STOP | self.place_words
                if words - _PLACE_HEADS:
                    out.add(" ".join(sorted(words)))
            folded = fold_name(name)
            out.add(folded)
            if label in PLACE_ORDER:
                continue
            for place in self.zh_places:
                if folded.startswith(fold_name(place)) and len(folded) > len(fold_name(place)) + 1:
                    out.add(folded[len(fold_name(place)) :])
        return out


def _entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        row
        for section, rows in document.items()
        if section not in ("candidates_of", "sources", RELATIONSHIPS_SECTION) and isinstance(rows, list)
        for row in rows
    ]


def score(
    document: dict[str, Any], batch: GraphBatch, source: str, names: Names
) -> dict[str, tuple[int, int, int]]:
    """(matched, predicted, gold) for entities, figures and relationships."""
    gold = {
        ident: row
        for label, rows in batch.nodes.items()
        if label in ENTITIES
        for ident, row in rows.items()
        if _cites(row.sources, source)
    }
    gold_keys = {
        ident: names.keys(
            [row.props.get("name_zh", ""), row.props.get("name_en", ""), *row.props.get("aliases", [])],
            label_of(ident),
        )
        for ident, row in gold.items()
    }
    mapping: dict[str, str] = {}
    entries = _entries(document)
    for row in entries:
        meta = row["candidate"]
        target = meta.get("resolves_to")
        choices = [target] if isinstance(target, str) else list(target or [])
        hit = next((c for c in choices if c in gold), None)
        if hit is None and meta["status"] == "new":
            label = label_of(row["id"])
            keys = names.keys(
                [row.get("name_zh", ""), row.get("name_en", ""), *row.get("aliases", []), meta["mention"]],
                label,
            )
            hit = next(
                (
                    g
                    for g, k in gold_keys.items()
                    if label_of(g) is label and keys & k and g not in mapping.values()
                ),
                None,
            )
        if hit is not None:
            mapping[row["id"]] = hit
    entity = (len(set(mapping.values())), len(entries), len(gold))
    gold_figures = {
        (row.props["owner"], float(row.props["value"]))
        for row in batch.nodes.get(Label.FIGURE, {}).values()
        if _cites(row.sources, source)
    }
    predicted_figures = [
        (mapping.get(row["id"]), float(f["value"])) for row in entries for f in row.get("figures", [])
    ]
    found = {
        g for g in gold_figures for owner, value in predicted_figures
        if owner == g[0] and abs(value - g[1]) <= 0.005 * max(abs(g[1]), 1)
    }  # fmt: skip
    figure = (len(found), len(predicted_figures), len(gold_figures))
    gold_rels = {
        (rel.value, start, end)
        for rel, edges in batch.rels.items()
        if rel is not RelType.HAS_FIGURE
        for (start, end), edge in edges.items()
        if _cites(edge.sources, source)
    }
    predicted_rels = [
        (r["type"], mapping.get(r["from"], r["from"]), mapping.get(r["to"], r["to"]))
        for r in document.get(RELATIONSHIPS_SECTION, [])
    ]
    matched_rels = {r for r in predicted_rels if r in gold_rels}
    relationship = (len(matched_rels), len(predicted_rels), len(gold_rels))
    return {"entities": entity, "figures": figure, "relationships": relationship}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def evaluate(seeds: Path) -> tuple[list[str], dict[str, dict[str, float]]]:
    batch = curated()
    names = Names(batch)
    lines: list[str] = []
    totals: dict[str, dict[str, float]] = {}
    for setting in ("held-out", "graph"):
        sums = {k: [0, 0, 0] for k in ("entities", "figures", "relationships")}
        rows = []
        for path in sorted(seeds.glob("00*.txt")):
            source = f"source:{path.name[:3]}"
            known = held_out(batch, source) if setting == "held-out" else batch
            document = extract_file(path, batch_gazetteer(known), batch_describer(known), source)
            result = score(document, batch, source, names)
            cells = []
            for kind, (matched, predicted, gold) in result.items():
                sums[kind][0] += matched
                sums[kind][1] += predicted
                sums[kind][2] += gold
                ratios = f"{_ratio(matched, predicted):.2f} / {_ratio(matched, gold):.2f}"
                cells.append(f"{ratios} ({matched}/{predicted}/{gold})")
            rows.append(f"| {setting} | {path.name[:3]} | " + " | ".join(cells) + " |")
        total = {kind: (_ratio(m, p), _ratio(m, g)) for kind, (m, p, g) in sums.items()}
        totals[setting] = {
            "entity_p": total["entities"][0], "entity_r": total["entities"][1],
            "figure_p": total["figures"][0], "figure_r": total["figures"][1],
            "rel_p": total["relationships"][0], "rel_r": total["relationships"][1],
        }  # fmt: skip
        cells = [
            f"**{total[k][0]:.2f} / {total[k][1]:.2f}** ({sums[k][0]}/{sums[k][1]}/{sums[k][2]})"
            for k in ("entities", "figures", "relationships")
        ]
        lines.extend([*rows, f"| {setting} | **all** | " + " | ".join(cells) + " |"])
    return lines, totals


def timing(seeds: Path) -> tuple[int, float, float]:
    """Characters, first (cold: jieba's dictionary loads) and median warm extraction seconds of a
    15,000-character article made of the source articles one after another."""
    text = ""
    files = sorted(seeds.glob("00*.txt"))
    while len(text) < 15000:
        for path in files:
            text += path.read_text(encoding="utf-8") + "\n\n"
    text = text[:15000]
    batch = curated()
    gazetteer, describe = batch_gazetteer(batch), batch_describer(batch)
    article = parse_article(text.encode("utf-8"), "bench")
    runs = []
    for _ in range(4):
        started = time.perf_counter()
        extract_article(article, "source:bench", "bench.txt", gazetteer, describe)
        runs.append(time.perf_counter() - started)
    return len(text), runs[0], statistics.median(runs[1:])


def write_table(
    lines: list[str], chars: int, cold: float, warm: float, totals: dict[str, dict[str, float]]
) -> str:
    target = (
        "targets: entity precision >= 0.8 and recall >= 0.9; figure recall >= 0.8; "
        "relationship precision >= 0.7 and recall >= 0.5"
    )
    body = [
        "## Extraction (`scenekg extract`) on the five source articles",
        "",
        "Written by `bench/extraction_eval.py`. Each cell: precision / recall "
        "(matched / extracted / curated).",
        "Matching rules and the two settings are described in docs/extraction.md.",
        "",
        "| setting | article | entities | figures | relationships |",
        "|---|---|---|---|---|",
        *lines,
        "",
        f"{target}.",
        "",
        "| setting | " + " | ".join(TARGETS) + " |",
        "|---|" + "---|" * len(TARGETS),
        *(
            f"| {s} | " + " | ".join(
                f"{v[k]:.2f} {'met' if v[k] >= TARGETS[k] else 'missed'}" for k in TARGETS
            ) + " |"
            for s, v in totals.items()
        ),
        "",
        f"Speed: a {chars:,}-character article in {warm:.2f} s (median of 3, jieba loaded); "
        f"the first extraction in a process took {cold:.2f} s, most of it loading jieba's dictionary.",
    ]  # fmt: skip
    return write_section("extraction", "\n".join(body))


def write_real(folder: Path, scorer: Path | None = None) -> str:
    """The real-article section: the dev set scored by its README's rule (bench/real_articles.py)
    with the bundled dataset and the reference places as the graph, as `scenekg extract` sees
    it after `scenekg ingest`."""
    batch = curated()
    places = read_reference_places()  # `scenekg ingest` loads them too, with their PART_OF edges
    for label, rows_of in places.nodes.items():
        for ident, row in rows_of.items():
            batch.nodes.setdefault(label, {}).setdefault(ident, row)
    for kind, edges in places.rels.items():
        for ends, edge in edges.items():
            batch.rels.setdefault(kind, {}).setdefault(ends, edge)
    rows, bands = real_articles.evaluate(folder, batch_gazetteer(batch), batch_describer(batch))
    body = [
        "## Extraction on real news articles (development set)",
        "",
        f"Written by `bench/extraction_eval.py --real {folder.name}`: the twelve labelled articles of "
        "`../shared/real-articles-dev/`, scored by the rule of its README (the figures "
        "`../shared/tools/score-extraction` prints). Each cell: share (found / labelled; for matched "
        "share: candidates matching a label / candidates). Targets: entity recall >= 0.85, figure "
        "recall >= 0.75, matched share >= 0.80, overall and per script. The confidence table is the "
        "calibration of extract/confidence.py.",
        "",
        real_articles.report(rows, bands, lambda name: name.split("-")[0]),
    ]
    if scorer is not None:
        scenekg = str(Path(sys.executable).with_name("scenekg"))
        body += ["", real_articles.agreement(rows, real_articles.scorer_counts(scorer, scenekg, folder))]
    return write_section("real-articles", "\n".join(body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--real", type=Path, default=REAL, help="labelled real articles (expect.yaml)")
    parser.add_argument(
        "--scorer",
        type=Path,
        help="also run this scorer (../shared/tools/score-extraction) and say whether its counts agree; "
        "it extracts with the real command, so SCENEKG_DATA_DIR must hold the `scenekg ingest` graph",
    )
    args = parser.parse_args()
    chars, cold, warm = timing(args.seeds)
    lines, totals = evaluate(args.seeds)
    print(write_table(lines, chars, cold, warm, totals))
    if (args.real / "expect.yaml").exists():
        print(write_real(args.real, args.scorer))


if __name__ == "__main__":
    main()
