"""The embedded server's soft cap on its old generation: when it asks for a full collection."""

from __future__ import annotations

from graph.heap_governor import GROWTH, should_collect

MB = 2**20
CAP = 400 * MB


def test_an_old_generation_under_its_soft_cap_is_left_alone() -> None:
    assert not should_collect(used=CAP, kept=10 * MB, soft_cap=CAP)
    assert not should_collect(used=CAP - 1, kept=0, soft_cap=CAP)


def test_an_old_generation_over_its_soft_cap_and_mostly_garbage_is_collected() -> None:
    assert should_collect(used=CAP + 1, kept=0, soft_cap=CAP)  # before the first full collection
    assert should_collect(used=CAP + 1, kept=200 * MB, soft_cap=CAP)


def test_a_live_set_above_the_soft_cap_is_not_collected_in_a_loop() -> None:
    kept = 500 * MB  # what the last full collection could not free: an XL load's transaction
    assert not should_collect(used=int(GROWTH * kept), kept=kept, soft_cap=CAP)
    assert should_collect(used=int(GROWTH * kept) + 1, kept=kept, soft_cap=CAP)
