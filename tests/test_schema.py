"""The published JSON Schemas: valid, referenced by every file, and in step with the loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO
from generator.problems import Problems
from generator.schema import SCHEMAS, load_schema, schema_path, validate
from generator.yamlio import load_yaml


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(load_schema(name))


def expected_schema(file: Path) -> str:
    if file.name == "scenario.yml":
        return "scenario"
    if file.name == "course.yml":
        return "course"
    if file.parent.name == "workshops":
        return "workshops" if file.name == "workshops.yml" else "workshops-text"
    if file.parent.name == "glossary":
        return "glossary" if file.name == "glossary.yml" else "glossary-text"
    return "course-text" if file.parent.name == "course" else "text"


def shipped_files() -> list[Path]:
    return sorted((REPO / "scenarios").rglob("*.yml"))


@pytest.mark.parametrize("file", shipped_files(), ids=lambda f: f.relative_to(REPO).as_posix())
def test_every_shipped_file_names_its_schema_for_editors_and_follows_it(file: Path) -> None:
    name = expected_schema(file)
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (file.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == schema_path(name).resolve()
    problems = Problems()
    data = load_yaml(file, problems)
    assert validate(data, name, file, problems), problems.report()

