"""Firms named in an enumeration that a count of firms closes: 甲科技、乙生物、丙智能等6家企业,
甲、乙2家企业. Each member is an enterprise, whatever its own form: names such as 乙生物 have no
suffix that says so, and the model may cut them (乙 | 生物).

>>> from model.names import NameIndex
>>> found = enumerated_firms("其中甲岭科技、乙川生物、丙石智能等6家领军企业参会。", Gazetteer(NameIndex()))
>>> [m.text for m in found]
['甲岭科技', '乙川生物', '丙石智能']
"""

from __future__ import annotations

import re
from functools import cache

from extract.gazetteer import Gazetteer
from extract.mention import Mention, from_form
from extract.vocab import NameForm, vocab
from graph.schema import Label

_MEMBER = r"(?:(?!的)[\u4e00-\u9fffA-Za-z0-9·]){2,12}"
_FIRMS = re.compile(
    rf"(?P<list>(?:{_MEMBER}、)+{_MEMBER}?)(?:等)?"
    r"(?:\d+|[一二两三四五六七八九十]+)家[\u4e00-\u9fff]{0,4}?(?:企业|公司)"
)
_ENTERPRISE = NameForm(Label.ENTERPRISE.value, {})
CONFIDENCE = 0.7


@cache
def _leads() -> tuple[str, ...]:
    """Words that may stand before the first member (其中甲, 包括甲): not part of its name."""
    v = vocab()
    words = {*v.firm_context_before, *v.event_boundaries, "其中", "还有", "以及"}
    return tuple(sorted(words, key=len, reverse=True))


def _first_start(text: str, start: int, end: int) -> int:
    """Where the first member's name starts: after the last leading word inside it."""
    cut = start
    for word in _leads():
        at = text.rfind(word, start, end)
        if at >= 0 and at + len(word) < end - 1:
            cut = max(cut, at + len(word))
    return cut


def enumerated_firms(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """The members of every enumeration of firms closed by a count (see the module's doc)."""
    out: list[Mention] = []
    for m in _FIRMS.finditer(text):
        position = m.start("list")
        for index, member in enumerate(m.group("list").split("、")):
            start, end = position, position + len(member)
            position = end + 1
            if index == 0:
                start = _first_start(text, start, end)
            if end - start < 2:
                continue
            mention = from_form(text, start, end, _ENTERPRISE, "name form", gazetteer)
            mention.confidence = CONFIDENCE
            out.append(mention)
    return out
