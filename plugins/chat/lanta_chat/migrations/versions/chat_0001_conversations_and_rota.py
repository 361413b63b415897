"""chat: conversations, messages, saved answers, rota and presence

Revision ID: chat_0001
Revises:
Create Date: 2026-11-29 18:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "chat_0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = ("chat",)
depends_on: Union[str, Sequence[str], None] = "core_0001"


def upgrade() -> None:
    """The add-on's six tables."""
    op.create_table('chat_saved_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_saved_answers')),
    sa.UniqueConstraint('language', 'title', name='uq_chat_saved_answers_language_title')
    )
    op.create_table('chat_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('visitor_name', sa.String(length=80), nullable=False),
    sa.Column('visitor_email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('page_url', sa.String(length=500), nullable=False),
    sa.Column('page_title', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('last_visitor_seq', sa.Integer(), nullable=False),
    sa.Column('staff_read_seq', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ip_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("state IN ('waiting', 'open', 'closed')", name=op.f('ck_chat_conversations_state')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_chat_conversations_rating')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_chat_conversations_assignee_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_conversations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_chat_conversations_token_hash'))
    )
    op.create_index('ix_chat_conversations_ip_hash_created_at', 'chat_conversations', ['ip_hash', 'created_at'], unique=False)
    op.create_index(op.f('ix_chat_conversations_state'), 'chat_conversations', ['state'], unique=False)
    op.create_index('ix_chat_conversations_state_last_message_at', 'chat_conversations', ['state', 'last_message_at'], unique=False)
    op.create_index('uq_chat_conversations_open_sender', 'chat_conversations', ['channel', 'external_id'], unique=True, sqlite_where=sa.text("state != 'closed' AND external_id IS NOT NULL"), postgresql_where=sa.text("state != 'closed' AND external_id IS NOT NULL"))
    op.create_table('chat_presence',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('away', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_chat_presence_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_chat_presence'))
    )
    op.create_table('chat_rota_members',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_chat_rota_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_chat_rota_members'))
    )
    op.create_table('chat_rota_swaps',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_chat_rota_swaps_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_chat_rota_swaps_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_chat_rota_swaps'))
    )
    op.create_table('chat_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_id', sa.String(length=100), nullable=True),
    sa.Column('delivery', sa.String(length=16), nullable=False),
    sa.Column('delivery_error', sa.String(length=300), nullable=False),
    sa.CheckConstraint("delivery IN ('', 'sent', 'failed', 'off')", name=op.f('ck_chat_messages_delivery')),
    sa.CheckConstraint("kind IN ('visitor', 'staff', 'note', 'event')", name=op.f('ck_chat_messages_kind')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_chat_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['chat_conversations.id'], name=op.f('fk_chat_messages_conversation_id_chat_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_messages')),
    sa.UniqueConstraint('conversation_id', 'client_id', name='uq_chat_messages_conversation_client_id'),
    sa.UniqueConstraint('conversation_id', 'seq', name='uq_chat_messages_conversation_seq')
    )


def downgrade() -> None:
    op.drop_table('chat_messages')
    op.drop_table('chat_rota_swaps')
    op.drop_table('chat_rota_members')
    op.drop_table('chat_presence')
    op.drop_index('uq_chat_conversations_open_sender', table_name='chat_conversations', sqlite_where=sa.text("state != 'closed' AND external_id IS NOT NULL"), postgresql_where=sa.text("state != 'closed' AND external_id IS NOT NULL"))
    op.drop_index('ix_chat_conversations_state_last_message_at', table_name='chat_conversations')
    op.drop_index(op.f('ix_chat_conversations_state'), table_name='chat_conversations')
    op.drop_index('ix_chat_conversations_ip_hash_created_at', table_name='chat_conversations')
    op.drop_table('chat_conversations')
    op.drop_table('chat_saved_answers')
