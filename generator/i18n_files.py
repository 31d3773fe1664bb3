"""Translations out to the tools translators use (XLIFF 1.2, gettext PO) and back.

Files are read and written with translate-toolkit. Each string is one unit:
its id names the unit and text key (``overbilling:steps.at-the-till.title``),
its source is the default language's text, its target the translation, its
note says where it appears, and a stale translation is marked for review
(fuzzy). An import is checked string by string and applied only if every
string passes: nothing is half written. Besides what a translation must keep of
its source, each string meets the same checks ``validate`` holds a text file to:
its length and type from the schema, then the whole project as it would be with
the translations written, loaded and checked in a temporary copy.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from .i18n import text_schema, units
from .model import Pos, Project, Text
from .numbers import PLACEHOLDER
from .problems import Problems, display_path
from .project import load_project
from .schema import validate
from .texts import flatten, typed_numbers
from .writes import write_files
from .yamlio import load_yaml

FORMATS = ("xliff", "po")
_ROLES = {"title": "a title", "summary": "the summary on the learning path", "intro": "the situation",
          "debrief": "the debrief", "text": "the text of a step", "label": "what the learner says or does (one line)",
          "consequence": "what happens after the choice", "feedback": "why it builds or costs trust",
          "explain": "why the line is, or is not, a move", "speaker": "who speaks", "term": "a glossary term",
          "definition": "a glossary definition", "guide": "the facilitator's guide"}
_LINK = re.compile(r"\]\(([^)\s]*)\)")


def _note(unit: str, key: str) -> str:
    parts = key.split(".")
    role = _ROLES.get(parts[-1]) or {"objectives": "a learning objective", "takeaways": "a key takeaway",
                                     "questions": "a question for the team", "prompts": "a reflection question",
                                     "items": "an item to put in order", "statements": "a statement to rate",
                                     "groups": "a group of statements", "meters": "the name of a score"}.get(
        parts[-2] if len(parts) > 1 else "", "text")
    where = f" in step '{parts[1]}'" if parts[0] == "steps" else ""
    return f"{unit}: {role}{where}. Markdown; keep {{placeholders}} and links as they are."


def export_translations(project: Project, lang: str, fmt: str) -> bytes:
    """Every string of every unit for ``lang``, as an XLIFF or PO file."""
    from translate.storage import po, xliff

    default = project.course.default_language
    store: Any = xliff.xlifffile(sourcelanguage=default, targetlanguage=lang) if fmt == "xliff" else po.pofile()
    if fmt == "po":
        store.updateheader(add=True, Language=lang, X_Generator="trust-training i18n export")
    for unit, (_, texts) in units(project).items():
        for key, source in texts.get(default, {}).items():
            text = texts.get(lang, {}).get(key)
            u = store.addsourceunit(source.value.strip())
            ident = f"{unit}:{key}"
            if fmt == "xliff":
                u.setid(ident)
            else:
                u.setcontext(ident)
            u.addnote(_note(unit, key), origin="developer")
            if text is not None and not text.fallback_from:
                u.target = text.value.strip()
                u.markfuzzy(text.stale)
    return bytes(store)


@dataclass(frozen=True)
class Change:
    unit: str
    key: str
    value: str
    reviewed: bool  # not marked fuzzy: the translator says it follows today's source


def _line(raw: str, ident: str) -> int:
    at = raw.find(f'"{ident}"')
    return raw.count("\n", 0, at) + 1 if at >= 0 else 1


def _shape(markdown: str) -> tuple[Any, ...]:
    """What a translation must keep of its source's Markdown: blocks, list items, links, emphasis."""
    blocks = [b for b in re.split(r"\n\s*\n", markdown.strip()) if b.strip()]
    items = len(re.findall(r"^\s*(?:[-*+]|\d+\.)\s", markdown, re.M))
    return len(blocks), items, _LINK.findall(markdown), markdown.count("**"), markdown.count("`")


