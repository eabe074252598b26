"""reports: numbered convenio progress reports and private calendar feeds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import workflow.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "convenio_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convenio_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("cut_off", sa.Date(), nullable=False),
        sa.Column("issued_at", workflow.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_by_label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["convenio_id"],
            ["convenios.id"],
            name=op.f("fk_convenio_reports_convenio_id_convenios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_convenio_reports_issued_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convenio_reports")),
        sa.UniqueConstraint(
            "convenio_id", "number", name=op.f("uq_convenio_reports_convenio_id_number")
        ),
    )
    with op.batch_alter_table("convenio_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_convenio_reports_convenio_id"), ["convenio_id"], unique=False
        )

    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", workflow.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", workflow.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("digest", name=op.f("uq_calendar_feeds_digest")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feeds_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_user_id"))
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("convenio_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_convenio_reports_convenio_id"))
    op.drop_table("convenio_reports")
