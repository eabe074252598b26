"""issued reports: observaciones per row of a session's follow-up report, and its issued versions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import workflow.models.base

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_observations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", workflow.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_by_id", sa.Integer(), nullable=True),
        sa.Column("written_by_label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_report_observations_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_id"], ["users.id"], name=op.f("fk_report_observations_written_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_observations")),
        sa.UniqueConstraint(
            "meeting_id", "item_key", name=op.f("uq_report_observations_meeting_id_item_key")
        ),
    )
    with op.batch_alter_table("report_observations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_observations_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "issued_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("organ_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("cut_off", sa.Date(), nullable=False),
        sa.Column("issued_at", workflow.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_by_label", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("xlsx", sa.LargeBinary(), nullable=False),
        sa.Column("data_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("xlsx_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_variant", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_issued_reports_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["organ_id"], ["organs.id"], name=op.f("fk_issued_reports_organ_id_organs")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_issued_reports_issued_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_reports")),
        sa.UniqueConstraint(
            "organ_id", "year", "number", name=op.f("uq_issued_reports_organ_id_year_number")
        ),
    )
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_reports_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_reports_meeting_id"))
    op.drop_table("issued_reports")
    with op.batch_alter_table("report_observations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_observations_meeting_id"))
    op.drop_table("report_observations")
