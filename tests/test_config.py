"""Settings from /etc, the user's file, JQ_CONSOLE_CONFIG, the environment and flags, later winning;
`config show` names each value's source; `--demo` applies to every command; secrets stay out of files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from jq_console import config
from jq_console.cli import main
from jq_console.config import ConfigError, load_settings, password_file_problem

# Every config layer the tests write lives in tmp_path; nothing of the machine's is read.
CLEAN = {"HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent/.config"}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_layer_overrides_the_one_before_key_by_key(tmp_path: Path) -> None:
    system = write(tmp_path / "etc.toml", '[database]\nurl = "/srv/a.sqlite"\n[ui]\nlanguage = "en"\ntheme = "nord"\n')
    user = write(tmp_path / "user.toml", '[database]\nurl = "/home/b.sqlite"\n')
    named = write(tmp_path / "named.toml", '[ui]\ntheme = "gruvbox"\n[keymap]\n"queue.take" = "ctrl+t"\n')
    environ = {**CLEAN, "JQ_CONSOLE_CONFIG": str(named), "JQ_CONSOLE_DB": "/env/c.sqlite"}
    settings = load_settings(environ, files=[system, user, named])
    assert (settings.database, settings.source("database.url")) == ("/env/c.sqlite", "env JQ_CONSOLE_DB")
    assert (settings.language, settings.source("ui.language")) == ("en", str(system))
    assert (settings.theme, settings.source("ui.theme")) == ("gruvbox", str(named))
    assert settings.keymap == {"queue.take": "ctrl+t"}
    assert settings.source("mail.imap_mailbox") == config.DEFAULT
    config.apply_flags(settings, {"database.url": ("--db", "/flag/d.sqlite"), "ui.language": ("--lang", None)})
    assert (settings.database, settings.source("database.url")) == ("/flag/d.sqlite", "--db")
    assert settings.source("ui.language") == str(system)  # a flag not given changes nothing


def test_the_files_are_looked_for_in_order() -> None:
    environ = {"HOME": "/home/ana", "JQ_CONSOLE_CONFIG": "/tmp/x.toml"}
    assert config.config_files(environ) == [
        Path("/etc/jq-console/config.toml"),
        Path("/home/ana/.config/jq-console/config.toml"),
        Path("/tmp/x.toml"),
    ]
    xdg = {"HOME": "/home/ana", "XDG_CONFIG_HOME": "/cfg"}
    assert config.config_files(xdg)[1] == Path("/cfg/jq-console/config.toml")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('[mail]\nsmtp_password = "hunter2"\n', "config.secret_in_file"),
        ('[database]\nurl = "x"\ncolour = 3\n', "config.unknown_key"),
        ('[ui]\nlanguage = "fr"\n', "config.bad_choice"),
        ("[mail]\nsmtp_port = 99999\n", "config.bad_value"),
        ("[ui\n", "config.toml"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_key(tmp_path: Path, text: str, code: str) -> None:
    bad = write(tmp_path / "bad.toml", text)
    with pytest.raises(ConfigError) as refusal:
        load_settings({**CLEAN, "JQ_CONSOLE_CONFIG": str(bad)}, files=[bad])
    assert refusal.value.code == code
    assert refusal.value.params["path"] in (bad, str(bad))


def test_a_missing_named_file_is_an_error_but_missing_default_files_are_not(tmp_path: Path) -> None:
    assert load_settings(CLEAN, files=[tmp_path / "absent.toml"]).files_read == []
    with pytest.raises(ConfigError) as refusal:
        load_settings({**CLEAN, "JQ_CONSOLE_CONFIG": str(tmp_path / "absent.toml")})
    assert refusal.value.code == "config.missing"


def test_the_command_tells_a_bad_file_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(write(tmp_path / "c.toml", '[mail]\npassword = "x"\n')))
    assert main(["config", "show"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "mail.password" in err[0] and "password_file" in err[0]


def test_config_show_names_the_source_of_each_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    named = write(tmp_path / "c.toml", '[ui]\ntheme = "nord"\n[files]\nexport_dir = "~/exports"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(named))
    monkeypatch.setenv("JQ_CONSOLE_DB", str(tmp_path / "env.sqlite"))
    assert main(["config", "show", "--json", "--lang", "en"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["settings"]["ui.theme"] == {"value": "nord", "source": str(named)}
    assert shown["settings"]["database.url"]["source"] == "env JQ_CONSOLE_DB"
    assert shown["settings"]["ui.language"] == {"value": "en", "source": "--lang"}
    assert shown["settings"]["mail.smtp_tls"]["source"] == "default"
    assert main(["config", "show"]) == 0
    text = capsys.readouterr().out
    assert f"nord  ({named})" in text and "(env JQ_CONSOLE_DB)" in text and "(por omisión)" in text


def test_the_configured_language_speaks_unless_a_flag_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JQ_CONSOLE_CONFIG", str(write(tmp_path / "c.toml", '[ui]\nlanguage = "en"\n')))
    assert main(["config", "show"]) == 0
    assert capsys.readouterr().out.startswith("Effective settings")
    assert main(["config", "show", "--lang", "es"]) == 0
    assert capsys.readouterr().out.startswith("Configuración efectiva")


def test_demo_applies_to_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("JQ_CONSOLE_DB", raising=False)
    demo = tmp_path / "jq-console" / "demo.sqlite"
    assert main(["--demo", "cases", "--json"]) == 0
    assert demo.exists() and json.loads(capsys.readouterr().out)
    opened: list[str | None] = []

    def dashboard(context: object) -> int:  # stands for the Textual app: records the database it was given
        opened.append(getattr(context, "args").db)  # noqa: B009
        return 0

    monkeypatch.setattr("jq_console.ui.dashboard_app.run_dashboard", dashboard)
    assert main(["--demo", "dashboard"]) == 0
    assert main(["dashboard", "--demo"]) == 0
    assert opened == [str(demo), str(demo)]


def test_the_password_file_must_be_private(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret", "smtp=x\n")
    os.chmod(secret, 0o644)
    assert password_file_problem(secret) == "config.password_file_open"
    os.chmod(secret, 0o600)
    assert password_file_problem(secret) is None
    assert password_file_problem(tmp_path / "absent") == "config.password_file_missing"
    assert password_file_problem(Path("/dev/zero")) == "err.file.not_regular"  # not "does not exist"
    assert password_file_problem(tmp_path) == "err.file.not_regular"


def test_a_password_file_of_several_lines_that_is_not_toml_is_refused_not_sent_whole(tmp_path: Path) -> None:
    """Read as "one line for both", a mistyped TOML file went whole to the IMAP server, the SMTP
    password with it, its second line as a command of its own."""
    from jq_console.config import ConfigError, read_passwords

    secret = write(tmp_path / "secret", 'smtp = "S3cret-smtp"\nimap = "S3cret"imap\n')
    os.chmod(secret, 0o600)
    with pytest.raises(ConfigError) as refused:
        read_passwords(secret)
    assert refused.value.code == "config.password_file_format" and "S3cret" not in str(refused.value.params)
    one = write(tmp_path / "one", "S3cret-both\n")
    os.chmod(one, 0o600)
    assert read_passwords(one) == {"smtp": "S3cret-both", "imap": "S3cret-both"}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("jq-console ")


def test_an_unexpected_error_is_logged_and_told_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def broken(context: object) -> int:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr("jq_console.cli.settings.run_show", broken)
    assert main(["config", "show"]) == 70
    err = capsys.readouterr().err.strip().splitlines()
    log = tmp_path / "state" / "jq-console" / "jq-console.log"
    assert len(err) == 1 and "RuntimeError" in err[0] and str(log) in err[0]
    assert "Traceback" in log.read_text(encoding="utf-8") and "a bug nobody foresaw" in log.read_text(encoding="utf-8")


def test_mail_settings_refuse_plain_text_to_another_machine_and_an_open_password_file(tmp_path: Path) -> None:
    from jq_console.config import mail_settings

    secrets = tmp_path / "mail-secrets"
    secrets.write_text('smtp = "s3cret"\nimap = "other"\n', encoding="utf-8")
    secrets.chmod(0o600)
    local = write(
        tmp_path / "local.toml",
        f'[mail]\nsender = "soporte@jq.test"\nsmtp_host = "127.0.0.1"\nsmtp_tls = "none"\nsmtp_user = "desk"\n'
        f'imap_host = "imap.jq.test"\nimap_user = "desk"\npassword_file = "{secrets}"\n',
    )
    mail = mail_settings(load_settings({}, files=[local]))
    assert mail.smtp is not None and (mail.smtp.port, mail.smtp.password) == (25, "s3cret")
    assert mail.imap is not None and (mail.imap.port, mail.imap.tls, mail.imap.password) == (993, "tls", "other")
    remote = write(
        tmp_path / "remote.toml", '[mail]\nsender = "s@jq.test"\nsmtp_host = "smtp.jq.test"\nsmtp_tls = "none"\n'
    )
    with pytest.raises(ConfigError) as refused:
        mail_settings(load_settings({}, files=[remote]))
    assert refused.value.code == "config.mail_plain_remote"
    secrets.chmod(0o644)
    with pytest.raises(ConfigError) as opened:
        mail_settings(load_settings({}, files=[local]))
    assert opened.value.code == "config.password_file_open"
