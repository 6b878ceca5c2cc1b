"""district dashboard: reader sign-in accounts, their streets, web sessions, audit, figures

Revision ID: 0004_district
Revises: 0003_pull
Create Date: 2026-12-06

Reader tokens become sign-in accounts (password hash, admin flag, lock-out counters);
``reader_streets`` lists the streets a non-admin reader may see; ``web_sessions`` are the
dashboard's browser sessions; ``download_audit`` records every download and sign-in;
``street_figures`` / ``figure_states`` hold the precomputed dashboard figures of each street
and the change number they were computed at. Readers that existed before saw every street,
so they become admins (nothing they could read is taken away).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_district"
down_revision = '0003_pull'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reader_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.execute("UPDATE reader_tokens SET is_admin = " + ("true" if op.get_bind().dialect.name == "postgresql" else "1"))
    op.create_table(
        "reader_streets",
        sa.Column("reader_name", sa.String(length=100), nullable=False),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["reader_name"], ["reader_tokens.name"],
            name=op.f("fk_reader_streets_reader_name_reader_tokens"),
        ),
        sa.ForeignKeyConstraint(
            ["street_code"], ["streets.code"], name=op.f("fk_reader_streets_street_code_streets")
        ),
        sa.PrimaryKeyConstraint("reader_name", "street_code", name=op.f("pk_reader_streets")),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("reader_name", sa.String(length=100), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reader_name"], ["reader_tokens.name"],
            name=op.f("fk_web_sessions_reader_name_reader_tokens"),
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_sessions")),
    )
    op.create_index(op.f("ix_web_sessions_reader_name"), "web_sessions", ["reader_name"])
    op.create_table(
        "download_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reader_name", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("streets", sa.String(length=4000), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_download_audit")),
    )
    op.create_index(op.f("ix_download_audit_at"), "download_audit", ["at"])
    op.create_index(op.f("ix_download_audit_reader_name"), "download_audit", ["reader_name"])
    op.create_table(
        "street_figures",
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "street_code", "year", "month", "metric", "key", name=op.f("pk_street_figures")
        ),
    )
    op.create_table(
        "figure_states",
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("street_code", name=op.f("pk_figure_states")),
    )


def downgrade() -> None:
    op.drop_table("figure_states")
    op.drop_table("street_figures")
    op.drop_index(op.f("ix_download_audit_reader_name"), table_name="download_audit")
    op.drop_index(op.f("ix_download_audit_at"), table_name="download_audit")
    op.drop_table("download_audit")
    op.drop_index(op.f("ix_web_sessions_reader_name"), table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("reader_streets")
    with op.batch_alter_table("reader_tokens", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("is_admin")
        batch_op.drop_column("password_hash")
