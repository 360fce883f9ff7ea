"""Cell values of a list to the model's values: text, budgets with their unit, deadlines.

A spreadsheet cell has a type (number, date, text, TRUE/FALSE); a CSV cell is always text.
Each converter takes either and raises ValueError with a message fit for the user when the
cell cannot mean what its column says (a date in a budget column, "many" as a number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from ingest.list_reading import Cell

# Yuan per unit a list may state, in the header (预算(万元)) or the cell (500万元).
YUAN_PER_UNIT: dict[str, int] = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
_UNIT_SPELLINGS = {"元": "元", "万元": "万元", "万": "万元", "亿元": "亿元", "亿": "亿元"}
_AMOUNT = re.compile(r"^(?P<n>-?\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(?P<unit>万元|亿元|元|万|亿)?$")
_DATE = re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?|\s*月)?$")


def _kind(cell: Cell) -> str:
    if isinstance(cell, bool):
        return "a TRUE/FALSE cell"
    if isinstance(cell, (datetime, date, time, timedelta)):
        return "a date or time cell"
    return "a number cell" if isinstance(cell, (int, float)) else "a text cell"


def text(cell: Cell) -> str:
    """A cell as text: numbers as written (序号 3, not 3.0); dates and TRUE/FALSE refused.

    >>> text(17.0), text(" 合肥 ")
    ('17', '合肥')
    """
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return str(int(cell)) if float(cell).is_integer() else str(cell)
    raise ValueError(f"{_kind(cell)}, expected text")


@dataclass(frozen=True)
class Budget:
    """A budget as the list states it (value and unit) and in yuan."""

    value: float
    unit: str

    @property
    def yuan(self) -> float:
        return float(Decimal(repr(self.value)) * YUAN_PER_UNIT[self.unit])


def budget(cell: Cell, header_unit: str | None) -> Budget | None:
    """The budget in a cell: a number in the header's unit, or text with its own unit.

    >>> budget("1.2亿", None), budget(500, "万元").yuan
    (Budget(value=1.2, unit='亿元'), 5000000.0)
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return Budget(float(cell), _unit(header_unit, None))
    if not isinstance(cell, str):
        raise ValueError(f"{_kind(cell)}, expected a number")
    match = _AMOUNT.match(cell.strip().replace(" ", ""))
    if not match:
        raise ValueError(f"'{cell.strip()}' is not a number (write 500, 500万元 or 1.2亿元)")
    try:
        value = float(Decimal(match["n"].replace(",", "")))
    except InvalidOperation:
        raise ValueError(f"'{cell.strip()}' is not a number") from None
    return Budget(value, _unit(header_unit, match["unit"]))


def _unit(header_unit: str | None, cell_unit: str | None) -> str:
    stated = _UNIT_SPELLINGS[cell_unit] if cell_unit else None
    if header_unit and stated and stated != header_unit:
        raise ValueError(f"the cell says {stated}, the header {header_unit}")
    unit = stated or header_unit
    if unit is None:
        raise ValueError(
            "the header states no unit: write 预算(万元) or 预算(元), or the unit in the cell (500万元)"
        )
    return unit


def deadline(cell: Cell) -> str:
    """A deadline as YYYY, YYYY-MM or YYYY-MM-DD, from a date cell or the usual written forms;
    anything else is passed on as written for the model to refuse with its own message.

    >>> deadline("2026年6月30日"), deadline("2026/7"), deadline(datetime(2026, 1, 5))
    ('2026-06-30', '2026-07', '2026-01-05')
    """
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)  # a year
    if cell is not None and not isinstance(cell, str):
        raise ValueError(f"{_kind(cell)}, expected a date")
    written = (cell or "").strip()
    match = _DATE.match(written)
    if not match:
        return written
    parts = [match["y"], f"{int(match['m']):02d}"] + ([f"{int(match['d']):02d}"] if match["d"] else [])
    return "-".join(parts)
