"""imagewall: refused uploads count toward their sender's hourly limit

Revision ID: imagewall_0002
Revises: imagewall_0001
Create Date: 2026-12-07 15:40:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "imagewall_0002"
down_revision: Union[str, Sequence[str], None] = "imagewall_0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('imagewall_refused_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imagewall_refused_uploads'))
    )
    op.create_index(op.f('ix_imagewall_refused_uploads_created_at'),
                    'imagewall_refused_uploads', ['created_at'], unique=False)
    op.create_index('ix_imagewall_refused_uploads_sender', 'imagewall_refused_uploads',
                    ['client_hash', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_imagewall_refused_uploads_sender',
                  table_name='imagewall_refused_uploads')
    op.drop_index(op.f('ix_imagewall_refused_uploads_created_at'),
                  table_name='imagewall_refused_uploads')
    op.drop_table('imagewall_refused_uploads')
