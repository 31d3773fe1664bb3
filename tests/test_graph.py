"""The graph checks: each kind of problem with its message, path facts, and properties."""

from __future__ import annotations

import tempfile
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import examples
from generator.graph import EXACT_BELOW, check_graph, rounded
from generator.loader import load_scenario
from generator.model import Choice, Effect, Meter, MeterCondition, PathFacts, Pos, Scenario, Step
from generator.problems import Problems

HEAD = """id: case
duration: 5
roles: [cashier]
objectives: [o]
"""


def check(tmp: Path, body: str) -> tuple[PathFacts | None, list[str]]:
    folder = tmp / "case"
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yml").write_text(HEAD + body, encoding="utf-8")
    problems = Problems()
    s = load_scenario(folder, problems)
    assert s is not None, problems.report(tmp)
    facts = check_graph(s, problems)
    return facts, [p.format(tmp) for p in problems.sorted()]


def test_overbilling_like_meters_paths_and_ranges(tmp_path: Path) -> None:
    facts, problems = check(tmp_path, """numbers: {price: 800}
meters:
  trust: {min: 0, max: 100, start: 50}
  paid: {min: 0, max: 800}
start: a
steps:
  a:
    choices:
      x: {to: b, effects: {trust: -20, paid: {set: price}}}
      y: {to: b, effects: {trust: 10, paid: {set: 500}}}
  b:
    choices:
      refund: {to: good, when: {meter: paid, at_least: price}, effects: {trust: 30, paid: -300}}
      call: {to: good, effects: {trust: 5}}
  good:
    when: {meter: trust, at_least: 55}
    otherwise: bad
    ending: good
  bad:
    ending: bad
""")
    assert problems == []
    assert facts == PathFacts(paths=3, endings={"good": 2, "bad": 1},
                              meter_ranges={"trust": (35, 65), "paid": (500, 800)},
                              best=(("a", "y"), ("b", "call"), ("good", None)), decisions=(2, 2))


def test_best_path_prefers_the_better_ending_then_more_trust(tmp_path: Path) -> None:
    facts, problems = check(tmp_path, """meters:
  trust: {min: 0, max: 100, start: 50}
start: a
steps:
  a:
    choices:
      cheat: {to: gate, effects: {trust: 40}}
      honest: {to: talk, effects: {trust: 10}}
  talk:
    next: gate
  gate:
    when: {chose: a/honest}
    otherwise: worse
    ending: good
  worse:
    ending: mixed
""")
    assert problems == []
    assert facts is not None
    # "cheat" ends with more trust, but in a worse ending; the skipped step is not listed.
    assert facts.best == (("a", "honest"), ("talk", None), ("gate", None))
    assert facts.decisions == (1, 1)


def test_no_best_path_when_all_endings_are_alike_and_nothing_is_scored(tmp_path: Path) -> None:
    facts, _ = check(tmp_path, "start: a\nsteps:\n  a:\n    choices:\n      x: {to: end}\n"
                               "      y: {to: end}\n  end:\n    ending: good\n")
    assert facts is not None and facts.best is None


def test_unknown_target_with_suggestion(tmp_path: Path) -> None:
    _, problems = check(tmp_path, "start: a\nsteps:\n  a:\n    choices:\n      x: {to: edn}\n"
                                  "  end:\n    ending: good\n")
    assert problems == ["case/scenario.yml:9:15: step 'a' leads to unknown step 'edn' (did you mean 'end'?)"]


def test_a_step_with_no_way_on(tmp_path: Path) -> None:
    _, problems = check(tmp_path, "start: a\nsteps:\n  a:\n    prompts: [p]\n")
    assert problems == ["case/scenario.yml:7:3: step 'a' is neither an ending nor offers a way on: "
                        "give it choices, next, or ending"]


def test_unreachable_step_and_ending(tmp_path: Path) -> None:
    _, problems = check(tmp_path, """start: a
steps:
  a: {next: end}
  lost: {next: end}
  end: {ending: good}
  never: {ending: bad}
""")
    assert problems == [
        "case/scenario.yml:8:3: step 'lost' is never reached: no choice or next leads to it from the "
        "start step 'a'",
        "case/scenario.yml:10:3: ending 'never' is never reached: no choice or next leads to it from the "
        "start step 'a'",
    ]


def test_loop_with_no_way_out(tmp_path: Path) -> None:
    _, problems = check(tmp_path, """start: a
steps:
  a:
    choices:
      in: {to: b}
      out: {to: end}
  b: {next: c}
  c: {next: b}
  end: {ending: good}
""")
    assert problems == [
        "case/scenario.yml:11:3: loop with no way out: from step 'b' no ending can be reached (b -> c -> b)",
        "case/scenario.yml:12:3: loop with no way out: from step 'c' no ending can be reached (c -> b -> c)",
    ]


