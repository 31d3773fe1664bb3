"""The loaded, validated model: plain typed data, no behaviour that touches files.

The structure of a scenario (steps, choices, meters, numbers) exists once; its
text exists per language as a flat mapping from a stable key such as
``steps.at-the-till.choices.refund.label`` to a :class:`Text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal


@dataclass(frozen=True)
class Pos:
    """Where something was written: a file and a 1-based line and column."""

    file: Path
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Number:
    """A number the story uses (a price, a count), formatted per locale when rendered."""

    id: str
    value: int | float
    currency: str | None = None  # ISO 4217 code: the number is an amount of money


@dataclass(frozen=True)
class Meter:
    """A score the learner's choices move, such as the patient's trust."""

    id: str
    min: int
    max: int
    start: int | None  # None: unset until a choice sets it
    currency: str | None = None


@dataclass(frozen=True)
class MeterCondition:
    meter: str
    at_least: int | None
    at_most: int | None
    pos: Pos


@dataclass(frozen=True)
class ChoiceCondition:
    step: str
    choice: str
    chosen: bool  # False: holds when that choice was *not* taken
    pos: Pos


Condition = MeterCondition | ChoiceCondition


@dataclass(frozen=True)
class Effect:
    meter: str
    op: Literal["add", "set"]
    value: int
    pos: Pos


ImageKind = Literal["svg", "png", "jpeg", "webp"]


@dataclass(frozen=True)
class Image:
    """An image beside scenario.yml that a situation, step, choice or ending shows; its
    alt text and caption are texts (``<key>.image.alt``, ``<key>.image.caption``)."""

    file: Path
    kind: ImageKind
    width: int  # as the site shows it, in px: for the markup, so nothing moves as it loads
    height: int
    numbers: tuple[str, ...] = ()  # the numbers an SVG shows, written per language


@dataclass(frozen=True)
class Choice:
    id: str
    to: str
    effects: tuple[Effect, ...]
    when: tuple[Condition, ...]
    pos: Pos
    to_pos: Pos
    image: Image | None = None  # shown with its consequence


Outcome = Literal["good", "mixed", "bad"]


@dataclass(frozen=True)
class Quiz:
    """A choice question: one or several right answers, feedback on every option."""

    kind: ClassVar[str] = "quiz"  # its key in scenario.yml (generator/kinds/)

    options: tuple[str, ...]
    correct: frozenset[str]
    multiple: bool


@dataclass(frozen=True)
class Ordering:
    """Items to put in order; ``items`` is the right order."""

    kind: ClassVar[str] = "order"  # its key in scenario.yml (generator/kinds/)

    items: tuple[str, ...]


@dataclass(frozen=True)
class Spot:
    """Lines of a dialogue, some of which are the moves the learner should mark."""

    kind: ClassVar[str] = "spot"  # its key in scenario.yml (generator/kinds/)

    lines: tuple[str, ...]
    moves: frozenset[str]


@dataclass(frozen=True)
class Assessment:
    """Statements rated on a scale, in groups (for instance competence and character)."""

    kind: ClassVar[str] = "assess"  # its key in scenario.yml (generator/kinds/)

    scale: int
    groups: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def statements(self) -> tuple[str, ...]:
        return tuple(st for _, items in self.groups for st in items)


Activity = Quiz | Ordering | Spot | Assessment


@dataclass(frozen=True)
class Step:
    """One screen of a scenario: a decision, a reflection, a passage, or an ending."""

    id: str
    pos: Pos
    choices: tuple[Choice, ...] = ()
    next: str | None = None
    next_pos: Pos | None = None
    ending: Outcome | None = None
    prompts: tuple[str, ...] = ()
    when: tuple[Condition, ...] = ()
    otherwise: str | None = None
    otherwise_pos: Pos | None = None
    activity: Activity | None = None
    # Each choice's feedback is required, unless the step says its choices need none
    # (``feedback: none``: a vote, a matter of taste, where no choice is right or wrong).
    feedback: bool = True
    image: Image | None = None

    @property
    def kind(self) -> str:
        """What the learner does here: decide, answer an activity, reflect, read, or finish."""
        if self.ending:
            return "ending"
        if self.choices:
            return "decision"
        if self.activity is not None:
            return self.activity.kind
        return "reflection" if self.prompts else "passage"

    @property
    def targets(self) -> list[tuple[str, Pos]]:
        """Every step this one can lead to, with where that link is written."""
        out = [(c.to, c.to_pos) for c in self.choices]
        if self.next is not None:
            out.append((self.next, self.next_pos or self.pos))
        if self.otherwise is not None:
            out.append((self.otherwise, self.otherwise_pos or self.pos))
        return out


@dataclass(frozen=True)
class Text:
    """One translatable string, with where it was written."""

    value: str
    pos: Pos
    fallback_from: str | None = None  # language shown instead, when missing
    stale: bool = False  # translated from an older version of the source text
    copy: bool = False  # reads as another language's text (fallback_from): not translated


@dataclass(frozen=True)
class Review:
    """What the sign-off sheet flags for a clinical lead, and the flags the author has
    accepted, each with the reason the sheet prints."""

    fall: int | None = None  # a meter without currency falling more than this; None: a fifth of its range
    prices: dict[str, int] = field(default_factory=dict)  # cost meter -> the agreed price
    accepted: dict[str, tuple[str, Pos]] = field(default_factory=dict)  # flag id -> (reason, where)


@dataclass(frozen=True)
class Scenario:
    id: str
    folder: Path
    pos: Pos
    duration: int  # minutes
    roles: tuple[str, ...]
    related: tuple[str, ...]
    objectives: tuple[str, ...]
    takeaways: tuple[str, ...]
    questions: tuple[str, ...]
    start: str
    steps: dict[str, Step]
    meters: dict[str, Meter]
    numbers: dict[str, Number]
    texts: dict[str, dict[str, Text]] = field(default_factory=dict)  # lang -> key -> text
    graded: bool = False  # a test: an LMS records passed or failed
    related_pos: dict[str, Pos] = field(default_factory=dict)
    review: Review = field(default_factory=Review)
    # A short digest of the files a language's version is made from (scenario.yml and the
    # language's file), by language: the version a sign-off approves.
    versions: dict[str, str] = field(default_factory=dict)
    # Conditions, effects and amounts the loader reported and left out. Paths walked
    # without them would be wrong, and their knock-on problems (an ending never shown)
    # would bury the one to fix, so the paths wait until there are none.
    unread: tuple[Pos, ...] = ()
    image: Image | None = None  # the situation's (the intro's)

    def text(self, lang: str, key: str) -> Text | None:
        return self.texts.get(lang, {}).get(key)

    def images(self) -> dict[str, Image]:
        """Every image the module shows, by the text key its alt text and caption are under
        (``image``, ``steps.<id>.image``, ``steps.<id>.choices.<id>.image``), in page order."""
        out = {"image": self.image} if self.image else {}
        for step in self.steps.values():
            if step.image:
                out[f"steps.{step.id}.image"] = step.image
            out.update({f"steps.{step.id}.choices.{c.id}.image": c.image for c in step.choices if c.image})
        return out


@dataclass(frozen=True)
class PathFacts:
    """What the graph check learned by walking every path of a scenario."""

    paths: int
    endings: dict[str, int]  # ending step -> number of paths reaching it
    meter_ranges: dict[str, tuple[int, int]]  # final value over all paths
    # The path that keeps trust best: (step, choice or None) from the start to an
    # ending; None when all endings are alike and there are no meters to compare.
    best: tuple[tuple[str, str | None], ...] | None = None
    decisions: tuple[int, int] = (0, 0)  # fewest and most decisions on a path to an ending


@dataclass(frozen=True)
class Logo:
    """An image file of the project, checked: a PNG, a JPEG or an SVG that runs nothing."""

    path: Path  # resolved, inside the project
    kind: Literal["png", "jpeg", "svg"]

    @property
    def suffix(self) -> str:
        return ".jpg" if self.kind == "jpeg" else f".{self.kind}"


@dataclass(frozen=True)
class Identity:
    """How the course looks: a primary colour (checked for contrast) and a logo."""

    colour: str | None = None  # "#rrggbb", lowercase
    logo: Logo | None = None


@dataclass(frozen=True)
class Issuer:
    """Who issues the certificate; the signatory's role is course text, per language."""

    organisation: str
    signatory: str
    logo: Logo | None = None  # None: the identity's logo, if any


