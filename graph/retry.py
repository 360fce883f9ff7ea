"""A bounded retry for work that can be redone whole, such as a load.

Errors whose class says `retryable` (a concurrent write on the same records, a server with
no free slot, a server that moved or restarted) are worth one more try after a short,
growing, randomised pause; anything else, and the last failure, goes to the caller as is.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from graph.errors import StoreError

T = TypeVar("T")
ATTEMPTS = 5


def with_retries(work: Callable[[], T], attempts: int = ATTEMPTS, first_pause: float = 0.2) -> T:
    """Run `work` until it succeeds, at most `attempts` times, pausing between tries."""
    for attempt in range(1, attempts):
        try:
            return work()
        except StoreError as exc:
            if not exc.retryable:
                raise
            # Randomised so two loads that collided do not collide again in step.
            time.sleep(first_pause * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    return work()
