"""Township congress meetings (meeting.kind) and deputy ↔ representative pairs (结对联系)

Revision ID: 0019_township
Revises: 0016_archives
Create Date: 2026-12-06 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019_township'
down_revision = '0018_followup'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('kind', sa.String(length=24), server_default='representatives', nullable=False)
        )

    op.create_table('deputy_pairing',
    sa.Column('deputy_id', sa.String(length=36), nullable=False),
    sa.Column('representative_id', sa.String(length=36), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_deputy_pairing_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['representative_id'], ['representative.id'], name=op.f('fk_deputy_pairing_representative_id_representative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deputy_pairing'))
    )
    with op.batch_alter_table('deputy_pairing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deputy_pairing_deputy_id'), ['deputy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_pairing_representative_id'), ['representative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_pairing_street_code'), ['street_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deputy_pairing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deputy_pairing_street_code'))
        batch_op.drop_index(batch_op.f('ix_deputy_pairing_representative_id'))
        batch_op.drop_index(batch_op.f('ix_deputy_pairing_deputy_id'))

    op.drop_table('deputy_pairing')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('kind')
