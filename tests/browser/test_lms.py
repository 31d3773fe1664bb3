"""Inside an LMS: a module page finds the SCORM 1.2 API (scorm-again plays the LMS in a test
page around it), reports status, score, time and each decision in SCORM 1.2's own forms,
commits at every step so that a learner who leaves resumes where she was, and each
language's package has a manifest valid against the schema files it ships."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_scorm import check_package

pytestmark = pytest.mark.browser

SCORM_AGAIN = Path(__file__).resolve().parents[2] / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
# Every call the module makes is kept, with the LMS's error code when it refused one, and
# what the LMS holds at each commit: what it would have if the learner left then.
LMS_PAGE = """<!doctype html><html lang="en"><head><title>LMS</title>
<script src="/lms/scorm12.js"></script>
<script>
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  window.calls = [];
  window.refused = [];
  window.commits = [];
  for (const name of ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"]) {
    const real = window.API[name].bind(window.API);
    window.API[name] = (...args) => {
      window.calls.push([name, ...args]);
      const result = real(...args);
      if (result !== "true") window.refused.push([name, ...args, window.API.LMSGetLastError()]);
      if (name === "LMSCommit") window.commits.push(JSON.parse(JSON.stringify(window.API.cmi)));
      return result;
    };
  }
  if (location.hash.length > 1) window.API.loadFromJSON(JSON.parse(decodeURIComponent(location.hash.slice(1))), "");
</script></head>
<body><iframe id="sco" title="module" src="/%s" style="width:1100px;height:800px"></iframe></body></html>"""
LANGS = ("pl", "en", "ru", "uk")


@pytest.fixture(scope="module")
def packages(built_site, tmp_path_factory) -> Path:
    """The SCORM packages of the real project, one per language; their folder."""
    out = tmp_path_factory.mktemp("scorm")
    result = subprocess.run([sys.executable, "-m", "generator", "scorm", "--site-dir", str(built_site),
                             "--out", str(out)], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def package(built_site, packages) -> str:
    """The English package, unzipped where the test server serves it; its folder's URL path."""
    with zipfile.ZipFile(packages / "training-en-scorm12.zip") as zf:
        zf.extractall(built_site / "lms-package-en")
    return "lms-package-en/"


def open_in_lms(page, site_server: str, module_path: str, saved: dict | None = None):
    page.route("**/lms/scorm12.js", lambda r: r.fulfill(path=str(SCORM_AGAIN), content_type="text/javascript"))
    page.route("**/lms/index.html", lambda r: r.fulfill(body=LMS_PAGE % module_path, content_type="text/html"))
    page.goto(site_server + "lms/index.html" + ("#" + json.dumps(saved) if saved else ""))
    frame = page.frame_locator("#sco")
    frame.locator(".tr-module.tr-live").wait_for()
    return frame


def cmi(page) -> dict:
    return page.evaluate("JSON.parse(JSON.stringify(window.API.cmi))")


def kept(snapshot: dict) -> dict:
    """What an LMS gives back to a learner who returns: the bookmark, the status, the suspend data."""
    return {"cmi": {"core": {"lesson_location": snapshot["core"]["lesson_location"],
                             "lesson_status": snapshot["core"]["lesson_status"]},
                    "suspend_data": snapshot["suspend_data"]}}


def interactions(data: dict) -> list[dict]:
    return [data["interactions"][k] for k in sorted(data["interactions"], key=int)]


def on_screen(frame) -> str:
    return frame.locator("section.tr-step:not([hidden])").get_attribute("data-step")


# SCORM 1.2's data model (the Run-Time Environment, section 3.4): each element a module may
# set, and the form of its value. scorm-again takes far more; an LMS may not.
CHAR = "[0-9a-z]"
CHARS = f"{CHAR}(,{CHAR})*"
STRING255 = r"[\s\S]{0,255}"
FORMS = {
    r"cmi\.core\.lesson_location": STRING255,
    r"cmi\.core\.lesson_status": "passed|completed|failed|incomplete|browsed",
    r"cmi\.core\.exit": "time-out|suspend|logout|",
    r"cmi\.core\.session_time": r"\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?",
    r"cmi\.core\.score\.(raw|min|max)": r"(100(\.0+)?|\d{1,2}(\.\d+)?)?",
    r"cmi\.suspend_data": r"[\s\S]{0,4096}",
    r"cmi\.interactions\.\d+\.id": r"[!-~]{1,255}",
    r"cmi\.interactions\.\d+\.type": "true-false|choice|fill-in|matching|performance|sequencing|likert|numeric",
    r"cmi\.interactions\.\d+\.result": r"correct|wrong|unanticipated|neutral|-?\d+(\.\d+)?",
    r"cmi\.interactions\.\d+\.time": r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?",
    r"cmi\.interactions\.\d+\.(student_response|correct_responses\.\d+\.pattern)": r"[\s\S]*",  # by type, below
}
# The learner's response and a right one, by the interaction's type: one character 0-9 or
# a-z per answer; a likert question has no right answer, so its pattern may be blank.
RESPONSES = {"choice": (CHARS, CHARS), "sequencing": (CHARS, CHARS), "likert": (CHAR, f"{CHAR}?"),
             "performance": (STRING255, STRING255)}


