"""What a kind of step part provides, and the few things it reads through.

A kind's module is plain functions over the model. The making side hands it a
scenario's texts as shown (``Texts``, which ``view.View`` is) and a deck's slide makers
(``Slides``, which ``deck`` provides), so no kind imports a making module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol, TypedDict, TypeVar

from ..model import Activity, Choice, Condition, Effect, Image, Meter, MeterCondition, Pos, Step
from ..problems import Problems

# Where a kind's part stands in a step. A step holds at most one activity, and the
# outputs place the three stages differently (the page asks the activity, then the
# reflection, then the decision; the deck votes first), each by its own order of stages.
Stage = Literal["decision", "activity", "reflection"]

S = TypeVar("S")


class StepParts(TypedDict, total=False):
    """The fields of a Step that a kind's part fills in."""

    choices: tuple[Choice, ...]
    prompts: tuple[str, ...]
    activity: Activity


class Reader(Protocol):
    """The scenario file being read (loader's reader): positions, problems, amounts, conditions."""

    file: Path
    problems: Problems

    def at(self, *keys: Any, value: bool = False) -> Pos: ...

    def amount(self, raw: Any, pos: Pos) -> int | None: ...

    def unreadable(self, pos: Pos, message: str) -> None: ...

    def conditions(self, keys: tuple[Any, ...], raw: Any) -> tuple[Condition, ...]: ...

    @property
    def meters(self) -> dict[str, Meter]: ...


class Texts(Protocol):
    """A scenario's texts in one language as shown (view.View)."""

    @property
    def ui(self) -> dict[str, str]: ...

    def t(self, key: str) -> str: ...

    def block(self, key: str) -> str: ...

    def inline(self, key: str) -> str: ...

    def lead(self, label: str, key: str) -> str: ...

    def effect(self, effect: Effect) -> str: ...

    def figure(self, key: str, image: Image | None) -> dict[str, Any] | None:
        """An image with its texts under ``key`` (figure.html.j2's values), or None."""
        ...

    def conditions(self, conds: tuple[Condition, ...]) -> str: ...


class Slides(Protocol[S]):
    """The deck's slide makers (deck.py), bound to one module's deck."""

    def lists(self, title: str, items: list[str], notes: str, minutes: float = 1.0) -> list[S]: ...

    def votes(self, vote: str, title: str, labels: list[str], correct: set[int], notes: str) -> list[S]: ...

    def consequences(self, title: str, choice: str, effects: list[str], text: str, notes: str) -> list[S]: ...

    def plain(self, text: str) -> str:
        """A text as plain text, as a slide shows it."""
        ...

    def html(self, text: str) -> str:
        """A text as HTML, as the speaker notes show it."""
        ...

    def ask(self, text: str) -> str:
        """A direction to the facilitator, for the notes."""
        ...

    def best(self, step: str) -> str | None:
        """The choice that keeps trust best at ``step``, if the module has one."""
        ...


class Link(Protocol):
    def __call__(self, step_id: str) -> dict[str, str]: ...


class Kind(Protocol):
    """What one kind's module provides: its key in scenario.yml, where it stands in a
    step, and a function for each place the kind shows up."""

    @property
    def KEY(self) -> str:
        """The key in scenario.yml; also the name of its page template, kinds/<KEY>.html.j2."""
        ...

    @property
    def STAGE(self) -> Stage: ...

    @property
    def ANSWERED(self) -> bool:
        """The learner answers it, so the page offers to try again."""
        ...

    def has(self, step: Step) -> bool:
        """Whether ``step`` holds this kind's part."""
        ...

    def load(self, read: Reader, sid: str, raw: Any) -> StepParts:
        """The part read from schema-valid ``raw`` (``steps.<sid>.<KEY>``), what is wrong
        with it reported."""
        ...

    def text_keys(self, step: Step) -> dict[str, bool]:
        """The text keys the part implies, each mapped to whether it is required."""
        ...

    def words(self) -> dict[str, str]:
        """The word for an id after each level of its text keys, for messages."""
        ...

    def page(self, step: Step, v: Texts, link: Link) -> dict[str, Any]:
        """The values (HTML) of its template, kinds/<KEY>.html.j2."""
        ...

    def data(self, step: Step) -> dict[str, Any]:
        """What the browser needs to play it (the step's entry in the page's data)."""
        ...

    def slides(self, step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
        """Its slides in the module's deck, after the step's text."""
        ...

    def walkthrough(self, step: Step, v: Texts) -> list[str]:
        """Its lines (Markdown) under the step in the sign-off sheet."""
        ...


def letter(index: int) -> str:
    """An answer's letter: A for the first."""
    return chr(ord("A") + index)


def oneline(text: str) -> str:
    return " ".join(text.split())


def condition_data(conditions: tuple[Condition, ...]) -> list[dict[str, Any]]:
    """Conditions as the browser reads them."""
    out: list[dict[str, Any]] = []
    for c in conditions:
        if isinstance(c, MeterCondition):
            out.append({"meter": c.meter, "min": c.at_least, "max": c.at_most})
        else:
            out.append({"chose": f"{c.step}/{c.choice}", "is": c.chosen})
    return out
