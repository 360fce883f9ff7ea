"""Typed settings, read from the environment once per call of `get_settings`.

Without NEO4J_URI scenekg runs its own embedded ArcadeDB server under `data_dir`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ConfigError
from graph.resources import data_path

# The folder holding the packages: the checkout, or site-packages once installed. Only tests,
# benchmarks and the embedded server's PYTHONPATH use it; bundled data is `data_path(...)`.
REPO_ROOT = Path(__file__).resolve().parent.parent


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "scenekg"


# About 100k rows per transaction fit the embedded server's default 1 GB heap with room to spare
# (a transaction of 1.6M rows ran out of it, one of 400k did not).
DEFAULT_COMMIT_ROWS = 100_000

# Flags the embedded server's JVM starts with, beside its heap. Serial GC because a load is one
# writer on a small heap: G1 (the JVM's default) takes every page of its 1 GB cap during an L load
# (97k nodes / 299k relationships; peak server RSS 1,123 MB), while the serial collector ran the
# same load in 870-1,028 MB. The free ratios keep a full collection from widening the heap to 40%
# free above what it kept (the default): at L one kept 301 MB and widened the heap to 729 MB. With
# them a full collection leaves 10-20% free, and graph.heap_governor decides when one runs.
EMBEDDED_JVM_FLAGS = ("-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20")


class Settings(BaseSettings):
    """Everything scenekg reads from the environment."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    neo4j_uri: str | None = Field(default=None, alias="NEO4J_URI")
    neo4j_username: str = Field(default="neo4j", alias="NEO4J_USERNAME")
    neo4j_password: SecretStr | None = Field(default=None, alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")
    # The account POST /cypher logs in as: a user whose role may only read (docs/neo4j.md).
    neo4j_reader_username: str | None = Field(default=None, alias="NEO4J_READER_USERNAME")
    neo4j_reader_password: SecretStr | None = Field(default=None, alias="NEO4J_READER_PASSWORD")

    data_dir: Path = Field(default_factory=_default_data_dir, alias="SCENEKG_DATA_DIR")
    dataset_dir: Path = Field(default_factory=lambda: data_path("curated"), alias="SCENEKG_DATASET_DIR")
    embedded_database: str = Field(default="scenekg", alias="SCENEKG_EMBEDDED_DATABASE")
    embedded_heap: str = Field(default="1g", alias="SCENEKG_EMBEDDED_HEAP")
    embedded_bolt_port: int = Field(default=0, ge=0, le=65535, alias="SCENEKG_BOLT_PORT")
    embedded_start_timeout: float = Field(default=120.0, gt=0, alias="SCENEKG_START_TIMEOUT")
    batch_size: int = Field(default=5000, ge=1, alias="SCENEKG_BATCH_SIZE")
    # Changes a load commits in one transaction at most; a larger load commits in parts.
    commit_rows: int = Field(default=DEFAULT_COMMIT_ROWS, ge=1, alias="SCENEKG_COMMIT_ROWS")
    # The embedded server stops any one statement after this long (`arcadedb.command.timeout`),
    # so a runaway query cannot hold one of its few query slots for minutes.
    query_timeout: float = Field(default=30.0, gt=0, le=3600, alias="SCENEKG_QUERY_TIMEOUT")

    @field_validator("neo4j_uri")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if not value:
            return None
        schemes = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
        if not value.startswith(schemes):
            raise ValueError(f"NEO4J_URI must start with one of {', '.join(schemes)}")
        return value

    @property
    def embedded(self) -> bool:
        """True when scenekg must run its own server (no NEO4J_URI given)."""
        return self.neo4j_uri is None

    @property
    def server_dir(self) -> Path:
        return self.data_dir / "server"


AnySettings = TypeVar("AnySettings", bound=BaseSettings)


def from_environment(cls: type[AnySettings]) -> AnySettings:
    """Read `cls` from the environment now; a bad value is a one-line ConfigError, not a trace."""
    try:
        return cls()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"bad settings in the environment: {problems}") from None


def get_settings() -> Settings:
    """Read settings now; nothing is cached so tests and CLI see the current environment."""
    return from_environment(Settings)
