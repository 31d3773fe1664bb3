"""Translation status: translated, missing and stale texts, recorded reviews, and the reader's note."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, edit, examples, make_project, run_cli
from generator.i18n import LOCK_FILE, source_hash, status, units
from generator.i18n_files import apply_translations, export_translations, read_translations
from generator.problems import Problems
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
    assert [line.split() for line in result.stdout.splitlines()][-1] == ["total", f"{current}/0/0/1"]
    assert ["mini-case", f"{total - 1}/0/0/1"] in [line.split() for line in result.stdout.splitlines()]
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
    assert "scenarios/mini-case/translations.lock:1:1: cannot read the translation records (see above)" in result.stderr
    assert "scenarios/mini-case/translations.lock:1:5: YAML syntax error" in result.stderr
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


# --- An import writes only what validate accepts (issue 18, point 6) -------------------------------

def translated(mini: Path, targets: dict[str, str], name: str = "translations-en.po") -> Path:
    """The English PO file of ``mini`` with ``targets`` (by unit:key) as the translations."""
    from translate.storage import po

    project, _ = load_project(mini, fallback=True)
    assert project is not None
    store = po.pofile.parsestring(export_translations(project, "en", "po"))
    found = set()
    for unit in store.units:
        if unit.getcontext() in targets:
            unit.target = targets[unit.getcontext()]
            found.add(unit.getcontext())
    assert found == set(targets), set(targets) - found
    (mini / name).write_bytes(bytes(store))
    return mini / name


# Each breaks a rule validate holds a text to, and keeps what the import itself compares with
# the source (placeholders, typed amounts, paragraphs, list items, links, ** emphasis).
REFUSED = {
    "mini-case:steps.till.text": "The patient asks <object data=\"x.swf\"></object> about the price.",
    "mini-case:steps.later.text": "The patient comes back <span onpointerover=\"steal()\">with</span> a question.",
    "mini-case:debrief": "The price before the procedure, not after. {: .warning #top }",
    "mini-case:steps.bad.text": "The patient does not come back. <!-- a note to self",
    "mini-case:steps.till.choices.vague.label": "You answer vaguely, " + "and at length, " * 90,
    "mini-case:intro": "The patient is to pay **{price}**. " + "Ж" * 3_000_000,
    "course:site_name": "Mini training " + "for the whole clinic " * 8,
    "glossary:terms.price-quote.definition": "The price given <form action=\"https://x.example\">before</form>.",
}


def test_an_import_refuses_what_validate_would_refuse_with_a_line_per_string(mini: Path) -> None:
    file = translated(mini, {**REFUSED, "mini-case:summary": "A short case at the cash desk."})
    before = snapshot(mini)
    result = run_cli("i18n", "import", file.name, cwd=mini)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{file.name}:")]
    po_text = file.read_text(encoding="utf-8")
    for ident in REFUSED:
        mine = [line for line in lines if line.split(": ", 1)[1].startswith(f"{ident}: ")]
        assert len(mine) == 1, (ident, lines)
        # At the unit's place in the file the translator edits.
        line_no = po_text[:po_text.index(f'msgctxt "{ident}"')].count("\n") + 1
        assert mine[0].startswith(f"{file.name}:{line_no}:"), (mine, line_no)
    assert len(lines) == len(REFUSED), lines  # the acceptable string is not among them
    assert "characters long; the limit is 300" in "\n".join(lines)
    assert "raw HTML <object> is not allowed" in "\n".join(lines)
    assert "an HTML comment opened with <!-- is never closed" in "\n".join(lines)
    assert result.stderr.strip().endswith("nothing was imported")
    assert snapshot(mini) == before
    assert run_cli("validate", cwd=mini).returncode == 0


def test_a_string_that_would_pass_alone_is_imported_and_validates(mini: Path) -> None:
    file = translated(mini, {"mini-case:steps.till.text": "The patient asks <em>what</em> it costs.",
                             "mini-case:steps.good.title": "The patient " + "comes back " * 26})
    result = run_cli("i18n", "import", file.name, cwd=mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "en: 2 strings changed in 1 files"
    assert run_cli("validate", cwd=mini).returncode == 0


def test_strings_each_within_their_limit_that_make_a_file_too_large_are_refused(mini: Path) -> None:
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    texts = units(project)["mini-case"][1]["en"]
    # Four bytes a character: eighteen running texts just under their 20,000 characters are 1.4 MB.
    long = {f"mini-case:{key}": text.value.strip() + " " + "🏥" * 19_900 for key, text in texts.items()
            if not key.endswith(("title", "label")) and not key.startswith("meters.")}
    assert len(long) == 18
    file = translated(mini, long)
    before = snapshot(mini)
    result = run_cli("i18n", "import", file.name, cwd=mini)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (f"{file.name}:1:1: with these translations written, scenarios/mini-case/en.yml:" in result.stderr
            and " would have a problem: the file is 1,") in result.stderr, result.stderr
    assert "bytes; the limit is 1,000,000" in result.stderr
    assert snapshot(mini) == before


_FRAGMENTS = st.one_of(
    st.sampled_from(["<kbd>Tab</kbd>", "<mark>", "</mark>", "<small lang=\"en\">x</small>", "<br>", "<q>",
                     "<video src=x>", "<svg><animate onbegin=x>", "<meta http-equiv=refresh>", "<b style=x>",
                     "<abbr title=\"x\" onfocus=y>", "<iframe srcdoc=x>", "<!--", "-->", "{: #x }", "{ .y }",
                     "<details>", "</strong>", "&lt;script&gt;", "<https://example.org>", "<javascript:x>",
                     "\u2028", "\t", " ", "é", "ж", "\\", "'", "\"", ":", "#", "-", "|"]),
    st.integers(0, 40).map(lambda n: "word " * n),
    st.integers(280, 320).map(lambda n: "y" * n),
    st.integers(19_900, 20_100).map(lambda n: "z" * n),
)


@settings(max_examples=examples(40), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(key=st.sampled_from(["mini-case:steps.till.title", "mini-case:steps.later.text", "mini-case:debrief",
                            "mini-case:steps.till.choices.honest.consequence", "glossary:terms.trust.term",
                            "course:path_title"]),
       before=st.lists(_FRAGMENTS, max_size=4), after=st.lists(_FRAGMENTS, max_size=4))
def test_an_import_never_writes_what_validate_refuses(tmp_path_factory: pytest.TempPathFactory, key: str,
                                                      before: list[str], after: list[str]) -> None:
    mini = make_project(FIXTURES / "mini", tmp_path_factory.mktemp("import") / "mini")
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    unit, _, text_key = key.partition(":")
    source = units(project)[unit][1]["en"][text_key].value.strip()
    file = translated(mini, {key: "".join(before) + source + "".join(after)})
    found = Problems()
    lang, changes = read_translations(project, file, found)
    if found.errors:
        assert all(p.pos.file == file and p.pos.line > 1 for p in found.errors), found.report()
        return  # refused: the command writes nothing (see the test above)
    assert lang == "en"
    apply_translations(project, "en", changes)
    _, problems = load_project(mini, fallback=True)
    assert not problems.errors, problems.report(mini)


def test_a_record_nested_past_the_reader_is_refused_like_any_file(mini: Path) -> None:
    (mini / "scenarios" / "mini-case" / LOCK_FILE).write_text("en: " + "[" * 30000 + "\n", encoding="utf-8")
    result = run_cli("validate", cwd=mini)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "scenarios/mini-case/translations.lock:1:" in result.stderr
    assert "nested hundreds of levels deep" in result.stderr
    assert "cannot read the translation records (see above)" in result.stderr


def test_confirm_for_one_module_leaves_the_others_stale(mini: Path) -> None:
    reviewed(mini)
    edit(mini / "scenarios/mini-case/pl.yml", "    title: Później\n", "    title: Trochę później\n")
    edit(mini / "scenarios/course/pl.yml", "site_name: Mini szkolenie\n", "site_name: Małe szkolenie\n")
    wrong = run_cli("i18n", "confirm", "--lang", "en", "--module", "mini-cse", cwd=mini)
    assert wrong.returncode == 2 and wrong.stderr.startswith(
        "error: --module mini-cse: no such module (did you mean 'mini-case'?); the units are course, mini-case")
    result = run_cli("i18n", "confirm", "--lang", "en", "--module", "mini-case", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("en: recorded ") and " in mini-case as following" in result.stdout
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    stale = {(r.unit, r.lang): r.stale for r in status(project)}
    assert stale["mini-case", "en"] == 0 and stale["course", "en"] == 1
