"""Checking YAML data against the published JSON Schemas, with messages a person can act on.

The schemas in ``generator/schemas/`` are the one definition of the file formats:
editors use them for completion, and this module uses them for validation.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

from .problems import Problems, did_you_mean, one_of
from .yamlio import position

SCHEMAS = ("scenario", "text", "course", "course-text", "glossary", "glossary-text", "workshops", "workshops-text",
           "cast")

# What each pattern means, said the way an author can fix it.
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "an id: lowercase letters a-z, digits and single hyphens, e.g. at-the-till",
    "^[a-z][a-z0-9_]*$": "a name: lowercase letters, digits and underscores, starting with a letter, e.g. trust",
    "^[A-Z]{3}$": "an ISO 4217 currency code, e.g. PLN",
    "^[+-]?[a-z][a-z0-9_]*$": "the name of a number, optionally signed, e.g. -extra",
    "^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$": "step-id/choice-id, e.g. at-the-till/refund",
    "^[a-z]{2,3}$": "a language code such as pl or en",
}

TYPE_NAMES = {
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def schema_path(name: str) -> Path:
    return Path(str(resources.files("generator") / "schemas" / f"{name}.schema.json"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name))


@cache
def _fast_validator(name: str) -> Any:
    return jsonschema_rs.validator_for(load_schema(name))


def is_valid(data: Any, schema: str) -> bool:
    """Whether ``data`` meets the schema, by jsonschema-rs (in Rust, hundreds of times faster
    than jsonschema); data it cannot take (a date, a tagged value) counts as not valid."""
    try:
        return bool(_fast_validator(schema).is_valid(data))
    except (ValueError, TypeError, OverflowError):
        return False


def validate(data: Any, schema: str, file: Path, problems: Problems) -> bool:
    """Add a problem for every place ``data`` breaks the schema; True if there was none."""
    before = len(problems.items)
    _report(data, schema, file, problems)
    return len(problems.items) == before


def broken_keys(data: Any, schema: str, file: Path, problems: Problems) -> frozenset[str]:
    """As :func:`validate`, and the top-level keys under which ``data`` breaks the schema,
    so that a loader can go on without them: a required key that is missing counts, an
    unknown one (reported, then never read) does not, and "" stands for the whole file."""
    broken: set[str] = set()
    for error in _report(data, schema, file, problems):
        if error.absolute_path:
            broken.add(str(error.absolute_path[0]))
        elif error.validator == "required" and isinstance(error.instance, dict):
            broken.update(str(k) for k in error.validator_value if k not in error.instance)
        elif error.validator != "additionalProperties":
            broken.add("")
    return frozenset(broken)


def _report(data: Any, schema: str, file: Path, problems: Problems) -> list[ValidationError]:
    """Each error of ``data`` against the schema, reported."""
    if is_valid(data, schema):
        return []  # jsonschema, slower, finds and words every error when there are some
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    for error in errors:
        for message, keys, at_value in _describe(error):
            problems.error(position(data, keys, file, value=at_value), message)
    return errors


def _where(keys: list[Any]) -> str:
    return ".".join(str(k) for k in keys) or "the file"


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if isinstance(value, TaggedScalar):
        return f"a value tagged {value.tag}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "a number"


def _type_fix(error: ValidationError) -> str:
    """What to type instead, for the mix-ups YAML invites: quotes around a number, and
    text that YAML reads as something else (a number, a date, a mapping, a tag, a comment)."""
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    value = error.instance
    if isinstance(value, str) and ("integer" in expected or "number" in expected):
        try:
            float(value)
        except ValueError:
            return ""
        return ": write the number without quotes"
    if "string" not in expected:
        return ""
    if isinstance(value, (bool, int, float, datetime.date)):
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        return f": put it in quotes, as \"{shown}\""
    if isinstance(value, (CommentedMap, CommentedSeq)) and value.fa.flow_style():
        return ": a text starting with { or [ is read as a mapping or a list; put the whole text in quotes"
    if isinstance(value, TaggedScalar):
        return ": a text starting with ! is read as a tag; put the whole text in quotes"
    if value is None:
        return ": write the text after the colon (a text starting with # is a comment; put it in quotes)"
    return ""


def _describe(error: ValidationError) -> Iterator[tuple[str, list[Any], bool]]:
    """(message, key path for the position, whether to point at the value)."""
    keys = list(error.absolute_path)
    where = _where(keys)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = list(schema.get("properties", {}))
        for extra in error.instance:
            if extra not in known:
                hint = did_you_mean(str(extra), known) or f"; expected one of {one_of(known)}"
                yield f"unknown key '{extra}' in {where}{hint}", [*keys, extra], False
    elif kind == "required":
        # One error per missing field; its message quotes the field's name.
        for name in error.validator_value:
            if repr(name) in error.message:
                yield f"missing required field '{name}' in {where}", keys, False
    elif "propertyNames" in error.schema_path:
        # A key that is not a valid name: jsonschema reports the key as the instance.
        bad = error.instance
        if kind == "pattern":
            hint = PATTERN_HINTS.get(error.validator_value, f"text matching {error.validator_value}")
        elif kind == "maxLength":
            hint = f"at most {error.validator_value} characters long"
        elif kind == "type" and schema.get("pattern") in PATTERN_HINTS:
            # A key such as 1 or 2024-05-01, which YAML reads as a number or a date.
            hint = f"{PATTERN_HINTS[schema['pattern']]}, and YAML reads this one as {_type_of(bad)}"
        elif kind == "enum":
            hint = (f"one of {one_of(map(str, error.validator_value))}"
                    f"{did_you_mean(str(bad), map(str, error.validator_value))}")
        else:
            hint = "a valid name"
        yield f"'{bad}' in {where} must be {hint}", [*keys, bad], False
    elif kind == "type":
        expected = error.validator_value
        names = [TYPE_NAMES.get(str(t), str(t)) for t in (expected if isinstance(expected, list) else [expected])]
        yield f"{where} must be {' or '.join(names)}, not {_type_of(error.instance)}{_type_fix(error)}", keys, True
    elif kind == "enum":
        yield (f"{where} is '{error.instance}'; expected one of {one_of(map(str, error.validator_value))}"
               f"{did_you_mean(str(error.instance), map(str, error.validator_value))}"), keys, True
    elif kind == "pattern":
        hint = PATTERN_HINTS.get(error.validator_value, f"text matching {error.validator_value}")
        yield f"{where} is '{error.instance}'; it must be {hint}", keys, True
    elif kind in ("oneOf", "anyOf"):
        described = schema.get("description")
        if described:
            yield f"{where}: '{error.instance}' is not valid here. {described}", keys, True
        else:
            yield f"{where}: {error.message}", keys, True
    elif kind in ("minimum", "maximum"):
        bound = "smallest" if kind == "minimum" else "largest"
        yield f"{where} is {error.instance}; the {bound} allowed is {error.validator_value}", keys, True
    elif kind == "minProperties" and error.validator_value == 1:
        yield f"{where} must not be empty", keys, True
    elif kind == "minItems" and error.validator_value == 1:
        yield f"{where} must list at least one item", keys, True
    elif kind == "uniqueItems":
        yield f"{where} lists the same item twice: each may appear once", keys, True
    elif kind == "maxLength":
        yield (f"{where} is {len(error.instance):,} characters long; the limit is "
               f"{error.validator_value:,}: shorten it"), keys, True
    else:
        yield f"{where}: {error.message}", keys, True


def schema_comment(name: str, relative_to: Path) -> str:
    """The modeline that tells the YAML language server which schema a file follows."""
    rel = Path(os.path.relpath(schema_path(name), relative_to)).as_posix()
    return f"# yaml-language-server: $schema={rel}"
