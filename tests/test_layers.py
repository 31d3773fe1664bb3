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
          "manifest"}
# What hands the made files to a site builder, an LMS or a printer, and the commands.
PUBLISHING = {"plugin", "material_theme", "sitebuild", "languagebuild", "serve", "scorm", "pdf", "cli", "bench",
              "__main__"}
SITE_BUILDERS = {"mkdocs", "material"}


@cache
def imports() -> dict[str, tuple[set[str], set[str]]]:
    """Each module's imports: of this package (by module name), and from elsewhere (top names)."""
    out = {}
    for file in PACKAGE.glob("*.py"):
        ours, theirs = set(), set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                ours.update([node.module.split(".")[0]] if node.module else (a.name for a in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module:
                theirs.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                theirs.update(a.name.split(".")[0] for a in node.names)
        out[file.stem] = (ours, theirs)
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


@pytest.mark.parametrize("module", sorted(MAKING))
def test_the_making_side_does_not_import_publishing(module):
    assert reach(module) & PUBLISHING == set()


def test_only_the_publishing_side_imports_a_site_builder():
    users = {m for m, (_, theirs) in imports().items() if theirs & SITE_BUILDERS}
    assert users <= PUBLISHING, f"{sorted(users - PUBLISHING)} import MkDocs or Material"
