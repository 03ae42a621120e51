"""Administration from the command line: only administrators change agents, clients, contacts,
partners and rates; everyone registered may list; an unknown login is refused."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from office_support import ADMIN, env, make_office
from office_support import run as cli


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "office.sqlite"
    make_office(path)
    return str(path)


def test_admin_registers_a_client_and_lists_it_as_json(db: str) -> None:
    added = cli(
        "client",
        "add",
        "--nit",
        "860.002.964-4",
        "--name",
        "Bavaria",
        "--service",
        "subscription",
        "--level",
        "4",
        "--uc",
        "12",
        "--db",
        db,
    )
    assert added.returncode == 0, added.stderr
    assert (
        cli(
            "client",
            "add",
            "--nit",
            "800197268-4",
            "--name",
            "Contratos Ltda.",
            "--service",
            "contractual",
            "--behind",
            "--db",
            db,
        ).returncode
        == 0
    )
    listing = cli("client", "list", "--json", "--db", db, login="a01")
    rows = {row["nit"]: row for row in json.loads(listing.stdout)}
    assert rows["860002964-4"] == {
        "nit": "860002964-4",
        "name": "Bavaria",
        "service": "subscription",
        "level": 4,
        "uc": 12,
        "up_to_date": True,
    }
    assert rows["800197268-4"]["service"] == "contractual" and rows["800197268-4"]["level"] is None
    assert rows["800197268-4"]["up_to_date"] is False


def test_client_edit_changes_only_what_is_asked(db: str) -> None:
    assert cli("client", "edit", "900123456-8", "--up-to-date", "no", "--level", "2", "--db", db).returncode == 0
    [row] = [r for r in json.loads(cli("client", "list", "--json", "--db", db).stdout) if r["nit"] == "900123456-8"]
    assert (row["up_to_date"], row["level"], row["name"]) == (False, 2, "Cliente Prueba S.A.S.")
    contractual = cli("client", "edit", "900123456-8", "--service", "contractual", "--level", "2", "--db", db)
    assert contractual.returncode != 0 and "no tiene nivel" in contractual.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("agent", "add", "intruso", "--name", "X"),
        ("agent", "disable", "a02"),
        ("agent", "role", "a02", "admin"),
        ("client", "add", "--nit", "860002964-4", "--name", "X", "--service", "subscription", "--level", "1"),
        ("client", "edit", "900123456-8", "--up-to-date", "no"),
        ("contact", "add", "--nit", "900123456-8", "--name", "X", "--role", "other", "--email", "x@x.co"),
        ("partner", "add", "--name", "Redes S.A.S."),
        ("rate", "set", "2027", "1"),
    ],
)
@pytest.mark.parametrize("login", ["a01", "super"])
def test_only_admins_change_things(db: str, command: tuple[str, ...], login: str) -> None:
    before = sqlite3.connect(db).iterdump()
    result = cli(*command, "--db", db, login=login)
    assert result.returncode != 0
    assert "solo un Administrador" in result.stderr
    assert list(before) == list(sqlite3.connect(db).iterdump())


def test_unknown_and_disabled_logins_are_refused(db: str) -> None:
    unknown = cli("client", "list", "--db", db, login="visitante")
    assert unknown.returncode != 0 and "visitante no está registrado" in unknown.stderr
    assert cli("agent", "disable", "a02", "--db", db).returncode == 0
    disabled = cli("take", "JQ-2026-00001", "--db", db, login="a02")
    assert disabled.returncode != 0 and "a02 está deshabilitado" in disabled.stderr
    assert cli("agent", "disable", ADMIN, "--db", db).returncode != 0  # not yourself


def test_an_admin_changes_a_role_which_the_next_command_obeys(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    make_office(Path(db), cases=1)
    refused = cli("assign", "JQ-2026-00001", "a01", "--db", db, login="a02")
    assert refused.returncode != 0 and "a02 es Agente" in refused.stderr
    promoted = cli("agent", "role", "a02", "supervisor", "--db", db)
    assert promoted.returncode == 0 and promoted.stdout.strip() == "Agente a02 ahora es Supervisor."
    assigned = cli("assign", "JQ-2026-00001", "a01", "--db", db, login="a02")
    assert assigned.returncode == 0, assigned.stderr
    own = cli("agent", "role", ADMIN, "agent", "--db", db)
    assert own.returncode != 0 and "No puede cambiar su propio rol" in own.stderr
    agents = {row["login"]: row for row in json.loads(cli("agent", "list", "--json", "--db", db).stdout)}
    assert (agents["a02"]["role"], agents[ADMIN]["role"]) == ("supervisor", "admin")


def test_agents_contacts_partners_and_rates(db: str) -> None:
    assert cli("agent", "add", "mgomez", "--name", "María Gómez", "--role", "supervisor", "--db", db).returncode == 0
    agents = {row["login"]: row for row in json.loads(cli("agent", "list", "--json", "--db", db).stdout)}
    assert agents["mgomez"]["role"] == "supervisor" and agents["mgomez"]["active"] is True
    assert cli("agent", "add", "mgomez", "--name", "Otra", "--db", db).returncode != 0  # duplicate login
    second_usr = cli(
        "contact",
        "add",
        "--nit",
        "900123456-8",
        "--name",
        "Otro USR",
        "--role",
        "usr",
        "--email",
        "otro@cliente.com.co",
        "--db",
        db,
    )
    assert second_usr.returncode != 0 and "un solo" not in second_usr.stderr and "USR" in second_usr.stderr
    assert (
        cli(
            "contact",
            "add",
            "--nit",
            "900123456-8",
            "--name",
            "Gloria",
            "--role",
            "manager",
            "--phone",
            "310 999 8877",
            "--db",
            db,
        ).returncode
        == 0
    )
    assert cli("partner", "add", "--name", "Redes S.A.S.", "--specialty", "redes", "--db", db).returncode == 0
    assert cli("rate", "set", "2028", "210000", "--db", db).returncode == 0
    connection = sqlite3.connect(db)
    assert connection.execute("SELECT phone FROM contact WHERE name = 'Gloria'").fetchone() == ("3109998877",)
    assert connection.execute("SELECT hourly FROM rate WHERE year = 2028").fetchone() == (210000,)


def test_init_makes_the_first_login_admin(tmp_path: Path) -> None:
    db = str(tmp_path / "new.sqlite")
    first = cli("init", "--sandbox", "--db", db, login="fundadora")  # a sandbox: the variable names the login
    assert first.returncode == 0 and "primer administrador" in first.stdout
    again = cli("init", "--sandbox", "--db", db, login="otro")
    assert again.returncode == 0 and "primer administrador" not in again.stdout
    roles = dict(sqlite3.connect(db).execute("SELECT login, role FROM agent").fetchall())
    assert roles == {"fundadora": "admin"}


def test_under_sudo_the_variable_cannot_borrow_an_admins_name(tmp_path: Path) -> None:
    """Through sudo the agent is SUDO_USER; JQ_CONSOLE_AGENT=jefe does not make them the admin."""
    db = str(tmp_path / "office.sqlite")
    [code] = make_office(tmp_path / "office.sqlite", cases=1)
    environment = {**env("jefe"), "SUDO_USER": "a01"}
    refused = subprocess.run(
        [sys.executable, "-m", "jq_console", "rate", "set", "2027", "1", "--db", db],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert refused.returncode != 0 and "a01 es Agente" in refused.stderr
    taken = subprocess.run(
        [sys.executable, "-m", "jq_console", "take", code, "--db", db],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )
    assert taken.returncode == 0 and "tomado por a01" in taken.stdout


def test_the_agent_list_tells_who_is_away_as_the_consoles_do(db: str) -> None:
    """It showed each agent's chosen availability: "Disponible" for an agent whose console had been
    closed for days, where the consoles, the dashboard and `availability` say "Ausente"."""
    assert cli("agent", "add", "mgomez", "--name", "María Gómez", "--db", db).returncode == 0  # never seen
    listed = cli("agent", "list", "--db", db)
    line = next(line for line in listed.stdout.splitlines() if line.startswith("mgomez"))
    assert "Ausente" in line and "Disponible" not in line
    everyone = cli("availability", "--db", db)
    assert "Ausente" in next(line for line in everyone.stdout.splitlines() if line.startswith("mgomez"))
