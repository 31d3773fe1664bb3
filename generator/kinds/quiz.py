"""A choice question: one or several right answers, feedback on every option."""

from __future__ import annotations

from typing import Any, TypeVar

from ..model import Quiz, Step
from ..problems import did_you_mean
from ..yamlio import item_position
from .base import Link, Reader, Slides, Stage, StepParts, Texts, letter, oneline

KEY = "quiz"
STAGE: Stage = "activity"
ANSWERED = True
S = TypeVar("S")


def _quiz(step: Step) -> Quiz:
    assert isinstance(step.activity, Quiz)
    return step.activity


def has(step: Step) -> bool:
    return isinstance(step.activity, Quiz)


def load(read: Reader, sid: str, raw: Any) -> StepParts:
    at = ("steps", sid, KEY)
    options = tuple(str(o) for o in raw["options"])
    correct = frozenset(str(c) for c in raw["correct"])
    for i, c in enumerate(raw["correct"]):
        if str(c) not in options:
            read.problems.error(item_position(raw["correct"], i, read.file),
                                f"correct answer '{c}' is not one of the options{did_you_mean(str(c), options)}")
    multiple = bool(raw.get("multiple", len(correct) > 1))
    if not multiple and len(correct) > 1:
        read.problems.error(read.at(*at, "multiple", value=True),
                            f"step '{sid}': {len(correct)} correct answers, but multiple is false: "
                            "keep one correct answer or allow several")
    if correct >= set(options):
        read.problems.error(read.at(*at, "correct"),
                            f"step '{sid}': every option is correct, so there is nothing to choose: "
                            "add a wrong option")
    return {"activity": Quiz(options, correct, multiple)}


def text_keys(step: Step) -> dict[str, bool]:
    return {f"steps.{step.id}.options.{o}.{part}": True for o in _quiz(step).options for part in ("label", "feedback")}


def words() -> dict[str, str]:
    return {"options": "option"}


def page(step: Step, v: Texts, link: Link) -> dict[str, Any]:
    key, a = f"steps.{step.id}", _quiz(step)
    return {"multiple": a.multiple, "options": [
        {"id": o, "letter": letter(i), "correct": o in a.correct,
         "label": v.inline(f"{key}.options.{o}.label"),
         "feedback": v.lead(f"<strong>{v.ui['verdict.right' if o in a.correct else 'verdict.wrong']}:</strong> ",
                            f"{key}.options.{o}.feedback")}
        for i, o in enumerate(a.options)]}


def data(step: Step) -> dict[str, Any]:
    a = _quiz(step)
    return {"correct": [o for o in a.options if o in a.correct]}


def slides(step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
    key, a, ui = f"steps.{step.id}", _quiz(step), v.ui
    labels = [deck.plain(v.t(f"{key}.options.{o}.label")) for o in a.options]
    correct = {i for i, o in enumerate(a.options) if o in a.correct}
    notes = "".join(f"<p><strong>{letter(i)}.</strong> {label}</p>" + deck.html(v.t(f"{key}.options.{o}.feedback"))
                    for i, (o, label) in enumerate(zip(a.options, labels, strict=True)))
    return deck.votes(step.id, title, labels, correct,
                      deck.ask(ui["deck.note_quiz"]) + deck.ask(ui["deck.note_reveal"])
                      + deck.ask(ui["deck.vote_help"].format(n=len(labels))) + notes)


def walkthrough(step: Step, v: Texts) -> list[str]:
    key, a, ui = f"steps.{step.id}", _quiz(step), v.ui
    return [f"- **{letter(i)}. {v.t(f'{key}.options.{o}.label')}** "
            f"({ui['verdict.right'] if o in a.correct else ui['verdict.wrong']}): "
            f"{oneline(v.t(f'{key}.options.{o}.feedback'))}"
            for i, o in enumerate(a.options)]
