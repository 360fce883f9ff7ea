"""The one way scenekg talks to a graph: the official neo4j driver over Bolt.

`open_store` builds the driver for either a configured Neo4j (NEO4J_URI) or the embedded
server, which it starts on demand. Reads go out with routing READ so a cluster spreads
them; writes run in explicit transactions so a batch is all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from graph import cypher, driver_errors, embedded
from graph.dialect import Dialect
from graph.driver_errors import OPAQUE_FAILURES
from graph.errors import ConfigError, DiskFullError, QueryError, StoreError
from graph.follow import Drivers, Follower
from graph.reader_group import READER_USERNAME
from graph.settings import Settings, get_settings

Record = dict[str, Any]
_PING = cypher.load(__file__, "ping")


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
    """A driver bound to one database; create with `open_store`, close when done. `reader`, when
    given, logs in as an account that may only read: `rolled_back` runs on it."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        description: str,
        reader: neo4j.Driver | None = None,
        follow: Follower | None = None,
        lock_dir: Path | None = None,
    ) -> None:
        self._bolt = driver
        self._reader_bolt = reader
        self._follow = follow
        self.database = database
        self.description = description
        self.lock_dir = lock_dir  # where loads take their lock (`graph.loads`); None: no lock

    @property
    def kind(self) -> str:
        """What the database is ("embedded ArcadeDB", "Neo4j"), without its address or folder:
        what an unauthenticated caller may be told."""
        return self.description.split(" at ", 1)[0]

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

    def _follow_server(self) -> None:
        """Rebuild both drivers if the embedded server moved since the last query (`graph.follow`);
        a Neo4j address never moves, so there is nothing to follow."""
        if self._follow is None:
            return
        fresh = self._follow()
        if fresh is not None:
            old = (self._bolt, self._reader_bolt)
            self._bolt, self._reader_bolt = fresh
            self.description = self._follow.description()
            for driver in old:
                if driver is not None:
                    driver.close()

    @property
    def _driver(self) -> neo4j.Driver:
        self._follow_server()
        return self._bolt

    @property
    def _reader(self) -> neo4j.Driver | None:
        self._follow_server()
        return self._reader_bolt

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._bolt.close()
        if self._reader_bolt is not None:
            self._reader_bolt.close()

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
        """A READ transaction of the read-only account, rolled back whatever ran in it (see
        `graph.readonly`). It waits for the bookmarks of this store's writes, so on a cluster it
        sees the latest load."""
        reader = self._reader
        if reader is None:
            raise ConfigError(
                "no read-only database account is configured: set NEO4J_READER_USERNAME and "
                "NEO4J_READER_PASSWORD (docs/neo4j.md)"
            )
        with (
            self._mapped(),
            reader.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                bookmark_manager=self._driver.execute_query_bookmark_manager,
            ) as session,
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
            self.read(_PING)
        except StoreError:
            return False
        return True


def open_store(settings: Settings | None = None) -> GraphStore:
    """Connect to NEO4J_URI, or start (if needed) and connect to the embedded server."""
    settings = settings or get_settings()
    follower: Follower | None = None
    reader_auth: tuple[str, str] | None = None
    if settings.embedded:
        state = embedded.ensure_running(settings)
        uri, database = state.uri, state.database
        auth = (embedded.USERNAME, embedded.read_password(settings))
        reader_auth = (READER_USERNAME, embedded.read_reader_password(settings))
        follower = Follower(settings, uri, lambda new_uri: _drivers(new_uri, auth, reader_auth))
        description = follower.description()
    else:
        assert settings.neo4j_uri is not None
        if settings.neo4j_password is None:
            raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        uri, database = settings.neo4j_uri, settings.neo4j_database
        auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
        reader_auth = _neo4j_reader(settings)
        description = f"Neo4j at {uri}, database {database}"
    driver, reader = _drivers(uri, auth, reader_auth)
    return GraphStore(driver, database, description, reader, follower, lock_dir=settings.data_dir)


def _drivers(uri: str, auth: tuple[str, str], reader_auth: tuple[str, str] | None) -> Drivers:
    """The driver and, with a read-only account, the reader's driver for `uri`."""
    with mapped_errors():
        # Fail in seconds, not the driver's default 30 s of retries, when no server answers.
        options: dict[str, Any] = {"max_transaction_retry_time": 5.0, "connection_timeout": 10.0}
        driver = GraphDatabase.driver(uri, auth=auth, **options)
        reader = GraphDatabase.driver(uri, auth=reader_auth, **options) if reader_auth else None
    return driver, reader


def _neo4j_reader(settings: Settings) -> tuple[str, str] | None:
    """The read-only account for Neo4j, both halves or neither."""
    name, password = settings.neo4j_reader_username, settings.neo4j_reader_password
    if name is None and password is None:
        return None
    if name is None or password is None:
        raise ConfigError("set both NEO4J_READER_USERNAME and NEO4J_READER_PASSWORD, or neither")
    return (name, password.get_secret_value())
