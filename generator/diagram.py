"""A scenario's steps, choices and endings as an SVG diagram, for the sign-off sheet.

igraph's layered (Sugiyama) layout places the steps in rows from the start down,
with few crossings; this module only draws boxes and lines where it says.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape

import igraph

from .model import Scenario

BOX_W, BOX_H = 150, 46
GAP_X, GAP_Y = 176, 84
LINE = 14  # characters of a title on one line of a box
MARGIN = 12


@dataclass(frozen=True)
class Node:
    id: str
    label: str  # "3. Check the bill"
    ending: str | None  # good, mixed, bad


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # the choices' letters, "A" or "A, B"; empty for next and otherwise
    dashed: bool = False  # taken when a condition does not hold


def scenario_graph(s: Scenario, titles: dict[str, str]) -> tuple[list[Node], list[Edge]]:
    """The steps as nodes (numbered in file order) and their ways on as edges."""
    number = {step_id: n for n, step_id in enumerate(s.steps, start=1)}
    nodes = [Node(sid, f"{number[sid]}. {titles[sid]}", step.ending) for sid, step in s.steps.items()]
    edges: list[Edge] = []
    for sid, step in s.steps.items():
        letters: dict[str, list[str]] = {}
        for i, c in enumerate(step.choices):
            letters.setdefault(c.to, []).append(chr(ord("A") + i))
        edges += [Edge(sid, to, ", ".join(x)) for to, x in letters.items()]
        if step.next:
            edges.append(Edge(sid, step.next, ""))
        if step.otherwise:
            edges.append(Edge(sid, step.otherwise, "", dashed=True))
    return nodes, edges


def render_svg(nodes: list[Node], edges: list[Edge], title: str) -> str:
    index = {n.id: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[e.source], index[e.target]) for e in edges], directed=True)
    layout = g.layout_sugiyama()
    coords = [(x * GAP_X + MARGIN + BOX_W / 2, y * GAP_Y + MARGIN) for x, y in layout.coords]
    width = max(x for x, _ in coords) + BOX_W / 2 + MARGIN
    height = max(y for _, y in coords) + BOX_H + MARGIN
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" viewBox="0 0 {width:.0f} '
             f'{height:.0f}" width="{width:.0f}" height="{height:.0f}"><title>{escape(title)}</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>']
    for e, route in zip(edges, layout.edge_routing, strict=True):
        parts.append(_edge(e, coords[index[e.source]], coords[index[e.target]],
                           [(x * GAP_X + MARGIN + BOX_W / 2, y * GAP_Y + MARGIN + BOX_H / 2) for x, y in route]))
    parts += [_box(n, coords[i]) for i, n in enumerate(nodes)]
    return "".join(parts) + "</svg>"


def _edge(e: Edge, a: tuple[float, float], b: tuple[float, float], via: list[tuple[float, float]]) -> str:
    upward = b[1] <= a[1]  # a way back to an earlier row: from the box's side
    start = (a[0] + BOX_W / 2, a[1] + BOX_H / 2) if upward else (a[0], a[1] + BOX_H)
    end = (b[0] + BOX_W / 2, b[1] + BOX_H / 2) if upward else (b[0], b[1])
    points = [start, *via, end]
    d = " ".join(f"{x:.0f},{y:.0f}" for x, y in points)
    kind = ' class="otherwise"' if e.dashed else ""
    out = f'<polyline points="{d}"{kind}/>'
    if e.label:
        (x1, y1), (x2, y2) = points[0], points[1]
        x, y = x1 + (x2 - x1) * 0.45, y1 + (y2 - y1) * 0.45
        w = 9 * len(e.label) + 8
        out += (f'<g class="letter"><rect x="{x - w / 2:.0f}" y="{y - 9:.0f}" width="{w}" height="18" rx="4"/>'
                f'<text x="{x:.0f}" y="{y + 4:.0f}">{escape(e.label)}</text></g>')
    return out


def _box(n: Node, at: tuple[float, float]) -> str:
    x, y = at[0] - BOX_W / 2, at[1]
    lines = textwrap.wrap(n.label, LINE + 6, max_lines=2, placeholder="…")
    kind = f" {n.ending}" if n.ending else ""
    text = "".join(f'<tspan x="{at[0]:.0f}" dy="{0 if i == 0 else 15}">{escape(line)}</tspan>'
                   for i, line in enumerate(lines))
    top = y + BOX_H / 2 + 5 - 7.5 * (len(lines) - 1)
    return (f'<g class="node{kind}"><rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text x="{at[0]:.0f}" y="{top:.0f}">{text}</text></g>')
