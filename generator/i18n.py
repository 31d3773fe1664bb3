"""Where each translation stands: translated, missing, an untranslated copy, or stale.

A translation is stale when the default language's text changed after it was
translated. Each unit's folder keeps, in ``translations.lock``, a short hash of
the source text every translation was made from; ``i18n confirm`` records it.

A text that reads exactly as the default language's (spacing aside), or as that of
a language listed before it in the course, is a copy, not a translation: it counts
as missing. Unless the lock marks it ``identical`` after its hash (a name, an
abbreviation, a word two languages share): ``i18n confirm --key K --identical``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ruamel.yaml import YAML

from .languages import language_name
from .model import Pos, Project, Text
from .problems import Problems
from .yamlio import load_yaml

LOCK_FILE = "translations.lock"
LOCK_HEADER = ("# Which version of the default language's text each translation was made from\n"
               "# (a short hash per text key). Written by 'python -m generator i18n confirm'.\n"
               "# 'identical' after a hash: the text reads as another language's on purpose (a name, a shared word).\n")
# After a text's hash in the lock: the translation reads as its source on purpose.
IDENTICAL = "identical"

Texts = dict[str, dict[str, Text]]


def source_hash(text: str) -> str:
    """The same for texts that differ only in spacing or line breaks."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def read_lock(folder: Path, problems: Problems) -> dict[str, dict[str, str]]:
    file = folder / LOCK_FILE
    if not file.is_file():
        return {}
    data = load_yaml(file, problems)  # says where the reader stopped
    if data is None:
        problems.error(Pos(file), "cannot read the translation records (see above): fix or delete the file, "
                                  "then run 'python -m generator i18n confirm --lang <code>'")
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        problems.error(Pos(file), "translation records must map each language to text keys and hashes: "
                                  "delete the file and run 'python -m generator i18n confirm --lang <code>'")
        return {}
    return {str(lang): {str(k): str(h) for k, h in keys.items()} for lang, keys in data.items()}


def identical(record: str | None) -> bool:
    """Whether a lock's record marks its text as meant to read as the source."""
    return record is not None and record.split()[1:] == [IDENTICAL]


def _hash(record: str) -> str:
    return record.split()[0] if record.split() else ""


def copied_from(texts: Texts, lang: str, key: str) -> str | None:
    """The language whose text ``lang``'s text for ``key`` repeats word for word: the
    default's, or one listed before ``lang`` (which then is taken as the one copied);
    None for a translation. A text shown in place of a missing one is no copy."""
    text = texts.get(lang, {}).get(key)
    if text is None or text.fallback_from:
        return None
    words = text.value.split()
    for other in texts:
        if other == lang:
            return None
        mine = texts[other].get(key)
        if mine is not None and not mine.fallback_from and mine.value.split() == words:
            return other
    return None


def mark_stale(folder: Path, texts: Texts, default: str, problems: Problems, *, fallback: bool = False) -> Texts:
    """The texts, with each translation whose recorded source differs from today's marked stale,
    and each copy of another language's text marked as a copy. A copy is an error, or with
    ``fallback`` (for previews) a warning, and it is then shown as a missing text is."""
    lock = read_lock(folder, problems)
    source = texts.get(default, {})
    out: Texts = {}
    for lang, keys in texts.items():
        recorded = lock.get(lang, {})
        out[lang] = {}
        for key, text in keys.items():
            copy = copied_from(texts, lang, key) if lang != default and not identical(recorded.get(key)) else None
            if copy is not None:
                _report_copy(folder, lang, key, text, texts[copy][key], problems, fallback=fallback)
                out[lang][key] = replace(text, copy=True, fallback_from=copy)
                continue
            stale = (lang != default and not text.fallback_from and key in recorded and key in source
                     and _hash(recorded[key]) != source_hash(source[key].value))
            out[lang][key] = replace(text, stale=True) if stale else text
    return out


