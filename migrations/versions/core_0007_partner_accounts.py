"""partner accounts and their proposed changes

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-11-29 09:30:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'core_0007'
down_revision: Union[str, Sequence[str], None] = 'core_0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Which accounts keep which listings, and the changes waiting for approval."""
    op.create_table(
        'partner_members',
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'],
                                name=op.f('fk_partner_members_partner_id_partners'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_partner_members_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('partner_id', 'user_id', name=op.f('pk_partner_members')),
    )
    with op.batch_alter_table('partner_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_members_user_id'), ['user_id'])
    op.create_table(
        'partner_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=1000), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decided_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_partner_changes_author_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'],
                                name=op.f('fk_partner_changes_decided_by_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'],
                                name=op.f('fk_partner_changes_partner_id_partners'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_changes')),
    )
    with op.batch_alter_table('partner_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_changes_partner_id'), ['partner_id'])
        batch_op.create_index(batch_op.f('ix_partner_changes_state'), ['state'])


def downgrade() -> None:
    """Drop partner accounts' links and proposed changes."""
    op.drop_table('partner_changes')
    op.drop_table('partner_members')
