"""The course's cast list (``scenarios/course/cast.yml``): one name means one person.

Learners meet the same people across modules (the patient of the overbilling case
comes back as a workshop's role card), so a name reused for someone else reads as
the same person doing something out of character. The list gives each person and
place every form of their name in each language; the check refuses a name used in
a unit its owner does not appear in, and a stranger after a title such as "pan".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from .model import Pos, Text
from .problems import Problems, did_you_mean
from .schema import validate
from .yamlio import key_position, load_yaml, position

CAST_FILE = "cast.yml"

# A word in any of the course's scripts, apostrophes inside it included (Ukrainian).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Person:
    id: str
    name: str  # in the default language, for messages
    about: str
    units: tuple[str, ...]  # the modules (and workshops, glossary) that name them
    forms: dict[str, frozenset[str]]  # language -> every form of the name written there
    pos: Pos
    units_pos: Pos


@dataclass(frozen=True)
class Cast:
    people: tuple[Person, ...]
    titles: dict[str, frozenset[str]]  # language -> words a name follows (pan, Mrs), lower case
    pos: Pos


def load_cast(folder: Path, problems: Problems) -> Cast | None:
    """The cast list, or None when the course keeps none (or it is broken)."""
    file = folder / CAST_FILE
    if not file.is_file():
        return None
    data = load_yaml(file, problems)
    if data is None or not validate(data, "cast", file, problems):
        return None
    people = tuple(
        Person(str(pid), str(spec["name"]), str(spec["about"]), tuple(str(u) for u in spec["in"]),
               {str(lang): frozenset(str(f) for f in forms) for lang, forms in spec["forms"].items()},
               key_position(data["cast"], pid, file), position(data, ["cast", pid, "in"], file, value=True))
        for pid, spec in data["cast"].items())
    for pid, spec in data["cast"].items():
        for lang, forms in spec["forms"].items():
            for i, form in enumerate(forms):
                if not _WORD.fullmatch(str(form)):
                    problems.error(position(data, ["cast", pid, "forms", lang, i], file, value=True),
                                   f"cast.{pid}.forms.{lang}: '{form}' is not one word of a name (letters only, "
                                   "e.g. Kalinowskiej): list each form of each word on its own")
    titles = {str(lang): frozenset(str(t).lower() for t in words) for lang, words in data.get("titles", {}).items()}
    cast = Cast(people, titles, position(data, [], file))
    _check_forms_unique(cast, problems)
    return cast


def _check_forms_unique(cast: Cast, problems: Problems) -> None:
    owner: dict[tuple[str, str], Person] = {}
    for person in cast.people:
        for lang, forms in person.forms.items():
            for form in sorted(forms):
                first = owner.setdefault((lang, form), person)
                if first is not person:
                    problems.error(person.pos, f"cast: '{form}' ({lang}) is a form of both '{first.id}' and "
                                               f"'{person.id}': one name means one person, so rename one of them")


def check_cast(cast: Cast, units: Mapping[str, Mapping[str, Mapping[str, Text]]], default: str,
               problems: Problems, *, unread: Collection[str] = ()) -> None:
    """Every name in ``units`` (unit -> language -> key -> text) belongs to someone the
    cast list places in that unit, and everyone it places there is named there.
    ``unread`` are units whose files have errors of their own (a module that did not load, a
    default language's file that did not): what the list says of them is not checked."""
    owners = {(lang, form): person for person in cast.people for lang, forms in person.forms.items()
              for form in forms}
    named: set[tuple[str, str]] = set()  # (person, unit) met in the default language
    for unit, languages in units.items():
        for lang, texts in languages.items():
            for key, text in texts.items():
                if text.fallback_from:
                    continue  # the default language's text, checked there
                for person, word, after_title in _names(text.value, lang, owners, cast.titles.get(lang)):
                    if person is None:
                        problems.error(text.pos, f"{key}: '{after_title} {word}' names someone the cast list "
                                                 f"does not know: add them, with every form of the name in "
                                                 f"each language, to scenarios/course/{CAST_FILE}")
                    elif unit not in person.units:
                        problems.error(text.pos, f"{key}: '{word}' is {person.name} ({person.about}), who does "
                                                 f"not appear in '{unit}': one name means one person in the "
                                                 f"course, so choose another name (and add its person to "
                                                 f"scenarios/course/{CAST_FILE}), or add '{unit}' to "
                                                 f"'{person.id}' there if it is the same person")
                    elif lang == default:
                        named.add((person.id, unit))
    for person in cast.people:
        for unit in person.units:
            if unit in unread:
                continue
            if unit not in units:
                problems.error(person.units_pos, f"cast: '{person.id}' is placed in '{unit}', which is no module "
                                                 f"of the course{did_you_mean(unit, list(units))}")
            elif (person.id, unit) not in named:
                problems.error(person.units_pos, f"cast: '{person.id}' is placed in '{unit}', but no text there "
                                                 f"names them in the default language: remove '{unit}' from "
                                                 "their list")


def _names(text: str, lang: str, owners: Mapping[tuple[str, str], Person],
           titles: frozenset[str] | None) -> list[tuple[Person | None, str, str]]:
    """Each name form in ``text`` once, with its person, and each capitalised stranger
    right after a title (as None)."""
    out: dict[tuple[str, str], Person | None] = {}
    previous, end = "", -1
    for match in _WORD.finditer(text):
        word = match.group()
        # English possessives (Kot’s) are the name; Ukrainian apostrophes never end one.
        person = owners.get((lang, word)) or owners.get((lang, re.split("['’]", word)[0]))
        if person is not None:
            out.setdefault((word, previous), person)
        elif (titles and previous.lower() in titles and word[0].isupper()
              and not text[end:match.start()].strip()):
            out.setdefault((word, previous), None)
        previous, end = word, match.end()
    return [(person, word, before) for (word, before), person in out.items()]
