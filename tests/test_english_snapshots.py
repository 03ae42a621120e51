"""Key screens and a dialog with `--lang en`, at 80x24 and 160x48: the same scenarios as the Spanish
snapshots (snapshot_support), taken in the test's own process after the screens were imported in
Spanish. Key labels and every other sentence are told in the language of the moment they are shown
(`i18n.retold`), so nothing rendered at import may stay Spanish here; the language is set back
afterwards, and `test_spanish_after_english` checks that a Spanish picture taken next is unchanged."""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension  # type: ignore[import-untyped]
from snapshot_support import SHOTS, SIZES
from syrupy.assertion import SnapshotAssertion
from textual._doc import take_svg_screenshot

from jq_console.i18n import language, set_language

# Each shot, and words of it that only the English console shows.
ENGLISH = {
    "queue": "open cases",
    "case": "Resolution",  # the deadlines at the top of the case screen, at every size
    "case_client": "Other open cases",
    "help": "QUEUE (home screen)",
    "dashboard": "Supervisors' dashboard",
    "billing": "Contractual billing",
    "reclassify": "New severity",
    "case_conversation": "History and conversation",
}


@pytest.fixture
def english() -> Iterator[None]:
    assert language() == "es"
    set_language("en")
    try:
        yield
    finally:
        set_language("es")  # the other tests of this process speak Spanish


def picture(screen: str, size: tuple[int, int], folder: Path) -> str:
    shot = SHOTS[screen]
    folder.mkdir(exist_ok=True)
    svg: str = take_svg_screenshot(shot.app(folder), terminal_size=size, run_before=shot.run)
    return svg


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ENGLISH)
def test_english_snapshot(
    snapshot: SnapshotAssertion, english: None, tmp_path: Path, screen: str, size: tuple[int, int]
) -> None:
    svg = picture(screen, size, tmp_path)
    assert ENGLISH[screen] in html.unescape(svg).replace("\xa0", " ")
    assert snapshot.use_extension(SVGImageExtension) == svg


def test_spanish_after_english(tmp_path: Path) -> None:
    """The same screen in Spanish, in a process that has just shown it in English, shows no English."""
    set_language("en")
    try:
        english = picture("help", SIZES[0], tmp_path / "en")
    finally:
        set_language("es")
    spanish = picture("help", SIZES[0], tmp_path / "es")
    assert ENGLISH["help"] in html.unescape(english).replace("\xa0", " ")
    assert ENGLISH["help"] not in html.unescape(spanish).replace("\xa0", " ")
    assert "COLA (pantalla principal)" in html.unescape(spanish).replace("\xa0", " ")
