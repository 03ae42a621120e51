"""Key labels are told in the language of the moment they are drawn, not of the moment their screen's
module was imported (the BINDINGS of a class are rendered once, at import)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FROZEN_NOW, bogota
from pilot_support import settle
from textual.widgets._footer import FooterKey

from jq_console.bootstrap import frozen_clock
from jq_console.i18n import retold, set_language, t
from jq_console.ui.app import create_app, demo_services
from jq_console.ui.screens.queue import QueueScreen

UI = Path(__file__).resolve().parent.parent / "jq_console" / "ui"


@pytest.fixture
def english_after_import() -> Iterator[None]:
    set_language("es")  # the screens above were imported (their BINDINGS rendered) in Spanish
    yield
    set_language("es")


def test_retold_tells_a_sentence_again_and_leaves_data_alone() -> None:
    set_language("es")
    label = t("ui.key.register")
    assert label == "Nuevo caso"
    try:
        set_language("en")
        assert retold(label) == "New case"
        assert retold("Nuevo caso") == "Nuevo caso"  # typed text is data: never looked up
    finally:
        set_language("es")


async def test_the_footer_speaks_the_language_chosen_after_import(tmp_path: Path, english_after_import: None) -> None:
    binding_labels = {binding.description for binding in QueueScreen.BINDINGS if not isinstance(binding, tuple)}
    assert "Nuevo caso" in binding_labels  # rendered in Spanish when the module was imported
    services = demo_services(str(tmp_path / "k.sqlite"), clock=frozen_clock(bogota(FROZEN_NOW)))
    set_language("en")
    app = create_app(services, live=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = {key.description for key in app.screen.query(FooterKey)}
        assert "New case" in shown and "Help" in shown
        assert "Nuevo caso" not in shown and "Ayuda" not in shown


def test_every_screen_draws_its_keys_with_the_telling_footer() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Footer":
                offenders.append(path.name)
    assert offenders == [], "use ui/widgets/key_footer.KeyFooter, which tells the labels when drawn"
