"""What a clinical lead reviews before signing a module off, found in its state graph:
the fewest paths that together take every choice and reach every ending, each
ending's range of every meter, and the review flags.

A flag is something a reviewer must see because a learner could draw the wrong
lesson from it: a good ending reached after trust fell far, or at a price above the
one agreed; two choices that make no difference; a module that reads in far less
time than it claims. The author accepts a flag with a reason in the scenario file
(``review: accepted:``); the sheet then prints the reason in its place.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .graph import State, StateGraph, Visit, state_graph
from .model import Choice, Scenario
from .problems import Problems

T = TypeVar("T")
Item = tuple[str, str | None]  # a choice (step, choice id), or an ending (step, None)
WORDS_A_MINUTE = 180  # reading aloud or carefully, as in a sign-off
# A reading time under this share of the module's stated minutes is flagged.
SHORT_SHARE = 0.5


@dataclass(frozen=True)
class Flag:
    id: str  # what ``review: accepted:`` names, e.g. "price.paid.patient-returns"
    kind: str  # fall, price, same, short
    values: dict[str, Any]  # what the sheet's message names
    path: tuple[Visit, ...] = ()  # a path that shows it
    accepted: str | None = None  # the author's reason, when accepted


@dataclass(frozen=True)
class Findings:
    paths: list[list[Visit]]  # few paths that together take every choice and reach every ending
    unreachable: list[Item]  # choices no path can take (their conditions never hold)
    ranges: dict[str, dict[str, tuple[int, int]]]  # ending -> meter -> (lowest, highest)
    flags: list[Flag] = field(default_factory=list)
    shortest_words: int = 0  # the fewest words a path to an ending has to read
    left_out: list[Item] = field(default_factory=list)  # on no printed path: the rows would be too many


def findings(s: Scenario, g: StateGraph, words: Callable[[str, str | None], int], around: int = 0) -> Findings:
    """Everything the sheet reports; ``words(step, choice)`` counts what a step (with
    ``choice`` None) or one of its choices gives a learner to read, ``around`` what
    every path reads besides (the situation, the debrief, the takeaways)."""
    shortest = _shortest_words(g, words) + around
    cover = covering_paths(s, g)
    return Findings(cover.paths, cover.unreachable, ending_ranges(s, g), review_flags(s, g, shortest), shortest,
                    cover.left_out)


def flags_of(s: Scenario, g: StateGraph, words: Callable[[str, str | None], int], around: int = 0) -> list[Flag]:
    """The review flags alone (what the index of sheets counts): no paths are looked for."""
    return review_flags(s, g, _shortest_words(g, words) + around)


def review_flags(s: Scenario, g: StateGraph, shortest: int) -> list[Flag]:
    """Every flag, with the author's reason where one is accepted; ``shortest`` is the
    fewest words a path reads."""
    flags = [*_falls(s, g), *_prices(s, g), *_same_choices(s), *_short(s, shortest)]
    return [Flag(f.id, f.kind, f.values, f.path, s.review.accepted[f.id][0]) if f.id in s.review.accepted else f
            for f in flags]


def text_words(s: Scenario, lang: str) -> tuple[Callable[[str, str | None], int], int]:
    """Words a learner reads at a step (its title, text, activity and prompts) or in one of
    its choices (label, consequence, feedback), in ``lang``; and the words every path reads
    besides (the module's situation, debrief, takeaways, questions)."""
    counts: dict[tuple[str, str | None], int] = {}
    around = 0
    for key, text in s.texts.get(lang, {}).items():
        parts = key.split(".")
        if parts[0] != "steps" or len(parts) < 3:
            around += len(text.value.split())
            continue
        at = (parts[1], parts[3]) if parts[2] == "choices" and len(parts) > 4 else (parts[1], None)
        counts[at] = counts.get(at, 0) + len(text.value.split())
    return (lambda step, choice: counts.get((step, choice), 0)), around


def check_accepted(s: Scenario, lang: str, problems: Problems) -> None:
    """An accepted flag the scenario no longer raises (read in ``lang``) is an error: the
    reason would be printed for nothing, and would silence the flag should it come back changed."""
    if not s.review.accepted or (g := state_graph(s)) is None:
        return
    raised = {f.id for f in flags_of(s, g, *text_words(s, lang))}
    for flag_id, (_, pos) in s.review.accepted.items():
        if flag_id not in raised:
            problems.error(pos, f"review: accepted names flag '{flag_id}', which this scenario does not raise: "
                                f"remove it (flags raised: {', '.join(sorted(raised)) or 'none'})")


def _items(g: StateGraph, state: State, n: State) -> list[Item]:
    """What an edge can take: each of its choices (choices with the same effects share one), and its ending."""
    out: list[Item] = []
    if state not in g.redirects:
        out += [(state.step, c) for c in g.choices.get((state, n), ())]
    return out + ([(n.step, None)] if n in g.finished else [])


# The most rows of paths a sheet prints: a reader follows a few dozen paths of a few
# dozen steps, not a chain of thousands (whose covering paths alone would be millions
# of rows). What does not fit is named, not printed.
MAX_ROWS = 1_000


@dataclass(frozen=True)
class Cover:
    paths: list[list[Visit]]  # at most MAX_ROWS visits in all
    unreachable: list[Item]  # choices no path can take
    left_out: list[Item]  # choices and endings some path takes, but none printed (in the file's order)


def covering_paths(s: Scenario, g: StateGraph, rows: int = MAX_ROWS) -> Cover:
    """Few paths that together take every choice some path can take and reach every
    ending, at most ``rows`` visits in all; the choices no path can take; and what
    the printed paths leave out, when they would be more than ``rows``.

    Greedy: a path to the nearest state where something is still untaken, then on
    by untaken choices while they can still reach an ending; then paths whose every
    choice another path also takes are dropped. Linear in the states per path, and
    it stops at the first path that would go over ``rows``."""
    parent = _tree(g)
    to_end = _distance_to_end(g)
    wanted: set[Item] = set()
    nearest: dict[Item, State] = {}  # where on the shortest way from the start each item is first met
    for state in parent:  # in the order found: nearest first
        for n in g.edges[state]:
            if n in to_end:
                for item in _items(g, state, n):
                    wanted.add(item)
                    nearest.setdefault(item, state)
    if g.start in g.finished:
        wanted.add((g.start.step, None))
        nearest.setdefault((g.start.step, None), g.start)
    left = set(wanted)
    chosen: list[tuple[list[State], dict[int, str], set[Item]]] = []
    order = iter(item for item in nearest if item in wanted)
    used = 0
    while left:
        target = next(item for item in order if item in left)  # items only ever leave ``left``
        states = _route(parent, nearest[target])
        states += _onward(g, states, left, to_end, target)
        cost = 1 + sum(1 for state in states[:-1] if state not in g.redirects)  # the path's visits
        if used + cost > rows:
            break
        used += cost
        picks, got = _picked(g, states, left)
        left -= got | {target}  # the target is always taken; never ask for it twice
        chosen.append((states, picks, got))
    # A path is kept only when it takes something no other kept path takes.
    takers: Counter[Item] = Counter(item for _, _, items in chosen for item in items)
    kept = []
    for entry in chosen:
        if all(takers[item] > 1 for item in entry[2]):
            takers.subtract(entry[2])
        else:
            kept.append(entry)
    taken = set(takers.elements())
    unreachable: list[Item] = [(step.id, c.id) for step in s.steps.values() for c in step.choices
                               if (step.id, c.id) not in wanted]
    left_out: list[Item] = [item for step in s.steps.values()
                            for item in [*((step.id, c.id) for c in step.choices), (step.id, None)]
                            if item in wanted and item not in taken]
    return Cover([g.visits(states, picks) for states, picks, _ in kept], unreachable, left_out)


def _picked(g: StateGraph, states: list[State], left: set[Item]) -> tuple[dict[int, str], set[Item]]:
    """The choice a path shows on each edge (one still untaken, if the edge has one), and what it takes."""
    picks: dict[int, str] = {}
    got: set[Item] = {(states[0].step, None)} if states[0] in g.finished else set()
    for i, (a, b) in enumerate(zip(states, states[1:], strict=False)):
        items = _items(g, a, b)
        choices = [x for x in items if x[1] is not None]
        if choices:
            pick = next((x for x in choices if x in left and x not in got), choices[0])
            picks[i] = pick[1]  # type: ignore[assignment]
            got.add(pick)
        got.update(x for x in items if x[1] is None)
    return picks, got


def _tree(g: StateGraph) -> dict[State, State | None]:
    """Each state's parent on a shortest way from the start, in the order the states are found."""
    parent: dict[State, State | None] = {g.start: None}
    queue = deque([g.start])
    while queue:
        state = queue.popleft()
        for n in g.edges[state]:
            if n not in parent:
                parent[n] = state
                queue.append(n)
    return parent


def _route(parent: dict[T, T | None], state: T) -> list[T]:
    out = [state]
    while (p := parent[out[-1]]) is not None:
        out.append(p)
    return out[::-1]


def _distance_to_end(g: StateGraph) -> dict[State, int]:
    back: dict[State, list[State]] = {}
    for state, nexts in g.edges.items():
        for n in nexts:
            back.setdefault(n, []).append(state)
    dist = dict.fromkeys(g.finished, 0)
    queue = deque(g.finished)
    while queue:
        state = queue.popleft()
        for p in back.get(state, []):
            if p not in dist:
                dist[p] = dist[state] + 1
                queue.append(p)
    return dist


def _onward(g: StateGraph, states: list[State], left: set[Item], to_end: dict[State, int],
            target: Item) -> list[State]:
    """From the last of ``states`` to an ending: through ``target`` first if it is a choice
    there, then by choices still untaken, else by the shortest way; never round a loop twice."""
    seen = set(states)
    out: list[State] = []
    here = states[-1]
    done: set[Item] = set()  # taken on the way: no longer a reason to go one way
    while here not in g.finished:
        # The target's own edge is taken even when it goes back round a loop.
        options = [n for n in g.edges[here] if n in to_end and (n not in seen or (not out and target in
                                                                                  _items(g, here, n)))]
        if not options:  # every way on goes round a loop already taken: the shortest way ends it
            options = [n for n in g.edges[here] if n in to_end]

        def rank(n: State, here: State = here) -> tuple[bool, bool, int]:
            items = set(_items(g, here, n))
            return (target not in items, not any(x in left and x not in done for x in items), to_end[n])

        prev, here = here, min(options, key=rank)
        done.update(_items(g, prev, here)[:1])
        out.append(here)
        seen.add(here)
    return out


def ending_ranges(s: Scenario, g: StateGraph) -> dict[str, dict[str, tuple[int, int]]]:
    """Each ending's lowest and highest value of every meter over the paths that reach it."""
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for state in g.finished:
        meters = out.setdefault(state.step, {})
        for m, value in g.meters(state).items():
            if value is not None:
                low, high = meters.get(m, (value, value))
                meters[m] = (min(low, value), max(high, value))
    return {step: out[step] for step in s.steps if step in out}


def fall_limit(s: Scenario, meter: str) -> int:
    m = s.meters[meter]
    return s.review.fall if s.review.fall is not None else max(1, (m.max - m.min) // 5)


def _good(s: Scenario, state: State) -> bool:
    return s.steps[state.step].ending == "good"


def _falls(s: Scenario, g: StateGraph) -> list[Flag]:
    """A good ending reached on a path where a meter without currency was, at some point,
    more than its limit below where it started."""
    meters = [(i, m) for i, m in enumerate(g.meter_ids)
              if s.meters[m].currency is None and s.meters[m].start is not None]
    if not meters:
        return []
    Node = tuple[State, frozenset[str]]

    def fallen(state: State, before: frozenset[str]) -> frozenset[str]:
        low = {m for i, m in meters if state.meters[i] is not None
               and s.meters[m].start - state.meters[i] > fall_limit(s, m)}  # type: ignore[operator]
        return before | low

    first: Node = (g.start, fallen(g.start, frozenset()))
    parent: dict[Node, Node | None] = {first: None}
    queue = deque([first])
    flags: dict[str, Flag] = {}
    while queue:
        node = queue.popleft()
        state, down = node
        if state in g.finished and _good(s, state):
            for m in sorted(down):
                flag_id = f"fall.{m}.{state.step}"
                if flag_id not in flags:
                    path = g.visits([x[0] for x in _route(parent, node)])
                    low = min(v.meters[m] for v in path if v.meters[m] is not None)  # type: ignore[type-var]
                    flags[flag_id] = Flag(flag_id, "fall", {"meter": m, "ending": state.step,
                                                            "start": s.meters[m].start, "lowest": low,
                                                            "limit": fall_limit(s, m)}, tuple(path))
        for n in g.edges[state]:
            nxt = (n, fallen(n, down))
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return [flags[k] for k in sorted(flags)]


def agreed_price(s: Scenario, g: StateGraph, meter: str) -> int | None:
    """The price a cost meter is held to: as declared, else the lowest with which a good ending is reached."""
    if meter in s.review.prices:
        return s.review.prices[meter]
    i = g.meter_ids.index(meter)
    finals = [st.meters[i] for st in g.finished if _good(s, st) and st.meters[i] is not None]
    return min(finals) if finals else None  # type: ignore[type-var]


def _prices(s: Scenario, g: StateGraph) -> list[Flag]:
    """A good ending reached with a cost meter above the agreed price."""
    parent = _tree(g)
    flags = []
    for i, m in enumerate(g.meter_ids):
        if s.meters[m].currency is None or (agreed := agreed_price(s, g, m)) is None:
            continue
        worst: dict[str, State] = {}
        for state in parent:
            value = state.meters[i]
            if state in g.finished and _good(s, state) and value is not None and value > agreed:
                if state.step not in worst or value > worst[state.step].meters[i]:  # type: ignore[operator]
                    worst[state.step] = state
        for ending, state in worst.items():
            flags.append(Flag(f"price.{m}.{ending}", "price",
                              {"meter": m, "ending": ending, "agreed": agreed, "highest": state.meters[i]},
                              tuple(g.visits(_route(parent, state)))))
    return sorted(flags, key=lambda f: f.id)


def _same_choices(s: Scenario) -> list[Flag]:
    """Two choices at a step that lead to the same step with the same effects and conditions."""
    def shape(c: Choice) -> tuple[Any, ...]:
        return (c.to, sorted((e.meter, e.op, e.value) for e in c.effects),
                sorted(repr({k: v for k, v in vars(x).items() if k != "pos"}) for x in c.when))

    flags = []
    for step in s.steps.values():
        for i, a in enumerate(step.choices):
            for b in step.choices[i + 1:]:
                if shape(a) == shape(b):
                    flags.append(Flag(f"same.{step.id}.{a.id}.{b.id}", "same",
                                      {"step": step.id, "first": a.id, "second": b.id}))
    return flags


def _short(s: Scenario, words: int) -> list[Flag]:
    minutes = words / WORDS_A_MINUTE
    if minutes >= s.duration * SHORT_SHARE:
        return []
    return [Flag("short", "short", {"minutes": max(1, round(minutes)), "stated": s.duration})]


def _shortest_words(g: StateGraph, words: Callable[[str, str | None], int]) -> int:
    """The fewest words on a path from the start to an ending (Dijkstra over the states;
    an ending's own words are counted on the way into it)."""
    first = words(g.start.step, None) if g.start in g.finished else 0
    best = {g.start: first}
    heap: list[tuple[int, int, State]] = [(first, 0, g.start)]
    tie = 0
    while heap:
        cost, _, state = heapq.heappop(heap)
        if cost > best.get(state, cost):
            continue
        if state in g.finished:
            return cost
        for n in g.edges[state]:
            here = 0 if state in g.redirects else words(state.step, None) + words(state.step, g.via.get((state, n)))
            here += words(n.step, None) if n in g.finished else 0
            if cost + here < best.get(n, cost + here + 1):
                best[n] = cost + here
                tie += 1
                heapq.heappush(heap, (cost + here, tie, n))
    return 0