def test_a_loop_with_a_way_out_is_fine_and_counted_once(tmp_path: Path) -> None:
    facts, problems = check(tmp_path, """start: a
steps:
  a:
    choices:
      again: {to: a}
      out: {to: end}
  end: {ending: good}
""")
    assert problems == []
    assert facts is not None and facts.paths == 1


def test_meter_read_before_it_is_set(tmp_path: Path) -> None:
    _, problems = check(tmp_path, """meters:
  paid: {min: 0, max: 10}
start: a
steps:
  a:
    choices:
      x: {to: end, when: {meter: paid, at_least: 1}}
      y: {to: end, effects: {paid: 2}}
  end: {ending: good}
""")
    assert problems == [
        "case/scenario.yml:11:26: choice 'a/x' reads meter 'paid' before any choice sets it (on a path "
        "through step 'a'): give the meter a start value or set it earlier",
        "case/scenario.yml:12:30: choice 'a/y' adds to meter 'paid' before any choice sets it: give the "
        "meter a start value or use {set: ...}",
    ]


def test_meter_pushed_out_of_its_range(tmp_path: Path) -> None:
    _, problems = check(tmp_path, """meters:
  trust: {min: 0, max: 100, start: 90}
start: a
steps:
  a:
    choices:
      up: {to: b, effects: {trust: 5}}
      down: {to: b, effects: {trust: -5}}
  b:
    choices:
      more: {to: end, effects: {trust: 8}}
  end: {ending: good}
""")
    assert problems == [
        "case/scenario.yml:15:33: choice 'b/more' pushes meter 'trust' to 103, above its maximum 100, on a "
        "path through step 'b' with trust=95: change the effect or the range"
    ]


def test_conditions_on_earlier_choices(tmp_path: Path) -> None:
    facts, problems = check(tmp_path, """start: a
steps:
  a:
    choices:
      kind: {to: b}
      rude: {to: b}
  b:
    choices:
      thanks: {to: good, when: {chose: a/kind}}
      complaint: {to: bad, when: {not_chose: a/kind}}
  good: {ending: good}
  bad: {ending: bad}
""")
    assert problems == []
    assert facts is not None and facts.endings == {"good": 1, "bad": 1}


def test_a_step_whose_condition_never_holds(tmp_path: Path) -> None:
    _, problems = check(tmp_path, """meters:
  trust: {min: 0, max: 10, start: 5}
start: a
steps:
  a: {next: gate}
  gate: {when: {meter: trust, at_least: 9}, otherwise: end, next: end}
  end: {ending: good}
""")
    assert problems == ["case/scenario.yml:10:3: step 'gate' is never shown: 'trust' is 5 on the paths that "
                        "reach it, and the condition asks for at least 9: change the condition, or the effects "
                        "on the way"]


def test_a_step_no_path_reaches_for_a_condition_before_it(tmp_path: Path) -> None:
    _, problems = check(tmp_path, """meters:
  trust: {min: 0, max: 10, start: 5}
start: a
steps:
  a:
    choices:
      stay: {to: end, effects: {trust: 1}}
      go: {to: gate, when: {meter: trust, at_most: 2}}
  gate: {ending: bad}
  end: {ending: good}
""")
    assert "case/scenario.yml:13:3: ending 'gate' is never shown: no path reaches it: the conditions of the " \
        "choices and steps that lead to it fail on every path; change a condition, or the effects on the way" \
        in problems


@pytest.mark.parametrize("slip", [
    "go: {to: gate, when: {meter: trst, at_most: 2}}",  # a condition on an unknown meter
    "go: {to: gate, when: {meter: trust, at_most: limit}}",  # an amount no number declares
    "go: {to: gate, effects: {trst: -9}}",  # an effect on an unknown meter
])
def test_a_slip_in_a_condition_or_effect_is_the_only_problem(tmp_path: Path, slip: str) -> None:
    """Walked without the part left out, the story would show 'gate' never, or always:
    the author is told what to fix, not what follows from it."""
    facts, problems = check(tmp_path, f"""meters:
  trust: {{min: 0, max: 10, start: 5}}
start: a
steps:
  a:
    choices:
      stay: {{to: end, effects: {{trust: 1}}}}
      {slip}
  gate:
    when: {{meter: trust, at_least: 4}}
    otherwise: end
    ending: bad
  end: {{ending: good}}
""")
    assert len(problems) == 1 and problems[0].startswith("case/scenario.yml:12:"), problems
    assert "never" not in problems[0]
    assert facts is None


