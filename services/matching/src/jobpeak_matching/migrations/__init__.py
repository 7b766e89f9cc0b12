"""Matching's Alembic versions (the environment and the outbox/inbox branch are the runtime's)."""
