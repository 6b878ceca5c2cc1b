"""Pull (sync protocol 2): the pull cursor and restore state; who made each outbox op and
what the changed fields were before.

Revision ID: 0013_pull
Revises: 0012_opinion_units
Create Date: 2026-12-06 12:00:00

Written by hand. ``sync_pull`` is a single row (id 1) like ``sync_state`` (a new table, so
the older one is not rebuilt). ``sync_outbox.actor`` is the user name sent as the op's
``by``; ``sync_outbox.changed`` holds, for an update, the changed fields' values before it
(JSON), which the conflict rules use to merge changes that do not overlap.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_pull'
down_revision = '0012_opinion_units'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'sync_pull',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cursor', sa.BigInteger(), nullable=False),
        sa.Column('head', sa.BigInteger(), nullable=False),
        sa.Column('rows_pulled', sa.BigInteger(), nullable=False),
        sa.Column('last_pull_at', sa.DateTime(), nullable=True),
        sa.Column('restore', sa.String(length=16), nullable=False),
        sa.Column('devices_json', sa.Text(), nullable=False),
        sa.Column('devices_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_pull')),
    )
    with op.batch_alter_table('sync_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('changed', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table(
        'sync_outbox', recreate='always', table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.drop_column('changed')
        batch_op.drop_column('actor')
    op.drop_table('sync_pull')
