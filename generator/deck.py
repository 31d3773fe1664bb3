"""The model -> reveal.js decks for facilitators, one per module and language.

A deck is built from the same texts as the module's page, each told in full on as
many slides as it takes to keep a slide readable from the back of a room (whole
sentences, at most about 40 words: slidetext.py). A decision is a vote, then one
consequence per choice; a quiz is a vote too. The speaker notes hold the texts
whole, the questions and the expected answers. Never reads scenario files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from .identity import deck_style, logo_site_path
from .kinds import parts
from .kinds.base import letter
from .languages import direction
from .markup import clean_between, text_html
from .model import Project, Step
from .numbers import format_minutes
from .paths import module_page
from .slidetext import WORDS, fit, pack, words
from .templates import render
from .texts import GLOSSARY_LINK
from .view import View, scenario_view

DEFAULT_COLOUR = "#283593"  # a deck's colour when the course names none (deck.css has the same)


@dataclass
class Option:
    """One answer on a vote slide."""

    index: int
    label: str | None  # None on a tally after the slides that showed the answers in full
    correct: bool = False  # a quiz's right answer, marked when the facilitator reveals it

    @property
    def letter(self) -> str:
        return letter(self.index)


@dataclass
class Slide:
    kind: str  # title, text, list, vote, consequence
    title: str
    body: list[str] = field(default_factory=list)  # plain text: paragraphs, items, a title's line
    notes: str = ""  # HTML for the speaker view
    options: list[Option] = field(default_factory=list)
    vote: str = ""  # the slides of one vote share its id, and its tally
    letter: str = ""  # the choice a consequence follows
    effects: list[str] = field(default_factory=list)  # a consequence's changes to the meters
    minutes: float = 1.0  # its weight, until _spread_time shares the module's time out
    seconds: int = 60  # for the speaker view's pacing
    image: dict[str, Any] | None = None  # an image slide's figure (View.figure)

    @property
    def word_count(self) -> int:
        """The words a room reads on the slide, its title included (see slidetext.WORDS)."""
        shown = [self.title, self.letter, *self.effects, *self.body,
                 *(f"{o.letter} {o.label or ''}" for o in self.options)]
        return sum(words(x) for x in shown)


def to_html(text: str) -> str:
    """Markdown of a scenario text -> HTML; glossary links become plain words on a slide."""
    unlinked = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", GLOSSARY_LINK.sub("](#)", text))
    return text_html(unlinked)


def plain(text: str) -> str:
    """A text as plain text with its paragraphs (and list items) apart by blank lines."""
    blocks = re.sub(r"</(p|li|h[1-6]|blockquote|pre)>", "\n\n", to_html(text))
    return re.sub(r"\n{3,}", "\n\n", html.unescape(re.sub(r"<[^>]+>", "", blocks))).strip()


def module_slides(project: Project, sid: str, lang: str) -> list[Slide]:
    s = project.scenarios[sid]
    v = View(s, lang, project.strings[lang])
    ui = project.strings[lang]
    best = dict(project.facts[sid].best or ()) if sid in project.facts else {}
    maker = _Slides(ui, best)
    slides = [Slide("title", v.t("title"), [f"{format_minutes(s.duration, lang)} · "
                                            f"{', '.join(ui[f'role.{r}'] for r in s.roles)}"],
                    notes=to_html(v.t("summary")) + _ask(ui["deck.note_start"]) + _ask(ui["deck.note_keys"])),
              *_lists(ui["objectives"], [v.t(f"objectives.{o}") for o in s.objectives],
                      _ask(ui["deck.note_objectives"])),
              *_texts(ui["situation"], v.t("intro"), to_html(v.t("intro"))),
              *_image(ui["situation"], v.figure("image", s.image))]
    for step in s.steps.values():
        slides.extend(_step_slides(step, v, ui, maker))
    if s.questions:
        slides.extend(_lists(ui["questions"], [v.t(f"questions.{q}") for q in s.questions],
                             to_html(v.t("debrief")) + _ask(ui["deck.note_questions"]), minutes=4))
    if s.takeaways:
        slides.extend(_lists(ui["takeaways"], [v.t(f"takeaways.{t}") for t in s.takeaways],
                             _ask(ui["deck.note_takeaways"])))
    _spread_time(slides, s.duration)
    return slides


def _step_slides(step: Step, v: View, ui: dict[str, str], maker: _Slides) -> list[Slide]:
    """The step's text, then each of its parts (generator/kinds/): the vote first."""
    key = f"steps.{step.id}"
    title = v.t(f"{key}.title")
    text = v.t(f"{key}.text")
    figure = v.figure(f"{key}.image", step.image)
    if step.ending:
        title = f"{ui[f'outcome.{step.ending}']}: {title}"
        return [*_texts(title, text, to_html(text)), *_image(title, figure)]
    out = [*_texts(title, text, to_html(text)), *_image(title, figure)]
    for kind in parts(step, "decision", "activity", "reflection"):
        out.extend(kind.slides(step, title, v, maker))
    for i, c in enumerate(step.choices):
        # After the last slide of the consequence it goes with.
        shown = _image(title, v.figure(f"{key}.choices.{c.id}.image", c.image), letter(i))
        at = max((n for n, sl in enumerate(out) if sl.kind == "consequence" and sl.letter == letter(i)), default=None)
        if shown and at is not None:
            out[at + 1:at + 1] = shown
    return out


