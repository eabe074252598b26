"""agreement_links: the convenios and activities an acuerdo concerns

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agreement_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("convenio_id", sa.Integer(), nullable=True),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(convenio_id IS NULL) <> (activity_id IS NULL)",
            name=op.f("ck_agreement_links_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_agreement_links_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["convenio_id"],
            ["convenios.id"],
            name=op.f("fk_agreement_links_convenio_id_convenios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_agreement_links_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_agreement_links_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_links")),
        sa.UniqueConstraint(
            "agreement_id", "convenio_id", name=op.f("uq_agreement_links_agreement_id_convenio_id")
        ),
        sa.UniqueConstraint(
            "agreement_id", "activity_id", name=op.f("uq_agreement_links_agreement_id_activity_id")
        ),
    )
    with op.batch_alter_table("agreement_links", schema=None) as batch_op:
        for column in ("agreement_id", "convenio_id", "activity_id"):
            batch_op.create_index(
                batch_op.f(f"ix_agreement_links_{column}"), [column], unique=False
            )


def downgrade() -> None:
    with op.batch_alter_table("agreement_links", schema=None) as batch_op:
        for column in ("activity_id", "convenio_id", "agreement_id"):
            batch_op.drop_index(batch_op.f(f"ix_agreement_links_{column}"))
    op.drop_table("agreement_links")
