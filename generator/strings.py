"""Interface strings: the generator's own, one file per language in ``generator/strings/``,
and a project's, in ``scenarios/course/strings/<lang>.yml``.

A project's file gives a language the generator does not ship (a clinic adding one
edits its own project, not ``generator/``), or changes some strings of one it does.
What neither has falls back to English.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from ruamel.yaml import YAML

from .languages import language_name, plural_category
from .markup import check_markup
from .model import Pos
from .problems import Problems, did_you_mean
from .yamlio import key_position, load_yaml

PROJECT_STRINGS = "strings"  # the folder of a project's own strings, in scenarios/course/
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# A currency's words are each language's own (currency.PLN.few: złote), never English's.
_CURRENCY = re.compile(r"currency\.[A-Z]{3}\.(" + "|".join(PLURAL_CATEGORIES) + ")")


def strings_dir() -> Path:
    return Path(str(resources.files("generator") / "strings"))


@cache
def shipped_strings(lang: str) -> dict[str, str] | None:
    """The generator's own strings of ``lang`` as written, or None if it ships none."""
    file = strings_dir() / f"{lang}.yml"
    if not file.is_file():
        return None
    data = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in (data or {}).items()}


def with_english(lang: str, *layers: Mapping[str, str] | None) -> dict[str, str]:
    """``lang``'s strings: English's (less its currency words), then each layer over them."""
    english = shipped_strings("en") or {}
    out = dict(english) if lang == "en" else {k: v for k, v in english.items() if not _CURRENCY.fullmatch(k)}
    for layer in layers:
        out.update(layer or {})
    return out


@cache
def ui_strings(lang: str) -> dict[str, str]:
    """The generator's own strings of ``lang``; a key it lacks falls back to English.
    A project's strings are ``Project.strings``, which ``load_interface`` makes."""
    return with_english(lang, shipped_strings(lang))


def load_interface(folder: Path, languages: Iterable[str], course_pos: Pos,
                   problems: Problems) -> dict[str, dict[str, str]]:
    """Each course language's interface strings: the generator's, with the project's own
    file (``folder/<lang>.yml``) over them. A language with neither is an error."""
    english = shipped_strings("en") or {}
    out: dict[str, dict[str, str]] = {}
    languages = list(languages)
    for lang in languages:
        file = folder / f"{lang}.yml"
        own = _read_own(file, english, problems) if file.is_file() else None
        shipped = shipped_strings(lang)
        if shipped is None and own is None:
            if not file.is_file():
                problems.error(course_pos, f"no interface strings for '{lang}' ({language_name(lang)}): create "
                                           f"scenarios/course/{PROJECT_STRINGS}/{lang}.yml (copy "
                                           "generator/strings/en.yml and translate it)")
            continue
        if shipped is None and own is not None:
            _report_untranslated(file, lang, english, own, problems)
        out[lang] = with_english(lang, shipped, own)
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else ():
        if file.stem not in languages:
            problems.error(Pos(file), f"'{file.stem}' is not one of the course's languages "
                                      f"({', '.join(languages)}): add it to languages in scenarios/course/course.yml, "
                                      "or rename or remove this file")
    return out


def _read_own(file: Path, english: Mapping[str, str], problems: Problems) -> dict[str, str] | None:
    """A project's strings file, each string checked as a scenario's text is; None if it is unreadable."""
    data = load_yaml(file, problems)
    if data is None:
        return None
    if not isinstance(data, Mapping):
        problems.error(Pos(file), "interface strings: write one 'key: text' per line, as in generator/strings/en.yml")
        return None
    known = _known_keys(english)
    own: dict[str, str] = {}
    for key, value in data.items():
        pos = key_position(data, key, file)
        key = str(key)
        if key not in known and not _CURRENCY.fullmatch(key):
            problems.error(pos, f"unknown interface string '{key}'{did_you_mean(key, known)}: the keys are those "
                                "of generator/strings/en.yml")
        elif not isinstance(value, str):
            problems.error(pos, f"'{key}': write the text itself (quoted if it starts with a sign YAML reads, "
                                "such as [ or {)")
        elif problem := _placeholders_differ(key, value, english):
            problems.error(pos, problem)
        elif problem := next(iter(check_markup(value)), None):
            problems.error(pos, f"'{key}': {problem}")
        else:
            own[key] = value
    return own


def _known_keys(english: Mapping[str, str]) -> set[str]:
    """English's keys, and every plural form of those English writes in plural forms."""
    known = set(english)
    for key in english:
        base, _, form = key.rpartition(".")
        if form in PLURAL_CATEGORIES:
            known.update(f"{base}.{category}" for category in PLURAL_CATEGORIES)
    return known


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"{"}  # a lone brace: never what the English has


def _placeholders_differ(key: str, value: str, english: Mapping[str, str]) -> str | None:
    """Why ``value`` cannot stand for ``key``: the generator fills in English's {names}, no others."""
    base, _, form = key.rpartition(".")
    model = english.get(key) or english.get(f"{base}.other") if form in PLURAL_CATEGORIES else english.get(key)
    if model is None:
        return None
    allowed, used = _placeholders(model), _placeholders(value)
    if used <= allowed:
        return None
    extra = ", ".join(sorted("{" + n + "}" if n != "{" else "a lone { or }" for n in used - allowed))
    return (f"'{key}': {extra} is not filled in here; the generator fills in "
            f"{', '.join('{' + n + '}' for n in sorted(allowed)) or 'nothing'} (write a brace as {{{{ or }}}})")


def _report_untranslated(file: Path, lang: str, english: Mapping[str, str], own: Mapping[str, str],
                         problems: Problems) -> None:
    missing = [k for k in english if k not in own and not _CURRENCY.fullmatch(k)
               and not (k.rpartition(".")[2] in PLURAL_CATEGORIES
                        and any(o.startswith(k.rpartition(".")[0] + ".") for o in own))]
    if missing:
        problems.warning(Pos(file), f"{len(missing)} interface strings are not in {file.name}, so "
                                    f"{language_name(lang)} pages show them in English: {', '.join(missing[:5])}"
                                    f"{', ...' if len(missing) > 5 else ''}")


def currency_words(ui: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Per currency code, the words a language's strings ``ui`` use for it by plural category.

    Written in the strings file as ``currency.PLN.one: złoty`` and so on.
    """
    out: dict[str, dict[str, str]] = {}
    for key, value in ui.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "currency":
            out.setdefault(parts[1], {})[parts[2]] = value
    return out


def plural(ui: Mapping[str, str], lang: str, key: str, n: int, **values: object) -> str:
    """The string ``key`` of ``ui`` in the plural form ``lang`` uses for ``n`` (CLDR, through
    Babel): written in the strings file as ``key.one``, ``key.few``, ``key.many``, ``key.other``."""
    text = ui.get(f"{key}.{plural_category(lang, n)}") or ui.get(f"{key}.other") or key
    return text.format(**values)
