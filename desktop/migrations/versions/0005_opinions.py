"""Opinions: opinion ledger, workflow events, holiday calendar

Revision ID: 0005_opinions
Revises: 0002_roster
Create Date: 2026-11-22 04:01:07.758989
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005_opinions'
down_revision = '0002_roster'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('holiday',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday'))
    )
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_holiday_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_holiday_street_code'), ['street_code'], unique=False)

    op.create_table('opinion',
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=True),
    sa.Column('deputy_ids', sa.Text(), nullable=False),
    sa.Column('community_id', sa.String(length=36), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('resident_name', sa.String(length=32), nullable=False),
    sa.Column('resident_phone', sa.String(length=32), nullable=False),
    sa.Column('resident_address', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('contact_person', sa.String(length=64), nullable=False),
    sa.Column('handler', sa.String(length=64), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('close_reason', sa.String(length=32), nullable=False),
    sa.Column('followed_up_on', sa.Date(), nullable=True),
    sa.Column('satisfaction', sa.String(length=32), nullable=False),
    sa.Column('follow_up_note', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_opinion_community_id_community')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_opinion_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion'))
    )
    with op.batch_alter_table('opinion', schema=None) as batch_op:
        batch_op.create_index('ix_opinion_category_received', ['category', 'received_on'], unique=False)
        batch_op.create_index('ix_opinion_channel_received', ['channel', 'received_on'], unique=False)
        batch_op.create_index('ix_opinion_community_received', ['community_id', 'received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_handler'), ['handler'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_number'), ['number'], unique=False)
        batch_op.create_index('ix_opinion_received', ['received_on', 'id'], unique=False)
        batch_op.create_index('ix_opinion_status_due', ['status', 'due_on'], unique=False)
        batch_op.create_index('ix_opinion_status_received', ['status', 'received_on'], unique=False)
        batch_op.create_index('ix_opinion_status_satisfaction', ['status', 'satisfaction'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_street_code'), ['street_code'], unique=False)

    op.create_table('opinion_event',
    sa.Column('opinion_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=False),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('contact_person', sa.String(length=64), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('satisfaction', sa.String(length=32), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['opinion_id'], ['opinion.id'], name=op.f('fk_opinion_event_opinion_id_opinion')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_event'))
    )
    with op.batch_alter_table('opinion_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_event_opinion_id'), ['opinion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_event_street_code'), ['street_code'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('opinion_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_event_street_code'))
        batch_op.drop_index(batch_op.f('ix_opinion_event_opinion_id'))

    op.drop_table('opinion_event')
    with op.batch_alter_table('opinion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_street_code'))
        batch_op.drop_index('ix_opinion_status_received')
        batch_op.drop_index('ix_opinion_status_satisfaction')
        batch_op.drop_index('ix_opinion_status_due')
        batch_op.drop_index('ix_opinion_received')
        batch_op.drop_index(batch_op.f('ix_opinion_number'))
        batch_op.drop_index(batch_op.f('ix_opinion_handler'))
        batch_op.drop_index('ix_opinion_community_received')
        batch_op.drop_index('ix_opinion_channel_received')
        batch_op.drop_index('ix_opinion_category_received')

    op.drop_table('opinion')
    with op.batch_alter_table('holiday', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holiday_street_code'))
        batch_op.drop_index(batch_op.f('ix_holiday_day'))

    op.drop_table('holiday')
