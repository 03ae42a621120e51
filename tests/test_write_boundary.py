"""The screens, the widgets and the CLI change nothing except through `jq_console.application`.

Which store functions write is not a hand-kept list: a store function writes if it opens a write
transaction (`store.engine.write` / `write_schema`) or calls a store function that does. The
test reads the source (ast) of the store, of `jq_console.ui` and of `jq_console.cli`, and fails on
any reference from the edge to a writing store function, whether imported by name
(`from jq_console.store.moves import apply`) or reached through its module (`moves.apply(...)`).

Only the set-up of the database itself is exempt (SETUP): creating, migrating or filling a demo
database, and making the first administrator, run before there is any agent to check (`init`,
`demo`, `upgrade`, opening a database whose schema is older).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "jq_console"
STORE = "jq_console.store"
SETUP = {
    ("schema", "create_schema"),
    ("schema", "upgrade_schema"),
    ("schema", "upgrade_database"),  # `upgrade`: migrating, and putting back missing protective triggers
    ("sandbox", "rebuild_sandbox"),  # `demo --reset`: making a demo database (a sandbox only) again
    ("schema", "require_schema"),
    ("demo", "fill_demo"),
    ("directory", "ensure_admin"),
}
Name = tuple[str, str]  # (store module, function), e.g. ("moves", "apply")


def _modules(package: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(package.rglob("*.py")):
        if "migrations" not in path.parts:
            yield (
                path.relative_to(ROOT.parent).with_suffix("").as_posix().replace("/", "."),
                ast.parse(path.read_text(encoding="utf-8")),
            )


def _aliases(tree: ast.Module, own: str | None) -> tuple[dict[str, Name], dict[str, str]]:
    """What the names of a module stand for: functions of store modules, and store modules."""
    functions: dict[str, Name] = {}
    modules: dict[str, str] = {}
    if own is not None:
        functions.update({node.name: (own, node.name) for node in tree.body if isinstance(node, ast.FunctionDef)})
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                bound = alias.asname or alias.name
                if node.module == STORE:
                    modules[bound] = alias.name
                elif node.module.startswith(STORE + "."):
                    functions[bound] = (node.module.removeprefix(STORE + "."), alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(STORE + ".") and alias.asname:
                    modules[alias.asname] = alias.name.removeprefix(STORE + ".")
    return functions, modules


def _references(node: ast.AST, functions: dict[str, Name], modules: dict[str, str]) -> Iterator[tuple[Name, int]]:
    """Every store function `node` names (called or passed along), with its line."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and child.id in functions:
            yield functions[child.id], child.lineno
        elif isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name) and child.value.id in modules:
            yield (modules[child.value.id], child.attr), child.lineno
        elif isinstance(child, ast.ImportFrom) and child.module and child.module.startswith(STORE + "."):
            for alias in child.names:  # imported by name, even if never called
                yield (child.module.removeprefix(STORE + "."), alias.name), child.lineno


def store_writes() -> set[Name]:
    """Store functions that write: they call write/write_schema, or a store function that writes."""
    calls: dict[Name, set[Name]] = {}
    for module, tree in _modules(ROOT / "store"):
        short = module.removeprefix(STORE + ".")
        functions, modules = _aliases(tree, short)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                calls[(short, node.name)] = {name for name, _ in _references(node, functions, modules)}
    writes = {("engine", "write"), ("engine", "write_schema")}
    while True:
        more = {name for name, called in calls.items() if called & writes} - writes
        if not more:
            return writes
        writes |= more


def edge_violations(module: str, tree: ast.Module, writes: set[Name]) -> list[str]:
    functions, modules = _aliases(tree, None)
    return sorted(
        {
            f"{module}:{line} uses store.{name[0]}.{name[1]}"
            for name, line in _references(tree, functions, modules)
            if name in writes and name not in SETUP
        }
    )


@pytest.fixture(scope="session")
def writes() -> set[Name]:
    return store_writes()


def test_the_store_writes_are_found(writes: set[Name]) -> None:
    """The detection itself: the writes it must know about, and reads it must not count."""
    expected = {
        ("moves", "apply"),
        ("moves", "apply_seen"),
        ("time_entries", "log_work"),
        ("billing", "correct_entry"),
        ("cases", "register"),
        ("intake", "import_submission"),
        ("studies", "save_study"),
        ("studies", "record_release"),
        ("presence", "set_availability"),
        ("presence", "touch"),
        ("directory", "add_agent"),
        ("directory", "set_agent"),
        ("directory", "add_client"),
        ("directory", "update_client"),
        ("directory", "add_contact"),
        ("directory", "add_partner"),
        ("directory", "set_rate"),
    }
    assert expected <= writes, expected - writes
    reads = {("cases", "get_case"), ("cases", "open_cases"), ("directory", "agents"), ("presence", "board")}
    assert not reads & writes


def test_no_screen_widget_or_cli_module_uses_a_store_write(writes: set[Name]) -> None:
    found = [
        violation
        for package in ("ui", "cli")
        for module, tree in _modules(ROOT / package)
        for violation in edge_violations(module, tree, writes)
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    [
        "from jq_console.store import moves\nmoves.apply_seen(e, r, c, 'a', f)\n",
        "from jq_console.store.time_entries import log_work\n",
        "from jq_console.store import directory as d\nx = d.set_rate\n",
        "import jq_console.store.presence as p\np.touch(e, 'a', 0)\n",
        "from jq_console.store.engine import write\n",
    ],
)
def test_a_write_from_the_edge_is_caught(writes: set[Name], source: str) -> None:
    assert edge_violations("jq_console.ui.example", ast.parse(source), writes)


def test_reads_from_the_edge_are_allowed(writes: set[Name]) -> None:
    source = "from jq_console.store import cases, directory\ncases.get_case(e, 'x')\ndirectory.agents(e)\n"
    assert edge_violations("jq_console.ui.example", ast.parse(source), writes) == []
