"""Audit chain anchors recorded outside the chain (backups).

Revision ID: 0008_audit_anchor
Revises: 0007_name_sort
Create Date: 2026-12-06 12:00:00

A local table (not synced); docs/architecture.md "What the audit chain proves".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_audit_anchor'
down_revision = '0007_name_sort'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'audit_anchor',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchor')),
    )


def downgrade() -> None:
    op.drop_table('audit_anchor')
