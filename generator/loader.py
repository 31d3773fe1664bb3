"""Structure files (course.yml, scenario.yml) -> the typed model.

Each function adds what is wrong to ``problems`` and returns what it could build,
so that one run reports every problem of every file.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .identity import check_logo, colour_problem
from .images import check_image
from .kinds import KINDS, activities
from .kinds.base import StepParts
from .languages import known_language
from .model import (
    AgendaItem,
    ChoiceCondition,
    Condition,
    Course,
    Glossary,
    Handout,
    Identity,
    Image,
    Issuer,
    Logo,
    Meter,
    MeterCondition,
    Number,
    Pos,
    Review,
    Scenario,
    Step,
    Workshop,
    Workshops,
)
from .problems import Problems, did_you_mean
from .schema import PATTERN_HINTS, broken_keys, validate
from .yamlio import item_position, key_position, load_yaml, position, value_position

COURSE_FOLDER = "course"
AUTHORS_NOTES = "README.md"
GLOSSARY_FOLDER = "glossary"
WORKSHOPS_FOLDER = "workshops"
STRUCTURE_FILE = "scenario.yml"
ID = re.compile("^[a-z0-9]+(-[a-z0-9]+)*$")  # as in the schemas
# As in the schemas too: an id names folders, files and web addresses, each a part of a
# path that file systems limit to 255 bytes (with words added, such as sign-off-<id>.pdf).
ID_MAX = 64


def load_course(folder: Path, problems: Problems) -> Course | None:
    file = folder / "course.yml"
    if not file.is_file():
        problems.error(Pos(file), "the course file is missing: create it with 'languages' and 'path'")
        return None
    data = load_yaml(file, problems)
    if data is None or not validate(data, "course", file, problems):
        return None
    unknown = [i for i, lang in enumerate(data["languages"]) if not known_language(str(lang))]
    for i in unknown:
        problems.error(item_position(data["languages"], i, file),
                       f"'{data['languages'][i]}' is not a language code the locale data knows: use a code "
                       "such as pl, en, de or uk")
    if unknown:
        return None
    path = tuple(str(x) for x in data["path"])
    identity, issuer = _load_looks(data, file, problems)
    return Course(
        id=str(data.get("id", "training")),
        languages=tuple(str(x) for x in data["languages"]),
        path=path,
        pos=position(data, [], file),
        path_pos={sid: item_position(data["path"], i, file) for i, sid in enumerate(path)},
        role_paths={str(r): tuple(str(x) for x in ids) for r, ids in data.get("roles", {}).items()},
        role_pos={str(r): key_position(data["roles"], r, file) for r in data.get("roles", {})},
        identity=identity,
        issuer=issuer,
    )


def _load_looks(data: Any, file: Path, problems: Problems) -> tuple[Identity, Issuer | None]:
    """The course's identity and certificate issuer, each logo and the colour checked."""
    folder = file.parent
    root = folder.parent.parent  # scenarios/course/ -> the project

    def logo(section: str) -> Logo | None:
        value = data.get(section, {}).get("logo")
        if value is None:
            return None
        found, issues = check_logo(str(value), folder, root)
        for where, line, col, message in issues:
            pos = (Pos(where, line, col) if where is not None
                   else position(data, [section, "logo"], file, value=True))
            problems.error(pos, f"{section}.logo: {message}" if where is None else message)
        return found

    looks = data.get("identity", {})
    colour = looks.get("colour")
    if colour is not None:
        wrong = colour_problem(str(colour))
        if wrong:
            problems.error(position(data, ["identity", "colour"], file, value=True), f"identity.colour: {wrong}")
            colour = None
    identity = Identity(colour=str(colour).lower() if colour else None, logo=logo("identity"))
    spec = data.get("certificate")
    issuer = (Issuer(organisation=str(spec["issuer"]).strip(), signatory=str(spec["signatory"]).strip(),
                     logo=logo("certificate")) if spec else None)
    return identity, issuer


