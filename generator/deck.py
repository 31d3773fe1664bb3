"""The model -> reveal.js decks for facilitators, one per module and language.

A deck is built from the same texts as the module's page: short text on the
slide (read from the back of a room), the full text, questions and expected
answers in the speaker notes. Never reads scenario files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .identity import deck_style, logo_site_path
from .markup import clean_between, text_html
from .model import Project, Scenario, Step
from .numbers import format_minutes
from .render import _View, module_page, render
from .strings import ui_strings
from .texts import GLOSSARY_LINK

SLIDES_DIR = "slides"
WORDS_ON_A_SLIDE = 36  # with the title, about 40 words a slide
# The reveal.js and font files a deck loads, copied from node_modules into each language's
# site; the notes plugin is copied with its speaker view in the deck's language (speaker.py).
VENDOR = {
    "reveal.js/dist/reveal.js": "reveal/reveal.js",
    "reveal.js/dist/reveal.css": "reveal/reveal.css",
    "reveal.js/dist/reset.css": "reveal/reset.css",
    **{f"@fontsource/noto-sans/files/noto-sans-{script}-{weight}-normal.woff2":
       f"fonts/noto-sans-{script}-{weight}-normal.woff2"
       for script in ("latin", "latin-ext", "cyrillic", "cyrillic-ext") for weight in (400, 700)},
}
NOTES_PLUGIN = "reveal.js/dist/plugin/notes.js", "reveal/notes.js"
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def deck_page(scenario_id: str) -> str:
    return f"{SLIDES_DIR}/{scenario_id}.html"


@dataclass
class Slide:
    kind: str  # title, text, vote, outcome, list
    title: str
    html: str = ""  # the slide's body
    notes: str = ""  # HTML for the speaker view
    options: list[dict[str, str]] = field(default_factory=list)  # a vote slide's choices
    minutes: float = 1.0


def to_html(text: str) -> str:
    """Markdown of a scenario text -> HTML; glossary links become plain words on a slide."""
    unlinked = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", GLOSSARY_LINK.sub("](#)", text))
    return text_html(unlinked)


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", to_html(text)).strip()


def short(text: str, words: int = WORDS_ON_A_SLIDE) -> str:
    """As many whole sentences of the first paragraph as fit in ``words`` (at least one)."""
    first = plain(text).split("\n\n")[0].replace("\n", " ")
    out: list[str] = []
    for sentence in _SENTENCE_END.split(first):
        if out and len(" ".join([*out, sentence]).split()) > words:
            break
        out.append(sentence)
    return _clip(" ".join(out))


def module_slides(project: Project, sid: str, lang: str) -> list[Slide]:
    s = project.scenarios[sid]
    v = _View(s, lang)
    ui = ui_strings(lang)
    best = dict(project.facts[sid].best or ()) if sid in project.facts else {}
    slides = [Slide("title", v.t("title"), f"<p>{format_minutes(s.duration, lang)} · "
                    f"{', '.join(ui[f'role.{r}'] for r in s.roles)}</p>",
                    notes=to_html(v.t("summary")) + _ask(ui["deck.note_start"])),
              *_lists(ui["objectives"], [v.t(f"objectives.{o}") for o in s.objectives],
                      _ask(ui["deck.note_objectives"])),
              Slide("text", ui["situation"], f"<p>{short(v.t('intro'))}</p>", notes=to_html(v.t("intro")))]
    for step in s.steps.values():
        slides.extend(_step_slides(s, step, v, ui, best))
    if s.questions:
        slides.extend(_lists(ui["questions"], [v.t(f"questions.{q}") for q in s.questions],
                             to_html(v.t("debrief")) + _ask(ui["deck.note_questions"]), minutes=4))
    if s.takeaways:
        slides.extend(_lists(ui["takeaways"], [v.t(f"takeaways.{t}") for t in s.takeaways],
                             _ask(ui["deck.note_takeaways"])))
    _spread_time(slides, s.duration)
    return slides


def _step_slides(s: Scenario, step: Step, v: _View, ui: dict[str, str], best: dict[str, Any]) -> list[Slide]:
    key = f"steps.{step.id}"
    title = v.t(f"{key}.title")
    text = v.t(f"{key}.text")
    if step.ending:
        return [Slide("text", f"{ui[f'outcome.{step.ending}']}: {title}", f"<p>{short(text)}</p>",
                      notes=to_html(text))]
    out = [Slide("text", title, f"<p>{short(text)}</p>", notes=to_html(text))]
    if step.choices:
        options = []
        notes = []
        for i, c in enumerate(step.choices):
            letter = chr(ord("A") + i)
            label = v.t(f"{key}.choices.{c.id}.label")
            effects = " · ".join(v.effect(e) for e in c.effects)
            consequence = v.t(f"{key}.choices.{c.id}.consequence")
            options.append({"letter": letter, "label": plain(label), "effects": effects,
                            "consequence": short(consequence, 25)})
            notes.append(f"<p><strong>{letter}.</strong> {plain(label)}</p>" + to_html(consequence)
                         + to_html(v.t(f"{key}.choices.{c.id}.feedback")))
        expected = ""
        if step.id in best and best[step.id]:
            letter = chr(ord("A") + [c.id for c in step.choices].index(best[step.id]))
            expected = _ask(ui["deck.note_expected"].format(letter=letter))
        out.append(Slide("vote", ui["choices"], options=options, minutes=3,
                         notes=_ask(ui["deck.note_vote"]) + expected + "".join(notes)))
        out.append(Slide("outcome", title, options=options, minutes=2,
                         notes=_ask(ui["deck.note_outcome"]) + "".join(notes)))
    for kind, items in _activity_items(step, v).items():
        out.extend(_lists(title, items, _ask(ui[f"deck.note_{kind}"]), minutes=3))
    if step.prompts:
        out.extend(_lists(ui["reflection"], [v.t(f"{key}.prompts.{p}") for p in step.prompts],
                          _ask(ui["deck.note_prompts"]), minutes=3))
    return out


def _activity_items(step: Step, v: _View) -> dict[str, list[str]]:
    from .model import Assessment, Ordering, Quiz, Spot

    key = f"steps.{step.id}"
    a = step.activity
    if isinstance(a, Quiz):
        return {"quiz": [f"{chr(ord('A') + i)}. {v.t(f'{key}.options.{o}.label')}" for i, o in enumerate(a.options)]}
    if isinstance(a, Ordering):
        from .render import shuffled

        return {"order": [v.t(f"{key}.items.{i}") for i in shuffled(a.items, step.id)]}
    if isinstance(a, Spot):
        return {"spot": [f"{v.t(f'{key}.lines.{x}.speaker')}: {short(v.t(f'{key}.lines.{x}.text'), 12)}"
                         for x in a.lines]}
    if isinstance(a, Assessment):
        return {"assess": [v.t(f"{key}.groups.{g}") for g, _ in a.groups]}
    return {}


def _items(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def _lists(title: str, items: list[str], notes: str, minutes: float = 1.0) -> list[Slide]:
    """A list on as many slides as it takes to keep each within the words a room can read."""
    chunks: list[list[str]] = [[]]
    long_items = []
    for item in items:
        text = plain(item)
        if len(text.split()) > WORDS_ON_A_SLIDE:  # shown in part; the notes hold it whole
            long_items.append(f"<p>{text}</p>")
            text = _clip(short(item))
        if chunks[-1] and len(" ".join([*chunks[-1], text]).split()) > WORDS_ON_A_SLIDE:
            chunks.append([])
        chunks[-1].append(text)
    notes += "".join(long_items)
    return [Slide("list", title, _items(chunk), notes=notes, minutes=minutes / len(chunks)) for chunk in chunks]


def _clip(text: str) -> str:
    words = text.split()
    return text if len(words) <= WORDS_ON_A_SLIDE else " ".join(words[:WORDS_ON_A_SLIDE - 1]) + " …"


def _ask(text: str) -> str:
    return f"<p><em>{text}</em></p>"


def _spread_time(slides: list[Slide], minutes: int) -> None:
    """Share the module's time among the slides by their weight, for the notes' timing."""
    total = sum(sl.minutes for sl in slides) or 1
    for sl in slides:
        sl.minutes = max(0.5, round(minutes * sl.minutes / total * 2) / 2)


def direction(lang: str) -> str:
    """rtl for a language written right to left (Arabic, Hebrew, ...), from the locale data."""
    from babel import Locale

    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


def _looks(project: Project) -> dict[str, str | None]:
    """The course's colour and logo for a deck in slides/: its style, and its logo's address."""
    identity = project.course.identity
    return {"style": deck_style(identity.colour) if identity.colour else None,
            "logo": f"../{logo_site_path(identity.logo)}" if identity.logo else None}


def render_deck(project: Project, sid: str, lang: str) -> str:
    """One module's deck: a standalone HTML page using the site's copy of reveal.js."""
    ui = ui_strings(lang)
    slides = module_slides(project, sid, lang)
    v = _View(project.scenarios[sid], lang)
    return clean_between(render("deck.html.j2", lang=lang, dir=direction(lang), ui=ui, title=v.t("title"),
                                slides=slides, back=f"../{module_page(sid).replace('.md', '.html')}",
                                looks=_looks(project)))


def workshop_deck_page(wid: str) -> str:
    return f"{SLIDES_DIR}/workshop-{wid}.html"


def render_workshop_deck(project: Project, wid: str, lang: str) -> str:
    """A workshop's deck: its agenda, then each module's slides in turn, and the breaks."""
    assert project.workshops is not None
    w = project.workshops.workshops[wid]
    ui = ui_strings(lang)
    texts = project.workshops.texts.get(lang, {})
    title = texts[f"workshops.{wid}.title"].value if f"workshops.{wid}.title" in texts else wid
    agenda = [(_View(project.scenarios[i.module], lang).t("title") if i.module
               else ui["deck.break"].format(minutes=i.minutes)) + f" ({i.minutes})" for i in w.agenda]
    slides = [Slide("title", title, f"<p>{format_minutes(w.minutes, lang)}</p>",
                    notes=to_html(texts[f"workshops.{wid}.intro"].value) if f"workshops.{wid}.intro" in texts
                    else _ask(ui["deck.note_agenda"])),
              *_lists(ui["deck.agenda"], agenda, _ask(ui["deck.note_agenda"]), minutes=2)]
    for item in w.agenda:
        if item.module is None:
            slides.append(Slide("title", ui["deck.break"].format(minutes=item.minutes),
                                notes=_ask(ui["deck.note_break"]), minutes=item.minutes))
            continue
        part = module_slides(project, item.module, lang)
        _spread_time(part, item.minutes)
        slides.extend(part)
    return clean_between(render("deck.html.j2", lang=lang, dir=direction(lang), ui=ui, title=title, slides=slides,
                                back=f"../workshops/{wid}.html", looks=_looks(project)))
