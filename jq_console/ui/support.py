"""What every screen and widget shares: the app's services, turning a failure into a sentence, and
showing what people typed as plain text (`one_line`, `literal`): never parsed as markup, never a
control character (rows stored before text was cleaned at entry are cleaned again here)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from rich.text import Text
from textual.dom import DOMNode
from textual.visual import VisualType
from textual.widgets import Static

from jq_console.application.services import Services
from jq_console.domain.coded import CodedError
from jq_console.domain.text import plain
from jq_console.files import default_export_dir
from jq_console.i18n import error_text
from jq_console.logs import unexpected
from jq_console.store.engine import database_files
from jq_console.ui.messages import ActionFailed

T = TypeVar("T")


def services_of(node: DOMNode) -> Services:
    services = getattr(node.app, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError("the console app has no services")
    return services


def failure_text(error: Exception) -> str:
    """The sentence for an expected failure: a refusal by the policy, bad input, a NIT, the policy
    file or the database, all `CodedError`s, told in the language of this moment."""
    if isinstance(error, CodedError):
        return error_text(error)
    return unexpected(error)  # logged with its traceback; the sentence names the log


def attempt(node: DOMNode, work: Callable[[], T]) -> T | None:
    """Run `work` (inside a thread worker); on failure post `ActionFailed` to `node` and return None.
    A worker must never die with a traceback on the agent's screen."""
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - every failure becomes a sentence on screen, see failure_text
        node.post_message(ActionFailed(failure_text(error)))
        return None


def export_dir_of(node: DOMNode) -> Path:
    """The folder the console's exports go to: the one the app was given, else the user's default."""
    folder = getattr(node.app, "export_dir", None)
    return folder if isinstance(folder, Path) else default_export_dir()


def database_files_of(services: Services) -> list[Path]:
    """The database file an export must never overwrite (none on a database server)."""
    return database_files(services.engine.url.render_as_string(hide_password=False))


def one_line(text: str | None, empty: str = "") -> str:
    """A stored text for one line on screen: plain characters only; `empty` when there is none."""
    return plain(text) if text else empty


def literal(text: str | None, *, style: str = "", multiline: bool = False, empty: str = "") -> Text:
    """A stored text as a Rich `Text`: shown exactly as typed (`[El Tornillo]` stays), never markup."""
    return Text(plain(text, multiline=multiline) if text else empty, style=style)


def plain_toast(text: str) -> str:
    """A toast's text: its lines kept, every control character removed."""
    return plain(text, multiline=True)


def markup_literal(text: str | None) -> str:
    """A stored text for a place Textual reads only as markup (a palette hit's help line): plain,
    with every opening bracket escaped, so `[El Tornillo]` and `[/b]` show as typed. Textual's own
    `escape` leaves a bracket before a capital or a space alone, which its markup still reads as a
    tag; a backslash needs nothing, as the markup reads one as an escape only before a bracket."""
    return plain(text).replace("[", "\\[") if text else ""


def changed_span(old: str, new: str) -> tuple[int, int] | None:
    """(first cell, number of cells) from the first character that differs between two texts of one
    line to the last, when they can be compared cell by cell (the same length, ASCII: one cell per
    character); None when they are the same or cannot be, and the whole place must be drawn again."""
    if len(old) != len(new) or not (old + new).isascii() or "\n" in new:
        return None
    differ = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    return (differ[0], differ[-1] - differ[0] + 1) if differ else None


def same_text(first: Text | None, second: Text | None) -> bool:
    """Would draw the same: words, base style and styled spans (rich's own `==` leaves out the base
    style, so a line turning from dim to bold would compare equal)."""
    if first is None or second is None:
        return first is second
    return first.plain == second.plain and first.style == second.style and first.spans == second.spans


def moved_characters(old: Any, new: Any) -> tuple[int, int] | None:
    """(first, count) of the characters that differ between two table cells of one line drawn alike
    (left-aligned text of the same styles, `changed_span`); None when the whole cell must be drawn
    again. Only printable text: a `str` is drawn without its control characters, which would shift
    what follows them."""
    if isinstance(old, str) and isinstance(new, str):
        return changed_span(old, new) if old.isprintable() and new.isprintable() else None
    if not (isinstance(old, Text) and isinstance(new, Text)):
        return None
    if old.style != new.style or old.spans != new.spans or (old.justify or "left") != "left":
        return None
    if not (old.plain.isprintable() and new.plain.isprintable()):
        return None
    return changed_span(old.plain, new.plain) if old.justify == new.justify else None


def same_cell(first: Any, second: Any) -> bool:
    """Would a table cell draw the same: the very object, texts alike (`same_text`), or equal values
    of one type."""
    if first is second:
        return True
    if isinstance(first, Text) and isinstance(second, Text):
        return same_text(first, second)
    return bool(type(first) is type(second) and first == second)


class SteadyStatic(Static):
    """A Static updated again and again (by a timer every second, by a reload after each change in
    the database): the same text again (a frozen or paused clock, a count that did not move) is not
    drawn again. Textual's own `update` lays out and redraws the widget whatever it is given.

    `steady_width=True` is for a Static whose width is set by the layout, not by its words (as wide as
    its column, or its share of a row): new words then lay the screen out again only when they wrap
    to another number of lines. The queue's selected-case lines and the agents panel's suggestion
    change with every case taken anywhere, and in a profiled console laying out was a third of the
    main thread's time on such a change. The dashboard's titles are left as they were: it lays out
    after a change anyway (its tables' scroll bars come and go), and measured no cheaper with them."""

    _shown: Text | str | None = None

    def __init__(self, content: VisualType = "", *, steady_width: bool = False, **options: Any) -> None:
        super().__init__(content, **options)
        self._steady_width = steady_width
        self._shown = content if isinstance(content, Text | str) else None  # what the first frame shows

    @property
    def shown(self) -> Text | str | None:
        """The words it shows, as they were given (None: something else than words)."""
        return self._shown

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, Text) and isinstance(self._shown, Text):
            if same_text(content, self._shown):
                return
        elif isinstance(content, str) and isinstance(self._shown, str) and content == self._shown:
            return
        self._shown = content if isinstance(content, Text | str) else None
        width = self.content_size.width
        if not (layout and self._steady_width and width):
            super().update(content, layout=layout)
            return
        lines = self._lines(width)
        super().update(content, layout=False)
        if self._lines(width) != lines:
            self.refresh(layout=True)

    def _lines(self, width: int) -> int:
        return self.get_content_height(self.container_size, self.app.size, width)


class SameInstant:
    """What a 1-second tick last computed: the same instant over the same cases (immutable, so
    compared by identity) cannot show anything new, and is not computed again."""

    def __init__(self) -> None:
        self._now: float | None = None
        self._cases: list[object] = []

    def seen(self, now: float, cases: Sequence[object]) -> bool:
        """True if `now` and `cases` are those of the last call; remembers them otherwise."""
        if now == self._now and len(cases) == len(self._cases) and all(map(operator.is_, cases, self._cases)):
            return True
        self._now, self._cases = now, list(cases)
        return False
