"""Billing's use cases: each opens (or is handed) a unit of work and commits through it."""
