"""Database wiring: the engine, the session factory and the runtime's own tables.

The runtime's tables (outbox and inbox) live in :data:`runtime_metadata`, apart from any
service's models, and are created by the runtime's own Alembic branch (see
:mod:`jobpeak_runtime.migrations`).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

OUTBOX_CHANNEL = "jobpeak_outbox"
"""PostgreSQL NOTIFY channel raised by every commit that adds outbox rows."""

runtime_metadata = MetaData()

outbox_table = Table(
    "runtime_outbox",
    runtime_metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("topic", Text, nullable=False, comment="Broker-side topic name, prefix applied."),
    Column("key", LargeBinary, nullable=True),
    Column(
        "headers",
        JSONB,
        nullable=False,
        comment="Record headers as [[name, base64 value], ...] in their original order.",
    ),
    Column("value", LargeBinary, nullable=True),
    Column("event_id", Text, nullable=True, comment="ce_id of the record, for operators."),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Index("ix_runtime_outbox_pending", "id", postgresql_where=text("published_at IS NULL")),
    Index("ix_runtime_outbox_published_at", "published_at"),
)

inbox_table = Table(
    "runtime_inbox",
    runtime_metadata,
    Column("consumer", String(200), primary_key=True),
    Column("event_id", Text, primary_key=True),
    Column(
        "outcome",
        String(20),
        nullable=False,
        comment="'handled' or 'dead_lettered' (a replay may turn the latter into the former).",
    ),
    Column("topic", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def create_engine(database_url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """An asyncpg engine; creating it does not connect."""
    return create_async_engine(
        database_url,
        pool_size=pool_size,
        pool_pre_ping=True,
        echo=echo,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def asyncpg_dsn(database_url: str) -> str:
    """The plain ``postgresql://`` DSN asyncpg accepts for a SQLAlchemy asyncpg URL."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
