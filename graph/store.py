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

from graph import cypher, embedded
from graph.dialect import Dialect
from graph.errors import ConfigError, QueryError, StoreError, UnavailableError
from graph.reader_group import READER_USERNAME
from graph.settings import Settings, get_settings

Record = dict[str, Any]
_PING = cypher.load(__file__, "ping")


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Turn driver exceptions into scenekg's own, keeping the cause."""
    try:
        yield
    except neo4j_errors.AuthError as exc:
        raise ConfigError(f"the database refused the credentials: {exc.message}") from exc
    except neo4j_errors.ServiceUnavailable as exc:
        raise UnavailableError(f"no database answers: {exc}") from exc
    except neo4j_errors.Neo4jError as exc:
        raise QueryError(exc.message or str(exc)) from exc
    except neo4j_errors.DriverError as exc:
        raise StoreError(str(exc)) from exc


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
        lock_dir: Path | None = None,
    ) -> None:
        self._driver = driver
        self._reader = reader
        self.database = database
        self.description = description
        self.lock_dir = lock_dir  # where loads take their lock (`graph.loads`); None: no lock

    @property
    def kind(self) -> str:
        """What the database is ("embedded ArcadeDB", "Neo4j"), without its address or folder:
        what an unauthenticated caller may be told."""
        return self.description.split(" at ", 1)[0]

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()
        if self._reader is not None:
            self._reader.close()

    @cached_property
    def dialect(self) -> Dialect:
        with mapped_errors():
            return Dialect.from_agent(self._driver.get_server_info().agent)

    def read(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        """Run a read query, routed to a reader in a cluster."""
        with mapped_errors():
            result = self._driver.execute_query(
                query, dict(parameters or {}), database_=self.database, routing_=RoutingControl.READ
            )
        return [record.data() for record in result.records]

    def write(self, query: str, parameters: Mapping[str, Any] | None = None) -> list[Record]:
        """Run one write query in its own transaction (for schema and other single statements)."""
        with mapped_errors():
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
            mapped_errors(),
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
        if self._reader is None:
            raise ConfigError(
                "no read-only database account is configured: set NEO4J_READER_USERNAME and "
                "NEO4J_READER_PASSWORD (docs/neo4j.md)"
            )
        with (
            mapped_errors(),
            self._reader.session(
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
    reader_auth: tuple[str, str] | None = None
    if settings.embedded:
        state = embedded.ensure_running(settings)
        uri, database = state.uri, state.database
        auth = (embedded.USERNAME, embedded.read_password(settings))
        reader_auth = (READER_USERNAME, embedded.read_reader_password(settings))
        description = f"embedded ArcadeDB at {uri} (data in {settings.data_dir})"
    else:
        assert settings.neo4j_uri is not None
        if settings.neo4j_password is None:
            raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not")
        uri, database = settings.neo4j_uri, settings.neo4j_database
        auth = (settings.neo4j_username, settings.neo4j_password.get_secret_value())
        reader_auth = _neo4j_reader(settings)
        description = f"Neo4j at {uri}, database {database}"
    with mapped_errors():
        # Fail in seconds, not the driver's default 30 s of retries, when no server answers.
        options: dict[str, Any] = {"max_transaction_retry_time": 5.0, "connection_timeout": 10.0}
        driver = GraphDatabase.driver(uri, auth=auth, **options)
        reader = GraphDatabase.driver(uri, auth=reader_auth, **options) if reader_auth else None
    return GraphStore(driver, database, description, reader, settings.data_dir)


def _neo4j_reader(settings: Settings) -> tuple[str, str] | None:
    """The read-only account for Neo4j, both halves or neither."""
    name, password = settings.neo4j_reader_username, settings.neo4j_reader_password
    if name is None and password is None:
        return None
    if name is None or password is None:
        raise ConfigError("set both NEO4J_READER_USERNAME and NEO4J_READER_PASSWORD, or neither")
    return (name, password.get_secret_value())
