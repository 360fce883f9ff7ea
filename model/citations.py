"""Citations: `source:<id>#<locator>`, the form every fact's provenance takes in the graph."""

from __future__ import annotations

import re

CITATION_FORM = re.compile(r"^(?P<source>source:[\w.\-]+)#(?P<locator>\S.*)$")


def split_citation(value: str) -> tuple[str, str]:
    """`source:004#p8` -> (`source:004`, `p8`); raises ValueError on anything else.

    >>> split_citation("source:004#p8")
    ('source:004', 'p8')
    """
    match = CITATION_FORM.match(value)
    if not match:
        raise ValueError(
            f"'{value}' is not a citation of the form source:<id>#<locator> (e.g. source:004#p8)"
        )
    return match.group("source"), match.group("locator")


_SPAN = re.compile(r"^c(?P<start>\d+)-(?P<end>\d+)$")


def span_of(locator: str) -> tuple[int, int] | None:
    """The character span a locator names (`c120-188`, the form `scenekg extract` cites a
    sentence by), or None for a paragraph or line locator.

    >>> span_of("c120-188"), span_of("p9")
    ((120, 188), None)
    """
    match = _SPAN.match(locator)
    return (int(match.group("start")), int(match.group("end"))) if match else None


def source_of(citation: str) -> str:
    """The source part of a citation: `source:004#p8` -> `source:004` (a source id holds no
    `#`). Without the form check of `split_citation`, which the readers ran on every citation
    of a batch already: the writer asks this of each citation two or three times, 1.1M calls
    at size L.

    >>> source_of("source:004#p8")
    'source:004'
    """
    return citation.partition("#")[0]
