"""`jq-console batch FILE|-`: many commands in one process, one per line, each checked and run as it
would be on its own, its failure told with its line number (README, "Many moves in one process")."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest
from office_support import ADMIN, cli, env, make_office, run, runtime
from store_backends import postgres_url, store_url  # noqa: F401

from jq_console.application.policy import apply_policy
from jq_console.bootstrap import DEFAULT_POLICY
from jq_console.store import directory
from jq_console.store.cases import find_case
from jq_console.store.engine import make_engine, read

NOW = "2026-12-07T10:00:00-05:00"  # a Monday in working hours


def holders(db: str, codes: list[str]) -> list[str | None]:
    engine = make_engine(db)
    try:
        found = read(engine, lambda connection: [find_case(connection, code) for code in codes])
    finally:
        engine.dispose()
    return [case.agent if case is not None else "?" for case in found]


def answer(stream: IO[str]) -> str:
    """The next line the batch writes; a batch that keeps it (an answer never flushed) fails the test
    instead of hanging it."""
    ready, _, _ = select.select([stream], [], [], 60)
    assert ready, "the batch did not answer the line it was given"
    return stream.readline()


class OpenBatch:
    """`jq-console batch -` in a process of its own, fed a line at a time as a script would (no
    PYTHONUNBUFFERED: the batch must flush each answer itself)."""

    def __init__(self, db: str, login: str = "a01") -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jq_console", "batch", "-", "--db", db, "--now", NOW],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={key: value for key, value in env(login).items() if key != "PYTHONUNBUFFERED"},
        )
        assert self.process.stdin and self.process.stdout and self.process.stderr
        self.stdin, self.stdout, self.stderr = self.process.stdin, self.process.stdout, self.process.stderr

    def say(self, line: str) -> None:
        self.stdin.write(line + "\n")
        self.stdin.flush()

    def finish(self) -> int:
        self.stdin.close()
        return self.process.wait(timeout=60)


@contextmanager
def open_batch(db: str) -> Iterator[OpenBatch]:
    batch = OpenBatch(db)
    try:
        yield batch
    finally:
        batch.process.kill()
        batch.process.wait()


def batch(db: str, text: str, *more: str, login: str = "a01") -> subprocess.CompletedProcess[str]:
    return run("batch", "-", "--db", db, "--now", NOW, *more, login=login, stdin=text)


def test_every_line_runs_in_order_with_the_output_its_command_prints(store_url: str) -> None:
    codes = make_office(store_url, cases=3)
    script = f"# the morning's takes\ntake {codes[0]}\n\n  take {codes[1]}\ncase start {codes[0]}\n"
    done = batch(store_url, script)
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[:2] == [f"Caso {codes[0]} tomado por a01.", f"Caso {codes[1]} tomado por a01."]
    assert len(said) == 3 and said[2].startswith(codes[0])  # the case after its move, as `case` prints it
    assert done.stderr == ""
    assert holders(store_url, codes) == ["a01", "a01", None]


def test_the_lines_use_the_batchs_database_with_the_real_clock(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    done = run("batch", "-", "--db", db, login="a01", stdin=f"take {codes[0]}\n")
    assert done.returncode == 0, done.stderr
    assert holders(db, codes) == ["a01"]


def test_a_refused_line_is_told_with_its_number_and_the_others_still_run(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=3)
    run("take", codes[1], "--db", db, "--now", NOW, login="a02")
    done = batch(db, f"take {codes[0]}\ntake {codes[1]}\ntake {codes[2]}\n")
    assert done.returncode == 1
    assert holders(db, codes) == ["a01", "a02", "a01"]
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("jq-console: línea 2: ")
    assert "a02" in done.stderr  # the refusal's own sentence: who holds it


def test_the_exit_code_is_the_worst_line_and_stop_ends_at_any_failure(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=3)
    mixed = batch(db, f"take JQ-2026-99999\ntake 'unclosed\ntake {codes[0]}\n")
    assert mixed.returncode == 2 and holders(db, codes)[0] == "a01"  # refused (1), then bad input (2)
    stopped = batch(db, f"take 'unclosed\ntake {codes[1]}\n", "--stop")
    assert stopped.returncode == 2 and holders(db, codes)[1] is None


def test_stop_ends_the_batch_at_the_first_failing_line(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=3)
    done = batch(db, f"take {codes[0]}\ntake JQ-2026-99999\ntake {codes[2]}\n", "--stop")
    assert done.returncode == 1 and "línea 2" in done.stderr
    assert holders(db, codes) == ["a01", None, None]


@pytest.mark.parametrize(
    "line",
    [
        "demo --reset",
        "init",
        "backup /tmp/elsewhere.sqlite",
        "batch -",
        "agent disable a02",
        "upgrade",
        "console",
        "dashboard",
        "policy apply x.toml",
        "rm -rf /",
    ],
)
def test_only_case_work_is_batched(tmp_path: Path, line: str) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    done = batch(db, f"{line}\ntake {codes[0]}\n", login=ADMIN)
    assert done.returncode == 2
    assert done.stderr.startswith("jq-console: línea 1: ") and "take" in done.stderr  # it lists what may be
    assert holders(db, codes) == [ADMIN]  # the next line still ran


@pytest.mark.parametrize(
    "words",
    ["--db OTHER", "--db=OTHER", "--now 2020-01-01T10:00", "--lang en", "--demo", "--po x", "--d=OTHER"],
)
def test_a_line_cannot_change_the_batchs_database_clock_or_language(tmp_path: Path, words: str) -> None:
    db, other = str(tmp_path / "office.sqlite"), tmp_path / "other.sqlite"
    codes = make_office(db, cases=1)
    done = batch(db, f"take {codes[0]} {words.replace('OTHER', str(other))}\n")
    assert done.returncode == 2 and done.stderr.startswith("jq-console: línea 1: ")
    assert holders(db, codes) == [None]
    assert not other.exists()


def test_the_batchs_own_values_win_even_over_a_line_that_got_past_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second guard: whatever a line's words held, the batch's database, clock and language are
    copied onto what the line's parser read."""
    from jq_console.cli import batch as batch_command

    db, other = str(tmp_path / "office.sqlite"), tmp_path / "other.sqlite"
    codes = make_office(db, cases=1)
    monkeypatch.setattr(batch_command, "_not_batched", lambda words: None)
    done = batch(db, f"take {codes[0]} --db {other} --lang en\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Caso ")  # still Spanish
    assert holders(db, codes) == ["a01"] and not other.exists()


