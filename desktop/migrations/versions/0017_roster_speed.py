"""Roster at the size of a district, written faster: representatives keep only the indexes a
query uses, and the count of a term's representatives reads a narrow index.

Revision ID: 0017_roster_speed
Revises: 0016_archives
Create Date: 2026-12-06 14:40:00

Written by hand (issues 17 and 18). Every query the code runs on ``representative`` was
checked with EXPLAIN QUERY PLAN (docs/roster.md):

- ``ix_representative_live (term_id, status) WHERE deleted_at IS NULL`` is new: the count of
  a term's representatives in office (the roster page, the home page) walks ≈ 50-byte entries
  instead of the ≈ 180-byte ones of ``ix_representative_term_status_sort`` (which still gives
  the list its order), and the per-community counts read it too;
- ``ix_representative_term_id`` and ``ix_representative_status`` are dropped: the two
  partial indexes lead with the same columns for every live row, and no query reads
  retired-and-deleted rows by term or by status alone;
- ``ix_representative_street_code`` is dropped: every row of a street's database has the
  same street code, so no query can use it.

Each index dropped is one B-tree less to write per imported row (bench/excel_import.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017_roster_speed'
down_revision = '0016_archives'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_representative_term_id', table_name='representative')
    op.drop_index('ix_representative_status', table_name='representative')
    op.drop_index('ix_representative_street_code', table_name='representative')
    op.create_index(
        'ix_representative_live',
        'representative',
        ['term_id', 'status'],
        unique=False,
        sqlite_where=sa.text('deleted_at IS NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_representative_live', table_name='representative')
    op.create_index('ix_representative_street_code', 'representative', ['street_code'])
    op.create_index('ix_representative_status', 'representative', ['status'])
    op.create_index('ix_representative_term_id', 'representative', ['term_id'])
