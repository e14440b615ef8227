"""a rejected plan frees its number: the corrected plan is registered again under the same số, ký hiệu

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("status != 'rejected'")


def upgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_constraint("uq_document_number", type_="unique")
    op.create_index(
        "uq_document_number_live",
        "document",
        ["issuer_id", "year", "so_ky_hieu"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_document_number_live", table_name="document")
    with op.batch_alter_table("document") as batch_op:
        batch_op.create_unique_constraint("uq_document_number", ["issuer_id", "year", "so_ky_hieu"])
