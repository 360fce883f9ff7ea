"""Enumerations of mentions (北京、上海和深圳; "5G+", "AI+", and "Robotics+"): the members a
trigger's subject or object brings with it.

>>> from graph.schema import Label
>>> text = "青石市、白沙市和红枫市联合发布智慧码头场景。"
>>> spans = [(0, 3, Label.CITY), (4, 7, Label.CITY), (8, 11, Label.CITY), (15, 21, Label.SCENARIO)]
>>> ms = [Mention(a, b, text[a:b], label, text[a:b], "", "graph", 0.9) for a, b, label in spans]
>>> enumeration(text, ms, 1), enumeration(text, ms, 3)
([0, 1, 2], [3])
"""

from __future__ import annotations

import re

from extract.mention import Mention
from extract.numbers import zh_number
from graph.schema import ACTORS

# What stands between two members of an enumeration, spaces stripped.
_JOINERS = frozenset(
    {"、", "和", "与", "及", "以及", "联合", ",", "，", "and", ", and", "or", "……", "…", "等", "+", "＋"}
)
_BRACKETED = re.compile(r"[(（][^)）]{0,12}[)）]")
# "Each of them", "together": 均, 都, 联合, "all", "jointly" right before a trigger give it every
# subject of a list.
_EACH = re.compile(r"(?:均|都|皆|各自|联合|共同|\b(?:all|both|jointly)\b)\s*$", re.IGNORECASE)
_CLAUSE = re.compile(r"[，,；;。：:！!？?]")
# A counted list after a trigger: 覆盖P、Q、R三大领域 (the items, then their count).
_COUNTED = re.compile(r"(?P<items>[^，,；;。：:]+?)(?P<n>\d+|[一二两三四五六七八九十]+)(?:大|个|项|类|种)")


def _joined(text: str, left: Mention, right: Mention) -> bool:
    """Whether two mentions are neighbours in an enumeration (北京、上海和深圳)."""
    gap = re.sub(r"[()（）“”\"]", "", _BRACKETED.sub("", text[left.end : right.start])).strip()
    return gap in _JOINERS or gap == ""


def enumeration(text: str, mentions: list[Mention], index: int) -> list[int]:
    """The mention at `index` and the members of its enumeration, of the same label group."""
    group = [index]
    kind = mentions[index].label in ACTORS

    def joins(a: int, b: int, new: int) -> bool:
        joined = mentions[new].inner_of is None and _joined(text, mentions[a], mentions[b])
        return joined and (mentions[new].label in ACTORS) == kind

    i = index
    while i > 0 and joins(i - 1, i, i - 1):
        i -= 1
        group.append(i)
    i = index
    while i + 1 < len(mentions) and joins(i, i + 1, i + 1):
        i += 1
        group.append(i)
    return sorted(group)


def members(text: str, mentions: list[Mention], index: int, among: list[int]) -> list[int]:
    """Subjects from an enumeration; a city written with its district in brackets is
    represented by the district (北京市(经开区) joined, not all of Beijing)."""
    members = [i for i in enumeration(text, mentions, index) if i in among or i == index]
    parents = {mentions[i].parent for i in members if mentions[i].parent is not None}
    return [i for i in members if i not in parents]


def each(text: str, mentions: list[Mention], index: int, among: list[int], trigger_at: int) -> list[int]:
    """The subject at `index` alone, or, with 均/联合/all right before the trigger, it and the
    mentions of its label before it back to the clause's start: the list 均 sums up, whatever
    stands between its members (甲的“A”、乙的“B”均基于X).

    >>> from graph.schema import Label
    >>> def spans(text):
    ...     return [Mention(text.index(n), text.index(n) + 4, n, Label.SCENARIO, n, "", "graph", 0.9)
    ...             for n in ("智慧吊装", "无人巡检")]
    >>> text = "港区的“智慧吊装”、园区的“无人巡检”均基于北斗。"
    >>> each(text, spans(text), 1, [1, 0], text.index("基于"))
    [0, 1]
    >>> text = "港区的“智慧吊装”、园区的“无人巡检”基于北斗。"
    >>> each(text, spans(text), 1, [1, 0], text.index("基于"))
    [1]
    """
    if not _EACH.search(text[max(0, trigger_at - 6) : trigger_at]):
        return [index]
    out = [index]
    for i in among:
        if i >= out[-1] or mentions[i].label is not mentions[index].label:
            continue
        if _CLAUSE.search(text[mentions[i].end : mentions[out[-1]].start]):
            break
        out.append(i)
    return sorted(out)


def respective(text: str, mentions: list[Mention], whole: int, obj: int, after: int) -> int | None:
    """The member of the set `whole` that goes with `obj` when a counted list of as many items
    follows at `after` (the trigger's end): 发布甲、乙两个场景，分别覆盖P、Q两大领域 pairs 甲 with P
    and 乙 with Q. None when the lists do not line up.

    >>> from graph.schema import Label
    >>> text = "甲港、乙港两个场景覆盖北斗应用、无人巡检两大领域"
    >>> ms = [Mention(0, 2, "甲港", Label.SCENARIO, "甲港", "", "graph", 0.9, member_of=2),
    ...       Mention(3, 5, "乙港", Label.SCENARIO, "乙港", "", "graph", 0.9, member_of=2),
    ...       Mention(7, 9, "场景", Label.INITIATIVE, "场景", "", "graph", 0.9),
    ...       Mention(11, 13, "北斗", Label.TECHNOLOGY, "北斗", "", "graph", 0.9)]
    >>> respective(text, ms, 2, 3, 11)
    0
    """
    members = sorted(i for i, m in enumerate(mentions) if m.member_of == whole)
    counted = _COUNTED.match(text, after)
    if len(members) < 2 or counted is None:
        return None
    items = counted.group("items").split("、")
    if zh_number(counted.group("n")) != len(items) or len(items) != len(members):
        return None
    position = counted.start("items")
    for member, item in zip(members, items, strict=True):
        if position <= mentions[obj].start and mentions[obj].end <= position + len(item):
            return member
        position += len(item) + 1
    return None
