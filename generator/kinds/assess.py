"""A self-assessment: statements rated on a scale, in groups."""

from __future__ import annotations

from typing import Any, TypeVar

from ..model import Assessment, Step
from .base import Link, Reader, Slides, Stage, StepParts, Texts

KEY = "assess"
STAGE: Stage = "activity"
ANSWERED = True
S = TypeVar("S")


def _assess(step: Step) -> Assessment:
    assert isinstance(step.activity, Assessment)
    return step.activity


def has(step: Step) -> bool:
    return isinstance(step.activity, Assessment)


def load(read: Reader, sid: str, raw: Any) -> StepParts:
    groups = tuple((str(g), tuple(str(x) for x in items)) for g, items in raw["groups"].items())
    seen: dict[str, str] = {}
    for g, items in groups:
        for st in items:
            if st in seen:
                read.problems.error(read.at("steps", sid, KEY, "groups", g),
                                    f"statement '{st}' is in both group '{seen[st]}' and group '{g}': keep it in one")
            seen[st] = g
    return {"activity": Assessment(int(raw.get("scale", 5)), groups)}


def text_keys(step: Step) -> dict[str, bool]:
    base, a = f"steps.{step.id}", _assess(step)
    return {**{f"{base}.groups.{g}": True for g, _ in a.groups},
            **{f"{base}.statements.{x}": True for x in a.statements}}


def words() -> dict[str, str]:
    return {"groups": "group", "statements": "statement"}


def page(step: Step, v: Texts, link: Link) -> dict[str, Any]:
    key, a = f"steps.{step.id}", _assess(step)
    return {"scale": a.scale, "groups": [
        {"id": g, "name": v.inline(f"{key}.groups.{g}"),
         "statements": [{"id": x, "text": v.inline(f"{key}.statements.{x}")} for x in items]}
        for g, items in a.groups]}


def data(step: Step) -> dict[str, Any]:
    a = _assess(step)
    return {"scale": a.scale, "groups": [[g, list(items)] for g, items in a.groups]}


def slides(step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
    key, a = f"steps.{step.id}", _assess(step)
    return [slide for group, statements in a.groups
            for slide in deck.lists(v.t(f"{key}.groups.{group}"), [v.t(f"{key}.statements.{x}") for x in statements],
                                    deck.ask(v.ui["deck.note_assess"]), minutes=3 / len(a.groups))]


def walkthrough(step: Step, v: Texts) -> list[str]:
    key = f"steps.{step.id}"
    return [f"- **{v.t(f'{key}.groups.{g}')}:** " + "; ".join(v.t(f"{key}.statements.{x}") for x in items)
            for g, items in _assess(step).groups]
