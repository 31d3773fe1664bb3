"""Facilitators' decks: one per module and language, notes on every slide, nothing
remote, the room's votes in the projected deck and the speaker view alike, slides that
read from the back of a room, and PDFs."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.slidetext import WORDS, balanced, sentences, words
from generator.strings import ui_strings

from .test_site import LANGS

pytestmark = pytest.mark.browser

WORKSHOPS = ["front-desk-90", "whole-team-half-day"]
HANDOUTS = ["role-cards-overbilling", "role-cards-five-steps", "observer-checklist", "reflection-worksheet",
            "mission-worksheet"]
MODULES = ["overbilling", "two-surgeons", "upselling", "pressure-to-sell", "five-steps", "feedback-call",
           "leader-sets-pattern", "our-mission", "competence-and-character", "self-check"]


class _Slides(HTMLParser):
    """Each <section>'s text, and the text of its speaker notes."""

    def __init__(self) -> None:
        super().__init__()
        self.slides: list[dict[str, str]] = []
        self.where: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "section":
            self.slides.append({"text": "", "notes": "", "kind": dict(attrs).get("class", "")})
            self.where = "text"
        elif tag == "aside" and self.where:
            self.where = "notes"

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside" and self.where == "notes":
            self.where = "text"
        elif tag == "section":
            self.where = None

    def handle_data(self, data: str) -> None:
        if self.where:
            self.slides[-1][self.where] += data


def slides_of(path: Path) -> list[dict[str, str]]:
    parser = _Slides()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.slides


def test_every_module_has_a_deck_in_every_language_with_notes_on_every_slide(built_site):
    for lang in LANGS:
        for module in MODULES:
            deck = built_site / lang / "slides" / f"{module}.html"
            slides = slides_of(deck)
            assert len(slides) >= 5, deck
            assert all(s["notes"].strip() for s in slides), f"{deck}: a slide without notes"
        for workshop in WORKSHOPS:
            slides = slides_of(built_site / lang / "slides" / f"workshop-{workshop}.html")
            assert len(slides) > 20 and all(s["notes"].strip() for s in slides), workshop
        page = (built_site / lang / "modules" / "overbilling.html").read_text(encoding="utf-8")
        assert 'href="../slides/overbilling.html"' in page


def test_vote_slides_show_exactly_the_scenarios_choices(built_site):
    page = (built_site / "en" / "modules" / "feedback-call.html").read_text(encoding="utf-8")
    deck = (built_site / "en" / "slides" / "feedback-call.html").read_text(encoding="utf-8")
    shown: dict[str, list[str]] = {}  # each vote's answers, from the slides that show them in full
    for vote, section in re.findall(r'data-tr-vote="([^"]+)">(.*?)</section>', deck, re.S):
        shown.setdefault(vote, []).extend(re.findall(r'<span class="tr-label">(.*?)</span>', section))
    for step in re.findall(r'<div class="tr-buttons" hidden="hidden" role="group"[^>]*>(.*?)</div>', page, re.S):
        labels = re.findall(r'<button[^>]*class="tr-choose"[^>]*>(.*?)</button>', step)
        labels = [re.sub(r"^[A-Z]\. ", "", label) for label in labels]
        assert labels in shown.values(), labels


def test_no_deck_loads_anything_remote(built_site):
    for lang in LANGS:
        folder = built_site / lang / "slides"
        for file in [*folder.glob("*.html"), folder / "deck.css", folder / "deck.js"]:
            text = file.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']?(https?:)?//|url\((["']?)(https?:)?//""", text), file


