"""Billing's own tables and the reads and writes of them inside a unit of work."""
