"""Roster at the size of a district: one index serves the home page's count of
representatives in office and the roster list's order.

Revision ID: 0011_first_week
Revises: 0008_audit_anchor
Create Date: 2026-12-06 11:50:00

Written by hand. ``representative(term_id, status, name_sort, id) WHERE deleted_at IS NULL``:
the count of a term's active representatives reads the index alone (no table rows), and the
list of a term's representatives by name is read in index order, a page at a time by key
(desktop.services.roster.list_representatives ``after=``), never sorted whole.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_first_week'
down_revision = '0008_audit_anchor'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_representative_term_status_sort',
        'representative',
        ['term_id', 'status', 'name_sort', 'id'],
        unique=False,
        sqlite_where=sa.text('deleted_at IS NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_representative_term_status_sort', table_name='representative')