def scorm12_problems(calls: list[list[str]]) -> list[str]:
    """What in the module's LMSSetValue calls SCORM 1.2 does not allow."""
    problems, types = [], {}
    for call in calls:
        if call[0] != "LMSSetValue":
            continue
        element, value = call[1], call[2]
        form = next((f for e, f in FORMS.items() if re.fullmatch(e, element)), None)
        if form is None:
            problems.append(f"{element} is no element a module sets")
        elif not re.fullmatch(form, value):
            problems.append(f"{element} = {value!r}")
        found = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", element)
        if not found:
            continue
        n, part = int(found[1]), found[2]
        if n not in types and n != len(types):
            problems.append(f"{element}: interaction {n} after {len(types)} (they are numbered in order)")
        if part == "type":
            types[n] = value
        elif part == "student_response" or part.startswith("correct_responses."):
            kind = types.get(n)
            if kind not in RESPONSES:
                problems.append(f"{element} before the interaction's type, or for a type not expected ({kind})")
            elif not re.fullmatch(RESPONSES[kind][part != "student_response"], value):
                problems.append(f"{element} = {value!r} is no {kind} {part}")
    return problems


def letter(label: str) -> str:
    """The letter the player shows before a choice or an option ("B. Warn first" -> "b")."""
    return label.strip()[0].lower()


def play(frame, rng: random.Random, steps: int = 60, page=None) -> list[tuple[str, str, str]]:
    """A learner who answers at random and goes on, until the module's end or ``steps``
    steps; for each decision and checked activity: the step, its kind and what was
    answered, as the letters shown beside the answers (lines and items: their ids).
    With the LMS's ``page``: each step she goes on to is committed, as the bookmark."""
    answered = []
    for _ in range(steps):
        if frame.locator(".tr-end:not([hidden])").count():
            break
        section = frame.locator("section.tr-step:not([hidden])")
        step = section.get_attribute("data-step")
        choices = section.locator(".tr-choose:not([hidden])").all()
        if choices:
            button = rng.choice(choices)
            answered.append((step, "decision", letter(button.inner_text())))
            button.click()
        elif section.locator("[data-tr=check]:visible").count():
            if section.locator(".tr-option").count():
                labels = section.locator(".tr-option__label").all()
                multiple = section.locator(".tr-option input[type=checkbox]").count() > 0
                picked = sorted(rng.sample(range(len(labels)), rng.randint(1, len(labels)) if multiple else 1))
                for i in picked:
                    labels[i].locator("input").check()
                answered.append((step, "quiz", ",".join(letter(labels[i].inner_text()) for i in picked)))
            elif section.locator(".tr-line").count():
                lines = section.locator(".tr-line").all()
                picked = sorted(rng.sample(range(len(lines)), rng.randint(1, len(lines))))
                for i in picked:
                    lines[i].locator("input").check()
                answered.append((step, "spot", ",".join(lines[i].get_attribute("data-line") for i in picked)))
            elif section.locator(".tr-order").count():
                for _ in range(rng.randint(0, 4)):
                    buttons = section.locator(".tr-order [data-move]:enabled").all()
                    rng.choice(buttons).click()
                order = section.locator(".tr-order li").evaluate_all("ls => ls.map(l => l.dataset.item)")
                answered.append((step, "order", ",".join(order)))
            for scale in section.locator(".tr-scale").all():
                rng.choice(scale.locator("input").all()).check()
            section.locator("[data-tr=check]").click()
        before = page.evaluate("window.commits.length") if page else 0
        section.locator("[data-tr=continue]").click()
        if page:
            commits = page.evaluate("window.commits")
            assert len(commits) > before, f"going on from {step}: nothing committed"
            assert commits[-1]["core"]["lesson_location"] == on_screen(frame)
    return answered


