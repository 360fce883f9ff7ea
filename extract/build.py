"""Extract one article into a candidate document in the dataset's own format.

Every entry carries `candidate:` metadata (confidence, span, sentence, status, resolves_to)
that `ingest.candidates` removes before validating with the dataset's models. Citations
point at the sentence a fact came from: `source:<id>#c<start>-<end>`, character offsets into
the article text (see docs/extraction.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extract import figures, relations
from extract.confidence import calibrated
from extract.dated import date_entities
from extract.entities import entity_key, find_mentions
from extract.gazetteer import Gazetteer
from extract.linking import WITHHELD_CONFIDENCE, settle
from extract.mention import Mention
from extract.numbers import DateMention, Quantity, dates, quantities
from extract.plus import plus_aliases
from extract.proposed import Proposed
from extract.reading import Article
from extract.script import Analysed, analysis_view
from extract.text import Sentence, fold_name, marker_of, sentences
from graph.schema import Label, RelType, allowed
from model.dataset import RELATIONSHIPS_SECTION, SECTIONS
from model.ids import make_id

LOCATOR_SCHEME = (
    "cS-E = characters S to E (0-based, end exclusive) of the article text as decoded "
    "(for HTML: its visible text); each cites the sentence a fact was taken from"
)
SECTION_OF: dict[Label, str] = {model.label: name for name, model in SECTIONS.items()}
_MAX_SOURCES = 3
_DEFAULTS: dict[Label, dict[str, str]] = {
    Label.INITIATIVE: {"kind": "programme"},
    Label.SCENARIO: {"domain": "industry"},
    Label.AGENCY: {"level": "national", "kind": "office"},
}
Describe = Callable[[str], dict[str, Any] | None]


@dataclass
class _Entity:
    key: str
    label: Label
    mentions: list[Mention]
    id: str = ""
    figures: list[dict[str, Any]] = field(default_factory=list)


def _sentence_of(sentence_list: list[Sentence], offset: int) -> int:
    for s in sentence_list:
        if s.start <= offset < s.end:
            return s.index
    return -1


def _citation(source_id: str, sentence: Sentence, view: Analysed) -> str:
    start, end = view.span(sentence.start, sentence.end)
    return f"{source_id}#c{start}-{end}"


def _short(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def extract_article(
    article: Article, source_id: str, file_name: str, gazetteer: Gazetteer, describe: Describe
) -> dict[str, Any]:
    """The candidate document of one article, ready to dump as YAML. The article is analysed in
    its normalised copy (script.py); every span and citation is mapped back to the written text."""
    view = analysis_view(article.text)
    text = view.text
    sentence_list = sentences(text)
    mentions = find_mentions(text, gazetteer)
    for mention in mentions:
        mention.sentence = _sentence_of(sentence_list, mention.start)
    settle(mentions, gazetteer.ties)
    plus_aliases(text, mentions, describe)
    found_dates: dict[int, list[DateMention]] = {}
    found_quantities: list[tuple[int, Quantity]] = []
    for sentence in sentence_list:
        stated = dates(sentence.text, article.published)
        found_dates[sentence.index] = stated
        skip = [(d.start, d.end) for d in stated] + [
            (m.start - sentence.start, m.end - sentence.start)
            for m in mentions
            if m.sentence == sentence.index and m.label is Label.TECHNOLOGY
        ]
        for q in quantities(sentence.text, skip):
            shifted = Quantity(
                q.start + sentence.start, q.end + sentence.start, q.value, q.qualifier, q.unit,
                q.classifier, q.currency, q.stated, q.upper,
            )  # fmt: skip
            found_quantities.append((sentence.index, shifted))
    proposed = relations.propose(text, sentence_list, mentions) + _homes(mentions)
    date_entities(mentions, proposed, found_dates)
    facts = figures.attach(text, sentence_list, mentions, found_quantities, found_dates, article.published)
    entities = _entities(mentions, gazetteer)
    many = getattr(describe, "many", None)  # a graph describer reads every known entity at once
    if many is not None:
        many(e.mentions[0].existing[0] for e in entities.values() if e.mentions[0].existing)
    by_mention = {id(m): e for e in entities.values() for m in e.mentions}
    for fact in facts:
        owner = by_mention[id(mentions[fact.owner])]
        owner.figures.append(_figure(fact, sentence_list[fact.sentence], source_id, owner, view))
    document: dict[str, Any] = {
        "candidates_of": source_id,
        "sources": [_source(article, source_id, file_name)],
    }
    for label, section in SECTION_OF.items():
        rows = [
            _entry(e, sentence_list, source_id, gazetteer, describe, view)
            for e in entities.values()
            if e.label is label
        ]
        if rows and label is not Label.SOURCE:
            document[section] = rows
    rels = _relationships(proposed, mentions, by_mention, sentence_list, source_id, view)
    if rels:
        document[RELATIONSHIPS_SECTION] = rels
    return document


def _source(article: Article, source_id: str, file_name: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": source_id, "title": article.title or file_name}
    if article.publisher:
        entry["publisher"] = article.publisher
    if article.published:
        entry["published"] = article.published
    entry.update(language=article.language, kind="article", file=file_name, locator_scheme=LOCATOR_SCHEME)
    return entry


def _homes(mentions: list[Mention]) -> list[Proposed]:
    """A name withheld from the graph is of the place the article's context gave it (extract.linking)."""
    return [
        Proposed(RelType.LOCATED_IN, i, m.home, m.sentence, "article context", WITHHELD_CONFIDENCE)
        for i, m in enumerate(mentions)
        if m.home is not None
    ]


