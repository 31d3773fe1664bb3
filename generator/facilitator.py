"""The model -> the facilitator's pages: workshop agendas and guides, handouts to
print, and the walkthrough of every path for a clinical lead's sign-off."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from html import escape as html_escape
from typing import Any

from babel.numbers import format_decimal

from .diagram import render_svg, scenario_graph
from .graph import Visit, rounded, state_graph
from .headings import fit_headings
from .kinds import parts
from .languages import direction, own_name
from .markup import clean_between, text_html
from .model import Handout, Ordering, Project, Scenario, Step
from .numbers import format_minutes
from .paths import WALKTHROUGH_INDEX, guide_page, handout_page, workshop_page
from .review import MAX_ROWS, WORDS_A_MINUTE, Flag, findings, flags_of, text_words
from .templates import render
from .view import View, glossary_links, scenario_view

DIAGRAM_SLOT = "<!-- training:diagram -->"
# The most steps a sheet draws as a diagram: the real modules have a dozen; a long chain
# would be a drawing thousands of boxes tall, and its layout takes minutes.
MAX_DIAGRAM_STEPS = 80


def facilitator_pages(project: Project, lang: str) -> dict[str, str]:
    """Every facilitator page of one language, by its path in the site."""
    pages = {WALKTHROUGH_INDEX: render_walkthrough_index(project, lang)}
    if project.workshops is not None:
        for wid in project.workshops.workshops:
            pages[workshop_page(wid)] = render_workshop(project, wid, lang)
            pages[guide_page(wid)] = render_guide(project, wid, lang)
        for hid in project.workshops.handouts:
            pages[handout_page(hid)] = render_handout(project, hid, lang)
    return pages


def _text(project: Project, lang: str, key: str) -> str:
    assert project.workshops is not None
    value = project.workshops.texts.get(lang, {}).get(key)
    return glossary_links(value.value.strip(), "../") if value else ""


def _title(project: Project, sid: str, lang: str) -> str:
    return scenario_view(project, sid, lang).t("title")


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def render_workshop(project: Project, wid: str, lang: str) -> str:
    assert project.workshops is not None
    w = project.workshops.workshops[wid]
    ui = project.strings[lang]
    rows, start = [], 0
    for item in w.agenda:
        end = start + item.minutes
        rows.append({"time": f"{_clock(start)}–{_clock(end)}", "minutes": item.minutes,
                     "module": item.module, "title": _title(project, item.module, lang) if item.module else ""})
        start = end
    materials = [{"id": m, "title": _text(project, lang, f"handouts.{m}.title")} for m in w.materials]
    return render("workshop.md.j2", ui=ui, id=wid, title=_text(project, lang, f"workshops.{wid}.title"),
                  intro=_text(project, lang, f"workshops.{wid}.intro"), rows=rows, materials=materials,
                  time=format_minutes(w.minutes, lang), group=f"{w.group[0]}–{w.group[1]}",
                  roles=", ".join(ui[f"role.{r}"] for r in w.roles))


def render_guide(project: Project, wid: str, lang: str) -> str:
    assert project.workshops is not None
    w = project.workshops.workshops[wid]
    modules = []
    for item in w.agenda:
        if item.module is None:
            continue
        v = scenario_view(project, item.module, lang)
        s = project.scenarios[item.module]
        modules.append({"id": item.module, "title": v.t("title"), "minutes": format_minutes(item.minutes, lang),
                        "objectives": [v.t(f"objectives.{o}") for o in s.objectives],
                        "questions": [v.t(f"questions.{q}") for q in s.questions]})
    return render("guide.md.j2", ui=project.strings[lang], id=wid, title=_text(project, lang, f"workshops.{wid}.title"),
                  guide=fit_headings(_text(project, lang, f"workshops.{wid}.guide"), top=2), modules=modules)


def render_handout(project: Project, hid: str, lang: str) -> str:
    assert project.workshops is not None
    h: Handout = project.workshops.handouts[hid]
    values: dict[str, Any] = {"cards": [], "checklist": [], "worksheets": []}
    for card in h.cards:
        values["cards"].append({"title": _text(project, lang, f"handouts.{hid}.cards.{card}.title"),
                                "text": _text(project, lang, f"handouts.{hid}.cards.{card}.text")})
    if h.checklist:
        sid, step_id = h.checklist
        step = project.scenarios[sid].steps[step_id]
        assert isinstance(step.activity, Ordering)
        v = scenario_view(project, sid, lang)
        values["checklist"] = [v.t(f"steps.{step_id}.items.{i}") for i in step.activity.items]
    number = 1  # one count for the whole sheet, so "question 7" names one question in the room
    for sid, keys in worksheet_questions(project, h):
        v = scenario_view(project, sid, lang)
        values["worksheets"].append({"title": v.t("title"), "start": number,
                                     "questions": [{"text": v.t(key), "lines": lines} for key, lines in keys]})
        number += len(keys)
    module = _title(project, h.module, lang) if h.module else ""
    return render("handout.md.j2", ui=project.strings[lang], title=_text(project, lang, f"handouts.{hid}.title"),
                  intro=_text(project, lang, f"handouts.{hid}.intro"), module=module,
                  fields=bool(h.checklist or h.prompts), **values)


SIMILAR = 0.85  # difflib's ratio at which two normalised questions count as one
LINES = (3, 4, 6)  # room to write for a question of one, two, three or more sentences


def worksheet_questions(project: Project, h: Handout) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per module of a worksheet, its questions' text keys and the lines to write on: its
    steps' prompts, then its discussion questions, each asked once.

    A discussion question with the id of one of the module's prompts is that prompt put to
    the team (the author named them alike), and any question that repeats an earlier one of
    the sheet, by ``repeats``, is left out: the first one asked stays. Both, and the room to
    write, are judged on the course's own language, so every language's sheet has the same
    questions under the same numbers on the same number of lines."""
    source = project.course.default_language
    asked: list[str] = []
    sheet = []
    for sid in h.prompts:
        s = project.scenarios[sid]
        v = View(s, source, project.strings[source])
        prompt_ids = {p for st in s.steps.values() for p in st.prompts}
        keys = [f"steps.{st.id}.prompts.{p}" for st in s.steps.values() for p in st.prompts]
        keys += [f"questions.{q}" for q in s.questions if q not in prompt_ids]
        kept = []
        for key in keys:
            text = v.t(key)
            if not any(repeats(text, earlier) for earlier in asked):
                asked.append(text)
                sentences = len(re.findall(r"[.?!…](?=\s|$)", text)) or 1
                kept.append((key, LINES[min(sentences, len(LINES)) - 1]))
        if kept:  # a module whose every question was asked before gets no heading of its own
            sheet.append((sid, kept))
    return sheet


