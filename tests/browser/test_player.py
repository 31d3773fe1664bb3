"""The module page as a course screen: the player first, locked answers, the ending
screen, meters that say what they are, and a language switch that keeps the step.

Each test gets a fresh browser context, so it starts with empty storage."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .test_learner import GOOD_PATH, KEY, choose, current, no_sideways_scroll, shot, stored, text, trust
from .test_site import LANGS, NARROW, run_axe

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}


def play_data(page) -> dict:
    return json.loads(page.locator(".tr-module").get_attribute("data-play"))


def hist(page, module: str = "overbilling") -> list:
    return stored(page)["modules"][module]["hist"]


def advance_to(page, selector: str) -> str:
    """Play on (first choices, first options, default orders) until the step on screen
    holds ``selector``; its id."""
    for _ in range(20):
        section = page.locator("section.tr-step:not([hidden])")
        if section.locator(selector).count():
            return current(page)
        if section.locator(".tr-choose:not([hidden])").count():
            section.locator(".tr-choose:not([hidden])").first.click()
        elif section.locator("[data-tr=check]:visible").count():
            for box in (".tr-option input", ".tr-line input"):
                if section.locator(box).count():
                    section.locator(box).first.check()
            for scale in section.locator(".tr-scale").all():
                scale.locator("input").first.check()
            section.locator("[data-tr=check]").click()
        section.locator("[data-tr=continue]").click()
    raise AssertionError(f"no step with {selector}")


# Locked answers -------------------------------------------------------------------------


def test_a_chosen_answer_is_locked_and_another_is_an_explicit_rewind(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    page.locator(".tr-choose[data-choice=warn-first]").click()
    buttons = page.locator("#step-at-the-till .tr-choose")
    assert buttons.count() == 2 and all(b.is_disabled() for b in buttons.all())
    assert page.locator(".tr-choose[data-choice=warn-first]").get_attribute("aria-pressed") == "true"
    # A determined learner taps B anyway, twice: nothing is recorded.
    page.locator(".tr-choose[data-choice=ask-for-total]").dispatch_event("click")
    page.locator(".tr-choose[data-choice=ask-for-total]").click(force=True)
    assert hist(page) == [["at-the-till", "warn-first"]]
    assert trust(page) == "70"
    # "Try another answer" takes the answer back, and says so.
    page.locator("#step-at-the-till [data-tr=retry]").click()
    assert hist(page) == []
    page.wait_for_function("document.querySelector('.tr-announce').textContent.startsWith('Choose again')")
    assert not page.locator(".tr-choose[data-choice=ask-for-total]").is_disabled()
    assert page.evaluate("document.activeElement.dataset.choice") in ("ask-for-total", "warn-first")
    page.locator(".tr-choose[data-choice=ask-for-total]").click()
    assert hist(page) == [["at-the-till", "ask-for-total"]] and trust(page) == "40"
    page.locator("#step-at-the-till [data-tr=continue]").click()
    assert current(page) == "patient-objects"
    page.reload()
    assert current(page) == "patient-objects" and trust(page) == "40"
    assert page.locator(".tr-notice").count() == 0


def test_a_double_click_does_one_thing(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    page.locator(".tr-choose[data-choice=ask-for-total]").dblclick()
    assert hist(page) == [["at-the-till", "ask-for-total"]]
    # A double click on Continue must not choose on the next step.
    page.locator("#step-at-the-till [data-tr=continue]").dblclick()
    assert current(page) == "patient-objects"
    assert hist(page) == [["at-the-till", "ask-for-total"]]


def test_back_goes_to_the_step_before(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    choose(page, "warn-first")
    page.locator(".tr-choose[data-choice=honour-the-quote]").click()
    page.locator(".tr-player-bar [data-tr=back]").click()
    assert current(page) == "at-the-till" and hist(page) == []
    assert not page.locator(".tr-choose[data-choice=warn-first]").is_disabled()


def test_start_again_asks_first(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    choose(page, "warn-first")
    page.once("dialog", lambda d: d.dismiss())
    page.locator(".tr-player-bar [data-tr=restart]").click()
    assert current(page) == "check-the-bill" and len(hist(page)) == 1
    page.once("dialog", lambda d: d.accept())
    page.locator(".tr-player-bar [data-tr=restart]").click()
    assert current(page) == "at-the-till" and hist(page) == []


# Stored paths and the module's structure -----------------------------------------------


def test_changed_notice_only_when_the_structure_changed(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/index.html")
    bad = [["at-the-till", "warn-first"], ["at-the-till", "ask-for-total"]]  # what the old player stored
    for digest, notice in ((None, False), ("0" * 12, True)):
        module = {"hist": bad, "open": True, **({"digest": digest} if digest else {})}
        record = {"v": 1, "modules": {"overbilling": module}}
        page.evaluate(f"localStorage.setItem('{KEY}', {json.dumps(json.dumps(record))})")
        page.goto(site_server + "en/modules/overbilling.html")
        assert (page.locator(".tr-notice").count() == 1) == notice, digest
        if notice:
            assert "changed" in page.locator(".tr-notice").inner_text()
            assert current(page) == "at-the-till"
        else:  # damaged, not changed: what still fits is kept, quietly
            assert current(page) == "check-the-bill"
            assert hist(page) == [["at-the-till", "warn-first"]]
            assert stored(page)["modules"]["overbilling"]["digest"] == play_data(page)["digest"]


def test_the_digest_is_the_same_in_every_language_and_ignores_wording(built_site):
    digests = set()
    for lang in LANGS:
        html = (built_site / lang / "modules" / "overbilling.html").read_text(encoding="utf-8")
        digests.add(re.search(r"&#34;digest&#34;:&#34;(\w+)&#34;|&quot;digest&quot;:&quot;(\w+)&quot;", html).group(0))
    assert len(digests) == 1


# The activities -------------------------------------------------------------------------


def test_check_with_nothing_chosen_says_so_beside_the_button(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/self-check.html")
    step = current(page)
    page.locator(f"#step-{step} [data-tr=check]").click()
    message = page.locator(f"#step-{step} .tr-check__msg")
    assert message.is_visible() and message.inner_text() == "Choose an answer first."
    page.wait_for_function("document.querySelector('.tr-announce').textContent === 'Choose an answer first.'")
    page.locator(f"#step-{step} .tr-option input").first.check()
    assert not message.is_visible()


def test_show_my_result_with_a_statement_unrated_says_so(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/competence-and-character.html")
    advance_to(page, ".tr-scale")
    step = current(page)
    scales = page.locator(f"#step-{step} .tr-scale")
    for i in range(scales.count() - 1):
        scales.nth(i).locator("input").nth(3).check()
    page.locator(f"#step-{step} [data-tr=check]").click()
    assert page.locator(f"#step-{step} .tr-check__msg").is_visible()
    assert not page.locator(f"#step-{step} .tr-chart").is_visible()
    scales.last.locator("input").nth(1).check()
    page.locator(f"#step-{step} [data-tr=check]").click()
    chart = page.locator(f"#step-{step} .tr-chart")
    assert chart.is_visible()
    # Labels and a scale: each group's name and its value out of the maximum.
    rows = chart.locator(".tr-chart__row").all_inner_texts()
    assert rows and all(re.search(r"\d(\.\d)? out of 5", r) for r in rows), rows
    assert chart.locator(".tr-chart__axis").inner_text().split() == ["1", "5"]
    box = chart.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"]


def test_a_wrong_pick_stays_visible_as_wrong(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/self-check.html")
    step = current(page)
    wrong = page.locator(f"#step-{step} .tr-option[data-correct=false]").first
    wrong.locator("input").check()
    page.locator(f"#step-{step} [data-tr=check]").click()
    assert wrong.locator("input").is_checked()
    assert text(wrong.locator(".tr-option__verdict")) == "✗ Your answer: incorrect"
    color = wrong.evaluate("e => getComputedStyle(e).borderTopColor")
    assert color == "rgb(198, 40, 40)", color
    right = page.locator(f"#step-{step} .tr-option[data-correct=true]").first
    assert "correct answer you did not pick" in right.locator(".tr-option__verdict").inner_text()


def test_the_ordering_numbers_its_positions(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/five-steps.html")
    advance_to(page, ".tr-order")
    markers = page.eval_on_selector_all("section.tr-step:not([hidden]) .tr-order li", """ls => ls.map(l => {
        const m = getComputedStyle(l, '::before');
        return [m.content, parseFloat(m.width) > 10];
    })""")
    assert len(markers) >= 3 and markers == [["counter(tr-pos)", True]] * len(markers), markers


def test_the_scale_fits_a_phone(guarded_page, site_server):
    page = guarded_page
    page.set_viewport_size(NARROW)
    page.goto(site_server + "ru/modules/competence-and-character.html")
    page.evaluate("document.querySelectorAll('.tr-step').forEach(s => s.hidden = false)")
    tops = page.eval_on_selector_all(
        ".tr-scale__points", "ps => ps.map(p => new Set([...p.querySelectorAll('label')].map(l => l.offsetTop)).size)")
    assert tops and set(tops) == {1}, tops
    no_sideways_scroll(page)


# The page as a course screen ------------------------------------------------------------


def first_decision_modules(built_site: Path) -> list[str]:
    out = []
    for page in sorted((built_site / "en" / "modules").glob("*.html")):
        match = re.search(r'data-play="([^"]+)"', page.read_text(encoding="utf-8"))
        assert match
        data = json.loads(match.group(1).replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&")
                          .replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">"))
        if data["steps"][data["start"]]["kind"] == "decision":
            out.append(page.stem)
    return out


# How far down the first choice is, and how much of that is the story itself (the
# situation and the first step's text) rather than anything else on the page.
FIRST_CHOICE = """() => {
    const choice = document.querySelector('section.tr-step:not([hidden]) .tr-choose:not([hidden])');
    const story = [...document.querySelectorAll('.tr-module > :is(p, ul, ol, blockquote)')]
        .concat([...choice.closest('section').children].filter(e => e.matches('p, ul, ol, blockquote')
                 && e.compareDocumentPosition(choice) & Node.DOCUMENT_POSITION_FOLLOWING));
    const top = choice.getBoundingClientRect().top;
    return [top, top - story.reduce((sum, e) => sum + e.getBoundingClientRect().height, 0)];
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_choice_is_on_the_first_screen_of_a_phone(guarded_page, site_server, built_site, lang):
    """On a 360 x 740 phone the first choice of the overbilling case is on the first screen,
    but for the few lines its two pictures (the quote and the bill, floated beside the
    text) take; in every module, nothing but the story itself stands before it (about
    250 px: the header, the title and the step's title)."""
    page = guarded_page
    page.set_viewport_size(NARROW)
    modules = first_decision_modules(built_site)
    assert "overbilling" in modules
    page.goto(f"{site_server}{lang}/modules/overbilling.html")
    top, _ = page.evaluate(FIRST_CHOICE)
    page.add_style_tag(content=".tr-figure { display: none !important; }")
    bare, _ = page.evaluate(FIRST_CHOICE)
    assert bare < NARROW["height"] - 30, bare
    assert top - bare < 200, (top, bare)  # beside the text, not a screen of their own (500 px before)
    cluttered = {}
    for module in modules:
        page.goto(f"{site_server}{lang}/modules/{module}.html")
        top, other = page.evaluate(FIRST_CHOICE)
        if other > 260:
            cluttered[module] = (round(top), round(other))
    assert not cluttered, f"besides the story, this much stands before the first choice: {cluttered}"


def test_no_table_of_contents_and_few_tabs_to_the_first_choice(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    assert page.locator(".md-sidebar--secondary").is_hidden()
    assert page.locator(".md-nav__link:visible", has_text="At the till").count() == 0
    links = page.locator(".tr-module a.headerlink")
    assert links.count() == page.locator(".tr-module a.headerlink[tabindex='-1']").count() > 0
    presses = 0
    while presses < 40 and not page.evaluate("document.activeElement.classList.contains('tr-choose')"):
        page.keyboard.press("Tab")
        presses += 1
    # Material's skip link, header and navigation come first; then the player.
    assert presses < 40 and page.evaluate("document.activeElement.dataset.choice") == "ask-for-total"
    page.keyboard.press("Enter")
    assert hist(page) == [["at-the-till", "ask-for-total"]]


def test_an_amount_is_shown_as_an_amount_and_an_unset_meter_not_at_all(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    paid = page.locator(".tr-hud__meter[data-meter=paid]")
    assert not paid.is_visible()  # set at the till, not before
    assert page.locator(".tr-hud__meter[data-meter=trust] .tr-hud__bar").is_visible()
    choose(page, "warn-first")
    page.locator(".tr-choose[data-choice=honour-the-quote]").click()
    assert paid.is_visible() and text(paid.locator(".tr-hud__value")) == "500 zlotys"
    assert paid.locator(".tr-hud__bar").count() == 0


def test_the_ending_screen(guarded_page, site_server, artifacts_dir):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    for choice in GOOD_PATH:
        choose(page, choice)
    assert current(page) == "patient-returns"
    end = page.locator(".tr-end")
    assert end.is_visible()
    assert end.locator(".tr-end__title").inner_text() == "Module complete"
    assert text(end.locator(".tr-end__outcome")) == "✓ Good ending"
    assert text(end.locator(".tr-end__score")) == "Your score: 100%"
    rows = [text(row) for row in end.locator(".tr-end__table tbody tr").all()]
    assert [r.split("\t") for r in rows] == [["The patient’s trust", "100", "100"],
                                             ["Amount paid", "500 zlotys", "500 zlotys"]], rows
    steps = end.locator(".tr-map__col").first.locator(".tr-map__step").all_inner_texts()
    assert steps[0].startswith("Step 1 · At the till\nB. ") and "= as on the path that keeps trust" in steps[0]
    assert steps[-1] == "✓ Good ending: The patient comes back"
    assert end.locator(".tr-map__legend").is_visible()
    next_module = end.locator(".tr-end__module")
    assert next_module.inner_text() == "Next module: Two surgeons"
    assert not end.locator(".tr-end__done").is_visible()
    assert page.locator("#debrief").is_visible()
    shot(page, artifacts_dir, "module-ending-en-1280")
    run_axe(page)
    next_module.click()
    assert page.url.endswith("/en/modules/two-surgeons.html")


def test_the_last_module_done_says_the_course_is_complete(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/index.html")
    modules = page.evaluate("trSite.modules.map(m => m.id)")
    done = {m: {"hist": [], "open": False, "done": "2026-12-01T10:00:00Z", "score": 80, "best": 80}
            for m in modules if m != "overbilling"}
    page.evaluate(f"localStorage.setItem('{KEY}', {json.dumps(json.dumps({'v': 1, 'modules': done}))})")
    page.goto(site_server + "en/modules/overbilling.html")
    for choice in GOOD_PATH:
        choose(page, choice)
    done_link = page.locator(".tr-end__done")
    assert done_link.is_visible() and not page.locator(".tr-end__module").is_visible()
    assert done_link.get_attribute("href").endswith("certificate.html")


@pytest.mark.parametrize("lang", ["pl", "ru"])
def test_a_language_switch_mid_step_returns_to_the_step(guarded_page, site_server, lang):
    page = guarded_page
    page.set_viewport_size(NARROW)
    page.goto(f"{site_server}{lang}/modules/overbilling.html")
    choose(page, "warn-first")
    page.locator(".tr-choose[data-choice=honour-the-quote]").click()
    page.locator(".md-header__option .md-select > button").click()
    page.locator("a[data-tr-lang=uk]").click()
    page.wait_for_url(re.compile(r"/uk/modules/overbilling\.html#tr-player$"))
    assert current(page) == "check-the-bill"
    assert page.locator("#choice-check-the-bill--honour-the-quote").is_visible()
    top = page.evaluate("document.querySelector('#step-check-the-bill').getBoundingClientRect().top")
    assert 0 <= top < 200, top


STATES = {"start": [], "chosen": GOOD_PATH[:1], "ending": GOOD_PATH}


@pytest.mark.parametrize("lang", LANGS)
def test_module_states_look_right_and_pass_axe(guarded_page, site_server, artifacts_dir, lang):
    """Each state of a module at 360 x 740 and 1280 x 800: kept in test-artifacts/ to look at."""
    page = guarded_page
    for state, path in STATES.items():
        for name, size in (("360", NARROW), ("1280", WIDE)):
            page.set_viewport_size(size)
            page.goto(f"{site_server}{lang}/modules/overbilling.html")
            page.evaluate(f"localStorage.removeItem('{KEY}')")
            page.reload()
            if state == "chosen":
                page.locator(f".tr-choose[data-choice={path[0]}]").click()
            else:
                for choice in path:
                    choose(page, choice)
            no_sideways_scroll(page)
            shot(page, artifacts_dir, f"module-{state}-{lang}-{name}")
        run_axe(page)


SHIFTS = """window.trShifts = []; new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.trShifts.push([e.value,
        e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?').join(' ')]);
}).observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.alone  # a slowed CPU, not one shared with a build in another test process
@pytest.mark.parametrize("path, seeded", [("pl/index.html", False), ("pl/modules/overbilling.html", False),
                                          ("pl/modules/overbilling.html", True)])
def test_nothing_jumps_when_the_scripts_run(browser, site_server, path, seeded):
    """With a slow CPU the page is painted before training.js runs: what it then draws
    must not move what was painted (it did: a layout shift of 0.44 on a module page)."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    try:
        if seeded:  # the ending screen, after a reload
            page.goto(site_server + path)
            for choice in GOOD_PATH:
                choose(page, choice)
        page.add_init_script(SHIFTS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
        page.goto(site_server + path)
        page.wait_for_selector(".tr-live, .tr-home__status:not([hidden])", timeout=20_000)
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.trShifts")
        assert sum(value for value, _ in shifts) < 0.02, shifts
    finally:
        context.close()
