"""Every label and relationship type written in a `.cypher` file is one the schema enumerates.

A misspelt label in Cypher is not an error: `MATCH (n:Citty)` quietly matches nothing. So each
`:Name` in a node pattern or a label predicate must be a `Label` (or an `InternalLabel`), and
each `[:TYPE]` or `[:A|B]` in a relationship pattern a `RelType`. The files are read with a
small tokenizer that skips strings and comments, tells a map key (`{id: $id}`) from a label,
and leaves the `{label}`-style placeholders alone (`graph.cypher.render` fills those only from
the enumerations).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.schema import InternalLabel, Label, RelType

ROOT = Path(__file__).resolve().parent.parent
LABELS = frozenset(Label) | frozenset(InternalLabel)
TYPES = frozenset(RelType)
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>//[^\n]*|/\*.*?\*/)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<name>`[^`]*`|[A-Za-z_][A-Za-z0-9_]*)
      | (?P<number>\d+)
      | (?P<punct><-|->|\.\.|.)""",
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) of every token but spaces, comments and strings (kept as one token
    of kind "string", so that nothing inside one is read as a name)."""
    out = []
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("space", "comment"):
            out.append((kind, match.group().strip("`") if kind == "name" else match.group(), line))
        line += match.group().count("\n")
    return out


def _bracket_kind(previous: str) -> str:
    """What an opening bracket starts: a relationship pattern when `-` or `<-` precedes a `[`."""
    return {"-": "rel", "<-": "rel"}.get(previous, "other")


def names(text: str) -> list[tuple[str, str, int]]:
    """Every ("label" | "type", name, line) written after a colon in `text`.

    >>> names("MATCH (a:City {id: $id})-[:PART_OF|LOCATED_IN*1..3]->(b) WHERE b:District")
    [('label', 'City', 1), ('type', 'PART_OF', 1), ('type', 'LOCATED_IN', 1), ('label', 'District', 1)]
    >>> names("RETURN {label: 'Nope:Nope'} AS x // (n:Nope)")
    []
    """
    toks = tokens(text)
    stack: list[str] = []  # the open brackets: "(", "{", "rel" (a relationship pattern) or "other"
    found = []
    i = 0
    while i < len(toks):
        kind, tok, _ = toks[i]
        previous = toks[i - 1][1] if i else ""
        if tok in "({[" and kind == "punct":
            stack.append(tok if tok != "[" else _bracket_kind(previous))
        elif tok in ")}]" and kind == "punct" and stack:
            stack.pop()
        elif tok == ":" and not _is_map_key(toks, i, stack):
            inside = stack[-1] if stack else ""
            kind_here = "type" if inside == "rel" else "label"
            found_here, i = _names_after(toks, i, kind_here, inside in ("(", "rel"))
            found += found_here
            continue
        i += 1
    return found


def _is_map_key(toks: list[tuple[str, str, int]], i: int, stack: list[str]) -> bool:
    """A colon inside `{...}` right after `{ key` or `, key` separates a map key from its value."""
    return bool(stack) and stack[-1] == "{" and i >= 2 and toks[i - 1][0] == "name" and toks[i - 2][1] in "{,"


def _names_after(
    toks: list[tuple[str, str, int]], i: int, kind: str, in_pattern: bool
) -> tuple[list[tuple[str, str, int]], int]:
    """The names of `:A:B` (and, inside a pattern, `:A|B` or `:A&B`) starting at the colon at
    `i`, and where they end. Outside a pattern a `|` ends a list comprehension's filter instead.
    A `{placeholder}` in their place is skipped whole."""
    joins = (":", "|", "&") if in_pattern else (":",)
    found = []
    while i < len(toks) and toks[i][1] in joins:
        i += 1
        if i < len(toks) and toks[i][1] == "{":
            i += 3  # `{`, the placeholder's name, `}`
        elif i < len(toks) and toks[i][0] == "name":
            found.append((kind, toks[i][1], toks[i][2]))
            i += 1
    return found, i


def cypher_files() -> list[Path]:
    files = sorted(p for p in ROOT.glob("*/cypher/*.cypher") if not p.is_relative_to(ROOT / ".venv"))
    assert len(files) > 40, files  # the glob found the catalogue, not an empty folder
    return files


def unknown_names(text: str) -> list[str]:
    """`line: kind name` for every label or type in `text` the schema does not enumerate."""
    return [
        f"{line}: {kind} {name}"
        for kind, name, line in names(text)
        if name not in (LABELS if kind == "label" else TYPES)
    ]


@pytest.mark.parametrize("path", cypher_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_name_in_a_cypher_file_is_in_the_schema(path: Path) -> None:
    assert unknown_names(path.read_text(encoding="utf-8")) == []


def test_the_files_name_many_labels_and_types() -> None:
    """The tokenizer does find the names the catalogue writes (an empty result would pass above)."""
    found = {(kind, name) for path in cypher_files() for kind, name, _ in names(path.read_text("utf-8"))}
    assert {("label", "City"), ("label", "SceneKGMeta"), ("type", "PARTICIPATES_IN")} <= found
    assert len(found) > 25


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MATCH (n:Citty {id: $id}) RETURN n", ["1: label Citty"]),
        ("MATCH (a)-[:APPLIES|NEED]->(b)", ["1: type NEED"]),
        ("MATCH (a)<-[r:Applies*1..2]-(b)", ["1: type Applies"]),
        ("MATCH (n)\nWHERE n:City OR n:Distrikt", ["2: label Distrikt"]),
        ("MATCH (n) WHERE COUNT { (n)--(:Bogus) } > 0", ["1: label Bogus"]),
        ("MATCH (n:City:Town)", ["1: label Town"]),
        ("MATCH (n:`Quoted`)", ["1: label Quoted"]),
        ("RETURN [x IN xs WHERE x:Nope | x.id]", ["1: label Nope"]),
        ("MATCH (n:{label})-[:{rels}*..{hops}]->(:Wrong)", ["1: label Wrong"]),
        ("MATCH (n:City) RETURN {label: 'Nope', type: \"NOPE\"} // (x:Nope)\n/* [:NOPE] */", []),
        ("MATCH (a:City)-[:PART_OF*0..3]->(b:Province) RETURN b {.id, kind: 'x'}", []),
    ],
)
def test_a_bad_name_is_caught_and_strings_comments_and_keys_are_not(text: str, expected: list[str]) -> None:
    assert unknown_names(text) == expected
