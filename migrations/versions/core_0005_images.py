"""images

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-11-29 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'core_0005'
down_revision: Union[str, Sequence[str], None] = 'core_0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Uploaded pictures, and the lead picture of content revisions."""
    op.create_table(
        'images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('widths', sa.JSON(), nullable=False),
        sa.Column('original_extension', sa.String(length=8), nullable=False),
        sa.Column('alt', sa.String(length=300), nullable=False),
        sa.Column('credit', sa.String(length=200), nullable=False),
        sa.Column('uploaded_by', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'],
                                name=op.f('fk_images_uploaded_by_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_images')),
        sa.UniqueConstraint('key', name=op.f('uq_images_key')),
    )
    with op.batch_alter_table('content_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_content_revisions_image_id_images'),
                                    'images', ['image_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_image_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_content_items_live_image_id_images'),
                                    'images', ['live_image_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    """Drop the pictures."""
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_items_live_image_id_images'),
                                 type_='foreignkey')
        batch_op.drop_column('live_image_id')
    with op.batch_alter_table('content_revisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_content_revisions_image_id_images'),
                                 type_='foreignkey')
        batch_op.drop_column('image_id')
    op.drop_table('images')
