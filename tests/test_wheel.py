"""The package as users get it: a wheel built from the tree, installed non-editable in a fresh virtual
environment outside the source tree, runs the documented commands (the policy ships inside it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # Nothing of the test run's own environment may point back at the source tree.
    env = env or {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
    return done


@pytest.mark.long
def test_a_wheel_installed_outside_the_tree_runs_the_documented_commands(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)], cwd=tmp_path)
    (wheel,) = wheels.glob("jq_console-*.whl")
    venv = tmp_path / "venv"
    # The fresh venv gets the wheel and the dependencies its metadata names, installed by this run's
    # own pip (`--python`): a pip of its own and byte-compiling every installed module up front cost
    # 12 s of CPU and prove nothing the commands below do not (they compile what they import).
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    install = ["install", "--quiet", "--no-compile", "--disable-pip-version-check", str(wheel)]
    run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), *install], cwd=tmp_path)

    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "LANG": "C.UTF-8",
    }
    env.update({key: value for key, value in os.environ.items() if key in ("USER", "LOGNAME")})
    console = str(venv / "bin" / "jq-console")
    db = str(tmp_path / "office.sqlite")
    where = "import jq_console; print(jq_console.__file__)"
    installed = run([str(venv / "bin" / "python"), "-c", where], tmp_path, env)
    assert str(venv) in installed.stdout and str(ROOT) not in installed.stdout

    assert run([console, "--version"], tmp_path, env).stdout.startswith("jq-console ")
    run([console, "init", "--db", db], tmp_path, env)
    run([console, "demo", "--cases", "50", "--db", db], tmp_path, env)
    deadlines = run(
        [console, "deadlines", "--severity", "S2", "--opened", "2026-12-07T15:00:00-05:00", "--json"], tmp_path, env
    )
    due = json.loads(deadlines.stdout)
    assert due["assignment_due"].startswith("2026-12-14T10:00") and due["resolution_due"].startswith("2026-12-17T15:00")
    cases = json.loads(run([console, "cases", "--json", "--db", db], tmp_path, env).stdout)
    assert cases and all(case["id"].startswith("JQ-") for case in cases)
    # The client's PDF report draws with the fonts the package ships (none installed on the machine needed).
    pdf = tmp_path / "informe.pdf"
    run([console, "report", "--db", db, "--pdf", str(pdf)], tmp_path, env)
    assert pdf.read_bytes().startswith(b"%PDF") and b"DejaVuSans" in pdf.read_bytes()
