"""Calibrated confidence of an entity candidate: what share of candidates of its kind were right
when measured, so that `scenekg ingest --accept-above 0.8` keeps only the kinds that were right
at least 95% of the time.

The kind is how the name was found (graph, vocabulary, name form, model, phrase, title) and what
it is. Measured on the real-article development set (twelve news articles no rule was written
from; docs/benchmarks.md has the table per kind): places the graph knows, agencies found by
their suffix, firms the model proposed and scenarios a phrase names were each right every
time; every other kind was right 50-90% of the time and stays below 0.8 however sure its rule
is. A name seen only inside another name (福建 in 福建日报) is weaker still.

>>> calibrated(Label.AGENCY, "name form", False, 0.6)
0.9
>>> calibrated(Label.TECHNOLOGY, "graph", False, 0.95)
0.75
>>> calibrated(Label.CITY, "graph", True, 0.95)
0.5
"""

from __future__ import annotations

from graph.schema import PLACES, Label

# (how it was found, what it is) -> the confidence it is given: kinds measured at >= 0.95.
ACCEPTED: dict[tuple[str, str], float] = {
    ("graph", "place"): 0.95,
    ("name form", "agency"): 0.9,
    ("model", "enterprise"): 0.85,
    ("phrase", "scenario"): 0.85,
}
# Every other kind: its rule's own confidence, but never above this.
CEILING = 0.75
# A name found only inside another name.
NESTED = 0.5


def calibrated(label: Label, how: str, nested_only: bool, raw: float) -> float:
    """The confidence a candidate is given (see the module's doc)."""
    if nested_only:
        return min(raw, NESTED)
    group = "place" if label in PLACES else label.value.lower()
    return ACCEPTED.get((how, group), min(raw, CEILING))
