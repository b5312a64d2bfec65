"""Keep each finding's note and ready-made replacement, so a reopened review offers the same fixes.

Findings saved before this revision have neither (NULL): they load with note "" and no replacement,
as they did before.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add findings.note and findings.replacement (nullable: '' is a replacement that deletes)."""
    op.add_column("findings", sa.Column("note", sa.Text))
    op.add_column("findings", sa.Column("replacement", sa.Text))


def downgrade() -> None:
    """Drop the two columns (SQLite rebuilds the table in batch mode)."""
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("replacement")
        batch.drop_column("note")
