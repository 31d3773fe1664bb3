"""The home page as a learner meets it: the progress bar, the button to where the
learner goes next, the module cards with their state and score, the role filter
kept in the record; the same page without JavaScript; the progress page on a phone.
Screenshots of each state at 360 x 740 and 1280 x 800 go to test-artifacts/."""

from __future__ import annotations

import json
import re

import pytest

from conftest import REPO

from .test_learner import KEY, no_sideways_scroll, shot, stored, text
from .test_site import LANGS, NARROW, not_shown, run_axe

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
PATH = ["overbilling", "two-surgeons", "upselling", "pressure-to-sell", "five-steps", "feedback-call",
        "leader-sets-pattern", "our-mission", "competence-and-character", "self-check"]
NURSE = ["two-surgeons", "pressure-to-sell", "five-steps", "feedback-call", "competence-and-character", "self-check"]
MANAGER = ["overbilling", "pressure-to-sell", "leader-sets-pattern", "feedback-call", "our-mission", "self-check"]


def minutes(modules: list[str]) -> int:
    """The minutes the modules' files state, which the home page adds up."""
    files = [(REPO / "scenarios" / m / "scenario.yml").read_text(encoding="utf-8") for m in modules]
    return sum(int(re.search(r"^duration: (\d+)$", f, re.M)[1]) for f in files)


def entry(done: bool = False, best: int | None = None, started: str = "2026-01-02T10:00:00.000Z") -> dict:
    return {"hist": [["a-step", None]], "open": not done, "answers": {}, "started": started,
            "done": "2026-01-05T10:00:00.000Z" if done else None, "score": best, "best": best}


def record(modules: dict, **extra) -> dict:
    return {"v": 1, "name": "", "notes": {}, "modules": modules, **extra}


PARTIAL = record({"overbilling": entry(done=True, best=80), "two-surgeons": entry()})
DONE = record({m: entry(done=True, best=100) for m in PATH})


def seed(page, site_server: str, value, lang: str = "en") -> None:
    """Open the home page with ``value`` (a record, or a raw string) stored."""
    page.goto(f"{site_server}{lang}/index.html")
    raw = value if isinstance(value, str) else json.dumps(value)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, raw])
    page.reload()


def cards(page) -> list[str]:
    """The module cards shown, in page order."""
    return page.eval_on_selector_all(".tr-mcard:not([hidden])", "cs => cs.map(c => c.dataset.trModule)")


def go(page) -> tuple[str, str]:
    """The next-module button as "verb → where it leads" (the arrow is drawn by CSS), and its link."""
    button = page.locator(".tr-home__go")
    verb, target = text(button.locator(".tr-home__verb")), text(button.locator(".tr-home__target"))
    # Material's instant navigation makes links absolute: compare them from the language's folder.
    href = re.sub(r"^https?://[^/]+/[a-z]{2}/", "", button.get_attribute("href") or "")
    return f"{verb} → {target}", href