def _words(text: str) -> str:
    """A question's words alone: no link targets, punctuation or case."""
    return " ".join(re.sub(r"[^\w\s]", " ", re.sub(r"\]\([^)]*\)", "]", text).casefold()).split())


def repeats(text: str, earlier: str) -> bool:
    """True when ``text`` asks what ``earlier`` asked: the same words but for a few letters,
    or one of the two is the other with more added at its end ("Why do we exist?" and
    "Why do we exist? What would be missing...")."""
    a, b = _words(text), _words(earlier)
    short, long = sorted((a, b), key=len)
    return (long == short or long.startswith(short + " ")
            or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR)


def render_walkthrough_index(project: Project, lang: str) -> str:
    ui = project.strings[lang]
    rows = []
    for sid, scenario in project.scenarios.items():
        facts = project.facts.get(sid)
        graph = state_graph(scenario)
        flags = flags_of(scenario, graph, *text_words(scenario, lang)) if graph else []
        rows.append({"id": sid, "title": _title(project, sid, lang), "paths": path_count(facts.paths if facts else 1,
                                                                                         lang, ui),
                     "version": scenario.versions.get(lang, ""),
                     "open": sum(1 for f in flags if not f.accepted), "accepted": sum(1 for f in flags if f.accepted)})
    return render("walkthroughs.md.j2", ui=ui, rows=rows)


