"""partner photos

Revision ID: core_0008
Revises: core_0007
Create Date: 2026-11-29 12:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'core_0008'
down_revision: Union[str, Sequence[str], None] = 'core_0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Photos of partners' listings, in order, approved or waiting."""
    op.create_table(
        'partner_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('partner_id', sa.Integer(), nullable=False),
        sa.Column('image_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('approved', sa.Boolean(), nullable=False),
        sa.Column('added_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['added_by'], ['users.id'],
                                name=op.f('fk_partner_photos_added_by_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['image_id'], ['images.id'],
                                name=op.f('fk_partner_photos_image_id_images'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['partner_id'], ['partners.id'],
                                name=op.f('fk_partner_photos_partner_id_partners'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_photos')),
    )
    with op.batch_alter_table('partner_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_photos_partner_id'), ['partner_id'])


def downgrade() -> None:
    """Drop partner photos (the pictures' rows and files stay)."""
    op.drop_table('partner_photos')
