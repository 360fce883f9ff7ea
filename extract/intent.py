"""Whether a trigger states something done or intended, alone or with others. Intended: "the
city will build X",
青石市将在港区打造X, "the release of the lists will be prioritised". A place that only intends to
make or release X is its planner, not yet its launcher (extract.relations, `plans` groups).

>>> planned("青石市将在港区打造智慧码头。", 0, 8)
True
>>> planned("青石市在港区打造了智慧码头。", 0, 7)
False
>>> planned("青石市将打造智慧码头。", 0, 4), planned("青石市将港区打造成智慧码头。", 0, 6)
(True, False)
>>> text = "Continuous release of port scenario lists will be prioritised."
>>> planned(text, 0, text.index("release"), "release of")
True
"""

from __future__ import annotations

import re
from functools import cache

from extract.vocab import vocab


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def alternation(words: tuple[str, ...]) -> str:
        ordered = sorted(words, key=len, reverse=True)
        return "|".join(rf"\b{re.escape(w)}\b" if w.isascii() else re.escape(w) for w in ordered)

    v = vocab()
    return (
        re.compile(alternation(v.intent), re.IGNORECASE),
        re.compile(alternation(v.intent_after_nominal), re.IGNORECASE),
    )


def planned(sentence: str, start: int, trigger_at: int, trigger: str = "") -> bool:
    """Whether a word of intent stands before the trigger at `trigger_at` in the sentence that
    starts at `start`, or, for a nominal trigger ("release of"), after it."""
    before, after = _patterns()
    head = sentence[: trigger_at - start]
    if before.search(head) or head.endswith(vocab().intent_right_before):
        return True
    return trigger.endswith(" of") and bool(after.search(sentence[trigger_at - start :]))


def joint(between: str) -> bool:
    """Whether the words from a subject to its trigger say it acts with others (联合N个城市共同
    发起, "co-founded"): then what it makes is not located in it alone."""
    return any(word in between for word in vocab().joint)
