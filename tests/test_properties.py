"""Property-based tests over the loader and the graph checks.

Random valid scenarios (tests/strategies.py) always load without a problem,
render in every language and build; random mutations of them never crash the
tool, only give problems that point into the project's files; and the graph
checks judge random graphs the way a plain reading of the rules does.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import FIXTURES, REPO, examples, make_project, stand_in
from generator.cli import main
from generator.deck import render_deck
from generator.facilitator import render_walkthrough
from generator.graph import check_graph, walk_paths
from generator.manifest import markdown_pages
from generator.markup import plain_html, text_html
from generator.model import PathFacts, Project, Scenario
from generator.paths import module_page
from generator.problems import Problems
from generator.project import load_project
from generator.sitebuild import build_site
from strategies import LANGUAGES, Draft, drafts, dump, graphs, mutated_files, write_files

# Whole projects loaded, rendered and checked hundreds of times: minutes, not seconds.
pytestmark = pytest.mark.slow

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]


def course_files(draft: Draft) -> dict[str, str]:
    """The course and glossary files under scenarios/ for a course of one module, ``draft``
    (the mini project's texts; Russian and Ukrainian stand-ins made from the English)."""
    source = FIXTURES / "mini" / "scenarios"
    files = {"course/course.yml": dump({"languages": list(LANGUAGES), "path": [draft.id]}),
             "glossary/glossary.yml": (source / "glossary" / "glossary.yml").read_text(encoding="utf-8")}
    for folder in ("course", "glossary"):
        for lang in LANGUAGES:
            origin = source / folder / (f"{lang}.yml" if lang in ("pl", "en") else "en.yml")
            text = origin.read_text(encoding="utf-8")
            files[f"{folder}/{lang}.yml"] = text if lang in ("pl", "en") else stand_in(text, lang)
    return files


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project in four languages, without its module (each example writes its own)."""
    root = make_project(FIXTURES / "mini", tmp_path_factory.mktemp("properties") / "base")
    shutil.rmtree(root / "scenarios" / "mini-case")
    for lang in LANGUAGES:
        if not (root / "docs" / lang).is_dir():
            shutil.copytree(root / "docs" / "en", root / "docs" / lang)
    return root


@contextlib.contextmanager
def project(base: Path, files: dict[str, bytes | str | None]) -> Iterator[Path]:
    """A copy of ``base`` with ``files`` written under scenarios/."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(base, root, symlinks=True)
        write_files(root / "scenarios", files)
        yield root


def valid_files(draft: Draft) -> dict[str, bytes | str | None]:
    return {**course_files(draft), **draft.files()}


# Random valid scenarios.

def leads_to(s: Scenario, step_id: str, choice: str | None) -> set[str]:
    """The steps a learner can land on from ``step_id`` by ``choice`` (or its next),
    following the redirects of steps whose condition fails."""
    step = s.steps[step_id]
    first = next(c.to for c in step.choices if c.id == choice) if choice else step.next
    out, todo = set(), [first]
    while todo:
        target = todo.pop()
        if target is not None and target not in out:
            out.add(target)
            todo.append(s.steps[target].otherwise)
    return out


def assert_real_path(s: Scenario, path: list[tuple[str, str | None]]) -> None:
    """``path`` runs from the start, along choices and nexts, to an ending."""
    assert path, "an empty path"
    assert path[0][0] in leads_to_start(s)
    for (here, choice), (there, _) in zip(path, path[1:], strict=False):
        assert choice is None or choice in {c.id for c in s.steps[here].choices}
        assert there in leads_to(s, here, choice), (here, choice, there)
    last, choice = path[-1]
    assert s.steps[last].ending and choice is None


def leads_to_start(s: Scenario) -> set[str]:
    out, step = {s.start}, s.steps[s.start]
    while step.otherwise and step.otherwise not in out:
        out.add(step.otherwise)
        step = s.steps[step.otherwise]
    return out


def brute_force_paths(s: Scenario) -> int:
    """Paths from the start to an ending in a graph without loops or conditions."""
    def count(sid: str) -> int:
        step = s.steps[sid]
        if step.ending:
            return 1
        return sum(count(t) for t, _ in step.targets)

    return count(s.start)


def assert_facts_hold(s: Scenario, facts: PathFacts) -> None:
    endings = {sid for sid, step in s.steps.items() if step.ending}
    # Every ending is shown on some path, so every one is counted.
    assert set(facts.endings) == endings
    assert all(n >= 1 for n in facts.endings.values()) and facts.paths == sum(facts.endings.values())
    assert 0 <= facts.decisions[0] <= facts.decisions[1]
    for meter, (low, high) in facts.meter_ranges.items():
        assert s.meters[meter].min <= low <= high <= s.meters[meter].max
    if facts.best is not None:
        assert_real_path(s, list(facts.best))
    walked = walk_paths(s)
    assert walked
    for visits in walked:
        assert_real_path(s, [(v.step, v.choice) for v in visits])
    order = list(s.steps)
    plain = not any(step.when or any(c.when for c in step.choices) for step in s.steps.values())
    loops = any(order.index(t) <= order.index(sid) and not s.steps[t].ending
                for sid, step in s.steps.items() for t, _ in step.targets)
    if plain and not loops:
        assert facts.paths == brute_force_paths(s)


def visible(html_text: str) -> str:
    """What a reader sees of some HTML: its text, without tags, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


@settings(max_examples=examples(50), suppress_health_check=SLOW)
@given(drafts())
def test_random_valid_scenarios_load_render_and_add_up(base: Path, draft: Draft) -> None:
    with project(base, valid_files(draft)) as root:
        loaded, problems = load_project(root)
    assert loaded is not None and not problems, problems.report(root)
    s = loaded.scenarios[draft.id]
    assert list(s.steps) == [str(k) for k in draft.steps]
    assert_facts_hold(s, loaded.facts[draft.id])
    # The files are gone: rendering works from the model alone.
    for lang in LANGUAGES:
        page = markdown_pages(loaded, lang)[module_page(draft.id)]
        shown = visible(page)
        for sid, text in draft.texts[lang]["steps"].items():
            assert visible(text_html(text["title"].strip())) in shown, (lang, sid)
        title = draft.texts[lang]["title"].strip()
        heading = re.search(r"<h1 id=[^>]*>(.*?)</h1>", page, re.DOTALL)
        assert heading is not None and visible(heading.group(1)) == visible(text_html(title))
        # The front matter is valid YAML, whatever the title holds, and gives it back as
        # the escaped plain text MkDocs prints.
        front = YAML(typ="safe").load(page.split("---\n")[1])
        assert front["title"] == plain_html(title) and isinstance(front["description"], str)
        assert render_deck(loaded, draft.id, lang).lower().startswith("<!doctype html>")
        assert render_walkthrough(loaded, draft.id, lang).lower().startswith("<!doctype html>")


@pytest.mark.build
@settings(max_examples=examples(3), suppress_health_check=SLOW)
@given(drafts())
def test_random_valid_scenarios_build_a_site(base: Path, draft: Draft) -> None:
    with project(base, valid_files(draft)) as root:
        loaded, problems = load_project(root)
        assert loaded is not None, problems.report(root)
        results = build_site(loaded, root, root / "site")
        assert [r.returncode for r in results] == [0] * len(LANGUAGES), "\n".join(r.output for r in results)
        for lang in LANGUAGES:
            assert (root / "site" / lang / "modules" / f"{draft.id}.html").is_file()


# Mutations: only problems, each pointing into the project.

PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: \S.*$")


def assert_reported(root: Path, loaded: Project | None, problems: Problems) -> None:
    assert (loaded is None) == bool(problems.errors), problems.report(root)
    for p in problems.items:
        where = p.format(root)[:300]
        assert p.message.strip() and "\n" not in p.message, where
        assert p.pos.line >= 1 and p.pos.col >= 1, where
        file = p.pos.file
        assert file.resolve().is_relative_to(root.resolve()), where
        if file.is_file():
            # Inside the file: a line it has, at most one column past the line's end (columns
            # count characters, so only in a file that is text).
            raw = file.read_bytes()
            rows = raw.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").split("\n")
            assert p.pos.line <= len(rows), where
            with contextlib.suppress(UnicodeDecodeError):
                raw.decode("utf-8")
                assert p.pos.col <= len(rows[p.pos.line - 1]) + 1, where
        else:
            # A file or folder to create: where it belongs exists.
            assert file.is_dir() or file.parent.is_dir(), where


def validate_in_process(root: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "validate"])
    return code, out.getvalue(), err.getvalue()


def assert_cli_reports(root: Path, loaded: Project | None) -> None:
    code, out, err = validate_in_process(root)
    assert code == (0 if loaded is not None else 1), out + err
    assert "Traceback" not in out + err
    if code:
        *reported, count = err.splitlines()
        assert re.fullmatch(r"\d+ errors?, \d+ warnings?", count), count
        assert reported and all(PROBLEM_LINE.match(line) for line in reported), err[:2000]


def mutated(draft: Draft) -> st.SearchStrategy[dict[str, bytes | None]]:
    return mutated_files(draft.data(), course_files(draft))


@settings(max_examples=examples(100), suppress_health_check=SLOW)
@given(drafts().flatmap(mutated))
def test_mutated_scenarios_give_problems_not_crashes(base: Path, files: dict[str, bytes | None]) -> None:
    with project(base, files) as root:
        loaded, problems = load_project(root)
        assert_reported(root, loaded, problems)
        assert_cli_reports(root, loaded)


REAL = ("overbilling", "two-surgeons")  # a module and the one it relates to


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with only the overbilling module and its related one (a whole
    course takes seconds to load)."""
    root = make_project(REPO, tmp_path_factory.mktemp("properties") / "real")
    for entry in (root / "scenarios").iterdir():
        if entry.is_file():
            entry.unlink()
        elif entry.name not in (*REAL, "course", "glossary"):
            shutil.rmtree(entry)
    (root / "scenarios" / "course" / "cast.yml").unlink()  # it places people in the modules left out
    (root / "scenarios" / "course" / "course.yml").write_text(
        dump({"languages": list(LANGUAGES), "path": list(REAL)}), encoding="utf-8")
    return root


def real_files() -> st.SearchStrategy[dict[str, bytes | None]]:
    yaml = YAML(typ="rt")
    data = {f"overbilling/{p.name}": yaml.load(p.read_text(encoding="utf-8"))
            for p in sorted((REPO / "scenarios" / "overbilling").glob("*.yml"))}
    others = {f"{folder}/{p.name}": p.read_text(encoding="utf-8")
              for folder in ("two-surgeons", "glossary") for p in (REPO / "scenarios" / folder).glob("*.yml")}
    return mutated_files(data, others)


@settings(max_examples=examples(30), suppress_health_check=SLOW)
@given(real_files())
def test_mutated_real_scenario_gives_problems_not_crashes(real: Path, files: dict[str, bytes | None]) -> None:
    with project(real, files) as root:
        loaded, problems = load_project(root)
        assert_reported(root, loaded, problems)


# The graph checks on random graphs, valid or not.

def rules_hold(s: Scenario) -> bool:
    """A plain reading of the rules for a graph without conditions: every link leads to a
    step, every step is reached from the start and leads on, and an ending can be reached
    from every step."""
    if s.start not in s.steps:
        return False
    for step in s.steps.values():
        if any(t not in s.steps for t, _ in step.targets) or not (step.ending or step.targets):
            return False
    if reachable(s, s.start) != set(s.steps):
        return False
    return all(any(s.steps[x].ending for x in reachable(s, sid)) for sid in s.steps)


def reachable(s: Scenario, sid: str) -> set[str]:
    seen, todo = {sid}, [sid]
    while todo:
        step = s.steps[todo.pop()]
        for t, _ in [] if step.ending else step.targets:
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


@settings(max_examples=examples(300))
@given(graphs(conditions=False))
def test_graph_checks_judge_plain_graphs_by_the_rules(s: Scenario) -> None:
    problems = Problems()
    facts = check_graph(s, problems)
    assert all(p.pos.line >= 1 and p.pos.col >= 1 and p.message for p in problems.items)
    valid = facts is not None and not problems
    assert valid == rules_hold(s), problems.report()
    if facts is not None and valid:
        assert_facts_hold(s, facts)


@settings(max_examples=examples(300))
@given(graphs())
def test_graph_checks_report_conditions_and_meters_without_crashing(s: Scenario) -> None:
    problems = Problems()
    facts = check_graph(s, problems)
    assert all(p.pos.line >= 1 and p.pos.col >= 1 and p.message for p in problems.items)
    if facts is None:
        # An unknown start, or a condition without otherwise, is the loader's to report.
        assert problems.errors or s.start not in s.steps or any(x.when and not x.otherwise for x in s.steps.values())
    elif not problems:
        endings = {sid for sid, step in s.steps.items() if step.ending}
        assert set(facts.endings) <= endings and facts.paths == sum(facts.endings.values())
        if facts.best is not None:
            assert_real_path(s, list(facts.best))
        for visits in walk_paths(s):
            assert_real_path(s, [(v.step, v.choice) for v in visits])
