"""The built site against two standards checkers, at zero errors: the W3C Nu HTML checker
(npm's vnu-jar, in Java) on the HTML files as built, and HTML_CodeSniffer (npm's
html_codesniffer, its WCAG2AA standard) in Chromium on the same pages as a reader has them,
after their scripts ran.

The pages: one of every page type in every language (``sample_pages``), chosen from the
project so that the module pages and decks checked hold every kind of step between them
and the handouts every kind of handout. A folder of pages this file does not know fails
the sample, so that a new page type cannot go unchecked.

The Nu checker reads all the pages in one Java process (its start-up is most of its time)
and runs while Chromium goes through them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pytest

from generator.project import load_project

from .conftest import BROWSER_REPO, RequestLog

pytestmark = pytest.mark.browser

VNU_JAR = BROWSER_REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTMLCS_JS = BROWSER_REPO / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
# The folders of a language's pages that sample_pages knows; assets/ and search/ hold no pages.
PAGE_FOLDERS = {"modules", "slides", "walkthrough", "workshops", "handouts"}
NOT_PAGES = {"assets", "search"}
TABS = 3  # pages Chromium checks at once
# Short-lived: the quickest start for one run over a hundred files.
JAVA_OPTIONS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m"]

T = TypeVar("T")


def covering(items: Mapping[str, T], features: Callable[[T], set[str]]) -> list[str]:
    """The fewest items (greedily) that have every feature any item has between them."""
    left = set().union(*(features(item) for item in items.values()))
    chosen: list[str] = []
    while left:
        best = max(items, key=lambda key: len(features(items[key]) & left))
        chosen.append(best)
        left -= features(items[best])
    return chosen


def sample_pages(site: Path) -> list[str]:
    """One page of every page type in every language, as paths under ``site``."""
    project, problems = load_project(BROWSER_REPO)
    assert project is not None, [p.format(BROWSER_REPO) for p in problems.errors]
    modules = covering(project.scenarios, lambda s: {step.kind for step in s.steps.values()})
    per_language: list[str] = [*(f"modules/{m}.html" for m in modules), *(f"slides/{m}.html" for m in modules),
                               "walkthrough/index.html", *(f"walkthrough/{m}.html" for m in modules)]
    if project.workshops is not None:
        workshop = next(iter(project.workshops.workshops))
        per_language += [f"workshops/{workshop}.html", f"workshops/{workshop}-guide.html",
                         f"slides/workshop-{workshop}.html"]
        kinds = covering(project.workshops.handouts, lambda h: {
            kind for kind, there in (("cards", h.cards), ("checklist", h.checklist), ("worksheet", h.prompts))
            if there})
        per_language += [f"handouts/{h}.html" for h in kinds]
    pages = ["index.html"]  # the language chooser
    for lang in project.course.languages:
        folder = site / lang
        unknown = {p.name for p in folder.iterdir() if p.is_dir()} - PAGE_FOLDERS - NOT_PAGES
        assert not unknown, f"pages in {sorted(unknown)}: give them a place in sample_pages"
        # Each page at the top of a language is a type of its own: home, glossary, progress,
        # certificate, 404, and each hand-written page.
        pages += sorted(f"{lang}/{p.name}" for p in folder.glob("*.html"))
        pages += [f"{lang}/{page}" for page in per_language]
    missing = [p for p in pages if not (site / p).is_file()]
    assert not missing, f"sample pages not built: {missing}"
    return pages


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    return sample_pages(built_site)


def _java() -> str | None:
    """The java command, if there is one that runs."""
    java = shutil.which("java")
    if java is None:
        return None
    proc = subprocess.run([java, "-version"], capture_output=True, check=False)
    return java if proc.returncode == 0 else None


@pytest.fixture(scope="module")
def nu_checker(built_site: Path, pages: list[str]) -> Iterator[subprocess.Popen[str] | None]:
    """The Nu HTML checker started on the sample pages, in the background (None without Java)."""
    java = _java()
    if java is None:
        yield None
        return
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run make setup (npm ci)"
    proc = subprocess.Popen(
        [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--stdout", *pages],
        cwd=built_site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        # Its pipes are closed here whether or not a test read them (under xdist the test
        # that reads them may run in the other process, after this one has finished).
        if proc.poll() is None:
            proc.kill()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        proc.wait()


def _shown(places: list[str]) -> str:
    return ", ".join(places[:6]) + (f" and {len(places) - 6} more" if len(places) > 6 else "")


# HTMLCS.process calls back when done; the promise is kept on the page, so that a round
# of pages is checked side by side and read one after another.
_START = """() => { window.__trHtmlcs = new Promise((resolve, reject) => {
  HTMLCS.process("WCAG2AA", document, () => resolve(HTMLCS.getMessages()
    .filter(m => m.type === HTMLCS.ERROR)
    .map(m => ({code: m.code, msg: m.msg, element: m.element.outerHTML.slice(0, 160)}))), reject);
}); }"""
_RESULT = "() => window.__trHtmlcs"
# Served at an address of the site, so that Chromium compiles it once, not once a page.
HTMLCS_URL = "__htmlcs__/HTMLCS.js"


def _rounds(tabs: list[Any], chooser: Any, pages: list[str]) -> Iterator[list[tuple[Any, str]]]:
    yield [(chooser, p) for p in pages if "/" not in p]
    inside = [p for p in pages if "/" in p]
    for start in range(0, len(inside), len(tabs)):
        yield list(zip(tabs, inside[start:start + len(tabs)], strict=False))


def test_html_codesniffer_finds_no_errors(browser, site_server: str, pages: list[str],
                                          nu_checker: subprocess.Popen[str] | None) -> None:
    """WCAG2AA errors (HTML_CodeSniffer's type 1) on the sample pages, after their scripts
    ran. (It asks for nu_checker only to start Java first: the two check at once.)"""
    assert HTMLCS_JS.is_file(), f"{HTMLCS_JS} is missing: run make setup (npm ci)"
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    log = RequestLog()
    context.on("request", log.record)
    context.route(site_server + HTMLCS_URL, lambda route: route.fulfill(
        path=HTMLCS_JS, headers={"content-type": "text/javascript", "cache-control": "max-age=600"}))
    # Search builds its index in a worker on every page: nothing that is checked here.
    context.route(re.compile(r".*/search/search_index\.js(on)?$"), lambda route: route.abort())
    tabs = [context.new_page() for _ in range(TABS)]
    # The language chooser moves on to a language's home at once: held in a tab of its own.
    chooser = context.new_page()
    chooser.route(re.compile(r".*/index\.html$"),
                  lambda route: route.abort("aborted") if route.request.is_navigation_request()
                  and route.request.url != site_server + "index.html" else route.continue_())
    found: dict[str, list[dict[str, str]]] = {}
    try:
        for tab in [*tabs, chooser]:
            tab.set_default_timeout(30_000)
        for batch in _rounds(tabs, chooser, pages):
            for tab, page in batch:
                tab.goto(site_server + page, wait_until="commit")
            for tab, _ in batch:
                tab.wait_for_load_state("load")
                tab.add_script_tag(url=site_server + HTMLCS_URL)
                tab.evaluate(_START)
            for tab, page in batch:
                found[page] = tab.evaluate(_RESULT)
    finally:
        context.close()
    assert sorted(found) == sorted(pages)
    external = log.external()
    assert not external, "third-party requests: " + ", ".join(external)
    by_error: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for page, messages in found.items():
        for m in messages:
            by_error[(m["code"], m["msg"], m["element"])].append(page)
    if by_error:
        lines = [f"HTML_CodeSniffer (WCAG2AA): {sum(map(len, by_error.values()))} error(s) on "
                 f"{len({p for ps in by_error.values() for p in ps})} of {len(pages)} pages"]
        for (code, msg, element), where in sorted(by_error.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"- {code}: {msg}\n    {element!r}\n    on {_shown(where)}")
        pytest.fail("\n".join(lines), pytrace=False)


def test_nu_html_checker_finds_no_errors(nu_checker: subprocess.Popen[str] | None, built_site: Path,
                                         pages: list[str]) -> None:
    """The W3C Nu HTML checker's errors on the sample pages, as built."""
    if nu_checker is None:
        pytest.skip("no Java runtime here (no java command that runs): the Nu HTML checker needs one; "
                    "make setup-test installs Debian's default-jre-headless")
    out, err = nu_checker.communicate(timeout=300)
    try:
        messages = json.loads(out)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu checker gave no report (exit {nu_checker.returncode}):\n{out}\n{err}", pytrace=False)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    if errors:
        by_message: dict[str, list[str]] = defaultdict(list)
        for m in errors:
            where = str(m.get("url", "")).removeprefix("file:").removeprefix(str(built_site) + "/")
            by_message[str(m.get("message", ""))].append(f"{where}:{m.get('lastLine', '?')}")
        lines = [f"Nu HTML checker: {len(errors)} error(s) on {len({m.get('url') for m in errors})} "
                 f"of {len(pages)} pages"]
        lines += [f"- {message}\n    {_shown(places)}"
                  for message, places in sorted(by_message.items(), key=lambda kv: -len(kv[1]))]
        pytest.fail("\n".join(lines), pytrace=False)
    assert nu_checker.returncode == 0, err


# What the fixes above must keep: Material's behaviour without its invalid markup -------


def test_a_page_gone_back_to_has_its_drawer_and_search_closed(guarded_page, site_server: str) -> None:
    """Material's autocomplete="off" on its drawer and search checkboxes kept a browser
    from restoring them checked; without it (invalid on a checkbox), main.html does.
    (Chromium restores them on going back, not on a reload; Firefox on both.)"""
    page = guarded_page
    page.set_viewport_size({"width": 390, "height": 740})  # a phone: the drawer is a drawer
    page.goto(site_server + "en/about.html")
    for toggle in ("#__drawer", "#__search"):
        page.evaluate("id => document.querySelector(id).click()", toggle)
        assert page.is_checked(toggle)
    page.goto(site_server + "en/glossary.html")
    page.go_back()
    page.wait_for_url(site_server + "en/about.html")
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => setTimeout(done))")  # a task later: past "pageshow"
    assert not page.is_checked("#__drawer")
    assert not page.is_checked("#__search")


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_the_search_forms_submit_button_opens_the_best_result(guarded_page, site_server: str, built_site: Path,
                                                              lang: str) -> None:
    """The submit button the search form needs does what Enter does: it opens the best
    result, and the page does not reload with the query in its address."""
    from .test_site import search_hrefs, search_word

    page = guarded_page
    page.goto(f"{site_server}{lang}/about.html")
    hrefs = search_hrefs(page, search_word(built_site, lang, "overbilling"))
    submit = page.locator("form[name=search] button[type=submit]")
    label = submit.get_attribute("aria-label")
    assert label and label != "Search", f"the button's name is not in {lang}: {label!r}"
    submit.click()
    page.wait_for_url(lambda url: "about.html" not in url)
    assert page.url.split("#")[0].split("?")[0] == hrefs[0]
    assert "query=" not in page.url
