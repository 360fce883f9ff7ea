"""Whether a name the graph knows means the graph's entity in this article.

Many names are not one thing: every city runs its own 揭榜挂帅 call, publishes its own 场景机会
清单 and has its own 市经信委 and 智慧交通 scenario. The graph holds such a name for the city it
was first read about, so a name match alone would send another city's article to that entity,
and a merge would cite the article for a thing it does not speak of. A match therefore counts
only when the context agrees: the places the mention's own name carries, else those its
sentence names, else the place the article names most, must be (or lie within) a place the
entity is tied to; or the article names one of the entity's owners.

- agree, and no other place in that context: linked, as before;
- every place in the context is another one (one place, the innermost of a chain): a new
  entity of that place, with the graph's entity recorded as `withheld`;
- both, or no place in the whole article: `ambiguous` between the graph's entity and a new one,
  for the reviewer.

Only names of things a place owns are judged (initiatives, policies, scenarios, events, lists,
agencies, alliances); a firm, a technology or a place is one thing wherever it is
read, and an entity the graph ties to nothing has nothing to disagree with.

The ties come from the graph's relationships (extract.ties).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from extract.mention import Mention, pinyin_name
from extract.text import fold_name
from extract.ties import Ties
from graph.schema import PLACES, Label, label_of

# Names that are one thing wherever they are read: never judged by context.
_PROPER = PLACES | {Label.ENTERPRISE, Label.TECHNOLOGY}
# A name withheld from the graph is a guess about the article: below any --accept-above worth using.
WITHHELD_CONFIDENCE = 0.5
_LEVELS = {Label.PROVINCE: "provincial", Label.CITY: "municipal", Label.DISTRICT: "district"}


def _place_key(mention: Mention) -> str:
    if len(mention.existing) == 1:
        return mention.existing[0]
    return f"{mention.label.value}:{fold_name(mention.name_zh)}"


@dataclass(frozen=True)
class _Article:
    """The places of an article: by sentence, inside each name, and the most named."""

    by_sentence: dict[int, list[int]]
    inside: dict[int, list[int]]
    main: list[int]
    named: frozenset[str]  # every graph entity the article names

    @classmethod
    def of(cls, mentions: list[Mention]) -> _Article:
        by_sentence: dict[int, list[int]] = defaultdict(list)
        inside: dict[int, list[int]] = defaultdict(list)
        first: dict[str, int] = {}
        counts: Counter[str] = Counter()
        for index, m in enumerate(mentions):
            if m.label not in PLACES:
                continue
            by_sentence[m.sentence].append(index)
            if m.inner_of is not None:
                inside[m.inner_of].append(index)
            key = _place_key(m)
            counts[key] += 1
            first.setdefault(key, index)
        top = max(counts.values(), default=0)
        main = [first[k] for k, n in counts.items() if n == top]
        named = frozenset(i for m in mentions if len(m.existing) == 1 for i in m.existing)
        return cls(by_sentence, inside, main, named)

    def context(self, index: int, mention: Mention) -> list[int]:
        return self.inside.get(index) or self.by_sentence.get(mention.sentence) or self.main


def settle(mentions: list[Mention], ties: Ties) -> None:
    """Withhold, in place, the graph entities a mention's context does not confirm (module doc)."""
    article = _Article.of(mentions)
    for index, mention in enumerate(mentions):
        if not mention.existing or mention.label in _PROPER:
            continue
        if not all(ties.of.get(e) for e in mention.existing):
            continue  # an entity tied to nothing: nothing to disagree with
        _judge(index, mention, mentions, ties, article)


def _judge(index: int, mention: Mention, mentions: list[Mention], ties: Ties, article: _Article) -> None:
    if any(not article.named.isdisjoint(_owners(ties.of[e])) for e in mention.existing):
        return  # the article names one of the entity's owners: it speaks of that entity
    context = article.context(index, mention)
    keys = {i: _place_key(mentions[i]) for i in context}
    agreeing = [e for e in mention.existing if any(ties.agrees(k, e) for k in keys.values())]
    fits = {i for i, k in keys.items() if any(ties.agrees(k, e) for e in mention.existing)}
    enclosing = {p for i in fits for p in ties.within.get(keys[i], ())}
    others = [i for i, k in keys.items() if i not in fits and k not in enclosing]
    if agreeing and not others:
        mention.existing = tuple(agreeing)
        return
    homes = _innermost(others, keys, ties)
    mention.withheld, mention.existing = mention.existing, ()
    mention.confidence = min(mention.confidence, WITHHELD_CONFIDENCE)
    mention.name_zh = mention.text
    mention.name_en = mention.text if mention.text.isascii() else pinyin_name(mention.text)
    mention.aliases = ()
    if not agreeing and len(homes) == 1:
        mention.home = homes[0]
        if mention.label is Label.AGENCY:
            mention.attrs = {**mention.attrs, "level": _LEVELS[mentions[homes[0]].label]}


def _owners(tied: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in tied if label_of(t) not in PLACES)


def _innermost(others: list[int], keys: dict[int, str], ties: Ties) -> list[int]:
    """One mention per distinct place, leaving out the places that enclose another of them."""
    distinct = {keys[i]: i for i in reversed(others)}  # the first mention of each place
    outer = {p for k in distinct for p in ties.within.get(k, ())}
    return [i for k, i in distinct.items() if k not in outer]
