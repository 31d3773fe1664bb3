"""Reading YAML with the position of every key, and turning YAML failures into problems.

ruamel.yaml's round-trip loader keeps line and column for each mapping key and
sequence item (and, later, lets translations be written back with comments intact).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.reader import ReaderError

from . import fastyaml
from .model import Pos
from .problems import Problems
from .textfile import read_text
from .yaml_errors import explain


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def load_yaml(path: Path, problems: Problems) -> Any | None:
    """The file's data, or None after adding a problem that says why it cannot be read."""
    text = read_text(path, problems)
    if text is None:
        return None
    deep = fastyaml.too_deep(text, READABLE_NESTING)
    if deep is not None:
        problems.error(Pos(path, deep[0] + 1, deep[1] + 1), TOO_DEEP)
        return None
    try:
        data = fastyaml.load(text)
        return _nested_within_limit(data, path, problems)
    except fastyaml.Declined:
        pass  # ruamel reads it, and says what is wrong
    except RecursionError:
        _too_deep(text, path, problems)
        return None
    try:
        data = _yaml().load(text)
        if _refused(text, path, problems):
            return None
        return _nested_within_limit(data, path, problems)
    except DuplicateKeyError as exc:
        key = _duplicate_key_name(exc)
        first = _first_line_of_key(text, key, exc.context_mark, exc.problem_mark)
        where = f" (first written at line {first})" if first else ""
        problems.error(_pos(path, exc.problem_mark), f"duplicate key '{key}'{where}: each id may appear once")
    except MarkedYAMLError as exc:
        line, col, message = explain(exc, text)
        problems.error(Pos(path, line + 1, col + 1), f"YAML syntax error: {message}")
    except ReaderError as exc:
        # A control character: invisible in most editors, so say which and where.
        before = text[: exc.position]
        pos = Pos(path, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        problems.error(pos, f"YAML syntax error: an invisible control character (U+{exc.character:04X}) that "
                            "text cannot hold: delete it")
    except YAMLError as exc:
        problems.error(Pos(path), f"YAML syntax error: {exc}")
    except RecursionError:
        _too_deep(text, path, problems)
    return None


# Our deepest files (steps, choices, their texts) nest six levels; the checks after
# reading (the schema's messages among them) follow a file's nesting by recursion.
MAX_NESTING = 32


def _nested_within_limit(data: Any, path: Path, problems: Problems) -> Any | None:
    """``data`` (an empty file: an empty mapping, whose schema then names what it lacks),
    or None after a problem if it nests deeper than ``MAX_NESTING``."""
    if data is None:
        return CommentedMap()
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, (CommentedMap, CommentedSeq)) else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            problems.error(position(node, [], path), f"lists or mappings nested more than {MAX_NESTING} levels deep: "
                                                     "a text made of [ or { characters belongs in quotes")
            return None
        stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, CommentedMap) else node)
                     if isinstance(child, (CommentedMap, CommentedSeq)))
    return data


# Lists or mappings nested deeper than this are not read at all (see fastyaml.too_deep).
READABLE_NESTING = 100
TOO_DEEP = ("lists or mappings nested hundreds of levels deep, more than YAML can read: a text made of [ or { "
            "characters belongs in quotes")


def _too_deep(text: str, path: Path, problems: Problems) -> None:
    """A problem for a file whose lists or mappings nest deeper than a reader can follow,
    placed where the nesting first passes a hundred levels."""
    depth, line, col = 0, 1, 1
    for char in text:
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        if depth > READABLE_NESTING:
            break
        line, col = (line + 1, 1) if char == "\n" else (line, col + 1)
    problems.error(Pos(path, line, col), TOO_DEEP)


