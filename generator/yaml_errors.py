"""What a YAML syntax error means for an author, and where to look for it.

The parser speaks of tokens and scalars, and often notices a mistake lines after
it was made (an unclosed quote at the end of the file). Authors of Markdown
text mostly make a handful of mistakes: a tab, a colon inside a text, a text
that starts with a character YAML gives a meaning to ([, {, *, -, >, a quote).
Each gets its own message, at the place the author has to change.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

# "key: " (or "- key: ") before a value on one line: where the value starts.
_VALUE_START = re.compile(r"^\s*(?:- +)?[^\s:'\"\[{#][^:#]*?: +(?=\S)")

_STARTS = {
    "[": "a text starting with [ is read as a list, which ends at its ]: put the whole text in quotes",
    "{": "a text starting with { is read as a mapping, which ends at its }: put the whole text in quotes",
    "'": "this text in '...' ends at the next ' (an apostrophe?): write '' for one inside, or put the text "
         "in \"...\"",
    '"': "this text in \"...\" ends at the next \": write \\\" for one inside, or put the text in '...'",
}
_INDENT = "this line is indented differently from the lines around it: line up the keys of one mapping"


def explain(exc: MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(0-based line, 0-based column, message) for a syntax error in ``text``."""
    problem, context = exc.problem or "invalid YAML", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    began = exc.context_mark or mark
    at = (mark.line, mark.column) if mark is not None else (0, 0)
    start = (began.line, began.column) if began is not None else at
    lines = text.split("\n")
    line = lines[at[0]] if at[0] < len(lines) else ""

    if "'\\t'" in problem:
        return (*at, "a tab: YAML takes only spaces for indenting and spacing; replace the tab with spaces")
    if context == "while scanning a quoted scalar":
        return (*start, "the quoted text that starts here is never closed: end it with the same quote mark")
    if context == "while scanning a simple key":
        return (*start, "this line is not 'key: value': put a colon and a space after the key")
    if context in ("while parsing a flow sequence", "while parsing a flow mapping"):
        opening, closing, what = ("[", "]", "list") if "sequence" in context else ("{", "}", "mapping")
        return (*start, f"the {what} opened here with {opening} is not closed, or lacks a comma between items "
                        f"(the parser stopped at line {at[0] + 1}, column {at[1] + 1}): end it with {closing}")
    if context == "while scanning a block scalar":
        return (*start, "a text starting with | or > is read as the start of a block: put the whole text in "
                        "quotes, or start it on the next line")
    if problem == "mapping values are not allowed here":
        if ": " in line[: at[1]]:
            return (*at, "a colon and a space inside a text that is not in quotes: put the whole text in quotes, "
                         "or write it as a block after |")
        return (*at, _INDENT)
    if problem.startswith("expected <block end>"):
        value = _VALUE_START.match(line)
        if value is not None and value.end() < at[1] and line[value.end()] in _STARTS:
            return (at[0], value.end(), _STARTS[line[value.end()]])
        return (*at, _INDENT)
    if problem.startswith("found undefined alias"):
        return (*at, "a text starting with * is read as a reference to another value: put the whole text "
                     "in quotes")
    if problem == "sequence entries are not allowed here":
        return (*at, "a text starting with '- ' is read as a list item: put the whole text in quotes")
    if problem.startswith("found character") and "cannot start any token" in problem:
        return (*at, f"a text cannot start with {problem.split()[2]}: put the whole text in quotes")
    if context == "expected a single document in the stream":
        return (*at, "a second document begins here (---): a file holds one; remove the line")
    return (*at, problem + (f" ({context})" if context else ""))
