"""Text files per language: missing and unknown text, numbers, fallback in previews."""

from __future__ import annotations

from pathlib import Path

from conftest import edit
from generator.project import load_project
from generator.render import expand_page, render_scenario


def report(root: Path, *, fallback: bool = False) -> list[str]:
    _, problems = load_project(root, fallback=fallback)
    return [p.format(root) for p in problems.sorted()]


def test_the_fixture_is_clean(mini: Path) -> None:
    project, problems = load_project(mini)
    assert project is not None and not problems.items
    assert project.scenarios["mini-case"].text("en", "steps.till.title").value == "At the till"


def test_missing_translation_is_an_error_with_where_to_find_the_source(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "        feedback: A clear price builds [trust](glossary:trust).\n", "")
    edit(mini / "scenarios/mini-case/en.yml", "    title: Later\n", "")
    assert report(mini) == [
        "scenarios/mini-case/en.yml:14:7: missing English text for "
        "'steps.till.choices.honest.feedback': translate the Polish text at pl.yml:17",
        "scenarios/mini-case/en.yml:21:3: missing English text for 'steps.later.title': "
        "translate the Polish text at pl.yml:23",
    ]


def test_a_preview_falls_back_to_the_default_language_with_a_warning(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "    title: Later\n", "")
    project, problems = load_project(mini, fallback=True)
    assert [p.format(mini) for p in problems.items] == [
        "scenarios/mini-case/en.yml:22:3: warning: no English text for 'steps.later.title': "
        "showing the Polish text"
    ]
    assert project is not None
    text = project.scenarios["mini-case"].text("en", "steps.later.title")
    assert text is not None and (text.value, text.fallback_from) == ("Później", "pl")


BANNER = ('<div class="admonition warning">\n<p class="admonition-title">Translation missing</p>\n'
          "<p>Part of this page is not yet translated into English; it is shown in Polish.</p>\n</div>")


def test_a_module_page_showing_another_languages_text_says_so_once(mini: Path) -> None:
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    assert "admonition warning" not in render_scenario(project, "mini-case", "en")  # all its own
    edit(mini / "scenarios/mini-case/en.yml", "    title: Later\n", "")
    edit(mini / "scenarios/mini-case/en.yml", "title: A price of {price}", 'title: ""')
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    page = render_scenario(project, "mini-case", "en")
    assert page.count(BANNER) == 1  # one for the page, however many texts fell back
    # Under the title, before the module, where a reader starts.
    assert page.index("</h1>") < page.index(BANNER) < page.index('<div class="tr-module"')


def test_a_hand_written_page_shown_in_another_language_says_so_first(mini: Path) -> None:
    (mini / "docs/en/about.md").unlink()
    project, _ = load_project(mini, fallback=True)
    assert project is not None
    shown = project.pages["en"]["about.md"]
    assert expand_page(shown, project, "en").startswith(
        '!!! warning "Translation missing"\n\n'
        "    Part of this page is not yet translated into English; it is shown in Polish.\n")
    assert "Translation missing" not in expand_page(project.pages["en"]["index.md"], project, "en")


def test_an_empty_value_counts_as_missing(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "title: A price of {price}", 'title: ""')
    assert report(mini) == [
        "scenarios/mini-case/en.yml:1:1: missing English text for 'title': translate the Polish text at pl.yml:1"
    ]


def test_a_whole_language_file_missing(mini: Path) -> None:
    (mini / "scenarios/mini-case/en.yml").unlink()
    assert report(mini) == [
        "scenarios/mini-case/en.yml:1:1: no English text file: create en.yml (copy pl.yml and translate it)"
    ]
    warnings = report(mini, fallback=True)
    assert warnings == ["scenarios/mini-case/en.yml:1:1: warning: no English text file: create en.yml "
                        "(copy pl.yml and translate it); showing the Polish text meanwhile"]


def test_text_for_an_id_the_structure_lacks(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "  later:\n    title: Later", "  latter:\n    title: Later")
    problems = report(mini)
    assert problems[-1] == (
        "scenarios/mini-case/en.yml:22:3: unknown step 'latter' in steps (did you mean 'later'?): the "
        "structure file has no such id: rename it to an id of the structure, or add the id there")
    assert any("missing English text for 'steps.later.title'" in p for p in problems)


