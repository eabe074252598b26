"""edges: simulated check runs, and one live calendar feed per person

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 19:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("revoked_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("check_runs") as batch:
        batch.add_column(
            sa.Column("simulated", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Rows from before this revision that were run as of a future day were simulations.
    op.execute(
        sa.text("UPDATE check_runs SET simulated = :yes WHERE day > CURRENT_DATE").bindparams(
            yes=True
        )
    )
    # Keep the newest live feed of each person; earlier live ones are revoked now.
    op.execute(
        "UPDATE calendar_feeds SET revoked_at = created_at WHERE revoked_at IS NULL AND id < "
        "(SELECT MAX(f.id) FROM calendar_feeds f "
        "WHERE f.user_id = calendar_feeds.user_id AND f.revoked_at IS NULL)"
    )
    op.create_index(
        "uq_calendar_feeds_live_user",
        "calendar_feeds",
        ["user_id"],
        unique=True,
        postgresql_where=LIVE,
        sqlite_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_calendar_feeds_live_user", table_name="calendar_feeds")
    with op.batch_alter_table("check_runs") as batch:
        batch.drop_column("simulated")
