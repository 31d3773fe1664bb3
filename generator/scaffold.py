"""``python -m generator new ID``: a new scenario folder with every field explained."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from .i18n import LOCK_FILE, LOCK_HEADER
from .i18n_sync import new_file_header, synced_text
from .loader import COURSE_FOLDER, GLOSSARY_FOLDER, ID_MAX, STRUCTURE_FILE, WORKSHOPS_FOLDER, load_course
from .outputs import DOCS, taken_from
from .problems import Problems, did_you_mean
from .project import load_project
from .schema import schema_comment
from .templates import render
from .texts import flatten
from .writes import WriteFailed, new_folder, write_files

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """The id given on the command line cannot be used."""


@dataclass(frozen=True)
class Created:
    files: list[Path]  # the scenario's new files
    course_file: Path  # the course file, changed
    where: str  # where on the learning path the module went


def create_scenario(root: Path, scenario_id: str, problems: Problems, *, after: str | None = None) -> Created | None:
    """Write the scaffold and put it on the learning path (after the module ``after``,
    or before the path's last); None when the course file has problems.

    Raises :class:`ScaffoldError` for an unusable id, :class:`WriteFailed` when a file
    cannot be written (then nothing is); problems in the course file go to ``problems``.
    """
    scenarios = root / "scenarios"
    course_file = scenarios / COURSE_FOLDER / "course.yml"
    if not ID.match(scenario_id):
        raise ScaffoldError(f"'{scenario_id}' is not a valid id: use lowercase letters a-z, digits "
                            "and single hyphens, e.g. feedback-call")
    if len(scenario_id) > ID_MAX:
        raise ScaffoldError(f"the id is {len(scenario_id)} characters long; an id is at most {ID_MAX} "
                            "(it names the folder, the files and the web addresses made from it): pick a shorter one")
    if scenario_id in (COURSE_FOLDER, GLOSSARY_FOLDER, WORKSHOPS_FOLDER):
        raise ScaffoldError(f"'{scenario_id}' is reserved for the course's own files: pick another id")
    folder = scenarios / scenario_id
    if folder.exists():
        raise ScaffoldError(f"scenarios/{scenario_id} exists already: pick another id, "
                            "or edit the files there")
    course = load_course(scenarios / COURSE_FOLDER, problems)
    if course is None:
        return None
    _check_paths_free(root, scenario_id)

    # Everything is made before anything is written: the scenario's folder appears
    # whole or not at all, and the course file changes only once it is there.
    structure = render("new-scenario.yml.j2", id=scenario_id, schema=schema_comment("scenario", folder))
    texts = _text_files(folder, course.languages)
    course_text, where = _placed_on_path(course_file, scenario_id, after)
    note = "nothing was created, and the learning path is unchanged"
    with new_folder(folder, note=note) as staging:
        for name, text in {STRUCTURE_FILE: structure, **texts, LOCK_FILE: _lock(course.languages)}.items():
            (staging / name).write_text(text, encoding="utf-8")
    try:
        write_files({course_file: course_text}, note=note)
    except WriteFailed:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Created([folder / STRUCTURE_FILE, *(folder / name for name in texts), folder / LOCK_FILE],
                   course_file, where)


def _text_files(folder: Path, languages: tuple[str, ...]) -> dict[str, str]:
    """The default language's placeholders, and each translation as ``i18n sync`` writes it:
    every key, empty, with the default's text over it."""
    default = languages[0]
    source_text = render("new-text.yml.j2", lang=default, schema=schema_comment("text", folder))
    data = YAML(typ="rt").load(source_text)
    source = {key: text.value for key, text in flatten(data, folder / f"{default}.yml").items()}
    files = {f"{default}.yml": source_text}
    for lang in languages[1:]:
        files[f"{lang}.yml"], _ = synced_text(new_file_header(lang, default, folder.name, folder), list(source),
                                              source, default)
    return files


def _lock(languages: tuple[str, ...]) -> str:
    """No translation is made yet: once one is confirmed, a change to its source makes it stale."""
    return LOCK_HEADER + "".join(f"{lang}: {{}}\n" for lang in languages[1:])


def _check_paths_free(root: Path, scenario_id: str) -> None:
    """Refuse an id whose module's files would overwrite another output (a workshop's deck,
    the list of sign-off sheets, a hand-written file). A project with errors is not
    checked here: validate reports those, this clash among them, once the module exists."""
    project, _ = load_project(root, fallback=True)  # an untranslated module is no reason to skip it
    if project is None:
        return
    taken = taken_from(project, root / "docs", scenario_id)
    if taken is not None:
        where, other = taken
        move = f", or {other.rename}" if other.owner.startswith(f"{DOCS}/") else ""
        raise ScaffoldError(f"'{scenario_id}' cannot be a module's id: the module's files would be written to "
                            f"{where}, where {other.describe(root)} is: pick another id{move}")


def _placed_on_path(course_file: Path, scenario_id: str, after: str | None) -> tuple[str, str]:
    """The course file's text with ``scenario_id`` on the learning path, and where it went.

    As a person would add it: after the module ``after``, or else before the path's
    closing module (the course ends with its self-check), on a line of its own like
    its neighbours (or in the brackets of a one-line path). Every other byte of the
    file stays as it was: its comments, its other lists and their wrapping."""
    text = course_file.read_text(encoding="utf-8")
    data = YAML(typ="rt").load(text)
    path = data.get("path") if isinstance(data, dict) else None
    if not isinstance(path, CommentedSeq) or not path:
        raise ScaffoldError(f"{course_file.name} has no learning path to add '{scenario_id}' to: write "
                            "'path:' with the modules in order")
    ids = [str(x) for x in path]
    if after is not None and after not in ids:
        raise ScaffoldError(f"--after {after}: no such module on the learning path{did_you_mean(after, ids)}; "
                            f"it holds {', '.join(ids)}")
    if after is not None:
        index, where = ids.index(after) + 1, f"after '{after}'"
    elif len(ids) > 1:
        index, where = len(ids) - 1, f"before '{ids[-1]}', the path's last module (--after ID puts it elsewhere)"
    else:
        index, where = 1, f"after '{ids[0]}'"
    lines = text.splitlines(keepends=True)
    if path.fa.flow_style():
        return _into_brackets(lines, path, index, scenario_id), where
    if index < len(ids):
        line, col = path.lc.item(index)
        while line > 0 and lines[line - 1].strip().startswith("#"):  # the comment over it goes with it
            line -= 1
        prefix = lines[path.lc.item(index)[0]][:col]
    else:
        last, col = path.lc.item(len(ids) - 1)
        line, prefix = last + 1, lines[last][:col]
        if not lines[last].endswith("\n"):
            lines[last] += "\n"
    lines.insert(line, f"{prefix}{scenario_id}\n")
    return "".join(lines), where


def _into_brackets(lines: list[str], path: CommentedSeq, index: int, scenario_id: str) -> str:
    """``scenario_id`` into a path written ``[a, b, c]``, before item ``index`` or after the last."""
    if index < len(path):
        line, col = path.lc.item(index)
        lines[line] = f"{lines[line][:col]}{scenario_id}, {lines[line][col:]}"
    else:
        line, col = path.lc.item(len(path) - 1)
        end = col + len(re.match(r"""'[^']*'|"[^"]*"|[^,\]\s#]+""", lines[line][col:]).group(0))  # type: ignore[union-attr]
        lines[line] = f"{lines[line][:end]}, {scenario_id}{lines[line][end:]}"
    return "".join(lines)
