"""Scenario -> Markdown: golden files, numbers per locale, and the generated parts of pages.

Regenerate the golden files after an intended change with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES, REPO, run_cli
from generator.kinds.order import shuffled
from generator.manifest import markdown_pages
from generator.model import Assessment, Ordering, Project, Quiz, Scenario, Spot
from generator.numbers import format_amount
from generator.project import load_project
from generator.render import render_redirect, render_scenario, script_json, site_script
from generator.strings import currency_words, strings_dir, ui_strings

GOLDEN = Path(__file__).parent / "golden" / "mini"


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, dict[str, str]]:
    project, problems = load_project(FIXTURES / "mini")
    assert project is not None, problems.report()
    # A module page as rendered, before the cleaning every page gets (nh3 writes hidden="").
    return {lang: {**markdown_pages(project, lang), "modules/mini-case.md": render_scenario(project, "mini-case", lang)}
            for lang in project.course.languages}


@pytest.mark.parametrize("lang", ["pl", "en"])
@pytest.mark.parametrize("page", ["modules/mini-case.md", "index.md"])
def test_golden(mini_pages: dict[str, dict[str, str]], lang: str, page: str) -> None:
    golden = GOLDEN / lang / page
    actual = mini_pages[lang][page]
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_generate_writes_every_output_of_the_site(mini: Path, tmp_path: Path) -> None:
    result = run_cli("generate", str(tmp_path / "out"), cwd=mini)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert result.stdout.strip() == f"wrote {len(files) - 1} files into {tmp_path / 'out'}"  # and the marker
    written = [f for f in files if f.endswith(".md")]
    assert written == ["en/about.md", "en/certificate.md", "en/glossary.md", "en/index.md",
                       "en/modules/mini-case.md", "en/progress.md", "en/walkthrough/index.md", "pl/about.md",
                       "pl/certificate.md", "pl/glossary.md", "pl/index.md", "pl/modules/mini-case.md",
                       "pl/progress.md", "pl/walkthrough/index.md"]
    # What the MkDocs plugin adds to a site, from the same list: decks, sheets, scripts, vendored files.
    for lang in ("pl", "en"):
        for rel in ("slides/mini-case.html", "walkthrough/mini-case.html", "assets/training/site.js",
                    "assets/training/training.js", "slides/vendor/reveal/reveal.js", "slides/vendor/reveal/notes.js",
                    "assets/vendor/iframe-worker/shim.js"):
            assert f"{lang}/{rel}" in files
    # The pages as the site serves them: a module page cleaned of anything that could run.
    project, _ = load_project(mini)
    assert project is not None
    for lang in ("pl", "en"):
        for rel, page in markdown_pages(project, lang).items():
            assert (tmp_path / "out" / lang / rel).read_text(encoding="utf-8") == page
    assert (tmp_path / "out/en/index.md").read_text(encoding="utf-8") == (GOLDEN / "en/index.md").read_text("utf-8")


def test_the_page_holds_every_step_choice_and_consequence(mini_pages: dict[str, dict[str, str]]) -> None:
    page = mini_pages["en"]["modules/mini-case.md"]
    for text in ("At the till", "You say what it costs.", "The patient nods.",
                 "A clear price builds <a href=\"../glossary.html#term-trust\">trust</a>.",
                 "Offered only if Trust is at least 30.", "Trust +30", "Trust \N{MINUS SIGN}20",
                 "This step happens only if Trust is at least 40; otherwise the story goes to "
                 "The patient leaves.", "The price before the procedure, not after."):
        assert text in page, text
    assert page.count('class="tr-step') == 4
    assert page.count('class="tr-choice"') == 4


@pytest.mark.parametrize(("lang", "expected"), [
    ("pl", "1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}zł"),
    ("en", "1,500\N{NO-BREAK SPACE}zlotys"),
    ("ru", "1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}злотых"),
    ("uk", "1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}злотих"),
])
def test_amounts_are_formatted_per_locale(lang: str, expected: str) -> None:
    assert format_amount(1500, lang, "PLN", currency_words(ui_strings(lang)).get("PLN")) == expected


@pytest.mark.parametrize(("lang", "n", "word"), [
    ("ru", 1, "злотый"), ("ru", 2, "злотых"), ("ru", 5, "злотых"), ("ru", 22, "злотых"), ("ru", 21, "злотый"),
    ("uk", 1, "злотий"), ("uk", 3, "злотих"), ("uk", 25, "злотих"), ("en", 1, "zloty"), ("en", 2, "zlotys"),
])
def test_currency_words_follow_plural_rules(lang: str, n: int, word: str) -> None:
    assert format_amount(n, lang, "PLN", currency_words(ui_strings(lang))["PLN"]).endswith("\N{NO-BREAK SPACE}" + word)


def test_a_declared_number_is_written_as_each_language_writes_it() -> None:
    project, problems = load_project(FIXTURES / "mini")
    assert project is not None, problems.report()
    price = project.scenarios["mini-case"].numbers["price"]
    for lang in project.course.languages:
        page = markdown_pages(project, lang)["modules/mini-case.md"]
        words = currency_words(project.strings[lang]).get(price.currency or "")
        written = format_amount(price.value, lang, price.currency, words)
        assert written in page, lang
        assert "{price}" not in page, lang


PLURAL_FORMS = {"zero", "one", "two", "few", "many", "other"}  # CLDR's categories


def plural_keys(keys: set[str]) -> set[str]:
    """The strings written once per plural form (``path.total.one``, ``path.total.other``...)."""
    return {k.rsplit(".", 1)[0] for k in keys if k.rsplit(".", 1)[-1] in PLURAL_FORMS - {"other"}}


def test_every_language_has_every_interface_string() -> None:
    """Each strings file as written, not as read (a key a file lacks is read from English):
    the same keys as English, and each plural string in every form the language uses."""
    from babel import Locale

    def keys(file: Path) -> set[str]:
        data = YAML(typ="safe").load(file.read_text(encoding="utf-8")) or {}
        return {str(k) for k in data if not str(k).startswith("currency.")}  # words are per language

    english = keys(strings_dir() / "en.yml")
    plurals = plural_keys(english)
    files = sorted(strings_dir().glob("*.yml"))
    assert len(files) >= 4
    for file in files:
        own = keys(file)
        assert plural_keys(own) == plurals, file.name
        plain, english_plain = ({k for k in ks if k.rsplit(".", 1)[0] not in plurals} for ks in (own, english))
        assert own >= english_plain, f"{file.name} lacks {sorted(english_plain - own)}"
        assert plain <= english_plain, f"{file.name} has keys English lacks: {sorted(plain - english_plain)}"
        forms = Locale.parse(file.stem).plural_form.tags | {"other"}
        for key in plurals:
            lacking = sorted(f"{key}.{form}" for form in forms if f"{key}.{form}" not in own)
            assert not lacking, f"{file.name} lacks {lacking}"


def test_root_page_offers_every_language() -> None:
    project, _ = load_project(FIXTURES / "mini")
    assert project is not None
    page = render_redirect(project)
    assert 'url=pl/index.html' in page
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in page
    assert '<a href="pl/index.html" hreflang="pl" lang="pl">Polski</a>' in page


@pytest.fixture(scope="module")
def real_project() -> Project:
    project, problems = load_project(REPO, fallback=False)
    assert project is not None, problems.report()
    return project


def controls(s: Scenario) -> Counter[str]:
    """The controls a module's page holds for its activities, counted from its steps."""
    want: Counter[str] = Counter()
    for st in s.steps.values():
        a = st.activity
        if isinstance(a, Quiz):
            want[f'class="tr-quiz" role="{"group" if a.multiple else "radiogroup"}"'] += 1
            want[f'type="{"checkbox" if a.multiple else "radio"}" name="tr-{st.id}"'] += len(a.options)
        elif isinstance(a, Ordering):
            want['class="tr-order"'] += 1
            want['data-move="-1"'] += len(a.items)
        elif isinstance(a, Spot):
            want['class="tr-line"'] += len(a.lines)
            want['data-move="true"'] += len(a.moves)
        elif isinstance(a, Assessment):
            statements = sum(len(items) for _, items in a.groups)
            want['class="tr-scale"'] += statements
            want[f'value="{a.scale}"'] += statements
    return want


