"""`jq-console audit`: the database's integrity, its protective triggers, the history's chain, and the
policy versions and corrective actions checked against what recorded them.

Prints each problem on its own line and exits 1; prints one "all good" line and exits 0 otherwise.
A supervisor's or administrator's command: it reads the whole history.
"""

from __future__ import annotations

import argparse
import sys

from jq_console.cli.context import Context
from jq_console.cli.marks import reads_only
from jq_console.i18n import label, t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser("audit", parents=[common], help=t("help.audit"))
    command.set_defaults(handler=run_audit)


@reads_only
def run_audit(context: Context) -> int:
    from jq_console.application.access import SUPERVISING, require_agent
    from jq_console.store.audit import audit
    from jq_console.store.engine import shown_target

    engine = context.engine(readonly=True)
    require_agent(engine, SUPERVISING)
    report = audit(engine)
    url = shown_target(context.args.db)
    if report.ok:
        print(t("audit.ok", triggers=report.triggers, events=report.events, entries=report.entries, url=url))
        return 0
    for problem in report.problems:
        # A breach's clock is kept as its code ("assignment"): shown by its name in the language asked.
        params = {name: label("kind", value) if name == "kind" else value for name, value in problem.params.items()}
        print(t(problem.key, **params))
    print(t("audit.failed", count=len(report.problems), url=url), file=sys.stderr)
    return 1
