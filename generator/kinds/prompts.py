"""Reflection prompts: questions the learner answers in notes of their own."""

from __future__ import annotations

from typing import Any, TypeVar

from ..model import Step
from .base import Link, Reader, Slides, Stage, StepParts, Texts

KEY = "prompts"
STAGE: Stage = "reflection"
ANSWERED = False  # nothing to check: the notes are the learner's own
S = TypeVar("S")


def has(step: Step) -> bool:
    return bool(step.prompts)


def load(read: Reader, sid: str, raw: Any) -> StepParts:
    return {"prompts": tuple(str(p) for p in raw)}


def text_keys(step: Step) -> dict[str, bool]:
    return {f"steps.{step.id}.prompts.{p}": True for p in step.prompts}


def words() -> dict[str, str]:
    return {"prompts": "prompt"}


def page(step: Step, v: Texts, link: Link) -> dict[str, Any]:
    return {"prompts": [{"id": p, "text": v.inline(f"steps.{step.id}.prompts.{p}")} for p in step.prompts]}


def data(step: Step) -> dict[str, Any]:
    return {"prompts": list(step.prompts)}


def slides(step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
    return deck.lists(v.ui["reflection"], [v.t(f"steps.{step.id}.prompts.{p}") for p in step.prompts],
                      deck.ask(v.ui["deck.note_prompts"]), minutes=3)


def walkthrough(step: Step, v: Texts) -> list[str]:
    return [f"- {v.t(f'steps.{step.id}.prompts.{p}')}" for p in step.prompts]
