"""``python -m generator new ID``: a new scenario folder with every field explained."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from ruamel.yaml import YAML

from .loader import COURSE_FOLDER, GLOSSARY_FOLDER, ID_MAX, STRUCTURE_FILE, WORKSHOPS_FOLDER, load_course
from .outputs import DOCS, taken_from
from .problems import Problems
from .project import load_project
from .schema import schema_comment
from .templates import render
from .writes import WriteFailed, new_folder, write_files

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """The id given on the command line cannot be used."""


def create_scenario(root: Path, scenario_id: str, problems: Problems) -> list[Path]:
    """Write the scaffold and put it on the learning path; the files written.

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
        return []
    _check_paths_free(root, scenario_id)

    # Everything is made before anything is written: the scenario's folder appears
    # whole or not at all, and the course file changes only once it is there.
    structure = render("new-scenario.yml.j2", id=scenario_id, schema=schema_comment("scenario", folder))
    texts = {f"{lang}.yml": render("new-text.yml.j2", source=i == 0, lang=lang, default=course.languages[0],
                                   schema=schema_comment("text", folder))
             for i, lang in enumerate(course.languages)}
    course_text = _appended_to_path(course_file, scenario_id)
    note = "nothing was created, and the learning path is unchanged"
    with new_folder(folder, note=note) as staging:
        for name, text in {STRUCTURE_FILE: structure, **texts}.items():
            (staging / name).write_text(text, encoding="utf-8")
    try:
        write_files({course_file: course_text}, note=note)
    except WriteFailed:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return [folder / STRUCTURE_FILE, *(folder / name for name in texts), course_file]


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


def _appended_to_path(course_file: Path, scenario_id: str) -> str:
    """The course file's text with ``scenario_id`` at the end of the learning path."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(course_file.read_text(encoding="utf-8"))
    data["path"].append(scenario_id)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
