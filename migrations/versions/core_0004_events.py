"""events

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-11-29 09:50:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'core_0004'
down_revision: Union[str, Sequence[str], None] = 'core_0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """When and where event items happen."""
    op.create_table(
        'content_events',
        sa.Column('content_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('all_day', sa.Boolean(), nullable=False),
        sa.Column('recurrence', sa.String(length=300), nullable=False),
        sa.Column('last_ends_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('place_partner_id', sa.Integer(), nullable=True),
        sa.Column('place_name', sa.String(length=200), nullable=False),
        sa.Column('place_address', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['content_id'], ['content_items.id'],
                                name=op.f('fk_content_events_content_id_content_items'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['place_partner_id'], ['partners.id'],
                                name=op.f('fk_content_events_place_partner_id_partners'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('content_id', name=op.f('pk_content_events')),
    )
    with op.batch_alter_table('content_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_events_starts_at'), ['starts_at'])
        batch_op.create_index(batch_op.f('ix_content_events_last_ends_at'), ['last_ends_at'])


def downgrade() -> None:
    """Drop the events' dates and places."""
    op.drop_table('content_events')
