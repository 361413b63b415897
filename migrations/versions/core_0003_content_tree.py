"""content tree

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-29 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'core_0003'
down_revision: Union[str, Sequence[str], None] = 'core_0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Folders, pages, news and events, and their revisions."""
    op.create_table(
        'content_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('parent_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('path', sa.String(length=1000), nullable=False),
        sa.Column('type', sa.String(length=16), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('head_number', sa.Integer(), nullable=False),
        sa.Column('live_number', sa.Integer(), nullable=True),
        sa.Column('live_title', sa.String(length=300), nullable=False),
        sa.Column('live_description', sa.Text(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('in_navigation', sa.Boolean(), nullable=False),
        sa.Column('effective_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('first_published_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('translation_group', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('modified_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'],
                                name=op.f('fk_content_items_owner_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['parent_id'], ['content_items.id'],
                                name=op.f('fk_content_items_parent_id_content_items'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_items')),
        sa.UniqueConstraint('language', 'path', name='uq_content_items_language_path'),
    )
    with op.batch_alter_table('content_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_items_parent_id'), ['parent_id'])
        batch_op.create_index(batch_op.f('ix_content_items_type'), ['type'])
        batch_op.create_index(batch_op.f('ix_content_items_state'), ['state'])
        batch_op.create_index(batch_op.f('ix_content_items_first_published_at'),
                              ['first_published_at'])
        batch_op.create_index(batch_op.f('ix_content_items_translation_group'),
                              ['translation_group'])

    op.create_table(
        'content_revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('content_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_content_revisions_author_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['content_id'], ['content_items.id'],
                                name=op.f('fk_content_revisions_content_id_content_items'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_revisions')),
        sa.UniqueConstraint('content_id', 'number',
                            name='uq_content_revisions_content_id_number'),
    )
    with op.batch_alter_table('content_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_revisions_content_id'), ['content_id'])


def downgrade() -> None:
    """Drop the content tree."""
    op.drop_table('content_revisions')
    op.drop_table('content_items')
