"""Opinions: the dictionary of 承办单位 (name, contact person, phone)

Revision ID: 0012_opinion_units
Revises: 0011_first_week
Create Date: 2026-12-06 12:00:00

Written by hand. The departments typed so far (``opinion.department`` and the assignment
events) become dictionary entries, each with the contact person last used for it. They are
synced rows, so each also gets its sync-outbox row here (the same shape the flush hook
writes; one transaction id for the lot; the running build's SCHEMA_REV) — written with plain
inserts of this revision's columns, so a later change to the model does not change what
this migration does.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0012_opinion_units'
down_revision = '0011_first_week'
branch_labels = None
depends_on = None


def _uuid7() -> str:
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), 'big')
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 68) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def upgrade() -> None:
    op.create_table('opinion_unit',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('contact_person', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('street_code', sa.String(length=12), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_unit'))
    )
    with op.batch_alter_table('opinion_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_unit_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_opinion_unit_street_code'), ['street_code'], unique=False)
    _from_free_text()


def _from_free_text() -> None:
    conn = op.get_bind()
    used = conn.execute(sa.text(
        "SELECT department, contact_person FROM ("
        "  SELECT department, contact_person, assigned_on AS day, 1 AS src FROM opinion"
        "  WHERE deleted_at IS NULL AND department != ''"
        "  UNION ALL"
        "  SELECT department, contact_person, on_date AS day, 0 AS src FROM opinion_event"
        "  WHERE deleted_at IS NULL AND department != '' AND action IN ('assign', 'reopen')"
        ") ORDER BY day, src"
    )).all()
    contact: dict[str, str] = {}
    for department, person in used:
        name = ' '.join(str(department).split())
        if name and (person or name not in contact):
            contact[name] = str(person or '')
    if not contact:
        return
    # The ops are captured under the revision of the build that runs the upgrade, like every
    # op written after it (pending ops were sealed under the old one just before), so the
    # open batch never mixes revisions.
    from desktop.models.outbox import SCHEMA_REV

    street = conn.execute(sa.text('SELECT code FROM street LIMIT 1')).scalar() or ''
    moment = datetime.now(UTC).replace(tzinfo=None)
    now = moment.strftime('%Y-%m-%d %H:%M:%S.%f')  # SQLAlchemy's SQLite DATETIME text
    stamp = moment.isoformat(timespec='microseconds') + 'Z'  # models.base.json_value
    tx_id = str(uuid.uuid4())
    units, outbox = [], []
    for name in sorted(contact):
        row = {
            'id': _uuid7(),
            'version': 1,
            'created_at': now,
            'updated_at': now,
            'deleted_at': None,
            'street_code': street,
            'name': name,
            'contact_person': contact[name],
            'phone': '',
            'active': 1,
        }
        units.append(row)
        data = {**row, 'created_at': stamp, 'updated_at': stamp, 'active': True}
        outbox.append({
            'op_id': str(uuid.uuid4()),
            'entity': 'opinion_unit',
            'entity_id': row['id'],
            'op': 'upsert',
            'version': 1,
            'base_version': None,
            'data': json.dumps(data, ensure_ascii=False, sort_keys=True),
            'schema_rev': SCHEMA_REV,
            'tx_id': tx_id,
            'batch_id': None,
            'created_at': now,
        })
    conn.execute(sa.text(
        'INSERT INTO opinion_unit (id, version, created_at, updated_at, deleted_at, street_code,'
        ' name, contact_person, phone, active) VALUES (:id, :version, :created_at, :updated_at,'
        ' :deleted_at, :street_code, :name, :contact_person, :phone, :active)'
    ), units)
    conn.execute(sa.text(
        'INSERT INTO sync_outbox (op_id, entity, entity_id, op, version, base_version, data,'
        ' schema_rev, tx_id, batch_id, created_at) VALUES (:op_id, :entity, :entity_id, :op,'
        ' :version, :base_version, :data, :schema_rev, :tx_id, :batch_id, :created_at)'
    ), outbox)


def downgrade() -> None:
    with op.batch_alter_table('opinion_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_unit_street_code'))
        batch_op.drop_index(batch_op.f('ix_opinion_unit_name'))
    op.drop_table('opinion_unit')
