"""Other written forms of an "X+" programme: a technology's name followed by + ("Artificial
Intelligence+", 人工智能+) names a drive to apply that technology everywhere, and is written as
often with the technology's other names (AI+). The forms are the mention's aliases, so a
programme reads the same under either name.

>>> from graph.schema import Label
>>> text = "the Blockchain+ drive"
>>> outer = Mention(4, 21, "Blockchain+ drive", Label.INITIATIVE, "", "Blockchain+ drive", "name form", 0.7)
>>> inner = Mention(4, 14, "Blockchain", Label.TECHNOLOGY, "区块链", "Blockchain", "graph", 0.9,
...                 ("tech:blockchain",), inner_of=0)
>>> plus_aliases(text, [outer, inner], lambda i: {"name_zh": "区块链", "aliases": ["DLT"]})
>>> outer.aliases
('DLT+ drive',)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from extract.mention import Mention
from graph.schema import Label

_PLUS = re.compile(r"\s*[+＋]")


def plus_aliases(
    text: str, mentions: list[Mention], describe: Callable[[str], dict[str, Any] | None]
) -> None:
    """Give each initiative whose name holds a known technology followed by + the name with
    that technology's other forms of the same script."""
    for inner in mentions:
        if inner.inner_of is None or inner.label is not Label.TECHNOLOGY or len(inner.existing) != 1:
            continue
        outer = mentions[inner.inner_of]
        if outer.label is not Label.INITIATIVE or not _PLUS.match(text, inner.end):
            continue
        known = describe(inner.existing[0]) or {}
        forms = {known.get("name_zh", ""), known.get("name_en", ""), *known.get("aliases", [])}
        head, tail = text[outer.start : inner.start], text[inner.end : outer.end]
        extra = [
            f"{head}{form}{tail}"
            for form in sorted(forms)
            if form and form.isascii() == inner.text.isascii() and form.lower() != inner.text.lower()
        ]
        outer.aliases = tuple(dict.fromkeys((*outer.aliases, *extra)))
