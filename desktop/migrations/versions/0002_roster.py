"""Roster: communities, terms, representatives, deputies, stations, contacts; the import log.

Revision ID: 0002_roster
Revises: 0001_foundation
Create Date: 2026-11-22 03:55:34.321237
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002_roster'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('community',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_community'))
    )
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_community_street_code'), ['street_code'], unique=False)

    op.create_table('term',
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term'))
    )
    with op.batch_alter_table('term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_term_street_code'), ['street_code'], unique=False)

    op.create_table('representative',
    sa.Column('term_id', sa.String(length=36), nullable=False),
    sa.Column('community_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('name_initials', sa.String(length=32), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=32), nullable=False),
    sa.Column('workplace', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('left_reason', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_representative_community_id_community')),
    sa.ForeignKeyConstraint(['term_id'], ['term.id'], name=op.f('fk_representative_term_id_term')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_representative'))
    )
    with op.batch_alter_table('representative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_representative_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_street_code'), ['street_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_representative_term_id'), ['term_id'], unique=False)

    op.create_table('station',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('community_id', sa.String(length=36), nullable=True),
    sa.Column('activity_frequency', sa.String(length=16), nullable=False),
    sa.Column('reception_day', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_station_community_id_community')),
    sa.ForeignKeyConstraint(['parent_id'], ['station.id'], name=op.f('fk_station_parent_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_station'))
    )
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_station_street_code'), ['street_code'], unique=False)

    op.create_table('deputy',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('name_initials', sa.String(length=32), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('election', sa.String(length=16), nullable=False),
    sa.Column('constituency', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=64), nullable=False),
    sa.Column('station_id', sa.String(length=36), nullable=True),
    sa.Column('community_id', sa.String(length=36), nullable=True),
    sa.Column('attends_street_meetings', sa.Boolean(), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_deputy_community_id_community')),
    sa.ForeignKeyConstraint(['station_id'], ['station.id'], name=op.f('fk_deputy_station_id_station')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deputy'))
    )
    with op.batch_alter_table('deputy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deputy_id_number'), ['id_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_name_initials'), ['name_initials'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_station_id'), ['station_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_street_code'), ['street_code'], unique=False)

    op.create_table('deputy_contact',
    sa.Column('deputy_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('contact_deputy_id', sa.String(length=36), nullable=True),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('community_id', sa.String(length=36), nullable=True),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_deputy_contact_community_id_community')),
    sa.ForeignKeyConstraint(['contact_deputy_id'], ['deputy.id'], name=op.f('fk_deputy_contact_contact_deputy_id_deputy')),
    sa.ForeignKeyConstraint(['deputy_id'], ['deputy.id'], name=op.f('fk_deputy_contact_deputy_id_deputy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deputy_contact'))
    )
    with op.batch_alter_table('deputy_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deputy_contact_deputy_id'), ['deputy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deputy_contact_street_code'), ['street_code'], unique=False)

    op.create_table('import_batch',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('file_name', sa.String(length=260), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_count', sa.Integer(), nullable=False),
    sa.Column('updated_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('undone_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_kind'), ['kind'], unique=False)

    op.create_table('import_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('op', sa.String(length=8), nullable=False),
    sa.Column('version_after', sa.Integer(), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_import_item_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_item'))
    )
    with op.batch_alter_table('import_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_item_batch_id'), ['batch_id'], unique=False)



def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS person_fts")
    with op.batch_alter_table('import_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_item_batch_id'))

    op.drop_table('import_item')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_kind'))

    op.drop_table('import_batch')
    with op.batch_alter_table('deputy_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deputy_contact_street_code'))
        batch_op.drop_index(batch_op.f('ix_deputy_contact_deputy_id'))

    op.drop_table('deputy_contact')
    with op.batch_alter_table('deputy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deputy_street_code'))
        batch_op.drop_index(batch_op.f('ix_deputy_status'))
        batch_op.drop_index(batch_op.f('ix_deputy_station_id'))
        batch_op.drop_index(batch_op.f('ix_deputy_name_initials'))
        batch_op.drop_index(batch_op.f('ix_deputy_name'))
        batch_op.drop_index(batch_op.f('ix_deputy_id_number'))

    op.drop_table('deputy')
    with op.batch_alter_table('station', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_station_street_code'))

    op.drop_table('station')
    with op.batch_alter_table('representative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_representative_term_id'))
        batch_op.drop_index(batch_op.f('ix_representative_street_code'))
        batch_op.drop_index(batch_op.f('ix_representative_status'))
        batch_op.drop_index(batch_op.f('ix_representative_name_initials'))
        batch_op.drop_index(batch_op.f('ix_representative_name'))
        batch_op.drop_index(batch_op.f('ix_representative_id_number'))
        batch_op.drop_index(batch_op.f('ix_representative_community_id'))

    op.drop_table('representative')
    with op.batch_alter_table('term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_term_street_code'))

    op.drop_table('term')
    with op.batch_alter_table('community', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_community_street_code'))

    op.drop_table('community')
