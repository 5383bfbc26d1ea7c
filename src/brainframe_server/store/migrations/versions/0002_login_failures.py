"""Create the table of failed-login counters used for throttling.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("throttle_key", sa.String(512), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Double, nullable=False),
        sa.Column("blocked_until", sa.Double, nullable=False),
    )
    op.create_index(
        "ix_login_failures_last_failure_at", "login_failures", ["last_failure_at"]
    )


def downgrade() -> None:
    op.drop_table("login_failures")
