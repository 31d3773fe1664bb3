"""What the sign-off sheet reports, from the graph: covering paths, endings' ranges, review flags."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from test_properties import assert_real_path

from conftest import examples
from generator.graph import StateGraph, check_graph, state_graph, walk_paths
from generator.loader import load_scenario
from generator.model import Scenario
from generator.problems import Problems
from generator.review import check_accepted, covering_paths, ending_ranges, findings
from strategies import graphs

MANY_WORDS = 100_000  # a module no flag finds too short to read


def words(n: int = MANY_WORDS):  # noqa: ANN201
    return lambda step, choice: n if choice is None else 0


def scenario(tmp_path: Path, body: str) -> Scenario:
    folder = tmp_path / "case"
    folder.mkdir(exist_ok=True)
    (folder / "scenario.yml").write_text("id: case\nduration: 10\nroles: [cashier]\nobjectives: [a]\n"
                                         + textwrap.dedent(body), encoding="utf-8")
    problems = Problems()
    s = load_scenario(folder, problems)
    assert s is not None and check_graph(s, problems) is not None, problems.report(tmp_path)
    assert not problems.items, problems.report(tmp_path)
    return s


def flag_ids(s: Scenario, n: int = MANY_WORDS) -> list[str]:
    g = state_graph(s)
    assert g is not None
    return [f.id for f in findings(s, g, words(n)).flags]


CLEAN = """
meters:
  trust: {min: 0, max: 100, start: 60}
start: ask
steps:
  ask:
    choices:
      listen: {to: fine, effects: {trust: 20}}
      sell: {to: gone, effects: {trust: -30}}
  fine: {ending: good}
  gone: {ending: bad}
"""


def test_a_scenario_that_keeps_trust_on_its_good_path_raises_no_flag(tmp_path: Path) -> None:
    assert flag_ids(scenario(tmp_path, CLEAN)) == []


def test_a_good_ending_after_trust_fell_further_than_the_limit_is_flagged_with_a_path(tmp_path: Path) -> None:
    s = scenario(tmp_path, """
        meters:
          trust: {min: 0, max: 100, start: 60}
        start: ask
        steps:
          ask:
            choices:
              push: {to: repair, effects: {trust: -25}}
              listen: {to: fine, effects: {trust: 10}}
          repair:
            choices:
              apologise: {to: fine, effects: {trust: 40}}
          fine: {ending: good}
        """)
    g = state_graph(s)
    assert g is not None
    [flag] = findings(s, g, words()).flags
    assert flag.id == "fall.trust.fine" and flag.values["lowest"] == 35 and flag.values["limit"] == 20
    assert [(v.step, v.choice) for v in flag.path] == [("ask", "push"), ("repair", "apologise"), ("fine", None)]
    # A fall within the limit (a fifth of the range, or as the scenario sets it) is not.
    loose = scenario(tmp_path, (tmp_path / "case" / "scenario.yml").read_text().split("objectives: [a]\n")[1]
                     + "review:\n  fall: 30\n")
    assert flag_ids(loose) == []


PRICED = """
numbers:
  agreed: {value: 500, currency: PLN}
  charged: {value: 800, currency: PLN}
meters:
  trust: {min: 0, max: 100, start: 70}
  paid: {min: 0, max: 1000, currency: PLN}
start: till
steps:
  till:
    choices:
      honour: {to: fine, effects: {paid: {set: agreed}}}
      charge: {to: fine, effects: {paid: {set: charged}, trust: -5}}
  fine: {ending: good}
