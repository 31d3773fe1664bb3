"""``python -m generator new ID``: a new scenario folder with every field explained."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

from .loader import COURSE_FOLDER, GLOSSARY_FOLDER, ID_MAX, STRUCTURE_FILE, WORKSHOPS_FOLDER, load_course
from .problems import Problems
from .render import render
from .schema import schema_comment

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """The id given on the command line cannot be used."""


def create_scenario(root: Path, scenario_id: str, problems: Problems) -> list[Path]:
    """Write the scaffold and put it on the learning path; the files written.

    Raises :class:`ScaffoldError` for an unusable id; problems in the course file
    go to ``problems``.
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

    folder.mkdir(parents=True)
    written = [folder / STRUCTURE_FILE]
    written[0].write_text(render("new-scenario.yml.j2", id=scenario_id,
                                 schema=schema_comment("scenario", folder)), encoding="utf-8")
    for i, lang in enumerate(course.languages):
        file = folder / f"{lang}.yml"
        file.write_text(render("new-text.yml.j2", source=i == 0, lang=lang, default=course.languages[0],
                               schema=schema_comment("text", folder)), encoding="utf-8")
        written.append(file)
    _append_to_path(course_file, scenario_id)
    written.append(course_file)
    return written


def _append_to_path(course_file: Path, scenario_id: str) -> None:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(course_file.read_text(encoding="utf-8"))
    data["path"].append(scenario_id)
    with course_file.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
