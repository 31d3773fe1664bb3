"""The build guard (tests/buildguard.py) fires: a test that builds without its marker fails,
whether the build runs in its process or in one it starts, and one that only asks for a
build which is refused before MkDocs starts does not."""

from __future__ import annotations

import os
import runpy
import sys
from pathlib import Path

import pytest

from buildguard import GUARD_SITE, UNMARKED

TESTS = Path(__file__).resolve().parent

# A one-page MkDocs project, built in the test's own process.
BUILD_HERE = """
def build_here(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Page\\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\\n")
    build(load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    return (tmp_path / "site" / "index.html").is_file()
"""

GUARDED_TESTS = BUILD_HERE + """
import subprocess
import sys

import pytest


def test_builds_here_unmarked(tmp_path):
    build_here(tmp_path)


def test_builds_here_unmarked_and_hides_it(tmp_path):
    try:
        build_here(tmp_path)
    except Exception:
        pass


def test_starts_a_build_unmarked(tmp_path):
    subprocess.run([sys.executable, "-m", "generator.languagebuild", "--version"], check=False)


def test_starts_a_refused_build_unmarked(tmp_path):
    # No project here: the command refuses before any MkDocs starts.
    assert subprocess.run([sys.executable, "-m", "generator", "build"], cwd=tmp_path).returncode != 0


@pytest.mark.build
def test_builds_here_marked(tmp_path):
    assert build_here(tmp_path)
"""


def test_a_test_that_builds_unmarked_fails_and_a_marked_one_passes(pytester: pytest.Pytester,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(TESTS), prepend=os.pathsep)
    pytester.makeini("[pytest]\nmarkers =\n    build: builds\n    browser: opens a browser\n")
    pytester.makepyfile(test_guarded=GUARDED_TESTS)
    result = pytester.runpytest_subprocess("-p", "buildguard", "-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=2, failed=3)
    for test, started in (("test_builds_here_unmarked", "mkdocs.commands.build.build() in the test's own process"),
                          ("test_builds_here_unmarked_and_hides_it", "mkdocs.commands.build.build() in*"),
                          ("test_starts_a_build_unmarked", "*/python -m generator.languagebuild --version")):
        result.stdout.fnmatch_lines([f"_* {test} _*", f"{UNMARKED} (mark it @pytest.mark.build*", started])
    result.stdout.fnmatch_lines(["PASSED test_guarded.py::test_starts_a_refused_build_unmarked",
                                 "PASSED test_guarded.py::test_builds_here_marked"], consecutive=False)


def test_a_fixture_that_builds_and_the_browser_folder_mark_their_tests(pytester: pytest.Pytester,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(TESTS), prepend=os.pathsep)
    pytester.makeini("[pytest]\nmarkers =\n    build: builds\n    browser: opens a browser\n")
    pytester.makeconftest("""
import pytest
from buildguard import builds


@pytest.fixture
@builds
def site():
    return "built"


@pytest.fixture
def reading(site):
    return site
""")
    pytester.makepyfile(test_marks="def test_plain(): pass\ndef test_uses_the_site(reading): pass\n")
    (pytester.path / "tests" / "browser").mkdir(parents=True)
    (pytester.path / "tests" / "browser" / "test_pages.py").write_text("def test_a_page(): pass\n")
    for marks, expected in (("build", ["test_marks.py::test_uses_the_site"]),
                            ("browser", ["tests/browser/test_pages.py::test_a_page"]),
                            ("not build and not browser", ["test_marks.py::test_plain"])):
        result = pytester.runpytest_subprocess("-p", "buildguard", "-p", "no:cacheprovider", "--collect-only",
                                               "-q", "-m", marks)
        assert [line for line in result.stdout.lines if "::" in line] == expected, (marks, result.stdout.str())


COMMANDS = runpy.run_path(str(GUARD_SITE / "sitecustomize.py"), run_name="sitecustomize_under_test")


@pytest.mark.parametrize(("argv", "builds"), [
    (["-m", "generator.languagebuild", "build", "--config-file", "mkdocs.yml"], True),
    (["-m", "mkdocs", "build", "--strict"], True),
    (["-m", "mkdocs", "serve"], True),
    (["/venv/bin/properdocs", "build", "--site-dir", "out"], True),
    (["-m", "generator", "serve", "--lang", "en"], True),
    (["-mgenerator.languagebuild", "build"], True),
    (["-m", "generator", "build"], False),  # its generator.languagebuild processes are the builds
    (["-m", "generator", "validate"], False),
    (["-m", "mkdocs", "--version"], False),
    (["-m", "pytest", "-m", "not build"], False),
    (["-c", "print()"], False),
    ([], False),
])
def test_what_is_a_build(argv: list[str], builds: bool) -> None:
    assert COMMANDS["starts_a_build"]([sys.executable, *argv]) is builds
