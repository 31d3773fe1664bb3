"""Markers that say what a test does, and a guard that holds every test to them.

A test under tests/browser/ is marked ``browser``; one that uses a fixture declared with
``@builds`` (or one that fixture uses) is marked ``build``, as is one that says so itself.
While a test marked neither runs, a real MkDocs build fails it: one in this process, or
one in any Python it starts (guard_site/sitecustomize.py). So ``-m "not build and not
browser"`` stays the quick set as tests are written, not as someone remembers to mark them.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

GUARD_SITE = Path(__file__).resolve().parent / "guard_site"
RECORD_ENV = "TRAINING_TEST_BUILD_RECORD"  # as in guard_site/sitecustomize.py
BROWSER_TESTS = "tests/browser/"
UNMARKED = "marked neither build nor browser but ran a real build"

BUILDING_FIXTURES: set[str] = set()

Fixture = TypeVar("Fixture", bound=Callable[..., Any])


def builds(fixture: Fixture) -> Fixture:
    """Declares that ``fixture`` runs a real build: every test that uses it is marked ``build``.
    Put it under ``@pytest.fixture``."""
    BUILDING_FIXTURES.add(fixture.__name__)
    return fixture


def markers_of(item: pytest.Item) -> list[pytest.MarkDecorator]:
    """The markers ``item`` earns by where it is and what it uses."""
    marks = []
    if item.nodeid.startswith(BROWSER_TESTS):
        marks.append(pytest.mark.browser)
    if BUILDING_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        marks.append(pytest.mark.build)
    return marks


# First: `-m` deselects in pytest's own hook, which must see these markers.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark in markers_of(item):
            item.add_marker(mark)


def may_build(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) for name in ("build", "browser"))


RECORD = pytest.StashKey[Path]()


@contextlib.contextmanager
def refusing_builds(item: pytest.Item) -> Iterator[None]:
    """Around the whole test (its fixtures' monkeypatching nests inside): every real build
    started here or in a process started from here is written into the test's record."""
    import mkdocs.commands.build

    with tempfile.TemporaryDirectory(prefix="build-guard-") as folder, pytest.MonkeyPatch.context() as patch:
        record = item.stash[RECORD] = Path(folder) / "builds"

        def refused(*args: Any, **kwargs: Any) -> Any:
            with record.open("a", encoding="utf-8") as file:
                file.write("mkdocs.commands.build.build() in the test's own process\n")
            raise RuntimeError(f"this test is {UNMARKED}: mark it @pytest.mark.build")

        # Every MkDocs build lists the docs first, through this name of its module, however
        # the test reached build() (serve's rebuilds included).
        patch.setattr(mkdocs.commands.build, "get_files", refused)
        patch.setenv(RECORD_ENV, str(record))
        patch.setenv("PYTHONPATH", str(GUARD_SITE), prepend=os.pathsep)
        try:
            yield
        finally:
            del item.stash[RECORD]


@contextlib.contextmanager
def allowing_builds() -> Iterator[None]:
    # A test of the guard runs pytest inside a guarded test: a marked test there may build.
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(RECORD_ENV, raising=False)
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    with allowing_builds() if may_build(item) else refusing_builds(item):
        return (yield)


def fail_on_builds(item: pytest.Item) -> None:
    """Fails the running phase of ``item`` if a build was recorded in it."""
    record = item.stash.get(RECORD, None)
    if record is None or not record.exists():
        return
    started = record.read_text(encoding="utf-8")
    record.unlink()
    # From None: the refused build's own error, if any, says less than this.
    raise pytest.fail.Exception(f"{UNMARKED} (mark it @pytest.mark.build, or give its building fixture "
                                f"@builds):\n{started}", pytrace=False) from None


# Each phase (setup, call, teardown) fails on its own builds, even when it failed for
# another reason too: a refused build is the likeliest one.
@pytest.hookimpl(wrapper=True)
def failing_on_builds(item: pytest.Item) -> Iterator[None]:
    try:
        return (yield)
    finally:
        fail_on_builds(item)


pytest_runtest_setup = pytest_runtest_call = pytest_runtest_teardown = failing_on_builds
