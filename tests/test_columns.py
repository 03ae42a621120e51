"""The commands' lists keep their columns whatever letters a name is typed in: a wide letter takes
two cells of the terminal and an accent typed apart from its letter none, so columns are counted in
cells (presentation/columns.py), not in characters."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from office_support import demo_by_command, run
from rich.cells import cell_len

from jq_console.presentation.columns import fit, left, right, shorten, wrap

WIDE = "東京テクノロジー株式会社 Pacífico"  # 24 cells of wide letters, then 9 narrow
APART = "Ferreteri" + "a\u0301" + " del Sur"  # the accent typed as its own character
CLOCK = "2026-12-07T10:00"


def cells_before(line: str, marker: str) -> int:
    return cell_len(line[: line.index(marker)])


def test_fit_cuts_and_pads_to_cells() -> None:
    assert cell_len(fit(WIDE, 28)) == 28 and fit(WIDE, 28).startswith("東京")
    assert fit("東京", 3) == "東 "  # a wide letter never straddles the edge
    assert fit(APART, 12) == "Ferreteri" + "a\u0301" + " d"
    assert left("東京", 6) == "東京  " and right("東京", 6) == "  東京"
    assert left("demasiado", 3) == "demasiado"  # padding never cuts


def test_shorten_ends_a_long_text_in_an_ellipsis_within_its_cells() -> None:
    assert shorten("Colegio San Gabriel", 32) == "Colegio San Gabriel"
    assert shorten(WIDE, 10) == "東京テク…" and cell_len(shorten(WIDE, 10)) == 9  # no half of a wide letter
    assert shorten("Laura Restrepo Gómez", 14) == "Laura Restrep…"


def test_wrap_keeps_each_line_within_its_cells() -> None:
    lines = wrap("Integración con 東京テクノロジー株式会社 para facturar", 12)
    assert all(cell_len(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == "Integración con 東京テクノロジー株式会社 para facturar".replace(" ", "")


def test_client_list_keeps_its_columns_with_wide_and_combining_names(tmp_path: Path) -> None:
    db = demo_by_command(tmp_path, 30)
    nits = sorted({row["nit"] for row in json.loads(run("--db", db, "--now", CLOCK, "cases", "--json").stdout)})
    assert run("--db", db, "client", "edit", nits[0], "--name", WIDE).returncode == 0
    assert run("--db", db, "client", "edit", nits[1], "--name", APART).returncode == 0

    listed = run("--db", db, "client", "list").stdout.splitlines()
    assert any("東京" in line for line in listed) and any(APART in line for line in listed)
    assert len({cells_before(line, " UC ") for line in listed}) == 1, "\n".join(listed)

    cases = run("--db", db, "--now", CLOCK, "cases").stdout.splitlines()
    titles = {row["id"]: row["title"] for row in json.loads(run("--db", db, "--now", CLOCK, "cases", "--json").stdout)}
    starts = {cells_before(line, titles[line.split()[1]][:10]) for line in cases}
    assert any("東京" in line for line in cases) and len(starts) == 1, "\n".join(cases)


def test_a_quote_keeps_its_figures_in_line_under_a_wide_description() -> None:
    from office_support import runtime

    from jq_console.domain.quotes import PricedLine, Quote
    from jq_console.presentation.billing_text import quote_text
    from jq_console.store.studies import Study

    lines = (
        PricedLine("Integración 東京テクノロジー株式会社 facturación", 600, 195000, 1950000, 0),
        PricedLine("Ferreteri" + "a\u0301" + " análisis", 60, 195000, 195000, 0),
        PricedLine("Desarrollo", 2400, 195000, 7800000, 0),
    )
    study = Study(1, "JQ-2027-00001", "Cliente", "900123514-7", "custom_development", "X", "", "ana", 0.0, None, None)
    text = quote_text(runtime(), replace(study, quote=Quote(2027, 195000, None, 0, lines)))
    priced = [line for line in text.splitlines() if "  $ 0  " in line]
    assert len(priced) == 4 and {cell_len(line) for line in priced} == {80}, "\n".join(priced)


def test_the_client_panel_keeps_a_wide_title_within_its_cells() -> None:
    """The case screen's list of the client's other cases cut its lines by characters: a title in wide
    letters took twice its room and the option list wrapped it."""
    from case_factory import new_case

    from jq_console.bootstrap import load_runtime
    from jq_console.ui.widgets.client_panel import case_line

    case = replace(new_case(load_runtime(), 7, "S2", 1_796_655_600.0), title=WIDE * 2)
    line = case_line(case, 40).plain
    assert cell_len(line) <= 40 and line.endswith("…") and "東京" in line