"""


def test_a_good_ending_reached_above_the_agreed_price_is_flagged(tmp_path: Path) -> None:
    s = scenario(tmp_path, PRICED)
    g = state_graph(s)
    assert g is not None
    [flag] = findings(s, g, words()).flags
    assert flag.id == "price.paid.fine" and flag.values == {"meter": "paid", "ending": "fine", "agreed": 500,
                                                            "highest": 800}
    assert [v.choice for v in flag.path] == ["charge", None]
    # The agreed price as the scenario declares it.
    assert flag_ids(scenario(tmp_path, PRICED + "review:\n  price: {paid: charged}\n")) == []
    assert flag_ids(scenario(tmp_path, PRICED + "review:\n  price: {paid: 400}\n")) == ["price.paid.fine"]


def test_two_choices_that_change_nothing_between_them_are_flagged(tmp_path: Path) -> None:
    s = scenario(tmp_path, CLEAN.replace("      sell:", "      nod: {to: fine, effects: {trust: 20}}\n      sell:"))
    assert flag_ids(s) == ["same.ask.listen.nod"]
    # Either choice is still shown on a path to read.
    g = state_graph(s)
    assert g is not None
    taken = {v.choice for path in covering_paths(s, g).paths for v in path}
    assert {"listen", "nod", "sell"} <= taken


def test_a_module_that_reads_in_less_than_half_its_minutes_is_flagged(tmp_path: Path) -> None:
    s = scenario(tmp_path, CLEAN)
    assert flag_ids(s, n=100) == ["short"]  # 200 words: about a minute of 10
    assert flag_ids(s, n=900) == []  # 1,800 words: 10 minutes
    # What every path reads besides its steps (the situation, the debrief) counts too.
    g = state_graph(s)
    assert g is not None
    assert findings(s, g, words(100), around=800).flags == []


def test_an_accepted_flag_prints_its_reason_and_a_stale_acceptance_is_an_error(tmp_path: Path) -> None:
    reason = "Trust lost at the till and won back is what this module teaches."
    s = scenario(tmp_path, PRICED + f"review:\n  accepted:\n    price.paid.fine: {reason}\n")
    g = state_graph(s)
    assert g is not None
    [flag] = findings(s, g, words()).flags
    assert flag.accepted == reason
    problems = Problems()
    check_accepted(s, "pl", problems)
    assert [p for p in problems.items if p.severity == "error" and "review" in p.message] == []

    stale = scenario(tmp_path, CLEAN + f"review:\n  accepted:\n    price.paid.fine: {reason}\n")
    problems = Problems()
    check_accepted(stale, "pl", problems)
    [error] = problems.items
    assert "'price.paid.fine', which this scenario does not raise" in error.message
    assert (error.pos.file.name, error.pos.line) == ("scenario.yml", 18)


def test_a_price_for_a_meter_without_currency_is_refused_with_its_place(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "scenario.yml").write_text("id: case\nduration: 10\nroles: [cashier]\nobjectives: [a]\n"
                                         + CLEAN + "review:\n  price: {trust: 10}\n", encoding="utf-8")
    problems = Problems()
    load_scenario(folder, problems)
    [error] = problems.items
    assert "price names 'trust', which is not a meter with a currency" in error.message
    assert error.pos.line == 17


def test_each_ending_gets_the_range_of_every_meter_on_the_paths_that_reach_it(tmp_path: Path) -> None:
    s = scenario(tmp_path, PRICED)
    g = state_graph(s)
    assert g is not None
    assert ending_ranges(s, g) == {"fine": {"trust": (65, 70), "paid": (500, 800)}}


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_the_covering_paths_take_every_choice_and_reach_every_ending_that_any_path_does(s: Scenario) -> None:
    if check_graph(s, Problems()) is None:
        return  # an invalid graph gets no sheet
    g = state_graph(s)
    assert g is not None
    cover = covering_paths(s, g)
    paths, unreachable = cover.paths, cover.unreachable
    assert cover.left_out == []  # a small graph: every path fits
    every = walk_paths(s, limit=100_000)
    for path in paths:
        assert_real_path(s, [(v.step, v.choice) for v in path])
    taken = {(v.step, v.choice) for path in paths for v in path if v.choice}
    possible = _choices_on_paths_to_an_ending(g)
    assert taken == possible
    assert {path[-1].step for path in paths} == {path[-1].step for path in every}
    assert set(unreachable) == {(st.id, c.id) for st in s.steps.values() for c in st.choices} - possible
    assert len(paths) <= len(possible) + len({path[-1].step for path in every})
    # Not one path more than it takes: each takes something no other does.
    for i, path in enumerate(paths):
        others = {(v.step, v.choice) for j, p in enumerate(paths) if j != i for v in p}
        mine = {(v.step, v.choice) for v in path}
        assert mine - others, f"path {i} adds nothing"


def _choices_on_paths_to_an_ending(g: StateGraph) -> set[tuple[str, str]]:
    """Every choice on an edge some path from the start to an ending goes along."""
    forward, todo = {g.start}, [g.start]
    while todo:
        for n in g.edges[todo.pop()]:
            if n not in forward:
                forward.add(n)
                todo.append(n)
    backward, todo = set(g.finished), list(g.finished)
    while todo:
        here = todo.pop()
        for state, nexts in g.edges.items():
            if here in nexts and state not in backward:
                backward.add(state)
                todo.append(state)
    return {(a.step, c) for (a, b), cs in g.choices.items() if a in forward and b in backward
            and a not in g.redirects for c in cs}
