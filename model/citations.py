"""Citations: `source:<id>#<locator>`, the form every fact's provenance takes in the graph."""

from __future__ import annotations

import re

_CITATION = re.compile(r"^(?P<source>source:[\w.\-]+)#(?P<locator>\S.*)$")


def split_citation(value: str) -> tuple[str, str]:
    """`source:004#p8` -> (`source:004`, `p8`); raises ValueError on anything else.

    >>> split_citation("source:004#p8")
    ('source:004', 'p8')
    """
    match = _CITATION.match(value)
    if not match:
        raise ValueError(
            f"'{value}' is not a citation of the form source:<id>#<locator> (e.g. source:004#p8)"
        )
    return match.group("source"), match.group("locator")
