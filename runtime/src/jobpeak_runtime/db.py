"""Database wiring: the engine, the session factory and the runtime's own tables.

The runtime's tables (outbox, inbox and the relay's lease) live in :data:`runtime_metadata`,
apart from any service's models, and are created by the runtime's own Alembic branch (see
:mod:`jobpeak_runtime.migrations`).
"""

from __future__ import annotations

from dataclasses import dataclass

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

from jobpeak_runtime.pool_ping import ping_connections_idle_for

OUTBOX_CHANNEL = "jobpeak_outbox"
"""PostgreSQL NOTIFY channel raised by every commit that adds outbox rows."""

runtime_metadata = MetaData()

REFERRING_FOREIGN_KEY_NAME = "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"


def service_metadata(*, foreign_key_name: str = REFERRING_FOREIGN_KEY_NAME) -> MetaData:
    """The ``MetaData`` of a service's tables, with the platform's constraint naming convention.

    Named constraints keep Alembic migrations reproducible; ``foreign_key_name`` lets a service
    whose migrations already created foreign keys under another pattern keep those names.
    """
    return MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": foreign_key_name,
            "pk": "pk_%(table_name)s",
        }
    )


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

relay_lease_table = Table(
    "runtime_relay_lease",
    runtime_metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", Text, nullable=False, comment="host:pid:nonce of the relay holding it."),
    Column(
        "epoch", BigInteger, nullable=False, comment="Raised at every change of holder (fencing)."
    ),
    Column(
        "expires_at",
        DateTime(timezone=True),
        nullable=False,
        comment="The database clock's time after which another relay may take the lease.",
    ),
)


@dataclass(frozen=True)
class SessionLimits:
    """Bounds on every database session, so one stuck instance cannot stall the others.

    ``statement_timeout`` and ``lock_timeout`` bound how long a request waits; an instance that
    freezes inside a transaction loses it (and its locks) after
    ``idle_in_transaction_session_timeout``; TCP keepalives let the server drop a connection
    whose client vanished. ``0`` disables a timeout.
    """

    statement_timeout_seconds: float = 30.0
    lock_timeout_seconds: float = 5.0
    idle_in_transaction_timeout_seconds: float = 60.0
    keepalive_idle_seconds: int = 30
    connect_timeout_seconds: float = 10.0

    def server_settings(self) -> dict[str, str]:
        """The PostgreSQL settings each connection starts with."""
        return {
            "statement_timeout": _milliseconds(self.statement_timeout_seconds),
            "lock_timeout": _milliseconds(self.lock_timeout_seconds),
            "idle_in_transaction_session_timeout": _milliseconds(
                self.idle_in_transaction_timeout_seconds
            ),
            "tcp_keepalives_idle": str(self.keepalive_idle_seconds),
            "tcp_keepalives_interval": str(max(1, self.keepalive_idle_seconds // 3)),
            "tcp_keepalives_count": "3",
        }


def _milliseconds(seconds: float) -> str:
    return str(round(seconds * 1000))


def create_engine(
    database_url: str,
    *,
    pool_size: int = 10,
    echo: bool = False,
    limits: SessionLimits | None = None,
    ping_after_idle_seconds: float = 5.0,
) -> AsyncEngine:
    """An asyncpg engine whose every connection carries ``limits``; creating it does not connect.

    A pooled connection is pinged before use only after ``ping_after_idle_seconds`` idle (see
    :mod:`jobpeak_runtime.pool_ping`).
    """
    limits = limits or SessionLimits()
    engine = create_async_engine(
        database_url,
        pool_size=pool_size,
        echo=echo,
        connect_args={
            "server_settings": limits.server_settings(),
            "timeout": limits.connect_timeout_seconds,
        },
    )
    ping_connections_idle_for(engine, idle_seconds=ping_after_idle_seconds)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


def asyncpg_dsn(database_url: str) -> str:
    """The plain ``postgresql://`` DSN asyncpg accepts for a SQLAlchemy asyncpg URL."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"
"""The one spelling of a named, transaction-scoped lock (``$1`` is the name)."""


async def lock_until_commit(session: AsyncSession, name: str) -> None:
    """Take the transaction-scoped PostgreSQL advisory lock named ``name`` (hashed to 64 bits);
    it is released when the transaction ends. The wait is bounded by the session's
    ``lock_timeout``, which the edge answers with 503 + Retry-After. Prefix ``name`` with what it
    serialises (``"billing-checkout/…"``) so unrelated locks of one database never share a key.

    Sent on the session's Core connection as plain driver SQL: the lock is on the hot path of
    attempt starts and checkouts, where the ORM's per-statement work cost as much as the lock
    (issue 19); as a transaction's first statement it still begins the transaction."""
    connection = await session.connection()
    await connection.exec_driver_sql(ADVISORY_LOCK, (name,))
