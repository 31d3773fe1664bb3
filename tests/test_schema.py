"""The published JSON Schemas: valid, referenced by every file, and in step with the loader."""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO
from generator.problems import Problems
from generator.schema import SCHEMAS, is_valid, load_schema, schema_path, validate
from generator.yamlio import load_yaml


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    Draft202012Validator.check_schema(load_schema(name))


def expected_schema(file: Path) -> str:
    if file.name == "scenario.yml":
        return "scenario"
    if file.name == "course.yml":
        return "course"
    if file.name == "cast.yml":
        return "cast"
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



def _schema_of(file: Path) -> str | None:
    first = file.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    match = re.search(r"schemas/([a-z-]+)\.schema\.json", first)
    return match.group(1) if match else None


def _documents() -> list[tuple[str, Any]]:
    docs = []
    for file in sorted(REPO.glob("scenarios/**/*.yml")) + sorted(REPO.glob("tests/fixtures/**/*.yml")):
        name = _schema_of(file)
        data = load_yaml(file, Problems())
        if name and data is not None:
            docs.append((name, data))
    return docs


DOCUMENTS = _documents()


def _mutations(data: Any) -> Iterator[Any]:
    """Every value, one at a time, replaced by values of other kinds (and keys dropped or added)."""
    if isinstance(data, dict):
        for key in list(data):
            for replacement in (None, 5, -1, 0.5, True, "", "Some Text", [], {}, ["x"], {"k": "v"}):
                yield {**data, key: replacement}
            yield {k: v for k, v in data.items() if k != key}
            for inner in _mutations(data[key]):
                yield {**data, key: inner}
        yield {**data, "unknown-key": "x"}
    elif isinstance(data, list):
        for i, item in enumerate(data):
            for inner in _mutations(item):
                yield [*data[:i], inner, *data[i + 1:]]
        yield [*data, *data[:1]]


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_the_fast_check_agrees_with_jsonschema(index: int) -> None:
    """jsonschema-rs only lets files through faster: on every real file and on broken
    variants of it (a sample, in the same order on every run), it says valid exactly
    when jsonschema finds no error."""
    name, data = DOCUMENTS[index]
    validator = Draft202012Validator(load_schema(name))
    plain = json.loads(json.dumps(data))
    variants = list(itertools.islice(_mutations(plain), 20000))
    for variant in [plain, *random.Random(index).sample(variants, min(len(variants), 120))]:
        assert is_valid(variant, name) == (next(validator.iter_errors(variant), None) is None), variant
