"""Adapters: the SQL tables, repositories and unit of work, and the catalog topics' replay."""