def expected(data: dict, step: str, kind: str, answer: str) -> tuple[str, str, str]:
    """The type, response and right pattern SCORM 1.2 wants for an answer ``play`` gave."""
    info = data["steps"][step]
    if kind == "decision":
        best = dict((b[0], b[1]) for b in data["best"] or [])
        if step not in best:
            return "likert", answer, ""
        ids = [c["id"] for c in info["choices"]]
        return "choice", answer, "abcdefghijklmnopqrstuvwxyz"[ids.index(best[step])]
    if kind == "quiz":
        return "choice", answer, ",".join(chr(97 + i) for i, o in enumerate(info["options"]) if o in info["correct"])
    if kind == "spot":
        lines = info["lines"]
        return ("choice", ",".join(chr(97 + lines.index(x)) for x in answer.split(",")),
                ",".join(chr(97 + i) for i, x in enumerate(lines) if x in info["moves"]))
    items = info["items"]
    return "sequencing", ",".join(chr(97 + items.index(x)) for x in answer.split(",")), \
        ",".join(chr(97 + i) for i in range(len(items)))


def module_data(frame) -> dict:
    data = json.loads(frame.locator(".tr-module").get_attribute("data-play"))
    # The spot lines and quiz options in page order, as the player reads them.
    for step, info in data["steps"].items():
        if info["kind"] == "spot":
            info["lines"] = frame.locator(f"#step-{step} .tr-line").evaluate_all("ls => ls.map(l => l.dataset.line)")
        if info["kind"] == "quiz":
            info["options"] = frame.locator(f"#step-{step} .tr-option").evaluate_all(
                "os => os.map(o => o.dataset.option)")
    return data


