"""A client's e-mail reaches the case screens open on its case.

Revision ID: 0019
Revises: 0018

A message the mailbox records on a case (`mail_message`) shows on the case screen, but on
PostgreSQL nothing woke the consoles: a reply to a case that was not waiting adds no history line,
so the open screens heard of it only with the next change of another kind. SQLite needs nothing
(every commit moves `PRAGMA data_version`).

- On PostgreSQL a recorded message wakes the consoles (NOTIFY per row, as 0002 does for the cases).

Frozen: the trigger text is a copy.
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TRIGGER = """CREATE OR REPLACE TRIGGER mail_message_notify_change AFTER INSERT OR UPDATE OR DELETE
    ON "mail_message" FOR EACH ROW EXECUTE FUNCTION jq_notify_change()"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute('DROP TRIGGER IF EXISTS mail_message_notify_change ON "mail_message"')
