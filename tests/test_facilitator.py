"""The facilitator's kit from the same scenario files: decks, workshops, handouts, walkthroughs."""

from __future__ import annotations

import re
import shutil
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_graph import Layer, as_model, long_stories, long_story

from conftest import FIXTURES, REPO, edit, examples, make_project, run_cli, stand_in
from generator.buildcache import BuildCache
from generator.deck import module_slides, plain, render_deck, render_workshop_deck
from generator.facilitator import (
    path_count,
    render_guide,
    render_handout,
    render_walkthrough,
    render_walkthrough_index,
    render_workshop,
    repeats,
    worksheet_questions,
)
from generator.graph import check_graph
from generator.model import Handout, Project
from generator.numbers import format_minutes
from generator.problems import Problems
from generator.project import load_project
from generator.render import scenario_page
from generator.review import MAX_ROWS, WORDS_A_MINUTE
from generator.siteconfig import CACHE_DIR
from generator.slidetext import ABBREVIATIONS, WORDS, balanced, fit, pack, sentences, words
from generator.speaker import SpeakerViewError, speaker_view
from generator.strings import ui_strings
from generator.view import View
from strategies import dump


@cache
def project() -> Project:
    found, problems = load_project(REPO)
    assert found is not None, problems.report(REPO)
    return found


def test_a_deck_has_a_vote_and_a_consequence_per_choice_of_every_decision_in_order() -> None:
    p = project()
    slides = module_slides(p, "overbilling", "en")
    decisions = [st for st in p.scenarios["overbilling"].steps.values() if st.choices]
    votes = list(dict.fromkeys(s.vote for s in slides if s.kind == "vote"))
    assert votes == [st.id for st in decisions]
    # Each vote has one slide with all its answers, where the room's tally shows.
    for step in decisions:
        whole = [s for s in slides if s.vote == step.id and len(s.options) == len(step.choices)]
        assert len(whole) == 1 and [o.letter for o in whole[0].options] == ["A", "B", "C", "D"][:len(step.choices)]
    first = [s for s in slides if s.vote == "at-the-till"]
    assert first[0].options[0].label is not None and first[0].options[0].label.startswith("The bill is correct")
    # Then one consequence per choice, its meter changes beside it, the text in full.
    after = [s for s in slides if s.kind == "consequence" and s.title == "At the till"]
    assert [s.letter for s in after] == ["A", "B"]
    assert after[0].effects == ["The patient’s trust \N{MINUS SIGN}30"]
    texts = p.scenarios["overbilling"].texts["en"]
    assert " ".join(after[1].body).startswith("“The bill shows more than you were told on the phone.")
    assert " ".join(after[1].body).endswith("Ms Kalinowska frowns, but puts her card away and waits.")
    assert texts["steps.at-the-till.choices.warn-first.consequence"].value.split()[-1] in after[1].body[-1]
    assert all(s.notes for s in slides)
    assert sum(s.minutes for s in slides) >= p.scenarios["overbilling"].duration - 3
    assert abs(sum(s.seconds for s in slides) - 60 * p.scenarios["overbilling"].duration) < len(slides)
    # The expected answer is the path that keeps trust, said only in the notes.
    assert "The choice that keeps trust best here: B." in first[0].notes
    assert "keeps trust" not in render_deck(p, "overbilling", "en").split('<aside class="notes">')[0]


def test_the_situation_is_told_in_full_in_whole_sentences() -> None:
    p = project()
    for lang, wanted in [("en", ["800\N{NO-BREAK SPACE}zlotys", "Nobody mentioned the test to her beforehand."]),
                         ("pl", ["800\N{NO-BREAK SPACE}zł", "O badaniu nikt jej wcześniej nie wspomniał."])]:
        slides = [s for s in module_slides(p, "overbilling", lang)
                  if s.title == ui_strings(lang)["situation"] and s.kind == "text"]  # not the quote's slide
        assert len(slides) >= 2
        told = [" ".join(s.body) for s in slides]
        intro = plain(View(p.scenarios["overbilling"], lang, p.strings[lang]).t("intro"))
        assert " ".join(told) == " ".join(sentence for paragraph in intro.split("\n\n")
                                          for sentence in sentences(paragraph))
        assert all(wanted_text in " ".join(told) for wanted_text in wanted), (lang, told)