def test_start_when_nothing_is_started(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/index.html")
    assert go(page) == ("Start → Quoted 500 zlotys, billed 800 zlotys", "modules/overbilling.html")
    assert text(page.locator(".tr-home__total")) == "0 modules of 10 done"
    meter = page.locator(".tr-home__meter[role=progressbar]")
    assert (meter.get_attribute("aria-valuenow"), meter.get_attribute("aria-valuemax")) == ("0", "10")
    assert cards(page) == PATH
    assert page.locator(".tr-home__paths").is_hidden()  # the filter shows the role paths


def test_continue_after_a_partial_run_and_after_a_reload(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/two-surgeons.html")
    page.locator("section.tr-step:not([hidden]) .tr-choose").first.click()
    page.locator("section.tr-step:not([hidden]) [data-tr=continue]").click()
    page.goto(site_server + "en/index.html")
    expected = ("Continue → Two surgeons", "modules/two-surgeons.html#tr-player")
    assert go(page) == expected
    assert page.locator(".tr-mcard.is-next").get_attribute("data-tr-module") == "two-surgeons"
    assert text(page.locator("[data-tr-state=two-surgeons]")) == "In progress"
    page.reload()
    assert go(page) == expected
    page.locator(".tr-home__go").click()
    page.wait_for_url(site_server + "en/modules/two-surgeons.html#tr-player")


def test_continue_follows_the_module_last_played(guarded_page, site_server):
    """The record's `last` wins over the module started most recently; a finished
    `last` leads on to the next module of the path not done."""
    page = guarded_page
    seed(page, site_server, record({"upselling": entry(started="2026-01-01T09:00:00.000Z"),
                                    "five-steps": entry(started="2026-01-03T09:00:00.000Z")}, last="upselling"))
    assert go(page)[1] == "modules/upselling.html#tr-player"
    seed(page, site_server, record({"upselling": entry(started="2026-01-01T09:00:00.000Z"),
                                    "five-steps": entry(started="2026-01-03T09:00:00.000Z")}))
    assert go(page)[1] == "modules/five-steps.html#tr-player"
    seed(page, site_server, record({"overbilling": entry(done=True, best=100),
                                    "two-surgeons": entry(done=True, best=50)}, last="two-surgeons"))
    assert go(page) == ("Start → Did they help you? No. Did you like it? Yes.", "modules/upselling.html")


def test_cards_show_state_and_score_from_the_record(guarded_page, site_server):
    page = guarded_page
    seed(page, site_server, PARTIAL)
    states = page.locator(".tr-mcard [data-tr-state]")
    assert [text(s) for s in states.all()] == ["Done, score 80%", "In progress", *["Not started"] * 8]
    assert page.locator("[data-tr-state=overbilling]").get_attribute("data-state") == "done"
    assert text(page.locator(".tr-home__total")) == "1 module of 10 done"
    meter = page.locator(".tr-home__meter")
    assert meter.get_attribute("aria-valuenow") == "1"
    assert meter.get_attribute("aria-valuetext") == "1 module of 10 done"
    assert go(page) == ("Continue → Two surgeons", "modules/two-surgeons.html#tr-player")


def test_the_role_filter_shows_its_path_and_is_remembered(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/index.html")
    page.locator("#tr-role").select_option("nurse")
    assert cards(page) == NURSE
    assert go(page) == ("Start → Two surgeons", "modules/two-surgeons.html")
    assert text(page.locator(".tr-home__total")) == "0 modules of 6 done"
    assert text(page.locator(".tr-home__filter [role=status]")) == "Modules shown: 6"
    assert text(page.locator(".tr-home__sum")) == f"This path: 6 modules, about {minutes(NURSE)} min in all."
    assert stored(page)["role"] == "nurse"
    page.reload()
    assert page.locator("#tr-role").input_value() == "nurse"
    assert cards(page) == NURSE
    page.locator("#tr-role").select_option("manager")  # its own order, not the course's
    assert cards(page) == MANAGER
    page.locator("#tr-role").select_option("")
    assert cards(page) == PATH
    assert text(page.locator(".tr-home__sum")) == f"The whole path: 10 modules, about {minutes(PATH)} min in all."
    assert go(page)[1] == "modules/overbilling.html"


def test_a_role_path_done_leads_to_the_certificate(guarded_page, site_server):
    page = guarded_page
    seed(page, site_server, record({m: entry(done=True, best=100) for m in MANAGER}, role="manager"))
    assert go(page) == ("Your path is complete → Get your certificate", "certificate.html")
    seed(page, site_server, DONE)
    assert go(page) == ("Course complete → Get your certificate", "certificate.html")
    assert text(page.locator(".tr-home__total")) == "10 modules of 10 done"


@pytest.mark.parametrize("value", [
    json.dumps(record({}, role="surgeon")),
    json.dumps(record({}, role=42)),
    json.dumps(record({}, role="hasOwnProperty", last=["not", "an id"])),
    json.dumps(record({"overbilling": entry()}, last="a-module-no-longer-there")),
    "{not json",
], ids=["unknown-role", "role-not-text", "odd-values", "unknown-last", "broken"])
def test_a_corrupt_role_or_record_does_not_break_the_page(guarded_page, site_server, value):
    page = guarded_page
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    seed(page, site_server, value)
    assert cards(page) == PATH
    assert page.locator("#tr-role").input_value() == ""
    verb, href = go(page)
    assert href in ("modules/overbilling.html", "modules/overbilling.html#tr-player")
    assert errors == []


def test_the_home_page_reads_fully_without_javascript(browser, site_server):
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    try:
        page.goto(site_server + "en/index.html")
        for hidden in (".tr-home__status", ".tr-home__filter", ".tr-mcard__state", ".tr-js-tools"):
            assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
        assert not_shown(page, ".tr-mcard", min_count=10) == []
        first = page.locator(".tr-mcard").first
        assert first.locator("a").get_attribute("href") == "modules/overbilling.html"
        assert "Time: 8 min" in text(first)
        assert "For: front desk, cashiers, managers" in text(first)
        assert not_shown(page, ".tr-home__paths li", min_count=5) == []
        assert "Nurses: Two surgeons → The MRI bonus" in text(page.locator(".tr-home__paths"))
        page.locator("details.tr-about summary").click()
        assert page.locator("details.tr-about").get_attribute("open") is not None
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_progress_page_fits_a_phone(guarded_page, site_server, lang):
    page = guarded_page
    page.set_viewport_size(NARROW)
    seed(page, site_server, PARTIAL, lang)
    page.goto(f"{site_server}{lang}/progress.html")
    no_sideways_scroll(page)
    label = page.evaluate("getComputedStyle(document.querySelector('.tr-progress-table td'), '::before').content")
    assert label not in ("", "none")  # each value named on its own card
    run_axe(page)


@pytest.mark.parametrize("lang", LANGS)
def test_home_and_progress_screenshots_and_axe(guarded_page, site_server, artifacts_dir, lang):
    """Each state of the home page and the progress page, at both sizes: kept in
    test-artifacts/, with no sideways scrolling, and axe-clean."""
    page = guarded_page
    for name, value in (("empty", record({})), ("partial", PARTIAL), ("done", DONE)):
        for size in (NARROW, WIDE):
            page.set_viewport_size(size)
            seed(page, site_server, value, lang)
            assert page.locator(".tr-home__go").is_visible()
            no_sideways_scroll(page)
            shot(page, artifacts_dir, f"home-{name}-{size['width']}-{lang}")
        run_axe(page)
    for size in (NARROW, WIDE):
        page.set_viewport_size(size)
        page.goto(f"{site_server}{lang}/progress.html")
        no_sideways_scroll(page)
        shot(page, artifacts_dir, f"progress-{size['width']}-{lang}")
    run_axe(page)