def test_unknown_field_in_a_text_file(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "debrief:", "debrief_text: x\ndebrief:")
    assert report(mini) == [
        "scenarios/mini-case/en.yml:40:1: unknown key 'debrief_text' in the file (did you mean 'debrief'?)"
    ]


def test_placeholders_must_name_numbers_and_amounts_are_never_literal(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/en.yml", "The patient nods.", "The patient pays {prise}.")
    edit(mini / "scenarios/mini-case/en.yml", "The patient frowns.", "The patient expected 1500.")
    assert report(mini) == [
        "scenarios/mini-case/en.yml:16:22: '{prise}' in steps.till.choices.honest.consequence is not one "
        "of the scenario's numbers (did you mean 'price'?); declared: price",
        "scenarios/mini-case/en.yml:20:22: steps.till.choices.vague.consequence writes 1500 as a literal: "
        "write {price} instead, so every language shows the same number",
    ]


def test_a_text_file_for_a_language_the_course_does_not_have(mini: Path) -> None:
    (mini / "scenarios/mini-case/de.yml").write_text("title: Preis\n", encoding="utf-8")
    assert report(mini) == [
        "scenarios/mini-case/de.yml:1:1: 'de' is not one of the course's languages (pl, en): add it to "
        "languages in scenarios/course/course.yml, or rename or remove this file"
    ]


def test_a_language_without_interface_strings(mini: Path) -> None:
    edit(mini / "scenarios/course/course.yml", "[pl, en]", "[pl, en, xx]")
    assert report(mini) == ["scenarios/course/course.yml:1:21: 'xx' is not a language code the locale data "
                            "knows: use a code such as pl, en, de or uk"]
    edit(mini / "scenarios/course/course.yml", "[pl, en, xx]", "[pl, en, fy]")
    assert ("scenarios/course/course.yml:1:1: no interface strings for 'fy' (Western Frisian): create "
            "scenarios/course/strings/fy.yml (copy generator/strings/en.yml and translate it)") in report(mini)
    # The project's own file gives them, without touching generator/.
    own = mini / "scenarios/course/strings/fy.yml"
    own.parent.mkdir()
    own.write_text("home: Begjin\n", encoding="utf-8")
    assert not [line for line in report(mini) if "interface strings for 'fy'" in line]
    [untranslated] = [line for line in report(mini, fallback=True) if line.startswith("scenarios/course/strings/")]
    assert untranslated.startswith("scenarios/course/strings/fy.yml:1:1: ") and "interface strings are not in " \
        "fy.yml, so Western Frisian pages show them in English: " in untranslated


def test_a_projects_own_interface_strings_are_checked(mini: Path) -> None:
    own = mini / "scenarios/course/strings"
    own.mkdir()
    (own / "en.yml").write_text(
        "home: Start here\n"
        "homee: Start\n"  # no such key
        "js.total.one: '{done} of {total} module, {when}'\n"  # a plural form English does not write; no {when}
        "permalink: <img src=x onerror=alert(1)>\n"  # what no scenario text may hold either
        "situation: [a list]\n"
        "currency.PLN.one: zloty\n",  # a currency's words: any code
        encoding="utf-8")
    (own / "de.yml").write_text("home: Start\n", encoding="utf-8")
    found = [line for line in report(mini) if line.startswith("scenarios/course/strings/")]
    assert found == [
        "scenarios/course/strings/de.yml:1:1: 'de' is not one of the course's languages (pl, en): add it to "
        "languages in scenarios/course/course.yml, or rename or remove this file",
        "scenarios/course/strings/en.yml:2:1: unknown interface string 'homee' (did you mean 'home'?): the keys "
        "are those of generator/strings/en.yml",
        "scenarios/course/strings/en.yml:3:1: 'js.total.one': {when} is not filled in here; the generator fills "
        "in {done}, {total} (write a brace as {{ or }})",
        "scenarios/course/strings/en.yml:4:1: 'permalink': raw HTML <img> is not allowed in texts: write Markdown "
        "instead (the HTML allowed is <abbr>, <b>, <br>, <cite>, <code>, <del>, <em>, <i>, <ins>, <kbd>, <mark>, "
        "<q>, <s>, <small>, <span>, <strong>, <sub>, <sup>, <u>)",
        "scenarios/course/strings/en.yml:5:1: 'situation': write the text itself (quoted if it starts with a "
        "sign YAML reads, such as [ or {)",
    ]


def test_hand_written_pages_per_language(mini: Path) -> None:
    (mini / "docs/en/about.md").unlink()
    assert report(mini) == [
        "docs/en/about.md:1:1: no English version of about.md: translate docs/pl/about.md into docs/en/about.md"
    ]
    assert report(mini, fallback=True) == [
        "docs/en/about.md:1:1: warning: no English version of about.md: showing the Polish page"
    ]


def test_learning_path_and_related_modules_must_name_scenarios(mini: Path) -> None:
    edit(mini / "scenarios/course/course.yml", "path: [mini-case]", "path: [mini-case, mini-cse]")
    edit(mini / "scenarios/mini-case/scenario.yml", "roles: [cashier]", "roles: [cashier]\nrelated: [mini-cas]")
    assert report(mini) == [
        "scenarios/course/course.yml:2:19: the learning path names 'mini-cse', which is not a scenario "
        "(did you mean 'mini-case'?)",
        "scenarios/mini-case/scenario.yml:4:11: related module 'mini-cas' is not a scenario (did you mean "
        "'mini-case'?)",
    ]


def test_every_problem_of_every_file_is_reported_together(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/scenario.yml", "duration: 10", "duration: -1")
    edit(mini / "scenarios/mini-case/en.yml", "debrief:", "debrief_text: x\ndebrief:")
    (mini / "scenarios/course/pl.yml").write_text("site_name: [\n", encoding="utf-8")
    assert report(mini) == [
        "scenarios/course/pl.yml:2:1: YAML syntax error: expected the node content, but found "
        "'<stream end>' (while parsing a flow node)",
        "scenarios/mini-case/en.yml:40:1: unknown key 'debrief_text' in the file (did you mean 'debrief'?)",
        "scenarios/mini-case/scenario.yml:2:11: duration is -1; the smallest allowed is 1",
    ]


def test_an_amount_typed_with_its_currency_is_found_in_each_language() -> None:
    from generator.texts import typed_amounts

    found = {
        "Cennik podaje 1 500 zł za zabieg.": ["1 500 zł"],
        "The bill says 800 zlotys, not {price}.": ["800 zlotys"],
        "Счёт на 800 злотых.": ["800 злотых"],
        "Рахунок: 1200,50 грн.": ["1200,50 грн"],
        "It costs 40 EUR or 45 USD.": ["40 EUR", "45 USD"],
        # No currency, or a declared number: nothing to say.
        "Wait 5 minutes at step 2 in 2024.": [],
        "The quote was {price}; she paid {paid} zł.": [],
        "Room 12zł3": [],
    }
    assert {text: typed_amounts(text) for text in found} == found


def test_a_choice_without_feedback_says_what_to_write_or_how_to_say_none_is_needed(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/pl.yml", "        feedback: Przeprosiny zwracają zaufanie.\n", "")
    edit(mini / "scenarios/mini-case/en.yml", "        feedback: An apology wins trust back.\n", "")
    assert report(mini) == [
        "scenarios/mini-case/pl.yml:26:7: choice 'apologise' of step 'later' has no feedback: say why it builds "
        "or costs trust (steps.later.choices.apologise.feedback), or, if no choice of 'later' is right or wrong "
        "(a vote, a matter of taste), write feedback: none on the step in scenario.yml"]
    edit(mini / "scenarios/mini-case/scenario.yml", "  later:\n    choices:",
         "  later:\n    feedback: none\n    choices:")
    assert report(mini) == []


def test_feedback_none_belongs_to_a_step_with_choices(mini: Path) -> None:
    edit(mini / "scenarios/mini-case/scenario.yml", "  bad:\n    ending: bad",
         "  bad:\n    feedback: none\n    ending: bad")
    assert report(mini) == ["scenarios/mini-case/scenario.yml:35:5: step 'bad' has feedback: none but no choices: "
                            "it applies to a step's choices; remove it"]