def test_a_quiz_is_a_vote_with_its_right_answers_marked_on_the_tally() -> None:
    slides = module_slides(project(), "self-check", "en")
    tally = [s for s in slides if s.vote == "bill-is-higher" and len(s.options) == 4]
    assert len(tally) == 1 and [o.letter for o in tally[0].options if o.correct] == ["C"]
    assert all(o.label is None for o in tally[0].options)  # shown in full on the slides before it
    shown = [o.label for s in slides if s.vote == "bill-is-higher" for o in s.options if o.label]
    assert len(shown) == 4 and shown[2].startswith("Hold off on payment")


def test_every_slide_of_every_deck_is_short_whole_and_closes_its_quotes() -> None:
    p = project()
    longest = 0
    for lang in p.course.languages:
        for sid in p.scenarios:
            for slide in module_slides(p, sid, lang):
                if slide.word_count > WORDS:  # only one sentence longer than the room beside its title
                    assert len(slide.body) == 1 and len(sentences(slide.body[0])) == 1, (lang, sid, slide)
                longest = max(longest, slide.word_count)
                for text in [slide.title, " ".join(slide.body), *(o.label or "" for o in slide.options)]:
                    assert balanced(text), (lang, sid, text)
    assert longest <= WORDS + 8


def test_decks_are_in_the_language_of_the_site() -> None:
    for lang, word in [("pl", "Co robisz?"), ("ru", "Что вы сделаете?"), ("uk", "Що ви зробите?")]:
        deck = render_deck(project(), "overbilling", lang)
        assert f'<html lang="{lang}" dir="ltr">' in deck and word in deck, lang


def test_a_workshop_is_its_agenda_then_its_modules_and_breaks() -> None:
    p = project()
    assert p.workshops is not None
    w = p.workshops.workshops["front-desk-90"]
    assert w.minutes == 90 and w.group == (6, 14)
    page = render_workshop(p, "front-desk-90", "en")
    assert "| 0:00–0:35 | [" in page and "(../modules/overbilling.md)" in page and "| 1:05–1:10 | *Break* | 5 |" in page
    assert "(../handouts/observer-checklist.md)" in page
    deck = render_workshop_deck(p, "whole-team-half-day", "pl")
    assert deck.count("Przerwa: 15 min") >= 1 and deck.count("<section") > 100
    guide = render_guide(p, "whole-team-half-day", "uk")
    assert "(../slides/our-mission.html)" in guide and "(../walkthrough/our-mission.html)" in guide


def test_handouts_are_made_from_the_modules_and_the_role_cards() -> None:
    p = project()
    checklist = render_handout(p, "observer-checklist", "en")
    items = re.findall(r"<tr><th scope=\"row\">\d\. (.*?)</th>", checklist)
    texts = p.scenarios["five-steps"].texts["en"]
    assert items == [texts[f"steps.put-in-order.items.{i}"].value for i in
                     ("listen-without-interrupting", "listen-to-understand", "see-their-side",
                      "repair-and-apologise", "ask-if-they-stay")]
    cards = render_handout(p, "role-cards-overbilling", "ru")
    assert cards.count('<div class="tr-card" markdown>') == 3
    worksheet = render_handout(p, "mission-worksheet", "pl")
    assert worksheet.count('<li markdown>') == 15  # 12 prompts and 3 team questions, none alike


def _questions(page: str) -> list[tuple[int, str, int]]:
    """A worksheet's questions as printed: number, text and lines to write on."""
    found = []
    for start, items in re.findall(r'<ol class="tr-questions" start="(\d+)" markdown>(.*?)</ol>', page, re.S):
        for n, (text, lines) in enumerate(re.findall(r"<p markdown>(.*?)</p>\n<div class=\"tr-lines\">(.*?)</div>",
                                                    items), start=int(start)):
            found.append((n, text, lines.count("<span></span>")))
    return found


