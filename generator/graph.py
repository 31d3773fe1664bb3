"""Checks of a scenario's graph, and what its paths add up to.

First the static checks on steps and links. Then every path is walked as a
sequence of states (step, meter values, the remembered choices that conditions
read), which finds exactly what conditions and meters do: a meter read before it
is set or pushed out of its range, a step no path shows, a loop with no way out.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass

from .model import ChoiceCondition, Condition, Effect, MeterCondition, PathFacts, Scenario, Step
from .problems import Problems, did_you_mean

MAX_STATES = 200_000
# A count of paths from here on is said as about m × 10^e: its digits tell a reader nothing.
EXACT_BELOW = 10**15

Meters = tuple[int | None, ...]


def rounded(n: int) -> tuple[float, int] | None:
    """``n`` as (m, e), n ≈ m × 10^e with m from 1.0 to 9.9, when it is too large to say
    in full; else None. In integers: Python writes no int of over 4,300 digits, and a
    chain of a few thousand decisions has more paths than that."""
    if n < EXACT_BELOW:
        return None
    e = int(math.log10(n))  # a float: maybe one off
    while True:
        unit = 10 ** (e - 1)
        q, r = divmod(n, unit)
        lead = q + (2 * r >= unit)
        if lead < 10:
            e -= 1
        elif lead >= 100:
            e += 1
        else:
            return lead / 10, e


@dataclass(frozen=True)
class State:
    step: str
    meters: Meters
    chosen: frozenset[str]


def check_graph(s: Scenario, problems: Problems) -> PathFacts | None:
    """Add every graph problem of ``s``; the path facts when the walk could be done."""
    if not _static_checks(s, problems) or s.unread:
        return None
    return _Walk(s, problems).run()


def _static_checks(s: Scenario, problems: Problems) -> bool:
    ok = True
    for step in s.steps.values():
        for target, pos in step.targets:
            if target not in s.steps:
                problems.error(pos, f"step '{step.id}' leads to unknown step '{target}'"
                                    f"{did_you_mean(target, s.steps)}")
                ok = False
        if step.ending is None and not step.choices and step.next is None:
            problems.error(step.pos, f"step '{step.id}' is neither an ending nor offers a way on: "
                                     "give it choices, next, or ending")
            ok = False
    # An unknown start, or a condition with nowhere to go otherwise: the loader has
    # reported it, and no path can be walked.
    if s.start not in s.steps or not ok or any(st.when and st.otherwise is None for st in s.steps.values()):
        return False
    seen = {s.start}
    queue = deque([s.start])
    while queue:
        for target, _ in s.steps[queue.popleft()].targets:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for step in s.steps.values():
        if step.id not in seen:
            what = "ending" if step.ending else "step"
            problems.error(step.pos, f"{what} '{step.id}' is never reached: no choice or next leads "
                                     f"to it from the start step '{s.start}'")
            ok = False
    return ok


class _Walk:
    def __init__(self, s: Scenario, problems: Problems) -> None:
        self.s = s
        self.problems = problems
        self.meter_ids = list(s.meters)
        self.index = {m: i for i, m in enumerate(self.meter_ids)}
        # Only choices some condition reads are remembered: the rest cannot change the story.
        self.remembered = {f"{c.step}/{c.choice}" for c in self._conditions()
                           if isinstance(c, ChoiceCondition)}
        self.reported: set[tuple[object, ...]] = set()
        self.errors = 0  # what the walk found; later checks would only echo it
        self.edges: dict[State, list[State]] = {}
        self.shown: set[str] = set()
        self.finished: set[State] = set()  # states where an ending is shown
        self.via: dict[tuple[State, State], str] = {}  # the choice taken on an edge
        # Every choice on an edge: two choices with the same effects lead to the same state.
        self.choices: dict[tuple[State, State], list[str]] = {}
        self.redirects: set[State] = set()  # states whose step is skipped by its condition

    def _conditions(self) -> list[Condition]:
        out = [c for st in self.s.steps.values() for c in st.when]
        return out + [c for st in self.s.steps.values() for ch in st.choices for c in ch.when]

    def once(self, key: tuple[object, ...]) -> bool:
        self.errors += 1
        if key in self.reported:
            return False
        self.reported.add(key)
        return True

    def holds(self, conditions: tuple[Condition, ...], state: State, where: str) -> bool | None:
        """Whether all conditions hold; None when one reads a meter that is not set."""
        for cond in conditions:
            if isinstance(cond, ChoiceCondition):
                taken = f"{cond.step}/{cond.choice}" in state.chosen
                if taken != cond.chosen:
                    return False
                continue
            value = state.meters[self.index[cond.meter]]
            if value is None:
                if self.once(("unset", cond.pos)):
                    self.problems.error(cond.pos, f"{where} reads meter '{cond.meter}' before any choice "
                                                  f"sets it (on a path through {self._describe(state)}): "
                                                  "give the meter a start value or set it earlier")
                return None
            if cond.at_least is not None and value < cond.at_least:
                return False
            if cond.at_most is not None and value > cond.at_most:
                return False
        return True

    def _describe(self, state: State) -> str:
        values = ", ".join(f"{m}={v}" for m, v in zip(self.meter_ids, state.meters, strict=True) if v is not None)
        return f"step '{state.step}'" + (f" with {values}" if values else "")

    def successors(self, state: State) -> list[State]:
        step = self.s.steps[state.step]
        if step.when:
            ok = self.holds(step.when, state, f"step '{step.id}'")
            if ok is None:
                return []
            if not ok:
                assert step.otherwise is not None
                self.redirects.add(state)
                return [State(step.otherwise, state.meters, state.chosen)]
        self.shown.add(step.id)
        if step.ending:
            self.finished.add(state)
            return []
        if step.next is not None:
            return [State(step.next, state.meters, state.chosen)]
        out = []
        failed = False  # a choice cut short by a reported error
        for choice in step.choices:
            ok = self.holds(choice.when, state, f"choice '{step.id}/{choice.id}'")
            if not ok:
                failed = failed or ok is None
                continue
            meters = self.apply(step, choice.id, choice.effects, state)
            if meters is None:
                failed = True
                continue
            key = f"{step.id}/{choice.id}"
            chosen = state.chosen | {key} if key in self.remembered else state.chosen
            nxt = State(choice.to, meters, chosen)
            self.via.setdefault((state, nxt), choice.id)
            self.choices.setdefault((state, nxt), []).append(choice.id)
            out.append(nxt)
        if not out and not failed and self.once(("stuck", step.id)):
            self.problems.error(step.pos, f"step '{step.id}' offers no choice when reached as "
                                          f"{self._describe(state)}: every choice's condition fails")
        return out

    def apply(self, step: Step, cid: str, effects: tuple[Effect, ...], state: State) -> Meters | None:
        values = list(state.meters)
        for effect in effects:
            i = self.index[effect.meter]
            meter = self.s.meters[effect.meter]
            current = values[i]
            if effect.op == "set":
                new = effect.value
            elif current is None:
                if self.once(("unset", effect.pos)):
                    self.problems.error(effect.pos, f"choice '{step.id}/{cid}' adds to meter '{effect.meter}' "
                                                    "before any choice sets it: give the meter a start "
                                                    "value or use {set: ...}")
                return None
            else:
                new = current + effect.value
            if not meter.min <= new <= meter.max:
                if self.once(("range", effect.pos)):
                    side = f"above its maximum {meter.max}" if new > meter.max else f"below its minimum {meter.min}"
                    self.problems.error(effect.pos, f"choice '{step.id}/{cid}' pushes meter '{effect.meter}' "
                                                    f"to {new}, {side}, on a path through "
                                                    f"{self._describe(state)}: change the effect or the range")
                return None
            values[i] = new
        return tuple(values)

    def explore(self) -> State | None:
        """Every state reachable from the start, with its edges; the start state, or None
        when the walk found errors."""
        s = self.s
        start = State(s.start, tuple(s.meters[m].start for m in self.meter_ids), frozenset())
        queue = deque([start])
        self.edges[start] = []
        while queue:
            state = queue.popleft()
            nexts = self.successors(state)
            self.edges[state] = nexts
            for n in nexts:
                if n not in self.edges:
                    if len(self.edges) >= MAX_STATES:
                        self.problems.error(s.pos, f"scenario '{s.id}' has over {MAX_STATES:,} combinations "
                                                   "of step and meter values to check: narrow the meters' "
                                                   "ranges or split the scenario")
                        return None
                    self.edges[n] = []
                    queue.append(n)
        return None if self.errors else start

    def run(self) -> PathFacts | None:
        s = self.s
        start = self.explore()
        if start is None:
            return None
        endings = self.finished
        self._check_trapped(endings)
        for step in s.steps.values():
            if step.id not in self.shown and self.once(("unshown", step.id)):
                what = "ending" if step.ending else "step"
                self.problems.error(step.pos, f"{what} '{step.id}' is never shown: {self._why_unshown(step)}")
        ranges = {}
        for i, m in enumerate(self.meter_ids):
            finals = [v for v in (st.meters[i] for st in endings) if v is not None]
            if finals:
                ranges[m] = (min(finals), max(finals))
        per_ending = self._count_paths(start, endings)
        outcomes = {s.steps[e].ending for e in per_ending}
        best = self._best_path(start, endings) if len(outcomes) > 1 or s.meters else None
        return PathFacts(paths=sum(per_ending.values()), endings=dict(per_ending), meter_ranges=ranges,
                         best=best, decisions=self._decisions(start, endings))

    def _why_unshown(self, step: Step) -> str:
        """Why no path shows ``step``: no path reaches it, or its own condition fails on every
        path that does, with the values its meters take there against what it asks."""
        arrived = [state for state in self.edges if state.step == step.id]
        if not arrived:
            return ("no path reaches it: the conditions of the choices and steps that lead to it fail on every "
                    "path; change a condition, or the effects on the way")
        said = []
        for cond in step.when:
            if not isinstance(cond, MeterCondition):
                continue
            values = [v for v in (st.meters[self.index[cond.meter]] for st in arrived) if v is not None]
            if not values:
                continue
            asks = " and ".join(part for part in (
                f"at least {cond.at_least}" if cond.at_least is not None else "",
                f"at most {cond.at_most}" if cond.at_most is not None else "") if part)
            low, high = min(values), max(values)
            there = f"{low}" if low == high else f"{low} to {high}"
            said.append(f"'{cond.meter}' is {there} on the paths that reach it, and the condition asks for {asks}")
        detail = "; ".join(said) if said else "its condition fails on every path that reaches it"
        return f"{detail}: change the condition, or the effects on the way"

    def _decisions(self, start: State, endings: set[State]) -> tuple[int, int]:
        """The fewest and the most choices a learner makes on the way to an ending."""
        inf = float("inf")
        memo: dict[State, tuple[float, float]] = {}
        for state in post_order(start, self.edges):
            here = 1 if self.s.steps[state.step].choices and state not in self.redirects else 0
            low, high = (0.0, 0.0) if state in endings else (inf, -inf)
            for n in self.edges[state]:
                sub = memo.get(n, (inf, -inf))  # not done yet: a loop, no ending this way
                low, high = min(low, sub[0] + here), max(high, sub[1] + here)
            memo[state] = (low, high)
        low, high = memo[start]
        return (int(low), int(high)) if low != inf else (0, 0)

    def _best_path(self, start: State, endings: set[State]) -> tuple[tuple[str, str | None], ...]:
        """The path to the best ending with the highest first meter (the patient's trust, by
        convention); among equals, the one whose choices come first in the file."""
        rank = {"bad": 0, "mixed": 1, "good": 2}
        first = next((i for i, m in enumerate(self.meter_ids) if self.s.meters[m].start is not None), None)
        # Each state's best score and the state it goes on to for it (None: its own ending).
        # Going on to a state not done yet goes round a loop, which cannot be better.
        best: dict[State, tuple[tuple[int, int], State | None] | None] = {}
        for state in post_order(start, self.edges):
            found: tuple[tuple[int, int], State | None] | None = None
            if state in endings:
                value = state.meters[first] if first is not None else 0
                found = ((rank[self.s.steps[state.step].ending or "bad"], value or 0), None)
            for n in self.edges[state]:
                sub = best.get(n)
                if sub is not None and (found is None or sub[0] > found[0]):
                    found = (sub[0], n)
            best[state] = found
        out: list[tuple[str, str | None]] = []
        here: State | None = start if best[start] else None
        while here is not None:
            entry = best[here]
            assert entry is not None
            if entry[1] is None:
                out.append((here.step, None))
            elif here not in self.redirects:
                out.append((here.step, self.via.get((here, entry[1]))))
            here = entry[1]
        return tuple(out)

    def _check_trapped(self, endings: set[State]) -> None:
        back: dict[State, list[State]] = {st: [] for st in self.edges}
        for st, nexts in self.edges.items():
            for n in nexts:
                back[n].append(st)
        alive = set(endings)
        queue = deque(endings)
        while queue:
            for prev in back[queue.popleft()]:
                if prev not in alive:
                    alive.add(prev)
                    queue.append(prev)
        for st in self.edges:
            if st in alive or not self.edges[st]:
                continue  # dead ends were reported where they happen
            loop = self._loop_from(st, alive)
            if self.once(("trapped", st.step)):
                self.problems.error(self.s.steps[st.step].pos,
                                    f"loop with no way out: from step '{st.step}' no ending can be reached "
                                    f"({' -> '.join(loop)})")

    def _loop_from(self, st: State, alive: set[State]) -> list[str]:
        seen: list[State] = []
        current = st
        while current not in seen:
            seen.append(current)
            nexts = [n for n in self.edges[current] if n not in alive]
            if not nexts:
                break
            current = nexts[0]
        names = [x.step for x in seen]
        return names + [current.step] if current in seen else names

    def _count_paths(self, start: State, endings: set[State]) -> Counter[str]:
        """Paths from the start to each ending; each loop is followed at most once. Counted,
        never listed: a scenario of a few hundred decisions has more paths than atoms."""
        memo: dict[State, Counter[str]] = {}
        for state in post_order(start, self.edges):
            total: Counter[str] = Counter()
            if state in endings:
                total[state.step] += 1
            for n in self.edges[state]:
                total.update(memo.get(n, Counter()))  # a state not done yet closes a loop: not counted
            memo[state] = total
        return memo[start]


def post_order(start: State, edges: dict[State, list[State]]) -> list[State]:
    """The states reachable from ``start``, each after every state it leads to, except
    those that lead back to it (a loop): a depth-first walk, without recursion, since a
    path can be thousands of states long."""
    out: list[State] = []
    done: set[State] = set()
    on_stack = {start}
    stack: list[tuple[State, int]] = [(start, 0)]
    while stack:
        state, i = stack[-1]
        nexts = edges[state]
        if i < len(nexts):
            stack[-1] = (state, i + 1)
            n = nexts[i]
            if n not in done and n not in on_stack:
                stack.append((n, 0))
                on_stack.add(n)
            continue
        out.append(state)
        done.add(state)
        on_stack.discard(state)
        stack.pop()
    return out


@dataclass(frozen=True)
class Visit:
    """One step on a path: the choice taken there (if any) and the meters after it."""

    step: str
    choice: str | None
    meters: dict[str, int | None]


@dataclass(frozen=True)
class StateGraph:
    """A valid scenario as its walk found it: every reachable state, and the choice on each edge."""

    start: State
    edges: dict[State, list[State]]
    via: dict[tuple[State, State], str]
    choices: dict[tuple[State, State], list[str]]  # every choice on an edge, the first in ``via``
    finished: frozenset[State]  # where an ending is shown
    redirects: frozenset[State]  # whose step is skipped by its condition
    meter_ids: tuple[str, ...]

    def meters(self, state: State) -> dict[str, int | None]:
        return dict(zip(self.meter_ids, state.meters, strict=True))

    def visits(self, states: list[State], picks: dict[int, str] | None = None) -> list[Visit]:
        """A path of states as the steps a learner sees, each with its choice (the first on
        its edge, or as ``picks`` says by the state's place in ``states``) and the meters after it."""
        out = []
        for i, (state, n) in enumerate(zip(states, states[1:], strict=False)):
            if state not in self.redirects:
                choice = (picks or {}).get(i) or self.via.get((state, n))
                out.append(Visit(state.step, choice, self.meters(n)))
        return [*out, Visit(states[-1].step, None, self.meters(states[-1]))]


def state_graph(s: Scenario) -> StateGraph | None:
    """The walk of a scenario that validation passed; None when it has graph errors."""
    walk = _Walk(s, Problems())
    start = walk.explore()
    if start is None:
        return None
    return StateGraph(start, walk.edges, walk.via, walk.choices, frozenset(walk.finished), frozenset(walk.redirects),
                      tuple(walk.meter_ids))


def walk_paths(s: Scenario, limit: int = 5000) -> list[list[Visit]]:
    """Every path from the start to an ending (each loop followed at most once), at most ``limit``."""
    g = state_graph(s)  # the graph only: validation checked it
    if g is None:
        return []
    out: list[list[Visit]] = []
    stack: list[tuple[State, tuple[State, ...]]] = [(g.start, (g.start,))]
    while stack and len(out) < limit:
        state, path = stack.pop()
        if state in g.finished:
            out.append(g.visits(list(path)))
            continue
        for n in reversed(g.edges[state]):
            if n not in path:
                stack.append((n, (*path, n)))
    return out
