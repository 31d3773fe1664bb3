"""The graph checks: each kind of problem with its message, path facts, and properties."""

from __future__ import annotations

import tempfile
from functools import cache
from io import StringIO
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.graph import check_graph
from generator.loader import load_scenario
from generator.model import PathFacts
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
    assert problems == ["case/scenario.yml:10:3: step 'gate' is never shown: on every path its condition, "
                        "or a condition before it, sends the story elsewhere"]


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
