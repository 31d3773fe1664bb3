"""Problems found in the input, collected so that all of them are reported at once."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .model import Pos

Severity = Literal["error", "warning"]

# Line breaks and other control characters: in a value a message quotes, they would
# split its report line (and editors read a report line by line).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    pos: Pos
    message: str
    severity: Severity = "error"

    def format(self, root: Path | None = None) -> str:
        """``file:line:col: message``, the form editors and terminals turn into links."""
        prefix = "" if self.severity == "error" else "warning: "
        return f"{display_path(self.pos.file, root)}:{self.pos.line}:{self.pos.col}: {prefix}{self.message}"


class Problems:
    """An ordered collection of problems; checks add to it and never raise."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, one_line(message)))

    def warning(self, pos: Pos, message: str) -> None:
        self.items.append(Problem(pos, one_line(message), "warning"))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[Problem]:
        # Stable per file and line, so a report reads top to bottom like the files.
        return sorted(self.items, key=lambda p: (str(p.pos.file), p.pos.line, p.pos.col))

    def report(self, root: Path | None = None) -> str:
        """Every problem on its own line, then a count."""
        lines = [p.format(root) for p in self.sorted()]
        lines.append(count_line(len(self.errors), len(self.warnings)))
        return "\n".join(lines)


def one_line(message: str) -> str:
    """``message`` on one line: each control character shown escaped, as ``\\n``."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], message.strip())


def count_line(errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path relative to ``root`` (or the working folder) when it lies inside it."""
    base = root or Path.cwd()
    try:
        # The folder resolved, not the file: a link is shown where it stands, not where it points.
        if path.is_absolute() and (path.parent.resolve() / path.name).is_relative_to(base.resolve()):
            return Path(os.path.relpath(path.parent.resolve() / path.name, base.resolve())).as_posix()
        return path.as_posix()
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a link loop above the file
        return path.as_posix()


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a known option is close to ``word``, else ''."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def one_of(options: Iterable[str]) -> str:
    return ", ".join(f"'{o}'" for o in options)
