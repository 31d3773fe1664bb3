"""A decision: the options a learner picks from, each leading to a step, moving meters."""

from __future__ import annotations

from typing import Any, TypeVar

from ..model import Choice, Effect, Step
from ..problems import did_you_mean
from .base import Link, Reader, Slides, Stage, StepParts, Texts, condition_data, letter

KEY = "choices"
STAGE: Stage = "decision"
ANSWERED = True
S = TypeVar("S")


def has(step: Step) -> bool:
    return bool(step.choices)


def load(read: Reader, sid: str, raw: Any) -> StepParts:
    return {"choices": tuple(_choice(read, sid, str(cid), spec) for cid, spec in raw.items())}


def _choice(read: Reader, sid: str, cid: str, spec: Any) -> Choice:
    base = ("steps", sid, KEY, cid)
    effects = []
    for meter, raw in spec.get("effects", {}).items():
        epos = read.at(*base, "effects", meter)
        if meter not in read.meters:
            read.unreadable(epos, f"effect on unknown meter '{meter}'"
                                  f"{did_you_mean(str(meter), read.meters)}: declare it under meters")
            continue
        amount = raw["set"] if isinstance(raw, dict) else raw
        value = read.amount(amount, epos)
        if value is not None:
            effects.append(Effect(str(meter), "set" if isinstance(raw, dict) else "add", value, epos))
    return Choice(
        id=cid,
        to=str(spec["to"]),
        effects=tuple(effects),
        when=read.conditions((*base, "when"), spec.get("when")),
        pos=read.at(*base),
        to_pos=read.at(*base, "to", value=True),
    )


def text_keys(step: Step) -> dict[str, bool]:
    keys: dict[str, bool] = {}
    for c in step.choices:
        base = f"steps.{step.id}.choices.{c.id}"
        keys.update({f"{base}.label": True, f"{base}.consequence": True, f"{base}.feedback": step.feedback})
    return keys


def words() -> dict[str, str]:
    return {"choices": "choice"}


def page(step: Step, v: Texts, link: Link) -> dict[str, Any]:
    key, ui = f"steps.{step.id}", v.ui
    return {"choices": [{
        "id": c.id,
        "letter": letter(i),
        "to": c.to,
        "label": v.inline(f"{key}.choices.{c.id}.label"),
        "consequence": v.block(f"{key}.choices.{c.id}.consequence"),
        "image": v.figure(f"{key}.choices.{c.id}.image", c.image),
        "feedback": v.lead(f"<strong>{ui['feedback']}:</strong> ", f"{key}.choices.{c.id}.feedback"),
        "effects": [v.effect(e) for e in c.effects],
        "only_if": ui["choice_only_if"].format(conditions=v.conditions(c.when)) if c.when else "",
        "next": link(c.to),
    } for i, c in enumerate(step.choices)]}


def data(step: Step) -> dict[str, Any]:
    return {"choices": [{"id": c.id, "to": c.to, "when": condition_data(c.when),
                         "fx": [[e.meter, e.op, e.value] for e in c.effects]} for c in step.choices]}


def slides(step: Step, title: str, v: Texts, deck: Slides[S]) -> list[S]:
    """A vote, then what follows each choice."""
    key, ui = f"steps.{step.id}", v.ui
    labels = [deck.plain(v.t(f"{key}.choices.{c.id}.label")) for c in step.choices]
    notes = [f"<p><strong>{letter(i)}.</strong> {label}</p>" + deck.html(v.t(f"{key}.choices.{c.id}.consequence"))
             + deck.html(v.t(f"{key}.choices.{c.id}.feedback"))
             for i, (c, label) in enumerate(zip(step.choices, labels, strict=True))]
    expected = ""
    if best := deck.best(step.id):
        expected = deck.ask(ui["deck.note_expected"].format(letter=letter([c.id for c in step.choices].index(best))))
    out = deck.votes(step.id, ui["choices"], labels, set(),
                     deck.ask(ui["deck.note_vote"]) + deck.ask(ui["deck.vote_help"].format(n=len(labels)))
                     + expected + "".join(notes))
    for i, (c, note) in enumerate(zip(step.choices, notes, strict=True)):
        out.extend(deck.consequences(title, letter(i), [v.effect(e) for e in c.effects],
                                     v.t(f"{key}.choices.{c.id}.consequence"),
                                     deck.ask(ui["deck.note_outcome"]) + note))
    return out


def walkthrough(step: Step, v: Texts) -> list[str]:
    return []  # the sheet's decision table gives every choice, its effects and where it leads
