"""Polls: poll, poll_option, ballot, ballot_print_log, tally_certificate

Revision ID: 0004_polls
Revises: 0003_meetings
Create Date: 2026-11-22 04:04:51.187101
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0004_polls"
down_revision = "0003_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "poll",
        sa.Column("meeting_id", sa.String(length=36), nullable=True),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("short_id", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=True),
        sa.Column("levels_json", sa.Text(), nullable=False),
        sa.Column("positive_levels_json", sa.Text(), nullable=False),
        sa.Column("threshold_base", sa.String(length=16), nullable=True),
        sa.Column("threshold_ratio", sa.String(length=16), nullable=False),
        sa.Column("threshold_strict", sa.Boolean(), nullable=False),
        sa.Column("members_total", sa.Integer(), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("printed", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("double_entry", sa.Boolean(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("certified_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_poll_agenda_item_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_poll_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll")),
        sa.UniqueConstraint("short_id", name=op.f("uq_poll_short_id")),
    )
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_poll_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_poll_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_poll_street_code"), ["street_code"], unique=False)

    op.create_table(
        "ballot",
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("is_test", sa.Boolean(), nullable=False),
        sa.Column("entry_pass", sa.Integer(), nullable=False),
        sa.Column("void", sa.Boolean(), nullable=False),
        sa.Column("void_reason", sa.String(length=200), nullable=False),
        sa.Column("marks_json", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decision_reason", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["poll_id"], ["poll.id"], name=op.f("fk_ballot_poll_id_poll")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot")),
    )
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_poll_id"), ["poll_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ballot_street_code"), ["street_code"], unique=False)
        batch_op.create_index(
            "uq_ballot_live_serial",
            ["poll_id", "is_test", "entry_pass", "serial"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "ballot_print_log",
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.Column("printed_by", sa.String(length=64), nullable=False),
        sa.Column("first_serial", sa.Integer(), nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("layout", sa.String(length=8), nullable=False),
        sa.Column("test_deck", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_ballot_print_log_poll_id_poll")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_print_log")),
    )
    with op.batch_alter_table("ballot_print_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ballot_print_log_poll_id"), ["poll_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ballot_print_log_street_code"), ["street_code"], unique=False
        )

    op.create_table(
        "poll_option",
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("estimated_cost", sa.Integer(), nullable=True),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["poll_id"], ["poll.id"], name=op.f("fk_poll_option_poll_id_poll")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poll_option")),
    )
    with op.batch_alter_table("poll_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_poll_option_poll_id"), ["poll_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_poll_option_street_code"), ["street_code"], unique=False
        )

    op.create_table(
        "tally_certificate",
        sa.Column("poll_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("certified_at", sa.DateTime(), nullable=False),
        sa.Column("certified_by", sa.String(length=64), nullable=False),
        sa.Column("counters", sa.String(length=200), nullable=False),
        sa.Column("scrutineers", sa.String(length=200), nullable=False),
        sa.Column("chief_scrutineer", sa.String(length=64), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("result_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_id", sa.String(length=36), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("street_code", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["poll.id"], name=op.f("fk_tally_certificate_poll_id_poll")
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["tally_certificate.id"],
            name=op.f("fk_tally_certificate_previous_id_tally_certificate"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tally_certificate")),
    )
    with op.batch_alter_table("tally_certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tally_certificate_poll_id"), ["poll_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tally_certificate_street_code"), ["street_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tally_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tally_certificate_street_code"))
        batch_op.drop_index(batch_op.f("ix_tally_certificate_poll_id"))

    op.drop_table("tally_certificate")
    with op.batch_alter_table("poll_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_option_street_code"))
        batch_op.drop_index(batch_op.f("ix_poll_option_poll_id"))

    op.drop_table("poll_option")
    with op.batch_alter_table("ballot_print_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ballot_print_log_street_code"))
        batch_op.drop_index(batch_op.f("ix_ballot_print_log_poll_id"))

    op.drop_table("ballot_print_log")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_index("uq_ballot_live_serial", sqlite_where=sa.text("deleted_at IS NULL"))
        batch_op.drop_index(batch_op.f("ix_ballot_street_code"))
        batch_op.drop_index(batch_op.f("ix_ballot_poll_id"))

    op.drop_table("ballot")
    with op.batch_alter_table("poll", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poll_street_code"))
        batch_op.drop_index(batch_op.f("ix_poll_status"))
        batch_op.drop_index(batch_op.f("ix_poll_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_poll_agenda_item_id"))

    op.drop_table("poll")
