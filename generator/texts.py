"""Text files per language -> flat ``key -> Text`` mappings, checked against the structure.

A key is the path of ids to a string: ``steps.at-the-till.choices.refund.label``.
Which keys must exist follows from the structure, so every language has the same
set: what the default language has, each translation must have too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .kinds import KINDS as STEP_KINDS
from .kinds import parts
from .languages import language_name
from .markup import check_markup
from .model import Number, Pos, Scenario, Text, Workshops
from .numbers import PLACEHOLDER
from .problems import Problems, did_you_mean
from .schema import validate
from .yamlio import load_yaml, position

# The word for an id found after each level of a key, for messages.
KINDS = {"steps": "step", "objectives": "objective", "takeaways": "takeaway", "questions": "question",
         "meters": "meter", **{k: w for kind in STEP_KINDS.values() for k, w in kind.words().items()},
         "terms": "term", "workshops": "workshop", "handouts": "handout", "cards": "card"}


def scenario_text_keys(s: Scenario) -> dict[str, bool]:
    """Every text key the structure implies, mapped to whether it is required."""
    keys = {k: True for k in ("title", "summary", "intro", "debrief")}
    for group, ids in (("objectives", s.objectives), ("takeaways", s.takeaways),
                       ("questions", s.questions), ("meters", tuple(s.meters))):
        keys.update({f"{group}.{i}": True for i in ids})
    for step in s.steps.values():
        base = f"steps.{step.id}"
        keys[f"{base}.title"] = True
        keys[f"{base}.text"] = True
        for kind in parts(step, "reflection", "decision", "activity"):
            keys.update(kind.text_keys(step))
    for key in s.images():
        # Alt text is what a screen reader says instead: as required as the text around it.
        keys.update({f"{key}.alt": True, f"{key}.caption": False})
    return keys


def glossary_text_keys(terms: tuple[str, ...]) -> dict[str, bool]:
    keys = {"title": True, "intro": False}
    for t in terms:
        keys[f"terms.{t}.term"] = True
        keys[f"terms.{t}.definition"] = True
    return keys


def workshops_text_keys(w: Workshops) -> dict[str, bool]:
    keys: dict[str, bool] = {}
    for wid in w.workshops:
        keys.update({f"workshops.{wid}.title": True, f"workshops.{wid}.intro": True, f"workshops.{wid}.guide": True})
    for hid, h in w.handouts.items():
        keys.update({f"handouts.{hid}.title": True, f"handouts.{hid}.intro": False})
        for card in h.cards:
            keys.update({f"handouts.{hid}.cards.{card}.title": True, f"handouts.{hid}.cards.{card}.text": True})
    return keys


# [words](glossary:trust): a link to a term of the glossary.
GLOSSARY_LINK = re.compile(r"\]\(glossary:([^)\s]*)\)")
# The running text a link may stand in; titles, labels and the like are shown
# as plain text (in buttons, menus, the notes file), where a link cannot go.
_LINKABLE = re.compile(r"^(intro|debrief|steps\.[^.]+\.text|.*\.(consequence|feedback|explain)|"
                       r"takeaways\..+|questions\..+|terms\.[^.]+\.definition)$")


def check_glossary_links(texts: dict[str, dict[str, Text]], terms: tuple[str, ...] | None,
                         problems: Problems) -> None:
    """Every glossary link names a term the glossary defines, and stands in running text."""
    for lang_texts in texts.values():
        for key, text in lang_texts.items():
            if text.fallback_from:
                continue  # reported where it was written
            for match in GLOSSARY_LINK.finditer(text.value):
                term = match.group(1)
                if not _LINKABLE.match(key):
                    problems.error(text.pos, f"{key} links to the glossary, but it is shown as plain text "
                                             "(a title, label, item or prompt): remove the link here, and "
                                             "link the term in the running text instead")
                elif terms is None:
                    problems.error(text.pos, f"{key} links to glossary term '{term}', but the course has no "
                                             "glossary: create scenarios/glossary/glossary.yml")
                elif term not in terms:
                    problems.error(text.pos, f"{key} links to glossary term '{term}', which the glossary does "
                                             f"not define{did_you_mean(term, terms)}: add it to "
                                             "scenarios/glossary/glossary.yml or fix the id")


COURSE_TEXT_KEYS = {"site_name": True, "path_title": True, "site_description": False, "copyright": False,
                    "certificate.signatory_role": False}


def check_text_files(folder: Path, languages: tuple[str, ...], schema: str, problems: Problems) -> None:
    """Syntax and schema of each language file, for a unit whose structure could not be read."""
    for lang in languages:
        file = folder / f"{lang}.yml"
        if file.is_file():
            data = load_yaml(file, problems)
            if data is not None:
                validate(data, schema, file, problems)


def flatten(data: Any, file: Path, prefix: str = "") -> dict[str, Text]:
    out: dict[str, Text] = {}
    if not isinstance(data, CommentedMap):
        return out
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, CommentedMap):
            out.update(flatten(value, file, full + "."))
        elif isinstance(value, str):
            line, col = data.lc.value(key)
            out[full] = Text(str(value), Pos(file, line + 1, col + 1))
    return out


def load_texts(
    folder: Path,
    languages: tuple[str, ...],
    schema: str,
    expected: dict[str, bool],
    problems: Problems,
    *,
    fallback: bool,
    numbers: dict[str, Number] | None = None,
    ignore: Iterable[str] = (),
) -> dict[str, dict[str, Text]]:
    """Each language's texts for the unit in ``folder``; missing ones per ``fallback``.

    With ``fallback`` a missing translation is a warning and shows the default
    language's text instead; without it, it is an error.
    """
    default = languages[0]
    found: dict[str, dict[str, Text]] = {}
    sources: dict[str, Any] = {}
    for lang in languages:
        file = folder / f"{lang}.yml"
        if not file.is_file():
            sources[lang] = None
            found[lang] = {}
            continue
        data = load_yaml(file, problems)
        if data is None or not validate(data, schema, file, problems):
            sources[lang] = None
            found[lang] = {}
            continue
        sources[lang] = data
        flat = flatten(data, file)
        _check_unknown(flat, expected, data, file, problems)
        if numbers is not None:
            _check_numbers(flat, numbers, problems)
        for key, text in flat.items():
            for message in check_markup(text.value):
                problems.error(text.pos, f"{key}: {message}")
        found[lang] = {k: t for k, t in flat.items() if k in expected and t.value.strip()}
    _check_unknown_languages(folder, languages, set(ignore), problems)

    wanted = {k for k, required in expected.items() if required or k in found[default]}
    for lang in languages:
        file = folder / f"{lang}.yml"
        if sources.get(lang) is None and not file.is_file():
            _report_missing_file(file, lang, default, fallback and lang != default, problems)
        for key in sorted(wanted - found[lang].keys(), key=list(expected).index):
            if lang != default and key in found[default]:
                pos = position(sources[lang], key.split("."), file) if sources[lang] is not None else Pos(file)
                if fallback:
                    if sources.get(lang) is not None:
                        problems.warning(pos, f"no {language_name(lang)} text for '{key}': "
                                              f"showing the {language_name(default)} text")
                    found[lang][key] = Text(found[default][key].value, found[default][key].pos, default)
                elif sources.get(lang) is not None:
                    problems.error(pos, f"missing {language_name(lang)} text for '{key}': translate "
                                        f"the {language_name(default)} text at "
                                        f"{found[default][key].pos.file.name}:{found[default][key].pos.line}")
            elif lang == default and sources.get(lang) is not None:
                pos = position(sources[lang], key.split("."), file)
                problems.error(pos, _missing_source(key))
    return found


def _report_missing_file(file: Path, lang: str, default: str, fallback: bool, problems: Problems) -> None:
    message = (f"no {language_name(lang)} text file: create {file.name} "
               f"(copy {default}.yml and translate it)")
    if lang == default:
        problems.error(Pos(file), f"no {language_name(lang)} text file: create {file.name}; "
                                  "it is the source every translation follows")
    elif fallback:
        problems.warning(Pos(file), message + f"; showing the {language_name(default)} text meanwhile")
    else:
        problems.error(Pos(file), message)


def _missing_source(key: str) -> str:
    parts = key.split(".")
    if len(parts) == 5 and parts[2] == "choices" and parts[4] == "feedback":
        return (f"choice '{parts[3]}' of step '{parts[1]}' has no feedback: say why it builds or costs trust "
                f"(steps.{parts[1]}.choices.{parts[3]}.feedback), or, if no choice of '{parts[1]}' is right or "
                "wrong (a vote, a matter of taste), write feedback: none on the step in scenario.yml")
    return f"missing text for '{key}': every {_kind_of(key)} of the structure needs its text here"


def _kind_of(key: str) -> str:
    parts = key.split(".")
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in KINDS:
            return KINDS[parts[i]]
    return "scenario"


def _check_unknown(flat: dict[str, Text], expected: dict[str, bool], data: Any, file: Path,
                   problems: Problems) -> None:
    reported: set[str] = set()
    for key in flat:
        if key in expected:
            continue
        parts = key.split(".")
        depth = 0
        while depth < len(parts) and any(k.split(".")[: depth + 1] == parts[: depth + 1] for k in expected):
            depth += 1
        prefix = ".".join(parts[:depth])
        if f"{prefix}/{parts[depth]}" in reported:
            continue
        reported.add(f"{prefix}/{parts[depth]}")
        options = sorted({k.split(".")[depth] for k in expected
                          if k.split(".")[:depth] == parts[:depth] and len(k.split(".")) > depth})
        kind = KINDS.get(parts[depth - 1], "key") if depth else "key"
        where = f" in {prefix}" if prefix else ""
        hint = did_you_mean(parts[depth], options)
        fix = ("the structure file has no such id: rename it to an id of the structure, or add the id there"
               if kind != "key" else f"expected one of {', '.join(options)}")
        problems.error(position(data, parts[: depth + 1], file),
                       f"unknown {kind} '{parts[depth]}'{where}{hint}: {fix}")


def typed_numbers(value: str, numbers: dict[str, Number]) -> list[str]:
    """The declared numbers a text types in digits instead of writing {name}."""
    rest = PLACEHOLDER.sub("", value)
    return [n.id for n in numbers.values() if float(n.value).is_integer() and abs(n.value) >= 10
            and re.search(rf"(?<![\d.,]){int(n.value)}(?![\d])", rest)]


# An amount of money typed in a text: digits, then a currency's sign, code or word in one of
# the languages these courses are written in (declared numbers are written {name}).
TYPED_AMOUNT = re.compile(
    r"(?<![\w.,{])\d[\d\s\u00a0\u202f.,]*\s?(zł|złot\w*|PLN|EUR|USD|GBP|UAH|RUB|€|\$|£|₴|₽|грн\w*|руб\w*|"
    r"злот\w*|zlot\w*|euros?|dollars?|pounds?|hryvni\w*|hryvnia)(?!\w)", re.IGNORECASE)


def typed_amounts(value: str) -> list[str]:
    """The amounts of money ``value`` types itself (with its currency), as written."""
    return [m.group(0).strip() for m in TYPED_AMOUNT.finditer(PLACEHOLDER.sub("", value))]


def _check_numbers(flat: dict[str, Text], numbers: dict[str, Number], problems: Problems) -> None:
    for key, text in flat.items():
        for name in PLACEHOLDER.findall(text.value):
            if name not in numbers:
                problems.error(text.pos, f"'{{{name}}}' in {key} is not one of the scenario's numbers"
                                         f"{did_you_mean(name, numbers)}; declared: "
                                         f"{', '.join(numbers) or 'none'}")
        typed = typed_numbers(text.value, numbers)
        for name in typed:
            problems.error(text.pos, f"{key} writes {int(numbers[name].value)} as a literal: write "
                                     f"{{{name}}} instead, so every language shows the same number")
        for amount in typed_amounts(text.value) if not typed else ():
            problems.error(text.pos, f"{key} types the amount '{amount}': declare it under numbers in "
                                     "scenario.yml (e.g. price: {value: 500, currency: PLN}) and write {price}, "
                                     "so every language shows it in its own way")


def _check_unknown_languages(folder: Path, languages: tuple[str, ...], ignore: set[str],
                             problems: Problems) -> None:
    for file in sorted(folder.glob("*.yml")):
        if file.name in ignore or file.stem in languages:
            continue
        problems.error(Pos(file), f"'{file.stem}' is not one of the course's languages "
                                  f"({', '.join(languages)}): add it to languages in "
                                  "scenarios/course/course.yml, or rename or remove this file")
