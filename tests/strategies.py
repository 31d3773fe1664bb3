"""Hypothesis strategies: random valid scenarios, the mutations that break them, and
random scenario graphs for the graph checks.

A valid scenario is built so that it passes every rule of ``generator/graph.py``
by construction, not by asking the validator:

- Every step hangs in a spanning tree rooted at the start step; tree links always
  go to a later step and are never conditional, so every step is shown on the
  path down the tree.
- Every step that is not an ending offers a link to a later step with no
  condition (its first choice, or its next), so every state can reach an ending
  and every loop has a way out.
- Loops (links back to an earlier step) only appear when no choice adds to a
  meter: meters are then only set, from a few values, so the walk stays small.
- Meters are wide enough that the adds of a whole path cannot leave their range;
  conditions only read meters that have a start value.
- A step with a condition (``when``/``otherwise``) gets one that holds on its own
  path down the tree, and its ``otherwise`` leads to a later step or to an
  ending without a condition, so redirects never go round in circles.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.model import (
    Choice,
    ChoiceCondition,
    Condition,
    Effect,
    Meter,
    MeterCondition,
    Pos,
    Scenario,
    Step,
)

LANGUAGES = ("pl", "en", "ru", "uk")
ROLES = ("front-desk", "cashier", "nurse", "doctor", "manager")
CURRENCIES = ("PLN", "EUR", "UAH", "USD", "RUB", "JPY")
RESERVED = ("course", "glossary", "workshops")  # folders of scenarios/ that are not scenarios
MAX_STEPS = 12
ADD = 20  # the largest add of one choice
MARGIN = ADD * MAX_STEPS + 10  # a meter's set values stay this far inside its range

# Ids and names YAML reads as something else (null, booleans, numbers, dates) unless quoted.
TRICKY_IDS = ("null", "true", "false", "yes", "no", "on", "off", "y", "n", "0", "1", "007", "1e3",
              "0x1f", "0o17", "inf", "nan", "2024-01-31", "1-0")
TRICKY_NAMES = ("null", "true", "false", "yes", "no", "on", "nan", "inf", "y", "e", "x_1")

ids = st.one_of(st.sampled_from(TRICKY_IDS), st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True))
names = st.one_of(st.sampled_from(TRICKY_NAMES), st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))

# Text: Polish, Russian and Ukrainian letters, Markdown punctuation, quotes, backslashes
# and emoji. No digits (a number is written {name}, and a typed one is refused), no '<'
# (raw HTML), no braces in titles (they are compared with the page as written).
LETTERS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
           "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯіїєґІЇЄҐ'")
PUNCTUATION = tuple(".,;:!?-–—…()[]*_`#>|~+=/%&@$^'\"„”«»’\\") + (": ", " #", "- ", "? ", "&amp;", "--", "**")
EMOJI = ("👍", "🙂", "🏥", "👩\u200d⚕️", "❤️", "🇵🇱", "💶")
words = st.text(alphabet=LETTERS, min_size=1, max_size=10)
fragments = st.one_of(words, st.sampled_from(PUNCTUATION), st.sampled_from(EMOJI), st.just(" "))


def lines() -> st.SearchStrategy[str]:
    """One line of text (a title, a label): at least one word."""
    return st.tuples(words, st.lists(fragments, max_size=8)).map(lambda t: t[0] + "".join(t[1]))


def texts(numbers: list[str]) -> st.SearchStrategy[str]:
    """Markdown running text, with line breaks, paragraphs and the scenario's numbers."""
    extra = [st.sampled_from(["\n", "\n\n", "\n- ", "\n> ", "\\{", "  "])]
    if numbers:
        extra.append(st.sampled_from(numbers).map(lambda n: "{" + n + "}"))
    parts = st.one_of(fragments, *extra)
    return st.tuples(words, st.lists(parts, max_size=16)).map(lambda t: t[0] + "".join(t[1]))


