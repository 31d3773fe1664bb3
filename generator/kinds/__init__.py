"""The kinds of part a step can hold, one module each, registered in ``KINDS``.

A decision's choices (choice.py), the activities (quiz.py, order.py, spot.py,
assess.py) and reflection prompts (prompts.py): each module holds how its part is
read from scenario.yml, the text keys it implies, the values of its page template
(``templates/kinds/<key>.html.j2``), its data for the browser, its deck slides and
its lines in the sign-off sheet. The loader, the text check, the page, the deck and
the sheet look kinds up here instead of asking which class a step's part is.

One module per kind, though it has both a reading part (load, text keys) and a
making part (page, data, slides, walkthrough): the making functions are handed what
they read through (``base.Texts``, which ``view.View`` is; ``base.Slides``, which the
deck provides), so a kind imports only the model and the reading side's helpers, and
the reading side (loader, texts) can hold the registry without reaching the making
side (tests/test_layers.py checks it).

Adding a kind: its model class (model.py, with its ``kind``), a module here with the
functions of ``base.Kind``, its line in ``KINDS``, its template, its schema and its
JavaScript (assets/training.js).
"""

from __future__ import annotations

from ..model import Step
from . import assess, choice, order, prompts, quiz, spot
from .base import Kind, Stage

# Key in scenario.yml -> its module. The order is the order of activities in messages.
_MODULES: tuple[Kind, ...] = (choice, quiz, order, spot, assess, prompts)  # mypy checks each against Kind
KINDS: dict[str, Kind] = {m.KEY: m for m in _MODULES}


def activities() -> list[str]:
    """The keys of the activities: a step holds at most one of them."""
    return [key for key, kind in KINDS.items() if kind.STAGE == "activity"]


def parts(step: Step, *stages: Stage) -> list[Kind]:
    """The kinds of part ``step`` holds, stage by stage in the order given."""
    return [kind for stage in stages for kind in KINDS.values() if kind.STAGE == stage and kind.has(step)]