def _deck(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.Reveal && Reveal.isReady()")


def _speaker_view(page):
    """The speaker window (key S) and its copy of the current slide, once they are connected."""
    with page.context.expect_page() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    try:
        speaker.wait_for_function("document.querySelectorAll('iframe').length === 2"
                                  " && getComputedStyle(document.getElementById('connection-status')).display"
                                  " === 'none'")
        current = speaker.locator("#current-slide iframe").element_handle().content_frame()
        assert current is not None
        # The iframe may be in the page before its document is: its URL is empty until then.
        current.wait_for_url(re.compile(r".*postMessageEvents=true"))
        current.wait_for_function("window.Reveal && Reveal.isReady()")
    except Exception:
        # An open speaker window takes the next S itself (focus, no new window): never leave one behind.
        speaker.close()
        raise
    return speaker, current


def _at(page, frame, index: int) -> None:
    """Wait until both windows show slide ``index`` and reveal.js's syncing has settled."""
    for where in (page, frame):
        where.wait_for_function(f"Reveal.getIndices().h === {index}")
    page.wait_for_timeout(600)  # the speaker view passes a move on after 500 ms
    for where in (page, frame):
        assert where.evaluate("Reveal.getIndices().h") == index


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_vote_counted_in_either_window_shows_in_both_once(guarded_page, site_server, built_site, artifacts_dir,
                                                            where):
    page = guarded_page
    page.set_viewport_size({"width": 1280, "height": 720})
    deck = built_site / "en" / "slides" / "overbilling.html"
    _deck(page, f"{site_server}en/slides/overbilling.html" if where == "http" else deck.as_uri())
    # The vote's last slide: its answers with their tally, or, when the answers take more
    # than a slide, the tally of every letter after them.
    vote = page.evaluate("Reveal.getSlides().findLastIndex(s => s.dataset.trVote === 'patient-objects')")
    assert page.evaluate(f"Reveal.getSlides()[{vote}].querySelectorAll('[data-tr-option]').length") == 2
    page.evaluate(f"Reveal.slide({vote})")
    speaker, current = _speaker_view(page)
    _at(page, current, vote)
    projected, previewed = page.locator(".present .tr-tally"), current.locator(".present .tr-tally")
    # Keys typed in the speaker window: counted once (its preview of the next slide never
    # counts), shown on the projected deck.
    for key in "112":
        speaker.keyboard.press(key)
    for tally in (projected, previewed):
        expect(tally).to_have_text(["2 · 67%", "1 · 33%"])
    # A key and a click on the projected deck, shown in the speaker view.
    page.keyboard.press("2")
    page.locator(".present [data-tr-option='0']").click()
    for tally in (previewed, projected):
        expect(tally).to_have_text(["3 · 60%", "2 · 40%"])
    # Away and back: the tally stays, in both windows.
    page.keyboard.press("ArrowRight")
    _at(page, current, vote + 1)
    page.keyboard.press("ArrowLeft")
    _at(page, current, vote)
    for tally in (projected, previewed):
        expect(tally).to_have_text(["3 · 60%", "2 · 40%"])
    if where == "http":
        page.screenshot(path=str(artifacts_dir / "deck-vote.png"))
        speaker.set_viewport_size({"width": 1280, "height": 720})
        speaker.wait_for_timeout(300)
        speaker.screenshot(path=str(artifacts_dir / "deck-speaker-view.png"))
    # 0 in the speaker window clears both.
    speaker.keyboard.press("0")
    for tally in (projected, previewed):
        expect(tally).to_have_text(["", ""])
    assert page.evaluate("Reveal.getIndices().h") == vote


@pytest.mark.parametrize("lang", LANGS)
def test_the_speaker_view_speaks_the_decks_language(reader, site_server, lang):
    ui = ui_strings(lang)
    _deck(reader, f"{site_server}{lang}/slides/overbilling.html")
    speaker, _ = _speaker_view(reader)
    try:
        assert speaker.title() == ui["deck.speaker_title"]

        def label(selector: str) -> str:  # as written: the speaker view's CSS shows some in capitals
            return (speaker.locator(selector).first.text_content() or "").strip()

        assert label("#upcoming-slide .label") == ui["deck.speaker_upcoming"]
        assert label(".speaker-controls-notes .label") == ui["deck.speaker_notes"]
        assert label(".speaker-controls-time .label") == f"{ui['deck.speaker_time']} {ui['deck.speaker_reset']}"
        assert label(".pacing-title") == ui["deck.speaker_pacing"]
        assert label(".speaker-layout-label") == f"{ui['deck.speaker_layout']}: {ui['deck.layout_default']}"
        assert speaker.locator(".speaker-layout-dropdown option").all_inner_texts() == [
            ui["deck.layout_default"], ui["deck.layout_wide"], ui["deck.layout_tall"], ui["deck.layout_notes"]]
        clock = r"\d\d:\d\d [AP]M" if lang == "en" else r"\d\d:\d\d"  # the language's own clock
        speaker.wait_for_function("document.querySelector('.clock-value').textContent.trim() !== ''")
        assert re.fullmatch(clock, label(".clock-value")), label(".clock-value")
        # None is reveal.js's own English.
        assert label("#upcoming-slide .label") != "Upcoming" and label(".pacing-title") != (
            "Pacing – Time to finish current slide")
        assert "Click to Reset" not in label(".speaker-controls-time .label") and speaker.title() != (
            "reveal.js - Speaker View")
    finally:
        speaker.close()


# What a slide shows, measured in the browser: its size, its smallest text as shown on a
# 1280 x 720 screen (reveal.js scales the slide by ``scale``), its words, its paragraphs.
MEASURE = """([sections, scale]) => sections.map(s => {
  const frame = s.querySelector('.tr-frame');
  let smallest = 999;
  const walker = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * scale);
  }
  return {height: frame.scrollHeight, width: frame.scrollWidth, smallest, text: frame.innerText,
          links: s.querySelectorAll('a').length,
          paragraphs: Array.from(s.querySelectorAll('.tr-body > p')).map(p => p.innerText)};
})"""


def _problems(where: str, measured: list[dict], ui: dict[str, str]) -> list[str]:
    out = []
    for i, m in enumerate(measured):
        text, count = m["text"], words(m["text"])
        if m["height"] > 720 or m["width"] > 1280:
            out.append(f"{where} #{i}: overflows ({m['width']} x {m['height']})")
        if m["smallest"] < 28:
            out.append(f"{where} #{i}: text at {m['smallest']:.1f} px")
        if count > WORDS and not (len(m["paragraphs"]) == 1 and len(sentences(m["paragraphs"][0])) == 1):
            out.append(f"{where} #{i}: {count} words")  # only one sentence longer than a slide may stand alone
        if not balanced(text):
            out.append(f"{where} #{i}: a quotation left open: {text[:80]!r}")
        if m["links"] or ui["deck.back"] in text or ui["deck.vote_help"].split(":")[0] in text:
            out.append(f"{where} #{i}: shows the facilitator's help or the way back")
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_slide_reads_from_the_back_of_the_room(reader, site_server, built_site, lang):
    """Every slide of every deck at 1280 x 720: nothing overflows, no text under 28 px, at most
    40 words (or one sentence that alone takes more), every quotation closed, nothing for the
    facilitator alone. The modules' decks in their print view (every slide laid out at once);
    of the workshops' decks, the slides that are not a module's."""
    page, ui = reader, ui_strings(lang)
    _deck(page, f"{site_server}{lang}/slides/overbilling.html")
    scale = page.evaluate("Reveal.getScale()")
    assert page.locator(".tr-keys").is_hidden() and page.locator(".tr-keys-button").inner_text() == "?"
    problems, counts, module_texts = [], [], set()
    for module in MODULES:
        page.goto(f"{site_server}{lang}/slides/{module}.html?print-pdf")
        page.wait_for_selector(".pdf-page", state="attached")
        page.wait_for_function("!document.documentElement.classList.contains('loading-scroll-mode')")
        page.evaluate("document.fonts.ready")
        measured = page.evaluate(f"s => ({MEASURE})([Array.from(document.querySelectorAll('.pdf-page section')), s])",
                                 scale)
        assert len(measured) == len(slides_of(built_site / lang / "slides" / f"{module}.html")), module
        problems += _problems(module, measured, ui)
        counts += [words(m["text"]) for m in measured]
        module_texts |= {s["text"] for s in slides_of(built_site / lang / "slides" / f"{module}.html")}
    for workshop in WORKSHOPS:
        own = [i for i, s in enumerate(slides_of(built_site / lang / "slides" / f"workshop-{workshop}.html"))
               if s["text"] not in module_texts]
        _deck(page, f"{site_server}{lang}/slides/workshop-{workshop}.html")
        for i in own:
            page.evaluate(f"Reveal.slide({i})")
            measured = page.evaluate(f"s => ({MEASURE})([[Reveal.getCurrentSlide()], s])", scale)
            problems += _problems(f"workshop-{workshop}", measured, ui)
    assert not problems, "\n".join(problems)
    print(f"{lang}: {len(counts)} slides, at most {max(counts)} words")


def test_the_keys_and_the_way_back_open_from_the_deck_not_on_it(reader, site_server):
    page = reader
    _deck(page, f"{site_server}uk/slides/overbilling.html")
    page.evaluate("Reveal.slide(2)")
    dialog = page.locator("#tr-keys")
    assert dialog.is_hidden()
    page.keyboard.press("?")
    expect(dialog).to_be_visible()
    assert dialog.locator("a").get_attribute("href") == "../modules/overbilling.html"
    assert ui_strings("uk")["deck.help_speaker"] in dialog.inner_text()
    page.keyboard.press("ArrowRight")  # the slides stay while it is open
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate("Reveal.getIndices().h") == 2 and not page.evaluate("Reveal.isOverview()")
    page.locator(".tr-keys-button").click()
    expect(dialog).to_be_visible()
    dialog.locator(".tr-keys__close").click()
    expect(dialog).to_be_hidden()


def test_a_consequence_shows_its_choice_and_meters_beside_readable_text(reader, site_server, artifacts_dir):
    page = reader
    _deck(page, f"{site_server}en/slides/overbilling.html")
    index = page.evaluate("Reveal.getSlides().findIndex(s => s.classList.contains('tr-slide--consequence'))")
    page.evaluate(f"Reveal.slide({index})")
    slide = page.locator(".present")
    assert slide.locator("h2 .tr-letter").inner_text() == "A"
    assert slide.locator(".tr-effects li").all_inner_texts() == ["The patient’s trust \N{MINUS SIGN}30"]
    badge, text = slide.locator(".tr-effects").bounding_box(), slide.locator(".tr-body > p").first.bounding_box()
    assert badge is not None and text is not None
    assert text["width"] > 900 and badge["y"] + badge["height"] <= text["y"]  # above a full-width text, not beside it
    page.screenshot(path=str(artifacts_dir / "deck-consequence.png"))


def test_pdf_of_every_deck_has_a_page_per_slide(built_site, tmp_path, artifacts_dir):
    out = tmp_path / "pdf"
    result = subprocess.run([sys.executable, "-m", "generator", "pdf", "--site-dir", str(built_site),
                             "--out", str(out), "--lang", "uk"],
                            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for module in MODULES:
        pdf = out / "uk" / f"{module}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert pages == len(slides_of(built_site / "uk" / "slides" / f"{module}.html")), module
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert abs(width / height - 16 / 9) < 0.01, info  # the slides' 1280 x 720
    for name in [f"workshop-{w}" for w in WORKSHOPS]:
        assert (out / "uk" / f"{name}.pdf").is_file(), name
    for handout in HANDOUTS:
        info = subprocess.run(["pdfinfo", str(out / "uk" / f"{handout}.pdf")], capture_output=True, text=True,
                              check=True).stdout
        assert re.search(r"Page size:\s+595(\.\d+)? x 841", info) or "A4" in info, (handout, info)
    # Beside them, each module's sign-off sheet on A4 (their pages are counted in test_signoff).
    sheets = sorted(p.name for p in (out / "uk").glob("sign-off-*.pdf"))
    assert sheets == sorted(f"sign-off-{p.stem}.pdf" for p in (built_site / "uk" / "walkthrough").glob("*.html")
                            if p.stem != "index")
    png = artifacts_dir / "deck-uk-overbilling-page5"
    for old in artifacts_dir.glob("deck-uk-overbilling-page5*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "5", "-l", "5", "-singlefile",
                    str(out / "uk" / "overbilling.pdf"), str(png)], check=True)
    assert png.with_suffix(".png").stat().st_size > 1000