def test_every_activity_kind_is_rendered_with_its_controls(real_project: Project) -> None:
    kinds = {st.kind for s in real_project.scenarios.values() for st in s.steps.values()}
    assert kinds >= {"decision", "quiz", "order", "spot", "assess", "reflection", "ending"}  # the course has each
    for sid, s in real_project.scenarios.items():
        page = render_scenario(real_project, sid, "en")
        want = controls(s)
        assert {text: page.count(text) for text in want} == want, sid
    assess = render_scenario(real_project, "competence-and-character", "en")
    assert 'data-note="one-step.weakest-mark"' in assess


def test_the_shuffled_order_is_fixed_and_never_already_solved() -> None:
    items = ("a", "b", "c", "d", "e")
    assert shuffled(items, "put-in-order") == shuffled(items, "put-in-order")
    for seed in (str(i) for i in range(200)):
        out = shuffled(items, seed)
        assert sorted(out) == sorted(items) and out != list(items)
    assert shuffled(("x", "y"), "any") == ["y", "x"]


def test_the_page_data_holds_the_structure_and_the_path_that_keeps_trust(real_project: Project) -> None:
    page = render_scenario(real_project, "overbilling", "pl")
    raw = re.search(r'<div class="tr-module" data-scenario="overbilling" data-play="([^"]*)"', page)
    assert raw is not None
    data = json.loads(html.unescape(raw.group(1)))
    assert data["start"] == "at-the-till"
    assert data["meters"]["paid"] == {"min": 0, "max": 800, "start": None, "currency": "PLN", "words": None}
    till = data["steps"]["at-the-till"]
    assert till["choices"][0] == {"id": "ask-for-total", "to": "patient-objects", "when": [],
                                  "fx": [["trust", "add", -30]]}
    assert data["steps"]["patient-returns"]["when"] == [{"meter": "trust", "min": 70, "max": None},
                                                        {"meter": "paid", "min": None, "max": 500},
                                                        {"chose": "the-feedback-call/keep-it-short", "is": False}]
    assert data["best"] == [["at-the-till", "warn-first"], ["check-the-bill", "honour-the-quote"],
                            ["the-feedback-call", "listen-and-ask"], ["patient-returns", None]]
    ru = json.loads(site_script(real_project, "ru").split("=", 1)[1].rstrip(";\n"))
    assert ru["key"] == "training:progress" and ru["strings"]["state.done"] == "Пройден"
    assert [m["id"] for m in ru["modules"]] == list(real_project.scenarios)


