"""The review history's tables as SQLAlchemy Core metadata: the schema the latest migration leaves.

The migrations in ``coach/migrations/versions`` build this schema step by step; a test checks that a
database they upgrade has exactly these tables and columns.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text

metadata = MetaData()

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("saved_at", Text, nullable=False),
    Column("audience", Text, nullable=False),
    Column("messages", Integer, nullable=False),
    Column("analysed", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("bodies", Integer, nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("sender", Text),
    Column("author", Text, nullable=False),
    Column("subject", Text),
    Column("date", Text),
    Column("period", Text, nullable=False),  # the message's date, else the day the review was saved
    Column("fingerprint", Text, nullable=False),  # the same mail saved in two reviews counts once in compare()
    Column("tone", Float),
    Column("scores", Text),
    Column("warnings", Text, nullable=False),
    Column("error", Text),
    Column("body", Text),  # NULL unless saved with store_bodies=True
    Index("messages_review", "review_id"),
    Index("messages_period", "period"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message_id", Integer, ForeignKey("messages.id", ondelete="CASCADE"), nullable=False),
    Column("category", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("suggestion", Text),
    Column("note", Text),  # revision 0002: the rule's why, as on a fresh report
    Column("replacement", Text),  # revision 0002: the ready-made fix ('' deletes, NULL: none)
    Index("findings_message", "message_id"),
)
