"""One table from the driver's errors to scenekg's, so every caller sees the same verdict.

A driver error is looked up by its server code first (`Neo.ClientError.…`, exact, then by
prefix), then by words the embedded ArcadeDB puts in its message where it reuses a generic
code, then by the exception's class (nearest in its MRO). The row gives scenekg's error class,
whose `retryable` says whether redoing the same work may succeed, and the words the user sees
before the server's own message. Measured on ArcadeDB 26.10 over Bolt:
- a query past `arcadedb.command.timeout` -> `Neo.ClientError.Transaction.TransactionTimedOut`;
- two writers on the same page -> `Neo.TransientError.Transaction.DeadlockDetected`;
- two loads creating the same new id -> `Neo.ClientError.Schema.ConstraintValidationFailed`
  "Duplicated key …": a race the loader resolves by checking the graph again and redoing;
- a full disk -> `Neo.ClientError.Transaction.TransactionNotFound` "Transaction error on
  commit", or "Error executing Cypher command" when the disk filled during a statement (the
  IOException reaches the server's own log at best, and that log is on the full disk too).
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import exceptions as neo4j_errors

from graph.errors import (
    BusyError,
    ConfigError,
    ConflictError,
    QueryError,
    QueryTimeout,
    SceneKGError,
    StoreError,
    UnavailableError,
)

# What the embedded server says when a write failed inside it for a reason it does not pass on
# (a full disk among them): `GraphStore` then looks at the disk.
OPAQUE_FAILURES = ("Transaction error on commit", "Error executing Cypher command")


@dataclass(frozen=True)
class Rule:
    kind: type[SceneKGError]
    words: str


_BY_CODE: dict[str, Rule] = {
    "Neo.ClientError.Transaction.TransactionTimedOut": Rule(
        QueryTimeout, "the query ran past the server's time limit and was stopped"
    ),
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration": Rule(
        QueryTimeout, "the query ran past its time limit and was stopped"
    ),
    "Neo.ClientError.Security.Unauthorized": Rule(ConfigError, "the database refused the credentials"),
    "Neo.ClientError.Security.AuthenticationRateLimit": Rule(
        ConfigError, "the database refuses logins for a while after repeated wrong passwords"
    ),
    "Neo.ClientError.Cluster.NotALeader": Rule(UnavailableError, "the cluster member is not the leader"),
    "Neo.TransientError.Request.ResourceExhaustion": Rule(BusyError, "the database is busy"),
}
# Longest prefix wins; the whole transient class is worth a retry on any server.
_BY_PREFIX: dict[str, Rule] = {
    "Neo.TransientError.Transaction.": Rule(ConflictError, "a concurrent write touched the same records"),
    "Neo.TransientError.": Rule(BusyError, "the database could not do it just now"),
    "Neo.ClientError.Security.": Rule(ConfigError, "the database refused the account"),
}
_BY_MESSAGE: tuple[tuple[str, Rule], ...] = (
    (
        "Duplicated key",
        Rule(
            ConflictError,
            "a record with this id exists already (another write may have created it at the same time)",
        ),
    ),
    ("QueryAdmission", Rule(BusyError, "every query slot of the database is taken")),
    ("Please retry", Rule(ConflictError, "a concurrent write touched the same records")),
    ("Transaction error on commit", Rule(QueryError, "the database could not commit the transaction")),
)
_BY_CLASS: dict[type[Exception], Rule] = {
    neo4j_errors.AuthError: Rule(ConfigError, "the database refused the credentials"),
    neo4j_errors.ServiceUnavailable: Rule(UnavailableError, "no database answers"),
    neo4j_errors.SessionExpired: Rule(UnavailableError, "the database connection was lost"),
    neo4j_errors.TransientError: Rule(BusyError, "the database could not do it just now"),
    neo4j_errors.Neo4jError: Rule(QueryError, "the database refused the query"),
    neo4j_errors.DriverError: Rule(StoreError, "the database driver failed"),
}


def rule_for(exc: Exception) -> Rule:
    """The table's row for a driver exception."""
    code = getattr(exc, "code", None) or ""
    if code in _BY_CODE:
        return _BY_CODE[code]
    message = getattr(exc, "message", None) or str(exc)
    for words, rule in _BY_MESSAGE:
        if words in message:
            return rule
    for prefix in sorted(_BY_PREFIX, key=len, reverse=True):
        if code.startswith(prefix):
            return _BY_PREFIX[prefix]
    for cls in type(exc).__mro__:
        if cls in _BY_CLASS:
            return _BY_CLASS[cls]
    return Rule(StoreError, "the database driver failed")


def translate(exc: Exception) -> SceneKGError:
    """scenekg's error for a driver exception, its words first and the server's after them."""
    rule = rule_for(exc)
    detail = getattr(exc, "message", None) or str(exc)
    return rule.kind(f"{rule.words}: {detail}" if detail else rule.words)
