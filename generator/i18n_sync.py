"""``i18n sync``: every language file gets the text keys its unit's structure has.

A key the file lacks is added empty (``""``), the default language's text written
as a comment above it, beside its preceding sibling; a key the structure no longer
has (a step renamed, say) is listed with its line, never deleted: its text may be
what the author moves to the new id. The lines are inserted into the file as it
is, so every other byte (comments, order, quoting, folding) stays as it was. Only
each unit's structure must load: this is what an author runs while the project
still has errors, after renaming ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .i18n import text_schema
from .languages import language_name
from .loader import (
    COURSE_FOLDER,
    GLOSSARY_FOLDER,
    WORKSHOPS_FOLDER,
    load_course,
    load_glossary,
    load_scenario,
    load_workshops,
    scenario_folders,
)
from .problems import Problems, display_path
from .schema import schema_comment
from .texts import COURSE_TEXT_KEYS, flatten, glossary_text_keys, scenario_text_keys, workshops_text_keys
from .writes import write_files
from .yamlio import load_yaml

# Where each top-level group goes in a text file: the order the course's files and the
# scaffold use (the structure's own order holds below the top: steps as scenario.yml has them).
_RANK = {name: i for i, name in enumerate((
    "title", "summary", "intro", "objectives", "meters", "steps", "debrief", "takeaways", "questions",  # scenario
    "site_name", "site_description", "path_title", "copyright", "certificate",  # course
    "terms", "workshops", "handouts"))}


class SyncError(Exception):
    """The command line named a language or a unit the course does not have."""


@dataclass(frozen=True)
class Unit:
    name: str  # a scenario id, or course, glossary, workshops
    folder: Path
    expected: dict[str, bool]  # text key -> required


@dataclass
class Synced:
    file: Path
    created: bool = False
    added: list[str] = field(default_factory=list)
    leftovers: list[tuple[str, int]] = field(default_factory=list)  # key, line
    skipped: list[str] = field(default_factory=list)  # keys with no block mapping to go into


def structure_units(root: Path, problems: Problems) -> tuple[tuple[str, ...], list[Unit]]:
    """The course's languages and every unit whose structure loads (the others are reported)."""
    scenarios = root / "scenarios"
    course = load_course(scenarios / COURSE_FOLDER, problems)
    if course is None:
        return (), []
    units = [Unit("course", scenarios / COURSE_FOLDER, COURSE_TEXT_KEYS)]
    for folder in scenario_folders(scenarios, problems):
        scenario = load_scenario(folder, problems)
        if scenario is not None:
            units.append(Unit(folder.name, folder, scenario_text_keys(scenario)))
    glossary = load_glossary(scenarios / GLOSSARY_FOLDER, problems)
    if glossary is not None:
        units.append(Unit("glossary", scenarios / GLOSSARY_FOLDER, glossary_text_keys(glossary.terms)))
    workshops = load_workshops(scenarios / WORKSHOPS_FOLDER, problems)
    if workshops is not None:
        units.append(Unit("workshops", scenarios / WORKSHOPS_FOLDER, workshops_text_keys(workshops)))
    return course.languages, units


