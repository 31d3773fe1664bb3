"""Facilitators' decks: one per module and language, notes on every slide, nothing
remote, keyboard and speaker view, the room's votes, no overflow, and PDFs."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

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
            # Short enough to read from the back of the room; a vote shows every choice in full.
            for s in slides:
                if "tr-slide--vote" not in s["kind"] and "tr-slide--outcome" not in s["kind"]:
                    assert len(s["text"].split()) <= 45, (deck.name, s["text"][:80])
        for workshop in WORKSHOPS:
            slides = slides_of(built_site / lang / "slides" / f"workshop-{workshop}.html")
            assert len(slides) > 20 and all(s["notes"].strip() for s in slides), workshop
        page = (built_site / lang / "modules" / "overbilling.html").read_text(encoding="utf-8")
        assert 'href="../slides/overbilling.html"' in page


def test_vote_slides_show_exactly_the_scenarios_choices(built_site):
    page = (built_site / "en" / "modules" / "feedback-call.html").read_text(encoding="utf-8")
    deck = (built_site / "en" / "slides" / "feedback-call.html").read_text(encoding="utf-8")
    for step in re.findall(r'<div class="tr-buttons" hidden="hidden" role="group"[^>]*>(.*?)</div>', page, re.S):
        labels = re.findall(r'<button[^>]*class="tr-choose"[^>]*>(.*?)</button>', step)
        labels = [re.sub(r"^[A-Z]\. ", "", label) for label in labels]
        assert any(re.findall(r'<span class="tr-label">(.*?)</span>', vote) == labels
                   for vote in deck.split("data-tr-vote")[1:]), labels


def test_no_deck_loads_anything_remote(built_site):
    for lang in LANGS:
        folder = built_site / lang / "slides"
        for file in [*folder.glob("*.html"), folder / "deck.css", folder / "deck.js"]:
            text = file.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']?(https?:)?//|url\((["']?)(https?:)?//""", text), file


def test_a_deck_advances_by_keyboard_counts_votes_and_has_its_speaker_view(guarded_page, site_server):
    page = guarded_page
    page.goto(site_server + "pl/slides/overbilling.html")
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    assert page.evaluate("Reveal.getIndices().h") == 0
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 2
    notes = page.evaluate("Reveal.getSlides().map(s => Reveal.getSlideNotes(s) || '')")
    assert all(n.strip() for n in notes)
    vote = page.evaluate("Reveal.getSlides().findIndex(s => s.hasAttribute('data-tr-vote'))")
    page.evaluate(f"Reveal.slide({vote})")
    for key in ["1", "1", "2", "1"]:
        page.keyboard.press(key)
    tallies = page.locator(".present .tr-tally").all_inner_texts()
    assert tallies == ["3 (75%)", "1 (25%)"]
    page.keyboard.press("0")
    assert page.locator(".present .tr-tally").all_inner_texts() == ["", ""]
    # The consequences come after the vote, one by one.
    page.keyboard.press("ArrowRight")
    assert page.locator(".present .fragment.visible").count() == 0
    page.keyboard.press("ArrowRight")
    assert page.locator(".present .fragment.visible").count() == 1
    with page.expect_popup() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.wait_for_load_state()
    assert "speaker" in (speaker.title() + speaker.content()).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_no_slide_overflows_1280_by_720(reader, site_server, lang):
    page = reader
    page.set_viewport_size({"width": 1280, "height": 720})
    for module in MODULES:
        page.goto(f"{site_server}{lang}/slides/{module}.html")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.evaluate("document.fonts.ready")
        over = page.evaluate("""() => Reveal.getSlides().map((s, i) => {
            Reveal.slide(i, 0, 99);
            return [i, s.scrollHeight, s.scrollWidth];
        }).filter(([i, h, w]) => h > 720 || w > 1280)""")
        assert over == [], f"{lang}/{module}: slides (index, height, width) overflow: {over}"


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
    png = artifacts_dir / "deck-uk-overbilling-page5"
    for old in artifacts_dir.glob("deck-uk-overbilling-page5*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "5", "-l", "5", "-singlefile",
                    str(out / "uk" / "overbilling.pdf"), str(png)], check=True)
    assert png.with_suffix(".png").stat().st_size > 1000
