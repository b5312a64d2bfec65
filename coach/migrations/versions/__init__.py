"""Alembic revisions of the review history, oldest first (0001 is the schema before Alembic)."""