# Between them: single and multiple answers, an order, a spot, decisions on the path that
# keeps trust and off it (seeds 2 and 4).
@pytest.mark.parametrize("module, seed", [("five-steps", 1), ("five-steps", 2), ("upselling", 3), ("overbilling", 4)])
def test_every_value_is_one_scorm_12_allows(browser, site_server, package, module, seed):
    """A learner answering at random: every value set is of SCORM 1.2's vocabulary and form,
    each answer is the letter the player showed, each interaction has its right answer, and
    each step the learner goes on to is committed (see play)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    frame = open_in_lms(page, site_server, f"{package}modules/{module}.html")
    data = module_data(frame)
    answered = play(frame, random.Random(seed), page=page)
    calls = page.evaluate("window.calls")
    assert page.evaluate("window.refused") == []
    assert scorm12_problems(calls) == []
    got = interactions(cmi(page))
    assert len(got) == len(answered) and answered
    for (step, kind, answer), i in zip(answered, got, strict=True):
        kind_, response, pattern = expected(data, step, kind, answer)
        assert (i["id"], i["type"], i["student_response"]) == (step, kind_, response)
        assert i["correct_responses"]["0"]["pattern"] == pattern
        if kind_ != "likert":
            assert i["result"] == ("correct" if response == pattern else "wrong")
    context.close()


def test_a_learner_who_leaves_mid_module_resumes_where_she_was(browser, site_server, package):
    """Each time she leaves (after a quiz, an order, a reflection, a decision), without the
    page saying goodbye to the LMS: the LMS holds what was last committed, and brings her
    back to the step she had gone on to, unanswered, on a computer with nothing stored."""
    module = f"{package}modules/five-steps.html"
    saved, rng, where = None, random.Random(7), None
    for leave_after in (1, 1, 2, 1, 0):
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        frame = open_in_lms(page, site_server, module, saved)
        if where is not None:
            assert on_screen(frame) == where
            section = frame.locator(f"#step-{where}")
            assert "is-checked" not in (section.get_attribute("class") or "")
            assert section.locator(".tr-choice.is-chosen, .tr-result:visible").count() == 0
        if leave_after:
            play(frame, rng, steps=leave_after)
            where = on_screen(frame)
            commits = page.evaluate("window.commits")
            assert commits and commits[-1]["core"]["lesson_location"] == where
            assert commits[-1]["core"]["lesson_status"] == "incomplete"
            saved = kept(commits[-1])
        page.close(run_before_unload=False)
        context.close()
    assert where in ("cut-short", "what-he-needs")  # the last time, she had left after the first decision


def test_a_module_reports_to_the_lms_and_resumes_from_it(browser, site_server, package):
    context = browser.new_context()
    page = context.new_page()
    frame = open_in_lms(page, site_server, package + "modules/overbilling.html")
    assert page.evaluate("window.calls[0]") == ["LMSInitialize", ""]
    frame.locator(".tr-choose[data-choice=warn-first]").click()
    frame.locator("#step-at-the-till [data-tr=continue]").click()
    frame.locator(".tr-choose[data-choice=honour-the-quote]").click()
    data = cmi(page)
    assert data["core"]["lesson_status"] == "incomplete"
    assert data["core"]["lesson_location"] == "check-the-bill"
    # The letters on the buttons: warn-first is B, honour-the-quote is A; the right ones both.
    assert [(i["id"], i["type"], i["student_response"], i["correct_responses"]["0"]["pattern"], i["result"])
            for i in interactions(data)] == [("at-the-till", "choice", "b", "b", "correct"),
                                             ("check-the-bill", "choice", "a", "a", "correct")]
    assert frame.locator(".tr-choose[data-choice=warn-first]").inner_text().startswith("B.")
    suspend = json.loads(data["suspend_data"])
    assert [e[0] for e in suspend["m"]["overbilling"]["hist"]] == ["at-the-till", "check-the-bill"]
    assert len(data["suspend_data"]) <= 4096
    # The learner stops; the LMS keeps what it was given.
    page.goto("about:blank")
    context.close()

    # Another computer, nothing in its storage: the LMS brings the learner back to the same step.
    context = browser.new_context()
    page = context.new_page()
    frame = open_in_lms(page, site_server, package + "modules/overbilling.html", kept(data))
    assert on_screen(frame) == "check-the-bill"
    frame.locator("#step-check-the-bill [data-tr=continue]").click()
    frame.locator(".tr-choose[data-choice=listen-and-ask]").click()
    frame.locator("#step-the-feedback-call [data-tr=continue]").click()
    data = cmi(page)
    assert data["core"]["lesson_status"] == "completed"
    assert data["core"]["score"]["raw"] == "100"
    frame.locator("body").evaluate("() => window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    calls = page.evaluate("window.calls")
    assert calls[-1] == ["LMSFinish", ""]
    assert ["LMSSetValue", "cmi.core.exit", ""] in calls  # done: nothing to suspend
    assert any(c[:2] == ["LMSSetValue", "cmi.core.session_time"] for c in calls)
    assert scorm12_problems(calls) == [] and page.evaluate("window.refused") == []
    context.close()


def test_the_self_check_is_passed_or_failed(guarded_page, site_server, package):
    page = guarded_page
    frame = open_in_lms(page, site_server, package + "modules/self-check.html")
    for _ in range(12):
        step = frame.locator("section.tr-step:not([hidden])")
        step.locator("input").first.check()  # the first option: not always right
        step.locator("[data-tr=check]").click()
        step.locator("[data-tr=continue]").click()
    data = cmi(page)
    assert data["core"]["lesson_status"] in ("passed", "failed")
    raw = int(data["core"]["score"]["raw"])
    assert data["core"]["lesson_status"] == ("passed" if raw >= 70 else "failed")
    assert len(data["interactions"]) == 12
    assert {i["student_response"] for i in interactions(data)} == {"a"}
    assert scorm12_problems(page.evaluate("window.calls")) == []


def test_outside_an_lms_nothing_changes(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    page.locator(".tr-choose[data-choice=warn-first]").click()
    assert page.evaluate("typeof window.API") == "undefined"
    assert page.locator("#choice-at-the-till--warn-first").is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_each_languages_manifest_is_valid_against_the_schemas_it_ships(packages, lang, tmp_path):
    check_package(packages / f"training-{lang}-scorm12.zip", tmp_path)


def test_the_scorm_12_check_refuses_what_scorm_12_refuses():
    """The check the tests above use, on calls SCORM 1.2 forbids (and some it allows)."""
    good = [["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
            ["LMSSetValue", "cmi.core.session_time", "0012:03:04.5"],
            ["LMSSetValue", "cmi.interactions.0.id", "at-the-till"],
            ["LMSSetValue", "cmi.interactions.0.type", "choice"],
            ["LMSSetValue", "cmi.interactions.0.student_response", "a,c"],
            ["LMSSetValue", "cmi.interactions.0.correct_responses.0.pattern", "c"],
            ["LMSSetValue", "cmi.interactions.1.type", "likert"],
            ["LMSSetValue", "cmi.interactions.1.correct_responses.0.pattern", ""]]
    assert scorm12_problems(good) == []
    bad = [["cmi.core.lesson_status", "not attempted"], ["cmi.core.lesson_status", "complete"],
           ["cmi.core.exit", "normal"], ["cmi.core.session_time", "PT1M"], ["cmi.core.score.raw", "101"],
           ["cmi.core.lesson_location", "x" * 256], ["cmi.suspend_data", "x" * 4097],
           ["cmi.interactions.0.id", "two words"], ["cmi.interactions.0.time", "24:00:00"],
           ["cmi.interactions.0.result", "incorrect"], ["cmi.interactions.0.type", "multiple_choice"],
           ["cmi.interactions.0.student_response", "warn-first"], ["cmi.interactions.0.student_response", "A"],
           ["cmi.interactions.0.correct_responses.0.pattern", "ab"], ["cmi.interactions.2.id", "skipped-one"],
           ["cmi.core.student_name", "Ann"], ["cmi.interactions.0.learner_response", "a"]]
    for element, value in bad:
        calls = [["LMSSetValue", "cmi.interactions.0.type", "choice"], ["LMSSetValue", element, value]]
        assert scorm12_problems(calls), f"{element} = {value!r} passed"
