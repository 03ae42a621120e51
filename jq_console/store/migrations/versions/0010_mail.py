"""E-mail: the outbox of notifications to clients and the messages read from the desk's mailbox.

Revision ID: 0010
Revises: 0008

- `outbox`: one row per message to send, written in the same transaction as the move that causes
  it. Its own Message-ID (unique) is fixed when it is queued, so a retry is the same message, and
  `dedupe` (unique) makes queueing the same notice twice impossible. `state` is pending, sending,
  sent or failed; `answer` keeps the server's last reply.
- `mail_message`: every message fetched, whatever became of it (a form's case, a reply on a case,
  an auto-reply, one waiting unclassified, one discarded with a reason), unique by Message-ID.

Every table is created only if missing, as in 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("in_reply_to", sa.String(), nullable=False),
        sa.Column("refs", sa.String(), nullable=False),
        sa.Column("dedupe", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("sent_at", sa.Float(), nullable=True),
        sa.Column("answer", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
        sa.UniqueConstraint("dedupe"),
        if_not_exists=True,
    )
    op.create_index("ix_outbox_case_id", "outbox", ["case_id"], if_not_exists=True)
    op.create_index("ix_outbox_state_next", "outbox", ["state", "next_at"], if_not_exists=True)
    op.create_index("ix_outbox_recipient", "outbox", ["recipient"], if_not_exists=True)
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("sender", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("foreign_sender", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("handled_by", sa.String(), nullable=True),
        sa.Column("handled_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
        if_not_exists=True,
    )
    op.create_index("ix_mail_message_case_id", "mail_message", ["case_id"], if_not_exists=True)
    op.create_index("ix_mail_message_state", "mail_message", ["state"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("mail_message")
    op.drop_table("outbox")