# Property-based: random branching stories without meters, as a DAG in step order.

@st.composite
def dags(draw: st.DrawFn) -> dict[str, list[str]]:
    n = draw(st.integers(min_value=2, max_value=9))
    steps: dict[str, list[str]] = {}
    for i in range(n - 1):
        later = [f"s{j}" for j in range(i + 1, n)]
        targets = draw(st.lists(st.sampled_from(later), min_size=1, max_size=3, unique=True))
        steps[f"s{i}"] = targets
    steps[f"s{n - 1}"] = []
    # Every step must be reachable: link each from its predecessor when nothing leads to it.
    for i in range(1, n):
        if not any(f"s{i}" in t for t in steps.values()):
            steps[f"s{i - 1}"] = [*steps[f"s{i - 1}"], f"s{i}"][-3:] if f"s{i}" not in steps[f"s{i - 1}"] \
                else steps[f"s{i - 1}"]
    return steps


def to_yaml(steps: dict[str, list[str]]) -> str:
    data: dict[str, object] = {}
    for sid, targets in steps.items():
        data[sid] = {"ending": "good"} if not targets else \
            {"choices": {f"c{k}": {"to": t} for k, t in enumerate(targets)}}
    out = StringIO()
    YAML().dump({"start": "s0", "steps": data}, out)
    return out.getvalue()


def brute_force_paths(steps: dict[str, list[str]]) -> int:
    @cache
    def count(sid: str) -> int:
        return 1 if not steps[sid] else sum(count(t) for t in steps[sid])

    return count("s0")


def reachable(steps: dict[str, list[str]]) -> set[str]:
    seen, todo = {"s0"}, ["s0"]
    while todo:
        for t in steps[todo.pop()]:
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


