"""The limits and defaults the queries, the views, the CLI and the HTTP API share, each once.

Where the CLI and the HTTP API allowed different ranges before these were gathered, each range
keeps its own name here (the HTTP API pages more tightly than the CLI lists), so neither changed.
"""

from __future__ import annotations

from graph.errors import BadArgument

# Items in one list or page of a query result (the query catalogue's bound, and the CLI's).
MAX_LIMIT = 1000
# Items in one page of the HTTP API: tighter than MAX_LIMIT, a public endpoint answers small pages.
MAX_PAGE = 100
# Items skipped by an HTTP `offset`.
MAX_OFFSET = 10_000
# Items per group of a profile over HTTP (the CLI allows MAX_LIMIT) and their skip.
MAX_PROFILE_CAP_HTTP = 200
MAX_PROFILE_OFFSET = 100_000
DEFAULT_PROFILE_CAP = 50
DEFAULT_PROFILE_CAP_CLI = 20

# Paths between two entities: relationships in one path, how many paths.
MAX_PATH_HOPS = 8
DEFAULT_PATH_HOPS = 6
MAX_PATHS = 20
DEFAULT_PATHS = 1  # the query and the HTTP /paths endpoint
DEFAULT_PATHS_SHOWN = 3  # the CLI and the path view draw three by default

# A neighbourhood: relationships walked from the centre, and nodes returned or drawn.
MAX_NEIGHBOURHOOD_HOPS = 3
DEFAULT_NEIGHBOURHOOD_LIMIT = 500
MAX_NEIGHBOURHOOD_NODES = 2000  # returned as JSON over HTTP
MAX_DRAWN_NODES = 5000  # drawn in a view

# Default lengths of the ranked lists (the same in the query, the CLI and the HTTP API).
DEFAULT_DIFFUSION_LIMIT = 50
DEFAULT_MATCH_LIMIT = 20
DEFAULT_SIMILAR_LIMIT = 10

# Text search: hits returned.
DEFAULT_SEARCH_LIMIT = 10
MAX_SEARCH_LIMIT = 100

# Analytics: the longest ranking returned (HTTP tighter than the CLI's MAX_LIMIT).
DEFAULT_TOP = 20
DEFAULT_TOP_CLI = 10
MAX_TOP_HTTP = 100

# Views: labelled neighbours drawn around each node before the rest fold into one.
DEFAULT_CAP = 25


def check_range(parameter: str, value: int, low: int, high: int | None = None, *, named: bool = False) -> int:
    """`value` if it lies in `low`..`high` (no upper bound when `high` is None); otherwise a
    BadArgument naming `parameter`, which the HTTP API answers with 422. One wording for every
    range a query checks; `named` keeps the wording paths() has always used, which repeats the
    parameter inside the sentence (`k: k must be between 1 and 20`) and omits the value.

    >>> check_range("hops", 2, 1, MAX_NEIGHBOURHOOD_HOPS)
    2
    >>> check_range("hops", 4, 1, MAX_NEIGHBOURHOOD_HOPS)
    Traceback (most recent call last):
    graph.errors.BadArgument: hops: must be between 1 and 3, not 4
    >>> check_range("offset", -1, 0)
    Traceback (most recent call last):
    graph.errors.BadArgument: offset: must be 0 or more, not -1
    """
    if high is not None and not low <= value <= high:
        if named:
            raise BadArgument(parameter, f"{parameter} must be between {low} and {high}")
        raise BadArgument(parameter, f"must be between {low} and {high}, not {value}")
    if value < low:
        bound = "0 or more" if low == 0 else f"at least {low}"
        raise BadArgument(parameter, f"must be {bound}, not {value}")
    return value
