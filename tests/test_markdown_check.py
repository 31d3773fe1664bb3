"""Broken Markdown is found where it is, and well-formed Markdown is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.markdown_check import check_page, mistakes
from generator.model import Page
from generator.problems import Problems


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


# --- A hand-written page's metadata --------------------------------------------------------
# Material prints title, subtitle, description and author into every page of the language
# as they are: markup there would run everywhere (tests/browser/test_injection.py).

FIELDS = ("title", "subtitle", "description", "author")
# Written for this check: each breaks out of an element, an attribute or the <title>.
MARKUP = [
    "Fees</title><script src=/x.js></script>",
    "<img src=nope onerror=document.body.remove()>",
    "Q&A \"><svg onload=print()>",
    "a\" onmouseover=\"print()",
    "&lt;script&gt;print()&lt;/script&gt;",
    "&#60;b&#62;bold",
    "x <!-- y --> z",
    "Tom & Jerry &amp co",
]
PLAIN = ["Q&A at the desk", "„Cena” i “price”", "5 € & more", "Опис: ціна", "It's fine; a semicolon too"]


def _problems(markdown: str) -> list[tuple[int, int, str]]:
    problems = Problems()
    check_page(Page("en", "about.md", Path("docs/en/about.md"), markdown), problems)
    return [(p.pos.line, p.pos.col, p.message) for p in problems.items]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", MARKUP)
def test_markup_in_page_metadata_is_refused_at_its_value(field: str, value: str) -> None:
    quoted = "'" + value.replace("'", "''") + "'"
    found = _problems(f"---\nhide: [toc]\n{field}: {quoted}\n---\n# About\n")
    assert [(line, col) for line, col, _ in found] == [(3, len(field) + 3)], found
    assert found[0][2].startswith(f"{field}: the theme prints this text into the HTML of every page as it is")


@pytest.mark.parametrize("value", PLAIN)
def test_plain_words_in_page_metadata_pass(value: str) -> None:
    front = "".join(f"{field}: '{value.replace(chr(39), chr(39) * 2)}'\n" for field in FIELDS)
    assert _problems(f"---\n{front}hide: [navigation, toc]\nsearch: {{boost: 2}}\n---\n# About\n") == []


@pytest.mark.parametrize(("front", "where", "words"), [
    ("icon: material/../../x", (2, 1), "'icon' is not a key of a page's front matter"),
    ("status: 'new\" onclick=\"x()'", (2, 1), "'status' is not a key"),
    ("template: ../../etc.html", (2, 1), "'template' is not a key"),
    ("tags: ['<b>x</b>']", (2, 1), "'tags' is not a key"),
    ("titel: About", (2, 1), "(did you mean 'title'?)"),
    ("title: 2026", (2, 8), "title: YAML reads this as int, not as text: put it in quotes"),
    ("hide: toc", (2, 7), "hide: a list of the parts to hide"),
    ("hide: [toc, sidebar]", (2, 7), "('sidebar' is not one)"),
    ("search: {exclude: 'yes please'}", (2, 9), "search: exclude: true"),
])
def test_other_page_metadata_is_refused_with_what_to_write(front: str, where: tuple[int, int], words: str) -> None:
    found = _problems(f"---\n{front}\n---\n# About\n")
    assert len(found) == 1 and found[0][:2] == where and words in found[0][2], found


@pytest.mark.parametrize("markdown", [
    "Title: <svg onload=print()>\n\n# About\n",
    "title: About\nauthor: me\n\n# About\n",
    "Summary: the course in brief\n# About\n",
])
def test_multimarkdown_metadata_is_refused(markdown: str) -> None:
    """MkDocs reads 'Key: value' first lines as metadata; the page would show them as text too."""
    found = _problems(markdown)
    assert len(found) == 1 and found[0][:2] == (1, 1), found
    assert "as the page's metadata, not as text: put them between --- lines" in found[0][2]


def test_a_page_that_only_mentions_a_colon_has_no_metadata() -> None:
    assert _problems("# About\n\nNote: the prices are in euro.\n") == []
