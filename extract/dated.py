"""When it happened: the date a sentence states goes on what the sentence says came about in
it, so an event gets its date, an alliance its founding date, a programme its launch and a
policy its issue date (the fields of model.dataset: MatchingEvent.date, Alliance.founded,
Initiative.launched, Policy.issued).

Only a sentence with a single date that is neither a start (以来, since) nor a target (到, by)
dates anything, and only what a trigger of that sentence relates: 2025年5月，青石市联合…发起成立X联盟
dates X's founding; a year that only frames a figure dates nothing.

>>> from extract.mention import Mention
>>> from extract.numbers import DateMention
>>> ms = [Mention(8, 11, "青石市", Label.CITY, "青石市", "", "graph", 0.9, sentence=0),
...       Mention(15, 21, "长河城市联盟", Label.ALLIANCE, "长河城市联盟", "", "name form", 0.6, sentence=0)]
>>> founding = Proposed(RelType.MEMBER_OF, 0, 1, 0, "发起成立", 0.75, "initiator")
>>> date_entities(ms, [founding], {0: [DateMention(0, 7, "2025-05", "at")]})
>>> ms[1].attrs
{'founded': '2025-05'}
"""

from __future__ import annotations

from extract.mention import Mention
from extract.numbers import DateMention
from extract.proposed import Proposed
from graph.schema import Label, RelType

# The field each relationship dates on its object (MEMBER_OF only as founded by an initiator).
_FIELD: dict[tuple[RelType, Label], str] = {
    (RelType.MEMBER_OF, Label.ALLIANCE): "founded",
    (RelType.ORGANISED, Label.MATCHING_EVENT): "date",
    (RelType.PARTICIPATES_IN, Label.MATCHING_EVENT): "date",
    (RelType.LAUNCHED, Label.INITIATIVE): "launched",
    (RelType.ISSUED, Label.POLICY): "issued",
}


def date_entities(
    mentions: list[Mention], proposed: list[Proposed], found: dict[int, list[DateMention]]
) -> None:
    """Set the date field of each mention a dated sentence's trigger relates (see the module)."""
    for p in proposed:
        if p.trigger.startswith("("):  # a form, not a word of the sentence: (name), (topic)
            continue
        obj = mentions[p.end]
        field = _FIELD.get((p.type, obj.label))
        if field is None or (p.type is RelType.MEMBER_OF and p.role != "initiator"):
            continue
        stated = found.get(p.sentence, [])
        if len(stated) == 1 and stated[0].role == "at":
            obj.attrs.setdefault(field, stated[0].value)
