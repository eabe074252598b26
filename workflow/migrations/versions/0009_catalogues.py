"""catalogues: an organ's standing agenda items

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 22:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("standing_items", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("organs", schema=None) as batch_op:
        batch_op.alter_column("standing_items", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("organs", schema=None) as batch_op:
        batch_op.drop_column("standing_items")
