"""reviews: applications, testers, tests and claims, reviews, photos, history, reports, seasons

Revision ID: reviews_0001
Revises:
Create Date: 2026-11-29 15:20:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "reviews_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("reviews",)
# core_0007 holds the partner accounts (conflicts of interest), core_0005 the images.
depends_on: Union[str, Sequence[str], None] = "core_0007"


def upgrade() -> None:
    """The add-on's eight tables."""
    op.create_table('reviews_seasons',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('share_percent', sa.Integer(), nullable=False),
    sa.Column('cap_cents', sa.Integer(), nullable=False),
    sa.Column('budget_cents', sa.Integer(), nullable=False),
    sa.CheckConstraint('cap_cents >= 0 AND budget_cents >= 0', name=op.f('ck_reviews_seasons_amounts')),
    sa.CheckConstraint('share_percent BETWEEN 0 AND 100', name=op.f('ck_reviews_seasons_share')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_reviews_seasons'))
    )
    op.create_table('reviews_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('motivation', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('resident', 'professional')", name=op.f('ck_reviews_applications_kind')),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f('ck_reviews_applications_status')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_reviews_applications_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reviews_applications_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_applications'))
    )
    op.create_index(op.f('ix_reviews_applications_email'), 'reviews_applications', ['email'], unique=False)
    op.create_index(op.f('ix_reviews_applications_status'), 'reviews_applications', ['status'], unique=False)
    op.create_table('reviews_testers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('slug', sa.String(length=90), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('bio', sa.String(length=1000), nullable=False),
    sa.Column('photo_id', sa.Integer(), nullable=True),
    sa.Column('interests', sa.JSON(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('resident', 'professional')", name=op.f('ck_reviews_testers_kind')),
    sa.ForeignKeyConstraint(['photo_id'], ['images.id'], name=op.f('fk_reviews_testers_photo_id_images'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reviews_testers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_testers')),
    sa.UniqueConstraint('slug'),
    sa.UniqueConstraint('user_id')
    )
    op.create_table('reviews_tests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tester_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('season', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=300), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('receipt_name', sa.String(length=80), nullable=False),
    sa.Column('claim_status', sa.String(length=16), nullable=False),
    sa.Column('office_share_cents', sa.Integer(), nullable=False),
    sa.Column('claim_reason', sa.String(length=1000), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("claim_status IN ('none', 'submitted', 'approved', 'refused', 'paid')", name=op.f('ck_reviews_tests_claim_status')),
    sa.CheckConstraint('amount_cents >= 0', name=op.f('ck_reviews_tests_amount')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_reviews_tests_decided_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_reviews_tests_partner_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tester_id'], ['reviews_testers.id'], name=op.f('fk_reviews_tests_tester_id_reviews_testers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_tests')),
    sa.UniqueConstraint('tester_id', 'partner_id', 'season', name='one_per_season')
    )
    op.create_index(op.f('ix_reviews_tests_claim_status'), 'reviews_tests', ['claim_status'], unique=False)
    op.create_index(op.f('ix_reviews_tests_partner_id'), 'reviews_tests', ['partner_id'], unique=False)
    op.create_index(op.f('ix_reviews_tests_season'), 'reviews_tests', ['season'], unique=False)
    op.create_index(op.f('ix_reviews_tests_tester_id'), 'reviews_tests', ['tester_id'], unique=False)
    op.create_table('reviews_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('test_id', sa.Integer(), nullable=False),
    sa.Column('tester_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('audiences', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('forwarded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'published', 'private', 'rejected', 'unpublished')", name=op.f('ck_reviews_reviews_status')),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_reviews_reviews_rating')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_reviews_reviews_partner_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['test_id'], ['reviews_tests.id'], name=op.f('fk_reviews_reviews_test_id_reviews_tests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tester_id'], ['reviews_testers.id'], name=op.f('fk_reviews_reviews_tester_id_reviews_testers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_reviews')),
    sa.UniqueConstraint('test_id')
    )
    op.create_index(op.f('ix_reviews_reviews_partner_id'), 'reviews_reviews', ['partner_id'], unique=False)
    op.create_index(op.f('ix_reviews_reviews_published_at'), 'reviews_reviews', ['published_at'], unique=False)
    op.create_index(op.f('ix_reviews_reviews_status'), 'reviews_reviews', ['status'], unique=False)
    op.create_index(op.f('ix_reviews_reviews_tester_id'), 'reviews_reviews', ['tester_id'], unique=False)
    op.create_table('reviews_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('submitted', 'kept_private', 'approved', 'rejected', 'unpublished', 'republished', 'reported', 'forwarded')", name=op.f('ck_reviews_events_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_reviews_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews_reviews.id'], name=op.f('fk_reviews_events_review_id_reviews_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_events'))
    )
    op.create_index(op.f('ix_reviews_events_review_id'), 'reviews_events', ['review_id'], unique=False)
    op.create_table('reviews_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('image_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['image_id'], ['images.id'], name=op.f('fk_reviews_photos_image_id_images'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews_reviews.id'], name=op.f('fk_reviews_photos_review_id_reviews_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_photos'))
    )
    op.create_index(op.f('ix_reviews_photos_review_id'), 'reviews_photos', ['review_id'], unique=False)
    op.create_table('reviews_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('open', 'upheld', 'dismissed')", name=op.f('ck_reviews_reports_status')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_reviews_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews_reviews.id'], name=op.f('fk_reviews_reports_review_id_reviews_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews_reports'))
    )
    op.create_index(op.f('ix_reviews_reports_review_id'), 'reviews_reports', ['review_id'], unique=False)
    op.create_index(op.f('ix_reviews_reports_status'), 'reviews_reports', ['status'], unique=False)


def downgrade() -> None:
    """Drops them all, with every tester, review and claim."""
    op.drop_index(op.f('ix_reviews_reports_status'), table_name='reviews_reports')
    op.drop_index(op.f('ix_reviews_reports_review_id'), table_name='reviews_reports')
    op.drop_table('reviews_reports')
    op.drop_index(op.f('ix_reviews_photos_review_id'), table_name='reviews_photos')
    op.drop_table('reviews_photos')
    op.drop_index(op.f('ix_reviews_events_review_id'), table_name='reviews_events')
    op.drop_table('reviews_events')
    op.drop_index(op.f('ix_reviews_reviews_tester_id'), table_name='reviews_reviews')
    op.drop_index(op.f('ix_reviews_reviews_status'), table_name='reviews_reviews')
    op.drop_index(op.f('ix_reviews_reviews_published_at'), table_name='reviews_reviews')
    op.drop_index(op.f('ix_reviews_reviews_partner_id'), table_name='reviews_reviews')
    op.drop_table('reviews_reviews')
    op.drop_index(op.f('ix_reviews_tests_tester_id'), table_name='reviews_tests')
    op.drop_index(op.f('ix_reviews_tests_season'), table_name='reviews_tests')
    op.drop_index(op.f('ix_reviews_tests_partner_id'), table_name='reviews_tests')
    op.drop_index(op.f('ix_reviews_tests_claim_status'), table_name='reviews_tests')
    op.drop_table('reviews_tests')
    op.drop_table('reviews_testers')
    op.drop_index(op.f('ix_reviews_applications_status'), table_name='reviews_applications')
    op.drop_index(op.f('ix_reviews_applications_email'), table_name='reviews_applications')
    op.drop_table('reviews_applications')
    op.drop_table('reviews_seasons')
