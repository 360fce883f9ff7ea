"""Numbers as articles write them: Arabic or Chinese numerals, multipliers (万, 亿, billion),
fractions (三分之一), qualifiers (超, 近, 余, 多, 约, over, nearly), ranges, and dates
resolved against the article's own date (今年11月)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract.vocab import vocab
from model.dataset import Qualifier

_ZH_NUMERAL = "零〇一二两三四五六七八九十百千"


def zh_number(text: str) -> float | None:
    """The value of a Chinese numeral (no 万/亿, those are multipliers).

    >>> zh_number("三"), zh_number("十五"), zh_number("两千零五"), zh_number("一百二十")
    (3.0, 15.0, 2005.0, 120.0)
    """
    digits: dict[str, int] = vocab().numbers["digits"]
    small: dict[str, int] = vocab().numbers["small_multipliers"]
    if not text or any(ch not in digits and ch not in small for ch in text):
        return None
    if all(ch in digits for ch in text) and len(text) > 1:  # 二〇二五: digit by digit
        return float("".join(str(digits[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in digits:
            current = digits[ch]
        else:
            total += (current or 1) * small[ch]
            current = 0
    return float(total + current)


def number(text: str) -> float | None:
    """Arabic (with thousands separators) or Chinese numeral or English number word."""
    cleaned = text.replace(",", "").replace("，", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        pass
    words: dict[str, float] = vocab().numbers["english_numbers"]
    if cleaned.lower() in words:
        return float(words[cleaned.lower()])
    return zh_number(cleaned)


@dataclass(frozen=True)
class Quantity:
    """A number found in the text, before it is known what it measures."""

    start: int
    end: int
    value: float
    qualifier: Qualifier
    unit: str  # 'currency', 'percent', a unit name, or a classifier's default unit
    classifier: str | None
    currency: str | None
    stated: str
    upper: float | None = None  # the top of a range


def _alternation(words: object) -> str:
    items = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w) for w in items)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    n = vocab().numbers
    zh_before = _alternation(w for w in n["qualifiers_before"] if not w.isascii())
    en_before = _alternation(w for w in n["qualifiers_before"] if w.isascii())
    after = _alternation(w for w in n["qualifiers_after"] if not w.isascii())
    mult_zh = _alternation(w for w in n["multipliers"] if not w.isascii())
    mult_en = _alternation(w for w in n["multipliers"] if w.isascii())
    units = _alternation(n["units"])
    currencies = _alternation(n["currencies"])
    classifiers = _alternation(n["classifiers"])
    loose = _alternation(n["loose_magnitudes"])
    en_words = _alternation(n["english_numbers"])
    zh = re.compile(
        rf"(?P<qb>{zh_before})?"
        rf"(?:(?P<loose>{loose})|(?P<bare>(?<=[超逾近约])(?=万|亿))|(?P<num>\d+(?:[.,]\d+)*|[{_ZH_NUMERAL}]+)"
        rf"(?:\s*(?:-|~|～|—|至|到)\s*(?P<upper>\d+(?:\.\d+)?|[{_ZH_NUMERAL}]+))?)"
        rf"(?P<mult>{mult_zh})?(?P<qa>{after})?"
        rf"(?P<unit>{units}|(?:{mult_zh})?(?:{currencies})|{classifiers})?(?P<qa2>以上|左右|以内|以下)?"
    )
    fraction = re.compile(
        rf"(?P<qb>{zh_before})?(?P<den>[\d{_ZH_NUMERAL}]+)分之(?P<num>[\d{_ZH_NUMERAL}]+(?:\.\d+)?)"
    )
    en = re.compile(
        rf"(?<![\w.])(?:(?P<qb>{en_before})\s+)?(?P<num>\d[\d,]*(?:\.\d+)?|(?:{en_words})(?![\w-]))"
        rf"(?:\s*(?P<mult>{mult_en})\b)?(?P<qa>\+|\s+plus\b)?"
        rf"(?:\s*(?P<unit>%|percent\b|per cent\b|(?:{currencies})\b))?",
        re.IGNORECASE,
    )
    marker = re.compile(r"\[\d+\]|Group \d+|\d+(?:\.\d+)?[A-Za-z]|[A-Za-z]\d+")
    return zh, fraction, en, marker


def _qualifier(word: str | None, table: str) -> Qualifier:
    if not word:
        return Qualifier.EXACT
    mapping: dict[str, str] = vocab().numbers[table]
    return Qualifier(mapping.get(word.lower(), mapping.get(word, "exact")))


def _ordinal(text: str, m: re.Match[str]) -> bool:
    """第二批, 第3届: an ordinal names a place in a series, it counts nothing."""
    start = m.start("num") if m.group("num") else m.start()
    return text[max(0, start - 1) : start] == "第"


def _own_qualifier(text: str, m: re.Match[str]) -> str | None:
    """The qualifier before a number, unless its character ends another word (签约, 最近)."""
    word = m.group("qb")
    around = text[max(0, m.start() - 1) : m.start() + 1]
    if word and len(word) == 1 and around in vocab().numbers["not_qualifiers"]:
        return None
    return word


def _unit_of(word: str | None) -> tuple[str, str | None, str | None]:
    """(unit, classifier, currency) of the word after a number."""
    n = vocab().numbers
    if not word:
        return "", None, None
    lowered = word.lower()
    for currency, code in n["currencies"].items():
        if lowered.endswith(currency.lower()):
            return "currency", None, code
    if word in n["units"] or lowered in n["units"]:
        return n["units"].get(word) or n["units"][lowered], None, None
    return n["classifiers"][word], word, None


def _multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    multipliers: dict[str, float] = vocab().numbers["multipliers"]
    return float(multipliers.get(word.lower(), multipliers.get(word, 1)))


def _zh_quantity(text: str, m: re.Match[str]) -> Quantity | None:
    """The quantity of one match of the Chinese pattern, or None when it counts nothing."""
    if not (m.group("num") or m.group("loose") or m.group("bare") is not None):
        return None
    unit, classifier, currency = _unit_of(m.group("unit"))
    qualifier = _qualifier(_own_qualifier(text, m), "qualifiers_before")
    after = m.group("qa") or m.group("qa2")
    if after:
        qualifier = _qualifier(after, "qualifiers_after")
    if m.group("loose"):
        value: float | None = float(vocab().numbers["loose_magnitudes"][m.group("loose")])
        qualifier = Qualifier.ABOUT if qualifier is Qualifier.EXACT else qualifier
    elif m.group("bare") is not None:
        value = 1.0  # 超万亿元: the multiplier is the number
    else:
        value = number(m.group("num"))
    if value is None or not unit:
        return None
    if (m.group("num") or "") == "一" and qualifier is Qualifier.EXACT:
        return None  # 一场变革, 一批企业: an article, not a count
    multiplier = _multiplier(m.group("mult"))
    if m.group("unit") and m.group("unit")[0] in "万亿" and currency:
        multiplier *= _multiplier(m.group("unit")[0])
    upper = number(m.group("upper")) if m.group("upper") else None
    if upper is not None and qualifier is Qualifier.EXACT:
        qualifier = Qualifier.AT_LEAST  # a range keeps its lower end; the top is in `upper`
    start = m.start() if _own_qualifier(text, m) or not m.group("qb") else m.start() + len(m.group("qb"))
    return Quantity(
        start, m.end(), value * multiplier, qualifier, unit, classifier, currency, text[start : m.end()],
        upper * multiplier if upper is not None else None,
    )  # fmt: skip


def quantities(text: str, skip: list[tuple[int, int]]) -> list[Quantity]:
    """Every number with a unit, classifier, multiplier or qualifier in `text`, outside `skip`
    (dates, technology names, markers). A bare number with nothing around it is not a figure."""
    zh, fraction, en, marker = _patterns()
    blocked = list(skip) + [(m.start(), m.end()) for m in marker.finditer(text)]
    found: list[Quantity] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in blocked) and all(
            end <= q.start or start >= q.end for q in found
        )

    for m in fraction.finditer(text):
        den, num = number(m.group("den")), number(m.group("num"))
        if den and num is not None and free(m.start(), m.end()):
            found.append(
                Quantity(
                    m.start(), m.end(), round(100 * num / den, 1),
                    _qualifier(m.group("qb"), "qualifiers_before"), "percent", None, None, m.group(0),
                )
            )  # fmt: skip
    for m in zh.finditer(text):
        if m.group(0) and free(m.start(), m.end()) and not _ordinal(text, m):
            quantity = _zh_quantity(text, m)
            if quantity is not None:
                found.append(quantity)
    for m in en.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = number(m.group("num"))
        described = m.group("qb") or m.group("mult") or m.group("unit") or m.group("qa")
        if value is None or not (described or re.match(r"\s+[A-Za-z]", text[m.end() :])):
            continue  # a bare number not followed by a word (a time, a code) is no figure
        if m.group("num").lower() == "one" and not described:
            continue  # "one network for services": an article, not a count
        unit, _, currency = _unit_of(m.group("unit"))
        if m.group("unit") and m.group("unit").lower() in {"%", "percent", "per cent"}:
            unit = "percent"
        qualifier = _qualifier(m.group("qb"), "qualifiers_before")
        if m.group("qa"):
            qualifier = Qualifier.MORE_THAN
        found.append(
            Quantity(
                m.start(), m.end(), value * _multiplier(m.group("mult")), qualifier, unit or "item",
                None, currency, m.group(0).strip(),
            )
        )  # fmt: skip
    return sorted((_rounded(q) for q in found), key=lambda q: q.start)


def _rounded(q: Quantity) -> Quantity:
    """1.1亿 is 110000000, not 110000000.00000001."""
    value = round(q.value, 6)
    return Quantity(
        q.start,
        q.end,
        float(round(value)) if abs(value - round(value)) < 1e-6 else value,
        q.qualifier,
        q.unit,
        q.classifier,
        q.currency,
        q.stated,
        q.upper,
    )


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD
    role: str  # 'at', 'since' or 'by'


_RELATIVE_YEARS = {"今年": 0, "去年": -1, "前年": -2, "明年": 1}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_DATE_ZH = re.compile(
    r"(?:(?P<y>\d{4})年|(?P<rel>今年|去年|前年|明年))(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?)?"
    r"|(?<![\d-])(?P<iy>\d{4})-(?P<im>\d{1,2})(?:-(?P<id>\d{1,2}))?(?![\d-])"
    r"|(?<![\d年])(?P<om>\d{1,2})月(?P<od>\d{1,2})[日号]"
)
_DATE_EN = re.compile(
    r"\b(?:(?P<role>since|by|in|from|until|before)\s+)?(?:(?P<month>" + "|".join(_MONTHS) + r")\s+)?"
    r"(?P<y>(?:19|20)\d{2})\b(?!\s*(?:%|billion|million|projects|cases))",
    re.IGNORECASE,
)
_SINCE_AFTER = re.compile(r"^\s*(?:以来|起|开始)")
_BY_BEFORE = re.compile(r"(?:到|至|力争到|争取到)\s*$")


def dates(text: str, article_date: str | None) -> list[DateMention]:
    """Dates in `text`; relative years (今年, 去年) and bare months resolve against `article_date`."""
    year_now = int(article_date[:4]) if article_date else None
    out: list[DateMention] = []
    for m in _DATE_ZH.finditer(text):
        if m.group("iy"):
            parts = [m.group("iy"), m.group("im"), m.group("id")]
        elif m.group("om"):
            if year_now is None:
                continue
            parts = [str(year_now), m.group("om"), m.group("od")]
        else:
            if m.group("rel"):
                if year_now is None:
                    continue
                year = str(year_now + _RELATIVE_YEARS[m.group("rel")])
            else:
                year = m.group("y")
            parts = [year, m.group("m"), m.group("d")]
        value = "-".join([parts[0]] + [f"{int(p):02d}" for p in parts[1:] if p])
        role = "at"
        if _SINCE_AFTER.match(text[m.end() :]):
            role = "since"
        elif _BY_BEFORE.search(text[: m.start()]):
            role = "by"
        out.append(DateMention(m.start(), m.end(), value, role))
    for m in _DATE_EN.finditer(text):
        if any(m.start() < d.end and d.start < m.end() for d in out):
            continue
        month = _MONTHS.get((m.group("month") or "").lower())
        value = m.group("y") + (f"-{month:02d}" if month else "")
        word = (m.group("role") or "").lower()
        role = {"since": "since", "from": "since", "by": "by", "until": "by"}.get(word, "at")
        out.append(DateMention(m.start(), m.end(), value, role))
    return out
