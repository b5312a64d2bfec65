"""The history schema as it was before Alembic (SQLite ``PRAGMA user_version=1``).

A database made by that code has these tables already and is stamped at this revision instead of
running it, so every saved review is kept.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create reviews, messages and findings with their indexes."""
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("saved_at", sa.Text, nullable=False),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("messages", sa.Integer, nullable=False),
        sa.Column("analysed", sa.Integer, nullable=False),
        sa.Column("skipped", sa.Integer, nullable=False),
        sa.Column("bodies", sa.Integer, nullable=False),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sender", sa.Text),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("period", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.Text, nullable=False),
        sa.Column("tone", sa.Float),
        sa.Column("scores", sa.Text),
        sa.Column("warnings", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("body", sa.Text),
    )
    op.create_index("messages_review", "messages", ["review_id"])
    op.create_index("messages_period", "messages", ["period"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_id", sa.Integer, sa.ForeignKey("messages.id", ondelete="CASCADE"), nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("suggestion", sa.Text),
    )
    op.create_index("findings_message", "findings", ["message_id"])


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("findings")
    op.drop_table("messages")
    op.drop_table("reviews")
