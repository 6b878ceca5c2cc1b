"""Roster: full-pinyin sort keys (name_sort) on representatives, deputies, their fixed
contacts, stations and attendance.

Revision ID: 0007_name_sort
Revises: 0004_polls, 0005_opinions, 0006_sync
Create Date: 2026-11-22 13:10:00

Written by hand. It also joins the three branches (polls, opinions, sync) into one head.
The new column is derived from ``name`` (desktop.pinyin_order), so existing rows are filled
in here, by primary key, without touching ``version`` or ``updated_at``: it is local data
that never goes into the sync outbox, and the audit chain is not involved.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_name_sort'
down_revision = ('0004_polls', '0005_opinions', '0006_sync')
branch_labels = None
depends_on = None

#: table → whether name_sort is indexed (the roster lists sort by it; attendance rows are
#: read per meeting).
TABLES = {
    'representative': True,
    'deputy': True,
    'deputy_contact': False,
    'station': False,
    'attendance': False,
}
#: Places are spelled without surname readings (解放碑: jie3, not the surname xie4).
PLACES = {'station'}
CHUNK = 5000


def upgrade() -> None:
    for table, indexed in TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('name_sort', sa.String(length=128), nullable=False, server_default='')
            )
            if indexed:
                batch_op.create_index(
                    batch_op.f(f'ix_{table}_name_sort'), ['name_sort'], unique=False
                )
    _backfill()


def _backfill() -> None:
    # The key function of the version that runs this migration; a later change to it would
    # come with a revision of its own that fills the column again.
    from desktop.pinyin_order import place_sort_key, sort_key

    conn = op.get_bind()
    for table in TABLES:
        key = place_sort_key if table in PLACES else sort_key
        rows = conn.execute(sa.text(f'SELECT id, name FROM {table}')).all()
        params = [{'key': key(name or ''), 'id': row_id} for row_id, name in rows]
        update = sa.text(f'UPDATE {table} SET name_sort = :key WHERE id = :id')
        for start in range(0, len(params), CHUNK):
            conn.execute(update, params[start : start + CHUNK])


def downgrade() -> None:
    for table, indexed in reversed(TABLES.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if indexed:
                batch_op.drop_index(batch_op.f(f'ix_{table}_name_sort'))
            batch_op.drop_column('name_sort')