def render_walkthrough(project: Project, sid: str, lang: str) -> str:
    """The sign-off sheet: a header to fill in with the version it approves, the review
    flags, the scenario as a diagram and as a decision table, every step in full once,
    the few paths that together take every choice and reach every ending (with the
    meters after each step), and each ending's range of every meter.

    Not every path: a module has hundreds, more than anyone reads (and a large one
    billions), and the covering paths of a long one would be millions of rows: at most
    MAX_ROWS rows of paths are printed, and the choices and endings on none of them are
    named. A standalone page, each text converted once."""
    s = project.scenarios[sid]
    v = View(s, lang, project.strings[lang])
    html = _html_cache()
    ui = project.strings[lang]
    number = {step_id: n for n, step_id in enumerate(s.steps, start=1)}
    titles = {step_id: v.t(f"steps.{step_id}.title") for step_id in s.steps}
    letters = {(step_id, c.id): chr(ord("A") + i) for step_id, step in s.steps.items()
               for i, c in enumerate(step.choices)}
    steps: list[dict[str, Any]] = []
    for step_id, step in s.steps.items():
        key = f"steps.{step_id}"
        detail = _activity_markdown(step, v, ui)
        choices = []
        for c in step.choices:
            texts = {part: v.t(f"{key}.choices.{c.id}.{part}") for part in ("label", "consequence", "feedback")}
            choices.append({"letter": letters[step_id, c.id], "id": c.id,
                            "effects": ", ".join(v.effect(e) for e in c.effects),
                            "to": f"{number[c.to]}. {titles[c.to]}", "when": bool(c.when),
                            "label": html(texts["label"]).removeprefix("<p>").removesuffix("</p>"),
                            "consequence": html(texts["consequence"]),
                            "feedback": html(texts["feedback"]) if texts["feedback"] else "",
                            "image": v.figure(f"{key}.choices.{c.id}.image", c.image)})
        way = (f"{number[step.next]}. {titles[step.next]}" if step.next else "")
        steps.append({"id": step_id, "n": number[step_id], "title": titles[step_id],
                      "text": html(v.t(f"{key}.text")), "activity": html(detail) if detail else "",
                      "image": v.figure(f"{key}.image", step.image),
                      "ending": ui[f"outcome.{step.ending}"] if step.ending else "", "outcome": step.ending,
                      "choices": choices, "next": way,
                      "otherwise": f"{number[step.otherwise]}. {titles[step.otherwise]}" if step.otherwise else ""})
    graph = state_graph(s)
    assert graph is not None, "validation passed"
    found = findings(s, graph, *text_words(s, lang))

    def route(path: tuple[Visit, ...] | list[Visit]) -> str:
        return " → ".join(f"{number[x.step]}{letters.get((x.step, x.choice or ''), '')}" for x in path)

    paths = [{"route": route(path), "ending": ui[f"outcome.{s.steps[path[-1].step].ending}"],
              "rows": [{"n": number[x.step], "title": titles[x.step],
                        # The letter only: the decision table above gives each choice's words.
                        "choice": letters[x.step, x.choice] if x.choice else "",
                        "meters": [_value(v, x.meters[m], s.meters[m].currency) for m in s.meters]}
                       for x in path]}
             for path in found.paths]
    flags = [{"id": f.id, "text": _flag_text(f, s, v, ui, number, titles, letters), "route": route(f.path),
              "accepted": f.accepted} for f in found.flags]
    endings = [{"n": number[e], "title": titles[e], "outcome": ui[f"outcome.{s.steps[e].ending}"],
                "paths": path_count(project.facts[sid].endings.get(e, 0) if sid in project.facts else 0, lang, ui),
                "ranges": ", ".join(f"{v.t(f'meters.{m}')} {_range(v, s.meters[m].currency, lo, hi)}"
                                    for m, (lo, hi) in found.ranges.get(e, {}).items())}
               for e, step in s.steps.items() if step.ending]
    # How many paths, and what the ones printed below take: all there is, or all but what is named after them.
    count = ui["sign.paths_count" if not found.left_out else "sign.paths_part" if paths else "sign.paths_none"].format(
        total=path_count(project.facts[sid].paths if sid in project.facts else len(found.paths), lang, ui),
        shown=len(paths), rows=format_decimal(MAX_ROWS, locale=lang))
    drawn = len(s.steps) <= MAX_DIAGRAM_STEPS
    # The diagram goes in after the page is cleaned (the cleaner keeps no SVG): its text is escaped where it is drawn.
    page = clean_between(render(
        "walkthrough.html.j2", ui=ui, lang=lang, dir=direction(lang), title=v.t("title"), id=sid,
        version=s.versions.get(lang, ""), language=own_name(lang),
        stated=format_minutes(s.duration, lang),
        shortest=format_minutes(max(1, round(found.shortest_words / WORDS_A_MINUTE)), lang),
        count=count, paths=paths, rows=format_decimal(MAX_ROWS, locale=lang),
        left_choices=[f"{number[a]}{letters[a, b]}" for a, b in found.left_out if b],
        left_endings=[f"{number[a]}. {titles[a]}" for a, b in found.left_out if b is None],
        flags=flags, steps=steps, endings=endings, meters=[v.t(f"meters.{m}") for m in s.meters],
        image=v.figure("image", s.image),
        unreachable=[f"{number[a]}{letters[a, b]}" for a, b in found.unreachable if b],
        drawn=drawn, undrawn=ui["sign.no_diagram"].format(steps=format_decimal(len(s.steps), locale=lang),
                                                          limit=MAX_DIAGRAM_STEPS),
    ))
    return page.replace(DIAGRAM_SLOT, render_svg(*scenario_graph(s, titles), ui["sign.diagram"]), 1) if drawn else page


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def path_count(n: int, lang: str, ui: dict[str, str]) -> str:
    """A number of paths as a reader can take it in: in full, or when it runs to more
    digits than that, "about 1.1 × 10⁶⁰²"."""
    if (about := rounded(n)) is None:
        return format_decimal(n, locale=lang)
    m, e = about
    return ui["sign.about"].format(
        n=f"{format_decimal(m, format='0.0', locale=lang)} × 10"
          f"{str(e).translate(SUPERSCRIPT)}")


