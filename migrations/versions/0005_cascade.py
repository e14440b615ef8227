"""cascade: draft reports compiled per plan and period; an obligation passed to a ceased unit's successor

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reportdraft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("file_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("scheduled", sa.Boolean(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", models.types.AwareDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.ForeignKeyConstraint(["requirement_id"], ["requirement.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_report_draft_plan", "reportdraft", ["document_id", "requirement_id", "period"])
    with op.batch_alter_table("obligation") as batch_op:
        batch_op.add_column(sa.Column("transferred_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_obligation_transferred_to", "obligation", ["transferred_to_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("obligation") as batch_op:
        batch_op.drop_constraint("fk_obligation_transferred_to", type_="foreignkey")
        batch_op.drop_column("transferred_to_id")
    op.drop_index("ix_report_draft_plan", table_name="reportdraft")
    op.drop_table("reportdraft")