def test_a_worksheet_numbers_its_questions_once_each_with_room_to_write_and_fields_for_who_and_when() -> None:
    p = project()
    page = render_handout(p, "reflection-worksheet", "en")
    questions = _questions(page)
    # One count over the sheet's three modules, not one list per question each starting at 1.
    assert [n for n, _, _ in questions] == list(range(1, len(questions) + 1))
    # two-surgeons and competence-and-character each gained a team question (whom the patient
    # stays for; who keeps the promises made to patients).
    assert len(questions) == page.count("<li markdown>") == 19
    texts = [text for _, text, _ in questions]
    # The module's team questions repeat its step prompts: each is asked once, as first worded.
    assert "Why do we exist as a team?" in texts
    assert not [t for t in texts if t.startswith("Why do we exist as a team? ")]
    assert "What do we give our patients beyond the treatment itself?" not in texts
    assert len(set(texts)) == len(texts)
    # Room by what is asked: a question of one sentence gets 3 lines, of two 4, of three or more 6.
    lines = {text: n for _, text, n in questions}
    assert lines["Why do we exist as a team?"] == 3
    assert lines["Which of the five steps was missing, or came too early? What would be worth doing differently "
                 "today?"] == 4
    assert min(lines.values()) == 3
    mission = {text: n for _, text, n in _questions(render_handout(p, "mission-worksheet", "en"))}
    assert mission[next(t for t in mission if t.startswith("Your plan for the meeting"))] == 6
    assert '<ul class="tr-fields">\n<li>Name</li>\n<li>Team</li>\n<li>Date</li>\n</ul>' in page
    # The same questions under the same numbers, on the same lines, in every language.
    for lang, name in [("pl", "Imię i nazwisko"), ("ru", "Имя и фамилия"), ("uk", "Ім’я та прізвище")]:
        other = render_handout(p, "reflection-worksheet", lang)
        assert [(n, k) for n, _, k in _questions(other)] == [(n, k) for n, _, k in questions], lang
        assert f'<ul class="tr-fields">\n<li>{name}</li>' in other


def test_the_checklist_has_fields_and_room_to_write_and_role_cards_stay_cards() -> None:
    p = project()
    checklist = render_handout(p, "observer-checklist", "ru")
    assert "<li>Имя и фамилия</li>\n<li>Команда</li>\n<li>Дата</li>" in checklist
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", checklist)
    assert len(rows) == 5 and all('<span class="tr-tick"></span>' in r and r.count("<span></span>") == 3
                                  for r in rows)
    cards = render_handout(p, "role-cards-five-steps", "en")
    assert "tr-fields" not in cards and "tr-questions" not in cards and cards.count('<div class="tr-card"') == 3


def test_a_module_asked_twice_on_a_sheet_is_printed_once() -> None:
    sheet = worksheet_questions(project(), Handout("twice", prompts=("five-steps", "two-surgeons", "five-steps")))
    assert [sid for sid, _ in sheet] == ["five-steps", "two-surgeons"]  # no heading over nothing


def test_a_question_repeats_another_when_its_words_are_nearly_the_same_or_it_begins_with_them() -> None:
    assert repeats("Why do we exist as a team?", "why do we exist, as a team")
    assert repeats("Why do we exist as a team? What would be missing if we weren’t here?", "Why do we exist as a team?")
    assert repeats("Why do we exist as a team?", "Why do we exist as a team? What would be missing?")
    assert repeats("Whom do we serve and which values guide us?", "Whom do we serve, and which value guides us?")
    assert repeats("Po co istniejemy jako [zespół](../glossary.md#term-team)?", "Po co istniejemy jako zespół?")
    # Alike in form, not in what they ask.
    assert not repeats("What convinced you to choose the first surgeon? What do you expect from them?",
                       "What exactly convinced you to choose the second surgeon? How would you recognise their "
                       "mission?")
    assert not repeats("Why do we exist as a team?", "Why do we exist as a teaching hospital?")
    assert not repeats("Which of these principles will be hardest to keep on a hectic day, and why?",
                       "Which of the proposed principles is easiest to break on a hectic day?")