@dataclass
class _Slides:
    """The slide makers a kind's slides are made with (kinds.base.Slides), for one module."""

    ui: dict[str, str]
    best_choices: dict[str, Any]  # step -> the choice that keeps trust best

    def lists(self, title: str, items: list[str], notes: str, minutes: float = 1.0) -> list[Slide]:
        return _lists(title, items, notes, minutes)

    def votes(self, vote: str, title: str, labels: list[str], correct: set[int], notes: str) -> list[Slide]:
        return _votes(vote, title, labels, correct, self.ui, notes)

    def consequences(self, title: str, choice: str, effects: list[str], text: str, notes: str) -> list[Slide]:
        return _consequences(title, choice, effects, text, notes)

    def plain(self, text: str) -> str:
        return plain(text)

    def html(self, text: str) -> str:
        return to_html(text)

    def ask(self, text: str) -> str:
        return _ask(text)

    def best(self, step: str) -> str | None:
        found = self.best_choices.get(step)
        return str(found) if found else None


def _texts(title: str, text: str, notes: str, minutes: float = 1.0) -> list[Slide]:
    """A text on as many slides as it takes, in whole sentences; the notes hold it whole."""
    pages = fit(plain(text), WORDS - words(title))
    return [Slide("text", title, page.shown, notes=notes, minutes=minutes / len(pages)) for page in pages]


def _image(title: str, figure: dict[str, Any] | None, choice: str = "") -> list[Slide]:
    """A slide of its own for an image, the alt text and caption in the notes (a room reads
    the picture; the facilitator may want the words)."""
    if figure is None:
        return []
    notes = f"<p>{figure['alt']}</p>" + (f"<p>{figure['caption']}</p>" if figure["caption"] else "")
    return [Slide("image", title, notes=notes, letter=choice, image=figure, minutes=0.5)]


def _lists(title: str, items: list[str], notes: str, minutes: float = 1.0) -> list[Slide]:
    """A list on as many slides as it takes, each item whole (one longer than a slide
    holds goes on in the next item, in whole sentences)."""
    budget = WORDS - words(title)
    parts = [" ".join(page.shown) for item in items for page in fit(plain(item), budget)]
    runs = pack([words(p) for p in parts], budget)
    return [Slide("list", title, parts[start:end], notes=notes, minutes=minutes / len(runs)) for start, end in runs]


