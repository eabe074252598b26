"""outbox: claim tokens, the kind of the last failure, and automatic requeues

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 19:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERMANENT = (
    "Dirección de correo no válida%",
    "El servidor rechazó%",
    "La entrega de Teams no tiene tarjeta%",
    "El webhook de Teams ya no existe%",
    "Teams rechazó el mensaje%",
)


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failure", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("requeues", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.alter_column("requeues", server_default=None)
    # Rows that failed before this revision: those the old channels gave up on at once stay
    # permanent; the others ran out of attempts while a channel was unreachable.
    deliveries = sa.table(
        "deliveries",
        sa.column("status", sa.String),
        sa.column("last_error", sa.Text),
        sa.column("failure", sa.String),
    )
    permanent = sa.or_(*(deliveries.c.last_error.like(p) for p in PERMANENT))
    failed = deliveries.c.status == "failed"
    op.execute(deliveries.update().where(failed, permanent).values(failure="permanent"))
    op.execute(
        deliveries.update()
        .where(failed, deliveries.c.failure.is_(None))
        .values(failure="transient")
    )


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_column("claim_token")
        batch_op.drop_column("requeues")
        batch_op.drop_column("failure")