@dataclass
class Draft:
    """A scenario as the files hold it: structure and one text mapping per language."""

    id: str
    structure: dict[str, Any]
    texts: dict[str, dict[str, Any]]
    loops: bool

    @property
    def steps(self) -> dict[str, Any]:
        steps: dict[str, Any] = self.structure["steps"]
        return steps

    def data(self) -> dict[str, Any]:
        """Path under scenarios/ -> the file's data."""
        return {f"{self.id}/scenario.yml": self.structure, **{f"{self.id}/{lang}.yml": t
                                                              for lang, t in self.texts.items()}}

    def files(self) -> dict[str, str]:
        """Path under scenarios/ -> YAML text."""
        return {rel: dump(value) for rel, value in self.data().items()}


def dump(data: Any) -> str:
    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_files(scenarios_dir: Path, files: dict[str, bytes | str | None]) -> None:
    """Write each file (None deletes it), making its folder."""
    for rel, content in files.items():
        path = scenarios_dir / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


@st.composite
def drafts(draw: st.DrawFn, languages: tuple[str, ...] = LANGUAGES) -> Draft:
    """A random valid scenario (see the module's docstring for how it stays valid)."""
    sid = draw(ids.filter(lambda x: x not in RESERVED))
    n = draw(st.sampled_from(range(2, MAX_STEPS + 1)))  # uniform: integers() favours the smallest
    step_ids = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    loops = draw(st.booleans())

    numbers: dict[str, Any] = draw(st.dictionaries(names, st.one_of(
        st.integers(min_value=-ADD, max_value=ADD),
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda x: x != int(x)),
        st.fixed_dictionaries({"value": st.one_of(st.integers(-10**9, 10**9), st.floats(0, 1e6))},
                              optional={"currency": st.sampled_from(CURRENCIES)}),
    ), max_size=3))
    small = [k for k, v in numbers.items()
             if isinstance(v, int) and not isinstance(v, bool) and -ADD <= v <= ADD]

    meters: dict[str, Any] = {}
    for name in draw(st.lists(names, max_size=3, unique=True)):
        low = draw(st.integers(min_value=-10**6, max_value=10**6))
        spec: dict[str, Any] = {"min": low, "max": low + 2 * MARGIN + 2 * ADD}
        if draw(st.integers(0, 3)):  # mostly with a start value
            spec["start"] = low + MARGIN + ADD
        if draw(st.booleans()):
            spec["currency"] = draw(st.sampled_from(CURRENCIES))
        meters[name] = spec
    started = [m for m, spec in meters.items() if "start" in spec]

    def set_values(meter: str) -> list[int]:
        low = meters[meter]["min"]
        return [low + MARGIN, low + MARGIN + ADD, low + MARGIN + 2 * ADD]

    # The spanning tree: each step's parent is an earlier step with room for a child.
    children: list[list[int]] = [[] for _ in range(n)]
    parent = [0] * n
    for j in range(1, n):
        p = draw(st.sampled_from([i for i in range(j) if len(children[i]) < 4]))
        children[p].append(j)
        parent[j] = p
    kinds = []
    for i in range(n):
        if i == n - 1:
            kinds.append("ending")
        elif not children[i]:
            kinds.append(draw(st.sampled_from(["ending", "decision", "passage", "activity"])))
        elif len(children[i]) == 1:
            kinds.append(draw(st.sampled_from(["decision", "passage", "activity"])))
        else:
            kinds.append("decision")
    endings = [i for i in range(n) if kinds[i] == "ending"]

    def way_on(i: int) -> int:
        """A link of step i that leads on for sure: its first tree child, or a later step."""
        return children[i][0] if children[i] else draw(st.sampled_from(range(i + 1, n)))

    def effects() -> dict[str, Any]:
        out: dict[str, Any] = {}
        for meter in draw(st.lists(st.sampled_from(list(meters)), max_size=2, unique=True)) if meters else []:
            if loops or "start" not in meters[meter] or draw(st.integers(0, 3)) == 0:
                out[meter] = {"set": draw(st.sampled_from(set_values(meter)))}
            elif small and draw(st.booleans()):
                out[meter] = draw(st.sampled_from(["", "+", "-"])) + draw(st.sampled_from(small))
            else:
                out[meter] = draw(st.integers(min_value=-ADD, max_value=ADD))
        return out

    steps: dict[str, dict[str, Any]] = {}
    tree_choice: dict[int, str] = {}  # step j -> the choice of its parent that leads to it
    for i, kind in enumerate(kinds):
        spec = {}
        if kind == "decision":
            targets = children[i] or [way_on(i)]
            others = list(range(i + 1, n)) + [e for e in endings if e < i]
            if loops:
                others += list(range(i + 1))
            targets = targets + draw(st.lists(st.sampled_from(others), max_size=4 - len(targets)))
            cids = draw(st.lists(ids, min_size=len(targets), max_size=len(targets), unique=True))
            choices = {}
            for k, (cid, target) in enumerate(zip(cids, targets, strict=True)):
                choice: dict[str, Any] = {"to": step_ids[target]}
                fx = effects()
                if fx:
                    choice["effects"] = fx
                choices[cid] = choice
                if k < len(children[i]):
                    tree_choice[target] = cid
            spec["choices"] = choices
        elif kind in ("passage", "activity"):
            spec["next"] = step_ids[way_on(i)]
            if kind == "activity":
                key, value = draw(activities())
                spec[key] = value
        else:
            spec["ending"] = draw(st.sampled_from(["good", "mixed", "bad"]))
        if kind != "ending" and draw(st.integers(0, 3)) == 0:
            spec["prompts"] = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
        steps[step_ids[i]] = spec

    all_choices = [(s, c) for s, spec in steps.items() for c in spec.get("choices", {})]

    def path_to(j: int) -> list[int]:
        path = [j]
        while path[-1]:
            path.append(parent[path[-1]])
        return path[::-1]

    def state_at(j: int) -> tuple[dict[str, int], set[tuple[str, str]]]:
        """Meter values and choices taken on arriving at step j down the tree."""
        values = {m: int(meters[m]["start"]) for m in started}
        chosen = set()
        for a, b in zip(path_to(j), path_to(j)[1:], strict=False):
            cid = tree_choice.get(b)
            if cid is None:
                continue  # a next: no effects
            chosen.add((step_ids[a], cid))
            for meter, fx in steps[step_ids[a]]["choices"][cid].get("effects", {}).items():
                if meter not in values:
                    continue
                if isinstance(fx, dict):
                    values[meter] = fx["set"]
                elif isinstance(fx, str):
                    sign = -1 if fx.startswith("-") else 1
                    values[meter] += sign * numbers[fx.lstrip("+-")]
                else:
                    values[meter] += fx
        return values, chosen

    def amount(value: int) -> int | str:
        names_for = [k for k in small if numbers[k] == value]
        return draw(st.sampled_from(names_for)) if names_for and draw(st.booleans()) else value

    def holding_condition(j: int) -> dict[str, Any]:
        """A condition that holds on the way to step j down the tree."""
        values, chosen = state_at(j)
        options = ["meter"] * bool(started) + ["chose"] * bool(chosen) + ["not_chose"] * bool(all_choices)
        kind = draw(st.sampled_from(options))
        if kind == "meter":
            meter = draw(st.sampled_from(started))
            low, high = meters[meter]["min"], meters[meter]["max"]
            cond: dict[str, Any] = {"meter": meter}
            if draw(st.booleans()):
                cond["at_least"] = amount(draw(st.integers(low, values[meter])))
            if "at_least" not in cond or draw(st.booleans()):
                cond["at_most"] = amount(draw(st.integers(values[meter], high)))
            return cond
        if kind == "chose":
            step, choice = draw(st.sampled_from(sorted(chosen)))
            return {"chose": f"{step}/{choice}"}
        untaken = [c for c in all_choices if c not in chosen]
        if not untaken:
            return {"chose": "/".join(draw(st.sampled_from(sorted(chosen))))}
        step, choice = draw(st.sampled_from(untaken))
        return {"not_chose": f"{step}/{choice}"}

    def any_condition() -> dict[str, Any]:
        if started and (not all_choices or draw(st.booleans())):
            meter = draw(st.sampled_from(started))
            low, high = meters[meter]["min"], meters[meter]["max"]
            bound = draw(st.sampled_from(["at_least", "at_most"]))
            return {"meter": meter, bound: amount(draw(st.integers(low, high)))}
        step, choice = draw(st.sampled_from(all_choices))
        return {draw(st.sampled_from(["chose", "not_chose"])): f"{step}/{choice}"}

    if started or all_choices:
        # Conditions on choices that are not the sure way on, nor a tree link.
        for i, spec in enumerate(steps.values()):
            for k, choice in enumerate(spec.get("choices", {}).values()):
                if k >= max(1, len(children[i])) and draw(st.integers(0, 2)) == 0:
                    conds = [any_condition() for _ in range(draw(st.integers(1, 2)))]
                    choice["when"] = conds[0] if len(conds) == 1 and draw(st.booleans()) else conds
        # Steps shown only when a condition holds: it does on their way down the tree.
        ungated_endings = set(endings)
        for i in range(1, n):
            spec = steps[step_ids[i]]
            later = list(range(i + 1, n)) + [e for e in ungated_endings if e < i]
            if not later or draw(st.integers(0, 3)):
                continue
            spec["when"] = holding_condition(i)
            spec["otherwise"] = step_ids[draw(st.sampled_from(later))]
            ungated_endings.discard(i)

    structure: dict[str, Any] = {
        "id": sid,
        "duration": draw(st.integers(1, 600)),
        "roles": draw(st.lists(st.sampled_from(ROLES), min_size=1, max_size=3, unique=True)),
        "objectives": draw(st.lists(ids, max_size=3, unique=True)),
    }
    for key in ("takeaways", "questions"):
        if draw(st.booleans()):
            structure[key] = draw(st.lists(ids, max_size=3, unique=True))
    if numbers:
        structure["numbers"] = numbers
    if meters:
        structure["meters"] = meters
    if draw(st.booleans()):
        structure["graded"] = draw(st.booleans())
    structure["start"] = step_ids[0]
    structure["steps"] = steps
    # Every choice has feedback, but at a step that says it needs none (a vote).
    votes = {s for s, spec in steps.items() if "choices" in spec and draw(st.booleans())}
    for s in votes:
        steps[s]["feedback"] = "none"
    feedback = {(s, c) for s, c in all_choices if s not in votes or draw(st.booleans())}
    return Draft(sid, structure, translated({lang: draw(text_files(structure, feedback)) for lang in languages}),
                 loops)