def read_translations(project: Project, file: Path, problems: Problems) -> tuple[str | None, list[Change]]:
    """The language and the changed strings of an XLIFF or PO file; every bad string is reported."""
    from translate.storage import po, xliff

    fmt = "xliff" if file.suffix.lower() in (".xlf", ".xliff") else "po" if file.suffix.lower() in (".po",) else ""
    if not fmt:
        problems.error(Pos(file), "not an XLIFF (.xlf, .xliff) or PO (.po) file: export one with "
                                  "'python -m generator i18n export'")
        return None, []
    raw = file.read_text(encoding="utf-8", errors="replace")
    try:
        store: Any = (xliff.xlifffile if fmt == "xliff" else po.pofile).parsestring(  # type: ignore[no-untyped-call]
            file.read_bytes())
    except Exception as err:  # the toolkit raises several kinds for broken files
        problems.error(Pos(file), f"cannot read this {fmt.upper()} file ({type(err).__name__}: {err})")
        return None, []
    lang = store.gettargetlanguage() if fmt == "xliff" else (store.parseheader().get("Language") or None)
    if not lang:
        problems.error(Pos(file), "the file names no target language (it is empty, or was not exported by this "
                                  "tool): import a file made by 'python -m generator i18n export'")
        return None, []
    if lang not in project.course.languages[1:]:
        problems.error(Pos(file), f"the file's target language is '{lang}', not one of the translations "
                                  f"({', '.join(project.course.languages[1:])})")
        return None, []
    default = project.course.default_language
    all_units = units(project)
    changes = []
    passed: dict[tuple[str, str], tuple[str, Pos]] = {}  # strings of their own checks: ident, where
    for u in store.units:
        if u.isheader():
            continue
        ident = (u.getid() if fmt == "xliff" else u.getcontext()).split("\x04")[-1]
        pos = Pos(file, _line(raw, ident))
        unit, _, key = ident.partition(":")
        texts = all_units.get(unit, (None, {}))[1]
        source: Text | None = texts.get(default, {}).get(key)
        if source is None:
            problems.error(pos, f"unit '{ident}' is not a string of this course: export the file again")
            continue
        target = (u.target or "").strip()
        if not target:
            continue  # not translated yet: nothing to change
        before = len(problems.errors)
        src = source.value.strip()
        missing = set(PLACEHOLDER.findall(src)) ^ set(PLACEHOLDER.findall(target))
        if missing:
            problems.error(pos, f"{ident}: the translation must keep the placeholders of the source exactly "
                                f"({', '.join('{' + m + '}' for m in sorted(missing))} differ)")
        elif unit in project.scenarios and typed_numbers(target, project.scenarios[unit].numbers):
            name = typed_numbers(target, project.scenarios[unit].numbers)[0]
            problems.error(pos, f"{ident}: the translation types the amount of {{{name}}} in digits: write "
                                f"{{{name}}}, so every language shows the same number, formatted for it")
        elif _shape(src) != _shape(target):
            problems.error(pos, f"{ident}: the Markdown differs from the source's: keep the same paragraphs, "
                                "list items, links (with their targets) and ** emphasis")
        for message in _schema_problems(unit, key, target):
            problems.error(pos, f"{ident}: {_about(key, message)}")
        current = texts.get(lang, {}).get(key)
        if current is None or current.fallback_from or current.value.strip() != target or (
                current.stale and not u.isfuzzy()):
            changes.append(Change(unit, key, target, not u.isfuzzy()))
            if len(problems.errors) == before:
                passed[unit, key] = (ident, pos)
    _check_as_validate(project, lang, [c for c in changes if (c.unit, c.key) in passed], passed, file, problems)
    return lang, changes


def _schema_problems(unit: str, key: str, value: str) -> list[str]:
    """What the schema of the unit's text files says of ``value`` standing at ``key``
    (its length, mostly): checked before anything is written, however long it is."""
    document: dict[str, Any] = {}
    node = document
    *path, last = key.split(".")
    for part in path:
        node = node.setdefault(part, {})
    node[last] = value
    found = Problems()
    validate(document, text_schema(unit), Path(), found)
    return [p.message for p in found.errors]


def _about(key: str, message: str) -> str:
    """A validator's message about the text at ``key``, said of the translation."""
    if message.startswith(f"{key}: "):
        return message[len(key) + 2:]
    if message.startswith(f"{key} "):
        return "the translation" + message[len(key):]
    return message


