"""A client's e-mail reaches the case screens open on its case; a timer, every console of its agent.

Revision ID: 0019
Revises: 0018

A message the mailbox records on a case (`mail_message`) shows on the case screen, but on
PostgreSQL nothing woke the consoles: a reply to a case that was not waiting adds no history line,
so the open screens heard of it only with the next change of another kind. SQLite needs nothing
(every commit moves `PRAGMA data_version`).

- On PostgreSQL a recorded message wakes the consoles (NOTIFY per row, as 0002 does for the cases).
- So does a work timer started or stopped (`work_timer`): an agent's other console follows it
  (`ui/timer_follow.py`), and a timer started, or stopped without logging time, writes nothing else.

Frozen: the trigger text is a copy.
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

TABLES = ("mail_message", "work_timer")
TRIGGER = """CREATE OR REPLACE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE
    ON "{table}" FOR EACH ROW EXECUTE FUNCTION jq_notify_change()"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(TRIGGER.format(table=table))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_notify_change ON "{table}"')