def _key(mention: Mention, mentions: list[Mention]) -> str:
    """entity_key, with a name withheld from the graph kept apart by its place (or its doubt)."""
    if not mention.withheld:
        return entity_key(mention)
    key = f"{mention.label.value}:{fold_name(mention.name_zh)}"
    return f"{key}@{entity_key(mentions[mention.home])}" if mention.home is not None else f"{key}?"


def _entities(mentions: list[Mention], gazetteer: Gazetteer) -> dict[str, _Entity]:
    entities: dict[str, _Entity] = {}
    for mention in mentions:
        key = _key(mention, mentions)
        if key not in entities:
            entities[key] = _Entity(key, mention.label, [])
        entities[key].mentions.append(mention)
    taken = set(gazetteer.labels)
    for entity in entities.values():
        first = entity.mentions[0]
        if len(first.existing) == 1:
            entity.id = first.existing[0]
            continue
        best = max(entity.mentions, key=lambda m: len(m.name_zh))
        name = best.name_en if best.name_en.isascii() else best.name_zh
        if best.home is not None:  # another city's 揭榜挂帅 is this city's own: its id says whose
            name = f"{mentions[best.home].name_en} {name}"
        base = make_id(entity.label, name)
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        entity.id = ident
    return entities


def _status(entity: _Entity) -> tuple[str, str | list[str] | None]:
    first = entity.mentions[0]
    existing = first.existing
    if len(existing) == 1:
        return "existing", existing[0]
    if existing:
        return "ambiguous", list(existing)
    if first.withheld and first.home is None:
        return "ambiguous", list(first.withheld)
    return "new", None