def test_the_sign_off_sheet_prints_a_few_paths_that_take_every_choice_not_every_path() -> None:
    p = project()
    s = p.scenarios["overbilling"]
    page = render_walkthrough(p, "overbilling", "en")
    shown = page.count('<section class="path"')
    assert 1 < shown < p.facts["overbilling"].paths
    assert f"{p.facts['overbilling'].paths} in all; the {shown} below together take every choice" in page
    taken = set(re.findall(r'<td>(\d+)\. [^<]*</td><td class="letter">([A-Z])</td>', page))
    every = {(str(n), chr(ord("A") + i)) for n, step in enumerate(s.steps.values(), start=1)
             for i, _ in enumerate(step.choices)}
    assert taken == every
    # Each text once, each step of a path with the meters after it.
    consequence = s.texts["en"]["steps.check-the-bill.choices.honour-the-quote.consequence"]
    assert page.count(consequence.value.split("{")[0].strip()) == 1
    assert '<td class="letter">A</td><td>70</td><td>500&nbsp;zlotys</td>' in page
    # A header to fill in, with the version it approves; the module page shows that version too.
    assert re.search(r"<th scope=\"row\">Approver</th><td></td>", page)
    assert f"version {s.versions['en']} of this module (English)" in page
    assert f"Version {s.versions['en']}" in scenario_page(p, "overbilling", "en").html
    assert s.versions["en"] != s.versions["pl"]
    # A flag the author accepted after review, with the reason in its place.
    assert '<li class="flag accepted" id="flag-fall.trust.patient-returns">' in page
    assert "won back by apologising, checking, honouring" in page
    assert "<svg" in page and page.count('class="node') == len(s.steps)
    quiz = render_walkthrough(p, "self-check", "en")
    assert "(Correct)" in quiz and "(Incorrect)" in quiz  # every answer, with its verdict


def test_every_sign_off_sheet_is_short_enough_to_read() -> None:
    p = project()
    sizes = {(sid, lang): len(render_walkthrough(p, sid, lang).encode())
             for sid in p.scenarios for lang in p.course.languages}
    assert max(sizes.values()) < 60_000, max(sizes.items(), key=lambda x: x[1])


# Large scenarios (issue 18, point 3): every sheet says the true count of paths, reads
# its reading time off the graph, and stays within these bounds however long the module:
SHEET_BYTES = 2_000_000  # a chain of 2,000 decisions' whole sheet; most of it its texts, once each
PATHS_BYTES = 150_000  # its paths to read: at most MAX_ROWS rows, and what they leave out named
PEAK_BYTES = 64 * 2**20  # memory at the peak of rendering one sheet, deck or module page
SECONDS = 120  # for one sheet on a busy shared machine of two cores (a few seconds on a quiet one)


def _story_texts(data: dict[str, Any], words: Callable[[str, str | None], str]) -> dict[str, Any]:
    """A language file for a long story: ``words(step, choice)`` gives a step's text (with
    ``choice`` None) and each choice's consequence."""
    steps: dict[str, Any] = {}
    for sid, step in data["steps"].items():
        steps[sid] = {"title": sid.capitalize(), "text": words(sid, None)}
        if "choices" in step:
            steps[sid]["choices"] = {c: {"label": "You act.", "consequence": words(sid, c)} for c in step["choices"]}
    return {"title": data["id"].capitalize(), "summary": "A long case.", "intro": "The patient arrives.",
            "objectives": {"o": "Follow the case."}, "meters": {"trust": "Trust"}, "steps": steps,
            "debrief": "That was long."}


def _wide_words(sid: str, choice: str | None) -> str:
    """Twenty words a step; the consequence of each decision's last choice two words, of
    the others eighty; the mixed ending two hundred: the shortest path takes every last
    choice to the good ending."""
    if choice is None:
        return " ".join(["The patient waits at the desk and looks at you."] * 2) if sid != "meh" else "Later " * 200
    return "You nod." if choice == "on2" else "You explain " + "slowly and " * 39 + "clearly."


