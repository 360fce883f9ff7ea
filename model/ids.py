"""Identifiers and partial dates: the small vocabularies every input shares (citations: model.citations)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from graph.schema import Label, label_of

_SLUG_OK = re.compile(r"^[\w][\w.\-]*$")
_PARTIAL_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
EARLIEST_YEAR, LATEST_YEAR = 1949, 2100
# Far above any id made from a name (names have at most 300 characters), far below what the
# database's unique index can hold (an id of 300,000 bytes failed the load at commit).
MAX_ID_LENGTH = 1000


def normalise_slug(text: str) -> str:
    """A stable slug for free text: NFKC, lower case, runs of other characters folded to '-'.

    >>> normalise_slug("  HF 2025/001 ")
    'hf-2025-001'
    >>> normalise_slug("合肥 机会清单")
    '合肥-机会清单'
    """
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    slug = re.sub(r"[^\w.]+", "-", folded).strip("-.")
    return slug


def make_id(label: Label, key: str) -> str:
    """The id of a `label` node whose natural key is `key` (already a slug or free text)."""
    slug = normalise_slug(key)
    if not slug:
        raise ValueError(f"cannot make an id from {key!r}")
    return f"{label.prefix}:{slug}"


def check_id(value: str, expected: Label | None = None) -> str:
    """Validate an id's form and, if given, that its prefix names `expected`."""
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"an id has at most {MAX_ID_LENGTH} characters, this one {len(value)}")
    label = label_of(value)
    if label is None:
        raise ValueError(f"'{value}' is not an id of the form <kind>:<slug> with a known kind")
    slug = value.partition(":")[2]
    if not _SLUG_OK.match(slug) or slug != slug.lower():
        raise ValueError(f"'{value}' has a slug that is not lower-case letters, digits, '.', '_' or '-'")
    if expected is not None and label is not expected:
        raise ValueError(f"'{value}' is an id of a {label.value}, expected a {expected.value}")
    return value


def check_partial_date(value: str) -> str:
    """A date with year, month or day precision (2025, 2025-05, 2025-05-27), within reason."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group("y"))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    month, day = match.group("m"), match.group("d")
    try:
        date(year, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date: {exc}") from None
    return value