def _entry(
    entity: _Entity,
    sentence_list: list[Sentence],
    source_id: str,
    gazetteer: Gazetteer,
    describe: Describe,
    view: Analysed,
) -> dict[str, Any]:
    status, resolves_to = _status(entity)
    first = entity.mentions[0]
    cited: list[str] = []
    for mention in entity.mentions:
        citation = _citation(source_id, sentence_list[mention.sentence], view)
        if citation not in cited and len(cited) < _MAX_SOURCES:
            cited.append(citation)
    entry: dict[str, Any] = {"id": entity.id}
    known = describe(first.existing[0]) if first.existing else None
    if known is not None:
        entry.update({k: v for k, v in known.items() if k not in ("id", "description", "sources")})
    else:
        best = max(entity.mentions, key=lambda m: (m.confidence, len(m.name_zh)))
        entry["name_zh"], entry["name_en"] = best.name_zh, best.name_en
        forms = {m.text for m in entity.mentions} | {a for m in entity.mentions for a in m.aliases}
        forms |= {view.written(m.start, m.end) for m in entity.mentions}  # the traditional form
        aliases = sorted(f for f in forms if f and f not in (best.name_zh, best.name_en))
        if aliases:
            entry["aliases"] = aliases
        attrs = {
            **_DEFAULTS.get(entity.label, {}),
            **{k: v for m in entity.mentions for k, v in m.attrs.items()},
        }
        entry.update(attrs)
    entry["sources"] = cited
    if entity.figures:
        entry["figures"] = entity.figures
    sentence = sentence_list[first.sentence]
    entry["candidate"] = {
        "status": status,
        "resolves_to": resolves_to,
        "confidence": calibrated(
            entity.label,
            first.how,
            all(m.inner_of is not None for m in entity.mentions),
            round(max(m.confidence for m in entity.mentions), 2),
        ),
        "mention": view.written(first.start, first.end),
        "span": list(view.span(first.start, first.end)),
        "sentence": _short(view.written(sentence.start, sentence.end)),
        "found_by": first.how,
        "mentions": len(entity.mentions),
    }
    if first.withheld:  # the graph's entity of that name, which the article's context did not confirm
        entry["candidate"]["not_linked_to"] = list(first.withheld)
    marker = marker_of(sentence.text)
    if marker:
        entry["candidate"]["paragraph_marker"] = marker
    return entry


def _figure(
    fact: figures.FigureFact, sentence: Sentence, source_id: str, owner: _Entity, view: Analysed
) -> dict[str, Any]:
    q = fact.quantity
    taken = {f["measure"] for f in owner.figures}
    measure, n = fact.measure, 2
    while measure in taken:
        measure, n = f"{fact.measure}_{n}", n + 1
    entry: dict[str, Any] = {"measure": measure, "label_en": fact.label_en}
    if fact.label_zh:
        entry["label_zh"] = fact.label_zh
    entry["value"] = int(q.value) if q.value.is_integer() else q.value
    entry["unit"] = fact.unit
    if q.currency:
        entry["currency"] = q.currency
    entry["qualifier"] = q.qualifier.value
    entry["stated"] = view.written(q.start, q.end)[:40]
    for key, value in (
        ("as_of", fact.as_of),
        ("period_start", fact.period_start),
        ("target_year", fact.target_year),
    ):
        if value is not None:
            entry[key] = value
    entry["sources"] = [_citation(source_id, sentence, view)]
    entry["candidate"] = {
        "confidence": fact.confidence,
        "span": list(view.span(q.start, q.end)),
        "sentence": _short(view.written(sentence.start, sentence.end)),
    }
    if q.upper is not None:
        entry["candidate"]["range_upper"] = q.upper
    return entry


def _relationships(
    proposed: list[Proposed],
    mentions: list[Mention],
    by_mention: dict[int, _Entity],
    sentence_list: list[Sentence],
    source_id: str,
    view: Analysed,
) -> list[dict[str, Any]]:
    merged: dict[tuple[RelType, str, str], dict[str, Any]] = {}
    for p in proposed:
        start, end = by_mention[id(mentions[p.start])], by_mention[id(mentions[p.end])]
        if start.id == end.id or not allowed(p.type, start.label, end.label):
            continue
        sentence = sentence_list[p.sentence]
        citation = _citation(source_id, sentence, view)
        key = (p.type, start.id, end.id)
        if key in merged:
            known = merged[key]
            if citation not in known["sources"] and len(known["sources"]) < _MAX_SOURCES:
                known["sources"].append(citation)
            known["candidate"]["confidence"] = max(known["candidate"]["confidence"], round(p.confidence, 2))
            continue
        row: dict[str, Any] = {"type": p.type.value, "from": start.id, "to": end.id}
        if p.type is RelType.MEMBER_OF:
            row["role"] = p.role if p.role in ("initiator", "member") else "member"
        elif p.type is RelType.PARTICIPATES_IN and p.role:
            row["role"] = p.role
        row["sources"] = [citation]
        row["candidate"] = {
            "confidence": round(p.confidence, 2),
            "trigger": p.trigger,
            "span": list(view.span(sentence.start, sentence.end)),
            "sentence": _short(view.written(sentence.start, sentence.end)),
        }
        merged[key] = row
    return list(merged.values())