def _refused(text: str, path: Path, problems: Problems) -> bool:
    """Whether the file uses YAML's anchors (&name), aliases (*name) or merge keys (<<),
    each added as a problem. Our files have no use for them, and an author who starts a
    text with & or * means the character: YAML takes "&Nice work" as the anchor "Nice"
    on the text "work", and the word is gone without a word of warning."""
    found = False
    open_nodes: list[list[bool]] = []  # per open collection: is it a mapping, is its next node a key
    for event in _yaml().parse(text):
        if isinstance(event, NodeEvent) and open_nodes and open_nodes[-1][0]:
            at_key, open_nodes[-1][1] = open_nodes[-1][1], not open_nodes[-1][1]
            if at_key and isinstance(event, ScalarEvent) and event.value == "<<" and not event.style:
                problems.error(_pos(path, event.start_mark),
                               "'<<' as a key is YAML's merge key, which copies another mapping's keys in: "
                               "write each key out")
                found = True
        if isinstance(event, MappingStartEvent):
            open_nodes.append([True, True])
        elif isinstance(event, SequenceStartEvent):
            open_nodes.append([False, False])
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            open_nodes.pop()
        if isinstance(event, AliasEvent):
            problems.error(_pos(path, event.start_mark),
                           f"'*{event.anchor}' is read by YAML as a copy of the value marked &{event.anchor}, "
                           "not as text: put the whole text in quotes, or write the value out")
            found = True
        elif getattr(event, "anchor", None):
            problems.error(_pos(path, event.start_mark),
                           f"'&{event.anchor}' at the start of a value is read by YAML as a name for the value, "
                           f"and '{event.anchor}' is left out of the text: put the whole text in quotes")
            found = True
    return found


def _duplicate_key_name(exc: DuplicateKeyError) -> str:
    problem = exc.problem or ""
    # ruamel writes: found duplicate key "a" with value "3" (original value: "1")
    if '"' in problem:
        return problem.split('"')[1]
    return problem


def _first_line_of_key(text: str, key: str, start: Any, duplicate: Any) -> int | None:
    """The line where ``key`` first stands in the mapping that repeats it (block style)."""
    if start is None or duplicate is None:
        return None
    lines = text.splitlines()
    indent = " " * duplicate.column
    for number in range(start.line, duplicate.line):
        line = lines[number]
        if line.startswith(indent) and line[len(indent):].split(":")[0].strip().strip("'\"") == key:
            return number + 1
    return None


def _pos(path: Path, mark: Any) -> Pos:
    if mark is None:
        return Pos(path)
    return Pos(path, mark.line + 1, mark.column + 1)


def position(data: Any, keys: Sequence[Any], path: Path, *, value: bool = False) -> Pos:
    """Where ``keys`` points inside ``data``: the deepest key that exists.

    With ``value=True`` the position of the value rather than of its key (useful
    for a wrong type, where the key itself is fine).
    """
    line, col = 0, 0
    node = data
    if isinstance(node, (CommentedMap, CommentedSeq)):
        line, col = node.lc.line, node.lc.col
    for key in keys:
        if isinstance(node, CommentedMap) and key in node:
            # A value left empty has no place of its own (ruamel gives the next token's): use its key's.
            line, col = node.lc.value(key) if value and node[key] is not None else node.lc.key(key)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line, col = node.lc.item(key)
            node = node[key]
        else:
            break
    return Pos(path, (line or 0) + 1, (col or 0) + 1)


def key_position(mapping: Any, key: str, path: Path) -> Pos:
    if isinstance(mapping, CommentedMap) and key in mapping:
        line, col = mapping.lc.key(key)
        return Pos(path, line + 1, col + 1)
    return position(mapping, [], path)


def value_position(mapping: Any, key: str, path: Path) -> Pos:
    if isinstance(mapping, CommentedMap) and key in mapping:
        line, col = mapping.lc.value(key)
        return Pos(path, line + 1, col + 1)
    return position(mapping, [], path)


def item_position(seq: Any, index: int, path: Path) -> Pos:
    if isinstance(seq, CommentedSeq) and 0 <= index < len(seq):
        line, col = seq.lc.item(index)
        return Pos(path, line + 1, col + 1)
    return position(seq, [], path)
