"""The settings of a run, read like git or harlequin read theirs: files, then the environment, then flags.

Order (a later source wins, key by key):
1. `/etc/jq-console/config.toml` (the office server's settings, written by its administrator);
2. `$XDG_CONFIG_HOME/jq-console/config.toml` (default `~/.config/...`), the user's own;
3. the file named by `JQ_CONSOLE_CONFIG` (scripts, services, tests);
4. environment variables (`JQ_CONSOLE_DB`, `JQ_CONSOLE_LANG`, ...);
5. command-line flags (`--db`, `--lang`, `--policy`, `--demo`).

Every value remembers where it came from, so `jq-console config show` can say it. Secrets never live in
the file: the mail passwords are read from `mail.password_file`, which must be readable by its owner only.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jq_console.domain.coded import CodedError
from jq_console.files import KIB, MIB, FileRefused, read_small_text, toml_error_line

SYSTEM_FILE = Path("/etc/jq-console/config.toml")
ENV_FILE = "JQ_CONSOLE_CONFIG"
DEFAULT = "default"
# What a file is read up to: a settings file holds a few dozen lines written by hand, a secrets file
# (mail passwords, the board's token) one or two. Far above either, and bounding what a wrong name
# costs (a log of gigabytes): only a regular file is read, see `files.read_small_text`.
SETTINGS_FILE_BYTES = 1 * MIB
SECRETS_FILE_BYTES = 64 * KIB


@dataclass(frozen=True)
class Key:
    """One setting: its dotted name, its type, its default and the environment variable that sets it."""

    name: str
    kind: type
    default: Any = None
    env: str | None = None
    choices: tuple[str, ...] = ()


KEYS: tuple[Key, ...] = (
    Key("database.url", str, None, "JQ_CONSOLE_DB"),
    Key("policy.file", str, None, "JQ_CONSOLE_POLICY"),
    Key("ui.language", str, "es", "JQ_CONSOLE_LANG", ("es", "en")),
    Key("ui.theme", str, "textual-dark", "JQ_CONSOLE_THEME"),
    Key("files.export_dir", str, None, "JQ_CONSOLE_EXPORT_DIR"),
    # Honoured only from SYSTEM_FILE (application/identity.py): shown here from wherever it is set.
    Key("security.service_user", str),
    Key("mail.sender", str),
    Key("mail.smtp_host", str),
    Key("mail.smtp_port", int),
    Key("mail.smtp_tls", str, "starttls", None, ("tls", "starttls", "none")),
    Key("mail.smtp_user", str),
    Key("mail.imap_host", str),
    Key("mail.imap_port", int),
    Key("mail.imap_tls", str, "tls", None, ("tls", "starttls", "none")),
    Key("mail.imap_user", str),
    Key("mail.imap_mailbox", str, "INBOX"),
    Key("mail.password_file", str),
    # The wall board (`dashboard --serve`): its token in a file of its own, readable by its owner only.
    Key("board.token_file", str),
    Key("board.public_url", str),
)
BY_NAME = {key.name: key for key in KEYS}
KEYMAP = "keymap"  # a table of binding id -> keys, e.g. `"queue.take" = "ctrl+t"` (Textual's keymap)
SECRET_WORDS = ("password", "secret", "token")
SECRET_FILES = ("mail.password_file", "board.token_file")  # name a secret's file, hold no secret


class ConfigError(CodedError):
    """A configuration file or value that cannot be used: `config.*` codes with the source and the key."""


@dataclass
class Setting:
    value: Any
    source: str


@dataclass
class Settings:
    """The effective settings; `sources` tells where each came from (`default`, a file, `env X`, `--flag`)."""

    values: dict[str, Setting] = field(default_factory=dict)
    keymap: dict[str, str] = field(default_factory=dict)
    keymap_sources: dict[str, str] = field(default_factory=dict)
    files_read: list[Path] = field(default_factory=list)

    def get(self, name: str) -> Any:
        return self.values[name].value

    def source(self, name: str) -> str:
        return self.values[name].source

    def set(self, name: str, value: Any, source: str) -> None:
        if value is not None:
            self.values[name] = Setting(_checked(BY_NAME[name], value, source), source)

    @property
    def database(self) -> str | None:
        value = self.get("database.url")
        return None if value is None else str(value)

    @property
    def language(self) -> str:
        return str(self.get("ui.language"))

    @property
    def theme(self) -> str:
        return str(self.get("ui.theme"))

    @property
    def policy_file(self) -> str | None:
        value = self.get("policy.file")
        return None if value is None else str(value)

    @property
    def export_dir(self) -> Path | None:
        value = self.get("files.export_dir")
        return None if value is None else Path(str(value)).expanduser()

    @property
    def service_user(self) -> str | None:
        value = self.get("security.service_user")
        return None if value is None else str(value)


def user_file(environ: Mapping[str, str]) -> Path:
    home = environ.get("HOME") or str(Path.home())
    base = environ.get("XDG_CONFIG_HOME") or str(Path(home) / ".config")
    return Path(base) / "jq-console" / "config.toml"


def config_files(environ: Mapping[str, str]) -> list[Path]:
    files = [SYSTEM_FILE, user_file(environ)]
    named = environ.get(ENV_FILE)
    if named:
        files.append(Path(named).expanduser())
    return files


def load_settings(environ: Mapping[str, str] | None = None, files: Iterable[Path] | None = None) -> Settings:
    """Defaults, then each file that exists, then the environment. Flags are applied by the caller
    (`apply_flags`), once argparse has read them."""
    environ = os.environ if environ is None else environ
    settings = Settings({key.name: Setting(key.default, DEFAULT) for key in KEYS})
    named = environ.get(ENV_FILE)
    home_file = user_file(environ)
    for path in config_files(environ) if files is None else files:
        must_exist = named is not None and path == Path(named).expanduser()
        # A home folder that is not ours (a service run as another user with HOME unchanged) is no error.
        data = _read(path, must_exist, may_be_foreign=path == home_file and not must_exist)
        if data is not None:
            _apply_file(settings, data, path)
            settings.files_read.append(path)
    for key in KEYS:
        if key.env and environ.get(key.env):
            settings.set(key.name, environ[key.env], f"env {key.env}")
    return settings


def apply_flags(settings: Settings, flags: Mapping[str, tuple[str, Any]]) -> None:
    """`flags` maps a key to (the flag's spelling, its value or None when not given)."""
    for name, (flag, value) in flags.items():
        settings.set(name, value, flag)


def _read(path: Path, must_exist: bool, may_be_foreign: bool = False) -> dict[str, Any] | None:
    try:
        text = read_small_text(path, SETTINGS_FILE_BYTES)
    except FileRefused as refusal:
        raise ConfigError(refusal.code, **refusal.params) from None
    except FileNotFoundError:
        if must_exist:
            raise ConfigError("config.missing", path=path) from None
        return None
    except PermissionError as error:
        if may_be_foreign:
            return None
        raise ConfigError("config.unreadable", path=path, error=error) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError("config.unreadable", path=path, error=error) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError("config.toml", path=path, line=toml_error_line(str(error), text)) from None


def _apply_file(settings: Settings, data: Mapping[str, Any], path: Path) -> None:
    source = str(path)
    for table, content in data.items():
        if not isinstance(content, dict):
            raise ConfigError("config.unknown_key", path=path, key=table)
        if table == KEYMAP:
            for binding_id, keys in content.items():
                if not isinstance(keys, str) or not keys.strip():
                    raise ConfigError("config.bad_value", path=path, key=f"{KEYMAP}.{binding_id}", value=keys)
                settings.keymap[str(binding_id)] = keys
                settings.keymap_sources[str(binding_id)] = source
            continue
        for name, value in content.items():
            dotted = f"{table}.{name}"
            if any(word in name.lower() for word in SECRET_WORDS) and dotted not in SECRET_FILES:
                raise ConfigError("config.secret_in_file", path=path, key=dotted)
            if dotted not in BY_NAME:
                raise ConfigError("config.unknown_key", path=path, key=dotted)
            settings.set(dotted, value, source)


def _checked(key: Key, value: Any, source: str) -> Any:
    if key.kind is int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ConfigError("config.bad_value", path=source, key=key.name, value=value)
        try:
            number = int(value)
        except ValueError:
            raise ConfigError("config.bad_value", path=source, key=key.name, value=value) from None
        if not 0 < number < 65536:
            raise ConfigError("config.bad_value", path=source, key=key.name, value=value)
        return number
    if not isinstance(value, str) or not value.strip():
        raise ConfigError("config.bad_value", path=source, key=key.name, value=value)
    if key.choices and value not in key.choices:
        raise ConfigError("config.bad_choice", path=source, key=key.name, value=value, choices=", ".join(key.choices))
    return value


def password_file_problem(path: Path) -> str | None:
    """Why the secrets file may not be used (None: it may): it must be a regular file that only its
    owner can read or write."""
    try:
        status = path.stat()
    except OSError:
        return "config.password_file_missing"
    if not stat.S_ISREG(status.st_mode):  # a folder or a device named by mistake: not "missing"
        return "err.file.not_regular"
    if status.st_mode & 0o077:
        return "config.password_file_open"
    return None


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_PORTS = {("smtp", "tls"): 465, ("smtp", "starttls"): 587, ("smtp", "none"): 25}
DEFAULT_PORTS |= {("imap", "tls"): 993, ("imap", "starttls"): 143, ("imap", "none"): 143}


@dataclass(frozen=True)
class Server:
    """One mail server as `[mail]` describes it, with its password read from `mail.password_file`."""

    kind: str  # smtp / imap
    host: str
    port: int
    tls: str  # tls / starttls / none
    user: str | None
    password: str | None


@dataclass(frozen=True)
class MailSettings:
    sender: str
    smtp: Server | None
    imap: Server | None
    mailbox: str

    def need(self, kind: str) -> Server:
        server = self.smtp if kind == "smtp" else self.imap
        if server is None:
            raise ConfigError("config.mail_missing", key=f"mail.{kind}_host")
        return server


def read_passwords(path: Path) -> dict[str, str]:
    """The passwords file: TOML with `smtp = "..."` and `imap = "..."`, or one line used for both.
    Refused unless only its owner can read it."""
    problem = password_file_problem(path)
    if problem is not None:
        raise ConfigError(problem, path=path)
    try:
        text = read_small_text(path, SECRETS_FILE_BYTES)
    except FileRefused as refusal:
        raise ConfigError(refusal.code, **refusal.params) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError("config.unreadable", path=path, error=error) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        line = text.strip()
        if "\n" in line:  # a mistyped TOML file, not one password: it must not go to a server whole
            raise ConfigError("config.password_file_format", path=path) from None
        return {"smtp": line, "imap": line} if line else {}
    return {key: str(value) for key, value in data.items() if key in ("smtp", "imap") and isinstance(value, str)}


def _server(settings: Settings, kind: str, passwords: Mapping[str, str]) -> Server | None:
    host = settings.get(f"mail.{kind}_host")
    if host is None:
        return None
    tls = str(settings.get(f"mail.{kind}_tls"))
    if tls == "none" and str(host).lower() not in LOCAL_HOSTS:
        # Passwords and clients' mail in clear over a network: only to this machine itself.
        raise ConfigError("config.mail_plain_remote", key=f"mail.{kind}_tls", host=host)
    port = settings.get(f"mail.{kind}_port") or DEFAULT_PORTS[(kind, tls)]
    user = settings.get(f"mail.{kind}_user")
    if user is not None and kind not in passwords:
        raise ConfigError("config.mail_no_password", key=f"mail.{kind}_user", what=kind)
    return Server(kind, str(host), int(port), tls, user, passwords.get(kind) if user is not None else None)


def mail_settings(settings: Settings) -> MailSettings:
    """The `[mail]` table checked: a sender, TLS off only towards this machine, passwords from a private file."""
    sender = settings.get("mail.sender")
    if sender is None:
        raise ConfigError("config.mail_missing", key="mail.sender")
    password_file = settings.get("mail.password_file")
    passwords = read_passwords(Path(str(password_file)).expanduser()) if password_file else {}
    return MailSettings(
        sender=str(sender),
        smtp=_server(settings, "smtp", passwords),
        imap=_server(settings, "imap", passwords),
        mailbox=str(settings.get("mail.imap_mailbox")),
    )
