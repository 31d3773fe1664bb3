"""The pipeline's direction, read from the imports (generator/*.py, function-local
imports included): reading and checking -> making pages and decks -> publishing.
The reading side never imports the making or publishing side, the making side never
imports the publishing side, only the publishing side imports MkDocs or Material,
and no module imports itself in a circle."""

from __future__ import annotations

import ast
from functools import cache

import pytest

from conftest import REPO

PACKAGE = REPO / "generator"
# Where a project is read and checked: everything load_project needs.
READING = "project"
# What turns the model into pages, decks and sheets.
MAKING = {"templates", "view", "render", "deck", "facilitator", "diagram", "slidetext", "speaker", "shipped",
          "scenario_map", "manifest", "word_forms"}
# What hands the made files to a site builder, an LMS or a printer, and the commands.
PUBLISHING = {"plugin", "material_theme", "material_search", "siteconfig", "sitebuild", "languagebuild", "serve",
              "scorm", "pdf", "cli", "bench", "__main__", "preview_errors"}
SITE_BUILDERS = {"mkdocs", "material"}


def _packages(name: str) -> set[str]:
    """The packages a module is in: kinds.quiz -> {kinds}."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


@cache
def imports() -> dict[str, tuple[set[str], set[str]]]:
    """Each module's imports: of this package (by module name: "render", "kinds" for
    kinds/__init__.py, "kinds.quiz"), and from elsewhere (top names). Importing a module
    from outside its package runs the package's __init__ too, so that counts as imported."""
    out = {}
    for file in PACKAGE.rglob("*.py"):
        parts = file.relative_to(PACKAGE).with_suffix("").parts
        folder = list(parts[:-1])  # where relative imports start; a package's own for its __init__
        name = ".".join(folder if parts[-1] == "__init__" else parts) or "__init__"
        ours, theirs = set(), set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = folder[: len(folder) - (node.level - 1)]
                targets = ([".".join([*base, node.module])] if node.module
                           else [".".join([*base, a.name]) for a in node.names])
                for target in targets:
                    ours.update({target, *(_packages(target) - {".".join(folder)} - _packages(".".join(folder)))})
            elif isinstance(node, ast.ImportFrom) and node.module:
                theirs.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                theirs.update(a.name.split(".")[0] for a in node.names)
        out[name] = (ours, theirs)
    return out


def reach(module: str) -> set[str]:
    """The modules ``module`` imports, directly or through others, itself included."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name not in seen and name in imports():
            seen.add(name)
            todo.extend(imports()[name][0])
    return seen


def test_every_named_module_exists():
    assert {READING, *MAKING, *PUBLISHING} <= set(imports())


def test_no_module_imports_itself_in_a_circle():
    circles = [m for m in imports() if any(m in reach(o) for o in imports()[m][0] if o != m)]
    assert not circles, f"import cycles through: {sorted(circles)}"


def test_the_reading_side_imports_neither_making_nor_publishing():
    assert reach(READING) & (MAKING | PUBLISHING) == set()


def test_the_kinds_of_step_part_are_on_the_reading_side():
    """Each kind's module (generator/kinds/) makes its pages and slides through what the
    making side hands it, and imports none of it: the loader can hold the registry."""
    kinds = {m for m in imports() if m == "kinds" or m.startswith("kinds.")}
    assert len(kinds) > 2 and kinds <= reach(READING)


@pytest.mark.parametrize("module", sorted(MAKING))
def test_the_making_side_does_not_import_publishing(module):
    assert reach(module) & PUBLISHING == set()


def test_only_the_publishing_side_imports_a_site_builder():
    users = {m for m, (_, theirs) in imports().items() if theirs & SITE_BUILDERS}
    assert users <= PUBLISHING, f"{sorted(users - PUBLISHING)} import MkDocs or Material"
