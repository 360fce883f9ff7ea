"""Where a long name begins. The suffix rules and the model find the head of a name (…推进会,
…清单) but often stop short of its start: an event's title runs from the clause's start, the
verb that introduces it (召开, 举行, 在 …) or the count before it (每周1场) to its suffix, and
may join two events with 暨; a list's title starts with its year and batch (2030年第二批…清单).

>>> text = "市里召开全省“机器人+”三大重点产业推进会，发布2030年第二批场景机会清单。"
>>> event_start(text, text.index("三大"), text.index("，"))
4
>>> list_start(text, text.index("场景")) == text.index("2030")
True
"""

from __future__ import annotations

import re
from functools import cache

from extract.vocab import vocab

_MAX_EVENT = 60
# Characters that end a clause or open a bracket: an event's title never crosses them.
_STOPS = set("，,。；;：:！？!?、（(《》)）\n")
# A count right before the title (每周至少1场 | 场景对接会): what is counted starts after it.
_COUNT_BEFORE = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)[场个次项家批]$")
_LIST_PREFIX = re.compile(r"(?:\d{4}年(?:度)?)?(?:第[一二三四五六七八九十\d]+批)?$")


@cache
def _boundaries() -> tuple[str, ...]:
    return tuple(sorted(vocab().event_boundaries, key=len, reverse=True))


def event_start(text: str, start: int, end: int) -> int:
    """The start of the event title whose words found so far are text[start:end]: extended left
    to the clause's start or the word that introduces the event."""
    i = start
    while i > 0 and end - i < _MAX_EVENT:
        ch = text[i - 1]
        if ch in _STOPS or any(text.endswith(word, 0, i) for word in _boundaries()):
            break
        if _COUNT_BEFORE.search(text, max(0, i - 8), i):
            break
        i -= 1
    while i < start and text[i] in "”’":  # a closing quote is no title's first character
        i += 1
    return i


def list_start(text: str, start: int) -> int:
    """The start of a list's title, with its year and batch (2030年第二批…清单)."""
    found = _LIST_PREFIX.search(text, max(0, start - 12), start)
    return found.start() if found and found.group(0) else start