@dataclass(frozen=True)
class Course:
    """The whole training: its languages, its learning path and its own text."""

    id: str  # names the site in learners' browsers (the key of saved progress)
    languages: tuple[str, ...]
    path: tuple[str, ...]
    pos: Pos
    path_pos: dict[str, Pos]
    texts: dict[str, dict[str, Text]] = field(default_factory=dict)
    role_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> module ids
    role_pos: dict[str, Pos] = field(default_factory=dict)
    identity: Identity = field(default_factory=Identity)
    issuer: Issuer | None = None  # None: a self-study record that no organisation issues

    @property
    def certificate_logo(self) -> Logo | None:
        if self.issuer is not None and self.issuer.logo is not None:
            return self.issuer.logo
        return self.identity.logo

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Glossary:
    """The key terms: ids in page order, and their word and definition per language."""

    terms: tuple[str, ...]
    pos: Pos
    texts: dict[str, dict[str, Text]] = field(default_factory=dict)


@dataclass(frozen=True)
class AgendaItem:
    module: str | None  # None: a break
    minutes: int
    pos: Pos | None = None  # where the module is named


@dataclass(frozen=True)
class Workshop:
    id: str
    group: tuple[int, int]
    roles: tuple[str, ...]
    agenda: tuple[AgendaItem, ...]
    materials: tuple[str, ...]
    pos: Pos

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


@dataclass(frozen=True)
class Handout:
    """Something to print: role cards (written per language), or a checklist or
    worksheet made from a module's own steps and prompts."""

    id: str
    cards: tuple[str, ...] = ()
    module: str | None = None
    checklist: tuple[str, str] | None = None  # (module, step) of an ordering activity
    prompts: tuple[str, ...] = ()  # modules
    pos: Pos | None = None


@dataclass(frozen=True)
class Workshops:
    workshops: dict[str, Workshop]
    handouts: dict[str, Handout]
    pos: Pos
    texts: dict[str, dict[str, Text]] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """A hand-written Markdown page from ``docs/<lang>/``."""

    lang: str
    path: str  # relative, with forward slashes, e.g. "about.md"
    source: Path
    markdown: str


@dataclass(frozen=True)
class Project:
    course: Course
    scenarios: dict[str, Scenario]  # in learning-path order
    pages: dict[str, dict[str, Page]]  # lang -> path -> page
    facts: dict[str, PathFacts]
    # Each course language's interface strings: the generator's, the project's own over them.
    strings: dict[str, dict[str, str]]
    glossary: Glossary | None = None
    workshops: Workshops | None = None
    # Each unit's digest (scenario ids, course, glossary, workshops) when loaded for a
    # build with a cache (see buildcache): what the pages made from it are stored under.
    digests: dict[str, str] = field(default_factory=dict)
