"""Well-formed YAML, read by libyaml in C, into the same positioned data ruamel.yaml gives.

ruamel.yaml's round-trip loader is pure Python and was most of a build's time
(hundreds of text files, each read once per language build). libyaml reads the
same files about ten times faster. This reads them into ruamel's
``CommentedMap``/``CommentedSeq`` with the line and column of every key, value
and item, resolving scalars as YAML 1.2 does (as ruamel does: ``yes`` and
``on`` stay words). Whatever it is not sure of (a syntax error, a duplicate key,
a tag, an anchor, a merge key), it declines, and ruamel reads the file and
words the problem.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.resolver import implicit_resolvers

# ruamel's own rules for what a plain scalar is in YAML 1.2 (tag, pattern, first characters).
_RULES = [(tag, regexp, set(first) if first else None) for versions, tag, regexp, first in implicit_resolvers
          if (1, 2) in versions]
# The rules to try, by a scalar's first character: most texts start with a letter no rule has.
_ALWAYS = [(tag, regexp) for tag, regexp, first in _RULES if first is None]
_BY_FIRST = {char: [(tag, regexp) for tag, regexp, first in _RULES if first is None or char in first]
             for char in set().union(*(first for _, _, first in _RULES if first))}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# The numbers we convert ourselves; ruamel reads the rarer forms (0o17, 1_000, 1e3, .inf) itself.
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?[0-9]+\.[0-9]+$")
# Line breaks YAML 1.1 (libyaml) counts and YAML 1.2 (ruamel) does not: lines would differ.
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
# Where a value may start with an anchor (&name): libyaml's composer keeps anchors to
# itself, so a file that may hold one is left to ruamel, which finds and reports them.
_MAY_ANCHOR = re.compile(r"(?:^|[:\-\[{,?])[ \t]*&", re.M)


_set = OrderedDict.__setitem__  # CommentedMap is an OrderedDict


class Declined(Exception):
    """The fast reader leaves this file to ruamel."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser; scalars are resolved below, not by PyYAML's YAML 1.1 rules."""

    yaml_implicit_resolvers: dict[Any, Any] = {}


def too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """Where (0-based line and column) a list or mapping opens more than ``limit``
    levels deep, if one does.

    Thousands of levels cost the readers minutes or their life: both keep, for every
    open ``[`` or ``{``, a place where a key may have begun and look through all of
    them at every token (30,000 unclosed ``[`` took libyaml 14 s and ruamel as long
    again), and libyaml's composer recurses in C, which 30,000 nested lists (``[[[``
    or ``- - -``) overflow: the process dies of a segmentation fault. Found here
    first, by libyaml's parser, which is stopped as soon as the limit is passed, a
    file costs a reader at most ``limit`` looks a token. Brackets in quotes, comments
    and block texts open nothing, and the parser knows them apart; a syntax error
    before the limit stops it there, as it will stop the readers."""
    half = limit // 2
    # Each level of a block list or mapping starts further right than the one around
    # it, after spaces and -, ? or : indicators: with few brackets and no such run at
    # the start of a line, a file cannot nest that deep (all but freak files).
    if text.count("[") + text.count("{") <= half and not re.search(rf"^[ \t?:-]{{{half}}}", text, re.M):
        return None
    opened: list[int] = []  # per open collection: 1 if flow ([ or {), 0 if block
    flow = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                opened.append(1 if event.flow_style else 0)
                flow += opened[-1]
                # Flow and block levels each up to the limit (a [[[ text inside a deep file's mappings is the flow's).
                if flow > limit or len(opened) - flow > limit:
                    return event.start_mark.line, event.start_mark.column
            elif isinstance(event, yaml.CollectionEndEvent):
                flow -= opened.pop()
    except yaml.YAMLError:
        return None  # an error before the limit: the readers stop there too, and word it
    return None


def load(text: str) -> Any:
    """The data of one YAML document, or ``Declined``."""
    if _OTHER_BREAKS.search(text) or ("&" in text and _MAY_ANCHOR.search(text)):
        raise Declined
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise Declined from exc
    if node is None:
        return None
    return _build(node)


def _build(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
        return _mapping(node)
    if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        seq = CommentedSeq()
        seq._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
        for i, item in enumerate(node.value):
            seq.append(_build(item))
            seq.lc.add_kv_line_col(i, [item.start_mark.line, item.start_mark.column])
        return seq
    return _scalar(node)


def _mapping(node: yaml.MappingNode) -> CommentedMap:
    out = CommentedMap()
    out._yaml_set_line_col(node.start_mark.line, node.start_mark.column)
    if out.lc.data is None:
        out.lc.data = {}
    lines = out.lc.data
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
            raise Declined
        key = _scalar(key_node)
        # Our keys are ids; a number, a null or a merge key as a key is left to ruamel,
        # as is a duplicate (ruamel says where the first one stands).
        if not isinstance(key, str) or (key == "<<" and not key_node.style) or key in out:
            raise Declined
        # What CommentedMap.__setitem__ and LineCol.add_kv_line_col do, without their
        # checks for an existing key: thousands of keys a file, and none exists yet.
        _set(out, key, _build(value_node))
        out._ok.add(key)
        lines[key] = [key_node.start_mark.line, key_node.start_mark.column,
                      value_node.start_mark.line, value_node.start_mark.column]
    return out


def _scalar(node: yaml.Node) -> Any:
    # With no implicit resolvers every untagged scalar comes as a string; another tag
    # was written in the file (!!int, !custom): rare in our files, left to ruamel.
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise Declined
    value: str = node.value
    if node.style:
        return value  # quoted or block: always a string
    if not value:
        raise Declined  # ruamel places an empty value at the next token
    tag = next((tag for tag, regexp in _BY_FIRST.get(value[0], _ALWAYS) if regexp.match(value)), None)
    if tag is None:
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _BOOL[value]
    if tag == "tag:yaml.org,2002:int" and _INT.match(value):
        return int(value)
    if tag == "tag:yaml.org,2002:float" and _FLOAT.match(value):
        return float(value)
    raise Declined  # a date, "=", 0o17, 1_000, .inf: ruamel reads them
