"""The one way scenekg talks to a graph: the official neo4j driver over Bolt.

`open_store` builds the driver for either a configured Neo4j (NEO4J_URI) or the embedded
server, which it starts on demand. Reads go out with routing READ so a cluster spreads
them; writes run in explicit transactions so a batch is all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from graph import driver_errors, embedded
from graph.dialect import Dialect
from graph.driver_errors import OPAQUE_FAILURES
from graph.errors import ConfigError, DiskFullError, QueryError, StoreError
from graph.follow import Follower
from graph.settings import Settings, get_settings

Record = dict[str, Any]


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Turn driver exceptions into scenekg's own through `graph.driver_errors`' table, keeping
    the cause."""
    try:
        yield
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as exc:
        raise driver_errors.translate(exc) from exc


class Transaction:
    """An explicit write transaction that also tallies what its statements changed."""

    def __init__(self, tx: neo4j.Transaction) -> None:
        self._tx = tx
        self.counters: dict[str, int] = {}

    def run(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        with mapped_errors():
            result = self._tx.run(query, dict(parameters or {}))
            records = [record.data() for record in result]
            summary = result.consume()
        for key, value in vars(summary.counters).items():
            if isinstance(value, int) and not isinstance(value, bool) and value:
                self.counters[key.lstrip("_")] = self.counters.get(key.lstrip("_"), 0) + value
        return records


class GraphStore:
    """A driver bound to one database; create with `open_store`, close when done."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        description: str,
        follow: Follower | None = None,
    ) -> None:
        self._bolt = driver
        self._follow = follow
        self.database = database
        self.description = description

    @contextmanager
    def _mapped(self) -> Iterator[None]:
        """`mapped_errors`; and a write the embedded server failed without saying why, while its
        disk is nearly full or its log says so, is reported as a full disk."""
        try:
            with mapped_errors():
                yield
        except QueryError as exc:
            opaque = any(words in str(exc) for words in OPAQUE_FAILURES)
            cause = self._follow.disk_full() if self._follow is not None and opaque else None
            if cause is None:
                raise
            raise DiskFullError(f"{cause}; nothing of this transaction was kept") from exc

    @property
    def _driver(self) -> neo4j.Driver:
        """The driver, first rebuilt if the embedded server moved since the last query
        (`graph.follow`); a Neo4j address never moves, so there is nothing to follow."""
        if self._follow is not None:
            fresh = self._follow()
            if fresh is not None:
                old, self._bolt = self._bolt, fresh
                old.close()
        return self._bolt

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._bolt.close()

    @cached_property
    def dialect(self) -> Dialect:
        with self._mapped():
            return Dialect.from_agent(self._driver.get_server_info().agent)

    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        """Run a read query, routed to a reader in a cluster."""
        with self._mapped():
            result = self._driver.execute_query(
                query, dict(parameters or {}), database_=self.database, routing_=RoutingControl.READ
            )
        return [record.data() for record in result.records]

    def write(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        """Run one write query in its own transaction (for schema and other single statements)."""
        with self._mapped():
            result = self._driver.execute_query(
                query, dict(parameters or {}), database_=self.database, routing_=RoutingControl.WRITE
            )
        return [record.data() for record in result.records]

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """An explicit write transaction: committed when the block ends, rolled back on error."""
        # Share execute_query's bookmarks, so a read right after this write sees it on a cluster.
        bookmarks = self._driver.execute_query_bookmark_manager
        with (
            self._mapped(),
            self._driver.session(database=self.database, bookmark_manager=bookmarks) as session,
        ):
            tx = session.begin_transaction()
            try:
                yield Transaction(tx)
            except BaseException:
                tx.rollback()
                raise
            tx.commit()

    @contextmanager
    def rolled_back(self, timeout: float | None = None) -> Iterator[neo4j.Transaction]:
        """A READ transaction that is rolled back whatever ran in it: the guarantee a read-only
        endpoint stands on, since the embedded server does not enforce READ access mode."""
        with (
            self._mapped(),
            self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            tx = session.begin_transaction(timeout=timeout)
            try:
                yield tx
            finally:
                tx.rollback()

    def read_once(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        """A read without the driver's retries (which last up to 5 s against a server that is
        gone): for probes that must answer within a second."""
        with (
            self._mapped(),
            self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session,
        ):
            return [record.data() for record in session.run(query, dict(parameters or {}))]

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            self.read("RETURN 1 AS ok")
        except StoreError:
            return False
        return True


def open_store(settings: Settings | None = None) -> GraphStore:
    """Connect to NEO4J_URI, or start (if needed) and connect to the embedded server."""
    settings = settings or get_settings()
    follower: Follower | None = None
    if settings.embedded:
        state = embedded.ensure_running(settings)
        uri, database = state.uri, state.database
        auth = (embedded.USERNAME, embedded.read_password(settings))
        description = f"embedded ArcadeDB (data in {settings.data_dir})"
        follower = Follower(settings, uri, lambda new_uri: _driver(new_uri, auth))
    else:
        assert settings.neo4j_uri is not None
        if settings.neo4j_password is None:
            raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        uri, database = settings.neo4j_uri, settings.neo4j_database
        auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
        description = f"Neo4j at {uri}, database {database}"
    return GraphStore(_driver(uri, auth), database, description, follower)


def _driver(uri: str, auth: tuple[str, str]) -> neo4j.Driver:
    with mapped_errors():
        # Fail in seconds, not the driver's default 30 s of retries, when no server answers.
        return GraphDatabase.driver(uri, auth=auth, max_transaction_retry_time=5.0, connection_timeout=10.0)
