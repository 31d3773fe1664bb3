"""Markdown that is broken in ways which silently eat or garble a page.

Markdown never fails: an unclosed code block or HTML comment swallows the rest
of the text, and a link without its ``)`` shows as brackets. These checks find
what an author would not notice in the file, and say where it is: in a text of a
YAML file (mapped back to its line and column) or in a hand-written page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from .front_matter import check_front_matter
from .model import Page, Pos, Text
from .problems import Problems

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
INLINE_CODE = re.compile(r"(`+)[^`\n].*?\1")
EMPTY_LINK = re.compile(r"\[[^\]\n]*\]\(\s*(?:<\s*>)?\s*\)")
# A link whose target runs to the end of the line without its ")".
UNCLOSED_LINK = re.compile(r"\[[^\]\n]*\]\((?=[^)\n]*$)", re.MULTILINE)


def mistakes(text: str) -> Iterator[tuple[int, str]]:
    """(offset into ``text``, message) for each broken construct, in order."""
    masked, fence = _mask_code(text)
    if fence is not None:
        start, marker = fence
        yield start, (f"a code block opened with {marker} is never closed, so it swallows the rest of the text: "
                      f"add a line with {marker} where the code ends")
    for match in re.finditer(r"<!--", masked):
        end = masked.find("-->", match.end())
        following = masked.find("<!--", match.end())
        if end < 0:
            yield match.start(), ("an HTML comment opened with <!-- is never closed, so it hides the rest of "
                                  "the text: end it with -->")
        elif 0 <= following < end:
            yield match.start(), ("an HTML comment opened with <!-- is not closed before the next one begins, "
                                  "so everything up to that one's --> is hidden: end it with -->")
    for match in EMPTY_LINK.finditer(masked):
        yield match.start(), (f"the link '{match.group()}' has no target: write the address or glossary:term "
                              "between ( and ), or remove the brackets")
    for match in UNCLOSED_LINK.finditer(masked):
        rest = masked[match.end():].split("\n", 1)[0]
        form = "[words](glossary:term)" if rest.startswith("glossary:") else "[words](address)"
        yield match.start(), f"the link '{match.group()}{rest}' is not closed: end it with ), as in {form}"


def _mask_code(text: str) -> tuple[str, tuple[int, str] | None]:
    """``text`` with code blocks and code spans blanked out (their content is shown as it is),
    and the start and marker of a code block left open, if any."""
    out = list(text)
    opened: tuple[int, str] | None = None
    for match in FENCE.finditer(text):
        marker = match.group(1)
        rest = text[match.end():].split("\n", 1)[0]
        if opened is None and marker[0] == "`" and "`" in rest:
            continue  # ```code``` on one line is a code span, not a block
        if opened is None:
            opened = (match.start(1), marker)
        elif marker[0] == opened[1][0] and len(marker) >= len(opened[1]) and not rest.strip():
            out[opened[0]:match.end()] = " " * (match.end() - opened[0])
            opened = None
    if opened is not None:
        out[opened[0]:] = " " * (len(text) - opened[0])
    masked = "".join(out)
    masked = INLINE_CODE.sub(lambda m: " " * len(m.group()), masked)
    return masked, opened


def check_page(page: Page, problems: Problems) -> None:
    """The mistakes of a hand-written page, at their line and column."""
    check_front_matter(page, problems)
    for offset, message in mistakes(page.markdown):
        before = page.markdown[:offset]
        problems.error(Pos(page.source, before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1), message)


def check_texts(texts: dict[str, dict[str, Text]], problems: Problems) -> None:
    """The mistakes of every text of a unit, at their line and column in the YAML file."""
    read: dict[Path, list[str]] = {}

    def lines(file: Path) -> list[str]:
        # Read again only when a mistake was found, to place it; a valid project costs nothing.
        if file not in read:
            try:
                read[file] = file.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                read[file] = []
        return read[file]

    for lang_texts in texts.values():
        for key, text in lang_texts.items():
            if text.fallback_from:
                continue  # reported where it was written
            for offset, message in mistakes(text.value):
                problems.error(_position_in(text, offset, lines), f"{key}: {message}")


def _position_in(text: Text, offset: int, read: Callable[[Path], list[str]]) -> Pos:
    """Where character ``offset`` of a YAML text stands in its file.

    Exact for one-line values and literal blocks (|); for other forms (folded
    or multi-line plain text) the start of the value, which is still the place
    to look.
    """
    pos = text.pos
    lines = read(pos.file)
    if not 0 < pos.line <= len(lines):
        return pos
    source = lines[pos.line - 1]
    style = source[pos.col - 1: pos.col]
    line_no = text.value.count("\n", 0, offset)
    col = offset - (text.value.rfind("\n", 0, offset) + 1)
    wanted = text.value[offset]
    if style == "|":
        first = next((line for line in lines[pos.line:] if line.strip()), "")
        indent = len(first) - len(first.lstrip(" "))
        candidate = Pos(pos.file, pos.line + 1 + line_no, indent + 1 + col)
    elif "\n" not in text.value.rstrip("\n"):
        candidate = Pos(pos.file, pos.line, pos.col + col + (1 if style in ('"', "'") else 0))
    else:
        return pos
    # Escapes in a quoted text shift columns: fall back rather than point at the wrong place.
    if candidate.line <= len(lines) and lines[candidate.line - 1][candidate.col - 1: candidate.col] == wanted:
        return candidate
    return pos

