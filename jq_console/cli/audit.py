"""`jq-console audit`: the database's integrity, its protective triggers, the history's chain, and the
policy versions and corrective actions checked against what recorded them.

Prints each problem on its own line and exits 1; prints one "all good" line and exits 0 otherwise.
With `--anchor FILE`, it also checks that the history still holds the rows the file anchored, and
after a clean audit adds the chains' ends to the file (`domain.anchors`; docs/security.md).
A supervisor's or administrator's command: it reads the whole history.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jq_console.cli.context import Context
from jq_console.cli.marks import reads_only
from jq_console.domain.anchors import Anchor
from jq_console.domain.coded import CodedError
from jq_console.i18n import label, t

# One line a table, a night: years of anchors are well under this.
ANCHOR_FILE_CAP = 16 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser("audit", parents=[common], help=t("help.audit"))
    command.add_argument("--anchor", metavar=t("help.metavar.file"), help=t("help.audit.anchor"))
    command.set_defaults(handler=run_audit)


def _read_anchors(path: Path) -> tuple[str, dict[str, Anchor]]:
    """The anchor file's text and its last anchor of each table; none yet when it does not exist."""
    from jq_console.domain.anchors import AnchorFileError, latest_anchors
    from jq_console.files import read_small_text

    if not path.exists() and not path.is_symlink():
        return "", {}
    try:
        text = read_small_text(path, ANCHOR_FILE_CAP)
    except IsADirectoryError:
        raise CodedError("err.file.folder", path=path) from None
    except OSError as error:
        raise CodedError("cli.cannot_read", path=path, error=error.strerror or type(error).__name__) from None
    except UnicodeDecodeError:
        raise CodedError("audit.anchor_line", path=path, line=1) from None
    try:
        return text, latest_anchors(text)
    except AnchorFileError as error:
        raise CodedError(error.code, path=path, **error.params) from None


@reads_only
def run_audit(context: Context) -> int:
    from jq_console.application.access import SUPERVISING, require_agent
    from jq_console.store.audit import audit
    from jq_console.store.engine import shown_target

    engine = context.engine(readonly=True)
    require_agent(engine, SUPERVISING)
    anchor_file = Path(context.args.anchor) if context.args.anchor else None
    text, anchors = _read_anchors(anchor_file) if anchor_file else ("", {})
    report = audit(engine, anchors)
    url = shown_target(context.args.db)
    elsewhere = sorted({anchor.database for anchor in anchors.values()} - {url, ""})
    if elsewhere:  # a nightly job pointed at another database's file, or the database moved
        print(t("audit.anchor_elsewhere", path=anchor_file, databases=", ".join(elsewhere), url=url), file=sys.stderr)
    if report.ok:
        print(t("audit.ok", triggers=report.triggers, events=report.events, entries=report.entries, url=url))
        if anchor_file is not None:
            _anchor(context, anchor_file, text, report.ends, url)
        return 0
    for problem in report.problems:
        # A breach's clock is kept as its code ("assignment"): shown by its name in the language asked.
        params = {name: label("kind", value) if name == "kind" else value for name, value in problem.params.items()}
        print(t(problem.key, **params))
    print(t("audit.failed", count=len(report.problems), url=url), file=sys.stderr)
    if anchor_file is not None:
        print(t("audit.not_anchored", path=anchor_file), file=sys.stderr)
    return 1


def _anchor(context: Context, path: Path, text: str, ends: dict[str, tuple[int, str]], url: str) -> None:
    """Add the chains' ends to the anchor file, written whole again (never through a link, never
    over the database: `files.write_text`), with the permissions its keeper gave it."""
    import stat

    from jq_console.domain.anchors import anchor_lines
    from jq_console.files import NEW_FILE_MODE, write_text
    from jq_console.presentation.presenters import iso
    from jq_console.store.engine import database_files

    runtime = context.runtime
    at = iso(runtime, runtime.now(), "seconds") or ""
    if text and not text.endswith("\n"):
        text += "\n"
    kept = path.lstat() if path.exists() else None
    mode = NEW_FILE_MODE if kept is None else stat.S_IMODE(kept.st_mode)
    written = write_text(path, text + anchor_lines(ends, at, url), protect=database_files(context.args.db), mode=mode)
    print(t("audit.anchored", path=written, rows=sum(rows for rows, _ in ends.values())))