def load_glossary(folder: Path, problems: Problems) -> Glossary | None:
    """The glossary's term ids, or None when the course has no glossary (or it is broken)."""
    file = folder / "glossary.yml"
    if not file.is_file():
        return None
    data = load_yaml(file, problems)
    if data is None or not validate(data, "glossary", file, problems):
        return None
    return Glossary(terms=tuple(str(t) for t in data["terms"]), pos=position(data, [], file))


def load_workshops(folder: Path, problems: Problems) -> Workshops | None:
    """The workshops and handouts, or None when the course has none (or the file is broken)."""
    file = folder / "workshops.yml"
    if not file.is_file():
        return None
    data = load_yaml(file, problems)
    if data is None or not validate(data, "workshops", file, problems):
        return None
    workshops = {}
    for wid, spec in data["workshops"].items():
        agenda = tuple(AgendaItem(str(item["module"]), int(item["minutes"]),
                                  position(data, ["workshops", wid, "agenda", i, "module"], file, value=True))
                       if "module" in item else AgendaItem(None, int(item["break"]))
                       for i, item in enumerate(spec["agenda"]))
        low, high = (int(x) for x in spec["group"])
        if low > high:
            problems.error(position(data, ["workshops", wid, "group"], file, value=True),
                           f"workshop '{wid}': group is [{low}, {high}]: the smallest group comes first")
        workshops[str(wid)] = Workshop(str(wid), (low, high), tuple(str(r) for r in spec.get("roles", [])),
                                       agenda, tuple(str(m) for m in spec.get("materials", [])),
                                       key_position(data["workshops"], wid, file))
    handouts = {}
    for hid, spec in data.get("handouts", {}).items():
        checklist = tuple(str(spec["checklist"]).split("/")) if "checklist" in spec else None
        handouts[str(hid)] = Handout(str(hid), tuple(str(c) for c in spec.get("cards", [])),
                                     spec.get("module"), checklist,  # type: ignore[arg-type]
                                     tuple(str(m) for m in spec.get("prompts", [])),
                                     key_position(data["handouts"], hid, file))
    return Workshops(workshops, handouts, position(data, [], file))


def load_scenario(folder: Path, problems: Problems) -> Scenario | None:
    """The structure of the scenario in ``folder`` (its text is loaded separately)."""
    file = folder / STRUCTURE_FILE
    data = load_yaml(file, problems)
    if data is None:
        return None
    broken = broken_keys(data, "scenario", file, problems)
    if not broken <= _STANDINS.keys():
        return None
    # A broken part that the graph and the texts do not read (reported above, so the
    # project still fails) gets a stand-in: the steps and texts are checked in this run too.
    for key in broken:
        data[key] = _STANDINS[key](data.get(key))
    reader = _StructureReader(file, data, problems)
    return reader.scenario(folder)


def _ids(value: Any) -> list[str]:
    """The well-formed ids a broken list of ids still names, each once: their texts are
    then neither unknown nor missing."""
    items = value if isinstance(value, (list, dict)) else []
    return list(dict.fromkeys(x for x in items if isinstance(x, str) and ID.fullmatch(x)))


_STANDINS: dict[str, Any] = {
    "duration": lambda value: 1,
    "roles": lambda value: [],
    "related": lambda value: [],
    "graded": lambda value: False,
    "objectives": _ids,
    "takeaways": _ids,
    "questions": _ids,
}


