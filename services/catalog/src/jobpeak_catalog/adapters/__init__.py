"""What the catalog touches outside itself: its PostgreSQL tables and repositories (the unit of
work that owns them), and the versioned seed files (``seed/``) with their reader."""
