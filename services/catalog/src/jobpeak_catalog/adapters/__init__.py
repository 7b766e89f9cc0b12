"""The catalog's own database: tables, and repositories that map them to the domain."""
