"""A soft cap on the embedded server's old generation, below the heap's hard cap.

With the serial collector the old generation grows by promotion: a young collection that moves a
load's transaction objects into an old generation with no room left widens it (up to the heap's
cap) instead of collecting it, and only a full collection frees what those objects leave behind
once their transaction commits. Full collections came only from JPype, which calls System.gc()
when the process's resident memory has grown by about an eighth since its last high point, so the
peak of an L load wandered with their timing: 803-1,028 MB in six runs on the same data (measured
in docs/benchmarks.md). The JVM's own soft cap (-XX:SoftMaxHeapSize) is honoured only by ZGC and
Shenandoah. So the server asks for a full collection itself once the old generation holds more than
a share of the heap's cap and much more than it kept after its last full collection: the second
condition keeps a live set above the soft cap (an XL load) from collecting in a loop; it then grows
to the hard cap as before.
"""

from __future__ import annotations

import threading
from typing import Any

# The old generation's soft cap as a share of the heap's cap (1 GB heap: 410 MB). The young
# generation is sized at half the old one (NewRatio=2), so the heap stays near 600 MB.
SOFT_SHARE = 0.4
# Collect only while the old generation holds this many times what it kept after the last full
# collection: above that, a live set larger than the soft cap is left to grow.
GROWTH = 1.5
POLL_SECONDS = 0.5


def should_collect(used: int, kept: int, soft_cap: int) -> bool:
    """True when the old generation is over its soft cap and mostly garbage by its own history
    (`kept` is what the last full collection left; 0 before the first one)."""
    return used > soft_cap and used > GROWTH * kept


def _old_generation(management: Any) -> Any:
    """The heap pool collected only by full collections ("Tenured Gen" under the serial
    collector, "G1 Old Gen" or "PS Old Gen" under the others)."""
    for pool in management.getMemoryPoolMXBeans():
        if str(pool.getType()) == "Heap memory" and any(
            word in str(pool.getName()) for word in ("Tenured", "Old")
        ):
            return pool
    return None


def start(stop: threading.Event) -> int:
    """Watch the old generation in a daemon thread until `stop` is set; returns the soft cap in
    bytes (0 when the collector has no old generation to watch)."""
    from jpype import JClass

    management = JClass("java.lang.management.ManagementFactory")
    system = JClass("java.lang.System")
    pool = _old_generation(management)
    if pool is None:
        return 0
    soft_cap = int(SOFT_SHARE * JClass("java.lang.Runtime").getRuntime().maxMemory())

    def watch() -> None:
        while not stop.wait(POLL_SECONDS):
            kept = pool.getCollectionUsage()
            if should_collect(int(pool.getUsage().getUsed()), int(kept.getUsed()) if kept else 0, soft_cap):
                system.gc()

    threading.Thread(target=watch, name="heap-governor", daemon=True).start()
    return soft_cap
