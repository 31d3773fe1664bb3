"""The metadata of a hand-written page: what MkDocs reads from its first lines, and
what of it the theme may print.

MkDocs takes a page's metadata from YAML between ``---`` lines at its top or,
without them, from MultiMarkdown's ``Key: value`` lines (which our pages would
show as text as well: they are refused). Material prints
``title``, ``subtitle``, ``description`` and ``author`` into every page of the
language (the ``<title>``, the navigation, the header, ``<meta>`` tags, the search
results) as they are, without escaping: markup there runs on every page. So a
page's metadata is checked like a scenario file's texts (``check_front_matter``),
and what the theme prints is escaped on the way there all the same
(``printable``), for whatever a check misses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import yaml
from markupsafe import escape

from . import fastyaml
from .model import Page, Pos
from .problems import Problems, did_you_mean

# MkDocs' front matter: a first line of ---, then YAML, then a line of --- or ...
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)?(?:-{3}|\.{3})[ \t]*(?:\n|\Z)", re.DOTALL)
# Without it, a first line MkDocs reads as MultiMarkdown metadata (its META_RE, in
# mkdocs.utils.meta; the checking side does not import MkDocs, and a test holds the two alike).
MULTIMARKDOWN_KEY = re.compile(r"[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*")

# What Material prints of a page's metadata, as text.
TEXT_KEYS = ("title", "subtitle", "description", "author")
# Parts of a page Material hides when they are listed under ``hide``.
HIDE = ("navigation", "toc", "footer", "path", "feedback", "tags")
# Material's search: leave a page out of the index, or rank it higher.
SEARCH: dict[str, type | tuple[type, ...]] = {"exclude": bool, "boost": (int, float)}
KEYS = (*TEXT_KEYS, "hide", "search")
# Lists nested deeper than this are refused before a YAML reader tries them (see fastyaml.too_deep).
READABLE_NESTING = 100


def check_front_matter(page: Page, problems: Problems) -> None:
    """Each problem of the page's metadata, at its line and column."""
    match = FRONT_MATTER.match(page.markdown)
    if match is None:
        _check_multimarkdown(page, problems)
        return
    text = match.group(1) or ""
    read = _read_yaml(text, page, problems)
    if read is None:
        return
    data, places = read
    for key, value in data.items():
        key_pos, value_pos = (Pos(page.source, line + 2, col + 1) for line, col in places[key])
        _check_entry(key, value, key_pos, value_pos, problems)


def _read_yaml(text: str, page: Page, problems: Problems) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The front matter's data as MkDocs reads it (PyYAML's safe loader) and where each
    key and its value stand (0-based, from the line after the first ---), or None after
    a problem."""
    deep = fastyaml.too_deep(text, READABLE_NESTING)
    if deep is not None:
        problems.error(Pos(page.source, deep[0] + 2, deep[1] + 1),
                       "the front matter (between the --- lines) nests lists hundreds of levels deep: put a "
                       "value made of [ or { characters in quotes")
        return None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, the one MkDocs uses
    except yaml.YAMLError as err:
        # Where the construct that fails began (an unclosed [ ), else where reading stopped.
        mark = getattr(err, "context_mark", None) or getattr(err, "problem_mark", None)
        line, col = (mark.line + 2, mark.column + 1) if mark is not None else (2, 1)
        problems.error(Pos(page.source, line, col), "the front matter (between the --- lines) is not valid YAML "
                                                    f"({getattr(err, 'problem', None) or err}), so MkDocs would show "
                                                    "it as text: put a value with [ ] { } : or # in quotes")
        return None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.error(Pos(page.source, 2, 1), "the front matter (between the --- lines) must be key: value lines, "
                                               "such as title: About the course")
        return None
    places: dict[str, Any] = {}
    for key_node, value_node in node.value:
        places.setdefault(str(key_node.value), ((key_node.start_mark.line, key_node.start_mark.column),
                                                (value_node.start_mark.line, value_node.start_mark.column)))
    return {str(key): value for key, value in data.items()}, places


def _check_multimarkdown(page: Page, problems: Problems) -> None:
    """A page without --- lines whose first lines are ``Key: value``: MkDocs takes them
    as the page's metadata, and the page shows them as text besides."""
    first = page.markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
    if match := MULTIMARKDOWN_KEY.match(first):
        key = match.group("key").lower()
        problems.error(Pos(page.source, 1, 1), f"MkDocs reads 'Key: value' lines at the top of a page ('{key}: ...' "
                                               "here) as the page's metadata, not as text: put them between --- "
                                               "lines as front matter, or start the page with its # heading")


def _check_entry(key: str, value: Any, key_pos: Pos, value_pos: Pos, problems: Problems) -> None:
    if key not in KEYS:
        problems.error(key_pos, f"'{key}' is not a key of a page's front matter: a page may set "
                                f"{', '.join(KEYS)}{did_you_mean(key, KEYS)}")
    elif key in TEXT_KEYS:
        _check_text(key, value, value_pos, problems)
    elif key == "hide":
        words = value if isinstance(value, list) else [value]
        wrong = [w for w in words if w not in HIDE]
        if not isinstance(value, list) or wrong:
            problems.error(value_pos, f"hide: a list of the parts to hide, each one of {', '.join(HIDE)}, as in "
                                      "hide: [toc]" + (f" ('{wrong[0]}' is not one)" if wrong else ""))
    elif not isinstance(value, dict) or any(k not in SEARCH or not isinstance(v, SEARCH[k])
                                            for k, v in value.items()):
        problems.error(value_pos, "search: exclude: true (leave the page out of the search) or boost: a number "
                                  "(rank it higher), as in search: {boost: 2}")


def _check_text(key: str, value: Any, pos: Pos, problems: Problems) -> None:
    """A text the theme prints into HTML as it is: plain words only."""
    if not isinstance(value, str):
        problems.error(pos, f"{key}: YAML reads this as {type(value).__name__}, not as text: put it in quotes")
        return
    found = [c for c in '<>"' if c in value] + (["&...;"] if html.unescape(value) != value else [])
    if found:
        problems.error(pos, f"{key}: the theme prints this text into the HTML of every page as it is, so it may "
                            f"hold no {' '.join(found)} (markup, or a character reference such as &lt;): write "
                            "plain words, with quotation marks as „ ” or “ ”")


def printable(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` with each text the theme prints escaped, as markup that says so (a
    template's ``| e`` then leaves it as it is)."""
    return {key: escape(value) if key in TEXT_KEYS and isinstance(value, str) else value
            for key, value in meta.items()}
