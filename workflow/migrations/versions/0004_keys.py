"""keys: one counter per key scope, so concurrent creates never pick the same key

The counters start lazily from the keys a scope already has (see `workflow.engine.keys`), so a
database migrated with data keeps numbering after its last key.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 19:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "key_counters",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_key_counters")),
    )


def downgrade() -> None:
    op.drop_table("key_counters")
