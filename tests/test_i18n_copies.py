"""A text copied from another language is no translation, unless the lock says it is meant to read the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit, examples, run_cli
from generator.i18n import LOCK_FILE, Texts, copied_from, identical, source_hash
from generator.model import Pos, Text
from generator.project import load_project
from generator.render import render_scenario


@pytest.fixture
def copied(mini: Path) -> Path:
    """The mini project with Russian added, its texts copies of the Polish (``cp pl.yml ru.yml``)."""
    edit(mini / "scenarios" / "course" / "course.yml", "[pl, en]", "[pl, en, ru]")
    for unit in ("course", "glossary", "mini-case"):
        shutil.copy(mini / "scenarios" / unit / "pl.yml", mini / "scenarios" / unit / "ru.yml")
    return mini


def test_status_counts_the_copies_as_not_translated(copied: Path) -> None:
    result = run_cli("i18n", "status", "--strict", cwd=copied)
    assert result.returncode == 1
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[1] == ["translated/missing/copied/stale"] * 2
    project, _ = load_project(copied, fallback=True)
    assert project is not None
    total = len(project.scenarios["mini-case"].texts["ru"])
    assert ["mini-case", next(x for x in lines if x[0] == "mini-case")[1], f"0/0/{total}/0"] in lines
    assert "copied: the text reads exactly as the Polish" in result.stdout


def test_the_build_refuses_a_copy_and_says_where_its_source_is(copied: Path) -> None:
    result = run_cli("validate", cwd=copied)
    assert result.returncode == 1
    assert ("scenarios/mini-case/ru.yml:1:8: the Russian text for 'title' is a copy of the Polish text at pl.yml:1: "
            "translate it; if it is meant to read the same (a name, an abbreviation), record that with "
            "'python -m generator i18n confirm --lang ru --module mini-case --key title --identical'") \
        in result.stderr
    assert "scenarios/mini-case/en.yml" not in result.stderr  # English is translated


def test_the_preview_warns_and_shows_a_copy_as_a_missing_text(copied: Path) -> None:
    project, problems = load_project(copied, fallback=True)
    assert project is not None
    title = project.scenarios["mini-case"].texts["ru"]["title"]
    assert (title.copy, title.fallback_from, title.pos.line) == (True, "pl", 1)
    assert any("the Russian text for 'title' is a copy of the Polish text at pl.yml:1: it counts as not "
               "translated yet" in str(w) for w in problems.warnings)
    page = render_scenario(project, "mini-case", "ru")
    assert "admonition-title" in page and "Нет перевода" in page  # the banner of a page not fully translated


def test_a_key_marked_identical_counts_as_translated_and_confirm_leaves_other_copies_out(copied: Path) -> None:
    result = run_cli("i18n", "confirm", "--lang", "ru", "--module", "mini-case", cwd=copied)
    assert result.returncode == 0
    assert "ru: recorded 0 texts in mini-case" in result.stdout
    assert "not recorded, as they read exactly as another language's text: mini-case: title, " in result.stdout
    assert run_cli("i18n", "confirm", "--lang", "ru", "--identical", cwd=copied).returncode == 2  # no --key
    result = run_cli("i18n", "confirm", "--lang", "ru", "--module", "mini-case", "--key", "meters.trust",
                     "--identical", cwd=copied)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ru: recorded 1 texts in mini-case as following today's pl text (meant to")
    lock = (copied / "scenarios" / "mini-case" / LOCK_FILE).read_text(encoding="utf-8")
    assert f"ru:\n  meters.trust: {source_hash('Zaufanie')} identical\n" in lock
    project, problems = load_project(copied, fallback=True)
    assert project is not None
    texts = project.scenarios["mini-case"].texts["ru"]
    assert not texts["meters.trust"].copy and texts["title"].copy
    assert not [w for w in problems.warnings if "'meters.trust'" in str(w) and "mini-case" in str(w.pos.file)]
    # A later confirm of the language keeps the mark; the Polish text changing makes it stale.
    assert run_cli("i18n", "confirm", "--lang", "ru", "--key", "meters.trust", cwd=copied).returncode == 0
    assert f"  meters.trust: {source_hash('Zaufanie')} identical\n" in (
        copied / "scenarios" / "mini-case" / LOCK_FILE).read_text(encoding="utf-8")
    rows = run_cli("i18n", "status", cwd=copied).stdout
    assert next(line.split() for line in rows.splitlines() if line.startswith("mini-case"))[2].startswith("1/0/")


WORDS = st.lists(st.sampled_from(["Zaufanie", "Trust", "Доверие", "Довіра", "OK"]), min_size=1, max_size=3)


@settings(max_examples=examples(60), deadline=None)
@given(values=st.lists(st.one_of(st.none(), WORDS.map(" ".join)), min_size=2, max_size=5),
       spaces=st.sampled_from([" ", "  ", "\n"]))
def test_a_copy_is_a_text_reading_as_the_defaults_or_an_earlier_languages(values: list[str | None],
                                                                          spaces: str) -> None:
    langs = ["pl", "en", "ru", "uk", "de"][: len(values)]
    texts: Texts = {lang: ({} if v is None else {"k": Text(v.replace(" ", spaces), Pos(Path(f"{lang}.yml")))})
                    for lang, v in zip(langs, values, strict=True)}
    for i, lang in enumerate(langs):
        earlier = [other for other, v in zip(langs[:i], values, strict=False) if v is not None and v == values[i]]
        assert copied_from(texts, lang, "k") == (earlier[0] if earlier and values[i] is not None else None)


def test_the_lock_marks_a_text_identical_after_its_hash() -> None:
    assert identical("5a4227794de9 identical") and not identical("5a4227794de9") and not identical(None)
