"""item_areas: one link table for the responsible areas of agreements and convenios

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = {"agreement": ("agreement_areas", "agreement_id", "agreements"),
       "convenio": ("convenio_areas", "convenio_id", "convenios")}  # fmt: skip
"""Kind -> (old link table, its item column, the item table)."""


def _item_areas() -> sa.TableClause:
    return sa.table(
        "item_areas",
        sa.column("item_kind", sa.String),
        sa.column("item_id", sa.Integer),
        sa.column("area_id", sa.Integer),
        sa.column("position", sa.Integer),
    )


def _old(table: str, item_column: str) -> sa.TableClause:
    return sa.table(
        table,
        sa.column(item_column, sa.Integer),
        sa.column("area_id", sa.Integer),
        sa.column("position", sa.Integer),
    )


def upgrade() -> None:
    op.create_table(
        "item_areas",
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_item_areas_area_id_areas")
        ),
        sa.PrimaryKeyConstraint("item_kind", "item_id", "area_id", name=op.f("pk_item_areas")),
    )
    with op.batch_alter_table("item_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_areas_area_id"), ["area_id"], unique=False)
    links = _item_areas()
    for kind, (table, item_column, _) in OLD.items():
        old = _old(table, item_column)
        op.execute(
            links.insert().from_select(
                ["item_kind", "item_id", "area_id", "position"],
                sa.select(
                    sa.literal(kind, sa.String), old.c[item_column], old.c.area_id, old.c.position
                ),
            )
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_area_id"))
        op.drop_table(table)


def downgrade() -> None:
    links = _item_areas()
    for kind, (table, item_column, items) in OLD.items():
        op.create_table(
            table,
            sa.Column(item_column, sa.Integer(), nullable=False),
            sa.Column("area_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(
                [item_column],
                [f"{items}.id"],
                name=op.f(f"fk_{table}_{item_column}_{items}"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["area_id"], ["areas.id"], name=op.f(f"fk_{table}_area_id_areas")
            ),
            sa.PrimaryKeyConstraint(item_column, "area_id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_area_id"), ["area_id"], unique=False)
        op.execute(
            _old(table, item_column)
            .insert()
            .from_select(
                [item_column, "area_id", "position"],
                sa.select(links.c.item_id, links.c.area_id, links.c.position).where(
                    links.c.item_kind == kind
                ),
            )
        )
    with op.batch_alter_table("item_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_areas_area_id"))
    op.drop_table("item_areas")
