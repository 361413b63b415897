"""cache generation

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-11-29 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'core_0006'
down_revision: Union[str, Sequence[str], None] = 'core_0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The counter the anonymous page cache checks, with its one row."""
    table = op.create_table(
        'cache_generation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cache_generation')),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade() -> None:
    """Drop the counter."""
    op.drop_table('cache_generation')