def _words_in(text: Any) -> int:
    return sum(_words_in(x) for x in text.values()) if isinstance(text, dict) else len(str(text).split())


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """tests/fixtures/mini with three long stories: 20 decisions of 3 ways on (3^20 paths),
    a chain of 2,000 decisions each with a way out (2,001 paths), and 1,200 decisions of 2
    ways on (2^1200 paths)."""
    root = make_project(FIXTURES / "mini", tmp_path_factory.mktemp("large") / "project")
    stories = {"wide": long_story([(3, 0)] * 20, "wide"), "long": long_story([(1, 1)] * 1999 + [(2, 0)], "long"),
               "huge": long_story([(2, 0)] * 1200, "huge")}
    for sid, data in stories.items():
        (root / "scenarios" / sid).mkdir()
        (root / "scenarios" / sid / "scenario.yml").write_text(dump(data), encoding="utf-8")
        words = _wide_words if sid == "wide" else lambda step, choice: "Go on." if choice else "She waits."
        english = dump(_story_texts(data, words))
        (root / "scenarios" / sid / "en.yml").write_text(english, encoding="utf-8")
        (root / "scenarios" / sid / "pl.yml").write_text(stand_in(english), encoding="utf-8")
    edit(root / "scenarios" / "course" / "course.yml", "[mini-case]", "[mini-case, wide, long, huge]")
    # Stored for the validate of a test below, which then reads the results instead of the files again.
    found, problems = load_project(root, store=BuildCache(root / CACHE_DIR))
    assert found is not None and not problems.items, problems.report(root)
    return found


@pytest.mark.slow  # the large project: thousands of steps to load and walk
def test_a_sheet_says_how_many_paths_there_are_and_reads_the_shortest_path_off_the_graph(large: Project) -> None:
    # 3^20 paths: the good ending by the last decision's second or third way, the mixed one by its first.
    for lang, total, good, mixed in [("en", "3,486,784,401", "2,324,522,934", "1,162,261,467"),
                                     ("pl", "3\N{NO-BREAK SPACE}486\N{NO-BREAK SPACE}784\N{NO-BREAK SPACE}401",
                                      "2\N{NO-BREAK SPACE}324\N{NO-BREAK SPACE}522\N{NO-BREAK SPACE}934",
                                      "1\N{NO-BREAK SPACE}162\N{NO-BREAK SPACE}261\N{NO-BREAK SPACE}467")]:
        page = unescape(render_walkthrough(large, "wide", lang))
        shown = page.count('<section class="path"')
        assert 0 < shown <= 3
        assert f"<dd>{ui_strings(lang)['sign.paths_count'].format(total=total, shown=shown)}</dd>" in page
        assert f"<td>{good}</td>" in page and f"<td>{mixed}</td>" in page
        assert f"| {total} |" in render_walkthrough_index(large, lang)
    # The fewest words are on the path of every decision's last choice, the 3^20-th that a
    # listing of the paths in the file's order meets: found in the graph, not in a sample.
    texts = _story_texts(long_story([(3, 0)] * 20, "wide"), _wide_words)
    around = sum(_words_in(v) for k, v in texts.items() if k != "steps")
    steps = texts["steps"]
    fewest = around + _words_in(steps["last"]) + sum(
        _words_in({k: v for k, v in steps[f"d{i}"].items() if k != "choices"})
        + _words_in(steps[f"d{i}"]["choices"]["on2"]) for i in range(1, 21))
    minutes = round(fewest / WORDS_A_MINUTE)
    assert minutes >= 3
    page = unescape(render_walkthrough(large, "wide", "en"))
    assert f"<dt>Shortest path reads in</dt><dd>{format_minutes(minutes, 'en')}</dd>" in page


