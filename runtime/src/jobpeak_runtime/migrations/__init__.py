"""The runtime's Alembic environment and its own version branch (``jobpeak_runtime``)."""
