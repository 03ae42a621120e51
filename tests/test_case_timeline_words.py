"""A case's timeline in words (`presentation.case_timeline`), as the case screen and `case show`
both tell it: moves and conversation by time, what people typed as plain text."""

from __future__ import annotations

from jq_console.i18n import t
from jq_console.presentation.case_timeline import move_words, timeline
from jq_console.store.cases import Event
from jq_console.store.conversation import Entry


def event(at: float, kind: str, note: str = "", **after: str) -> Event:
    return Event(at, "ana", kind, {}, dict(after), note)


def entry(at: float, text: str) -> Entry:
    return Entry(1, 1, "note", "", "", at, text, "ana", at, "")


def test_a_kind_of_move_without_words_is_told_by_its_name_not_by_a_catalogue_key() -> None:
    assert move_words(event(0, "take")) == t("ui.event.take")
    unknown = move_words(event(0, "teleport"))
    assert unknown == t("live.event.other", kind="teleport") and "ui.event" not in unknown


def test_moves_and_what_was_said_come_by_time_a_move_first_at_the_same_instant() -> None:
    lines = timeline([event(10, "take"), event(30, "assign", agent="jvargas")], [entry(10, "hola"), entry(20, "x")])
    assert [(line.at, line.entry) for line in lines] == [(10, False), (10, True), (20, True), (30, False)]
    assert "jvargas" in lines[-1].head
    assert [line.at for line in timeline([event(10, "take")], [entry(5, "a")], "moves")] == [10]
    assert [line.at for line in timeline([event(10, "take")], [entry(5, "a")], "conversation")] == [5]


def test_what_people_typed_stays_plain_text_its_lines_kept() -> None:
    (line,) = timeline([], [entry(1, "[bold]uno[/]\x1b[31m\ndos\x07")])
    assert line.text == "[bold]uno[/]\ndos" and line.who == "ana"