@pytest.mark.slow  # the large project: thousands of steps to load and walk
def test_a_chain_of_two_thousand_decisions_gets_a_sheet_of_bounded_size_memory_and_time(large: Project) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        page = unescape(render_walkthrough(large, "long", "en"))
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES and seconds < SECONDS and len(page.encode()) < SHEET_BYTES, (peak, seconds, len(page))
    part = page.split('<h2 id="paths">')[1].split('<h2 id="endings">')[0]
    rows = re.findall(r'<tr><td>(\d+)\. [^<]*</td><td class="letter">([A-Z]?)</td>', part)
    assert 0 < len(rows) <= MAX_ROWS and len(part.encode()) < PATHS_BYTES
    shown = part.count('<section class="path"')
    assert (f"<dd>2,001 in all; the {shown} below together take every choice and reach every ending but those named "
            "after them</dd>") in page
    # What is printed and what is named as left out are every choice, once.
    printed = {n + letter for n, letter in rows if letter}
    named = re.findall(r"no path is printed through any of these choices: ([^<]*)\.</p>", part)[0].split(", ")
    assert len(named) == len(set(named)) and printed.isdisjoint(named)
    assert printed | set(named) == {f"{n}{x}" for n in range(1, 2001) for x in "AB"}
    assert "no path is printed to any of these endings: 2001. Last, 2002. Meh." in part
    assert "play the module" in part
    # No drawing thousands of boxes tall: the decision table says where each choice leads.
    assert "<svg" not in page and "steps: 2,003; a diagram is drawn for up to 80" in page
    assert page.count('<section class="visit"') == 2003  # every text, once
    polish = unescape(render_walkthrough(large, "long", "pl"))
    assert "Aby arkusz nie przekroczył 1\N{NO-BREAK SPACE}000 wierszy ścieżek" in polish
    assert "2\N{NO-BREAK SPACE}001 wszystkich" in polish


@pytest.mark.slow  # the large project: thousands of steps to load and walk
def test_more_paths_than_digits_can_say_are_rounded_and_nothing_lists_them(large: Project) -> None:
    huge = "about 1.7\N{NO-BREAK SPACE}×\N{NO-BREAK SPACE}10³⁶¹"
    page = unescape(render_walkthrough(large, "huge", "en"))
    assert f"<dd>{huge} in all; too long to print here (this sheet holds at most 1,000 rows of paths)</dd>" in page
    assert "<td>about 8.6\N{NO-BREAK SPACE}×\N{NO-BREAK SPACE}10³⁶⁰</td>" in page  # each ending: half
    polish = unescape(render_walkthrough(large, "huge", "pl"))
    assert "około 1,7\N{NO-BREAK SPACE}×\N{NO-BREAK SPACE}10³⁶¹ wszystkich" in polish
    assert f"| {huge} |" in render_walkthrough_index(large, "en")
    # The module page and the deck show the best path and every decision, not the paths.
    for make in (lambda: scenario_page(large, "huge", "en").html, lambda: render_deck(large, "huge", "en")):
        tracemalloc.start()
        try:
            assert "D1200" in make()
            assert tracemalloc.get_traced_memory()[1] < PEAK_BYTES
        finally:
            tracemalloc.stop()
    # validate's summary: the count, and the decisions a path takes.
    root = large.scenarios["huge"].folder.parent.parent
    out = run_cli("validate", cwd=root)
    assert out.returncode == 0, out.stderr
    lines = {line.split(":")[0]: line for line in out.stdout.splitlines()}
    endings = {sid: dict(x.split(" ", 1) for x in re.findall(r"\(endings: ([^)]*)\)", lines[sid])[0].split(", "))
               for sid in ("huge", "long", "wide")}
    assert lines["huge"].startswith("huge: 1202 steps, about 1.7e361 paths (")
    assert lines["huge"].endswith("; trust 0..10; 1200 decisions a path")
    assert endings["huge"] == {"last": "about 8.6e360", "meh": "about 8.6e360"}
    assert lines["long"].startswith("long: 2003 steps, 2001 paths (")
    assert lines["long"].endswith("; trust 0..50; 1..2000 decisions a path")
    assert endings["long"] == {"last": "1", "meh": "1", "gone": "1999"}
    assert lines["wide"].startswith("wide: 22 steps, 3486784401 paths (")
    assert endings["wide"] == {"last": "2324522934", "meh": "1162261467"}


