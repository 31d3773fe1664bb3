"""A dialogue in which the learner marks the lines that are moves of a kind."""

from __future__ import annotations

from typing import Any, TypeVar

from ..model import Spot, Step
from ..problems import did_you_mean
from ..yamlio import item_position
from .base import Link, Reader, Slides, Stage, StepParts, Texts, oneline

KEY = "spot"
STAGE: Stage = "activity"
ANSWERED = True
S = TypeVar("S")


def _spot(step: Step) -> Spot:
    assert isinstance(step.activity, Spot)
    return step.activity


def has(step: Step) -> bool:
    return isinstance(step.activity, Spot)


def load(read: Reader, sid: str, raw: Any) -> StepParts:
    lines = tuple(str(x) for x in raw["lines"])
    for i, m in enumerate(raw["moves"]):
        if str(m) not in lines:
            read.problems.error(item_position(raw["moves"], i, read.file),
                                f"move '{m}' is not one of the lines{did_you_mean(str(m), lines)}")
    return {"activity": Spot(lines, frozenset(str(m) for m in raw["moves"]))}


def text_keys(step: Step) -> dict[str, bool]:
    return {f"steps.{step.id}.lines.{x}.{part}": True for x in _spot(step).lines
            for part in ("speaker", "text", "explain")}


def words() -> dict[str, str]:
    return {"lines": "line"}


def page(step: Step, v: Texts, link: Link) -> dict[str, Any]:
    key, a = f"steps.{step.id}", _spot(step)
    return {"lines": [
        {"id": x, "move": x in a.moves, "speaker": v.inline(f"{key}.lines.{x}.speaker"),
         "text": v.inline(f"{key}.lines.{x}.text"),
         "explain": v.lead(f"<strong>{v.ui['spot.move' if x in a.moves else 'spot.not_move']}</strong> ",
                           f"{key}.lines.{x}.explain")}
        for x in a.lines]}


def data(step: Step) -> dict[str, Any]:
    a = _spot(step)
    return {"moves": [x for x in a.lines if x in a.moves]}


def slides(step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
    key = f"steps.{step.id}"
    return deck.lists(title, [f"{v.t(f'{key}.lines.{x}.speaker')}: {v.t(f'{key}.lines.{x}.text')}"
                              for x in _spot(step).lines],
                      deck.ask(v.ui["deck.note_spot"]), minutes=3)


def walkthrough(step: Step, v: Texts) -> list[str]:
    key, a, ui = f"steps.{step.id}", _spot(step), v.ui
    return [f"- **{v.t(f'{key}.lines.{x}.speaker')}:** {oneline(v.t(f'{key}.lines.{x}.text'))} "
            f"*{ui['spot.move'] if x in a.moves else ui['spot.not_move']}* "
            f"{oneline(v.t(f'{key}.lines.{x}.explain'))}"
            for x in a.lines]