def sync(root: Path, problems: Problems, *, lang: str | None = None, module: str | None = None) -> list[Synced]:
    """Bring the language files in line with the structure, writing those that change.

    Raises :class:`SyncError` for a language or unit the course does not have."""
    from .problems import did_you_mean

    languages, units = structure_units(root, problems)
    if not languages:
        return []
    if lang is not None and lang not in languages:
        raise SyncError(f"--lang {lang}: not one of the course's languages ({', '.join(languages)})"
                        f"{did_you_mean(lang, languages)}")
    names = [u.name for u in units]
    if module is not None and module not in names:
        folder = root / "scenarios" / module
        why = (f"its {folder.name}/scenario.yml does not load (see above)" if folder.is_dir()
               else f"no such unit{did_you_mean(module, names)}; the units are {', '.join(names)}")
        raise SyncError(f"{module}: {why}")
    results, contents = [], {}
    for unit in units:
        if module is not None and unit.name != module:
            continue
        source = _texts(unit.folder / f"{languages[0]}.yml")
        for code in languages:
            if lang is not None and code != lang:
                continue
            file = unit.folder / f"{code}.yml"
            old = file.read_text(encoding="utf-8-sig") if file.is_file() else None
            if old is not None and load_yaml(file, problems) is None:
                continue  # not YAML: reported, left as it is
            wanted = {k for k, required in unit.expected.items() if required or source.get(k)}
            keys = [k for k in _layout(unit.expected) if k in wanted]
            header = old if old is not None else new_file_header(code, languages[0], unit.name, unit.folder)
            text, synced = synced_text(header, keys, {} if code == languages[0] else source, languages[0],
                                       set(unit.expected))
            synced.file, synced.created = file, old is None
            if text != old:
                contents[file] = text
            results.append(synced)
    write_files(contents, note="no language file was changed")
    return results


def new_file_header(lang: str, default: str, unit: str, folder: Path) -> str:
    """What a new language file starts with, before its keys."""
    if lang == default:
        return (f"{schema_comment(text_schema(unit), folder)}\n"
                f"# The {language_name(lang)} text, the source every translation follows: write each value.\n")
    return (f"{schema_comment(text_schema(unit), folder)}\n"
            f"# The {language_name(lang)} text: translate each value; the comment above it is the\n"
            f"# {language_name(default)} text of {default}.yml. An empty value counts as missing: the site\n"
            f"# build refuses it, the preview shows the {language_name(default)} text.\n")


def _texts(file: Path) -> dict[str, str]:
    if not file.is_file():
        return {}
    data = load_yaml(file, Problems())
    return {k: t.value for k, t in flatten(data, file).items() if t.value.strip()} if data is not None else {}


def _layout(expected: dict[str, bool]) -> list[str]:
    return sorted(expected, key=lambda k: _RANK.get(k.split(".")[0], len(_RANK)))


def synced_text(text: str, keys: list[str], source: dict[str, str], default: str,
                known: set[str] | None = None) -> tuple[str, Synced]:
    """``text`` (a language file) with the ``keys`` it lacks inserted, and what was done.

    ``keys`` come in the order a file lays them out; ``source`` is the default
    language's text per key, written as a comment over each key added; ``known``, every
    key the structure has (``keys`` and the optional ones), the others being leftovers."""
    from ruamel.yaml import YAML

    data: Any = YAML(typ="rt").load(text) if text.strip() else None
    if not isinstance(data, CommentedMap):
        data = None  # empty, or not a mapping: everything is added below what is there
    done = Synced(Path())
    present = flatten(data, Path()) if data is not None else {}
    known = set(keys) if known is None else known
    done.leftovers = [(k, t.pos.line) for k, t in present.items() if k not in known]
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    inserts: list[tuple[int, int, list[str]]] = []  # line index, order, lines
    tree = _tree(keys)
    _plan(data, tree, lines, 0, len(lines), 0, "", source, default, inserts, done)
    for at, _, new in sorted(inserts, key=lambda x: (x[0], x[1]), reverse=True):
        lines[at:at] = new
    # Each leftover's line in the file as written.
    done.leftovers = [(k, line + sum(len(new) for at, _, new in inserts if at <= line - 1))
                      for k, line in done.leftovers]
    return "".join(lines), done


