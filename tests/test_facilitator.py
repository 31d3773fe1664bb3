"""The facilitator's kit from the same scenario files: decks, workshops, handouts, walkthroughs."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

from conftest import REPO, make_project
from generator.deck import module_slides, render_deck, render_workshop_deck
from generator.facilitator import (
    render_guide,
    render_handout,
    render_walkthrough,
    render_workshop,
    repeats,
    worksheet_questions,
)
from generator.model import Handout, Project
from generator.project import load_project
from generator.render import scenario_page


@cache
def project() -> Project:
    found, problems = load_project(REPO)
    assert found is not None, problems.report(REPO)
    return found


def test_a_deck_has_a_vote_and_an_outcome_slide_per_decision_with_the_choices_in_order() -> None:
    p = project()
    slides = module_slides(p, "overbilling", "en")
    votes = [s for s in slides if s.kind == "vote"]
    decisions = [st for st in p.scenarios["overbilling"].steps.values() if st.choices]
    assert len(votes) == len(decisions) == len([s for s in slides if s.kind == "outcome"])
    assert [o["letter"] for o in votes[0].options] == ["A", "B"]
    assert votes[0].options[0]["label"].startswith("You key in the amount")
    assert votes[0].options[0]["effects"] == "The patient’s trust \N{MINUS SIGN}30"
    assert all(s.notes for s in slides)
    assert sum(s.minutes for s in slides) >= p.scenarios["overbilling"].duration - 3
    # The expected answer is the path that keeps trust, said only in the notes.
    assert "B" in votes[0].notes and "B" not in re.sub(r"<[^>]+>", "", votes[0].html)


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
    assert len(questions) == page.count("<li markdown>") == 17
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
    assert "won back by listening, checking and honouring the quote" in page
    assert "<svg" in page and page.count('class="node') == len(s.steps)
    quiz = render_walkthrough(p, "self-check", "en")
    assert "(Correct)" in quiz and "(Incorrect)" in quiz  # every answer, with its verdict


def test_every_sign_off_sheet_is_short_enough_to_read() -> None:
    p = project()
    sizes = {(sid, lang): len(render_walkthrough(p, sid, lang).encode())
             for sid in p.scenarios for lang in p.course.languages}
    assert max(sizes.values()) < 60_000, max(sizes.items(), key=lambda x: x[1])


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
