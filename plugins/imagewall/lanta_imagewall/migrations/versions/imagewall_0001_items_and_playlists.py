"""imagewall: the wall's items (uploads and webcams) and the screens' playlists

Revision ID: imagewall_0001
Revises:
Create Date: 2026-12-07 08:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "imagewall_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("imagewall",)
depends_on: Union[str, Sequence[str], None] = "core_0008"


def upgrade() -> None:
    """The add-on's two tables."""
    op.create_table('imagewall_playlists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('featured_only', sa.Boolean(), nullable=False),
    sa.Column('recent_days', sa.Integer(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('partner_ids', sa.JSON(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('max_items', sa.Integer(), nullable=False),
    sa.Column('photo_seconds', sa.Integer(), nullable=False),
    sa.Column('item_order', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("item_order IN ('featured_first', 'newest', 'shuffle')", name=op.f('ck_imagewall_playlists_item_order')),
    sa.CheckConstraint('max_items BETWEEN 1 AND 500', name=op.f('ck_imagewall_playlists_max_items')),
    sa.CheckConstraint('photo_seconds BETWEEN 3 AND 600', name=op.f('ck_imagewall_playlists_photo_seconds')),
    sa.CheckConstraint('recent_days >= 0', name=op.f('ck_imagewall_playlists_recent_days')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imagewall_playlists')),
    sa.UniqueConstraint('slug', name=op.f('uq_imagewall_playlists_slug'))
    )
    op.create_table('imagewall_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('featured', sa.Boolean(), nullable=False),
    sa.Column('caption', sa.String(length=280), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('place_name', sa.String(length=120), nullable=False),
    sa.Column('credit', sa.String(length=80), nullable=False),
    sa.Column('contributor_email', sa.String(length=254), nullable=True),
    sa.Column('contributor_user_id', sa.Integer(), nullable=True),
    sa.Column('contributor_lang', sa.String(length=8), nullable=False),
    sa.Column('client_hash', sa.String(length=64), nullable=True),
    sa.Column('terms_accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('terms_version', sa.String(length=40), nullable=False),
    sa.Column('people_consent', sa.Boolean(), nullable=False),
    sa.Column('processing', sa.String(length=12), nullable=False),
    sa.Column('processing_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('processing_attempts', sa.Integer(), nullable=False),
    sa.Column('processing_error', sa.String(length=500), nullable=False),
    sa.Column('incoming_name', sa.String(length=64), nullable=True),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.Column('video_name', sa.String(length=64), nullable=True),
    sa.Column('video_type', sa.String(length=8), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('poster_note', sa.String(length=300), nullable=False),
    sa.Column('webcam_url', sa.String(length=500), nullable=True),
    sa.Column('refresh_s', sa.Integer(), nullable=True),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderated_by', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reject_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind IN ('webcam_image', 'webcam_stream')) = (webcam_url IS NOT NULL)", name=op.f('ck_imagewall_items_webcam_url')),
    sa.CheckConstraint("kind IN ('photo', 'clip', 'webcam_image', 'webcam_stream')", name=op.f('ck_imagewall_items_kind')),
    sa.CheckConstraint("processing IN ('queued', 'processing', 'ready', 'failed')", name=op.f('ck_imagewall_items_processing')),
    sa.CheckConstraint("status IN ('pending', 'approved', 'rejected')", name=op.f('ck_imagewall_items_status')),
    sa.ForeignKeyConstraint(['contributor_user_id'], ['users.id'], name=op.f('fk_imagewall_items_contributor_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['image_id'], ['images.id'], name=op.f('fk_imagewall_items_image_id_images'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderated_by'], ['users.id'], name=op.f('fk_imagewall_items_moderated_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_imagewall_items_partner_id_partners'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imagewall_items'))
    )
    op.create_index(op.f('ix_imagewall_items_contributor_email'), 'imagewall_items', ['contributor_email'], unique=False)
    op.create_index(op.f('ix_imagewall_items_created_at'), 'imagewall_items', ['created_at'], unique=False)
    op.create_index(op.f('ix_imagewall_items_partner_id'), 'imagewall_items', ['partner_id'], unique=False)
    op.create_index('ix_imagewall_items_queue', 'imagewall_items', ['processing', 'created_at'], unique=False)
    op.create_index('ix_imagewall_items_places', 'imagewall_items', ['status', 'processing', 'partner_id'], unique=False)
    op.create_index('ix_imagewall_items_video', 'imagewall_items', ['video_name'], unique=False)
    op.create_index('ix_imagewall_items_sender', 'imagewall_items', ['client_hash', 'created_at'], unique=False)
    op.create_index('ix_imagewall_items_wall', 'imagewall_items', ['status', 'processing', 'approved_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_imagewall_items_wall', table_name='imagewall_items')
    op.drop_index('ix_imagewall_items_queue', table_name='imagewall_items')
    op.drop_index('ix_imagewall_items_sender', table_name='imagewall_items')
    op.drop_index('ix_imagewall_items_places', table_name='imagewall_items')
    op.drop_index('ix_imagewall_items_video', table_name='imagewall_items')
    op.drop_index(op.f('ix_imagewall_items_partner_id'), table_name='imagewall_items')
    op.drop_index(op.f('ix_imagewall_items_created_at'), table_name='imagewall_items')
    op.drop_index(op.f('ix_imagewall_items_contributor_email'), table_name='imagewall_items')
    op.drop_table('imagewall_items')
    op.drop_table('imagewall_playlists')
