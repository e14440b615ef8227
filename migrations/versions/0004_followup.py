"""follow-up: chasing steps per obligation and due date, plan supervisors and completion, collected submissions

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "followupstep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("queued_on", sa.Date(), nullable=False),
        sa.Column("queued_at", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.Column("message_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("run_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.ForeignKeyConstraint(["obligation_id"], ["obligation.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("obligation_id", "due_date", "step", name="uq_followup_step"),
    )
    op.create_index("ix_followup_document", "followupstep", ["document_id"])
    op.create_table(
        "planfollowup",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("supervisors", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("completed_at", models.types.AwareDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("document_id"),
    )
    with op.batch_alter_table("submission") as batch_op:
        batch_op.add_column(sa.Column("collected_at", models.types.AwareDateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_submission_uncollected", ["collected_at"])
    # what came in before this revision has been handled by hand: `collect` starts with what comes next
    op.execute("UPDATE submission SET collected_at = received_at")
    op.create_index("ix_obligation_state_due", "obligation", ["state", "due_date"])
    op.create_index("ix_obligation_requirement_period", "obligation", ["requirement_id", "period"])


def downgrade() -> None:
    op.drop_index("ix_obligation_requirement_period", table_name="obligation")
    op.drop_index("ix_obligation_state_due", table_name="obligation")
    with op.batch_alter_table("submission") as batch_op:
        batch_op.drop_index("ix_submission_uncollected")
        batch_op.drop_column("collected_at")
    op.drop_table("planfollowup")
    op.drop_index("ix_followup_document", table_name="followupstep")
    op.drop_table("followupstep")
