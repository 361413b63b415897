"""vip: visitors, consents, cards, offers, terminals, redemptions and scans

Revision ID: vip_0001
Revises:
Create Date: 2026-11-29 12:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "vip_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("vip",)
# core_0002 created the partner directory that offers, terminals and stays point to.
depends_on: Union[str, Sequence[str], None] = "core_0002"


def upgrade() -> None:
    """The add-on's seven tables."""
    op.create_table('vip_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('text', sa.JSON(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('envies', sa.JSON(), nullable=False),
    sa.Column('requires_children', sa.Boolean(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('min_nights', sa.Integer(), nullable=True),
    sa.Column('max_nights', sa.Integer(), nullable=True),
    sa.Column('max_days_before_departure', sa.Integer(), nullable=True),
    sa.Column('months', sa.JSON(), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('limit_per_card', sa.Integer(), nullable=True),
    sa.Column('limit_per_day', sa.Integer(), nullable=True),
    sa.Column('limit_total', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('percent', 'amount', 'gift', 'free_entry', 'priority')", name=op.f('ck_vip_offers_kind')),
    sa.CheckConstraint("status IN ('proposed', 'approved', 'withdrawn')", name=op.f('ck_vip_offers_status')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_vip_offers_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_vip_offers_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_vip_offers_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_offers'))
    )
    with op.batch_alter_table('vip_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vip_offers_partner_id'), ['partner_id'], unique=False)

    op.create_table('vip_terminals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=True),
    sa.Column('pairing_code_hash', sa.String(length=64), nullable=True),
    sa.Column('pairing_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('paired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_vip_terminals_partner_id_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_terminals')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_vip_terminals_key_hash')),
    sa.UniqueConstraint('pairing_code_hash', name=op.f('uq_vip_terminals_pairing_code_hash'))
    )
    with op.batch_alter_table('vip_terminals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vip_terminals_partner_id'), ['partner_id'], unique=False)

    op.create_table('vip_visitors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=80), nullable=False),
    sa.Column('last_name', sa.String(length=80), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('arrival', sa.Date(), nullable=False),
    sa.Column('departure', sa.Date(), nullable=False),
    sa.Column('accommodation_id', sa.Integer(), nullable=True),
    sa.Column('adults', sa.Integer(), nullable=False),
    sa.Column('children', sa.Integer(), nullable=False),
    sa.Column('children_ages', sa.JSON(), nullable=False),
    sa.Column('pets', sa.Integer(), nullable=False),
    sa.Column('envies', sa.JSON(), nullable=False),
    sa.Column('audiences', sa.JSON(), nullable=False),
    sa.Column('welcome_bag', sa.Boolean(), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['accommodation_id'], ['partners.id'], name=op.f('fk_vip_visitors_accommodation_id_partners'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_vip_visitors_issued_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_visitors'))
    )
    with op.batch_alter_table('vip_visitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vip_visitors_accommodation_id'), ['accommodation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vip_visitors_anonymised_at'), ['anonymised_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_vip_visitors_departure'), ['departure'], unique=False)

    op.create_table('vip_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('nfc_uid', sa.String(length=32), nullable=True),
    sa.Column('qr_nonce', sa.String(length=32), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blocked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('active', 'blocked', 'retired')", name=op.f('ck_vip_cards_status')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['vip_cards.id'], name=op.f('fk_vip_cards_replaced_by_id_vip_cards'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visitor_id'], ['vip_visitors.id'], name=op.f('fk_vip_cards_visitor_id_vip_visitors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_cards')),
    sa.UniqueConstraint('nfc_uid', name=op.f('uq_vip_cards_nfc_uid')),
    sa.UniqueConstraint('number', name=op.f('uq_vip_cards_number'))
    )
    with op.batch_alter_table('vip_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vip_cards_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('vip_consents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('wording', sa.Text(), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('offers', 'follow_up')", name=op.f('ck_vip_consents_purpose')),
    sa.ForeignKeyConstraint(['visitor_id'], ['vip_visitors.id'], name=op.f('fk_vip_consents_visitor_id_vip_visitors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_consents'))
    )
    with op.batch_alter_table('vip_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vip_consents_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('vip_redemptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('visitor_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.Column('redeemed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('office_day', sa.Date(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['vip_cards.id'], name=op.f('fk_vip_redemptions_card_id_vip_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['vip_offers.id'], name=op.f('fk_vip_redemptions_offer_id_vip_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['terminal_id'], ['vip_terminals.id'], name=op.f('fk_vip_redemptions_terminal_id_vip_terminals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_id'], ['vip_visitors.id'], name=op.f('fk_vip_redemptions_visitor_id_vip_visitors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_redemptions')),
    sa.UniqueConstraint('terminal_id', 'request_id', name=op.f('uq_vip_redemptions_terminal_id'))
    )
    with op.batch_alter_table('vip_redemptions', schema=None) as batch_op:
        batch_op.create_index('ix_vip_redemptions_offer_id_office_day', ['offer_id', 'office_day'], unique=False)
        batch_op.create_index(batch_op.f('ix_vip_redemptions_visitor_id'), ['visitor_id'], unique=False)

    op.create_table('vip_scans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('terminal_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('found', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('scan', 'redeem')", name=op.f('ck_vip_scans_kind')),
    sa.ForeignKeyConstraint(['card_id'], ['vip_cards.id'], name=op.f('fk_vip_scans_card_id_vip_cards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['terminal_id'], ['vip_terminals.id'], name=op.f('fk_vip_scans_terminal_id_vip_terminals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vip_scans'))
    )
    with op.batch_alter_table('vip_scans', schema=None) as batch_op:
        batch_op.create_index('ix_vip_scans_card_id_at', ['card_id', 'at'], unique=False)
        batch_op.create_index('ix_vip_scans_terminal_id_at', ['terminal_id', 'at'], unique=False)


def downgrade() -> None:
    """Drop every table of the add-on (``lanta plugins purge vip``)."""
    with op.batch_alter_table('vip_scans', schema=None) as batch_op:
        batch_op.drop_index('ix_vip_scans_terminal_id_at')
        batch_op.drop_index('ix_vip_scans_card_id_at')

    op.drop_table('vip_scans')
    with op.batch_alter_table('vip_redemptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vip_redemptions_visitor_id'))
        batch_op.drop_index('ix_vip_redemptions_offer_id_office_day')

    op.drop_table('vip_redemptions')
    with op.batch_alter_table('vip_consents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vip_consents_visitor_id'))

    op.drop_table('vip_consents')
    with op.batch_alter_table('vip_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vip_cards_visitor_id'))

    op.drop_table('vip_cards')
    with op.batch_alter_table('vip_visitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vip_visitors_departure'))
        batch_op.drop_index(batch_op.f('ix_vip_visitors_anonymised_at'))
        batch_op.drop_index(batch_op.f('ix_vip_visitors_accommodation_id'))

    op.drop_table('vip_visitors')
    with op.batch_alter_table('vip_terminals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vip_terminals_partner_id'))

    op.drop_table('vip_terminals')
    with op.batch_alter_table('vip_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vip_offers_partner_id'))

    op.drop_table('vip_offers')