def _report_copy(folder: Path, lang: str, key: str, text: Text, source: Text, problems: Problems, *,
                 fallback: bool) -> None:
    what = (f"the {language_name(lang)} text for '{key}' is a copy of the "
            f"{language_name(source.pos.file.stem)} text at {source.pos.file.name}:{source.pos.line}")
    todo = (f"translate it; if it is meant to read the same (a name, an abbreviation), record that with "
            f"'python -m generator i18n confirm --lang {lang} --module {folder.name} --key {key} --identical'")
    if fallback:
        problems.warning(text.pos, f"{what}: it counts as not translated yet; {todo}")
    else:
        problems.error(text.pos, f"{what}: {todo}")


@dataclass(frozen=True)
class Status:
    unit: str  # a scenario id, or course, glossary, workshops
    lang: str
    translated: int
    missing: int
    stale: int
    copied: int = 0  # untranslated copies of another language's text


def units(project: Project) -> dict[str, tuple[Path, Texts]]:
    """Every translatable unit: its folder and its texts."""
    out: dict[str, tuple[Path, Texts]] = {"course": (project.course.pos.file.parent, project.course.texts)}
    for sid, s in project.scenarios.items():
        out[sid] = (s.folder, s.texts)
    if project.glossary is not None:
        out["glossary"] = (project.glossary.pos.file.parent, project.glossary.texts)
    if project.workshops is not None:
        out["workshops"] = (project.workshops.pos.file.parent, project.workshops.texts)
    return out


def text_schema(unit: str) -> str:
    """The schema a unit's text files follow (as ``units`` names the units)."""
    return {"course": "course-text", "glossary": "glossary-text", "workshops": "workshops-text"}.get(unit, "text")


def status(project: Project) -> list[Status]:
    """Per unit and translation: texts translated (and current), missing, stale.

    Expects a project loaded with fallback, where a missing text shows the default's.
    """
    rows = []
    for unit, (_, texts) in units(project).items():
        for lang in project.course.languages[1:]:
            keys = texts.get(lang, {}).values()
            copied = sum(1 for t in keys if t.copy)
            missing = sum(1 for t in keys if t.fallback_from) - copied
            stale = sum(1 for t in keys if t.stale)
            rows.append(Status(unit, lang, len(keys) - missing - copied - stale, missing, stale, copied))
    return rows


def confirm(project: Project, lang: str, keys: set[str] | None = None,
            pairs: set[tuple[str, str]] | None = None, modules: set[str] | None = None, *,
            same: bool = False) -> int:
    """Record that ``lang``'s texts follow today's source: all, those whose key is in ``keys``
    (in any unit), or the (unit, key) ``pairs``; only in the units ``modules`` names, if
    given; returns how many. A copy of another language's text is no translation, and is
    left out, unless ``same`` says it is meant to read the same: it is then marked so."""
    default = project.course.default_language
    count = 0
    yaml = YAML()
    yaml.width = 4096
    for unit, (folder, texts) in units(project).items():
        if modules is not None and unit not in modules:
            continue
        file = folder / LOCK_FILE
        lock = read_lock(folder, Problems())
        source = texts.get(default, {})
        recorded = dict(lock.get(lang, {}))
        for key, text in texts.get(lang, {}).items():
            if (text.fallback_from and not (same and text.copy)) or key not in source or (
                    keys is not None and key not in keys) or (pairs is not None and (unit, key) not in pairs):
                continue
            # A mark already there stays: the text still reads as its source, on purpose.
            marked = text.copy or identical(recorded.get(key))
            recorded[key] = source_hash(source[key].value) + (f" {IDENTICAL}" if marked else "")
            count += 1
        if recorded == lock.get(lang, {}) and file.is_file():
            continue  # nothing new: the file stays as it is
        lock[lang] = dict(sorted(recorded.items()))
        with file.open("w", encoding="utf-8") as out:
            out.write(LOCK_HEADER)
            yaml.dump(dict(sorted(lock.items())), out)
    return count
