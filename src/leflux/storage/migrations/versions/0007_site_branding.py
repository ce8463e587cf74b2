"""A site's own title and avatar for the widget: ``sites.title`` and ``sites.avatar_url``.

Set with ``leflux sites add … --title --avatar-url`` and served in
``/api/widget-config``. Without a title the widget shows "Assistant" in the visitor's
language (never the site's id).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("title", sa.String(100), nullable=True))
        batch.add_column(sa.Column("avatar_url", sa.String(2048), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("avatar_url")
        batch.drop_column("title")
