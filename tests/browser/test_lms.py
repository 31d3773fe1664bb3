"""Inside an LMS: a module page finds the SCORM 1.2 API (scorm-again plays the LMS in a test
page around it), reports status, score, time and each decision, and resumes from the LMS."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SCORM_AGAIN = Path(__file__).resolve().parents[2] / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
LMS_PAGE = """<!doctype html><html lang="en"><head><title>LMS</title>
<script src="/lms/scorm12.js"></script>
<script>
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  window.calls = [];
  for (const name of ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"]) {
    const real = window.API[name].bind(window.API);
    window.API[name] = (...args) => { window.calls.push([name, ...args]); return real(...args); };
  }
  if (location.hash.length > 1) window.API.loadFromJSON(JSON.parse(decodeURIComponent(location.hash.slice(1))), "");
</script></head>
<body><iframe id="sco" title="module" src="/%s" style="width:1100px;height:800px"></iframe></body></html>"""


@pytest.fixture(scope="module")
def package(built_site, tmp_path_factory) -> str:
    """The English SCORM package, unzipped where the test server serves it; its folder's URL path."""
    out = tmp_path_factory.mktemp("scorm")
    result = subprocess.run([sys.executable, "-m", "generator", "scorm", "--site-dir", str(built_site),
                             "--out", str(out)], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "training-en-scorm12.zip") as zf:
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
    interactions = [data["interactions"][k] for k in sorted(data["interactions"], key=int)]
    assert [(i["id"], i["student_response"], i["result"]) for i in interactions] == [
        ("at-the-till", "warn-first", "correct"), ("check-the-bill", "honour-the-quote", "correct")]
    suspend = json.loads(data["suspend_data"])
    assert [e[0] for e in suspend["m"]["overbilling"]["hist"]] == ["at-the-till", "check-the-bill"]
    assert len(data["suspend_data"]) <= 4096
    # The learner stops; the LMS keeps what it was given.
    page.goto("about:blank")
    saved = {"cmi": {"core": {"lesson_location": data["core"]["lesson_location"],
                              "lesson_status": data["core"]["lesson_status"]},
                     "suspend_data": data["suspend_data"]}}
    context.close()

    # Another computer, nothing in its storage: the LMS brings the learner back to the same step.
    context = browser.new_context()
    page = context.new_page()
    frame = open_in_lms(page, site_server, package + "modules/overbilling.html", saved)
    assert frame.locator("section.tr-step:not([hidden])").get_attribute("data-step") == "check-the-bill"
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


def test_outside_an_lms_nothing_changes(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "en/modules/overbilling.html")
    page.locator(".tr-choose[data-choice=warn-first]").click()
    assert page.evaluate("typeof window.API") == "undefined"
    assert page.locator("#choice-at-the-till--warn-first").is_visible()
