"""The cast list: a name in a module means the one person the list places there."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import edit, problems_of
from generator.cast import Cast, Person, check_cast, load_cast
from generator.model import Pos, Text
from generator.problems import Problems
from generator.project import load_project

CAST = """\
titles:
  pl: [pan, pani, pana]
  en: [Mr, Ms]
cast:
  ewa-nowak:
    name: Ewa Nowak
    about: the patient at the till
    in: [mini-case]
    forms:
      pl: [Nowak]
      en: [Nowak]
"""


@pytest.fixture
def cast_mini(mini: Path) -> Path:
    """The mini project whose patient has a name, in both languages, and a cast list."""
    (mini / "scenarios" / "course" / "cast.yml").write_text(CAST, encoding="utf-8")
    edit(mini / "scenarios" / "mini-case" / "pl.yml", "text: Pacjent pyta o cenę.", "text: Pani Nowak pyta o cenę.")
    edit(mini / "scenarios" / "mini-case" / "en.yml", "text: The patient asks about the price.",
         "text: Ms Nowak asks about the price.")
    return mini


def test_a_course_whose_names_are_on_the_cast_list_passes(cast_mini: Path) -> None:
    assert problems_of(cast_mini) == []


def test_a_name_used_where_its_person_is_not_placed_is_refused(cast_mini: Path) -> None:
    edit(cast_mini / "scenarios" / "glossary" / "en.yml", "definition: What makes",
         "definition: As Mr Nowak knows, what makes")
    [problem] = [p for p in problems_of(cast_mini) if "Nowak" in p]
    assert problem.startswith("scenarios/glossary/en.yml:")
    assert ("'Nowak' is Ewa Nowak (the patient at the till), who does not appear in 'glossary': one name "
            "means one person in the course, so choose another name") in problem


def test_a_stranger_after_a_title_is_refused(cast_mini: Path) -> None:
    edit(cast_mini / "scenarios" / "mini-case" / "pl.yml", "consequence: Pacjent kiwa głową.",
         "consequence: Pan Kowalski kiwa głową.")
    assert problems_of(cast_mini) == [
        "scenarios/mini-case/pl.yml:16:22: steps.till.choices.honest.consequence: 'Pan Kowalski' names someone "
        "the cast list does not know: add them, with every form of the name in each language, to "
        "scenarios/course/cast.yml"]


def test_a_form_of_two_people_and_a_placement_nobody_uses_are_refused(cast_mini: Path) -> None:
    (cast_mini / "scenarios" / "course" / "cast.yml").write_text(CAST + """\
  adam-nowak:
    name: Adam Nowak
    about: a doctor
    in: [mini-case, mini-cas]
    forms:
      pl: [Nowak, Adam]
""", encoding="utf-8")
    found = problems_of(cast_mini)
    assert ("scenarios/course/cast.yml:12:3: cast: 'Nowak' (pl) is a form of both 'ewa-nowak' and 'adam-nowak': "
            "one name means one person, so rename one of them") in found
    assert ("scenarios/course/cast.yml:15:9: cast: 'adam-nowak' is placed in 'mini-cas', which is no module of "
            "the course (did you mean 'mini-case'?)") in found


def test_a_placement_the_texts_do_not_bear_out_is_refused(cast_mini: Path) -> None:
    edit(cast_mini / "scenarios" / "course" / "cast.yml", "in: [mini-case]", "in: [mini-case, glossary]")
    assert problems_of(cast_mini) == [
        "scenarios/course/cast.yml:8:9: cast: 'ewa-nowak' is placed in 'glossary', but no text there names them "
        "in the default language: remove 'glossary' from their list"]


def test_a_broken_cast_list_is_reported_with_its_position(cast_mini: Path) -> None:
    edit(cast_mini / "scenarios" / "course" / "cast.yml", "pl: [Nowak]", "pl: [Nowak, 'Nowak 2']")
    [problem] = problems_of(cast_mini)
    assert problem == ("scenarios/course/cast.yml:10:19: cast.ewa-nowak.forms.pl: 'Nowak 2' is not one word of a "
                       "name (letters only, e.g. Kalinowskiej): list each form of each word on its own")


def test_the_real_course_keeps_one_name_per_person() -> None:
    """The course's own cast list is read and the course passes it: not a vacuous pass,
    the list places people in every module that tells a story."""
    root = Path(__file__).resolve().parent.parent
    problems = Problems()
    cast = load_cast(root / "scenarios" / "course", problems)
    assert cast is not None and not problems.items, problems.report()
    placed = {unit for person in cast.people for unit in person.units}
    assert placed >= {"overbilling", "five-steps", "feedback-call", "leader-sets-pattern", "pressure-to-sell",
                      "upselling", "our-mission", "competence-and-character", "self-check", "workshops"}
    project, problems = load_project(root)
    assert project is not None, problems.report()


NAMES = st.sampled_from(["Nowak", "Lis", "Kot"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), NAMES), min_size=1, max_size=6))
def test_each_use_outside_its_owners_units_is_reported_once(uses: list[tuple[str, str]]) -> None:
    """Whatever units the names turn up in, the check reports exactly the texts that name
    someone outside the units they are placed in."""
    owners = {"Nowak": ("a",), "Lis": ("b",), "Kot": ("a", "b")}
    pos = Pos(Path("x.yml"), 1, 1)
    cast = Cast(tuple(Person(n.lower(), n, "someone", units, {"pl": frozenset({n})}, pos, pos)
                      for n, units in owners.items()), {}, pos)
    units: dict[str, dict[str, dict[str, Text]]] = {"a": {"pl": {}}, "b": {"pl": {}}}
    for i, (unit, name) in enumerate(uses):
        units[unit]["pl"][f"k{i}"] = Text(f"Tu jest {name}.", pos)
    problems = Problems()
    check_cast(cast, units, "pl", problems)
    wrong = sum(unit not in owners[name] for unit, name in uses)
    assert sum("who does not appear" in p.message for p in problems.items) == wrong
    unused = sum(not any(u == unit and n == name for u, n in uses) for name, us in owners.items() for unit in us)
    assert sum("no text there names them" in p.message for p in problems.items) == unused
