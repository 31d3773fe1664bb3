"""Every output has one owner: the list of outputs, and the clashes it finds (issue 18, point 7)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import edit, problems_of, run_cli, stand_in
from generator.model import Pos
from generator.outputs import docs_files, pdf_name, site_outputs, site_path
from generator.project import load_project

# Workshops and handouts for tests/fixtures/mini, with their text in both languages.
WORKSHOPS = """\
workshops:
  desk:
    group: [4, 10]
    agenda:
      - {module: mini-case, minutes: 20}
handouts:
  cards: {cards: [patient], module: mini-case}
"""
WORKSHOP_TEXT = """\
workshops:
  desk: {title: At the desk, intro: An hour at the desk., guide: Read the module first.}
handouts:
  cards:
    title: Role cards
    cards:
      patient: {title: The patient, text: You ask about the price.}
"""


def with_workshops(mini: Path, workshops: str = WORKSHOPS, text: str = WORKSHOP_TEXT) -> None:
    folder = mini / "scenarios" / "workshops"
    folder.mkdir()
    (folder / "workshops.yml").write_text(workshops, encoding="utf-8")
    (folder / "pl.yml").write_text(stand_in(text), encoding="utf-8")
    (folder / "en.yml").write_text(text, encoding="utf-8")


def rename_module(mini: Path, new: str, old: str = "mini-case") -> None:
    """The module ``old`` under the id ``new``: its folder, its id, the path and the workshops."""
    scenarios = mini / "scenarios"
    shutil.move(scenarios / old, scenarios / new)
    edit(scenarios / new / "scenario.yml", f"id: {old}", f"id: {new}")
    course = scenarios / "course" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    workshops = scenarios / "workshops" / "workshops.yml"
    if workshops.is_file():
        workshops.write_text(workshops.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def add_module(mini: Path, new: str) -> None:
    """A second module, a copy of mini-case under the id ``new``, on the learning path."""
    scenarios = mini / "scenarios"
    shutil.copytree(scenarios / "mini-case", scenarios / new)
    edit(scenarios / new / "scenario.yml", "id: mini-case", f"id: {new}")
    edit(scenarios / "course" / "course.yml", "path: [mini-case]", f"path: [mini-case, {new}]")


def clashes(mini: Path) -> list[str]:
    return [p for p in problems_of(mini) if "one overwriting the other" in p]


def test_the_mini_project_has_no_clash_and_every_output_has_a_kind_and_an_owner(mini: Path) -> None:
    with_workshops(mini)
    project, problems = load_project(mini)
    assert project is not None, problems.report(mini)
    outputs = site_outputs(project, "en")
    paths = [o.path for o in outputs]
    assert len(paths) == len(set(paths))
    assert {"modules/mini-case.html", "slides/mini-case.html", "walkthrough/mini-case.html",
            "walkthrough/index.html", "glossary.html", "progress.html", "certificate.html", "index.html",
            "about.html", "workshops/desk.html", "workshops/desk-guide.html", "slides/workshop-desk.html",
            "handouts/cards.html"} <= set(paths)
    module = {o.path: o for o in outputs}["slides/mini-case.html"]
    assert (module.source, module.kind, module.owner) == ("slides/mini-case.html", "the deck", "module 'mini-case'")
    assert module.pos == Pos(mini / "scenarios" / "mini-case" / "scenario.yml", 1, 1)
    page = {o.path: o for o in outputs}["about.html"]
    assert (page.source, page.owner) == ("about.md", "docs/en/about.md")


# (what the case does to the project, the place the error stands, what it must say)
MODULE_CLASHES = {
    "a module named like the list of sign-off sheets": (
        lambda m: rename_module(m, "index"),
        "scenarios/index/scenario.yml:1:1",
        "the sign-off sheet of module 'index' and the generated list of sign-off sheets would both be "
        "<lang>/walkthrough/index.html in the site, in every language, one overwriting the other: give module "
        "'index' another id (its folder, its id and its place on the learning path)"),
    "a module named like a workshop's deck": (
        lambda m: (with_workshops(m), add_module(m, "workshop-desk")),
        "scenarios/workshops/workshops.yml:2:3",
        "the deck of workshop 'desk' and the deck of module 'workshop-desk' "
        "(scenarios/workshop-desk/scenario.yml:1) would both be <lang>/slides/workshop-desk.html in the site, "
        "in every language, one overwriting the other: give workshop 'desk' another id or give module "
        "'workshop-desk' another id"),
    "a workshop named like another's guide": (
        lambda m: with_workshops(m, WORKSHOPS.replace("handouts:", "  desk-guide:\n    group: [4, 10]\n    agenda:"
                                                                   "\n      - {break: 10}\nhandouts:"),
                                 WORKSHOP_TEXT.replace("handouts:", "  desk-guide: {title: T, intro: I., guide: G.}"
                                                                    "\nhandouts:")),
        "scenarios/workshops/workshops.yml:6:3",
        "the agenda page of workshop 'desk-guide' and the facilitator's guide of workshop 'desk' "
        "(scenarios/workshops/workshops.yml:2) would both be <lang>/workshops/desk-guide.html in the site"),
    "a handout named like a module: their PDFs": (
        lambda m: (with_workshops(m, WORKSHOPS.replace("  cards:", "  mini-case:"),
                                  WORKSHOP_TEXT.replace("  cards:\n", "  mini-case:\n"))),
        "scenarios/workshops/workshops.yml:7:3",
        "the PDF of the handout page of handout 'mini-case' and the PDF of the deck of module 'mini-case' "
        "(scenarios/mini-case/scenario.yml:1) would both be printed to <lang>/mini-case.pdf by 'make pdf', "
        "in every language, one overwriting the other: give handout 'mini-case' another id or give module"),
    "a module named like another's sign-off sheet: their PDFs": (
        lambda m: add_module(m, "sign-off-mini-case"),
        "scenarios/sign-off-mini-case/scenario.yml:1:1",
        "the PDF of the deck of module 'sign-off-mini-case' and the PDF of the sign-off sheet of module "
        "'mini-case' (scenarios/mini-case/scenario.yml:1) would both be printed to <lang>/sign-off-mini-case.pdf"),
}


@pytest.mark.parametrize("case", list(MODULE_CLASHES))
def test_two_generated_outputs_on_one_path_are_an_error_naming_both(mini: Path, case: str) -> None:
    change, where, message = MODULE_CLASHES[case]
    change(mini)
    found = clashes(mini)
    assert len(found) == 1, found
    assert found[0].startswith(f"{where}: {message}"), found[0]


# (the hand-written file, in docs/<lang>/, and the owner of the generated output it would replace)
HAND_WRITTEN = {
    "glossary.md": "the generated page of the glossary (scenarios/glossary/glossary.yml:1)",
    "progress.md": "the generated progress page",
    "certificate.md": "the generated certificate page",
    "walkthrough/index.md": "the generated list of sign-off sheets",
    "walkthrough/README.md": "the generated list of sign-off sheets",
    "slides/mini-case.html": "the deck of module 'mini-case' (scenarios/mini-case/scenario.yml:1)",
    "walkthrough/mini-case.html": "the sign-off sheet of module 'mini-case' (scenarios/mini-case/scenario.yml:1)",
    "Certificate.md": "the generated certificate page",
    "glossary.markdown": "the generated page of the glossary (scenarios/glossary/glossary.yml:1)",
    "slides/vendor/reveal/reveal.js": "the decks' browser file",
    "assets/training/training.css": "the player's asset file",
}


@pytest.mark.parametrize("rel", list(HAND_WRITTEN))
def test_a_hand_written_file_on_a_generated_path_is_an_error_naming_both(mini: Path, rel: str) -> None:
    file = mini / "docs" / "en" / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("# Mine\n", encoding="utf-8")
    found = clashes(mini)
    assert len(found) == 1, found
    shown = site_path(rel)
    kind = "page" if rel.endswith((".md", ".markdown")) else "file"
    assert found[0].startswith(f"docs/en/{rel}:1:1: the hand-written {kind} docs/en/{rel} and "
                               f"{HAND_WRITTEN[rel]} would both be en/"), found[0]
    assert shown in found[0] or shown.casefold() in found[0]
    assert found[0].endswith(f"one overwriting the other: rename or move docs/en/{rel}")


def test_two_hand_written_pages_on_one_path_are_an_error_naming_both(mini: Path) -> None:
    (mini / "docs" / "en" / "README.md").write_text("# Read me\n", encoding="utf-8")
    assert clashes(mini) == [
        "docs/en/index.md:1:1: the hand-written page docs/en/index.md and the hand-written page docs/en/README.md "
        "would both be en/index.html in the site, one overwriting the other: rename or move docs/en/index.md or "
        "docs/en/README.md"]


def test_a_clash_in_every_language_is_reported_once_and_the_commands_refuse_it(mini: Path) -> None:
    for lang in ("pl", "en"):
        (mini / "docs" / lang / "progress.md").write_text("# Mine\n", encoding="utf-8")
    rename_module(mini, "index")
    assert len(clashes(mini)) == 3  # two hand-written pages, and the module in both languages at once
    for command in ("validate", "generate", "build"):
        args = (command, str(mini / "out")) if command == "generate" else (command,)
        result = run_cli(*args, cwd=mini)
        assert result.returncode == 1 and "Traceback" not in result.stderr, (command, result.stderr)
        assert "docs/pl/progress.md:1:1: the hand-written page docs/pl/progress.md and the generated progress " \
               "page would both be pl/progress.html in the site" in result.stderr
        assert "scenarios/index/scenario.yml:1:1: the sign-off sheet of module 'index'" in result.stderr
    assert not (mini / "out").exists() and not (mini / "site").exists()


def test_the_files_beside_the_pages_are_listed_as_mkdocs_copies_them(tmp_path: Path) -> None:
    docs = tmp_path / "en"
    for rel in ("img/logo.png", "about.md", ".hidden/x.css", "templates/main.html", "notes.markdown", "x/.y.js"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("x", encoding="utf-8")
    assert [rel for rel, _ in docs_files(docs)] == ["img/logo.png", "notes.markdown"]
    assert [site_path(rel) for rel in ("a/README.md", "a/b.md", "c.markdown", "d.png", "READMEs.md")] == [
        "a/index.html", "a/b.html", "c.html", "d.png", "READMEs.html"]


def test_pdf_names_follow_the_files_make_pdf_prints() -> None:
    assert [pdf_name(p) for p in ("slides/x.html", "handouts/x.html", "walkthrough/x.html", "walkthrough/index.html",
                                  "modules/x.html", "slides/deck.css", "x.html")] == [
        "x.pdf", "x.pdf", "sign-off-x.pdf", None, None, None, None]


# What MkDocs and Material write of their own, beside what the list holds.
THEIRS = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/", "assets/javascripts/", "assets/stylesheets/",
          "assets/images/")


@pytest.mark.build
def test_the_list_is_what_a_build_writes(mini: Path) -> None:
    with_workshops(mini)
    (mini / "docs" / "pl" / "img").mkdir()
    (mini / "docs" / "pl" / "img" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_cli("build", cwd=mini)
    assert result.returncode == 0, result.stderr
    project, _ = load_project(mini)
    assert project is not None
    for lang in ("pl", "en"):
        site = mini / "site" / lang
        built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        listed = {o.path for o in site_outputs(project, lang, docs_files(mini / "docs" / lang)) if not o.preview}
        assert listed <= built, sorted(listed - built)
        assert {p for p in built - listed if not p.startswith(THEIRS)} == set(), lang
    assert "img/map.png" in {o.path for o in site_outputs(project, "pl", docs_files(mini / "docs" / "pl"))}
