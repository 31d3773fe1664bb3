"""A language the project does not ship is one line of configuration plus its text files:
German (left to right) and Arabic (right to left), in a temporary copy of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from buildguard import builds
from conftest import REPO, run_cli
from generator.i18n import LOCK_FILE, confirm
from generator.project import load_project

pytestmark = pytest.mark.build


HOME = {"de": "Startseite", "ar": "الصفحة الرئيسية"}  # translated in the project's strings files


@pytest.fixture(scope="module")
@builds
def five_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fifth") / "project"
    root.mkdir()
    for name in ("scenarios", "docs"):
        shutil.copytree(REPO / name, root / name)
    # Linked, not copied: a language's interface strings live in the project (scenarios/course/strings/).
    (root / "generator").symlink_to(REPO / "generator")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "node_modules").symlink_to(REPO / "node_modules")
    course = root / "scenarios" / "course" / "course.yml"
    course.write_text(course.read_text(encoding="utf-8").replace(
        "languages: [pl, en, ru, uk]", "languages: [pl, en, ru, uk, de, ar]"), encoding="utf-8")
    # Its text files (English stand-ins, as a translator's first draft would be).
    for lang in ("de", "ar"):
        for english in (root / "scenarios").rglob("en.yml"):
            shutil.copy(english, english.with_name(f"{lang}.yml"))
        shutil.copytree(root / "docs" / "en", root / "docs" / lang)
        strings = root / "scenarios" / "course" / "strings" / f"{lang}.yml"
        strings.parent.mkdir(exist_ok=True)
        english = (REPO / "generator" / "strings" / "en.yml").read_text(encoding="utf-8")
        strings.write_text(english.replace("\nhome: Home\n", f"\nhome: {HOME[lang]}\n"), encoding="utf-8")
    # A copy is no translation: the build would refuse them. Marked as meant to read the same, here,
    # as the site's machinery is what these tests are about (the copies: test_copies_are_not_translations).
    project, problems = load_project(root, fallback=True)
    assert project is not None, problems.report(root)
    for lang in HOME:
        confirm(project, lang, same=True)
    return root


def test_the_site_decks_widgets_and_checks_pick_it_up(five_languages: Path) -> None:
    root = five_languages
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    site = root / "site"
    for lang in ("de", "ar"):
        for rel in ("index.html", "modules/overbilling.html", "slides/overbilling.html", "slides/deck.js",
                    "glossary.html", "handouts/observer-checklist.html", "walkthrough/overbilling.html",
                    "assets/training/site.js", "search/search_index.json",
                    "assets/javascripts/lunr/min/lunr.forms.min.js"):
            assert (site / lang / rel).is_file(), (lang, rel)
        assert '"state.done"' in (site / lang / "assets" / "training" / "site.js").read_text(encoding="utf-8")
        assert HOME[lang] in (site / lang / "modules" / "overbilling.html").read_text(encoding="utf-8")
    assert not {f"{lang}.yml" for lang in HOME} & {p.name for p in (REPO / "generator" / "strings").iterdir()}
    root_page = (site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="de"' in root_page and "Deutsch" in root_page and 'hreflang="ar"' in root_page
    switcher = (site / "pl" / "modules" / "overbilling.html").read_text(encoding="utf-8")
    assert 'data-tr-lang="de"' in switcher and 'data-tr-lang="ar"' in switcher
    # Right to left: the pages (Material follows the language), the decks and the walkthroughs flip.
    assert '<body dir="rtl"' in (site / "ar" / "modules" / "overbilling.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in (site / "ar" / "slides" / "overbilling.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in (site / "ar" / "walkthrough" / "overbilling.html").read_text(
        encoding="utf-8")
    assert '<html lang="de" dir="ltr">' in (site / "de" / "slides" / "overbilling.html").read_text(encoding="utf-8")
    status = run_cli("i18n", "status", cwd=root)
    assert status.stdout.splitlines()[0].split() == ["en", "ru", "uk", "de", "ar"]


def test_a_missing_text_in_the_new_language_is_reported(five_languages: Path) -> None:
    texts = five_languages / "scenarios" / "two-surgeons" / "de.yml"
    original = texts.read_text(encoding="utf-8")
    try:
        lines = original.splitlines(keepends=True)
        texts.write_text("".join(x for x in lines if not x.startswith("title:")), encoding="utf-8")
        result = run_cli("validate", cwd=five_languages)
        assert result.returncode == 1
        assert "scenarios/two-surgeons/de.yml:2:1: missing German text for 'title': translate the Polish text at " \
               "pl.yml:2" in result.stderr
    finally:
        texts.write_text(original, encoding="utf-8")


def test_copies_of_the_english_text_are_not_translations(five_languages: Path) -> None:
    lock = five_languages / "scenarios" / "two-surgeons" / LOCK_FILE
    original = lock.read_text(encoding="utf-8")
    try:
        lines, section = [], ""
        for line in original.splitlines(keepends=True):
            section = line[:-2] if not line.startswith((" ", "#")) else section
            lines.append(line.replace(" identical", "") if section == "de" else line)
        lock.write_text("".join(lines), encoding="utf-8")  # German's copies no longer marked
        result = run_cli("validate", cwd=five_languages)
        assert result.returncode == 1
        assert "scenarios/two-surgeons/de.yml:2:8: the German text for 'title' is a copy of the English text at " \
               "en.yml:2: translate it" in result.stderr
        assert "/ar.yml" not in result.stderr  # Arabic's copies are still marked
        status = run_cli("i18n", "status", cwd=five_languages)
        row = next(line.split() for line in status.stdout.splitlines() if line.startswith("two-surgeons"))
        assert row[4].split("/")[0] == "0" and row[4].split("/")[2] != "0", status.stdout  # de: all copied
    finally:
        lock.write_text(original, encoding="utf-8")