def _tree(keys: list[str]) -> dict[str, Any]:
    """Keys as nested dicts in their order; a leaf is None."""
    tree: dict[str, Any] = {}
    for key in keys:
        node = tree
        *path, last = key.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[last] = None
    return tree


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _plan(node: CommentedMap | None, tree: dict[str, Any], lines: list[str], start: int, end: int, indent: int,
          prefix: str, source: dict[str, str], default: str, inserts: list[tuple[int, int, list[str]]],
          done: Synced) -> None:
    """Plan the insertions for the mapping ``node``, written on lines ``start``..``end``."""
    present = [k for k in node] if node is not None else []
    at_line = {k: node.lc.key(k) for k in present} if node is not None else {}
    if present:
        indent = at_line[present[0]][1]
    regions = {}
    for i, k in enumerate(present):
        line = at_line[k][0]
        nxt = (_head(lines, at_line[present[i + 1]][0], line + 1) if i + 1 < len(present)
               else _trimmed_end(lines, end, line + 1, indent))
        regions[k] = (line, nxt)
    # With none of its siblings there yet, a key goes at the end of what the mapping holds.
    after = _trimmed_end(lines, end, start, indent) if not any(k in regions for k in tree) else None
    for name, sub in tree.items():
        key = f"{prefix}{name}"
        if name in regions:
            value = node[name]  # type: ignore[index]
            if sub is not None and isinstance(value, CommentedMap) and not value.fa.flow_style():
                _plan(value, sub, lines, regions[name][0] + 1, regions[name][1], indent + 2, key + ".", source,
                      default, inserts, done)
            elif sub is not None:
                done.skipped += [k for k in _leaves(sub, key + ".")]
            after = regions[name][1]
            continue
        if node is not None and node.fa.flow_style():
            done.skipped += _leaves(sub, key + ".") if sub is not None else [key]
            continue
        at = after
        if at is None:  # nothing before it here: it goes before the first key that follows it
            at = next(_head(lines, regions[k][0], start) for k in tree if k in regions)
        inserts.append((at, len(inserts), _render(name, sub, indent, key, source, default, done)))


def _head(lines: list[str], line: int, floor: int) -> int:
    """Where the key on ``line`` starts, with the comments over it (which go with it)."""
    col = _indent(lines[line])
    at = line
    while at > floor and (not lines[at - 1].strip() or (_is_comment(lines[at - 1]) and _indent(lines[at - 1]) <= col)):
        at -= 1
    while at < line and not lines[at].strip():
        at += 1
    return at


def _trimmed_end(lines: list[str], end: int, floor: int, indent: int) -> int:
    """The end of a block without the blank lines (and shallower comments) that close it."""
    at = end
    while at > floor and (not lines[at - 1].strip()
                          or (_is_comment(lines[at - 1]) and _indent(lines[at - 1]) < indent)):
        at -= 1
    return at


def _leaves(tree: dict[str, Any], prefix: str) -> list[str]:
    out = []
    for name, sub in tree.items():
        out += [f"{prefix}{name}"] if sub is None else _leaves(sub, f"{prefix}{name}.")
    return out


def _render(name: str, sub: dict[str, Any] | None, indent: int, key: str, source: dict[str, str], default: str,
            done: Synced) -> list[str]:
    pad = " " * indent
    if sub is None:
        done.added.append(key)
        text = source.get(key, "").strip()
        comment = [f"{pad}# {default}: {line}".rstrip() + "\n" if i == 0 else f"{pad}#     {line}".rstrip() + "\n"
                   for i, line in enumerate(text.splitlines())]
        return [*comment, f'{pad}{name}: ""\n']
    out = [f"{pad}{name}:\n"]
    for child, below in sub.items():
        out += _render(child, below, indent + 2, f"{key}.{child}", source, default, done)
    return out


def report(results: list[Synced], root: Path) -> list[str]:
    """A line per file: what was added, and the keys the structure no longer has."""
    lines = []
    for r in results:
        name = display_path(r.file, root)
        parts = [("created, " if r.created else "") + (f"added {len(r.added)} key{'s' * (len(r.added) != 1)}"
                                                       if r.added else "nothing to add")]
        if r.leftovers:
            keys = ", ".join(f"{k} (line {line})" for k, line in r.leftovers)
            parts.append(f"{len(r.leftovers)} key{'s' * (len(r.leftovers) != 1)} the structure no longer has: "
                         f"{keys}: move each text to its new key, then delete it")
        if r.skipped:
            parts.append(f"not added, as their parent is not a block mapping: {', '.join(r.skipped)}")
        lines.append(f"{name}: " + "; ".join(parts))
    return lines

