"""Alembic environment shared by every service.

It never opens a connection itself: :func:`jobpeak_runtime.migrate.run_migrations` hands it one in
``config.attributes["connection"]``, so migrations run inside the caller's event loop (tests and a
service's start-up alike).
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "run migrations through jobpeak_runtime.migrate (run_migrations or the "
        "'python -m jobpeak_runtime.migrate' command), which provides the connection"
    )

context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("target_metadata"),
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
