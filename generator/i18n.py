"""Where each translation stands: translated, missing, or stale.

A translation is stale when the default language's text changed after it was
translated. Each unit's folder keeps, in ``translations.lock``, a short hash of
the source text every translation was made from; ``i18n confirm`` records it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ruamel.yaml import YAML

from .model import Pos, Project, Text
from .problems import Problems
from .yamlio import load_yaml

LOCK_FILE = "translations.lock"
LOCK_HEADER = ("# Which version of the default language's text each translation was made from\n"
               "# (a short hash per text key). Written by 'python -m generator i18n confirm'.\n")

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


def mark_stale(folder: Path, texts: Texts, default: str, problems: Problems) -> Texts:
    """The texts, with each translation whose recorded source differs from today's marked stale."""
    lock = read_lock(folder, problems)
    source = texts.get(default, {})
    out: Texts = {}
    for lang, keys in texts.items():
        recorded = lock.get(lang, {})
        out[lang] = {}
        for key, text in keys.items():
            stale = (lang != default and not text.fallback_from and key in recorded and key in source
                     and recorded[key] != source_hash(source[key].value))
            out[lang][key] = replace(text, stale=True) if stale else text
    return out


@dataclass(frozen=True)
class Status:
    unit: str  # a scenario id, or course, glossary, workshops
    lang: str
    translated: int
    missing: int
    stale: int


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
            missing = sum(1 for t in keys if t.fallback_from)
            stale = sum(1 for t in keys if t.stale)
            rows.append(Status(unit, lang, len(keys) - missing - stale, missing, stale))
    return rows


def confirm(project: Project, lang: str, keys: set[str] | None = None,
            pairs: set[tuple[str, str]] | None = None, modules: set[str] | None = None) -> int:
    """Record that ``lang``'s texts follow today's source: all, those whose key is in ``keys``
    (in any unit), or the (unit, key) ``pairs``; only in the units ``modules`` names, if
    given; returns how many."""
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
            if text.fallback_from or key not in source or (keys is not None and key not in keys) or (
                    pairs is not None and (unit, key) not in pairs):
                continue
            recorded[key] = source_hash(source[key].value)
            count += 1
        if recorded == lock.get(lang, {}) and file.is_file():
            continue  # nothing new: the file stays as it is
        lock[lang] = dict(sorted(recorded.items()))
        with file.open("w", encoding="utf-8") as out:
            out.write(LOCK_HEADER)
            yaml.dump(dict(sorted(lock.items())), out)
    return count
