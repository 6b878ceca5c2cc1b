"""Follow-up of resolutions and deliberation opinions; motions raised at meetings

Revision ID: 0018_followup
Revises: 0016_archives
Create Date: 2026-12-06 14:40:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0018_followup'
down_revision = '0017_roster_speed'
branch_labels = None
depends_on = None


def _synced_columns() -> list[Any]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('street_code', sa.String(length=12), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('deliberation_opinion',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('resolution_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('contact_person', sa.String(length=64), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('report_text', sa.Text(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('review_text', sa.Text(), nullable=False),
    sa.Column('review_verdict', sa.String(length=16), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('report_meeting_id', sa.String(length=36), nullable=True),
    sa.Column('rating_poll_id', sa.String(length=36), nullable=True),
    sa.Column('rating_option_no', sa.Integer(), nullable=True),
    sa.Column('satisfaction_json', sa.Text(), nullable=False),
    sa.Column('satisfaction_rate', sa.String(length=16), nullable=False),
    sa.Column('rated_on', sa.Date(), nullable=True),
    *_synced_columns(),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_deliberation_opinion_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['rating_poll_id'], ['poll.id'], name=op.f('fk_deliberation_opinion_rating_poll_id_poll')),
    sa.ForeignKeyConstraint(['report_meeting_id'], ['meeting.id'], name=op.f('fk_deliberation_opinion_report_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolution.id'], name=op.f('fk_deliberation_opinion_resolution_id_resolution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliberation_opinion'))
    )
    with op.batch_alter_table('deliberation_opinion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliberation_opinion_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliberation_opinion_number'), ['number'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliberation_opinion_resolution_id'), ['resolution_id'], unique=False)
        batch_op.create_index('ix_deliberation_opinion_status_due', ['status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliberation_opinion_street_code'), ['street_code'], unique=False)

    op.create_table('motion',
    sa.Column('meeting_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('representative_id', sa.String(length=36), nullable=True),
    sa.Column('deputy_id', sa.String(length=36), nullable=True),
    sa.Column('person_name', sa.String(length=32), nullable=False),
    sa.Column('seconders', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('opinion_id', sa.String(length=36), nullable=True),
    sa.Column('project_id', sa.String(length=36), nullable=True),
    *_synced_columns(),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_motion_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_motion_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['opinion_id'], ['opinion.id'], name=op.f('fk_motion_opinion_id_opinion')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_motion_project_id_project')),
    sa.ForeignKeyConstraint(['representative_id'], ['representative.id'], name=op.f('fk_motion_representative_id_representative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_motion'))
    )
    with op.batch_alter_table('motion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_motion_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_representative_id'), ['representative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_motion_street_code'), ['street_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('motion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_motion_street_code'))
        batch_op.drop_index(batch_op.f('ix_motion_representative_id'))
        batch_op.drop_index(batch_op.f('ix_motion_meeting_id'))

    op.drop_table('motion')
    with op.batch_alter_table('deliberation_opinion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliberation_opinion_street_code'))
        batch_op.drop_index('ix_deliberation_opinion_status_due')
        batch_op.drop_index(batch_op.f('ix_deliberation_opinion_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_deliberation_opinion_number'))
        batch_op.drop_index(batch_op.f('ix_deliberation_opinion_meeting_id'))

    op.drop_table('deliberation_opinion')