def _votes(vote: str, title: str, labels: list[str], correct: set[int], ui: dict[str, str],
           notes: str) -> list[Slide]:
    """The answers of a vote with their tally on one slide; when they are more than a slide
    holds, in full on the slides before it (which count votes too), and the tally by their
    letters. The slides share the vote's id, and so its count."""
    options = [Option(i, label, i in correct) for i, label in enumerate(labels)]
    budget = WORDS - words(title)
    if sum(1 + words(label) for label in labels) <= budget:
        return [Slide("vote", title, notes=notes, options=options, vote=vote, minutes=3)]
    runs = pack([1 + words(label) for label in labels], budget)
    shown = [Slide("vote", title, notes=notes, vote=vote, minutes=1,
                   options=[Option(o.index, o.label) for o in options[start:end]]) for start, end in runs]
    tally = [Option(o.index, None, o.correct) for o in options]
    return [*shown, Slide("vote", ui["deck.tally"], notes=notes, options=tally, vote=vote, minutes=2)]


def _consequences(title: str, choice: str, effects: list[str], text: str, notes: str) -> list[Slide]:
    """What follows one choice: its letter and its changes to the meters over the text,
    on as many slides as the text takes."""
    budget = WORDS - words(title) - 1
    bodies = [page.shown for page in fit(plain(text), budget, budget - sum(words(e) for e in effects))] or [[]]
    return [Slide("consequence", title, body, notes=notes, letter=choice, effects=effects if i == 0 else [],
                  minutes=1.5 / len(bodies)) for i, body in enumerate(bodies)]


def _ask(text: str) -> str:
    return f"<p><em>{text}</em></p>"


def _spread_time(slides: list[Slide], minutes: int) -> None:
    """Share the module's time among the slides by their weight: to the half minute for the
    notes, to the second for the speaker view's pacing."""
    total = sum(sl.minutes for sl in slides) or 1
    for sl in slides:
        share = minutes * sl.minutes / total
        sl.minutes = max(0.5, round(share * 2) / 2)
        sl.seconds = max(1, round(share * 60))


def _looks(project: Project) -> dict[str, str | None]:
    """The course's colour and logo for a deck in slides/: the colour (title slides are
    filled with it), the style that sets it, and the logo's address."""
    identity = project.course.identity
    return {"colour": identity.colour or DEFAULT_COLOUR,
            "style": deck_style(identity.colour) if identity.colour else None,
            "logo": f"../{logo_site_path(identity.logo)}" if identity.logo else None}


def render_deck(project: Project, sid: str, lang: str) -> str:
    """One module's deck: a standalone HTML page using the site's copy of reveal.js."""
    ui = project.strings[lang]
    slides = module_slides(project, sid, lang)
    v = scenario_view(project, sid, lang)
    return clean_between(render("deck.html.j2", lang=lang, dir=direction(lang), ui=ui, title=v.t("title"),
                                slides=slides, back=f"../{module_page(sid).replace('.md', '.html')}",
                                looks=_looks(project)))


def render_workshop_deck(project: Project, wid: str, lang: str) -> str:
    """A workshop's deck: its agenda, then each module's slides in turn, and the breaks."""
    assert project.workshops is not None
    w = project.workshops.workshops[wid]
    ui = project.strings[lang]
    texts = project.workshops.texts.get(lang, {})
    title = texts[f"workshops.{wid}.title"].value if f"workshops.{wid}.title" in texts else wid
    agenda = [f"{scenario_view(project, i.module, lang).t('title')} ({format_minutes(i.minutes, lang)})"
              if i.module else ui["deck.break"].format(minutes=i.minutes) for i in w.agenda]
    slides = [Slide("title", title, [format_minutes(w.minutes, lang)],
                    notes=to_html(texts[f"workshops.{wid}.intro"].value) if f"workshops.{wid}.intro" in texts
                    else _ask(ui["deck.note_agenda"])),
              *_lists(ui["deck.agenda"], agenda, _ask(ui["deck.note_agenda"]), minutes=2)]
    for item in w.agenda:
        if item.module is None:
            slides.append(Slide("title", ui["deck.break"].format(minutes=item.minutes),
                                notes=_ask(ui["deck.note_break"]), minutes=item.minutes, seconds=60 * item.minutes))
            continue
        part = module_slides(project, item.module, lang)
        _spread_time(part, item.minutes)
        slides.extend(part)
    return clean_between(render("deck.html.j2", lang=lang, dir=direction(lang), ui=ui, title=title, slides=slides,
                                back=f"../workshops/{wid}.html", looks=_looks(project)))
