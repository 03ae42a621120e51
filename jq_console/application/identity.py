"""Who is at the keyboard: the OS login of the session.

Under sudo (the recommended set-up runs the console as a service user) the login is SUDO_USER and
JQ_CONSOLE_AGENT is ignored, so an agent cannot act under another name; otherwise
JQ_CONSOLE_AGENT may name the agent for scripts and tests.
"""

from __future__ import annotations

import getpass
import os


def current_login() -> str:
    sudo_user = os.environ.get("SUDO_USER")
    if sudo_user:
        return sudo_user
    return os.environ.get("JQ_CONSOLE_AGENT") or getpass.getuser()
