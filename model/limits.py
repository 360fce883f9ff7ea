"""The limits and defaults the queries, the views, the CLI and the HTTP API share, each once.

The CLI and the HTTP API take the same defaults and the same ranges from here, so the same
question asked of either gets the same answer (`--json` equals the HTTP body).
"""

from __future__ import annotations

from graph.errors import BadArgument

# Items in one list of a query result (the query catalogue's bound; views draw up to this).
MAX_LIMIT = 1000
# Items in one page asked for by a person or a client (CLI and HTTP API): small pages.
MAX_PAGE = 100
# Items skipped by an HTTP `offset`.
MAX_OFFSET = 10_000
# Items per group or section of a profile, and their skip.
MAX_PROFILE_CAP = 200
MAX_PROFILE_OFFSET = 100_000
DEFAULT_PROFILE_CAP = 20
# Relationships that make an entity a hub, whose profile's first page is kept per revision.
HUB_DEGREE = 2 * DEFAULT_PROFILE_CAP

# Paths between two entities: relationships in one path, how many paths.
MAX_PATH_HOPS = 8
DEFAULT_PATH_HOPS = 6
MAX_PATHS = 20
DEFAULT_PATHS = 3

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

# Analytics: the longest ranking returned.
DEFAULT_TOP = 10
MAX_TOP = 100
COMMUNITY_MEMBERS = 10  # members listed per community (its size counts them all)

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
