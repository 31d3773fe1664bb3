"""Shared fixtures: project copies in temporary folders, and the CLI run as a user runs it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import buildguard
from buildguard import BROWSER_TESTS

pytest_plugins = ("pytester",)  # the build guard's own test runs pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Property tests draw the same examples on every run (no example database), so a
# failure in CI can be reproduced; HYPOTHESIS_PROFILE=explore draws new ones each
# run, and PROPERTY_EXAMPLES=10 multiplies how many the property tests try.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


# `make test` runs the suite in two processes (pytest-xdist, -n 2). The browser tests
# of a process share one built site, one server and one Chromium (session fixtures):
# they come in two halves, units of work the scheduler hands one to each worker first
# (they are collected first), so that each process builds the site once and the halves
# run side by side; every other test is a unit of its own, for either. The halves are
# split by file, by time measured with --durations (December 2026).
# The tests of a file whose module-scoped fixture builds a site are one unit too, so
# that the site is built once, not once in each process.
BROWSER_HALF = {"test_random_learner.py", "test_standards.py", "test_decks.py", "test_lms.py",
                "test_preview_errors.py", "test_signoff.py", "test_handouts.py"}
ONE_BUILD_PER_FILE = {"tests/test_bad_inputs.py", "tests/test_fifth_language.py", "tests/test_images_build.py",
                      "tests/test_operations.py"}


def browser_unit(nodeid: str) -> str:
    """The unit of work a test is scheduled in: its browser half, its file, or itself."""
    file = nodeid.split("::", 1)[0]
    if file in ONE_BUILD_PER_FILE:
        return file
    if not nodeid.startswith(BROWSER_TESTS):
        return nodeid
    return BROWSER_TESTS + ("1" if file[len(BROWSER_TESTS):] in BROWSER_HALF else "2")


class BrowserTestsTogether:
    """Registered while pytest-xdist is (not with -p no:xdist, which would make its hook unknown)."""

    @staticmethod
    def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
        # xdist's own --dist loadgroup does not group under pytest 9.2 (it renames
        # item._nodeid, which pytest no longer reads), so the scheduler is told here.
        from xdist.scheduler import LoadScopeScheduling

        class Scheduling(LoadScopeScheduling):
            def _split_scope(self, nodeid: str) -> str:
                return browser_unit(nodeid)

        return Scheduling(config, log) if config.getvalue("dist") in ("load", "loadgroup") else None


def pytest_configure(config: pytest.Config) -> None:
    # Registered, not named in pytest_plugins: imported above already, it could not be
    # rewritten for assertions, and pytest would warn.
    config.pluginmanager.register(buildguard, "buildguard")
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(BrowserTestsTogether(), "browser-tests-together")


@contextlib.contextmanager
def machine_share(config: pytest.Config, alone: bool) -> Iterator[None]:
    """Under pytest-xdist, a test marked ``alone`` runs while no other test does: it
    waits for the running ones to end, and the others wait for it. (A gate in front
    of the shared lock, so that a stream of short tests cannot keep it waiting.)"""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    folder = Path(config.getoption("basetemp")).parent  # the run's: each worker's basetemp is in it
    with open(folder / "machine.gate", "a") as gate, open(folder / "machine.lock", "a") as machine:
        fcntl.flock(gate, fcntl.LOCK_EX)
        if not alone:
            fcntl.flock(gate, fcntl.LOCK_UN)
        fcntl.flock(machine, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(machine, fcntl.LOCK_UN)
            fcntl.flock(gate, fcntl.LOCK_UN)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    with machine_share(item.config, item.get_closest_marker("alone") is not None):
        return (yield)


def examples(n: int) -> int:
    """How many examples a property test tries: ``n``, times PROPERTY_EXAMPLES."""
    return n * int(os.environ.get("PROPERTY_EXAMPLES", "1"))


def make_project(source: Path, target: Path) -> Path:
    """A copy of ``source`` (scenarios/ and docs/) set up like the real project:
    the repository's mkdocs.yml, and links to its generator/ and node_modules/."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("scenarios", "docs"):
        shutil.copytree(source / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("generator", "node_modules"):
        if (REPO / name).exists():
            (target / name).symlink_to(REPO / name)
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small two-language project (tests/fixtures/mini) to change freely."""
    return make_project(FIXTURES / "mini", tmp_path / "mini")


def make_branded(target: Path) -> Path:
    """tests/fixtures/mini with tests/fixtures/branded over it: an identity colour and
    logo, and a certificate issuer with a signatory and a logo of its own."""
    make_project(FIXTURES / "mini", target)
    shutil.copytree(FIXTURES / "branded", target, dirs_exist_ok=True)
    return target


@pytest.fixture
def branded(tmp_path: Path) -> Path:
    return make_branded(tmp_path / "branded")


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """A copy of the real project's content."""
    return make_project(REPO, tmp_path / "project")


def stand_in(text: str, lang: str = "pl") -> str:
    """A language file's YAML with each text marked with ``lang``: a test's stand-in for a
    translation, which must not read exactly as another language's (that is a copy)."""
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    data = yaml.load(text)

    def mark(node: Any) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                mark(value)
            elif isinstance(value, str) and value.strip():
                node[key] = f"{value.rstrip()} ({lang})"

    mark(data)
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def edit(file: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must be there) in ``file``: a test's change to a project."""
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    """Every problem loading the project at ``root`` finds, as the validator prints them."""
    from generator.project import load_project

    _, problems = load_project(root)
    return [p.format(root) for p in problems.sorted()]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
