"""Key screens and a dialog with `--lang en`, at 80x24 and 160x48. Key labels are bound when the
screens are imported, so the pictures are taken in a fresh interpreter that sets the language
first, as the command line does; the same scenarios as the Spanish snapshots (snapshot_support)."""

from __future__ import annotations

import html
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_textual_snapshot import SVGImageExtension  # type: ignore[import-untyped]
from snapshot_support import SIZES
from syrupy.assertion import SnapshotAssertion

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
TESTS = Path(__file__).resolve().parent

SCRIPT = r"""
import sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from jq_console.i18n import set_language

set_language("en")  # before anything binds a label
from snapshot_support import SHOTS, SIZES
from textual._doc import take_svg_screenshot

out = Path(sys.argv[2])
for name in sys.argv[3:]:
    for width, height in SIZES:
        picture = f"{name}-{width}x{height}"
        data = out / picture
        data.mkdir()
        shot = SHOTS[name]
        svg = take_svg_screenshot(shot.app(data), terminal_size=(width, height), run_before=shot.run)
        (out / f"{picture}.svg").write_text(svg, encoding="utf-8")
"""


@pytest.fixture(scope="session")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The folder holding a screen's pictures at both sizes, taken when a test first asks for that
    screen: each worker process of a parallel run takes only the pictures of the tests it runs."""
    taken: dict[str, Path] = {}

    def folder(screen: str) -> Path:
        if screen not in taken:
            out = tmp_path_factory.mktemp(f"english-{screen}")
            done = subprocess.run(
                [sys.executable, "-c", SCRIPT, str(TESTS), str(out), screen],
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode == 0, done.stderr[-3000:]
            taken[screen] = out
        return taken[screen]

    return folder


@pytest.mark.long
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ENGLISH)
def test_english_snapshot(
    snapshot: SnapshotAssertion, pictures: Callable[[str], Path], screen: str, size: tuple[int, int]
) -> None:
    svg = (pictures(screen) / f"{screen}-{size[0]}x{size[1]}.svg").read_text(encoding="utf-8")
    assert ENGLISH[screen] in html.unescape(svg).replace("\xa0", " ")
    assert snapshot.use_extension(SVGImageExtension) == svg
