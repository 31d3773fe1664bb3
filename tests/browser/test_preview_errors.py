"""The preview as an author uses it: a save that breaks a scenario puts its problems,
as the terminal prints them, on the page the author has open, and the save that
fixes them brings the page back; neither needs a reload by hand. A preview that
starts with errors serves them too, rather than stopping."""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, edit, make_project

from .conftest import _free_port
from .test_site import run_axe

pytestmark = [pytest.mark.browser, pytest.mark.build]

STRUCTURE = "scenarios/mini-case/scenario.yml"
# Independent mistakes in two files: (file, right, wrong, the line the preview must show).
MISTAKES = {
    "target": (STRUCTURE, "to: good\n        effects: {trust: 30}", "to: goood\n        effects: {trust: 30}",
               f"{STRUCTURE}:16:13: step 'till' leads to unknown step 'goood' (did you mean 'good'?)"),
    "syntax": ("scenarios/mini-case/en.yml", "title: A price of {price}", "title: [oops",
               "scenarios/mini-case/en.yml:1:8: YAML syntax error"),
}
REAL = "At the till"  # the module page's first step, in English
WAIT = 30_000  # ms: a rebuild of the mini project under a loaded machine


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(FIXTURES / "mini", tmp_path / "mini")


@contextlib.contextmanager
def preview(root: Path) -> Iterator[str]:
    """``python -m generator serve`` in ``root`` on a free port; its root URL."""
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--lang", "en",
                             "--addr", f"127.0.0.1:{port}"], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while not _answers(url):
            assert proc.poll() is None, f"the preview stopped:\n{proc.communicate()[0]}"
            assert time.monotonic() < deadline, "the preview never answered"
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
        assert "Traceback" not in output, output


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # an answer all the same: the error page comes with 404 where no page is
    except OSError:
        return False


def set_mistake(root: Path, name: str, on: bool) -> None:
    file, right, wrong, _ = MISTAKES[name]
    edit(root / file, *((right, wrong) if on else (wrong, right)))


def shows_errors(page, lines: list[str]) -> None:
    errors = page.locator("ol.tr-preview-errors li")
    expect(errors).to_have_count(len(lines), timeout=WAIT)
    for line, item in zip(sorted(lines), errors.all(), strict=True):
        expect(item).to_contain_text(line)
    expect(page.locator("h1")).to_have_text("The scenarios have errors")


def shows_module(page) -> None:
    expect(page.get_by_role("heading", name=REAL).first).to_be_visible(timeout=WAIT)
    expect(page.locator("ol.tr-preview-errors")).to_have_count(0)


def test_a_save_that_breaks_a_scenario_shows_on_the_open_page_and_the_fix_brings_it_back(project, guarded_page):
    page = guarded_page
    with preview(project) as url:
        page.goto(url + "modules/mini-case.html")
        shows_module(page)
        set_mistake(project, "target", True)
        shows_errors(page, [MISTAKES["target"][3]])
        expect(page.locator("html")).to_have_attribute("lang", "en")
        run_axe(page)
        page.goto(url)  # the home page too, and any address at all
        shows_errors(page, [MISTAKES["target"][3]])
        page.goto(url + "modules/mini-case.html")
        set_mistake(project, "target", False)
        shows_module(page)


def test_a_preview_that_starts_with_errors_serves_them_until_they_are_fixed(project, guarded_page):
    page = guarded_page
    set_mistake(project, "target", True)
    with preview(project) as url:
        page.goto(url + "modules/mini-case.html")  # no such file yet: the server's fallback
        shows_errors(page, [MISTAKES["target"][3]])
        run_axe(page)
        set_mistake(project, "target", False)
        shows_module(page)


@pytest.mark.slow
def test_the_open_page_shows_errors_exactly_while_the_files_have_them(project, guarded_page):
    """Mistakes made and fixed in a random order: after each save, the page the author has
    open shows the problems of the files as they are, and the module once there are none."""
    page = guarded_page
    rng = random.Random(int(os.environ.get("PREVIEW_SEED", "20")))
    on: set[str] = set()
    with preview(project) as url:
        page.goto(url + "modules/mini-case.html")
        shows_module(page)
        for _ in range(6):
            name = rng.choice(sorted(MISTAKES))
            set_mistake(project, name, name not in on)
            on ^= {name}
            if on:
                shows_errors(page, [MISTAKES[n][3] for n in on])
            else:
                shows_module(page)
