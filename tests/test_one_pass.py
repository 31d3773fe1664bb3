"""One run reports every mistake: a file that fails to parse or to meet its schema stops
only the checks that need it, and a module that failed to load is not reported again
wherever another file names it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, edit, examples, make_project, problems_of

CASE = "scenarios/feedback-call"

# The messages a module that failed to load used to cause elsewhere.
KNOCK_ON = ("which is no module of the course", "is not a scenario", "no text there names them")


def break_feedback_call(root: Path) -> None:
    """The four mistakes of issue 20: a schema error, a wrong step target, a YAML syntax
    error in one language and an empty choice label in another."""
    folder = root / CASE
    edit(folder / "scenario.yml", "duration: 12", "duration: twelve")
    text = (folder / "scenario.yml").read_text(encoding="utf-8")
    (folder / "scenario.yml").write_text(text.replace("to: the-complaint", "to: the-complaintt", 1), encoding="utf-8")
    edit(folder / "en.yml", "title: The follow-up call", "title: [oops")
    edit(folder / "pl.yml", "label: Podajesz nazwę przychodni i prosisz o ocenę wizyty w skali od 1 do 5.",
         'label: ""')


def test_four_mistakes_in_one_module_are_all_reported_in_one_run(real_copy: Path) -> None:
    break_feedback_call(real_copy)
    found = problems_of(real_copy)
    assert found == [
        f"{CASE}/en.yml:3:10: YAML syntax error: a text cannot start with '>': put the whole text in quotes",
        f"{CASE}/pl.yml:40:9: missing text for 'steps.the-call.choices.score-first.label': every choice of the "
        "structure needs its text here",
        f"{CASE}/scenario.yml:8:11: duration must be a whole number, not text",
        f"{CASE}/scenario.yml:34:13: step 'the-call' leads to unknown step 'the-complaintt' "
        "(did you mean 'the-complaint'?)",
    ]


def test_a_module_that_failed_to_load_is_not_reported_by_the_files_naming_it(real_copy: Path) -> None:
    # A broken start: the graph cannot be read, so the module does not load at all.
    edit(real_copy / CASE / "scenario.yml", "start: the-call", "start: The_call")
    found = problems_of(real_copy)
    assert [p for p in found if any(k in p for k in KNOCK_ON)] == []
    assert found == [f"{CASE}/scenario.yml:25:8: start is 'The_call'; it must be an id: lowercase letters a-z, "
                     "digits and single hyphens, e.g. at-the-till"]


def test_a_default_language_file_that_fails_to_parse_leaves_the_cast_list_unchecked_there(real_copy: Path) -> None:
    edit(real_copy / CASE / "pl.yml", "title: Telefon po wizycie", "title: [oops")
    found = problems_of(real_copy)
    assert [p for p in found if any(k in p for k in KNOCK_ON)] == []
    assert [p.split(":")[0] for p in found] == [f"{CASE}/pl.yml"]


MINI = "scenarios/mini-case"

# Independent mistakes in different files of the mini fixture: (file, old, new, what
# the report says at that file).
MISTAKES = {
    "schema, not the graph's": (f"{MINI}/scenario.yml", "duration: 10", "duration: ten",
                                "duration must be a whole number, not text"),
    "role": (f"{MINI}/scenario.yml", "roles: [cashier]", "roles: [clerk]", "roles.0 is 'clerk'"),
    "objective": (f"{MINI}/scenario.yml", "objectives: [learn]", "objectives: [learn, Bad]",
                  "objectives.1 is 'Bad'"),
    "target": (f"{MINI}/scenario.yml", "to: good\n        effects: {trust: 30}",
               "to: goood\n        effects: {trust: 30}", "leads to unknown step 'goood'"),
    "meter": (f"{MINI}/scenario.yml", "{meter: trust, at_least: 30}", "{meter: trusty, at_least: 30}",
              "condition reads unknown meter 'trusty'"),
    "syntax": (f"{MINI}/en.yml", "title: A price of {price}", "title: [oops", "YAML syntax error"),
    "label": (f"{MINI}/pl.yml", "label: Mówisz, ile to kosztuje.", 'label: ""',
              "missing text for 'steps.till.choices.honest.label'"),
    "glossary": ("scenarios/glossary/pl.yml", "term: wycena", "term: [wycena", "YAML syntax error"),
    "course": ("scenarios/course/en.yml", "path_title:", "path_title: [", "YAML syntax error"),
}


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sets(st.sampled_from(sorted(MISTAKES)), min_size=1))
def test_every_mistake_of_a_random_few_is_reported_in_one_run(tmp_path: Path, chosen: set[str]) -> None:
    root = tmp_path / "mini"
    shutil.rmtree(root, ignore_errors=True)
    make_project(FIXTURES / "mini", root)
    for name in sorted(chosen):
        file, old, new, _ = MISTAKES[name]
        edit(root / file, old, new)
    found = problems_of(root)
    for name in chosen:
        file, _, _, said = MISTAKES[name]
        assert any(re.match(rf"{re.escape(file)}:\d+:\d+: .*{re.escape(said)}", p) for p in found), (name, found)
    # Nothing else: each problem is in a file one of the mistakes was made in.
    assert {p.split(":")[0] for p in found} <= {MISTAKES[name][0] for name in chosen}, found
