"""Broken Markdown is found where it is, and well-formed Markdown is left alone."""

from __future__ import annotations

import pytest

from generator.markdown_check import mistakes


@pytest.mark.parametrize("text", [
    "Plain text with a [link](https://example.org) and a [term](glossary:trust).",
    "```\n[not a link](\n<!-- not a comment\n```\nAfter the code.",
    "~~~~\ncode with ``` inside\n~~~~\n",
    "Inline `[x](` and `<!--` are code, not links or comments.",
    "```python\ncode\n```",
    "A ```one-line code span``` is not a block.",
    "<!-- a comment --> then text <!-- and another -->",
    "A function call (f(x)) and [a link](https://e.org/a_(b)).",
    "- a list\n  ```\n  indented code in it\n  ```\n",
])
def test_well_formed_markdown_has_no_mistakes(text: str) -> None:
    assert list(mistakes(text)) == []


@pytest.mark.parametrize(("text", "offset", "words"), [
    ("Intro.\n\n```\ncode", 8, "code block opened with ``` is never closed"),
    ("Intro.\n\n````\ncode\n```\n", 8, "code block opened with ```` is never closed"),
    ("Text <!-- draft", 5, "HTML comment opened with <!-- is never closed"),
    ("<!-- one\ntext\n<!-- two -->", 0, "is not closed before the next one begins"),
    ("See [the price]() here.", 4, "has no target"),
    ("See [trust](glossary:trust.", 4, "is not closed: end it with ), as in [words](glossary:term)"),
    ("See [site](https://example.org\nnext line)", 4, "is not closed: end it with ), as in [words](address)"),
])
def test_each_kind_of_breakage_is_found_where_it_starts(text: str, offset: int, words: str) -> None:
    found = list(mistakes(text))
    assert len(found) == 1, found
    assert found[0][0] == offset
    assert words in found[0][1]