def test_a_line_the_parser_refuses_is_one_sentence_with_its_number(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=2)
    done = batch(db, f"take\nassign {codes[0]}\ntake {codes[1]} extra\ntake {codes[1]}\n", login="super")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert [line.split(":")[1].strip() for line in lines] == ["línea 1", "línea 2", "línea 3"]
    assert "uso:" not in done.stderr and "Traceback" not in done.stderr
    assert holders(db, codes) == [None, "super"]


def test_hostile_lines_are_plain_text_and_a_stored_note_is_data(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=2)
    script = (
        "take 'JQ-2026\x1b[2J\x07\n"  # an unclosed quote, with an escape sequence
        "take [bold red]JQ[/]\x1b]0;pwned\x07\n"
        f'case resolve {codes[1]} --note "fixed \x1b[31m[red]ok[/red]"\n'  # not held: refused
        f"take {codes[0]}\n"
        f'case resolve {codes[0]} --note "fixed \x1b[31m[red]ok[/red]\x07"\n'
    )
    done = batch(db, script)
    assert done.returncode == 2  # the unclosed quote; the others refused (1) or done
    assert "\x1b" not in done.stderr + done.stdout and "\x07" not in done.stderr + done.stdout
    assert [line.split(":")[1].strip() for line in done.stderr.splitlines()] == ["línea 1", "línea 2", "línea 3"]
    assert holders(db, codes) == ["a01", None]
    shown = run("case", "show", codes[0], "--json", "--db", db, "--now", NOW, login="a01")
    notes = [event["note"] for event in json.loads(shown.stdout)["history"] if event["kind"] == "resolve"]
    assert notes == ["fixed [red]ok[/red]"]  # the escape sequence gone, the brackets kept as typed


