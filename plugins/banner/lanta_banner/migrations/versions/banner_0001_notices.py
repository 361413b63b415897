"""banner: the notices table

Revision ID: banner_0001
Revises:
Create Date: 2026-11-27 10:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "banner_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("banner",)
depends_on: Union[str, Sequence[str], None] = "core_0001"


def upgrade() -> None:
    """Practical notices with their level, texts, link and period."""
    op.create_table(
        "banner_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("text_fr", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("on_partner_pages", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level IN ('info', 'warning', 'alert')",
                           name=op.f("ck_banner_notices_level")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_banner_notices")),
    )
    with op.batch_alter_table("banner_notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_banner_notices_starts_at"), ["starts_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_banner_notices_ends_at"), ["ends_at"],
                              unique=False)


def downgrade() -> None:
    """Drop the notices (``lanta plugins purge banner``)."""
    with op.batch_alter_table("banner_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_banner_notices_ends_at"))
        batch_op.drop_index(batch_op.f("ix_banner_notices_starts_at"))
    op.drop_table("banner_notices")
