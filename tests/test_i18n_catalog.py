"""The catalogue's areas: each key is defined by one area only, in both languages."""

from __future__ import annotations

import re
from collections import Counter
from importlib import import_module

from jq_console.i18n.catalog import AREAS, CATALOG


def test_every_area_defines_its_keys_in_both_languages() -> None:
    for area in AREAS:
        module = import_module(f"jq_console.i18n.catalog.{area}")
        assert sorted(module.ES.keys() ^ module.EN.keys()) == [], area


def test_no_key_is_defined_by_two_areas() -> None:
    counts = Counter(key for area in AREAS for key in import_module(f"jq_console.i18n.catalog.{area}").ES)
    assert sorted(key for key, count in counts.items() if count > 1) == []
    assert len(CATALOG["es"]) == len(counts) > 500


def test_counts_take_the_singular_or_plural_word_in_both_languages() -> None:
    from jq_console.i18n import set_language, t

    try:
        set_language("es")
        assert t("office.open_cases", count=1) == "1 caso abierto"
        assert t("office.open_cases", count=0) == "0 casos abiertos"
        assert t("ui.queue_count", shown=1, total=1) == "1 de 1 caso abierto"
        set_language("en")
        assert t("office.open_cases", count=1) == "1 open case"
        assert t("ui.queue_count", shown=2, total=12) == "2 of 12 open cases"
    finally:
        set_language("es")


def test_every_plural_choice_names_a_param_of_its_sentence() -> None:
    import re

    from jq_console.i18n.catalog import CATALOG

    for language, sentences in CATALOG.items():
        for key, text in sentences.items():
            for name, _one, _other in re.findall(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}", text):
                assert "{" + name + "}" in text or "{" + name + ":" in text, (language, key)


def test_no_sentence_with_blanks_is_asked_for_without_their_values() -> None:
    """`t("key")` with no values shows a sentence's `{blanks}` as they are: the dashboard's trend
    title read "Cumplimiento por severidad, {first} a {last}" until its months were read."""
    import ast
    from pathlib import Path

    import jq_console

    unfilled = []
    for path in Path(jq_console.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"):
                continue
            if node.keywords or len(node.args) != 1 or not isinstance(node.args[0], ast.Constant):
                continue
            key = node.args[0].value
            if not isinstance(key, str):
                continue
            if any(re.search(r"\{\w+[}|:]", CATALOG[language].get(key, "")) for language in CATALOG):
                unfilled.append(f"{path.name}:{node.lineno} {key}")
    assert unfilled == []


def test_every_whole_number_option_is_bounded_and_named_in_both_languages() -> None:
    """A number out of range is told with its option's label, looked up by the option's name
    (`option.<dest>`, cli/arguments.py): no literal `t(...)` names it, so the checks above miss it."""
    import argparse

    from jq_console.cli import build_parser
    from jq_console.cli.arguments import INTEGERS

    def whole_numbers(parser: argparse.ArgumentParser) -> set[str]:
        found = {action.dest for action in parser._actions if action.type is int}
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    found |= whole_numbers(child)
        return found

    options = whole_numbers(build_parser())
    assert {"page", "id", "number", "first", "second", "occurrence"} <= options
    assert sorted(options - INTEGERS.keys()) == []
    for language, sentences in CATALOG.items():
        assert sorted(option for option in options if f"option.{option}" not in sentences) == [], language


def test_an_errors_clock_is_told_by_its_name_in_both_languages() -> None:
    """A breach named in a refusal said "incumplimiento de assignment n.º 1" in Spanish."""
    from jq_console.domain.cases import Refused
    from jq_console.i18n import error_text, set_language

    refusal = Refused("corrective.already_recorded", code="JQ-2026-00001", clock="assignment", occurrence=1)
    try:
        set_language("es")
        assert "incumplimiento de asignación n.º 1" in error_text(refusal)
        set_language("en")
        assert "Breach assignment no. 1" in error_text(refusal)
    finally:
        set_language("es")


def test_no_area_writes_a_key_twice() -> None:
    """A key written twice in one area's dict is silently the later text: the case screen's "Cerrar"
    (close the case) once read "Cerrar la ayuda", the help screen's words under the same key."""
    import ast
    import inspect

    twice = []
    for area in AREAS:
        module = import_module(f"jq_console.i18n.catalog.{area}")
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if not isinstance(node, ast.Dict):
                continue
            keys: list[object] = []
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:  # `**{f"ui.key.{k}": v for k, v in ...}`: the keys it spreads
                    keys.extend(eval(compile(ast.Expression(value), area, "eval"), vars(module)))
                elif isinstance(key, ast.Constant):
                    keys.append(key.value)
            twice += [f"{area}: {key}" for key, count in Counter(keys).items() if count > 1]
    assert twice == []
