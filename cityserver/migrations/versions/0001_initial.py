"""initial server schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('applied_ops',
    sa.Column('op_id', sa.String(length=36), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_applied_ops'))
    )

    op.create_table('entity_rows',
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('entity_id', 'entity', name=op.f('pk_entity_rows'))
    )
    with op.batch_alter_table('entity_rows', schema=None) as batch_op:
        batch_op.create_index('ix_entity_rows_street_entity_updated', ['street_code', 'entity', 'updated_at'], unique=False)

    op.create_table('reader_tokens',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_reader_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_reader_tokens_token_hash'))
    )
    op.create_table('streets',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_streets'))
    )
    op.create_table('devices',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['street_code'], ['streets.code'], name=op.f('fk_devices_street_code_streets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_devices')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_devices_token_hash'))
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_street_code'), ['street_code'], unique=False)

    op.create_table('enrolment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('used_by_device', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['street_code'], ['streets.code'], name=op.f('fk_enrolment_codes_street_code_streets')),
    sa.PrimaryKeyConstraint('code_hash', name=op.f('pk_enrolment_codes'))
    )
    op.create_table('batches',
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.Column('first_seq', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_batches_device_id_devices')),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_batches'))
    )
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_batches_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_batches_street_code'), ['street_code'], unique=False)

    op.create_table('device_watermarks',
    sa.Column('device_id', sa.String(length=36), nullable=False),
    sa.Column('watermark', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_device_watermarks_device_id_devices')),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_device_watermarks'))
    )



def downgrade() -> None:

    op.drop_table('device_watermarks')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_batches_street_code'))
        batch_op.drop_index(batch_op.f('ix_batches_device_id'))

    op.drop_table('batches')
    op.drop_table('enrolment_codes')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_street_code'))

    op.drop_table('devices')
    op.drop_table('streets')
    op.drop_table('reader_tokens')
    with op.batch_alter_table('entity_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_rows_street_entity_updated')

    op.drop_table('entity_rows')
    op.drop_table('applied_ops')