def translated(files: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each language's texts, a text drawn alike in two languages told apart by the later
    one's code before it: a text that reads as another language's is a copy, not a translation."""
    seen: dict[tuple[str, ...], set[tuple[str, ...]]] = {}

    def walk(node: dict[str, Any], path: tuple[str, ...], lang: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, (*path, str(key)), lang)
                continue
            words = tuple(str(value).split())
            if words in seen.setdefault((*path, str(key)), set()):
                node[key] = f"{lang} {value}"
            seen[(*path, str(key))].add(tuple(str(node[key]).split()))

    for lang, texts in files.items():
        walk(texts, (), lang)
    return files


@st.composite
def activities(draw: st.DrawFn) -> tuple[str, Any]:
    kind = draw(st.sampled_from(["quiz", "order", "spot", "assess"]))
    if kind == "quiz":
        options = draw(st.lists(ids, min_size=2, max_size=4, unique=True))
        correct = draw(st.lists(st.sampled_from(options), min_size=1, max_size=len(options) - 1, unique=True))
        quiz: dict[str, Any] = {"options": options, "correct": correct}
        if len(correct) > 1 and draw(st.booleans()):
            quiz["multiple"] = True
        elif len(correct) == 1 and draw(st.booleans()):
            quiz["multiple"] = draw(st.booleans())
        return kind, quiz
    if kind == "order":
        return kind, draw(st.lists(ids, min_size=2, max_size=5, unique=True))
    if kind == "spot":
        spoken = draw(st.lists(ids, min_size=2, max_size=4, unique=True))
        return kind, {"lines": spoken, "moves": draw(st.lists(st.sampled_from(spoken), min_size=1, unique=True))}
    statements = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    groups = draw(st.lists(ids, min_size=1, max_size=min(3, len(statements)), unique=True))
    cut = sorted(draw(st.lists(st.integers(1, len(statements) - 1), max_size=len(groups) - 1, unique=True))
                 ) if len(statements) > 1 else []
    bounds = [0, *cut, len(statements)]
    assess: dict[str, Any] = {"groups": {g: statements[a:b] for g, a, b in zip(groups, bounds, bounds[1:],
                                                                               strict=False)}}
    if draw(st.booleans()):
        assess["scale"] = draw(st.integers(3, 7))
    return kind, assess


@st.composite
def text_files(draw: st.DrawFn, structure: dict[str, Any], feedback: set[tuple[str, str]]) -> dict[str, Any]:
    """One language's text for ``structure``: every key it needs, in random text. Titles
    are drawn one by one; the rest comes from a few drawn texts, so that a large scenario
    fits in what Hypothesis draws for one example."""
    numbers = list(structure.get("numbers", {}))
    title = lines()
    line = st.sampled_from(draw(st.lists(lines(), min_size=1, max_size=6)))
    text = st.sampled_from(draw(st.lists(texts(numbers), min_size=1, max_size=6)))
    out: dict[str, Any] = {"title": draw(title), "summary": draw(text), "intro": draw(text)}
    for key in ("objectives", "takeaways", "questions"):
        if structure.get(key):
            out[key] = {i: draw(text) for i in structure[key]}
    if "meters" in structure:
        out["meters"] = {m: draw(line) for m in structure["meters"]}
    steps: dict[str, Any] = {}
    for sid, spec in structure["steps"].items():
        step: dict[str, Any] = {"title": draw(title), "text": draw(text)}
        if "prompts" in spec:
            step["prompts"] = {p: draw(text) for p in spec["prompts"]}
        if "choices" in spec:
            step["choices"] = {}
            for cid in spec["choices"]:
                choice = {"label": draw(line), "consequence": draw(text)}
                if (sid, cid) in feedback:
                    choice["feedback"] = draw(text)
                step["choices"][cid] = choice
        if "quiz" in spec:
            step["options"] = {o: {"label": draw(line), "feedback": draw(text)} for o in spec["quiz"]["options"]}
        if "order" in spec:
            step["items"] = {x: draw(line) for x in spec["order"]}
        if "spot" in spec:
            step["lines"] = {x: {"speaker": draw(line), "text": draw(text), "explain": draw(text)}
                             for x in spec["spot"]["lines"]}
        if "assess" in spec:
            groups = spec["assess"]["groups"]
            step["groups"] = {g: draw(line) for g in groups}
            step["statements"] = {x: draw(line) for items in groups.values() for x in items}
        steps[sid] = step
    out["steps"] = steps
    out["debrief"] = draw(text)
    return out


# Mutations: what a careless edit, a bad merge or a broken disk does to the files.

WEIRD_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-10**30, max_value=-1),
    st.floats(), st.just(""), st.just("   "), st.text(max_size=20), ids,
    st.sampled_from(["Bad Id", "zażółć", "ÄÖ", "a/b", "../../etc", "a.b", "-x", "x-", "{price}", "\t", "~", "null"]),
    st.sampled_from([1, 2, 3]).map(lambda k: "x" * (25_000 * k)),
)
WEIRD_VALUES = st.one_of(
    WEIRD_SCALARS,
    st.lists(WEIRD_SCALARS, max_size=3),
    st.dictionaries(st.one_of(ids, st.text(max_size=5)), WEIRD_SCALARS, max_size=3),
)
WEIRD_KEYS = st.one_of(ids, names, st.integers(-5, 5), st.booleans(), st.text(min_size=1, max_size=10),
                       st.sampled_from(["Bad Id", "ąę", "a b", "a.b", "steps", "title"]))
LINK_KEYS = ("to", "next", "otherwise", "start", "chose", "not_chose")
# Keys whose loss or change the checks after the schema must cope with.
STRUCTURAL = (*LINK_KEYS, "when", "ending", "choices", "effects", "meters", "numbers", "min", "max", "set",
              "at_least", "at_most", "meter", "value", "options", "correct", "lines", "moves", "groups", "prompts")


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The key path of every value in ``data``."""
    out = []
    if isinstance(data, dict):
        items: Any = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return []
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


@st.composite
def data_mutation(draw: st.DrawFn, data: Any, step_ids: list[str]) -> Any:
    """``data`` (a copy) with one value deleted, replaced, renamed, relinked or added."""
    if not isinstance(data, dict):
        return draw(WEIRD_VALUES)
    data = copy.deepcopy(data)
    paths = _paths(data)
    kind = draw(st.sampled_from(["delete", "replace", "rename", "relink", "add", "structural", "swap"]))
    links = [p for p in paths if p[-1] in LINK_KEYS]
    structural = [p for p in paths if p[-1] in STRUCTURAL]
    if kind == "structural" and structural:
        # Lose a key the structure hangs on, or give it another part's value.
        path = draw(st.sampled_from(structural))
        if draw(st.booleans()):
            del _parent(data, path)[path[-1]]
        else:
            _parent(data, path)[path[-1]] = copy.deepcopy(_value(data, draw(st.sampled_from(paths))))
    elif kind == "swap" and len(paths) > 1:
        # A value moved to the wrong place: plausible, and often the right type.
        a, b = draw(st.lists(st.sampled_from(paths), min_size=2, max_size=2))
        _parent(data, a)[a[-1]] = copy.deepcopy(_value(data, b))
    elif kind == "relink" and links:
        path = draw(st.sampled_from(links))
        own = next((str(k) for k in path if str(k) in step_ids), "x")
        target = draw(st.one_of(st.sampled_from([*step_ids, own, "nowhere", "x/y"]), ids))
        _parent(data, path)[path[-1]] = target
    elif kind in ("add", "relink", "structural", "swap") or not paths:
        mappings = [()] + [p for p in paths if isinstance(_value(data, p), dict)]
        _value(data, draw(st.sampled_from(mappings)))[draw(WEIRD_KEYS)] = draw(WEIRD_VALUES)
    else:
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        key = path[-1]
        if kind == "delete":
            del parent[key]
        elif kind == "rename" and isinstance(parent, dict):
            new = draw(WEIRD_KEYS)
            items = [(new if k == key else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        else:
            parent[key] = draw(WEIRD_VALUES)
    return data


def _value(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@st.composite
def story_mutation(draw: st.DrawFn, structure: dict[str, Any]) -> dict[str, Any]:
    """``structure`` (a copy) with a mistake the schema lets through, for the checks after it:
    a link to an unknown step, to itself or elsewhere, a step renamed or dropped, a step
    with no way out, a meter pushed out of range or read before it is set, a condition
    without its otherwise, an amount that is not a whole number."""
    data = copy.deepcopy(structure)
    steps: dict[str, Any] = data["steps"]
    if not isinstance(steps, dict) or not steps or not all(isinstance(v, dict) for v in steps.values()):
        return data  # an earlier mutation broke it beyond a story
    paths = _paths(data)
    kind = draw(st.sampled_from(["relink", "rename", "drop", "trap", "effect", "unset", "threshold", "end",
                                 "half-condition", "fraction"]))
    if kind == "relink":
        links = [p for p in paths if p[-1] in ("to", "next", "otherwise", "start")]  # start at least
        path = draw(st.sampled_from(links))
        own = str(path[1]) if len(path) > 2 else next(iter(steps))
        _parent(data, path)[path[-1]] = draw(st.sampled_from([*steps, own, "nowhere"]))
    elif kind in ("rename", "drop", "trap", "end") and len(steps) > 1:
        sid = draw(st.sampled_from(list(steps)))
        if kind == "rename":
            data["steps"] = {(draw(ids) if k == sid else k): v for k, v in steps.items()}
        elif kind == "drop":
            del steps[sid]
        elif kind == "trap":  # every way on leads back here
            for choice in steps[sid].get("choices", {}).values():
                choice["to"] = sid
            if "next" in steps[sid]:
                steps[sid]["next"] = sid
        else:
            steps[sid] = {"ending": draw(st.sampled_from(["good", "mixed", "bad"]))}
    elif kind == "effect" and data.get("meters"):
        meter = draw(st.sampled_from(list(data["meters"])))
        sid = draw(st.sampled_from(list(steps)))
        for choice in steps[sid].get("choices", {}).values():
            value = draw(st.integers(-10**7, 10**7))
            choice.setdefault("effects", {})[meter] = {"set": value} if draw(st.booleans()) else value
    elif kind == "unset" and data.get("meters"):
        draw(st.sampled_from(list(data["meters"].values()))).pop("start", None)
    elif kind == "threshold":
        bounds = [p for p in paths if p[-1] in ("at_least", "at_most", "min", "max", "start") and p[0] != "steps"
                  or p[-1] in ("at_least", "at_most")]
        if bounds:
            path = draw(st.sampled_from(bounds))
            _parent(data, path)[path[-1]] = draw(st.integers(-10**7, 10**7))
    elif kind == "half-condition":
        gated = [s for s in steps.values() if "when" in s and "otherwise" in s]
        if gated:
            draw(st.sampled_from(gated)).pop(draw(st.sampled_from(["when", "otherwise"])))
    elif kind == "fraction" and data.get("numbers"):
        name = draw(st.sampled_from(list(data["numbers"])))
        data["numbers"][name] = draw(st.floats(-100, 100, allow_nan=False))
    return data


BYTE_MUTATIONS = ("truncate", "insert", "invalid-utf8", "duplicate-line", "delete-line", "indent", "tabs",
                  "delete-file", "empty", "bom", "crlf", "swap-lines", "oversize")


@st.composite
def byte_mutation(draw: st.DrawFn, raw: bytes | None) -> bytes | None:
    """The bytes of a file after one accident (None: the file is gone)."""
    kind = draw(st.sampled_from(BYTE_MUTATIONS))
    if raw is None or kind == "delete-file":
        return None
    if kind == "empty":
        return b""
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if kind == "oversize":  # a pasted dump: bigger than any file the tool reads
        return raw + b"\n# " + b"x" * 2_100_000 + b"\n"
    at = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return raw[:at]
    if kind == "insert":
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "invalid-utf8":
        return raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\x00"])) + raw[at:]
    rows = raw.split(b"\n")
    i = draw(st.integers(0, len(rows) - 1))
    if kind == "duplicate-line":
        rows.insert(i, rows[i])
    elif kind == "delete-line":
        del rows[i]
    elif kind == "indent":
        rows[i] = b" " * draw(st.integers(0, 6)) + rows[i].lstrip(b" ")
    elif kind == "tabs":
        rows[i] = rows[i].replace(b"  ", b"\t")
    else:
        j = draw(st.integers(0, len(rows) - 1))
        rows[i], rows[j] = rows[j], rows[i]
    return b"\n".join(rows)


@st.composite
def mutated_files(draw: st.DrawFn, data: dict[str, Any], others: dict[str, str]) -> dict[str, bytes | None]:
    """Files under scenarios/ after one to four accidents: mistakes in the story first,
    then damage to any file. ``data`` holds the YAML data of a scenario's files (its
    structure in ``<id>/scenario.yml``), ``others`` the text of files only damaged."""
    data = dict(data)
    files: dict[str, bytes | None] = {rel: dump(value).encode("utf-8") for rel, value in data.items()}
    files.update({rel: text.encode("utf-8") for rel, text in others.items()})
    structure = next(rel for rel in data if rel.endswith("/scenario.yml"))
    step_ids = [str(s) for s in data[structure]["steps"]]
    stories = draw(st.integers(0, 2))
    for _ in range(stories):
        data[structure] = draw(story_mutation(data[structure]))
        files[structure] = dump(data[structure]).encode("utf-8")
    for _ in range(draw(st.integers(0 if stories else 1, 2))):
        # The structure file half the time: most of the checks after the schema are about it.
        rel = draw(st.one_of(st.just(structure), st.sampled_from(sorted(files))))
        if rel in data and draw(st.booleans()):
            data[rel] = draw(data_mutation(data[rel], step_ids))
            files[rel] = dump(data[rel]).encode("utf-8")
        else:
            files[rel] = draw(byte_mutation(files[rel]))
            data.pop(rel, None)  # its bytes are no longer the dump of any data
    return files


# Random graphs, valid or not, as the model the graph checks take.

FILE = Path("case/scenario.yml")


@st.composite
def graphs(draw: st.DrawFn, conditions: bool = True) -> Scenario:
    """A random scenario graph as the loader may hand it on: dangling links, dead ends,
    cycles, unreachable steps and, with ``conditions``, meters read unset or pushed out
    of range, and a condition without the step to go to otherwise."""
    n = draw(st.integers(1, 8))
    step_ids = [f"s{i}" for i in range(n)]
    targets = st.sampled_from([*step_ids, "gone"]) if draw(st.integers(0, 4)) == 0 else st.sampled_from(step_ids)
    meters: dict[str, Meter] = {}
    if conditions:
        for name in draw(st.lists(st.sampled_from(["trust", "paid", "time"]), max_size=2, unique=True)):
            low = draw(st.integers(-5, 5))
            high = low + draw(st.integers(1, 10))
            start = draw(st.one_of(st.none(), st.integers(low, high)))
            meters[name] = Meter(name, low, high, start)

    def pos(line: int) -> Pos:
        return Pos(FILE, line + 1, 3)

    def when() -> tuple[Condition, ...]:
        if not conditions or draw(st.integers(0, 3)):
            return ()
        if meters and draw(st.booleans()):
            meter = draw(st.sampled_from(sorted(meters)))
            return (MeterCondition(meter, draw(st.one_of(st.none(), st.integers(-6, 16))),
                                   draw(st.one_of(st.none(), st.integers(-6, 16))), pos(90)),)
        return (ChoiceCondition(draw(st.sampled_from(step_ids)), draw(st.sampled_from(["c0", "c1"])),
                                draw(st.booleans()), pos(91)),)

    steps = {}
    for i, sid in enumerate(step_ids):
        kind = draw(st.sampled_from(["ending", "choices", "next", "nothing"]))
        choices = ()
        if kind == "choices":
            choices = tuple(
                Choice(f"c{k}", draw(targets),
                       tuple(Effect(m, draw(st.sampled_from(["add", "set"])), draw(st.integers(-8, 8)), pos(80))
                             for m in draw(st.lists(st.sampled_from(sorted(meters)), max_size=2, unique=True)))
                       if meters else (),
                       when(), pos(10 * i + k), pos(10 * i + k))
                for k in range(draw(st.integers(1, 3))))
        step_when = when()
        steps[sid] = Step(sid, pos(10 * i), choices=choices,
                          next=draw(targets) if kind == "next" else None, next_pos=pos(10 * i + 5),
                          ending=draw(st.sampled_from(["good", "mixed", "bad"])) if kind == "ending" else None,
                          when=step_when, otherwise_pos=pos(10 * i + 6),
                          # The loader reports a when without otherwise (or the reverse), then still
                          # hands the step on, so the graph checks see it too.
                          otherwise=draw(targets) if step_when and draw(st.integers(0, 5)) or
                          conditions and not step_when and draw(st.integers(0, 9)) == 0 else None)
    start = draw(st.sampled_from(step_ids)) if draw(st.integers(0, 9)) else "gone"
    return Scenario(id="case", folder=FILE.parent, pos=pos(1), duration=5, roles=("cashier",), related=(),
                    objectives=(), takeaways=(), questions=(), start=start, steps=steps, meters=meters, numbers={})
