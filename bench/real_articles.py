"""Score the extractor on a folder of real news articles by the rule of its README (the rule
`../shared/tools/score-extraction` applies), per article and per script, and measure the
precision of each confidence band and of each kind of candidate (how it was found, what it is).

The folder holds `NN-slug.txt` files (first line `# source: URL`, left out) and `expect.yaml`
with hand labels. Matching, as the README says: names folded (NFKC, bracketed pinyin dropped,
case, quotes, brackets and spaces dropped, traditional to simplified); an entity is found when a
candidate's name, alias or mention equals a labelled form or one holds the other and the shorter
is at least 60% of the longer; a figure when a value is within 0.5% of the labelled one.
The script of an article is read from the article itself: English when the extractor reads it as
English, traditional when it converts it (extract/script.py), simplified otherwise.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract import Describe, Gazetteer, extract_file, read_article
from extract.script import analysis_view
from model.dataset import RELATIONSHIPS_SECTION

_DROP = str.maketrans("", "", "“”\"'「」『』《》〈〉()（） \u3000·•")
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")
SCRIPTS = ("simplified", "traditional", "English")
# One article's line of ../shared/tools/score-extraction.
_SCORER_LINE = re.compile(
    r"^(?P<name>\S+): entities (\d+)/(\d+), figures (\d+)/(\d+), candidates (\d+) \((\d+) match a label\)$"
)
TARGETS = {"entity recall": 0.85, "figure recall": 0.75, "matched share": 0.80}


def fold(text: object) -> str:
    """A name as the README's rule compares it."""
    plain = _PINYIN.sub("", unicodedata.normalize("NFKC", str(text)))
    return analysis_view(plain).text.lower().translate(_DROP) if plain else ""


def same(a: str, b: str) -> bool:
    """Equal, or one holds the other and the shorter is at least 60% of the longer."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return a == b or (short in long_ and len(short) / len(long_) >= 0.6)


@dataclass
class Tally:
    """Found / labelled entities and figures, matching / all candidates."""

    entities: list[int] = field(default_factory=lambda: [0, 0])
    figures: list[int] = field(default_factory=lambda: [0, 0])
    candidates: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.entities, other.entities), (self.figures, other.figures)):
            mine[0], mine[1] = mine[0] + theirs[0], mine[1] + theirs[1]
        self.candidates[0] += other.candidates[0]
        self.candidates[1] += other.candidates[1]

    def ratios(self) -> dict[str, float]:
        return {
            "entity recall": self.entities[0] / max(self.entities[1], 1),
            "figure recall": self.figures[0] / max(self.figures[1], 1),
            "matched share": self.candidates[0] / max(self.candidates[1], 1),
        }


def _candidates(document: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for key, rows in document.items():
        if key in ("sources", "candidates_of", RELATIONSHIPS_SECTION) or not isinstance(rows, list):
            continue
        yield from (row for row in rows if isinstance(row, dict))


def score(document: dict[str, Any], labels: dict[str, Any], bands: dict[Any, list[int]]) -> Tally:
    """One article's tally; `bands` gains, per confidence and per kind, [candidates, matching]."""
    forms = [[fold(x) for x in [e["name"], *(e.get("also") or [])]] for e in labels["entities"]]
    rows = list(_candidates(document))
    names = [
        [
            fold(x)
            for x in [
                r.get("name_zh"),
                r.get("name_en"),
                r["candidate"].get("mention"),
                *r.get("aliases", []),
            ]
            if x
        ]
        for r in rows
    ]
    figures = [f for r in rows for f in r.get("figures", []) if isinstance(f.get("value"), int | float)]
    tally = Tally()
    tally.entities = [
        sum(any(same(f, n) for f in fs for ns in names for n in ns) for fs in forms),
        len(forms),
    ]
    wanted = [float(f["value"]) for f in labels.get("figures") or []]
    tally.figures = [
        sum(any(abs(float(f["value"]) - v) <= 0.005 * abs(v) for f in figures) for v in wanted),
        len(wanted),
    ]
    for row, ns in zip(rows, names, strict=True):
        hit = any(same(f, n) for fs in forms for f in fs for n in ns)
        tally.candidates[0] += hit
        meta = row["candidate"]
        for key in (meta["confidence"], (meta["found_by"], _section_of(document, row))):
            band = bands.setdefault(key, [0, 0])
            band[0], band[1] = band[0] + 1, band[1] + hit
    tally.candidates[1] = len(rows)
    return tally


def _section_of(document: dict[str, Any], row: dict[str, Any]) -> str:
    return next(key for key, rows in document.items() if isinstance(rows, list) and row in rows)


def script_of(path: Path) -> str:
    article = read_article(path)
    if article.language == "en":
        return "English"
    return "traditional" if analysis_view(article.text).converted else "simplified"


