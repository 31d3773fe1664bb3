"""Translation status: translated, missing and stale texts, recorded reviews, and the reader's note."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import edit, run_cli
from generator.i18n import LOCK_FILE, source_hash, status
from generator.project import load_project
from generator.render import render_scenario


def reviewed(mini: Path) -> None:
    result = run_cli("i18n", "confirm", "--lang", "en", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("en: recorded ")


def test_a_changed_source_makes_its_translation_stale_until_confirmed(mini: Path) -> None:
    reviewed(mini)
    assert (mini / "scenarios" / "mini-case" / LOCK_FILE).is_file()
    case = mini / "scenarios" / "mini-case"
    edit(case / "pl.yml", "    title: Później\n", "    title: Trochę później\n")
    edit(case / "en.yml", "    title: Later\n", "")  # and one translation is missing
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    rows = {(r.unit, r.lang): r for r in status(project)}
    total = len(project.scenarios["mini-case"].texts["en"])
    assert (rows["mini-case", "en"].missing, rows["mini-case", "en"].stale) == (1, 0)  # no English text to be stale
    assert rows["mini-case", "en"].translated == total - 1
    edit(case / "en.yml", "  later:\n", "  later:\n    title: Later\n")
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    rows = {(r.unit, r.lang): r for r in status(project)}
    assert (rows["mini-case", "en"].missing, rows["mini-case", "en"].stale) == (0, 1)
    assert project.scenarios["mini-case"].texts["en"]["steps.later.title"].stale
    # The reader is told, discreetly, on the page that shows it.
    page = render_scenario(project, "mini-case", "en")
    assert '<p class="tr-stale"><small>Part of this page was changed in the original (Polski)' in page
    result = run_cli("i18n", "status", "--strict", cwd=mini)
    assert result.returncode == 1
    current = sum(r.translated for r in rows.values())
    assert [line.split() for line in result.stdout.splitlines()][-1] == ["total", f"{current}/0/1"]
    assert ["mini-case", f"{total - 1}/0/1"] in [line.split() for line in result.stdout.splitlines()]
    # Confirming that one text records today's source: nothing is stale any more.
    result = run_cli("i18n", "confirm", "--lang", "en", "--key", "steps.later.title", cwd=mini)
    assert result.stdout.strip() == "en: recorded 1 texts as following today's pl text"
    assert run_cli("i18n", "status", "--strict", cwd=mini).returncode == 0
    assert "Trochę później" not in (case / LOCK_FILE).read_text(encoding="utf-8")
    assert source_hash("Trochę później") in (case / LOCK_FILE).read_text(encoding="utf-8")


def test_spacing_alone_does_not_make_a_translation_stale() -> None:
    assert source_hash("Ala ma\n  kota.") == source_hash("Ala ma kota.")
    assert source_hash("Ala ma kota.") != source_hash("Ala ma psa.")


@pytest.mark.build
def test_the_build_reports_the_counts(mini: Path) -> None:
    reviewed(mini)
    edit(mini / "scenarios" / "mini-case" / "pl.yml", "    title: Później\n", "    title: Trochę później\n")
    result = run_cli("build", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert "Translations: en " in result.stdout
    assert ", 1 stale (details: python -m generator i18n status)" in result.stdout
    html = (mini / "site" / "en" / "modules" / "mini-case.html").read_text(encoding="utf-8")
    assert 'class="tr-stale"' in html


def test_a_damaged_record_is_reported_with_what_to_do(mini: Path) -> None:
    (mini / "scenarios" / "mini-case" / LOCK_FILE).write_text("en: [unclosed\n", encoding="utf-8")
    result = run_cli("validate", cwd=mini)
    assert result.returncode == 1
    assert "scenarios/mini-case/translations.lock:1:1: cannot read the translation records (" in result.stderr
    assert "run 'python -m generator i18n confirm --lang <code>'" in result.stderr


def export(mini: Path, fmt: str) -> Path:
    result = run_cli("i18n", "export", "--lang", "en", "--format", fmt, cwd=mini)
    assert result.returncode == 0, result.stderr
    return mini / ("translations-en.xlf" if fmt == "xliff" else "translations-en.po")


def snapshot(mini: Path) -> dict[str, bytes]:
    return {str(p.relative_to(mini)): p.read_bytes() for p in sorted((mini / "scenarios").rglob("*")) if p.is_file()}


def test_export_then_import_without_edits_changes_no_file(mini: Path) -> None:
    for fmt in ("xliff", "po"):
        before = snapshot(mini)
        file = export(mini, fmt)
        result = run_cli("i18n", "import", file.name, cwd=mini)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "en: 0 strings changed in 0 files"
        assert snapshot(mini) == before, fmt


def test_the_exported_file_has_ids_sources_notes_and_translations(mini: Path) -> None:
    text = export(mini, "xliff").read_text(encoding="utf-8")
    assert 'source-language="pl"' in text and 'target-language="en"' in text
    assert 'id="mini-case:steps.till.title"' in text
    assert "<source>Przy kasie</source>" in text and "<target" in text and ">At the till</target>" in text
    assert "mini-case: a title in step &apos;till&apos;" in text or "mini-case: a title in step 'till'" in text
    po = export(mini, "po").read_text(encoding="utf-8")
    assert 'msgctxt "mini-case:steps.till.title"' in po and 'msgstr "At the till"' in po


def test_an_edited_translation_is_written_back_and_recorded_as_current(mini: Path) -> None:
    file = export(mini, "po")
    file.write_text(file.read_text(encoding="utf-8").replace('msgstr "At the till"', 'msgstr "At the cash desk"'),
                    encoding="utf-8")
    result = run_cli("i18n", "import", file.name, cwd=mini)
    assert result.stdout.strip() == "en: 1 strings changed in 1 files", result.stderr
    texts = (mini / "scenarios" / "mini-case" / "en.yml").read_text(encoding="utf-8")
    assert "title: At the cash desk" in texts and "title: Later" in texts
    assert "steps.till.title" in (mini / "scenarios" / "mini-case" / LOCK_FILE).read_text(encoding="utf-8")
    assert run_cli("validate", cwd=mini).returncode == 0


def test_an_import_that_breaks_placeholders_markdown_or_numbers_is_refused_whole(mini: Path) -> None:
    file = export(mini, "po")
    po = file.read_text(encoding="utf-8")
    po = po.replace('msgstr "At the till"', 'msgstr "At the cash desk"')  # fine on its own
    po = po.replace('msgstr "A price of {price}"', 'msgstr "A price"')  # a placeholder dropped
    po = po.replace('"The patient is to pay **{price}**."', '"The patient is to pay **{price}."')  # emphasis
    po = po.replace('msgstr "Later"', 'msgstr "Later, 1500 of them"')  # a declared amount in digits
    file.write_text(po, encoding="utf-8")
    before = snapshot(mini)
    result = run_cli("i18n", "import", file.name, cwd=mini)
    assert result.returncode == 1
    errors = [line.split(": ", 1)[1] for line in result.stderr.splitlines() if line.startswith("translations-en.po:")]
    assert errors == [
        "mini-case:title: the translation must keep the placeholders of the source exactly ({price} differ)",
        "mini-case:intro: the Markdown differs from the source's: keep the same paragraphs, list items, links "
        "(with their targets) and ** emphasis",
        "mini-case:steps.later.title: the translation types the amount of {price} in digits: write {price}, "
        "so every language shows the same number, formatted for it",
    ]
    assert result.stderr.strip().endswith("nothing was imported")
    assert snapshot(mini) == before


def test_an_import_of_a_broken_or_foreign_file_says_what_to_do(mini: Path, tmp_path: Path) -> None:
    """Files a translator might send back instead: empty, cut short, or an entity bomb."""
    names = "abcdefgh"  # each entity ten of the one before: 10^8 characters from a few hundred
    bomb = '<!ENTITY a "xxxxxxxxxx">' + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                                                 for p, c in zip(names, names[1:], strict=False))
    files = {"empty.po": ("", "the file names no target language"),
             "cut.xlf": ("<xliff><file><body><trans-unit id='x'><source>a</source>",
                         "cannot read this XLIFF file (XMLSyntaxError"),
             "bomb.xlf": (f'<?xml version="1.0"?><!DOCTYPE xliff [{bomb}]><xliff><file target-language="en">'
                          "<body><trans-unit id='x'><source>a</source><target>&h;</target></trans-unit></body>"
                          "</file></xliff>", "cannot read this XLIFF file (XMLSyntaxError")}
    before = {p: p.read_bytes() for p in (mini / "scenarios").rglob("*") if p.is_file()}
    for name, (content, message) in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        result = run_cli("i18n", "import", str(tmp_path / name), cwd=mini)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"{tmp_path / name}:1:1: {message}" in result.stdout + result.stderr
    assert {p: p.read_bytes() for p in (mini / "scenarios").rglob("*") if p.is_file()} == before
