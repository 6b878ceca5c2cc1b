"""pull (protocol 2): a per-street change sequence on every row, its writer, device pulls

Revision ID: 0003_pull
Revises: 0002_hardening
Create Date: 2026-12-06

``entity_rows.change_seq`` numbers the street's changes in commit order (the counter lives in
``street_changes``); ``writer_device`` / ``writer_name`` say which device and person made the
row's current version; ``device_pulls`` records each device's last pull (the sync page's
per-device status); ``poll_claims`` keeps ballot entry of one poll on one device.
Existing rows are numbered by (updated_at, entity_id), their writer unknown (NULL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_pull"
down_revision = '0002_hardening'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entity_rows", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("writer_device", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("writer_name", sa.String(length=64), nullable=True))
    op.create_table(
        "street_changes",
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("street_code", name=op.f("pk_street_changes")),
    )
    op.create_table(
        "device_pulls",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("pulled_through", sa.BigInteger(), nullable=False),
        sa.Column("rows_sent", sa.BigInteger(), nullable=False),
        sa.Column("pulled_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device_pulls")),
    )
    op.create_table(
        "poll_claims",
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("poll_id", name=op.f("pk_poll_claims")),
    )
    bind = op.get_bind()
    streets = [r[0] for r in bind.execute(sa.text("SELECT DISTINCT street_code FROM entity_rows"))]
    for street in streets:
        keys = bind.execute(
            sa.text(
                "SELECT entity_id, entity FROM entity_rows WHERE street_code = :s"
                " ORDER BY updated_at, entity_id, entity"
            ),
            {"s": street},
        ).all()
        bind.execute(
            sa.text(
                "UPDATE entity_rows SET change_seq = :n WHERE entity_id = :i AND entity = :e"
            ),
            [{"n": n, "i": i, "e": e} for n, (i, e) in enumerate(keys, start=1)],
        )
        bind.execute(
            sa.text("INSERT INTO street_changes (street_code, change_seq) VALUES (:s, :n)"),
            {"s": street, "n": len(keys)},
        )
    with op.batch_alter_table("entity_rows", schema=None) as batch_op:
        batch_op.create_index(
            "ix_entity_rows_street_change", ["street_code", "change_seq"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("entity_rows", schema=None) as batch_op:
        batch_op.drop_index("ix_entity_rows_street_change")
        batch_op.drop_column("writer_name")
        batch_op.drop_column("writer_device")
        batch_op.drop_column("change_seq")
    op.drop_table("poll_claims")
    op.drop_table("device_pulls")
    op.drop_table("street_changes")
