"""An author's headings fitted under the page's (generator/headings.py): the workshop
guides' "### Before" under the page's title skipped a level (the Nu checker's error)."""

from __future__ import annotations

import re

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, examples
from generator.facilitator import render_guide
from generator.headings import fit_headings, fitted_levels, headings
from generator.project import load_project

WORDS = st.lists(st.sampled_from(["Before", "During", "After", "Łódź", "до", "тренінгу", "#7", "a#b", "*x*", "`#`",
                                  "[link](https://example.org)", "{ #id }", "#", "x ##"]), min_size=1, max_size=4)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    """A block of Markdown: a heading in one of its forms and places, or something that
    only looks like one (a "#" in code, in a fence, after text)."""
    words = " ".join(draw(WORDS))
    level = draw(st.integers(1, 6))
    kind = draw(st.sampled_from(["atx", "atx-closed", "atx-indented", "setext", "setext-two-lines", "list",
                                 "quote", "quote-setext", "paragraph", "fence", "code", "hash-in-text"]))
    return {
        "atx": f"{'#' * level} {words}",
        "atx-closed": f"{'#' * level} {words} {'#' * draw(st.integers(1, 3))}",
        "atx-indented": f"{' ' * draw(st.integers(1, 3))}{'#' * level} {words}",
        "setext": f"{words}\n{'=' if level == 1 else '-'}{'=' if level == 1 else '-'}{'=' if level == 1 else '-'}",
        "setext-two-lines": f"{words}\nand more {words}\n{'=' * 4 if level % 2 else '-' * 4}",
        "list": f"- item\n\n  {'#' * level} {words}\n- another",
        "quote": f"> {'#' * level} {words}\n> said",
        "quote-setext": f"> {words}\n> ====",
        "paragraph": words,
        "fence": f"```\n{'#' * level} {words}\n```",
        "code": f"    {'#' * level} {words}",
        "hash-in-text": f"{words} {'#' * level} {words}",
    }[kind]


def _levels(text: str) -> list[int]:
    return [level for level, _, _ in headings(text)]


def _without_levels(text: str) -> str:
    """cmark's HTML of ``text`` with every heading at one level, and runs of white space as one."""
    html = cmarkgfm.markdown_to_html(text)
    return " ".join(re.sub(r"<(/?)h[1-6]>", r"<\1h>", html).split())


@settings(max_examples=examples(300))
@given(st.lists(blocks(), max_size=8), st.integers(1, 4))
def test_fitted_headings_start_at_the_place_and_skip_no_level(parts: list[str], top: int) -> None:
    text = "\n\n".join(parts)
    fitted = fit_headings(text, top)
    before, after = _levels(text), _levels(fitted)
    assert after == fitted_levels(before, top)
    if after:
        assert after[0] == top
        above = [top - 1, *after[:-1]]
        assert all(top <= level <= min(up + 1, 6) for up, level in zip(above, after, strict=True))
    # Nothing but the levels changed: the same text in the same blocks.
    assert _without_levels(fitted) == _without_levels(text)


@pytest.mark.parametrize(("levels", "top", "expected"), [
    ([3, 3, 3], 2, [2, 2, 2]),
    ([1, 2, 4, 2], 2, [2, 3, 4, 3]),
    ([2, 5, 4, 3], 3, [3, 4, 5, 4]),
    ([4, 2], 2, [2, 2]),
    ([6, 6], 6, [6, 6]),
    ([1, 3], 5, [5, 6]),
    ([], 2, []),
])
def test_fitted_levels(levels: list[int], top: int, expected: list[int]) -> None:
    assert fitted_levels(levels, top) == expected


def test_the_workshop_guides_headings_skip_no_level() -> None:
    project, _ = load_project(REPO)
    assert project is not None and project.workshops is not None
    for wid in project.workshops.workshops:
        for lang in project.course.languages:
            page = render_guide(project, wid, lang)
            body = page.split("\n---\n", 1)[1]  # after the front matter
            levels = _levels(body)
            assert levels[0] == 1 and levels.count(1) == 1, (wid, lang, levels)
            skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
            assert not skips, f"{wid} ({lang}): headings {levels} skip a level"


def test_a_text_without_headings_is_left_as_it_is() -> None:
    text = "Just a paragraph.\n\n```\n# not a heading\n```\n"
    assert fit_headings(text, 2) is text
