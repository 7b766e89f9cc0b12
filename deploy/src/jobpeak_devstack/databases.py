"""Administrative SQL on the cluster (create and drop databases) for fixtures and tools."""

from __future__ import annotations

import asyncpg


def asyncpg_dsn(sqlalchemy_url: str) -> str:
    """The plain libpq URL asyncpg takes, from a SQLAlchemy ``postgresql+asyncpg://`` URL."""
    return sqlalchemy_url.replace("postgresql+asyncpg://", "postgresql://", 1)


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


async def execute_admin(admin_url: str, *statements: str) -> None:
    """Run ``statements`` one by one on one connection (CREATE DATABASE refuses transactions)."""
    connection = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()
