"""Handouts as a facilitator prints them: every handout of every language printed on
A4 the way ``make pdf`` prints it, in one browser page, then read back from the PDF
(pages, numbers, what ends each page) and from the page under print styles (type size,
room to write); and the same handouts on a phone's screen."""

from __future__ import annotations

import re
import subprocess

import pytest

from generator.pdf import print_handout

from .test_decks import HANDOUTS
from .test_site import LANGS, NARROW, run_axe

pytestmark = pytest.mark.browser

# The same in every language: the sheets ask the same questions with the same room to write.
PAGES = {"role-cards-overbilling": 2, "role-cards-five-steps": 2, "observer-checklist": 1,
         "reflection-worksheet": 4, "mission-worksheet": 4}
QUESTIONS = {"reflection-worksheet": 19, "mission-worksheet": 15}
SMALLEST_PX = 11 * 96 / 72  # 11 pt: CSS has 96 px to 72 pt
WRITING_LINE_PX = 8 * 96 / 25.4  # 8 mm a line, enough for handwriting

# Every visible piece of text under the print styles, by its computed size, smallest first.
TEXT_SIZES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.height) found.push([parseFloat(getComputedStyle(el).fontSize), node.textContent.trim()]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}"""


def pdf_pages(pdf) -> list[str]:
    """The text of each page, in reading order, whitespace made single spaces."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def test_every_handout_prints_as_a_worksheet(guarded_page, site_server, tmp_path, artifacts_dir):
    """Pages as expected, every question numbered once from 1 on the sheet with its lines
    under it, nothing printed under 11 pt, and no heading left at the foot of a page."""
    assert set(PAGES) == set(HANDOUTS)
    page = guarded_page
    page.emulate_media(media="print")  # page.pdf prints with print styles; measure with them too
    problems = []
    for lang in LANGS:
        for handout, expected in PAGES.items():
            pdf = tmp_path / f"{lang}-{handout}.pdf"
            print_handout(page, f"{site_server}{lang}/handouts/{handout}.html", pdf)
            where = f"{lang}/{handout}"
            pages = pdf_pages(pdf)
            if len(pages) != expected:
                problems.append(f"{where}: {len(pages)} pages, not {expected}")
            size, text = page.evaluate(TEXT_SIZES)[0]
            if size < SMALLEST_PX - 0.01:
                problems.append(f"{where}: {text!r} printed at {size * 72 / 96:.1f} pt")
            # Kept with what follows by the print styles (pages end elsewhere for other texts)...
            loose = page.locator(".tr-handout :is(h1, h2), .tr-questions > li, .tr-checklist tr").evaluate_all(
                "els => els.filter(e => getComputedStyle(e)[e.matches('h1, h2') ? 'breakAfter' : 'breakInside']"
                " !== 'avoid').map(e => e.textContent.trim().slice(0, 40))")
            if loose:
                problems.append(f"{where}: may be parted from what follows or split: {loose}")
            # ...and so in this printout.
            for heading in page.locator(".tr-handout :is(h1, h2)").all_inner_texts():
                heading = " ".join(heading.replace("¶", "").split())
                stranded = [n for n, text in enumerate(pages, start=1) if text.endswith(heading)]
                if stranded:
                    problems.append(f"{where}: heading {heading!r} ends page {stranded}")
            if handout in QUESTIONS:
                numbers = [int(n) for n in re.findall(r"(?:^|\s)(\d+)\. \w", " ".join(pages))]
                if numbers != list(range(1, QUESTIONS[handout] + 1)):
                    problems.append(f"{where}: questions numbered {numbers}")
                room = page.locator(".tr-questions > li .tr-lines").evaluate_all(
                    "els => els.map(e => e.getBoundingClientRect().height)")
                if len(room) != QUESTIONS[handout] or min(room) < 3 * WRITING_LINE_PX - 1:
                    problems.append(f"{where}: room to write {room}")
    assert problems == []
    for name, handout in [("worksheet", "reflection-worksheet"), ("checklist", "observer-checklist")]:
        png = artifacts_dir / f"handout-en-{name}"
        png.with_suffix(".png").unlink(missing_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(tmp_path / f"en-{handout}.pdf"), str(png)], check=True)
        assert png.with_suffix(".png").stat().st_size > 1000


@pytest.mark.parametrize("handout", ["reflection-worksheet", "observer-checklist"])
def test_a_worksheet_reads_on_a_phone(reader, site_server, handout):
    """360 px wide: no sideways scrolling, the fields read as Name, Team and Date, the
    lines to write on left to paper, and axe finds nothing against WCAG 2.1 AA."""
    reader.set_viewport_size(NARROW)
    reader.goto(f"{site_server}en/handouts/{handout}.html")
    assert reader.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert reader.locator("ul.tr-fields").aria_snapshot() == "- list:\n  - listitem: Name\n  - listitem: Team\n" \
                                                             "  - listitem: Date"
    assert reader.locator(".tr-lines").first.is_hidden()
    run_axe(reader)