@pytest.mark.slow  # stories of up to 1,500 steps
@settings(max_examples=examples(8), deadline=None)
@given(long_stories(most=1500))
def test_any_long_story_gets_a_sheet_of_at_most_max_rows_rows_that_names_the_rest(layers: list[Layer]) -> None:
    s = as_model(long_story(layers))
    facts = check_graph(s, Problems())
    assert facts is not None
    p = replace(project(), scenarios={s.id: s}, facts={s.id: facts})
    page = unescape(render_walkthrough(p, s.id, "en"))
    part = page.split('<h2 id="paths">')[1].split('<h2 id="endings">')[0]
    rows = re.findall(r'<tr><td>(\d+)\. [^<]*</td><td class="letter">([A-Z]?)</td>', part)
    assert len(rows) <= MAX_ROWS and len(part.encode()) < PATHS_BYTES
    printed = {n + letter for n, letter in rows if letter}
    named = re.findall(r"no path is printed through any of these choices: ([^<]*)\.</p>", part)
    left = set(named[0].split(", ")) if named else set()
    every = {f"{n}{chr(ord('A') + i)}" for n, step in enumerate(s.steps.values(), start=1)
             for i, _ in enumerate(step.choices)}
    assert printed.isdisjoint(left) and printed | left == every
    total = path_count(facts.paths, "en", ui_strings("en"))
    if left:
        assert f"<dd>{total} in all; " in page and "play the module" in part
    else:
        shown = part.count('<section class="path"')
        assert f"<dd>{total} in all; the {shown} below together take every choice and reach every ending</dd>" in page


def test_workshop_mistakes_are_reported(tmp_path: Path) -> None:
    root = make_project(REPO, tmp_path / "project")
    shutil.rmtree(root / "site", ignore_errors=True)
    file = root / "scenarios" / "workshops" / "workshops.yml"
    text = file.read_text(encoding="utf-8")
    text = text.replace("- {module: feedback-call, minutes: 15}", "- {module: feedbak-call, minutes: 15}")
    text = text.replace("checklist: five-steps/put-in-order", "checklist: five-steps/angry-patient")
    text = text.replace("materials: [role-cards-overbilling, observer-checklist, reflection-worksheet]",
                        "materials: [role-cards-overbilling, observer-list, reflection-worksheet]")
    file.write_text(text, encoding="utf-8")
    _, problems = load_project(root)
    lines = [p.format(root) for p in problems.sorted()]
    assert any("names module 'feedbak-call', which is not a scenario (did you mean 'feedback-call'?)" in x
               for x in lines), lines
    assert any("'observer-list', which is not a handout (did you mean 'observer-checklist'?)" in x for x in lines)
    assert any("'five-steps/angry-patient' is not an ordering step" in x for x in lines)


# Texts onto slides, with random texts: paragraphs of sentences, some quoted over several.

_WORD = st.sampled_from("a pani doktor zł 300 echo serca the test is needed it’s u нас вам ні є лікар "
                        "що s 1,200 zlotys ok mr card — kasa пан".split())
_FIRST = st.sampled_from("Pani The It’s Nikt Ні Що Ms Mr Вам Już".split())


