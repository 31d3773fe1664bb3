"""Items to put in order: written in the right order, shown shuffled."""

from __future__ import annotations

import random
from typing import Any, TypeVar

from ..model import Ordering, Step
from .base import Link, Reader, Slides, Stage, StepParts, Texts

KEY = "order"
STAGE: Stage = "activity"
ANSWERED = True
S = TypeVar("S")


def _order(step: Step) -> Ordering:
    assert isinstance(step.activity, Ordering)
    return step.activity


def shuffled(items: tuple[str, ...], seed: str) -> list[str]:
    """The order a learner first sees: the same on every build and in every
    language (so a switch of language keeps the puzzle), never already solved."""
    out = list(items)
    random.Random(seed).shuffle(out)
    if out == list(items):
        out = out[1:] + out[:1]
    return out


def has(step: Step) -> bool:
    return isinstance(step.activity, Ordering)


def load(read: Reader, sid: str, raw: Any) -> StepParts:
    return {"activity": Ordering(tuple(str(x) for x in raw))}


def text_keys(step: Step) -> dict[str, bool]:
    return {f"steps.{step.id}.items.{i}": True for i in _order(step).items}


def words() -> dict[str, str]:
    return {"items": "item"}


def page(step: Step, v: Texts, link: Link) -> dict[str, Any]:
    a = _order(step)
    items = [{"id": i, "label": v.inline(f"steps.{step.id}.items.{i}")} for i in a.items]
    return {"items": items, "shuffled": [items[a.items.index(i)] for i in shuffled(a.items, step.id)]}


def data(step: Step) -> dict[str, Any]:
    return {"items": list(_order(step).items)}


def slides(step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
    return deck.lists(title, [v.t(f"steps.{step.id}.items.{i}") for i in shuffled(_order(step).items, step.id)],
                      deck.ask(v.ui["deck.note_order"]), minutes=3)


def walkthrough(step: Step, v: Texts) -> list[str]:
    return [f"{n}. {v.t(f'steps.{step.id}.items.{i}')}" for n, i in enumerate(_order(step).items, start=1)]