def _value(v: View, value: int | None, currency: str | None) -> str:
    return "–" if value is None else v.amount(value, currency)


def _range(v: View, currency: str | None, low: int, high: int) -> str:
    return v.amount(low, currency) if low == high else f"{v.amount(low, currency)}–{v.amount(high, currency)}"


def _flag_text(f: Flag, s: Scenario, v: View, ui: dict[str, str], number: dict[str, int],
               titles: dict[str, str], letters: dict[tuple[str, str], str]) -> str:
    """A flag's message in the sheet's language, every name and amount as the module shows them."""
    x = dict(f.values)
    if "meter" in x:
        currency = s.meters[x["meter"]].currency
        x.update({k: v.amount(x[k], currency) for k in ("start", "lowest", "limit", "agreed", "highest") if k in x})
        x["meter"] = v.t(f"meters.{x['meter']}")
    if "ending" in x:
        x["ending"] = f"{number[x['ending']]}. {titles[x['ending']]}"
    if "step" in x:
        step = x["step"]
        x.update(first=letters[step, x["first"]], second=letters[step, x["second"]],
                 step=f"{number[step]}. {titles[step]}")
    return html_escape(ui[f"sign.flag_{f.kind}"].format(**x))


def _activity_markdown(step: Step, v: View, ui: dict[str, str]) -> str:
    """An activity's options, items or lines with their answers and explanations, and the
    step's prompts, as Markdown (each kind's lines: generator/kinds/)."""
    return "\n".join(line for kind in parts(step, "activity", "reflection") for line in kind.walkthrough(step, v))


def _html_cache() -> Callable[[str], str]:
    """Markdown -> HTML, each distinct text converted once: a path repeats its steps' texts."""
    @functools.cache
    def html(text: str) -> str:
        unlinked = re.sub(r"\]\((\.\./)?glossary\.md#", "](../glossary.html#", text)
        return text_html(unlinked)

    return html
