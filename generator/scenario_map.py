"""A scenario as a map for its authors, made in the preview alone (``make serve``).

Steps are nodes, choices labelled arrows with their effects, endings drawn by kind
(shape and words), conditions and each ending's meter ranges written on them, and
every problem the validator found in the module marked on the step it is at. Each
step is a link to its texts in every course language, side by side, each said to be
current, stale, missing or an untranslated copy. No script: a step's link opens its
texts by the page's fragment (``:target``), which a keyboard follows as well.

Graphviz's ``dot`` lays the graph out (README.md, "Scenario map", compares it with
igraph's layered layout); this module draws the SVG itself from dot's coordinates,
so every text from a scenario file goes in escaped, and each step is a focusable link.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Literal

from .facilitator import path_count
from .graph import state_graph
from .languages import direction, own_name
from .markup import plain_html, text_html
from .model import Pos, Project, Scenario, Text
from .problems import Problem, display_path
from .review import ending_ranges, flags_of, text_words
from .templates import render
from .view import View

TextState = Literal["current", "stale", "missing", "copy"]
DOT_TIMEOUT = 60  # seconds; dot lays out a few hundred steps in well under one
DPI = 72  # dot's points per inch
WRAP = 24  # characters of a step's title on one line of its box
LABEL = 30  # characters of a choice's label on an arrow
LINE_H = 15  # pixels between lines of text in a box
TITLE = ' class="title"'
SHAPES = {"good": "pill", "mixed": "hexagon", "bad": "octagon"}


class NoDot(Exception):
    """Graphviz's ``dot`` is not installed, or failed: the message says what to do."""


def text_state(text: Text | None) -> TextState:
    """What a language's text is, as the check found it (a copy, which the preview shows
    as missing, is named for what it is: i18n.mark_stale)."""
    if text is not None and text.copy:
        return "copy"
    if text is None or text.fallback_from:
        return "missing"
    if text.stale:
        return "stale"
    return "current"


@dataclass
class MapNode:
    id: str
    lines: list[str]  # what the box says, plain text, the title first
    shape: str  # box, pill, hexagon, octagon
    outcome: str | None
    label: str  # the link's accessible name
    problems: list[Problem] = field(default_factory=list)
    heading: int = 1  # how many of the lines are the title


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    choice: str | None  # None: next, or otherwise
    lines: tuple[str, ...]  # the label: the choice's words, its effects, its condition
    dashed: bool = False


def plain(markdown: str) -> str:
    """A text's Markdown as one line of plain text (unescaped: it is escaped where drawn)."""
    return " ".join(html.unescape(plain_html(text_html(markdown))).split())


def short(text: str, width: int) -> str:
    return textwrap.shorten(text, width, placeholder="…") if len(text) > width else text


def module_problems(s: Scenario, problems: Sequence[Problem]) -> list[Problem]:
    """The problems found in the module's own folder."""
    folder = s.folder.resolve()
    return [p for p in problems if p.pos.file.resolve().is_relative_to(folder)]


