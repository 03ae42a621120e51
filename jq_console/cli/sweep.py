"""`jq-console sweep`: the desk's housekeeping for cron (application/sweep.py says who may run it).
Prints one line per breach it recorded and per case it moved, and summaries; exits 1 if a case could not be moved."""

from __future__ import annotations

import argparse
import sys

from jq_console.cli.context import Context
from jq_console.i18n import error_text, label, t


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sweep = subparsers.add_parser("sweep", parents=[common], help=t("help.sweep"))
    sweep.set_defaults(handler=run)


def run(context: Context) -> int:
    from jq_console.application.identity import configured_service_user, current_login
    from jq_console.application.sweep import run_sweep

    engine = context.engine()
    runtime = context.runtime
    report = run_sweep(engine, runtime, current_login(engine), configured_service_user())
    bounds = runtime.policy.bounds
    for code, clock in report.recorded:
        print(t("sweep.breach_recorded", code=code, kind=label("kind", clock)))
    if report.recorded:
        print(t("sweep.breaches", count=len(report.recorded)))
    for code in report.invalidated:
        print(t("sweep.invalidated", code=code, hours=bounds.verification_hours))
    for code in report.closed:
        print(t("sweep.closed", code=code, days=bounds.auto_close_days))
    for code, refusal in report.skipped:
        print(t("sweep.skipped", code=code, reason=error_text(refusal)), file=sys.stderr)
    print(t("sweep.summary", invalidated=len(report.invalidated), closed=len(report.closed)))
    return 1 if report.skipped else 0
