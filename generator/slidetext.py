"""Texts onto slides: whole sentences, each quotation closed on the slide it opens on,
and no more words on a slide than a room reads from the back.

Plain functions over plain text; ``deck.py`` calls them with a scenario's texts, the
tests with random ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = 40  # on one slide, its title included: what a room reads in the time it listens

# Quotation marks by the mark that opens them and those that may close them: „ closes
# with ” in Polish and with “ in Russian, Ukrainian and German, where “ opens nothing.
_OPENS = {"«": "»", "“": "”", "„": "”“", "\"": "\""}
_CLOSES = {"”", "»", "“", "\""}
# Single quotes are left alone: ’ is also the apostrophe (“That’s”, “П’ять”).

# Words that end with a full stop without ending a sentence, before a name or a number.
ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "st", "prof", "np", "ok", "ul", "tj", "tzw", "nr", "mgr", "godz",
                  "św", "ds", "m.in", "e.g", "i.e", "vs", "т", "д", "г", "им", "ул", "проф", "вул", "напр", "т.е",
                  "т.д", "т.п", "т.зв", "див", "с", "стр", "с.г"}
_SPACE = re.compile(r"[ \t\r\n]+")
_SENTENCE_END = re.compile(r"[.!?…][”»“\"’)]*$")


def words(text: str) -> int:
    """Words as a reader counts them: a dash or a lone mark is not one."""
    return sum(1 for token in text.split() if re.search(r"\w", token))


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences, whole: a break after . ! ? or … (and any closing quotes),
    before a capital letter or an opening quote, never after a short abbreviation."""
    tokens = _SPACE.split(paragraph.strip())  # not str.split(), which breaks no-break spaces too
    out: list[str] = []
    start = 0
    for i in range(len(tokens) - 1):
        token, following = tokens[i], tokens[i + 1]
        if not _SENTENCE_END.search(token) or not following.lstrip("„“«\"(—–-")[:1].isupper():
            continue
        if token.endswith(".") and re.split(r"\s", token[:-1])[-1].lstrip("(„“«\"").lower() in ABBREVIATIONS:
            continue
        out.append(" ".join(tokens[start:i + 1]))
        start = i + 1
    if start < len(tokens):
        out.append(" ".join(tokens[start:]))
    return out


@dataclass(frozen=True)
class Page:
    """The text of one slide: whole sentences in their paragraphs, and the quotation marks
    added where a quotation runs on from the slide before (``reopen``) or onto the next
    (``close``)."""

    paragraphs: tuple[tuple[str, ...], ...]  # each paragraph's sentences
    reopen: str = ""
    close: str = ""

    @property
    def shown(self) -> list[str]:
        """The paragraphs as the slide shows them."""
        texts = [" ".join(p) for p in self.paragraphs]
        texts[0] = self.reopen + texts[0]
        texts[-1] += self.close
        return texts

    @property
    def word_count(self) -> int:
        return sum(words(p) for p in self.shown)


def _quote_state(units: list[str]) -> list[list[tuple[str, str]]]:
    """For each break after a unit, the quotations still open there, outermost first:
    (the mark that opened it, the mark that closes it further on, or else its usual one)."""
    events: list[list[list[str]]] = []
    stack: list[list[str]] = []  # [mark, closing mark]: the same lists as in the events, filled in later
    for unit in units:
        for ch in unit:
            if stack and ch in _OPENS[stack[-1][0]]:
                stack.pop()[1] = ch
            elif ch in _OPENS:
                stack.append([ch, _OPENS[ch][0]])
            elif ch in _CLOSES:
                for depth in range(len(stack) - 1, -1, -1):
                    if ch in _OPENS[stack[depth][0]]:
                        del stack[depth:]
                        break
        events.append(list(stack))
    return [[(mark, closing) for mark, closing in open_here] for open_here in events]


def pack(sizes: list[int], budget: int, break_cost: list[int] | None = None,
         first: int | None = None) -> list[tuple[int, int]]:
    """Consecutive runs of units (their sizes given) into as few slides as keep each within
    ``budget`` (``first`` for the first slide, if it has less room; a unit larger than that
    alone on its slide), then the fewest costly breaks (``break_cost[i]`` for a break before
    unit i), then runs as even as can be."""
    n = len(sizes)
    cost = break_cost or [0] * n
    best: list[tuple[int, int, int] | None] = [None] * (n + 1)
    came: list[int] = [0] * (n + 1)
    best[0] = (0, 0, 0)
    widest = max(budget, first or 0)
    for end in range(1, n + 1):
        total = 0
        for start in range(end - 1, -1, -1):
            total += sizes[start]
            if total > widest and end - start > 1:
                break
            room = first if start == 0 and first is not None else budget
            if total > room and end - start > 1:
                continue
            before = best[start]
            if before is None:
                continue
            slack = max(0, room - total)
            candidate = (before[0] + 1, before[1] + (cost[start] if start else 0), before[2] + slack * slack)
            if best[end] is None or candidate < best[end]:  # type: ignore[operator]
                best[end] = candidate
                came[end] = start
    runs = []
    end = n
    while end:
        runs.append((came[end], end))
        end = came[end]
    return runs[::-1]


_INSIDE_QUOTE = 1000  # a break inside a quotation costs more than any evening out
_INSIDE_PARAGRAPH = 1


def fit(text: str, budget: int = WORDS, first: int | None = None) -> list[Page]:
    """``text`` (plain, paragraphs split by blank lines) on as few pages of at most
    ``budget`` words (``first`` on the first page) as whole sentences allow; a sentence
    longer than that on a page of its own. A quotation runs on from page to page closed
    and reopened."""
    units: list[tuple[int, str]] = []  # (paragraph, sentence)
    for number, paragraph in enumerate(p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()):
        units.extend((number, s) for s in sentences(paragraph))
    if not units:
        return []
    open_after = _quote_state([s for _, s in units])
    costs = [0] + [(_INSIDE_QUOTE if open_after[i - 1] else 0)
                   + (_INSIDE_PARAGRAPH if units[i][0] == units[i - 1][0] else 0) for i in range(1, len(units))]
    pages = []
    for start, end in pack([words(s) for _, s in units], budget, costs, first):
        paragraphs: list[list[str]] = []
        for i in range(start, end):
            if i == start or units[i][0] != units[i - 1][0]:
                paragraphs.append([])
            paragraphs[-1].append(units[i][1])
        reopen = "".join(mark for mark, _ in open_after[start - 1]) if start else ""
        close = "".join(closing for _, closing in reversed(open_after[end - 1])) if end < len(units) else ""
        pages.append(Page(tuple(tuple(p) for p in paragraphs), reopen, close))
    return pages


def balanced(text: str) -> bool:
    """Whether every quotation that opens in ``text`` closes in it."""
    return not _quote_state([text])[-1]