def place_problems(s: Scenario, problems: Sequence[Problem]) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Each problem on the step it is at: where it is written (a step, a choice, its
    link, effect or condition, or one of the step's texts), else the step or choice its
    message names, else inside a step's lines of scenario.yml. The rest is the module's."""
    at: dict[tuple[str, int], str] = {}
    spans: list[tuple[Path, int, int, str]] = []
    for sid, step in s.steps.items():
        poses = [step.pos, step.next_pos, step.otherwise_pos, *(c.pos for c in step.when)]
        for ch in step.choices:
            poses += [ch.pos, ch.to_pos, *(e.pos for e in ch.effects), *(c.pos for c in ch.when)]
        known = [p for p in poses if p is not None]
        for p in known:
            at[_where(p)] = sid
        spans.append((known[0].file.resolve(), step.pos.line, max(p.line for p in known), sid))
    for texts in s.texts.values():
        for key, text in texts.items():
            if key.startswith("steps.") and not text.fallback_from:
                at.setdefault(_where(text.pos), key.split(".")[1])
    placed: dict[str, list[Problem]] = {}
    rest: list[Problem] = []
    for problem in problems:
        found = at.get(_where(problem.pos)) or _named(s, problem.message) or next(
            (sid for file, low, high, sid in spans
             if file == problem.pos.file.resolve() and low <= problem.pos.line <= high), None)
        if found is None:
            rest.append(problem)
        else:
            placed.setdefault(found, []).append(problem)
    return placed, rest


def _where(pos: Pos) -> tuple[str, int]:
    return str(pos.file.resolve()), pos.line


def _named(s: Scenario, message: str) -> str | None:
    """The step a message is about, by the text key or the step or choice it quotes."""
    for sid in s.steps:
        if f"'steps.{sid}." in message or f"step '{sid}'" in message or f"choice '{sid}/" in message:
            return sid
    return None


def scenario_nodes(s: Scenario, v: View, ranges: dict[str, dict[str, tuple[int, int]]],
                   placed: dict[str, list[Problem]]) -> tuple[list[MapNode], list[MapEdge]]:
    """The steps as nodes (numbered in file order) and their ways on as edges, in words."""
    ui = v.ui
    number = {sid: n for n, sid in enumerate(s.steps, start=1)}
    nodes, edges = [], []
    for sid, step in s.steps.items():
        title = f"{number[sid]}. {plain(v.t(f'steps.{sid}.title')) or sid}"
        lines = textwrap.wrap(title, WRAP, max_lines=2, placeholder="…")
        heading = len(lines)
        kind = ui[f"outcome.{step.ending}"] if step.ending else ui.get(f"map.kind.{step.kind}", step.kind)
        lines.append(f"{ui['map.start']} · {kind}" if sid == s.start else kind)
        if step.when:
            lines += textwrap.wrap(ui["map.if"].format(condition=plain(v.conditions(step.when))), WRAP + 6,
                                   max_lines=2, placeholder="…")
        if step.ending:
            for meter, (low, high) in ranges.get(sid, {}).items():
                currency = s.meters[meter].currency
                shown = v.amount(low, currency) if low == high else \
                    f"{v.amount(low, currency)}–{v.amount(high, currency)}"
                lines.append(short(f"{plain(v.t(f'meters.{meter}')) or meter}: {shown}", WRAP + 8))
        found = placed.get(sid, [])
        if found:
            lines.append(ui["map.problem_count"].format(n=len(found)))
        shape = SHAPES[step.ending] if step.ending else "box"
        nodes.append(MapNode(sid, lines, shape, step.ending, " · ".join([title, *lines[heading:]]),
                             found, heading))
        for i, ch in enumerate(step.choices):
            label = short(plain(v.t(f"steps.{sid}.choices.{ch.id}.label")) or ch.id, LABEL)
            parts = [f"{chr(ord('A') + i)}: {label}"]
            if ch.effects:
                parts += textwrap.wrap(", ".join(plain(v.effect(e)) for e in ch.effects), LABEL + 6, max_lines=2,
                                       placeholder="…")
            if ch.when:
                parts += textwrap.wrap(ui["map.if"].format(condition=plain(v.conditions(ch.when))), LABEL + 6,
                                       max_lines=2, placeholder="…")
            edges.append(MapEdge(sid, ch.to, ch.id, tuple(parts)))
        if step.next:
            edges.append(MapEdge(sid, step.next, None, ()))
        if step.otherwise:
            edges.append(MapEdge(sid, step.otherwise, None, (ui["map.otherwise"],), dashed=True))
    # A way to a step that is not there (a preview with errors) has nowhere to be drawn
    # to; its problem is marked on the step it leaves.
    return nodes, [e for e in edges if e.target in s.steps]


# --- layout -----------------------------------------------------------------------------

def node_size(n: MapNode) -> tuple[float, float]:
    """A box's width and height in pixels, for its lines."""
    width = max(150, 7.2 * max(len(line) for line in n.lines) + 28)
    return width, LINE_H * len(n.lines) + 22


def dot_source(nodes: list[MapNode], edges: list[MapEdge]) -> str:
    """The graph for dot: nodes by number (a scenario's ids never reach dot), sized as drawn."""
    index = {n.id: i for i, n in enumerate(nodes)}
    out = ['digraph map {', 'graph [rankdir=TB, nodesep=0.35, ranksep=0.55, splines=spline];',
           'node [shape=box, fixedsize=true, label=""];', 'edge [fontsize=11, fontname="Helvetica"];']
    for i, n in enumerate(nodes):
        w, h = node_size(n)
        out.append(f'n{i} [width={w / DPI:.3f}, height={h / DPI:.3f}];')
    for j, e in enumerate(edges):
        label = "\\n".join(json.dumps(line, ensure_ascii=True)[1:-1] for line in e.lines)
        out.append(f'n{index[e.source]} -> n{index[e.target]} [id="e{j}", label="{label}"];')
    return "\n".join(out) + "\n}\n"


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    nodes: list[tuple[float, float]]  # each node's centre
    edges: list[tuple[str, tuple[float, float] | None]]  # each edge's SVG path and its label's centre


def dot_layout(nodes: list[MapNode], edges: list[MapEdge]) -> Layout:
    """Where dot puts each node and each edge, in pixels from the top left."""
    dot = shutil.which("dot")
    if dot is None:
        raise NoDot("Graphviz's dot is not installed, so the scenario maps cannot be drawn: run 'make serve' "
                    "(it installs it), or 'apt-get install graphviz'")
    try:
        done = subprocess.run([dot, "-Tjson"], input=dot_source(nodes, edges), capture_output=True, text=True,
                              timeout=DOT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as err:
        raise NoDot(f"dot took over {DOT_TIMEOUT} s to lay the scenario out: split the module") from err
    if done.returncode != 0:
        raise NoDot(f"dot failed: {done.stderr.strip()[:300]}")
    data: dict[str, Any] = json.loads(done.stdout)
    _, _, _, top = (float(x) for x in data["bb"].split(","))
    margin = 16.0

    def point(text: str) -> tuple[float, float]:
        x, y = text.split(",")[-2:]
        return float(x) + margin, top - float(y) + margin

    centres = [point(o["pos"]) for o in data["objects"][: len(nodes)]]
    placed: dict[int, tuple[str, tuple[float, float] | None]] = {}
    for e in data.get("edges", []):
        parts = e["pos"].split()
        tip = point(parts[0]) if parts[0].startswith("e,") else None
        curve = [point(p) for p in parts if not p.startswith(("e,", "s,"))]
        d = f"M{curve[0][0]:.1f},{curve[0][1]:.1f} C" + " ".join(f"{x:.1f},{y:.1f}" for x, y in curve[1:])
        if tip is not None:
            d += f" L{tip[0]:.1f},{tip[1]:.1f}"
        placed[int(e["id"][1:])] = (d, point(e["lp"]) if "lp" in e else None)
    width, height = (float(x) for x in data["bb"].split(",")[2:])
    return Layout(width + 2 * margin, height + 2 * margin, centres, [placed[j] for j in range(len(edges))])


# --- drawing ----------------------------------------------------------------------------

def _shape(n: MapNode, x: float, y: float) -> str:
    w, h = node_size(n)
    left, right, up, down = x - w / 2, x + w / 2, y - h / 2, y + h / 2
    if n.shape == "box":
        return f'<rect class="shape" x="{left:.1f}" y="{up:.1f}" width="{w:.1f}" height="{h:.1f}" rx="4"/>'
    if n.shape == "pill":
        return (f'<rect class="shape" x="{left:.1f}" y="{up:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'rx="{h / 2:.1f}"/><rect class="inner" x="{left + 4:.1f}" y="{up + 4:.1f}" width="{w - 8:.1f}" '
                f'height="{h - 8:.1f}" rx="{h / 2 - 4:.1f}"/>')
    cut = 14 if n.shape == "hexagon" else 12
    if n.shape == "hexagon":
        pts = [(left, y), (left + cut, up), (right - cut, up), (right, y), (right - cut, down), (left + cut, down)]
    else:
        pts = [(left + cut, up), (right - cut, up), (right, up + cut), (right, down - cut), (right - cut, down),
               (left + cut, down), (left, down - cut), (left, up + cut)]
    return '<polygon class="shape" points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + '"/>'


def draw_svg(nodes: list[MapNode], edges: list[MapEdge], layout: Layout, title: str) -> str:
    """The map as SVG: each step a link to its texts, each choice an arrow with its words."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="group" aria-labelledby="map-title" '
           f'viewBox="0 0 {layout.width:.0f} {layout.height:.0f}" width="{layout.width:.0f}" '
           f'height="{layout.height:.0f}"><title id="map-title">{escape(title)}</title>',
           '<defs><marker id="tip" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
           'orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    for e, (d, label_at) in zip(edges, layout.edges, strict=True):
        ident = f"edge-{e.source}--{e.choice}" if e.choice else f"edge-{e.source}--to--{e.target}"
        kind = "otherwise" if e.dashed else "choice" if e.choice else "next"
        attrs = (f'class="edge {kind}" id="{escape(ident)}" data-step="{escape(e.source)}" '
                 f'data-to="{escape(e.target)}"' + (f' data-choice="{escape(e.choice)}"' if e.choice else ""))
        label = ""
        if e.lines and label_at is not None:
            lx, ly = label_at
            top = ly - LINE_H * (len(e.lines) - 1) / 2 + 4
            spans = "".join(f'<tspan x="{lx:.1f}" y="{top + i * LINE_H:.1f}">{escape(line)}</tspan>'
                            for i, line in enumerate(e.lines))
            label = f'<text class="label">{spans}</text>'
        out.append(f'<g {attrs}><path d="{d}" marker-end="url(#tip)"/>{label}</g>')
    for n, (x, y) in zip(nodes, layout.nodes, strict=True):
        kind = f" ending {n.outcome}" if n.outcome else ""
        warn = " has-problems" if n.problems else ""
        top = y - LINE_H * (len(n.lines) - 1) / 2 + 4
        spans = "".join(f'<tspan x="{x:.1f}" y="{top + i * LINE_H:.1f}"{TITLE if i < n.heading else ""}>'
                        f'{escape(line)}</tspan>' for i, line in enumerate(n.lines))
        out.append(f'<a href="#step-{escape(n.id)}" id="node-{escape(n.id)}" class="node{kind}{warn}" '
                   f'data-step="{escape(n.id)}" data-shape="{n.shape}" aria-label="{escape(n.label)}">'
                   f'{_shape(n, x, y)}<text>{spans}</text></a>')
    return "".join(out) + "</svg>"


# --- the pages --------------------------------------------------------------------------

def render_map(project: Project, sid: str, lang: str, problems: Sequence[Problem] = ()) -> str:
    """The map page of module ``sid`` in ``lang``: the drawing, the module's problems,
    path count and review flags, and every step's texts in every course language."""
    s = project.scenarios[sid]
    ui = project.strings[lang]
    v = View(s, lang, ui, ext=".html")
    own = module_problems(s, problems)
    placed, rest = place_problems(s, own)
    # A module whose paths could not be walked (a preview with errors) is drawn without them.
    graph = state_graph(s) if sid in project.facts else None
    ranges = ending_ranges(s, graph) if graph is not None else {}
    nodes, edges = scenario_nodes(s, v, ranges, placed)
    title = plain(v.t("title")) or sid
    try:
        svg, missing_dot = draw_svg(nodes, edges, dot_layout(nodes, edges), ui["map.title"] + ": " + title), ""
    except NoDot as err:
        svg, missing_dot = "", str(err)
    facts = project.facts.get(sid)
    flags = flags_of(s, graph, *text_words(s, project.course.default_language)) if graph is not None else []
    root = s.folder.parent.parent
    steps = [{"id": n.id, "title": n.label.split(" · ")[0], "lines": n.lines[n.heading:],
              "problems": [_problem(p, root) for p in n.problems], "texts": _texts(project, s, n.id)}
             for n in nodes]
    return render("map.html.j2", ui=ui, lang=lang, dir=direction(lang), id=sid, title=title, svg=svg,
                  missing_dot=missing_dot, rest=[_problem(p, root) for p in rest], steps=steps,
                  paths=path_count(facts.paths, lang, ui) if facts else "–",
                  flags=[{"id": f.id, "accepted": f.accepted} for f in flags])


def _problem(p: Problem, root: Path) -> dict[str, str]:
    return {"where": f"{display_path(p.pos.file, root)}:{p.pos.line}:{p.pos.col}", "message": p.message,
            "severity": p.severity}


def _texts(project: Project, s: Scenario, sid: str) -> list[dict[str, Any]]:
    """The step's texts (its own, its choices'), each in every course language with its state."""
    languages = project.course.languages
    prefix = f"steps.{sid}."
    keys = list(dict.fromkeys(k for lang in languages for k in s.texts.get(lang, {}) if k.startswith(prefix)))
    out = []
    for key in keys:
        cells = []
        for lang in languages:
            text = s.text(lang, key)
            state = text_state(text)
            cells.append({"lang": lang, "name": own_name(lang), "state": state, "dir": direction(lang),
                          "value": _paragraphs(text.value) if text is not None and (text.copy or not text.fallback_from)
                          else ""})
        out.append({"key": key.removeprefix(prefix), "cells": cells})
    return out


def _paragraphs(markdown: str) -> str:
    """The text as written, its lines within a paragraph joined (the page wraps them itself)."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", markdown.strip())


def render_map_index(project: Project, lang: str) -> str:
    """The list of the modules' maps."""
    ui = project.strings[lang]
    modules = [{"id": sid, "title": plain(View(s, lang, ui).t("title")) or sid}
               for sid, s in project.scenarios.items()]
    if shutil.which("dot") is None:
        raise NoDot("Graphviz's dot is not installed, so the scenario maps are not drawn: run 'make serve' "
                    "(it installs it), or 'apt-get install graphviz'")
    return render("map-index.html.j2", ui=ui, lang=lang, dir=direction(lang), modules=modules)