def evaluate(
    folder: Path, gazetteer: Gazetteer, describe: Describe
) -> tuple[list[tuple[str, str, Tally]], dict[Any, list[int]]]:
    """(article, script, tally) for every labelled article, and the bands."""
    labels = yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))
    rows: list[tuple[str, str, Tally]] = []
    bands: dict[Any, list[int]] = {}
    with tempfile.TemporaryDirectory(prefix="realart-") as work:
        for name, labelled in labels.items():
            lines = (folder / name).read_text(encoding="utf-8").splitlines()
            path = Path(work) / name
            path.write_text("\n".join(ln for ln in lines if not ln.startswith("# source:")), encoding="utf-8")
            document = extract_file(path, gazetteer, describe)
            rows.append((name, script_of(path), score(document, labelled, bands)))
    return rows, bands


def _cells(tally: Tally) -> str:
    r = tally.ratios()
    e, f, c = tally.entities, tally.figures, tally.candidates
    return (
        f"{r['entity recall']:.2f} ({e[0]}/{e[1]}) | {r['figure recall']:.2f} ({f[0]}/{f[1]}) | "
        f"{r['matched share']:.2f} ({c[0]}/{c[1]})"
    )


def report(
    rows: list[tuple[str, str, Tally]], bands: dict[Any, list[int]], label: Callable[[str], str]
) -> str:
    """The markdown of the real-article section: per article, per script, bands and kinds."""
    out = [
        "| article | script | entity recall | figure recall | matched share |",
        "|---|---|---|---|---|",
        *(f"| {label(name)} | {script} | {_cells(t)} |" for name, script, t in rows),
    ]
    out += [
        "",
        "| script | entity recall | figure recall | matched share | targets |",
        "|---|---|---|---|---|",
    ]
    for script in (*SCRIPTS, "all"):
        total = Tally()
        for _, s, t in rows:
            if script in ("all", s):
                total.add(t)
        met = all(v >= TARGETS[k] for k, v in total.ratios().items())
        out.append(f"| {script} | {_cells(total)} | {'met' if met else 'missed'} |")
    accepted = [b for c, b in bands.items() if isinstance(c, float) and c > 0.8]
    kept, right = sum(b[0] for b in accepted), sum(b[1] for b in accepted)
    out += ["", "| confidence | candidates | matching a label | precision |", "|---|---|---|---|"]
    out += [
        f"| {c:.2f} | {b[0]} | {b[1]} | {b[1] / b[0]:.2f} |"
        for c, b in sorted((c, b) for c, b in bands.items() if isinstance(c, float))
    ]
    out += [
        "",
        f"`--accept-above 0.8` keeps {kept} candidates, {right} matching a label: "
        f"precision {right / max(kept, 1):.2f} (target >= 0.95).",
        "",
    ]
    out += ["| found by | section | candidates | matching a label |", "|---|---|---|---|"]
    out += [
        f"| {k[0]} | {k[1]} | {b[0]} | {b[1]} |"
        for k, b in sorted((k, b) for k, b in bands.items() if isinstance(k, tuple))
    ]
    return "\n".join(out)


def counts(tally: Tally) -> tuple[int, ...]:
    """A tally in the scorer's order: entities found/labelled, figures found/labelled,
    candidates, candidates matching a label."""
    return (*tally.entities, *tally.figures, tally.candidates[1], tally.candidates[0])


def scorer_counts(scorer: Path, scenekg: str, folder: Path) -> dict[str, tuple[int, ...]]:
    """Per article, the counts the shared scorer prints: it runs `scenekg extract` (the real
    command, against the graph of SCENEKG_DATA_DIR or NEO4J_URI) on each article."""
    done = subprocess.run(
        [sys.executable, str(scorer), scenekg, str(folder)], capture_output=True, text=True, timeout=3600
    )
    found = {}
    for line in done.stdout.splitlines():
        m = _SCORER_LINE.match(line.strip())
        if m:
            found[m.group("name")] = tuple(int(g) for g in m.groups()[1:])
    if not found:
        raise SystemExit(f"{scorer} printed no article line: {(done.stdout + done.stderr)[-400:]}")
    return found


def agreement(rows: list[tuple[str, str, Tally]], theirs: dict[str, tuple[int, ...]]) -> str:
    """A sentence saying whether this evaluation and the shared scorer count the same."""
    differ = [
        f"{name} (here {counts(t)}, scorer {theirs.get(name)})"
        for name, _, t in rows
        if theirs.get(name) != counts(t)
    ]
    if not differ:
        return (
            f"Checked with `../shared/tools/score-extraction` (the real `scenekg extract` per article, "
            f"graph loaded by `scenekg ingest`): the same counts on all {len(rows)} articles."
        )
    # An article reads the same whatever the process read before (tests/test_extract_fresh.py),
    # so look for a difference in the graph first: the scorer reads the one SCENEKG_DATA_DIR holds.
    return (
        "`../shared/tools/score-extraction` counts differently on: " + "; ".join(differ) + ". "
        "The scorer reads the graph of SCENEKG_DATA_DIR (or NEO4J_URI): a graph holding more than "
        "`scenekg ingest` loads (other loads, accepted candidates) may count otherwise."
    )
