"""The few ways the embedded ArcadeDB server and Neo4j 5 differ, named in one place.

All Cypher in scenekg is written to run on both; what cannot be written portably is
decided here from the server's agent string, so callers ask a question, not a vendor.
Measured differences (see docs/model.md and the shared notes):
- ArcadeDB does not enforce READ access mode: a write inside a read transaction succeeds, so
  the read-only Cypher endpoint runs as an account that may only read and rolls back on both
  servers (`graph.readonly`).
- ArcadeDB ignores a per-transaction timeout passed by the driver.
- ArcadeDB drops rows when `shortestPath` is filtered with WHERE on its relationships;
  queries name the allowed types in the pattern instead, which both servers accept.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str
    agent: str
    honours_transaction_timeout: bool

    @classmethod
    def from_agent(cls, agent: str) -> Dialect:
        if "arcadedb" in agent.lower():
            return cls("arcadedb", agent, honours_transaction_timeout=False)
        return cls("neo4j", agent, honours_transaction_timeout=True)
