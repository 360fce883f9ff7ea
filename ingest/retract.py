"""`scenekg retract SOURCE`: take a source back out of the graph.

A retraction is a load of nothing that restates the source in full (`GraphBatch.synced`), so
the plan of `ingest.plan` does the work: every node and relationship only this source supports
is removed (the Source node too), and facts that other sources also state lose only its
citations. Loading the same files again afterwards restores what was there.
"""

from __future__ import annotations

from graph.errors import NotFound
from graph.schema import Label, label_of
from graph.store import GraphStore
from ingest.batch import GraphBatch
from ingest.writer import LoadSummary, Progress, existing_ids, write


def source_id(ref: str) -> str:
    """`source:004` as given, or `004` with the prefix added."""
    return ref if label_of(ref) is Label.SOURCE else f"source:{ref}"


def retract(
    store: GraphStore, ref: str, batch_size: int, progress: Progress | None = None, dry_run: bool = False
) -> LoadSummary:
    """Remove what only source `ref` supports and its citations from the rest (see module)."""
    ident = source_id(ref)
    if ident not in existing_ids(store, [ident]):
        raise NotFound(ident)
    return write(store, GraphBatch(synced={ident}), batch_size, progress, dry_run)
