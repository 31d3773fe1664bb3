"""The command line as an author uses it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import edit, run_cli
from generator.cli import main

PROBLEM_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: .+$")


def test_validate_prints_each_scenarios_steps_paths_and_meters_then_a_count(mini: Path) -> None:
    result = run_cli("validate", cwd=mini)
    assert result.returncode == 0, result.stderr
    # tests/fixtures/mini: honest -> good (trust 80); vague, apologise -> good (40); vague, shrug -> bad (0).
    assert result.stdout.splitlines() == [
        "mini-case: 4 steps, 3 paths (endings: good 2, bad 1); trust 0..80; 1..2 decisions a path",
        "1 scenarios in 2 languages: 0 errors, 0 warnings",
    ]


def test_validate_reports_every_problem_then_a_count(mini: Path) -> None:
    scenario = mini / "scenarios/mini-case/scenario.yml"
    scenario.write_text(scenario.read_text().replace("to: bad", "to: bda").replace("duration: 10", "duraton: 10"))
    (mini / "scenarios/mini-case/en.yml").write_text("title: [broken\n")
    result = run_cli("validate", cwd=mini)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    # The broken duration is no part of the graph: the wrong target is reported in the same run.
    assert lines[-1] == "4 errors, 0 warnings"
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
    assert "scenarios/mini-case/en.yml:1:8: YAML syntax error: the list opened here with [ is not closed" \
        in result.stderr
    assert "unknown key 'duraton' in the file (did you mean 'duration'?)" in result.stderr
    assert "leads to unknown step 'bda' (did you mean 'bad'?)" in result.stderr


def test_new_scenario_scaffold_then_validate(mini: Path) -> None:
    result = run_cli("new", "feedback-call", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert "created scenarios/feedback-call/scenario.yml" in result.stdout
    structure = (mini / "scenarios/feedback-call/scenario.yml").read_text()
    assert structure.startswith("# yaml-language-server: $schema=")
    for field in ("duration", "roles", "objectives", "numbers", "meters", "start", "steps", "when", "ending"):
        assert "# " in structure and field in structure
    assert "added 'feedback-call' to the learning path in scenarios/course/course.yml, after 'mini-case'" \
        in result.stdout
    assert "created scenarios/course" not in result.stdout
    assert (mini / "scenarios/course/course.yml").read_text().startswith(
        "languages: [pl, en]\npath: [mini-case, feedback-call]\nroles:\n  cashier: [mini-case]\n")
    # The source language is filled in; translations are still to do: the site refuses them...
    strict = run_cli("validate", cwd=mini)
    assert strict.returncode == 1
    assert "scenarios/feedback-call/en.yml:6:1: missing English text for 'title'" in strict.stderr
    assert "scenarios/feedback-call/pl.yml" not in strict.stderr
    # ...and a preview shows the Polish text meanwhile.
    preview = run_cli("validate", "--preview", cwd=mini)
    assert preview.returncode == 0, preview.stderr
    assert "warning: no English text for 'title': showing the Polish text" in preview.stdout
    assert "feedback-call: 3 steps, 2 paths" in preview.stdout


COURSE = """\
# The course.
languages: [pl, en]
path:
  - mini-case
    # the closing check, always last
  - closing   # last
roles:
  cashier: [mini-case,
            closing]   # wrapped by hand