class _StructureReader:
    """Builds a Scenario from schema-valid data, checking what the schema cannot.
    Each kind's part of a step is read by its module (generator/kinds/), through this."""

    def __init__(self, file: Path, data: Any, problems: Problems) -> None:
        self.file = file
        self.data = data
        self.problems = problems
        self.known_numbers: dict[str, Number] = {}
        self.meters: dict[str, Meter] = {}
        self.unread: list[Pos] = []

    def unreadable(self, pos: Pos, message: str) -> None:
        """A condition, effect or amount left out of the model: reported, and remembered so
        that the paths are not walked without it (see Scenario.unread)."""
        self.problems.error(pos, message)
        self.unread.append(pos)

    def at(self, *keys: Any, value: bool = False) -> Pos:
        return position(self.data, keys, self.file, value=value)

    def scenario(self, folder: Path) -> Scenario:
        data = self.data
        sid = str(data["id"])
        if sid != folder.name:
            self.problems.error(self.at("id", value=True),
                                f"id is '{sid}' but the folder is '{folder.name}': they must be equal")
        numbers = self.known_numbers = self.read_numbers()
        meters = self.meters = self.read_meters()
        steps_data = data["steps"]
        step_ids = [str(k) for k in steps_data]
        steps = {str(k): self.step(str(k), v, steps_data) for k, v in steps_data.items()}
        start = str(data["start"])
        if start not in steps:
            self.problems.error(self.at("start", value=True),
                                f"start is '{start}', which is not a step{did_you_mean(start, step_ids)}")
        self.check_choice_refs(steps)
        return Scenario(
            image=self.image((), data, folder),
            id=sid,
            folder=folder,
            pos=self.at(),
            duration=int(data["duration"]),
            roles=tuple(str(r) for r in data["roles"]),
            related=tuple(str(r) for r in data.get("related", [])),
            objectives=tuple(str(x) for x in data["objectives"]),
            takeaways=tuple(str(x) for x in data.get("takeaways", [])),
            questions=tuple(str(x) for x in data.get("questions", [])),
            start=start,
            steps=steps,
            meters=meters,
            numbers=numbers,
            graded=bool(data.get("graded", False)),
            related_pos={str(r): item_position(data["related"], i, self.file)
                         for i, r in enumerate(data.get("related", []))},
            review=self.review(meters),
            unread=tuple(self.unread),
        )

    def review(self, meters: dict[str, Meter]) -> Review:
        spec = self.data.get("review", {})
        prices = {}
        for name, raw in spec.get("price", {}).items():
            pos = self.at("review", "price", name)
            meter = meters.get(str(name))
            if meter is None or meter.currency is None:
                costs = [m for m, x in meters.items() if x.currency]
                self.problems.error(pos, f"review: price names '{name}', which is not a meter with a currency"
                                         f"{did_you_mean(str(name), costs)}: name a cost meter")
                continue
            value = self.amount(raw, self.at("review", "price", name, value=True))
            if value is not None:
                prices[str(name)] = value
        accepted = {str(k): (" ".join(str(v).split()), self.at("review", "accepted", k))
                    for k, v in spec.get("accepted", {}).items()}
        return Review(spec.get("fall"), prices, accepted)

    def read_numbers(self) -> dict[str, Number]:
        out = {}
        for name, spec in self.data.get("numbers", {}).items():
            if isinstance(spec, dict):
                out[str(name)] = Number(str(name), spec["value"], spec.get("currency"))
            else:
                out[str(name)] = Number(str(name), spec)
        return out

    def read_meters(self) -> dict[str, Meter]:
        out = {}
        for name, spec in self.data.get("meters", {}).items():
            meter = Meter(str(name), spec["min"], spec["max"], spec.get("start"), spec.get("currency"))
            if meter.min >= meter.max:
                self.problems.error(self.at("meters", name),
                                    f"meter '{name}': min ({meter.min}) must be below max ({meter.max})")
            if meter.start is not None and not meter.min <= meter.start <= meter.max:
                self.problems.error(self.at("meters", name, "start", value=True),
                                    f"meter '{name}' starts at {meter.start}, outside its range "
                                    f"{meter.min}..{meter.max}")
            out[str(name)] = meter
        return out

    def step(self, sid: str, spec: Any, steps_data: Any) -> Step:
        base = ("steps", sid)
        pos = key_position(steps_data, sid, self.file)
        has = [k for k in ("choices", "next", "ending") if k in spec]
        if "ending" in spec and len(has) > 1:
            self.problems.error(pos, f"step '{sid}' is an ending but also has "
                                     f"{' and '.join(k for k in has if k != 'ending')}: an ending leads nowhere; "
                                     "remove them or remove 'ending'")
        elif "choices" in spec and "next" in spec:
            self.problems.error(pos, f"step '{sid}' has both choices and next: keep one of them")
        if ("when" in spec) != ("otherwise" in spec):
            missing = "otherwise" if "when" in spec else "when"
            self.problems.error(pos, f"step '{sid}' has {'when' if missing == 'otherwise' else 'otherwise'} "
                                     f"without {missing}: a conditional step needs both")
        if "feedback" in spec and "choices" not in spec:
            self.problems.error(self.at(*base, "feedback"), f"step '{sid}' has feedback: none but no choices: "
                                                            "it applies to a step's choices; remove it")
        parts: StepParts = {}
        activity = self.activity_key(sid, spec, pos)
        for key, kind in KINDS.items():
            # Of several activities (reported), the first is read.
            if key in spec and (key == activity or key not in activities()):
                parts.update(kind.load(self, sid, spec[key]))
        if "choices" in parts:
            parts["choices"] = tuple(replace(c, image=self.image((*base, "choices", c.id), spec["choices"][c.id],
                                                                 self.file.parent))
                                     for c in parts["choices"])
        return Step(
            id=sid,
            pos=pos,
            next=spec.get("next"),
            next_pos=value_position(spec, "next", self.file) if "next" in spec else None,
            ending=spec.get("ending"),
            when=self.conditions((*base, "when"), spec.get("when")),
            otherwise=spec.get("otherwise"),
            otherwise_pos=value_position(spec, "otherwise", self.file) if "otherwise" in spec else None,
            feedback="feedback" not in spec,
            image=self.image(base, spec, self.file.parent),
            **parts,
        )

    def image(self, keys: tuple[Any, ...], spec: Any, folder: Path) -> Image | None:
        """The image ``spec`` (the mapping at ``keys``) names, if any, checked."""
        raw = spec.get("image")
        if raw is None:
            return None
        inner = ("file",) if isinstance(raw, dict) else ()
        at = self.at(*keys, "image", *inner, value=True)
        found, issues = check_image(str(raw["file"] if inner else raw), folder, self.known_numbers, at)
        for pos, message in issues:
            self.problems.error(pos or at, message)
        return found

    def activity_key(self, sid: str, spec: Any, pos: Pos) -> str | None:
        """The key of the step's activity, if it has one, checked for what goes with it."""
        kinds = [k for k in activities() if k in spec]
        if not kinds:
            return None
        if len(kinds) > 1:
            self.problems.error(pos, f"step '{sid}' has {' and '.join(kinds)}: a step holds one activity; "
                                     "split it into steps joined by next")
        kind = kinds[0]
        if "next" not in spec:
            article = "an" if kind[0] in "ao" else "a"
            self.problems.error(pos, f"step '{sid}' has {article} {kind} activity but no next: "
                                     "say which step follows it")
        if "choices" in spec or "ending" in spec:
            other = "choices" if "choices" in spec else "ending"
            self.problems.error(pos, f"step '{sid}' has both {kind} and {other}: an activity step "
                                     "goes on with next; put the choices or the ending in a step of their own")
        return kind

    def amount(self, raw: Any, pos: Pos) -> int | None:
        if isinstance(raw, int):
            return raw
        sign = -1 if raw.startswith("-") else 1
        name = raw.lstrip("+-")
        number = self.known_numbers.get(name)
        if number is None:
            self.unreadable(pos, f"'{name}' is not one of this scenario's numbers"
                                 f"{did_you_mean(name, self.known_numbers)}: declare it under numbers")
            return None
        if not float(number.value).is_integer():
            self.unreadable(pos, f"number '{name}' is {number.value}; meters count whole numbers")
            return None
        return sign * int(number.value)

    def conditions(self, keys: tuple[Any, ...], raw: Any) -> tuple[Condition, ...]:
        meters = self.meters
        if raw is None:
            return ()
        items = raw if isinstance(raw, list) else [raw]
        out: list[Condition] = []
        for i, cond in enumerate(items):
            ckeys = (*keys, i) if isinstance(raw, list) else keys
            pos = self.at(*ckeys, value=not isinstance(raw, list))
            fields = set(cond)
            if fields in ({"chose"}, {"not_chose"}):
                ref = str(cond.get("chose") or cond.get("not_chose"))
                step, choice = ref.split("/")
                out.append(ChoiceCondition(step, choice, "chose" in fields, pos))
            elif "meter" in fields and fields - {"meter"} and fields <= {"meter", "at_least", "at_most"}:
                name = str(cond["meter"])
                if name not in meters:
                    self.unreadable(pos, f"condition reads unknown meter '{name}'{did_you_mean(name, meters)}: "
                                         "declare it under meters")
                    continue
                bounds = [None if cond.get(k) is None else self.amount(cond[k], pos)
                          for k in ("at_least", "at_most")]
                out.append(MeterCondition(name, bounds[0], bounds[1], pos))
            else:
                self.unreadable(pos, "a condition is {meter: NAME, at_least: N} and/or at_most: N, "
                                         "or {chose: step/choice}, or {not_chose: step/choice}; "
                                         f"this one has {', '.join(sorted(fields))}")
        return tuple(out)

    def check_choice_refs(self, steps: dict[str, Step]) -> None:
        conditions = [c for s in steps.values() for c in s.when]
        conditions += [c for s in steps.values() for ch in s.choices for c in ch.when]
        for cond in conditions:
            if not isinstance(cond, ChoiceCondition):
                continue
            step = steps.get(cond.step)
            if step is None:
                self.problems.error(cond.pos, f"condition names unknown step '{cond.step}'"
                                              f"{did_you_mean(cond.step, steps)}")
            elif cond.choice not in {c.id for c in step.choices}:
                self.problems.error(cond.pos, f"step '{cond.step}' has no choice '{cond.choice}'"
                                              f"{did_you_mean(cond.choice, [c.id for c in step.choices])}")