def test_json_in_a_page_cannot_close_its_script_element() -> None:
    text = script_json({"x": "</script><script>alert(1)</script>&"})
    assert "<" not in text and ">" not in text and json.loads(text)["x"].startswith("</script>")


PLURALS = {  # n: what the learning path says, per language (CLDR forms through Babel)
    "en": {1: "1 module,", 2: "2 modules,", 5: "5 modules,", 22: "22 modules,", 25: "25 modules,"},
    "pl": {1: "1 moduł,", 2: "2 moduły,", 5: "5 modułów,", 22: "22 moduły,", 25: "25 modułów,"},
    "ru": {1: "1 модуль,", 2: "2 модуля,", 5: "5 модулей,", 22: "22 модуля,", 25: "25 модулей,"},
    "uk": {1: "1 модуль,", 2: "2 модулі,", 5: "5 модулів,", 22: "22 модулі,", 25: "25 модулів,"},
}


@pytest.mark.parametrize("lang", list(PLURALS))
def test_plural_forms_of_interface_strings(lang: str) -> None:
    from babel import Locale

    from generator.strings import plural

    for n, expected in PLURALS[lang].items():
        assert expected in plural(ui_strings(lang), lang, "path.total", n, count=n, time="1 h"), (lang, n)
    # Every plural string has every form the language needs.
    needed = set(Locale.parse(lang).plural_form.tags) | {"other"}
    keys = ui_strings(lang)
    for base in {k.rsplit(".", 1)[0] for k in keys if k.rsplit(".", 1)[-1] in ("one", "few", "many")}:
        if base.startswith("currency."):
            continue
        assert {f"{base}.{c}" for c in needed} <= set(keys), (lang, base)


def test_front_matter_holds_a_title_with_backslashes(mini: Path) -> None:
    # Written as it was, a backslash made the front matter invalid YAML, and MkDocs showed
    # it as the page's first lines, with no warning.
    title = "Back\\slash \\q in C:\\temp\\new"
    text = mini / "scenarios" / "mini-case" / "en.yml"
    source = text.read_text(encoding="utf-8")
    text.write_text(source.replace("title: A price of {price}", f"title: {json.dumps(title)}"), encoding="utf-8")
    project, problems = load_project(mini)
    assert project is not None, problems.report()
    page = render_scenario(project, "mini-case", "en")
    front = page.split("---\n")[1]
    assert YAML(typ="safe").load(front) == {"title": title, "description": "A short case at the till.", "hide": ["toc"]}
