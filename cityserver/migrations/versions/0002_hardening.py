"""hardening: audit chain heads, and poll secrets scrubbed from stored data

Revision ID: 0002_hardening
Revises: 0001
Create Date: 2026-12-06

``poll.secret`` (the ballot MAC key) travelled in poll ops before the desktop's schema
revision 2. It is removed from every stored row and every stored conflict result
(``batches.results[*].server_row.data``); docs/sync-protocol.md §2.1.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002_hardening"
down_revision = '0001'
branch_labels = None
depends_on = None

NEVER_STORED = {"poll": ("secret",)}


def _load(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _scrub_rows(conn: sa.Connection) -> None:
    rows = sa.table(
        "entity_rows",
        sa.column("entity_id", sa.String),
        sa.column("entity", sa.String),
        sa.column("data", sa.JSON),
    )
    for entity, fields in NEVER_STORED.items():
        found = conn.execute(
            sa.select(rows.c.entity_id, rows.c.data).where(rows.c.entity == entity)
        ).all()
        for entity_id, data in found:
            data = _load(data)
            if isinstance(data, dict) and any(f in data for f in fields):
                clean = {k: v for k, v in data.items() if k not in fields}
                conn.execute(
                    sa.update(rows)
                    .where(rows.c.entity_id == entity_id, rows.c.entity == entity)
                    .values(data=clean)
                )


def _scrub_results(conn: sa.Connection) -> None:
    batches = sa.table("batches", sa.column("batch_id", sa.String), sa.column("results", sa.JSON))
    for batch_id, results in conn.execute(sa.select(batches.c.batch_id, batches.c.results)).all():
        results = _load(results)
        changed = False
        for result in results if isinstance(results, list) else []:
            row = result.get("server_row") if isinstance(result, dict) else None
            fields = NEVER_STORED.get(row.get("entity", "")) if isinstance(row, dict) else None
            data = row.get("data") if isinstance(row, dict) else None
            if fields and isinstance(data, dict) and any(f in data for f in fields):
                row["data"] = {k: v for k, v in data.items() if k not in fields}
                changed = True
        if changed:
            conn.execute(
                sa.update(batches).where(batches.c.batch_id == batch_id).values(results=results)
            )


def upgrade() -> None:
    op.create_table(
        "audit_heads",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["devices.id"], name=op.f("fk_audit_heads_device_id_devices")
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_audit_heads")),
    )
    with op.batch_alter_table("audit_heads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_heads_street_code"), ["street_code"], unique=False
        )
    op.create_table(
        "audit_cuts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("known_seq", sa.Integer(), nullable=False),
        sa.Column("known_hash", sa.String(length=64), nullable=False),
        sa.Column("offered_seq", sa.Integer(), nullable=False),
        sa.Column("offered_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_cuts")),
    )
    with op.batch_alter_table("audit_cuts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_cuts_device_id"), ["device_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_cuts_street_code"), ["street_code"], unique=False
        )
    conn = op.get_bind()
    _scrub_rows(conn)
    _scrub_results(conn)


def downgrade() -> None:
    op.drop_table("audit_cuts")
    op.drop_table("audit_heads")