@settings(max_examples=60, deadline=None)
@given(dags())
def test_random_stories_count_every_path(steps: dict[str, list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        facts, problems = check(Path(tmp), to_yaml(steps))
    unreachable = set(steps) - reachable(steps)
    if unreachable:
        assert all("is never reached" in p for p in problems) and len(problems) == len(unreachable)
    else:
        assert problems == []
        assert facts is not None and facts.paths == brute_force_paths(steps)


@settings(max_examples=60, deadline=None)
@given(dags(), st.data())
def test_mutated_stories_never_crash(steps: dict[str, list[str]], data: st.DataObject) -> None:
    text = to_yaml(steps)
    lines = text.splitlines()
    i = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    mutation = data.draw(st.sampled_from(["drop", "dup", "garble", "loop"]))
    if mutation == "drop":
        del lines[i]
    elif mutation == "dup":
        lines.insert(i, lines[i])
    elif mutation == "garble":
        lines[i] = lines[i].replace(":", " ", 1) + data.draw(st.text(max_size=5))
    else:
        lines = [ln.replace("to: s1", "to: s0") for ln in lines]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        (folder / "scenario.yml").write_text(HEAD + "\n".join(lines) + "\n", encoding="utf-8")
        problems = Problems()
        s = load_scenario(folder, problems)
        if s is not None:
            check_graph(s, problems)
        for p in problems.items:
            assert p.pos.line >= 1 and p.pos.col >= 1 and p.message


def test_a_condition_without_otherwise_is_reported_and_not_walked(tmp_path: Path) -> None:
    # The walk used to stop on an assertion where the condition fails (found by test_properties).
    facts, problems = check(tmp_path, """meters:
  trust: {min: 0, max: 10, start: 5}
start: a
steps:
  a:
    choices:
      x: {to: b}
  b:
    when: {meter: trust, at_least: 7}
    ending: good
""")
    assert facts is None
    assert problems == ["case/scenario.yml:12:3: step 'b' has when without otherwise: a conditional step needs both"]


# Long stories: decisions in a row, thousands of them, with more paths than can be listed.
# The graph's folds over states were recursive and gave up past a thousand or so (no
# fewest or most decisions, no best path), silently.

Layer = tuple[int, int]  # choices on to the next decision, choices out to the bad ending


def long_story(layers: list[Layer], sid: str = "long") -> dict[str, Any]:
    """scenario.yml's data for decisions d1..dn in a row: at each, the ``on`` choices go
    on to the next decision (the j-th sets trust to 10 j) and the ``out`` choices end the
    case badly; after the last decision the case ends well with trust of at least 10,
    else mixed. Valid when the last layer has two ways on."""
    steps: dict[str, Any] = {}
    for i, (on, out) in enumerate(layers, start=1):
        ahead = f"d{i + 1}" if i < len(layers) else "last"
        choices = {f"on{j}": {"to": ahead, "effects": {"trust": {"set": 10 * j}}} for j in range(on)}
        # Measured for its size, not read: its choices need no feedback.
        steps[f"d{i}"] = {"feedback": "none", "choices": choices | {f"out{k}": {"to": "gone"} for k in range(out)}}
    steps["last"] = {"when": {"meter": "trust", "at_least": 10}, "otherwise": "meh", "ending": "good"}
    steps["meh"] = {"ending": "mixed"}
    if any(out for _, out in layers):
        steps["gone"] = {"ending": "bad"}
    return {"id": sid, "duration": 10, "roles": ["cashier"], "objectives": ["o"],
            "meters": {"trust": {"min": 0, "max": 100, "start": 50}}, "start": "d1", "steps": steps}


def as_model(data: dict[str, Any]) -> Scenario:
    """A long story as the loader hands it on (loading 2,000 steps of YAML takes seconds)."""
    pos = Pos(Path(data["id"]) / "scenario.yml")

    def step(sid: str, d: dict[str, Any]) -> Step:
        choices = tuple(Choice(cid, c["to"], tuple(Effect(m, "set", e["set"], pos)
                                                   for m, e in c.get("effects", {}).items()), (), pos, pos)
                        for cid, c in d.get("choices", {}).items())
        when = (MeterCondition(d["when"]["meter"], d["when"]["at_least"], None, pos),) if "when" in d else ()
        return Step(sid, pos, choices=choices, ending=d.get("ending"), when=when, otherwise=d.get("otherwise"))

    meters = {m: Meter(m, x["min"], x["max"], x["start"]) for m, x in data["meters"].items()}
    return Scenario(id=data["id"], folder=pos.file.parent, pos=pos, duration=data["duration"], roles=("cashier",),
                    related=(), objectives=("o",), takeaways=(), questions=(), start=data["start"],
                    steps={sid: step(sid, d) for sid, d in data["steps"].items()}, meters=meters, numbers={})


def long_facts(layers: list[Layer]) -> PathFacts:
    """What the walk should find, by arithmetic: the paths out at each decision, times the ways there."""
    ways, bad = 1, 0  # ways to reach the decision at hand
    for on, out in layers[:-1]:
        bad, ways = bad + ways * out, ways * on
    on, out = layers[-1]
    bad += ways * out
    endings = {"last": ways * (on - 1), "meh": ways} | ({"gone": bad} if bad else {})
    first_out = next((i for i, (_, out) in enumerate(layers, start=1) if out), len(layers))
    best = tuple((f"d{i}", "on0") for i in range(1, len(layers))) + ((f"d{len(layers)}", f"on{on - 1}"),
                                                                       ("last", None))
    return PathFacts(paths=sum(endings.values()), endings=endings, meter_ranges={}, best=best,
                     decisions=(first_out, len(layers)))


@st.composite
def long_stories(draw: st.DrawFn, most: int = 3000) -> list[Layer]:
    """A pattern of layers repeated to a length up to ``most``, then a last layer with two ways on."""
    pattern = draw(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 2)), min_size=1, max_size=4))
    n = draw(st.one_of(st.integers(1, 30), st.integers(900, most)))
    return [pattern[i % len(pattern)] for i in range(n - 1)] + [(draw(st.integers(2, 3)), draw(st.integers(0, 1)))]


@pytest.mark.slow  # stories of thousands of steps, each walked to its last path
@settings(max_examples=examples(25), deadline=None)
@given(long_stories())
def test_a_long_story_is_counted_to_the_last_path_with_its_decisions_and_best_path(layers: list[Layer]) -> None:
    s = as_model(long_story(layers))
    problems = Problems()
    facts = check_graph(s, problems)
    assert not problems.items and facts is not None
    wanted = long_facts(layers)
    assert facts.endings == wanted.endings and facts.paths == wanted.paths  # exact, however many digits
    assert facts.decisions == wanted.decisions
    assert facts.best == wanted.best


@settings(max_examples=examples(200), deadline=None)
@given(st.one_of(st.integers(0, 10**20), st.integers(1, 60_000).map(lambda k: 2**k),
                 st.tuples(st.integers(15, 9_000), st.integers(1, 99)).map(lambda t: t[1] * 10 ** t[0] // 10 - 1)))
def test_a_count_too_long_to_read_is_rounded_to_two_figures_and_a_power_of_ten(n: int) -> None:
    about = rounded(n)
    if n < EXACT_BELOW:
        assert about is None
        return
    assert about is not None
    m, e = about
    lead = round(m * 10)
    assert 10 <= lead <= 99 and lead / 10 == m
    unit = 10 ** (e - 1)
    assert abs(lead * unit - n) * 2 <= unit, (n, m, e)  # the nearest, more than 4,300 digits long too
