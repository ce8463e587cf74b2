"""Limits and fencing: ``sites.daily_token_budget``, ``sessions.lease_fence`` and an
index on ``sessions.updated_at``.

A site's LLM tokens per day can be capped (``leflux sites add … --daily-token-budget``).
Each turn on Redis writes with a fencing token, and the session row keeps the highest
one seen, so a process that lost its lease cannot write. Retention deletes sessions by
their last update, which the index finds without a scan.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sites", sa.Column("daily_token_budget", sa.BigInteger, nullable=True))
    op.add_column("sessions", sa.Column("lease_fence", sa.BigInteger, nullable=True))
    op.create_index("ix_sessions_updated_at", "sessions", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_sessions_updated_at", "sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("lease_fence")
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("daily_token_budget")