@st.composite
def _texts(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """A text and its paragraphs' sentences; a quotation may run over several sentences and
    paragraphs, in the marks of one of the course's languages."""
    opening, closing = draw(st.sampled_from([("“", "”"), ("„", "”"), ("«", "»"), ("„", "“")]))
    paragraphs: list[list[str]] = []
    quoted = 0
    for _ in range(draw(st.integers(1, 4))):
        paragraph = []
        for _ in range(draw(st.integers(1, 6))):
            body = draw(st.lists(_WORD, min_size=1, max_size=draw(st.sampled_from([6, 15, 45]))))
            if draw(st.booleans()):  # an abbreviation before a name ends no sentence
                name = draw(st.sampled_from(["dr. Pawlak", "np. Anna", "г. Львів"]))
                body.insert(draw(st.integers(0, len(body))), name)
            if body[-1] in ABBREVIATIONS or body[-1].endswith(("Pawlak", "Anna", "Львів")):
                body.append("end")
            sentence = " ".join([draw(_FIRST), *body]) + draw(st.sampled_from([".", "!", "?", "…"]))
            if not quoted and draw(st.booleans()):
                sentence, quoted = opening + sentence, draw(st.integers(1, 4))
            if quoted:
                quoted -= 1
                if not quoted:
                    sentence += closing
            paragraph.append(sentence.replace(" ", "\N{NO-BREAK SPACE}", draw(st.integers(0, 1))))
        paragraphs.append(paragraph)
    if quoted:
        paragraphs[-1][-1] += closing
    return "\n\n".join(" ".join(p) for p in paragraphs), paragraphs


@settings(max_examples=examples(100))
@given(_texts(), st.integers(8, 45), st.one_of(st.none(), st.integers(3, 40)))
def test_a_text_goes_on_slides_in_whole_sentences_within_the_words_and_with_its_quotes_closed(
        drawn: tuple[str, list[list[str]]], budget: int, first: int | None) -> None:
    text, paragraphs = drawn
    assert [sentences(p) for p in text.split("\n\n")] == paragraphs
    pages = fit(text, budget, first)
    every = [s for p in paragraphs for s in p]
    # Nothing lost, nothing cut, nothing added but the marks that close and reopen a quotation.
    assert [s for page in pages for paragraph in page.paragraphs for s in paragraph] == every
    for i, page in enumerate(pages):
        room = first if i == 0 and first is not None else budget
        sentences_here = [s for paragraph in page.paragraphs for s in paragraph]
        assert page.word_count <= room or len(sentences_here) == 1, (room, page)
        assert balanced(" ".join(page.shown)), page.shown
        assert set(page.reopen + page.close) <= set("“”„«»")
    # No more slides than filling each in turn would take.
    greedy, used = 0, None
    for size in (words(s) for s in every):
        room = first if greedy <= 1 and first is not None else budget
        if used is None or used + size > room:
            greedy, used = greedy + 1, size
        else:
            used += size
    assert len(pages) <= greedy


@settings(max_examples=examples(200))
@given(st.lists(st.integers(1, 50), min_size=1, max_size=25), st.integers(5, 60))
def test_pack_keeps_every_unit_in_order_and_every_run_within_the_budget(sizes: list[int], budget: int) -> None:
    runs = pack(sizes, budget)
    assert [i for start, end in runs for i in range(start, end)] == list(range(len(sizes)))
    assert all(sum(sizes[start:end]) <= budget or end - start == 1 for start, end in runs)


def test_a_quotation_over_two_slides_is_closed_and_reopened_in_its_own_marks() -> None:
    text = ("„Pani doktor osłuchała mnie. Trzeba zrobić echo serca i pokazać się kardiologowi. "
            "Wszystko w pięć minut.” Głos mu się łamie.")
    pages = fit(text, 10)
    assert [p.shown for p in pages] == [["„Pani doktor osłuchała mnie.”"],
                                        ["„Trzeba zrobić echo serca i pokazać się kardiologowi.”"],
                                        ["„Wszystko w pięć minut.” Głos mu się łamie."]]
    inner = fit("«Он сказал: „Нет. Никогда. Ни за что“. Всё». Тишина.", 3)
    assert inner[0].shown == ["«Он сказал: „Нет.“»"] and inner[1].reopen == "«„"
    assert sentences("Dr Pawlak, np. Ms Lis. Then she left. It costs 300 zł. 400 more?") == [
        "Dr Pawlak, np. Ms Lis.", "Then she left.", "It costs 300 zł. 400 more?"]


def test_the_speaker_view_speaks_the_decks_language_and_a_changed_plugin_stops_the_build() -> None:
    plugin = (REPO / "node_modules" / "reveal.js" / "dist" / "plugin" / "notes.js").read_text(encoding="utf-8")
    for lang, upcoming, notes in [("pl", "Następny", "Notatki"), ("ru", "Следующий", "Заметки"),
                                  ("uk", "Наступний", "Нотатки")]:
        local = speaker_view(plugin, ui_strings(lang), lang)
        assert f">{upcoming}</span>" in local and f'<h4 class="label">{notes}</h4>' in local
        assert f'<html lang="{lang}" dir="ltr">' in local and "'en-US'" not in local
        for english in (">Upcoming<", ">Notes<", "Click to Reset", "'Wide'", "'Layout'", "Loading speaker view"):
            assert english not in local, (lang, english)
    changed = plugin.replace("Click to Reset", "Click to reset")
    with pytest.raises(SpeakerViewError, match="Click to Reset"):
        speaker_view(changed, ui_strings("pl"), "pl")