def scenario_folders(scenarios_dir: Path, problems: Problems) -> list[Path]:
    """Every scenario folder, sorted; anything else in ``scenarios/`` is reported."""
    out = []
    for entry in sorted(scenarios_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in (COURSE_FOLDER, GLOSSARY_FOLDER, WORKSHOPS_FOLDER):
            continue
        if entry.name == AUTHORS_NOTES and entry.is_file():
            continue  # for the people who write and review the scenarios, not for the site
        if entry.is_dir() and not ID.fullmatch(entry.name):
            # The folder name is the scenario's id, in every URL of it.
            problems.error(Pos(entry), f"folder name '{entry.name}' is not an id: rename the folder (and the id "
                                       f"in its {STRUCTURE_FILE}) to {PATTERN_HINTS[ID.pattern]}")
        elif entry.is_dir() and len(entry.name) > ID_MAX:
            problems.error(Pos(entry), f"folder name '{entry.name[:20]}...' is {len(entry.name)} characters long; "
                                       f"an id is at most {ID_MAX}: rename the folder (and the id in its "
                                       f"{STRUCTURE_FILE}) to a shorter id")
        if entry.is_dir():
            if (entry / STRUCTURE_FILE).is_file():
                out.append(entry)
            else:
                problems.error(Pos(entry / STRUCTURE_FILE),
                               f"folder '{entry.name}' has no {STRUCTURE_FILE}: "
                               f"create one with 'python -m generator new {entry.name}', or remove the folder")
        else:
            problems.error(Pos(entry), "unexpected file in scenarios/: each scenario is a folder "
                                       f"with {STRUCTURE_FILE} and one text file per language")
    return out
