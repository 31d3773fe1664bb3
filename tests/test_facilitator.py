"""The facilitator's kit from the same scenario files: decks, workshops, handouts, walkthroughs."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

from conftest import REPO, make_project
from generator.deck import module_slides, render_deck, render_workshop_deck
from generator.facilitator import render_guide, render_handout, render_walkthrough, render_workshop
from generator.model import Project
from generator.project import load_project


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
    items = re.findall(r"<tr><td>\d\. (.*?)</td>", checklist)
    texts = p.scenarios["five-steps"].texts["en"]
    assert items == [texts[f"steps.put-in-order.items.{i}"].value for i in
                     ("listen-without-interrupting", "listen-to-understand", "see-their-side",
                      "repair-and-apologise", "ask-if-they-stay")]
    cards = render_handout(p, "role-cards-overbilling", "ru")
    assert cards.count('<div class="tr-card" markdown>') == 3
    worksheet = render_handout(p, "mission-worksheet", "pl")
    assert worksheet.count('<div class="tr-write" markdown>') >= 10


def test_the_walkthrough_prints_every_step_once_and_every_path_with_its_meters_and_reading_times() -> None:
    p = project()
    page = render_walkthrough(p, "overbilling", "en")
    assert page.count('<section class="path"') == p.facts["overbilling"].paths == 13
    assert "1B → 3A → 5B → 6 → Good ending" in page
    # Each text once (a page repeating them per path grew to megabytes), each route step a link to it.
    s = p.scenarios["overbilling"]
    assert page.count('<section class="visit"') == len(s.steps)
    consequence = p.scenarios["overbilling"].texts["en"]["steps.check-the-bill.choices.honour-the-quote.consequence"]
    assert page.count(consequence.value.split("{")[0].strip()) == 1
    assert '<li><a href="#step-check-the-bill-A">3A</a>: ' in page
    assert "The patient’s trust 20, Amount paid 800\N{NO-BREAK SPACE}zlotys" in page  # the meters along the way
    assert re.search(r"Shortest path to read:</strong> \d+ min", page)
    quiz = render_walkthrough(p, "self-check", "en")
    assert "(Correct)" in quiz and "(Incorrect)" in quiz  # every answer, with its verdict


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
