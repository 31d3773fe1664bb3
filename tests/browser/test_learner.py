"""The learner's side in a real browser: the scenario player and each activity,
progress kept in localStorage, the home page's states, moving progress between
computers, the certificate, and the scoring and state logic of training.js.

Each test gets a fresh browser context, so it starts with empty storage.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from .test_site import LANGS, NARROW, run_axe

pytestmark = pytest.mark.browser

KEY = "training:progress"
# The overbilling case, by the choices of its scenario file.
GOOD_PATH = ["warn-first", "honour-the-quote", "listen-and-ask"]  # trust 70 -> 70 -> 90 -> 100
BAD_PATH = ["ask-for-total", "defend-the-price", None, "keep-it-short"]  # 70 -> 40 -> 20 -> 20 -> 10
FIVE_STEPS = ["listen-without-interrupting", "listen-to-understand", "see-their-side",
              "repair-and-apologise", "ask-if-they-stay"]


def shown_steps(page) -> list[str]:
    return page.eval_on_selector_all("section.tr-step:not([hidden])", "s => s.map(e => e.dataset.step)")


def current(page) -> str:
    steps = shown_steps(page)
    assert len(steps) == 1, f"one step at a time, not {steps}"
    return steps[0]


def trust(page) -> str:
    return page.locator(".tr-hud__meter[data-meter=trust] .tr-hud__value").inner_text()


def announced(page) -> str:
    region = page.locator(".tr-announce")
    assert region.get_attribute("aria-live") == "polite"
    page.wait_for_function("document.querySelector('.tr-announce').textContent.length > 0")
    return region.inner_text()


def choose(page, choice: str | None) -> None:
    """Take a choice (None: a passage, just go on), then continue to the next step."""
    step = current(page)
    if choice is not None:
        page.locator(f"#step-{step} .tr-choose[data-choice={choice}]").click()
    page.locator(f"#step-{step} [data-tr=continue]").click()


def text(locator) -> str:
    """Visible text with no-break spaces as plain ones (Intl puts them in "100 %")."""
    return locator.inner_text().replace("\xa0", " ").replace("\u202f", " ")


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))


def shot(page, artifacts_dir: Path, name: str) -> None:
    path = artifacts_dir / f"{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"horizontal scroll: {widths}"


# The branching scenario ----------------------------------------------------------------


def test_overbilling_to_the_good_ending(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "pl/modules/overbilling.html")
    assert current(page) == "at-the-till"
    assert trust(page) == "70"
    page.locator(".tr-choose[data-choice=warn-first]").click()
    # The consequence is shown, holds focus, and is announced.
    chosen = page.locator("#choice-at-the-till--warn-first")
    assert chosen.is_visible()
    assert page.evaluate("document.activeElement.id") == "choice-at-the-till--warn-first"
    assert page.locator("#step-at-the-till .tr-choice:visible").count() == 1
    assert "Twój wybór: B." in announced(page)
    page.locator("#step-at-the-till [data-tr=continue]").click()
    assert current(page) == "check-the-bill"
    page.locator(".tr-choose[data-choice=honour-the-quote]").click()
    assert trust(page) == "90"
    assert page.locator(".tr-hud__meter[data-meter=trust] .tr-hud__change").inner_text() == "(+20)"
    assert page.locator(".tr-hud__meter[data-meter=paid] .tr-hud__value").inner_text() == "500\u00a0zł"
    page.locator("#step-check-the-bill [data-tr=continue]").click()
    # Refunding is offered only to a patient who paid the higher amount.
    assert not page.locator(".tr-choose[data-choice=refund-the-difference]").is_visible()
    choose(page, "listen-and-ask")
    assert current(page) == "patient-returns"
    assert trust(page) == "100"
    assert page.locator("#debrief").is_visible()
    # The map: the learner's path beside the path that keeps trust (here the same).
    mine, best = (col.locator(".tr-map__title").all_inner_texts() for col in page.locator(".tr-map__col").all())
    assert mine == best == ["Krok 1 · Przy kasie", "Krok 3 · Skąd ta różnica?", "Krok 5 · Telefon po wizycie",
                            "✓ Dobre zakończenie: Pacjentka wraca"]
    assert page.locator(".tr-map__col").first.locator(".tr-map__mark").all_inner_texts() == [
        "= tak jak na ścieżce, która chroni zaufanie"] * 3
    module = stored(page)["modules"]["overbilling"]
    assert module["done"] and module["score"] == 100 == module["best"]


def test_two_quick_actions_announce_only_the_last(guarded_page, site_server):
    """Each announcement comes a tick after it is asked for; one still waiting when the
    learner acts again is dropped, not read after (and instead of) the newer one."""
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    for choice in BAD_PATH:
        choose(page, choice)
    page.once("dialog", lambda dialog: dialog.accept())
    page.evaluate("""() => {
      const live = document.querySelector('.tr-announce');
      window.trSaid = [];
      new MutationObserver(() => { if (live.textContent) window.trSaid.push(live.textContent); })
        .observe(live, {childList: true, characterData: true, subtree: true});
      document.querySelector('[data-tr=back]').click();
      document.querySelector('[data-tr=restart]').click();
    }""")  # the restart's confirmation is accepted (below, before the evaluate)
    page.wait_for_timeout(300)
    assert page.evaluate("window.trSaid") == ["The scenario starts again from the beginning."]
    assert current(page) == "at-the-till"

def test_overbilling_to_the_bad_ending_then_back_and_restart(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    values = [trust(page)]
    for choice in BAD_PATH:
        choose(page, choice)
        values.append(trust(page))
    assert values == ["70", "40", "20", "20", "10"]
    assert current(page) == "patient-leaves"
    assert page.locator(".tr-map .is-different").count() == 3
    assert page.locator(".tr-map__col").nth(1).locator(".tr-map__title").all_inner_texts() == [
        "Step 1 · At the till", "Step 3 · Where does the difference come from?", "Step 5 · The follow-up call",
        "✓ Good ending: The patient comes back"]
    assert stored(page)["modules"]["overbilling"]["score"] == 0
    page.locator("[data-tr=back]").click()
    assert current(page) == "the-feedback-call"
    assert "Back to:" in announced(page)
    assert page.evaluate("document.activeElement.tagName") == "H3"
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-tr=restart]").click()
    assert current(page) == "at-the-till" and trust(page) == "70"
    assert page.locator("[data-tr=back]").is_disabled()


def test_reload_resumes_and_another_language_continues(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "pl/modules/overbilling.html")
    choose(page, "ask-for-total")
    page.locator(".tr-choose[data-choice=listen-and-check]").click()
    page.reload()
    # Mid-consequence: the same consequence is shown again.
    assert current(page) == "patient-objects"
    assert page.locator("#choice-patient-objects--listen-and-check").is_visible()
    assert "Witaj ponownie" in announced(page)
    page.goto(site_server + "uk/modules/overbilling.html")
    assert current(page) == "patient-objects" and trust(page) == "50"
    page.locator("#step-patient-objects [data-tr=continue]").click()
    assert current(page) == "check-the-bill"


# The activities -------------------------------------------------------------------------


def test_ordering_by_keyboard_alone(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/five-steps.html")
    page.locator("input[name=tr-angry-patient][value=let-them-finish]").check()
    page.locator("#step-angry-patient [data-tr=check]").click()
    page.locator("#step-angry-patient [data-tr=continue]").click()
    assert current(page) == "put-in-order"
    items = page.locator("#step-put-in-order .tr-order li")
    order = lambda: items.evaluate_all("ls => ls.map(l => l.dataset.item)")  # noqa: E731
    assert order() != FIVE_STEPS
    # Only the keyboard from here: focus an item's "up" button, press Enter until it
    # is in place; focus stays on the item's buttons as it moves.
    for target, item in enumerate(FIVE_STEPS):
        page.locator(f"li[data-item={item}] [data-move='-1']").focus()
        while order().index(item) > target:
            focused = page.evaluate("document.activeElement.closest('li').dataset.item")
            assert focused == item
            if page.evaluate("document.activeElement.dataset.move") == "1":
                page.keyboard.press("Shift+Tab")  # at the top, focus went to "down"
            page.keyboard.press("Enter")
    assert order() == FIVE_STEPS
    assert "of 5" in announced(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the last item's "down" button to the check button
    assert page.evaluate("document.activeElement.dataset.tr") == "check"
    page.keyboard.press("Enter")
    assert page.locator("#step-put-in-order .tr-result").inner_text() == "All correct: 100%."
    assert page.locator(".tr-order__verdict").all_inner_texts() == ["✓ In the right place"] * 5


def test_ordering_says_what_is_out_of_place(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/five-steps.html")
    page.evaluate(f"""localStorage.setItem('{KEY}', JSON.stringify({{v: 1, modules: {{'five-steps':
        {{hist: [['angry-patient', null, 100]], open: false, answers: {{}}}}}}}}))""")
    page.reload()
    shown = page.locator("#step-put-in-order .tr-order li").evaluate_all("ls => ls.map(l => l.dataset.item)")
    page.locator("#step-put-in-order [data-tr=check]").click()
    verdicts = page.locator("#step-put-in-order .tr-order__verdict").all_inner_texts()
    expected = ["✓ In the right place" if FIVE_STEPS[i] == item else f"✗ Belongs in place {FIVE_STEPS.index(item) + 1}"
                for i, item in enumerate(shown)]
    assert verdicts == expected and any(v.startswith("✗") for v in verdicts)
    assert page.locator("#step-put-in-order .tr-order li.is-wrong").count() == sum(v.startswith("✗") for v in verdicts)
    assert page.locator("#step-put-in-order .tr-reveal").is_visible()  # the right order


def test_spot_the_moves_and_a_multiple_answer_question(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "ru/modules/upselling.html")
    moves = page.locator(".tr-line[data-move=true]").evaluate_all("ls => ls.map(l => l.dataset.line)")
    assert len(moves) == 5
    page.locator("#step-the-fancy-clinic [data-tr=check]").click()
    assert announced(page) == "Сначала отметьте хотя бы одну реплику."  # nothing marked yet
    for line in moves[:4]:
        page.locator(f".tr-line[data-line={line}] label").click()
    page.locator(".tr-line[data-move=false] label").first.click()
    page.locator("#step-the-fancy-clinic [data-tr=check]").click()
    # 10 of 12 lines judged right: one move missed, one line marked wrongly.
    assert page.locator("#step-the-fancy-clinic .tr-result").inner_text().startswith("Ваш результат: 83")
    assert page.locator(".tr-line.is-wrong").count() == 2
    verdicts = page.locator(".tr-line__verdict").all_inner_texts()  # not by colour alone
    assert verdicts.count("✗ Здесь вы ошиблись.") == 2 and verdicts.count("✓ Здесь вы отметили верно.") == 10
    assert page.locator(".tr-line .tr-reveal:visible").count() == 12  # every line explained
    page.locator("#step-the-fancy-clinic [data-tr=continue]").click()
    page.locator("#step-did-they-help [data-tr=continue]").click()
    assert current(page) == "sort-recommendations"
    # The overdue smear is indicated though it has nothing to do with the headache.
    for option in ["come-back-if-worse", "cervical-screening", "sleep-and-screen-time"]:
        page.locator(f"input[name=tr-sort-recommendations][value={option}]").check()
    page.locator("#step-sort-recommendations [data-tr=check]").click()
    assert text(page.locator("#step-sort-recommendations .tr-result")) == "Всё верно: 100 %."
    assert page.locator("#step-sort-recommendations input:disabled").count() == 6


def test_self_assessment_draws_its_chart(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "uk/modules/competence-and-character.html")
    for choice in ("truth-and-limits", "remind-the-promise", "call-her-now"):  # the case, then the rating
        choose(page, choice)
    scales = page.locator("#step-rate-yourself .tr-scale")
    assert scales.count() == 11
    for i in range(scales.count()):  # competence 5, character 2, the team's five marks 4
        scales.nth(i).locator("input").nth(4 if i < 3 else 1 if i < 6 else 3).check()
    page.locator("#step-rate-yourself [data-tr=check]").click()
    chart = page.locator("#step-rate-yourself .tr-chart")
    assert chart.locator("li").all_inner_texts() == ["Компетентність\n5 з 5", "Характер\n2 з 5",
                                                     "Наша команда: п’ять ознак\n4 з 5"]
    # The bars run from 1 to 5 on the scale below them.
    widths = chart.locator(".tr-chart__bar").evaluate_all("bs => bs.map(b => b.style.width)")
    assert widths == ["100%", "25%", "75%"]
    assert chart.locator(".tr-chart__axis").inner_text().split() == ["1", "5"]


def test_reflection_notes_are_kept_printed_and_downloaded(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/two-surgeons.html")
    choose(page, "second-surgeon")
    assert current(page) == "why-second"
    note = page.locator("#tr-note-why-second-what-convinced")
    label = page.locator("label[for=tr-note-why-second-what-convinced]").first.inner_text()
    note.fill("He came back in the evening.\nNobody asked him to.")
    assert page.locator(".tr-notes__saved:visible").inner_text() == "Your notes are saved in this browser."
    page.reload()
    assert note.input_value() == "He came back in the evening.\nNobody asked him to."
    page.emulate_media(media="print")
    assert page.locator("#step-why-second .tr-note__print").inner_text().startswith("He came back")
    assert not note.is_visible()
    page.emulate_media(media="screen")
    with page.expect_download() as info:
        page.locator("#step-why-second [data-tr=download-notes]").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert label in text and "He came back in the evening.\nNobody asked him to." in text


# Progress -------------------------------------------------------------------------------


def test_home_page_shows_each_module_state_and_the_total(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    for choice in GOOD_PATH[:1]:
        choose(page, choice)
    page.goto(site_server + "en/modules/two-surgeons.html")
    # The thought experiment and its reflections (nothing scored), then the Monday call.
    for choice in ["first-surgeon", None, None, None, "ask-what-happened", "surgeon-calls-today"]:
        choose(page, choice)
    assert current(page) == "she-comes-back"
    page.goto(site_server + "en/index.html")
    states = page.locator(".tr-mcard [data-tr-state]")
    assert states.all_inner_texts() == ["In progress", "Done, score 100%", *["Not started"] * 8]
    assert page.locator(".tr-home__total").inner_text() == "1 module of 10 done"
    page.goto(site_server + "en/progress.html")
    assert page.locator("[data-tr-state=two-surgeons]").inner_text() == "Done, score 100%"
    assert page.locator("[data-tr-score=two-surgeons]").inner_text() == "100%"  # the ending reached


@pytest.mark.parametrize("record", [
    "{not json",
    json.dumps({"v": 0, "progress": ["an older format"]}),
    json.dumps({"v": 1, "modules": {"overbilling": {"hist": "at-the-till"}}}),
], ids=["broken", "old-version", "wrong-shape"])
def test_a_corrupt_or_old_record_is_reset_and_the_learner_told(guarded_page, site_server, record):
    page = guarded_page
    page.goto(site_server + "en/index.html")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, record])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_server + "en/modules/overbilling.html")
    alert = page.locator(".tr-notice[role=alert]")
    assert "could not be read" in alert.inner_text()
    assert current(page) == "at-the-till"
    page.locator(".tr-choose[data-choice=warn-first]").click()
    assert stored(page)["v"] == 1
    assert errors == []


def test_a_module_that_changed_starts_again(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/index.html")
    page.evaluate(f"""localStorage.setItem('{KEY}', JSON.stringify({{v: 1, modules: {{overbilling:
        {{hist: [['at-the-till', 'a-choice-no-longer-there']], open: true, digest: 'from-before'}}}}}}))""")
    page.goto(site_server + "en/modules/overbilling.html")
    assert "has changed" in page.locator(".tr-notice").inner_text()
    assert current(page) == "at-the-till"


def finish_overbilling(page, site_server: str, lang: str = "en") -> None:
    page.goto(f"{site_server}{lang}/modules/overbilling.html")
    for choice in GOOD_PATH:
        choose(page, choice)
    assert current(page) == "patient-returns"


def test_export_then_import_on_another_computer(browser, site_server, tmp_path):
    first = browser.new_context()
    page = first.new_page()
    finish_overbilling(page, site_server)
    page.goto(site_server + "en/modules/two-surgeons.html")
    choose(page, "first-surgeon")
    page.locator("#tr-note-why-first-what-convinced").fill("Care after the operation.")
    page.goto(site_server + "en/progress.html")
    with page.expect_download() as info:
        page.locator("[data-tr=export]").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    assert re.fullmatch(r"training-progress-\d{4}-\d{2}-\d{2}\.json", exported.name)
    first.close()

    second = browser.new_context()  # another computer: empty storage
    page = second.new_page()
    page.goto(site_server + "pl/progress.html")
    assert page.locator("[data-tr-state=overbilling]").inner_text() == "Nierozpoczęty"
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    page.locator("#tr-import").set_input_files(bad)
    page.wait_for_function("document.querySelector('.tr-progress-status').textContent.length > 0")
    assert "nie jest plikiem postępów" in page.locator(".tr-progress-status").inner_text()
    assert page.locator("[data-tr-state=overbilling]").inner_text() == "Nierozpoczęty"
    page.locator("#tr-import").set_input_files(exported)
    page.wait_for_function("document.querySelector('.tr-progress-status').textContent.includes('Zaimportowano')")
    assert page.locator("[data-tr-state=overbilling]").inner_text() == "Ukończony, wynik 100%"
    assert page.locator("[data-tr-state=two-surgeons]").inner_text() == "W trakcie"
    page.goto(site_server + "pl/modules/two-surgeons.html")
    assert current(page) == "why-first"
    assert page.locator("#tr-note-why-first-what-convinced").input_value() == "Care after the operation."
    second.close()


def test_reset_asks_first(guarded_page, site_server):
    page = guarded_page
    finish_overbilling(page, site_server)
    page.goto(site_server + "en/progress.html")
    page.once("dialog", lambda d: d.dismiss())
    page.locator("[data-tr=reset]").click()
    assert page.locator("[data-tr-state=overbilling]").inner_text().startswith("Done")
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-tr=reset]").click()
    assert page.locator("[data-tr-state=overbilling]").inner_text() == "Not started"
    assert page.locator(".tr-progress-status").inner_text() == "Your progress has been deleted."
    assert stored(page)["modules"] == {}


def test_certificate_in_the_page_language_on_one_a4_page(guarded_page, site_server, artifacts_dir):
    page = guarded_page
    page.goto(site_server + "ru/certificate.html")
    assert page.locator(".tr-certificate__none").is_visible()
    assert not page.locator(".tr-certificate").is_visible()
    finish_overbilling(page, site_server, "ru")
    title = page.locator("h1").inner_text().rstrip("¶")
    page.goto(site_server + "ru/certificate.html")
    page.locator("#tr-name").fill("Анна Ковальская")
    cert = page.locator(".tr-certificate")
    assert cert.locator(".tr-certificate__name").inner_text() == "Анна Ковальская"
    rows = cert.locator("tbody tr:visible")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    assert cells[0] == title  # the module's Russian title
    assert cells[1].replace("\xa0", " ") == "8 мин"  # the module's time
    assert re.search(r"\d{4}\s*г\.", cells[2]), cells[2]  # a Russian long date
    assert cells[3].replace("\xa0", " ") == "100 %"
    page.reload()
    assert page.locator("#tr-name").input_value() == "Анна Ковальская"
    page.emulate_media(media="print")
    assert not page.locator(".tr-cert-form").is_visible()
    pdf = artifacts_dir / "certificate-ru.pdf"
    pdf.unlink(missing_ok=True)
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)  # its own A4 landscape
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) == 1, "more than one A4 page"


# Quality bars ---------------------------------------------------------------------------


ACTIVITIES = {  # a step of each kind, answered: (language, module, steps to play, step shown)
    "decision": ("pl", "overbilling", [("choose", "warn-first")], "at-the-till"),
    "quiz": ("en", "five-steps", [("pick", "let-them-finish"), ("check", None)], "angry-patient"),
    "order": ("ru", "five-steps", [("skip", None), ("check", None)], "put-in-order"),
    "spot": ("uk", "upselling", [("pick", "just-in-case"), ("check", None)], "the-fancy-clinic"),
    "assess": ("pl", "competence-and-character", [("choose", "truth-and-limits"), ("continue", None),
                                                   ("choose", "remind-the-promise"), ("continue", None),
                                                   ("choose", "call-her-now"), ("continue", None),
                                                   ("rate", None), ("check", None)], "rate-yourself"),
    "reflection": ("en", "two-surgeons", [("choose", "no-difference"), ("continue", None),
                                          ("note", None)], "why-no-difference"),
    "ending": ("uk", "overbilling", [("path", None)], "patient-returns"),
}


@pytest.mark.parametrize("kind", list(ACTIVITIES))
def test_each_activity_at_360_px(guarded_page, site_server, artifacts_dir, kind):
    """Answered and showing its feedback: a screenshot kept, no sideways scroll, axe."""
    lang, module, actions, step = ACTIVITIES[kind]
    page = guarded_page
    page.set_viewport_size(NARROW)
    page.goto(f"{site_server}{lang}/modules/{module}.html")
    for action, value in actions:
        here = current(page)
        if action == "choose":
            page.locator(f"#step-{here} .tr-choose[data-choice={value}]").click()
        elif action == "pick":
            page.locator(f"#step-{here} input[value={value}]").check()
        elif action == "check":
            page.locator(f"#step-{here} [data-tr=check]").click()
        elif action == "continue":
            page.locator(f"#step-{here} [data-tr=continue]").click()
        elif action == "skip":  # answer the step before this one, whatever it is
            page.locator(f"#step-{here} input").first.check()
            page.locator(f"#step-{here} [data-tr=check]").click()
            page.locator(f"#step-{here} [data-tr=continue]").click()
        elif action == "rate":
            for scale in page.locator(f"#step-{here} .tr-scale").all():
                scale.locator("input").nth(2).check()
        elif action == "note":
            page.locator(f"#step-{here} textarea").first.fill("Uwaga / Note / Нотатка")
        elif action == "path":
            for choice in GOOD_PATH:
                choose(page, choice)
    assert current(page) == step
    shot(page, artifacts_dir, f"activity-{kind}-360-{lang}")
    no_sideways_scroll(page)
    run_axe(page)


@pytest.mark.parametrize("lang", LANGS)
def test_progress_and_certificate_pages_with_data_pass_axe(guarded_page, site_server, lang):
    page = guarded_page
    finish_overbilling(page, site_server, lang)
    for path in ("index.html", "progress.html", "certificate.html"):
        page.goto(f"{site_server}{lang}/{path}")
        if path == "certificate.html":
            page.locator("#tr-name").fill("Test")
        run_axe(page)


def test_own_javascript_and_css_stay_small(built_site):
    """All activities together: under 30 KB gzipped (the site.js of one language included)."""
    folder = built_site / "pl" / "assets" / "training"
    files = ["training.js", "training.css", "site.js"]
    total = sum(len(gzip.compress((folder / f).read_bytes(), 9)) for f in files)
    assert total < 30 * 1024, f"{total} bytes gzipped"


# The scoring and state logic, where it lives: training.js, in the browser ---------------


def core(page, site_server: str):
    page.goto(site_server + "en/progress.html")
    return lambda expr, arg=None: page.evaluate(f"(arg) => {{ const c = window.trCore; return {expr}; }}", arg)


DATA = {
    "start": "a",
    "meters": {"trust": {"min": 0, "max": 100, "start": 50}, "paid": {"min": 0, "max": 800, "start": None}},
    "steps": {
        "a": {"kind": "decision", "choices": [
            {"id": "x", "to": "gate", "when": [], "fx": [["trust", "add", 60], ["paid", "set", 800]]},
            {"id": "y", "to": "gate", "when": [{"meter": "trust", "min": 60, "max": None}], "fx": []}]},
        "gate": {"kind": "ending", "ending": "good", "when": [{"chose": "a/x", "is": True}], "otherwise": "bad"},
        "bad": {"kind": "ending", "ending": "bad"},
    },
    "best": [["a", "x"], ["gate", None]],
}


def test_replay_applies_effects_clamps_meters_and_follows_conditions(guarded_page, site_server):
    run = core(guarded_page, site_server)
    state = run("c.replay(arg, [['a', 'x']])", DATA)
    assert state["step"] == "gate"
    assert state["meters"] == {"trust": 100, "paid": 800}  # 50 + 60 is kept within 0..100
    assert state["changes"] == {"trust": 50, "paid": None}
    # "y" needs trust 60: not offered at 50, so this history no longer fits.
    assert run("c.replay(arg, [['a', 'y']])", DATA) is None
    assert run("c.replay(arg, [['nowhere', null]])", DATA) is None
    assert run("c.replay(arg, [])", DATA)["step"] == "a"


def test_scores_of_each_activity_and_of_a_run(guarded_page, site_server):
    run = core(guarded_page, site_server)
    one = {"kind": "quiz", "correct": ["b"], "options": ["a", "b", "c"], "multiple": False}
    many = {"kind": "quiz", "correct": ["a", "c"], "options": ["a", "b", "c", "d"], "multiple": True}
    order = {"kind": "order", "items": ["p", "q", "r", "s"]}
    spot = {"kind": "spot", "moves": ["l2"], "lines": ["l1", "l2", "l3", "l4"]}
    cases = [
        (one, ["b"], 100), (one, ["a"], 0), (many, ["a", "c"], 100), (many, ["a"], 75),
        (many, ["a", "b", "c", "d"], 50), (order, ["p", "q", "s", "r"], 50), (order, ["s", "r", "q", "p"], 0),
        (spot, ["l2"], 100), (spot, ["l1", "l2"], 75), (spot, [], 75),
        ({"kind": "assess"}, {"x": 3}, None),
    ]
    for step, answer, expected in cases:
        assert run("c.scoreAnswer(arg[0], arg[1])", [step, answer]) == expected, (step, answer)
    hist = [["a", None, 100], ["b", None, 50], ["c", "choice"]]
    assert run("c.scoreRun(arg, arg.h, 'gate')", {**DATA, "h": hist}) == 83  # (100 + 50 + good 100) / 3
    assert run("c.scoreRun(arg, arg.h, 'bad')", {**DATA, "h": hist}) == 50
    assert run("c.scoreRun(arg, [], 'gate')", {**DATA, "best": None}) is None  # nothing scored


def test_stored_records_are_checked_before_use(guarded_page, site_server):
    run = core(guarded_page, site_server)
    good = {"v": 1, "modules": {"m": {"hist": [["a", "x"]], "open": True, "done": "2026-01-02"}},
            "notes": {"m": {"a.p": "text"}}, "name": "Ann"}
    checked = run("c.checkRecord(arg)", good)
    clean = checked["record"]
    assert checked["dropped"] == []
    assert clean["modules"]["m"]["hist"] == [["a", "x"]] and clean["name"] == "Ann"
    assert clean["modules"]["m"]["score"] is None and clean["notes"] == {"m": {"a.p": "text"}}
    for bad in [None, [], {"v": 2, "modules": {}}, {"v": 1}, {"v": "1", "modules": {}}, {"v": 1, "modules": []}]:
        assert run("c.checkRecord(arg)", bad) is None, bad
    # A bad part is left out and its place named; the rest is kept.
    for part, path in [({"m": {"hist": [[1]]}}, ["modules", "m", "hist", 0]), ({"m": []}, ["modules", "m"]),
                       ({"m": {"hist": [], "answers": {"q": {"s": "high"}}}}, ["modules", "m", "answers", "q"])]:
        checked = run("c.checkRecord(arg)", {"v": 1, "modules": {**part, "kept": {"hist": []}}})
        assert checked["dropped"] == [path] and "kept" in checked["record"]["modules"], part
    assert run("[c.moduleState(undefined), c.moduleState({hist: [], open: false}), "
               "c.moduleState({hist: [['a']], done: null}), c.moduleState({hist: [], done: 'x'})]") == [
        "new", "new", "started", "done"]


@pytest.mark.parametrize("lang,forms", [
    ("en", ["1 module of 10", "2 modules of 10", "5 modules of 10", "22 modules of 10", "25 modules of 10"]),
    ("pl", ["1 moduł z 10", "2 moduły z 10", "5 modułów z 10", "22 moduły z 10", "25 modułów z 10"]),
    ("ru", ["1 модуль из 10", "2 модуля из 10", "5 модулей из 10", "22 модуля из 10", "25 модулей из 10"]),
    ("uk", ["1 модуль із 10", "2 модулі з 10", "5 модулів з 10", "22 модулі з 10", "25 модулів з 10"]),
])
def test_widget_strings_take_the_plural_form_of_the_language(guarded_page, site_server, lang, forms):
    page = guarded_page
    page.goto(f"{site_server}{lang}/progress.html")
    said = [page.evaluate("n => trCore.tn('total', n, {done: n, total: 10})", n) for n in (1, 2, 5, 22, 25)]
    for text, form in zip(said, forms, strict=True):
        assert form in text, (lang, said)