def test_a_line_that_is_not_utf8_or_too_long_is_told_and_skipped(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    source = tmp_path / "moves.txt"
    source.write_bytes(b"take \xff\xfe\n" + b"take " + b"x" * 1_100_000 + b"\n" + f"take {codes[0]}\n".encode())
    done = run("batch", str(source), "--db", db, "--now", NOW, login="a01")
    assert done.returncode == 2
    assert [line.split(":")[1].strip() for line in done.stderr.splitlines()] == ["línea 1", "línea 2"]
    assert holders(db, codes) == ["a01"]


def test_a_missing_file_is_one_sentence(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    make_office(db)
    done = run("batch", str(tmp_path / "nowhere.txt"), "--db", db, "--now", NOW, login="a01")
    assert done.returncode == 2 and "nowhere.txt" in done.stderr and done.stderr.count("\n") == 1


def test_a_moved_clock_on_real_work_is_refused_before_any_line(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1, sandbox=False)
    done = cli("batch", "-", "--db", db, "--now", NOW, login=None, stdin=f"take {codes[0]}\n")
    assert done.returncode == 1 and "línea" not in done.stderr
    assert holders(db, codes) == [None]


def test_lines_from_a_pipe_are_answered_as_they_arrive_and_each_checks_the_actor(tmp_path: Path) -> None:
    """A script keeps one batch open and feeds it a move at a time: each is answered before the next
    is written. An agent disabled meanwhile is refused from the next line on (the check is inside each
    move's own write)."""
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=3)
    with open_batch(db) as batch:
        batch.say(f"take {codes[0]}")
        assert codes[0] in answer(batch.stdout)  # answered while its standard input is still open
        assert holders(db, codes) == ["a01", None, None]
        engine = make_engine(db)
        directory.set_agent(engine, "a01", active=False)
        engine.dispose()
        batch.say(f"take {codes[1]}")
        refusal = answer(batch.stderr)
        assert refusal.startswith("jq-console: línea 2: ") and "a01" in refusal
        assert batch.finish() == 1
    assert holders(db, codes) == ["a01", None, None]


def test_a_batch_imports_only_the_modules_of_the_commands_its_lines_name(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    probe = (
        "import sys\nfrom jq_console.cli import main\ncode = main(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.startswith('jq_console.cli.')), file=sys.stderr)\n"
        "raise SystemExit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "batch", "-", "--db", db, "--now", NOW],
        input=f"take {codes[0]}\n",
        capture_output=True,
        text=True,
        env=env("a01"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stderr.strip().splitlines()[-1]
    assert "jq_console.cli.office" in loaded and "jq_console.cli.batch" in loaded
    for other in ("billing", "report", "mail", "admin", "policy", "core"):
        assert f"jq_console.cli.{other}'" not in loaded


@pytest.mark.parametrize("words", ["-h", "--help", "--he", "--version"])
def test_a_line_asking_for_help_is_refused_not_answered(tmp_path: Path, words: str) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    done = batch(db, f"take {codes[0]} {words}\n", "--stop")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("jq-console: línea 1: ") and words in done.stderr
    assert holders(db, codes) == [None]


def test_an_odd_line_still_gets_a_whole_sentence(tmp_path: Path) -> None:
    """argparse joins what it did not recognise unquoted; a line separator inside a word must not cut
    the sentence the batch tells."""
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    done = batch(db, f"take {codes[0]} 'a\u2028b'\ntake {codes[0]} 'a\x0cb'\n")
    assert done.returncode == 2
    told = done.stderr.splitlines()
    assert len(told) == 2 and all(len(line.split(": ", 2)[2]) > 10 for line in told)


def test_english_and_a_byte_order_mark(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=2)
    source = tmp_path / "moves.txt"
    source.write_text(f"\ufefftake {codes[0]}\ntake {codes[0]}\n", encoding="utf-8")
    done = run("batch", str(source), "--db", db, "--now", NOW, "--lang", "en", login="a02")
    assert done.returncode == 1
    assert done.stdout == f"Case {codes[0]} taken by a02.\n"
    assert done.stderr.startswith("jq-console: line 2: ")


def test_a_folder_or_a_closed_standard_input_is_one_sentence(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    make_office(db)
    folder = run("batch", str(tmp_path), "--db", db, "--now", NOW, login="a01")
    assert folder.returncode == 2 and "carpeta" in folder.stderr and folder.stderr.count("\n") == 1
    closed = subprocess.run(
        [sys.executable, "-m", "jq_console", "batch", "-", "--db", db, "--now", NOW],
        capture_output=True,
        text=True,
        env=env("a01"),
        preexec_fn=lambda: os.close(0),  # the child starts with no standard input
        timeout=60,
    )
    assert closed.returncode == 2 and "entrada estándar" in closed.stderr and "Traceback" not in closed.stderr


def test_a_batch_whose_answers_nobody_reads_stops_before_the_next_move(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=3)
    with open_batch(db) as batch:
        batch.say(f"take {codes[0]}")
        assert codes[0] in answer(batch.stdout)
        batch.stdout.close()  # the reader is gone
        batch.say(f"take {codes[1]}\ntake {codes[2]}")
        assert batch.finish() == 141
        assert "Traceback" not in batch.stderr.read()
    assert holders(db, codes)[2] is None  # the batch stopped: at most the line whose answer failed ran


def test_refusals_nobody_reads_do_not_end_the_batch(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    read_end, write_end = os.pipe()
    os.close(read_end)  # stderr leads nowhere
    try:
        done = subprocess.run(
            [sys.executable, "-m", "jq_console", "batch", "-", "--db", db, "--now", NOW],
            input=f"take JQ-2026-99999\ntake {codes[0]}\n",
            stdout=subprocess.PIPE,
            stderr=write_end,
            text=True,
            env=env("a01"),
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1 and codes[0] in done.stdout
    assert holders(db, codes) == ["a01"]


def test_a_batch_left_open_follows_a_policy_applied_meanwhile(tmp_path: Path) -> None:
    """Version 2 allows notes of at most 100 characters: the batch's next line is judged under it."""
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    shorter = tmp_path / "short_notes.toml"
    shorter.write_text(DEFAULT_POLICY.read_text(encoding="utf-8").replace("note = 4000", "note = 100"))
    with open_batch(db) as batch:
        batch.say(f"take {codes[0]}")
        assert codes[0] in answer(batch.stdout)
        engine = make_engine(db)
        assert apply_policy(engine, runtime(), ADMIN, shorter).number == 2
        engine.dispose()
        batch.say(f"case wait {codes[0]} --reason '{'x' * 150}'")
        refusal = answer(batch.stderr)
        assert refusal.startswith("jq-console: línea 2: ") and "100" in refusal
        assert batch.finish() == 2  # a reason too long is bad input


@pytest.mark.parametrize("command", ["cases", "batch"])
def test_output_nobody_reads_ends_quietly(tmp_path: Path, command: str) -> None:
    """`jq-console cases | head -1`: the reader gone, Python's own flush at exit used to fail after
    the command ended ('Exception ignored ... BrokenPipeError', exit 120). A command exits 0 and a
    batch 141, before its next line, and neither says anything more."""
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=2)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader left before the first byte
    argv = ["cases"] if command == "cases" else ["batch", "-"]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "jq_console", *argv, "--db", db, "--now", NOW],
            input=f"take {codes[0]}\ntake {codes[1]}\n",
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={key: value for key, value in env("a01").items() if key != "PYTHONUNBUFFERED"},
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == (0 if command == "cases" else 141)
    if command == "batch":
        assert holders(db, codes) == ["a01", None]


def test_a_failure_before_a_line_runs_is_that_lines_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Taking up a new policy version reads the database before each line: a server gone for that
    read is the line's failure, told with its number, as a failure inside the line is."""
    from sqlalchemy.exc import OperationalError

    from jq_console.cli.context import Context

    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=2)
    original, calls = Context.follow_newest_policy, [0]

    def follow(context: Context) -> None:
        calls[0] += 1
        if calls[0] == 2:
            raise OperationalError("SELECT version", {}, Exception("server closed the connection unexpectedly"))
        original(context)

    monkeypatch.setattr(Context, "follow_newest_policy", follow)
    done = batch(db, f"take {codes[0]}\ntake JQ-2026-99999\ntake {codes[1]}\n")
    assert done.stderr.startswith("jq-console: línea 2: ") and done.stderr.count("\n") == 1
    assert done.returncode == 2 and holders(db, codes) == ["a01", "a01"]


@pytest.mark.parametrize("closed", ["stdout", "stderr"])
def test_a_batch_started_without_an_output_stream(tmp_path: Path, closed: str) -> None:
    """Without standard output no line could be answered: refused before the first move. Without
    standard error the refusals go nowhere and the batch goes on; its exit code still tells."""
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    descriptor = 1 if closed == "stdout" else 2
    done = subprocess.run(
        [sys.executable, "-m", "jq_console", "batch", "-", "--db", db, "--now", NOW],
        input=f"take JQ-2026-99999\ntake {codes[0]}\n",
        capture_output=True,
        text=True,
        env=env("a01"),
        preexec_fn=lambda: os.close(descriptor),
        timeout=60,
    )
    assert "Traceback" not in done.stderr + done.stdout
    if closed == "stdout":
        assert done.returncode == 2 and "salida estándar" in done.stderr and holders(db, codes) == [None]
    else:
        assert done.returncode == 1 and holders(db, codes) == ["a01"] and codes[0] in done.stdout


def test_a_command_started_without_standard_output_still_does_its_work(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    codes = make_office(db, cases=1)
    done = subprocess.run(
        [sys.executable, "-m", "jq_console", "take", codes[0], "--db", db, "--now", NOW],
        capture_output=True,
        text=True,
        env=env("a01"),
        preexec_fn=lambda: os.close(1),
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "" and holders(db, codes) == ["a01"]
