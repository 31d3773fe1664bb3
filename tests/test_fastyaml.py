"""The fast reader gives exactly what ruamel.yaml gives: values, types and every position."""

from __future__ import annotations

import re
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator import fastyaml
from generator.problems import Problems
from generator.yamlio import load_yaml

REPO = Path(__file__).resolve().parent.parent
FILES = sorted(p for pattern in ("scenarios/**/*.yml", "scenarios/**/*.lock", "tests/**/*.yml")
               for p in REPO.glob(pattern))


def ruamel(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml.load(text)


def assert_same(fast: Any, slow: Any, path: str = "$") -> None:
    # ruamel's ScalarInt, ScalarFloat and string subclasses only remember how a value was written.
    kinds = (bool, int, float, str, CommentedMap, CommentedSeq, type(None))
    assert next(k for k in kinds if isinstance(fast, k)) is next(k for k in kinds if isinstance(slow, k)), \
        (path, fast, slow)
    if isinstance(slow, CommentedMap):
        assert list(fast) == list(slow), path
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), path
        for key in slow:
            assert list(fast.lc.data[key]) == list(slow.lc.data[key]), (path, key)
            assert_same(fast[key], slow[key], f"{path}.{key}")
    elif isinstance(slow, CommentedSeq):
        assert len(fast) == len(slow), path
        for i, item in enumerate(slow):
            assert list(fast.lc.data[i]) == list(slow.lc.data[i]), (path, i)
            assert_same(fast[i], item, f"{path}[{i}]")
    else:
        assert fast == slow or (fast != fast and slow != slow), (path, fast, slow)  # NaN is not itself


@pytest.mark.parametrize("file", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_file_of_the_project_reads_the_same(file: Path) -> None:
    text = file.read_text(encoding="utf-8-sig")
    try:
        fast = fastyaml.load(text)
    except fastyaml.Declined:
        # Left to ruamel, which finds and reports anchors: a file with a value that may start with &.
        assert re.search(r"[:\-\[{,?][ \t]*&", text), file
        return
    assert_same(fast, ruamel(text))


def test_a_value_that_may_start_with_an_anchor_is_left_to_ruamel() -> None:
    """libyaml keeps anchors to itself: the fast reader would drop '&Agreed' unseen."""
    for text in ("title: &Agreed a price\n", "items:\n  - &first one\n  - *first\n", "a: [&x 1, *x]\n"):
        with pytest.raises(fastyaml.Declined):
            fastyaml.load(text)
    assert fastyaml.load("title: Q&A at the desk\nnote: fish & chips\n") == {
        "title": "Q&A at the desk", "note": "fish & chips"}


# Words YAML 1.1 would have read as booleans, numbers or null: YAML 1.2 (and ruamel) keeps most as words.
TRICKY = st.sampled_from(["yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "null", "~", "",
                          "010", "0o17", "0x1F", "1_000", "1e3", ".5", "5.", "-3", "+4", ".inf", "-.Inf", ".nan",
                          "12:30", "2026-11-23", "1,5", "3.0.1", "=", "- a", "a: b", "#x", "'q'", '"q"', "ąę ж ї"])
SCALARS = st.one_of(TRICKY, st.text(max_size=30), st.integers(-10**6, 10**6), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=False, width=32))
KEYS = st.one_of(st.text(alphabet="abcxyz-_ąж0123456789", min_size=1, max_size=8), TRICKY)
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(KEYS, inner, max_size=4)), max_leaves=20)


@pytest.mark.slow  # 150 documents, each read by both readers
@settings(max_examples=150, deadline=None)
@given(DATA, st.sampled_from([None, True, False]), st.booleans())
def test_any_document_reads_the_same(data: Any, flow: bool | None, tricky_as_plain: bool) -> None:
    yaml = YAML(typ="rt")
    yaml.default_flow_style = flow
    out = StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    if tricky_as_plain:
        # ruamel quotes what would change meaning; plain words test the resolver itself.
        text = text.replace("'", "")
    try:
        slow = ruamel(text)
    except Exception:  # noqa: BLE001 - not YAML (or a duplicate key) any more: the fast reader declines
        with pytest.raises(fastyaml.Declined):
            fastyaml.load(text)
        return
    try:
        fast = fastyaml.load(text)
    except fastyaml.Declined:
        return  # declining is always allowed: ruamel then reads the file
    assert_same(fast, slow)


# --- Thousands of nested lists ------------------------------------------------------------
# Both readers look through every open flow level at every token: 30,000 unclosed [ took
# libyaml 14 s and ruamel as long again, and libyaml's composer, recursing in C, died of a
# segmentation fault on 30,000 nested lists or mappings (a [[[ line, or a - - - one). A file
# like that is refused at once instead.

DEEP = {
    "one-line": lambda n: "title: " + "[" * n + "\n",
    "one-a-line": lambda n: "title:\n" + "  [\n" * n,
    "items-between": lambda n: "intro: " + "[a, " * n + "\n",
    "mappings": lambda n: "steps: " + "{a: " * n + "\n",
    "after-texts": lambda n: "title: A price\nintro: |\n  Text [x](y)\nsummary: " + "[{" * (n // 2) + "\n",
    "closed": lambda n: "title: " + "[" * n + "]" * n + "\n",
    "block-lists": lambda n: "- " * n + "a\n",
    "explicit-keys": lambda n: "? " * n + "a\n",
}


@pytest.mark.parametrize("shape", DEEP)
def test_thousands_of_unclosed_brackets_are_refused_at_once(shape: str, tmp_path: Path) -> None:
    file = tmp_path / "en.yml"
    file.write_text(DEEP[shape](30_000), encoding="utf-8")
    problems = Problems()
    started = time.perf_counter()
    assert load_yaml(file, problems) is None
    took = time.perf_counter() - started
    # Refused in milliseconds; before, half a minute. The bound leaves room for a busy machine.
    assert took < 3, f"{took:.1f} s"
    [problem] = problems.items
    assert "nested hundreds of levels deep" in problem.message
    # Where the 101st level opens.
    line = file.read_text(encoding="utf-8").split("\n")[problem.pos.line - 1]
    assert line[problem.pos.col - 1] in "[{-?a", problem


def test_brackets_in_quotes_comments_and_block_texts_open_nothing() -> None:
    """Only flow lists and mappings count: texts may hold any number of brackets."""
    text = ("a: '" + "[" * 500 + "'\n" + "b: \"" + "{" * 500 + "\"\n# " + "[" * 500 + "\nc: |\n  "
            + "[[" * 500 + "\nd: " + "[" * 50 + "]" * 50 + "\n")
    assert fastyaml.too_deep(text, 100) is None
    assert fastyaml.load(text)["a"] == "[" * 500
    assert fastyaml.too_deep("x: " + "[" * 100 + "]" * 100, 100) is None
    # The 101st level of lists in brackets, and of block lists.
    assert fastyaml.too_deep("x: " + "[" * 101 + "]" * 101, 100) == (0, 103)
    assert fastyaml.too_deep("x:\n" + "  - " * 150 + "a\n", 100) == (1, 2 + 4 * 99)
