"""A hand-written page's metadata read as MkDocs reads it, without importing MkDocs."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.front_matter import FRONT_MATTER, check_front_matter
from generator.model import Page
from generator.problems import Problems

LINE = st.sampled_from(["Title: x", "  author: Jan", "    more", "title:", "a-b_9: v", "tytuł: x", "Key : v",
                        "", "# About", "---", "...", "text", "\tTab: x", "x:y", "-: v", "Title:\r"])


@given(st.lists(LINE, max_size=5), st.sampled_from(["\n", "\r\n", "\r"]))
@example(["Title: x", "", "# About"], "\n")
@example(["# About", "Title: x"], "\n")
def test_multimarkdown_metadata_is_refused_exactly_when_mkdocs_reads_some(lines, newline):
    markdown = newline.join(lines) + newline
    if FRONT_MATTER.match(markdown):
        return  # front matter, checked as YAML elsewhere
    problems = Problems()
    check_front_matter(Page(path="about.md", lang="en", markdown=markdown, source=Path("docs/en/about.md")), problems)
    refused = any("as the page's metadata" in p.message for p in problems.errors)
    assert refused == bool(get_data(markdown)[1])