def _check_as_validate(project: Project, lang: str, changes: list[Change], where: dict[tuple[str, str],
                       tuple[str, Pos]], file: Path, problems: Problems) -> None:
    """Every problem ``validate`` would find once ``changes`` are written, each reported at
    the string that causes it. The project is loaded and checked as a copy, in a temporary
    folder, with the new text files: the same checks, none of them written out here again."""
    if not changes:
        return
    root = _root(project)
    contents = render_translations(project, lang, changes)
    unit_of = {folder / f"{lang}.yml": unit for unit, (folder, _) in units(project).items()}
    with tempfile.TemporaryDirectory(prefix="training-import-") as tmp:
        copy = Path(tmp)
        try:
            shutil.copytree(root / "scenarios", copy / "scenarios")
            if (root / "docs").is_dir():
                (copy / "docs").symlink_to(root / "docs")  # read, never written: no copy needed
            for target, text in contents.items():
                (copy / target.relative_to(root)).write_text(text, encoding="utf-8")
        except OSError as err:
            problems.error(Pos(file), f"cannot check the translations in a temporary copy of the project "
                                      f"({err.strerror or err}): make room in {tempfile.gettempdir()}, or "
                                      "name another folder in TMPDIR, then import again")
            return
        _, found = load_project(copy, fallback=True)
        for problem in found.errors:
            at = problem.pos
            rel = at.file.relative_to(copy) if at.file.is_relative_to(copy) else None
            real = root / rel if rel is not None else at.file
            key = _key_at(at) if real in contents else None
            if key is not None and (unit_of.get(real), key) in where:
                ident, pos = where[unit_of[real], key]
                problems.error(pos, f"{ident}: {_about(key, problem.message)}")
            else:
                shown = display_path(real) + (f":{at.line}:{at.col}" if (at.line, at.col) != (1, 1) else "")
                problems.error(Pos(file), f"with these translations written, {shown} would have a problem: "
                                          f"{problem.message}")


def _root(project: Project) -> Path:
    """The project's folder: the course file is scenarios/course/course.yml in it."""
    return project.course.pos.file.parents[2]


def _key_at(pos: Pos) -> str | None:
    """The text key whose value holds ``pos`` in a text file."""
    data = load_yaml(pos.file, Problems())
    if data is None:
        return None
    leaves = sorted((t.pos.line, t.pos.col, key) for key, t in flatten(data, pos.file).items())
    on_or_before = [leaf for leaf in leaves if leaf[0] <= pos.line]
    if not on_or_before:
        return None
    line = on_or_before[-1][0]
    same_line = [leaf for leaf in on_or_before if leaf[0] == line]
    return next((k for ln, col, k in reversed(same_line) if line < pos.line or col <= pos.col), same_line[0][2])


def render_translations(project: Project, lang: str, changes: list[Change]) -> dict[Path, str]:
    """Each ``<lang>.yml`` the changed strings go into, with its new content."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    out = {}
    by_folder: dict[Path, list[Change]] = {}
    all_units = units(project)
    for change in changes:
        by_folder.setdefault(all_units[change.unit][0], []).append(change)
    for folder, mine in by_folder.items():
        file = folder / f"{lang}.yml"
        text = file.read_text(encoding="utf-8-sig") if file.is_file() else ""
        data = yaml.load(text) if text.strip() else CommentedMap()
        for change in mine:
            node = data
            *path, last = change.key.split(".")
            for part in path:
                if part not in node or not isinstance(node[part], dict):
                    node[part] = CommentedMap()
                node = node[part]
            node[last] = LiteralScalarString(change.value + "\n") if "\n" in change.value else change.value
        written = StringIO()
        yaml.dump(data, written)
        out[file] = written.getvalue()
    return out


def apply_translations(project: Project, lang: str, changes: list[Change]) -> list[Path]:
    """Write the changed strings into each unit's ``<lang>.yml``: every file, or none."""
    texts = render_translations(project, lang, changes)
    write_files(texts, note="nothing was imported")
    return list(texts)
