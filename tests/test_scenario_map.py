"""The authors' scenario map (generator/scenario_map.py): every step, choice and ending
drawn and findable by id, endings told apart by shape and words, problems on their step
with file:line:col, each text's state in every language."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO, edit
from generator import scenario_map
from generator.manifest import Making, Unmade, make
from generator.model import Pos, Project, Text
from generator.outputs import site_outputs
from generator.paths import MAP_INDEX, map_page
from generator.project import load_project
from generator.scenario_map import SHAPES, render_map, text_state

SVG = "{http://www.w3.org/2000/svg}"


@cache
def real() -> Project:
    project, problems = load_project(REPO, fallback=True)
    assert project is not None, problems.report(REPO)
    return project


def svg_of(page: str) -> ET.Element:
    found = re.search(r"<svg .*?</svg>", page, re.S)
    assert found, "the page has no drawing"
    return ET.fromstring(found.group())


def section(page: str, sid: str) -> str:
    found = re.search(rf'<section class="step" id="step-{re.escape(sid)}".*?</section>', page, re.S)
    assert found, f"no texts for step {sid}"
    return found.group()


@pytest.mark.parametrize("sid", sorted(real().scenarios))
def test_every_step_choice_and_ending_of_a_real_module_is_on_its_map(sid: str) -> None:
    project = real()
    s = project.scenarios[sid]
    ui = project.strings["en"]
    svg = svg_of(render_map(project, sid, "en"))
    nodes = {a.get("data-step"): a for a in svg.iter(f"{SVG}a")}
    assert set(nodes) == set(s.steps)
    for step_id, node in nodes.items():
        assert node.get("id") == f"node-{step_id}" and node.get("href") == f"#step-{step_id}"
    choices = {(g.get("data-step"), g.get("data-choice"), g.get("data-to"))
               for g in svg.iter(f"{SVG}g") if "choice" in (g.get("class") or "").split()}
    assert choices == {(step_id, c.id, c.to) for step_id, step in s.steps.items() for c in step.choices}
    ways = {(g.get("data-step"), g.get("data-to")) for g in svg.iter(f"{SVG}g")
            if {"next", "otherwise"} & set((g.get("class") or "").split())}
    assert ways == {(step_id, to) for step_id, step in s.steps.items() for to in (step.next, step.otherwise) if to}
    for step_id, step in s.steps.items():
        node = nodes[step_id]
        words = " ".join(node.itertext())
        if step.ending:
            # Told apart by shape and by words, not by colour alone.
            assert node.get("data-shape") == SHAPES[step.ending]
            assert ui[f"outcome.{step.ending}"] in words
            assert step.ending in (node.get("class") or "").split()
        else:
            assert node.get("data-shape") == "box"
            assert not any(ui[f"outcome.{kind}"] in words for kind in SHAPES)


def test_endings_have_shapes_of_their_own() -> None:
    assert len(set(SHAPES.values())) == len(SHAPES) and "box" not in SHAPES.values()


def test_a_choice_is_drawn_with_its_label_and_effects_in_the_preview_language() -> None:
    project = real()
    svg = svg_of(render_map(project, "overbilling", "en"))
    edge = next(g for g in svg.iter(f"{SVG}g") if g.get("id") == "edge-at-the-till--ask-for-total")
    words = " ".join(edge.itertext())
    assert words.startswith("A: The bill is correct;") and "…" in words  # shortened
    assert "trust" in words and "−30" in words


def test_each_ending_shows_the_meter_ranges_the_walk_found() -> None:
    from generator.graph import state_graph
    from generator.review import ending_ranges

    project = real()
    s = project.scenarios["leader-sets-pattern"]
    g = state_graph(s)
    assert g is not None
    svg = svg_of(render_map(project, s.id, "en"))
    nodes = {a.get("data-step"): " ".join(a.itertext()) for a in svg.iter(f"{SVG}a")}
    for ending, meters in ending_ranges(s, g).items():
        for low, high in meters.values():
            assert (f"{low}–{high}" if low != high else f"{low}") in nodes[ending]


def test_a_choice_to_an_unknown_step_is_marked_on_its_step_with_its_position(real_copy: Path) -> None:
    project, problems = load_project(real_copy, fallback=True)
    assert project is not None and not problems.errors
    structure = real_copy / "scenarios" / "overbilling" / "scenario.yml"
    line = structure.read_text(encoding="utf-8").splitlines().index("        to: check-the-bill") + 1
    edit(structure, "      warn-first:\n        to: check-the-bill", "      warn-first:\n        to: check-the-bil")
    broken, found = load_project(real_copy, fallback=True)
    assert broken is None
    [problem] = [p for p in found.errors if "check-the-bil'" in p.message]
    page = render_map(project, "overbilling", "en", found.items)
    where = f"scenarios/overbilling/scenario.yml:{line}:13"
    assert f"{problem.pos.line}:{problem.pos.col}" == f"{line}:13"
    texts = section(page, "at-the-till")
    assert where in texts and "leads to unknown step &#x27;check-the-bil&#x27;" in texts
    node = next(a for a in svg_of(page).iter(f"{SVG}a") if a.get("data-step") == "at-the-till")
    assert "has-problems" in (node.get("class") or "") and "Problems: 1" in " ".join(node.itertext())
    assert where not in section(page, "check-the-bill")


def test_a_missing_translation_is_marked_on_its_step_and_shown_missing(real_copy: Path) -> None:
    english = real_copy / "scenarios" / "overbilling" / "en.yml"
    label = "        label: You apologise that she’s only hearing about this now, and find out what happened.\n"
    edit(english, label, "")
    project, problems = load_project(real_copy, fallback=True)
    assert project is not None
    [warning] = [p for p in problems.warnings if "patient-objects.choices.listen-and-check.label" in p.message]
    page = render_map(project, "overbilling", "pl", problems.items)
    texts = section(page, "patient-objects")
    assert f"scenarios/overbilling/en.yml:{warning.pos.line}:{warning.pos.col}" in texts
    states = {part.split("<", 1)[0]: dict(re.findall(r'data-lang="(\w+)" data-state="(\w+)"', part))
              for part in texts.split("<h3><code>")[1:]}
    assert states["choices.listen-and-check.label"] == {"pl": "current", "en": "missing", "ru": "current",
                                                       "uk": "current"}
    assert "Brak" not in texts.split("choices.listen-and-check.label")[0]  # the page's language: Polish
    assert "brak" in texts  # "missing", in Polish


def test_a_copied_text_is_shown_as_an_untranslated_copy(real_copy: Path) -> None:
    edit(real_copy / "scenarios" / "overbilling" / "uk.yml", "    title: Пацієнтка обурюється\n",
         "    title: Pacjentka protestuje\n")
    project, problems = load_project(real_copy, fallback=True)
    assert project is not None
    page = render_map(project, "overbilling", "en", problems.items)
    texts = section(page, "patient-objects")
    title = texts.split("<h3><code>title</code>", 1)[1].split("<h3>", 1)[0]
    assert dict(re.findall(r'data-lang="(\w+)" data-state="(\w+)"', title)) == {
        "pl": "current", "en": "current", "ru": "current", "uk": "copy"}
    assert title.count("Pacjentka protestuje") == 2  # the copy is shown, beside its source


def test_a_problem_at_no_step_is_listed_at_the_top() -> None:
    from generator.problems import Problem

    project = real()
    s = project.scenarios["overbilling"]
    top = Problem(Pos(s.folder / "scenario.yml", 2, 1), "something about the module", "warning")
    page = render_map(project, "overbilling", "en", [top])
    head = page.split('<h2 id="map-heading">')[0]
    assert "scenarios/overbilling/scenario.yml:2:1" in head and "something about the module" in head
    assert "has-problems" not in page


def test_scenario_text_goes_into_the_drawing_escaped_and_plain(real_copy: Path) -> None:
    edit(real_copy / "scenarios" / "overbilling" / "en.yml", "    title: At the till",
         '    title: At the *till* & 1 < 2 <b>"quoted"</b>')
    project, problems = load_project(real_copy, fallback=True)
    assert project is not None, problems.report(real_copy)
    page = render_map(project, "overbilling", "en")
    node = next(a for a in svg_of(page).iter(f"{SVG}a") if a.get("data-step") == "at-the-till")
    assert '1. At the till & 1 < 2 "quoted"' in " ".join(node.itertext())  # plain: no stars, no tags
    assert "<b>" not in page.split("<svg", 1)[1].split("</svg>")[0]


TEXTS = st.text(alphabet="ab ", max_size=4)


@given(TEXTS, st.booleans(), st.sampled_from([None, "pl"]), st.booleans())
def test_a_text_state_is_copy_then_missing_then_stale_then_current(value: str, stale: bool, fallback: str | None,
                                                                   copy: bool) -> None:
    text = Text(value, Pos(Path("x.yml")), fallback, stale, copy=copy)
    state = text_state(text)
    if copy:
        assert state == "copy"
    elif fallback:
        assert state == "missing"
    elif stale:
        assert state == "stale"
    else:
        assert state == "current"
    assert text_state(None) == "missing"


def test_the_maps_are_outputs_of_the_preview_alone() -> None:
    from generator.manifest import every_output, generated

    project = real()
    listed = {o.path: o for o in site_outputs(project, "en")}
    maps = {map_page(sid).removesuffix(".html") + ".html" for sid in project.scenarios} | {MAP_INDEX}
    assert maps <= set(listed) and all(listed[p].preview for p in maps)
    assert maps <= {o.path for o in generated(project, "en", preview=True)}
    assert not maps & {o.path for o in generated(project, "en")}
    assert not maps & {o.path for o in every_output(Making(project, "en", REPO / "node_modules"))}


def test_without_dot_a_map_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    project = real()
    monkeypatch.setattr(scenario_map.shutil, "which", lambda name: None)
    page = render_map(project, "overbilling", "en")
    assert "<svg" not in page and "apt-get install graphviz" in page and "make serve" in page
    index = next(o for o in site_outputs(project, "en") if o.path == MAP_INDEX)
    with pytest.raises(Unmade, match="Graphviz's dot is not installed"):
        make(index, Making(project, "en", REPO / "node_modules"))
