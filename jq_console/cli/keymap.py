"""The `[keymap]` checked by the commands that start an app, and by `config show`: a binding id that
neither app has, or a key that would mean two things on one screen, is refused in one line before
anything starts (`ui.keymap_check`). Here, not in the apps: the check needs both apps' keys, and
each app's module importing the other would tie them in a knot."""

from __future__ import annotations

from jq_console.config import Settings


def refuse_bad_keymap(settings: Settings) -> None:
    if not settings.keymap:  # no keymap, no screens imported
        return
    from jq_console.ui.app import JQConsoleApp
    from jq_console.ui.dashboard_app import DashboardApp
    from jq_console.ui.keymap_check import check_keymap

    check_keymap(settings, console=JQConsoleApp, dashboard=DashboardApp)
