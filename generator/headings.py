"""An author's Markdown text with its headings fitted to the place a page puts it.

A text's author writes headings at whatever level looks right to her ("### Before");
the page decides what the text sits under. Where the text's levels do not follow on
from the page's, a reader's outline of the page (a screen reader's list of headings,
the table of contents) skips a level, which the Nu HTML checker and WCAG's
info-and-relationships both count as an error. The headings are found by cmark, the
CommonMark parser the texts are checked with, not by patterns: a "#" in a code block or
a fence is not a heading, one in a list item or a quote is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options

_ATX_OPENING = re.compile(r"( {0,3})#{1,6}(?=[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$")


class _Headings(HTMLParser):
    """The level and source line (0-based) and column (a byte offset) of each heading in
    cmark's HTML with source positions, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            pos = dict(attrs).get("data-sourcepos") or ""
            line, col = pos.split("-")[0].split(":")
            self.found.append((int(tag[1]), int(line) - 1, int(col) - 1))


def headings(text: str) -> list[tuple[int, int, int]]:
    """Each heading of ``text``: its level, its first line (0-based) and the byte offset in
    that line where it starts."""
    parser = _Headings()
    parser.feed(cmarkgfm.markdown_to_html(text, options=Options.CMARK_OPT_SOURCEPOS))
    parser.close()
    return parser.found


def fitted_levels(levels: list[int], top: int) -> list[int]:
    """The levels a text's headings take under a heading of level ``top - 1``: the highest
    of them becomes ``top``, the others keep their place below it, and none is more than
    one level below the heading before it (nor below h6)."""
    if not levels:
        return []
    shift = top - min(levels)
    out: list[int] = []
    for level in levels:
        out.append(min(level + shift, (out[-1] if out else top - 1) + 1, 6))
    return out


def fit_headings(text: str, top: int) -> str:
    """``text`` with its headings at the levels ``fitted_levels`` gives them, as ATX
    headings ("## Title"); everything else as it was written."""
    found = headings(text)
    if not found:
        return text
    lines = text.split("\n")
    drop: set[int] = set()
    for (level, row, col), new in zip(found, fitted_levels([f[0] for f in found], top), strict=True):
        if new == level:
            continue
        raw = lines[row].encode("utf-8")
        head, rest = raw[:col].decode("utf-8"), raw[col:].decode("utf-8")
        atx = _ATX_OPENING.match(rest)
        if atx:  # "### Title"
            lines[row] = head + atx.group(1) + "#" * new + rest[atx.end():]
            continue
        # Setext: "Title" over a line of "=" or "-", which ATX says on one line.
        end = next(i for i in range(row + 1, len(lines)) if _SETEXT_UNDERLINE.match(lines[i]))
        words = " ".join([rest.strip(), *(re.sub(r"^[ \t>]*", "", lines[i]).strip() for i in range(row + 1, end))])
        if words.endswith("#"):  # ATX would take a closing "#" for markup
            words = words[:-1] + "\\#"
        lines[row] = head + "#" * new + " " + words
        drop.update(range(row + 1, end + 1))
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)
