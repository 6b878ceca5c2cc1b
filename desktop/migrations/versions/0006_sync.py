"""Sync: device identity, sealed batches, issues; outbox seq never reused.

Revision ID: 0006_sync
Revises: 0001_foundation
Create Date: 2026-11-22 04:20:00

Written by hand: besides the three new tables it rebuilds ``sync_outbox`` with SQLite
AUTOINCREMENT (autogenerate does not see that option), so that a seq is never handed out
twice even after acknowledged rows are deleted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006_sync'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('device_name', sa.String(length=200), nullable=False),
    sa.Column('private_key', sa.Text(), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('server_url', sa.String(length=500), nullable=False),
    sa.Column('server_public_key', sa.Text(), nullable=False),
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=True),
    sa.Column('needs_enrolment', sa.Boolean(), nullable=False),
    sa.Column('watermark', sa.Integer(), nullable=False),
    sa.Column('sealed_through', sa.Integer(), nullable=False),
    sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('last_error_kind', sa.String(length=16), nullable=False),
    sa.Column('last_error_at', sa.DateTime(), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state'))
    )
    op.create_table('sync_batch',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('first_seq', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('sealed_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(), nullable=True),
    sa.Column('exported_at', sa.DateTime(), nullable=True),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.Column('ack_source', sa.String(length=8), nullable=False),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.Column('duplicates', sa.Integer(), nullable=False),
    sa.Column('conflicts', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('results', sa.Text(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_sync_batch'))
    )
    with op.batch_alter_table('sync_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_batch_first_seq'), ['first_seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_batch_state'), ['state'], unique=False)

    op.create_table('sync_issue',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('local_version', sa.Integer(), nullable=False),
    sa.Column('server_version', sa.Integer(), nullable=True),
    sa.Column('server_row', sa.Text(), nullable=False),
    sa.Column('local_data', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_issue'))
    )
    with op.batch_alter_table('sync_issue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_issue_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_issue_status'), ['status'], unique=False)

    # Rebuild the outbox with AUTOINCREMENT: seq values are never reused (rows are kept).
    with op.batch_alter_table(
        'sync_outbox', recreate='always', table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        pass


def downgrade() -> None:
    with op.batch_alter_table(
        'sync_outbox', recreate='always', table_kwargs={'sqlite_autoincrement': False}
    ) as batch_op:
        pass
    with op.batch_alter_table('sync_issue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_issue_status'))
        batch_op.drop_index(batch_op.f('ix_sync_issue_entity_id'))
    op.drop_table('sync_issue')
    with op.batch_alter_table('sync_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_batch_state'))
        batch_op.drop_index(batch_op.f('ix_sync_batch_first_seq'))
    op.drop_table('sync_batch')
    op.drop_table('sync_state')
