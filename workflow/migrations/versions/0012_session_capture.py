"""session capture: a meeting's edit version, the minutes' text and file, an acuerdo's agenda item

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.alter_column("version", server_default=None)
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("file_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_minutes_file_id_evidence_files"), "evidence_files", ["file_id"], ["id"]
        )
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agenda_item_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_agreements_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_agreements_agenda_item_id_agenda_items"),
            "agenda_items",
            ["agenda_item_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("agreements", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_agreements_agenda_item_id_agenda_items"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_agreements_agenda_item_id"))
        batch_op.drop_column("agenda_item_id")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_minutes_file_id_evidence_files"), type_="foreignkey")
        batch_op.drop_column("file_id")
        batch_op.drop_column("text")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("version")
