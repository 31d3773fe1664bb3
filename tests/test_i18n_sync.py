"""``i18n sync``: language files follow the structure, whatever the author renamed or added."""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, edit, examples, run_cli
from generator.i18n_sync import structure_units, sync
from generator.problems import Problems
from generator.texts import flatten
from generator.yamlio import load_yaml


def only_inserted(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any line of ``before`` changed or moved."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    ops = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops), [o for o in ops if o[0] not in ("equal", "insert")]
    return [line for tag, _, _, j1, j2 in ops if tag == "insert" for line in new[j1:j2]]


def rename_later(mini: Path) -> None:
    structure = mini / "scenarios" / "mini-case" / "scenario.yml"
    structure.write_text(structure.read_text(encoding="utf-8").replace("later", "afterwards"), encoding="utf-8")


def test_sync_adds_the_missing_keys_with_the_polish_text_and_lists_the_old_ones(mini: Path) -> None:
    case = mini / "scenarios" / "mini-case"
    edit(case / "en.yml", "  later:\n", "  # The patient's second visit.\n  later:\n")
    rename_later(mini)
    edit(case / "pl.yml", "  later:\n", "  afterwards:\n")  # the author renamed it in Polish too
    before = {name: (case / name).read_text(encoding="utf-8") for name in ("pl.yml", "en.yml")}
    result = run_cli("i18n", "sync", cwd=mini)
    assert result.returncode == 0, result.stderr
    en = (case / "en.yml").read_text(encoding="utf-8")
    added = only_inserted(before["en.yml"], en)
    # Beside its preceding sibling (step 'till'), before the old step and its comment.
    assert "  afterwards:\n" in added and en.index("  afterwards:") < en.index("  # The patient's second visit.")
    assert "    # pl: Później\n" in added and '    title: ""\n' in added
    assert "        # pl: Przepraszasz.\n" in added
    line = next(i for i, text in enumerate(en.splitlines(), 1) if text == "    title: Later")
    assert (f"scenarios/mini-case/en.yml: added 8 keys; 8 keys the structure no longer has: "
            f"steps.later.title (line {line}), ") in result.stdout
    assert (case / "pl.yml").read_text(encoding="utf-8") == before["pl.yml"]
    assert "scenarios/mini-case/pl.yml: nothing to add\n" in result.stdout
    assert "  later:\n    title: Later\n" in en  # never deleted
    # A second run changes nothing.
    again = {name: (case / name).read_text(encoding="utf-8") for name in ("pl.yml", "en.yml")}
    result = run_cli("i18n", "sync", cwd=mini)
    assert result.returncode == 0
    assert again == {name: (case / name).read_text(encoding="utf-8") for name in ("pl.yml", "en.yml")}
    assert "scenarios/mini-case/en.yml: nothing to add; 8 keys the structure no longer has" in result.stdout


def test_sync_works_while_the_project_has_errors(mini: Path) -> None:
    rename_later(mini)
    assert run_cli("validate", cwd=mini).returncode == 1  # the text files still name 'later'
    assert run_cli("i18n", "sync", cwd=mini).returncode == 0
    # Where the Polish file lacks the key too, there is no text to quote: it is added empty.
    assert '  afterwards:\n    title: ""\n' in (mini / "scenarios/mini-case/pl.yml").read_text(encoding="utf-8")
    # Once the author moves the texts to their new keys, the project is whole again.
    for lang in ("pl", "en"):
        file = mini / "scenarios" / "mini-case" / f"{lang}.yml"
        text = file.read_text(encoding="utf-8")
        start = text.index("  afterwards:\n")
        end = text.index("  later:\n")
        old_end = text.index("  good:\n")
        file.write_text(text[:start] + text[end:old_end].replace("  later:", "  afterwards:") + text[old_end:],
                        encoding="utf-8")
    result = run_cli("validate", cwd=mini)
    assert result.returncode == 0, result.stderr


def test_sync_limits_to_a_language_and_a_module_and_creates_a_missing_file(mini: Path) -> None:
    edit(mini / "scenarios" / "course" / "course.yml", "[pl, en]", "[pl, en, ru]")
    edit(mini / "scenarios" / "mini-case" / "en.yml", "    title: Later\n", "")
    english = (mini / "scenarios" / "mini-case" / "en.yml").read_bytes()
    result = run_cli("i18n", "sync", "--lang", "ru", "mini-case", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["scenarios/mini-case/ru.yml: created, added 28 keys"]
    assert not (mini / "scenarios" / "glossary" / "ru.yml").exists()
    assert (mini / "scenarios" / "mini-case" / "en.yml").read_bytes() == english
    ru = (mini / "scenarios" / "mini-case" / "ru.yml").read_text(encoding="utf-8")
    assert ru.startswith("# yaml-language-server: $schema=")
    assert '# pl: Cena {price}\ntitle: ""\n' in ru
    assert "# pl: Pacjent ma zapłacić **{price}**.\nintro: \"\"\n" in ru
    assert list(flatten(load_yaml(mini / "scenarios/mini-case/ru.yml", Problems()), Path())) == list(
        flatten(load_yaml(mini / "scenarios/mini-case/pl.yml", Problems()), Path()))


def test_sync_refuses_an_unknown_language_or_module_without_a_traceback(mini: Path) -> None:
    result = run_cli("i18n", "sync", "--lang", "de", cwd=mini)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: --lang de: not one of the course's languages (pl, en)"
    result = run_cli("i18n", "sync", "mini-cas", cwd=mini)
    assert result.returncode == 2
    assert "error: mini-cas: no such unit (did you mean 'mini-case'?); the units are course, mini-case, glossary" \
        in result.stderr
    assert "Traceback" not in result.stderr


IDS = ("till", "later", "honest", "vague", "apologise", "shrug")
NEW_ID = st.from_regex(r"[a-z]{2,8}", fullmatch=True).filter(lambda s: s not in IDS + ("good", "bad", "to", "when"))


@settings(max_examples=examples(25), deadline=None)
@given(renames=st.dictionaries(st.sampled_from(IDS), NEW_ID, max_size=3),
       added=st.lists(st.tuples(st.sampled_from(("till", "later")), NEW_ID), max_size=3))
def test_after_sync_every_file_holds_the_structures_keys_and_the_listed_leftovers(renames: dict[str, str],
                                                                                  added: list[tuple[str, str]]) -> None:
    if len(set(renames.values()) | {c for _, c in added}) < len(renames) + len(added):
        return  # two new ids alike: a different structure, not this one
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(FIXTURES / "mini" / "scenarios", root / "scenarios")
        structure = root / "scenarios" / "mini-case" / "scenario.yml"
        text = structure.read_text(encoding="utf-8")
        for step, choice in added:
            text = text.replace(f"  {step}:\n    choices:\n", f"  {step}:\n    choices:\n      {choice}:\n"
                                                            "        to: bad\n")
        for old, new in renames.items():
            text = re.sub(rf"\b{old}\b", new, text)
        structure.write_text(text, encoding="utf-8")
        before = {f: f.read_text(encoding="utf-8") for f in (root / "scenarios").rglob("*.yml")}
        results = sync(root, Problems())
        _, units = structure_units(root, Problems())
        source = flatten(load_yaml(root / "scenarios/mini-case/pl.yml", Problems()), Path())
        expected = {k for k, required in next(u for u in units if u.name == "mini-case").expected.items()
                    if required or k in source}
        for r in results:
            problems = Problems()
            data = load_yaml(r.file, problems)
            assert data is not None and not problems.errors
            keys = set(flatten(data, r.file))
            only_inserted(before[r.file], r.file.read_text(encoding="utf-8"))
            if r.file.parent.name == "mini-case":
                assert keys == expected | {k for k, _ in r.leftovers}
                assert not expected & {k for k, _ in r.leftovers}
        assert all(not r.added for r in sync(root, Problems()))  # nothing more to add


ENGLISH_PLACEHOLDERS = ("Title of the module", "What happens next", "How the story ends", "Trust kept")


def test_new_writes_polish_placeholders_translations_as_sync_would_and_a_lock(mini: Path) -> None:
    edit(mini / "scenarios" / "course" / "course.yml", "[pl, en]", "[pl, en, uk]")
    assert run_cli("i18n", "sync", "--lang", "uk", cwd=mini).returncode == 0  # the course's own units
    result = run_cli("new", "lab-results", cwd=mini)
    assert result.returncode == 0, result.stderr
    folder = mini / "scenarios" / "lab-results"
    assert "created scenarios/lab-results/translations.lock" in result.stdout
    pl = (folder / "pl.yml").read_text(encoding="utf-8")
    assert 'title: "Tytuł modułu"' in pl and "Zaufanie zachowane" in pl and "{price}" in pl
    assert "# Every id of scenario.yml needs its text here." in pl  # the scaffold's explanations stay
    assert not [p for p in ENGLISH_PLACEHOLDERS if p in pl]
    for lang in ("en", "uk"):
        text = (folder / f"{lang}.yml").read_text(encoding="utf-8")
        assert '# pl: Tytuł modułu\ntitle: ""\n' in text
        assert '        # pl: Co dzieje się potem\n        consequence: ""\n' in text
        # What sync would write: a sync after it has nothing to add.
    after = run_cli("i18n", "sync", "lab-results", cwd=mini)
    assert after.stdout.count("nothing to add") == 3, after.stdout
    assert (folder / "translations.lock").read_text(encoding="utf-8").endswith("en: {}\nuk: {}\n")
    # Translated, confirmed, then the Polish text changes: the translation is stale.
    edit(folder / "en.yml", 'title: ""', "title: Lab results")
    assert run_cli("i18n", "confirm", "--lang", "en", "--module", "lab-results", cwd=mini).returncode == 0
    edit(folder / "pl.yml", '"Tytuł modułu"', "Wyniki badań")
    status = run_cli("i18n", "status", cwd=mini)
    row = next(line.split() for line in status.stdout.splitlines() if line.startswith("lab-results"))
    assert row[1].endswith("/1"), status.stdout  # en: one stale


def test_sync_writes_a_missing_polish_file_as_the_source_and_keeps_optional_translations(mini: Path) -> None:
    case = mini / "scenarios" / "mini-case"
    english = (case / "en.yml").read_text(encoding="utf-8")
    (case / "pl.yml").unlink()
    result = run_cli("i18n", "sync", "mini-case", cwd=mini)
    assert result.returncode == 0, result.stderr
    pl = (case / "pl.yml").read_text(encoding="utf-8")
    assert "# The Polish text, the source every translation follows: write each value.\n" in pl
    assert "# pl:" not in pl and 'title: ""\n' in pl
    # English keeps its feedback (optional, and the Polish has none yet): it is no leftover.
    assert (case / "en.yml").read_text(encoding="utf-8") == english
    assert "scenarios/mini-case/en.yml: nothing to add\n" in result.stdout