"""


def test_new_puts_the_module_on_the_path_as_a_person_would(mini: Path) -> None:
    """Before the path's last module, or after the one named; every other byte of the
    course file as it was."""
    shutil.copytree(mini / "scenarios/mini-case", mini / "scenarios/closing")
    edit(mini / "scenarios/closing/scenario.yml", "id: mini-case", "id: closing")
    course = mini / "scenarios/course/course.yml"
    course.write_text(COURSE, encoding="utf-8")
    result = run_cli("new", "lab-results", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert ("added 'lab-results' to the learning path in scenarios/course/course.yml, before 'closing', the "
            "path's last module (--after ID puts it elsewhere)") in result.stdout
    expected = COURSE.replace("  - mini-case\n", "  - mini-case\n  - lab-results\n")
    assert course.read_text(encoding="utf-8") == expected
    result = run_cli("new", "lab-call", "--after", "mini-case", cwd=mini)
    assert result.returncode == 0, result.stderr
    expected = expected.replace("  - mini-case\n", "  - mini-case\n  - lab-call\n")
    assert course.read_text(encoding="utf-8") == expected
    wrong = run_cli("new", "lab-visit", "--after", "mini-cse", cwd=mini)
    assert wrong.returncode == 2 and wrong.stderr == (
        "error: --after mini-cse: no such module on the learning path (did you mean 'mini-case'?); it holds "
        "mini-case, lab-call, lab-results, closing\n")
    assert course.read_text(encoding="utf-8") == expected and not (mini / "scenarios/lab-visit").exists()
    # A path in brackets gets it in its brackets.
    course.write_text("languages: [pl, en]\npath: [mini-case, 'closing']  # in order\n", encoding="utf-8")
    assert run_cli("new", "lab-four", "--after", "closing", cwd=mini).returncode == 0
    assert run_cli("new", "lab-five", cwd=mini).returncode == 0
    assert course.read_text(encoding="utf-8") == (
        "languages: [pl, en]\npath: [mini-case, 'closing', lab-five, lab-four]  # in order\n")


def test_new_refuses_a_bad_or_taken_id(mini: Path) -> None:
    bad = run_cli("new", "Feedback Call", cwd=mini)
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("error: 'Feedback Call' is not a valid id: use lowercase letters a-z, "
                                  "digits and single hyphens, e.g. feedback-call")
    taken = run_cli("new", "mini-case", cwd=mini)
    assert taken.returncode == 2
    assert "scenarios/mini-case exists already" in taken.stderr


def test_new_refuses_an_id_whose_files_another_output_holds(mini: Path) -> None:
    course = (mini / "scenarios/course/course.yml").read_text()
    listing = run_cli("new", "index", cwd=mini)
    assert listing.returncode == 2
    assert listing.stderr.strip() == (
        "error: 'index' cannot be a module's id: the module's files would be written to "
        "pl/walkthrough/index.html in the site, where the generated list of sign-off sheets is: pick another id")
    assert not (mini / "scenarios/index").exists()
    assert (mini / "scenarios/course/course.yml").read_text() == course
    # An author mid-work: a module not yet translated does not turn the check off.
    assert run_cli("new", "first-draft", cwd=mini).returncode == 0
    (mini / "docs/en/slides").mkdir()
    (mini / "docs/en/slides/Old-Deck.html").write_text("<p>old slides</p>\n", encoding="utf-8")
    deck = run_cli("new", "old-deck", cwd=mini)
    assert deck.returncode == 2
    assert ("the module's files would be written to en/slides/Old-Deck.html in the site, where the hand-written "
            "file docs/en/slides/Old-Deck.html is: pick another id, or rename or move docs/en/slides/Old-Deck.html"
            in deck.stderr)
    assert not (mini / "scenarios/old-deck").exists()


def test_unknown_command_and_missing_project(tmp_path: Path) -> None:
    result = run_cli("frobnicate", cwd=tmp_path)
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == ("scenarios:1:1: no scenarios/ folder here: run the command "
                                             "from the project's top folder, or pass --root")
    assert "Traceback" not in result.stderr


def test_a_module_in_a_folder_of_the_course_is_refused(mini: Path) -> None:
    # 'new workshops' used to make one, and validate then ended in a KeyError traceback.
    refused = run_cli("new", "workshops", cwd=mini)
    assert refused.returncode == 2
    assert refused.stderr.strip() == "error: 'workshops' is reserved for the course's own files: pick another id"
    (mini / "scenarios" / "workshops").mkdir()
    (mini / "scenarios" / "workshops" / "scenario.yml").write_text("id: workshops\n", encoding="utf-8")
    (mini / "scenarios" / "course" / "course.yml").write_text("languages: [pl, en]\npath: [mini-case, workshops]\n",
                                                               encoding="utf-8")
    result = run_cli("validate", cwd=mini)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "scenarios/course/course.yml:2:19: the learning path names 'workshops', the folder of the course's own "
        "files, not a scenario: give the scenario another id and folder",
        "1 error, 0 warnings"]


def _state(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_refuses_a_site_folder_that_would_destroy_something(mini: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A build (or an export) replaces its folder whole: never the project, its sources, a
    file, or a folder of other files (a mistyped --site-dir once replaced scenarios/ with a
    site)."""
    (mini / "node_modules").unlink(missing_ok=True)  # each refusal comes before the build would need it
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "minutes.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "a-file").write_text("keep me too", encoding="utf-8")
    before = _state(mini / "scenarios"), _state(mini / "docs"), _state(notes)
    monkeypatch.chdir(mini)  # where an author runs it
    for site, why in (("scenarios", "is the project's scenarios/ folder"),
                      ("scenarios/out", "is inside the project's scenarios/ folder"),
                      ("docs", "is the project's docs/ folder"),
                      (".", "is the project's folder, or holds it"),
                      ("..", "is the project's folder, or holds it"),
                      (str(notes), "holds files that this tool did not write"),
                      (str(tmp_path / "a-file"), "is a file, not a folder")):
        for option, command in (("--site-dir", ["build", "--site-dir", site]), ("--out", ["scorm", "--out", site]),
                                ("--out", ["pdf", "--out", site]), ("out", ["generate", site])):
            # In this process (28 commands; a new Python each cost a second): main() is all
            # that `python -m generator` runs, and a traceback would end the test here.
            code = main(command)
            stderr = capsys.readouterr().err
            assert code == 2, (command, stderr)
            assert f"{option}: '{site}' {why}" in stderr, (command, stderr)
            assert "nothing was written" in stderr
    assert (_state(mini / "scenarios"), _state(mini / "docs"), _state(notes)) == before
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "keep me too"


@pytest.mark.build
def test_build_replaces_a_site_it_built(mini: Path) -> None:
    """Its own earlier site (marked with .training-output) is what a build may replace, and
    the same for the SCORM packages made from it."""
    for _ in range(2):
        result = run_cli("build", "--site-dir", "out", cwd=mini)
        assert result.returncode == 0, result.stderr
        result = run_cli("scorm", "--site-dir", "out", "--out", "packages", cwd=mini)
        assert result.returncode == 0, result.stderr
    assert (mini / "out" / ".training-output").is_file() and (mini / "out" / "en" / "index.html").is_file()
    assert (mini / "packages" / ".training-output").is_file() and any((mini / "packages").glob("*.zip"))


def test_bad_arguments_are_refused_with_what_to_do(mini: Path) -> None:
    for args, message in ((["build", "--jobs", "-3"], "argument --jobs: '-3' is not a whole number of 1 or more"),
                          (["build", "--jobs", "0"], "argument --jobs: '0' is not a whole number of 1 or more"),
                          (["i18n", "confirm", "--lang", "en", "--key", "steps.till.titel"],
                           "error: --key steps.till.titel: no text has this key (did you mean 'steps.till.title'?)")):
        result = run_cli(*args, cwd=mini)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
