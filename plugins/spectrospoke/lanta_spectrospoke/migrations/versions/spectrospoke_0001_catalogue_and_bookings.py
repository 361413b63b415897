"""spectrospoke: clips, activities and slots, hotels, headsets, views and bookings

Revision ID: spectrospoke_0001
Revises:
Create Date: 2026-12-07 04:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "spectrospoke_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("spectrospoke",)
depends_on: Union[str, Sequence[str], None] = "core_0008"


def upgrade() -> None:
    """The add-on's eight tables."""
    op.create_table('spectrospoke_activities',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('accepts_days', sa.Boolean(), nullable=False),
    sa.Column('notify_email', sa.String(length=254), nullable=False),
    sa.CheckConstraint('price_cents >= 0', name=op.f('ck_spectrospoke_activities_price')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_spectrospoke_activities_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', name=op.f('pk_spectrospoke_activities'))
    )
    op.create_table('spectrospoke_hotels',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('default_rate_bp', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('default_rate_bp BETWEEN 0 AND 10000', name=op.f('ck_spectrospoke_hotels_rate')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_spectrospoke_hotels_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', name=op.f('pk_spectrospoke_hotels'))
    )
    op.create_table('spectrospoke_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('booked', sa.Integer(), nullable=False),
    sa.Column('price_cents', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('booked >= 0 AND booked <= capacity', name=op.f('ck_spectrospoke_slots_booked')),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_spectrospoke_slots_capacity')),
    sa.CheckConstraint('price_cents IS NULL OR price_cents >= 0', name=op.f('ck_spectrospoke_slots_price')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_spectrospoke_slots_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spectrospoke_slots'))
    )
    op.create_index('ix_spectrospoke_slots_partner_id_starts_at', 'spectrospoke_slots', ['partner_id', 'starts_at'], unique=False)
    op.create_table('spectrospoke_clips',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('duration_s', sa.Integer(), nullable=False),
    sa.Column('projection', sa.String(length=16), nullable=False),
    sa.Column('video_file', sa.String(length=64), nullable=True),
    sa.Column('video_type', sa.String(length=8), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('poster_id', sa.Integer(), nullable=True),
    sa.Column('envies', sa.JSON(), nullable=False),
    sa.Column('seasons', sa.JSON(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('fitness', sa.String(length=16), nullable=False),
    sa.Column('narration_language', sa.String(length=8), nullable=False),
    sa.Column('rights', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("fitness IN ('easy', 'moderate', 'demanding')", name=op.f('ck_spectrospoke_clips_fitness')),
    sa.CheckConstraint("projection IN ('360_mono', '360_stereo_tb', '180_sbs', 'flat')", name=op.f('ck_spectrospoke_clips_projection')),
    sa.CheckConstraint("video_file IS NOT NULL OR video_url != ''", name=op.f('ck_spectrospoke_clips_video')),
    sa.CheckConstraint('duration_s >= 0', name=op.f('ck_spectrospoke_clips_duration')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_spectrospoke_clips_partner_id_partners'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['poster_id'], ['images.id'], name=op.f('fk_spectrospoke_clips_poster_id_images'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spectrospoke_clips')),
    sa.UniqueConstraint('slug', name=op.f('uq_spectrospoke_clips_slug'))
    )
    op.create_index(op.f('ix_spectrospoke_clips_partner_id'), 'spectrospoke_clips', ['partner_id'], unique=False)
    op.create_table('spectrospoke_headsets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hotel_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['hotel_id'], ['spectrospoke_hotels.partner_id'], name=op.f('fk_spectrospoke_headsets_hotel_id_spectrospoke_hotels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spectrospoke_headsets')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_spectrospoke_headsets_token_hash'))
    )
    op.create_index(op.f('ix_spectrospoke_headsets_hotel_id'), 'spectrospoke_headsets', ['hotel_id'], unique=False)
    op.create_table('spectrospoke_rates',
    sa.Column('hotel_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.CheckConstraint('rate_bp BETWEEN 0 AND 10000', name=op.f('ck_spectrospoke_rates_rate')),
    sa.ForeignKeyConstraint(['activity_id'], ['partners.id'], name=op.f('fk_spectrospoke_rates_activity_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hotel_id'], ['spectrospoke_hotels.partner_id'], name=op.f('fk_spectrospoke_rates_hotel_id_spectrospoke_hotels'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hotel_id', 'activity_id', name=op.f('pk_spectrospoke_rates'))
    )
    op.create_table('spectrospoke_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=True),
    sa.Column('clip_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('hotel_id', sa.Integer(), nullable=True),
    sa.Column('headset_id', sa.Integer(), nullable=True),
    sa.Column('slot_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=False),
    sa.Column('unit_price_cents', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('commission_rate_bp', sa.Integer(), nullable=False),
    sa.Column('commission_cents', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('voucher_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('validated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('validated_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("state IN ('requested', 'confirmed', 'declined', 'cancelled')", name=op.f('ck_spectrospoke_bookings_state')),
    sa.CheckConstraint('commission_rate_bp BETWEEN 0 AND 10000', name=op.f('ck_spectrospoke_bookings_commission_rate')),
    sa.CheckConstraint('participants BETWEEN 1 AND 50', name=op.f('ck_spectrospoke_bookings_participants')),
    sa.CheckConstraint('slot_id IS NOT NULL OR day IS NOT NULL', name=op.f('ck_spectrospoke_bookings_when')),
    sa.ForeignKeyConstraint(['activity_id'], ['partners.id'], name=op.f('fk_spectrospoke_bookings_activity_id_partners'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['clip_id'], ['spectrospoke_clips.id'], name=op.f('fk_spectrospoke_bookings_clip_id_spectrospoke_clips'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_spectrospoke_bookings_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['headset_id'], ['spectrospoke_headsets.id'], name=op.f('fk_spectrospoke_bookings_headset_id_spectrospoke_headsets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hotel_id'], ['partners.id'], name=op.f('fk_spectrospoke_bookings_hotel_id_partners'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['slot_id'], ['spectrospoke_slots.id'], name=op.f('fk_spectrospoke_bookings_slot_id_spectrospoke_slots'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['validated_by'], ['users.id'], name=op.f('fk_spectrospoke_bookings_validated_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spectrospoke_bookings')),
    sa.UniqueConstraint('reference', name=op.f('uq_spectrospoke_bookings_reference')),
    sa.UniqueConstraint('request_id', name=op.f('uq_spectrospoke_bookings_request_id'))
    )
    op.create_index('ix_spectrospoke_bookings_activity_id_state', 'spectrospoke_bookings', ['activity_id', 'state'], unique=False)
    op.create_index(op.f('ix_spectrospoke_bookings_clip_id'), 'spectrospoke_bookings', ['clip_id'], unique=False)
    op.create_index('ix_spectrospoke_bookings_hotel_id_created_at', 'spectrospoke_bookings', ['hotel_id', 'created_at'], unique=False)
    op.create_index(op.f('ix_spectrospoke_bookings_slot_id'), 'spectrospoke_bookings', ['slot_id'], unique=False)
    op.create_table('spectrospoke_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clip_id', sa.Integer(), nullable=False),
    sa.Column('hotel_id', sa.Integer(), nullable=True),
    sa.Column('headset_id', sa.Integer(), nullable=True),
    sa.Column('viewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['clip_id'], ['spectrospoke_clips.id'], name=op.f('fk_spectrospoke_views_clip_id_spectrospoke_clips'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['headset_id'], ['spectrospoke_headsets.id'], name=op.f('fk_spectrospoke_views_headset_id_spectrospoke_headsets'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hotel_id'], ['partners.id'], name=op.f('fk_spectrospoke_views_hotel_id_partners'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spectrospoke_views'))
    )
    op.create_index('ix_spectrospoke_views_clip_id_viewed_at', 'spectrospoke_views', ['clip_id', 'viewed_at'], unique=False)
    op.create_index(op.f('ix_spectrospoke_views_hotel_id'), 'spectrospoke_views', ['hotel_id'], unique=False)
    op.create_index('ix_spectrospoke_views_viewed_at', 'spectrospoke_views', ['viewed_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_spectrospoke_views_viewed_at', table_name='spectrospoke_views')
    op.drop_index(op.f('ix_spectrospoke_views_hotel_id'), table_name='spectrospoke_views')
    op.drop_index('ix_spectrospoke_views_clip_id_viewed_at', table_name='spectrospoke_views')
    op.drop_table('spectrospoke_views')
    op.drop_index(op.f('ix_spectrospoke_bookings_slot_id'), table_name='spectrospoke_bookings')
    op.drop_index('ix_spectrospoke_bookings_hotel_id_created_at', table_name='spectrospoke_bookings')
    op.drop_index(op.f('ix_spectrospoke_bookings_clip_id'), table_name='spectrospoke_bookings')
    op.drop_index('ix_spectrospoke_bookings_activity_id_state', table_name='spectrospoke_bookings')
    op.drop_table('spectrospoke_bookings')
    op.drop_table('spectrospoke_rates')
    op.drop_index(op.f('ix_spectrospoke_headsets_hotel_id'), table_name='spectrospoke_headsets')
    op.drop_table('spectrospoke_headsets')
    op.drop_index(op.f('ix_spectrospoke_clips_partner_id'), table_name='spectrospoke_clips')
    op.drop_table('spectrospoke_clips')
    op.drop_index('ix_spectrospoke_slots_partner_id_starts_at', table_name='spectrospoke_slots')
    op.drop_table('spectrospoke_slots')
    op.drop_table('spectrospoke_hotels')
    op.drop_table('spectrospoke_activities')
