"""partner directory

Revision ID: core_0002
Revises: core_0001
Create Date: 2026-11-29 04:04:08.419654

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'core_0002'
down_revision: Union[str, Sequence[str], None] = 'core_0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """The partner directory."""
    op.create_table('partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('external_id', sa.String(length=255), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('name', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('street', sa.String(length=255), nullable=False),
    sa.Column('postcode', sa.String(length=16), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=False),
    sa.Column('price_range', sa.Integer(), nullable=True),
    sa.Column('envies', sa.JSON(), nullable=False),
    sa.Column('audiences', sa.JSON(), nullable=False),
    sa.Column('labels', sa.JSON(), nullable=False),
    sa.Column('accessibility', sa.JSON(), nullable=False),
    sa.Column('relay_corner', sa.Boolean(), nullable=False),
    sa.Column('opening_hours', sa.JSON(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('external_id', name=op.f('uq_partners_external_id')),
    sa.UniqueConstraint('slug', name=op.f('uq_partners_slug'))
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_category'), ['category'], unique=False)
        batch_op.create_index('ix_partners_lat_lon', ['lat', 'lon'], unique=False)


def downgrade() -> None:
    """Drop the partner directory."""
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index('ix_partners_lat_lon')
        batch_op.drop_index(batch_op.f('ix_partners_category'))

    op.drop_table('partners')
