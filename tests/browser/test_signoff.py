"""The sign-off sheets as a clinical lead meets them: on screen at 360 and 1280 px, and
printed on A4 (page counts, text size), accessible."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.pdf import print_handout

from .test_site import run_axe

LANGS = ["pl", "en", "ru", "uk"]
PT_11 = 11 * 96 / 72  # 11 pt in CSS pixels


def sheets(built_site: Path, lang: str) -> list[str]:
    return sorted(p.stem for p in (built_site / lang / "walkthrough").glob("*.html") if p.stem != "index")


def test_each_sheet_is_readable_on_a_phone_and_a_desk_and_passes_axe(reader, site_server, built_site,
                                                                      artifacts_dir):
    for width in (360, 1280):
        reader.set_viewport_size({"width": width, "height": 800})
        reader.goto(f"{site_server}en/walkthrough/overbilling.html")
        # Nothing wider than the screen but the diagram, which scales down to it.
        assert reader.evaluate("document.documentElement.scrollWidth") <= width
        box = reader.locator("figure.diagram svg").bounding_box()
        assert box is not None and box["width"] <= width
        reader.screenshot(path=str(artifacts_dir / f"signoff-en-overbilling-{width}.png"), full_page=True)
    run_axe(reader)
    # The version the header names is the one at the foot of the module page.
    version = reader.locator(".facts code").inner_text()
    reader.goto(f"{site_server}en/modules/overbilling.html")
    assert reader.locator(".tr-version").inner_text() == f"Version {version}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_sheet_prints_on_a_few_a4_pages_in_11_pt_or_more(guarded_page, site_server, built_site,
                                                               tmp_path, lang):
    page = guarded_page
    page.emulate_media(media="print")
    pages = {}
    for sid in sheets(built_site, lang):
        page.goto(f"{site_server}{lang}/walkthrough/{sid}.html")
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('main *')]
            .filter(e => !e.closest('svg') && e.offsetParent !== null
                         && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest >= PT_11 - 0.01, f"{lang}/{sid}: {smallest:.1f} px"
        pdf = tmp_path / f"{sid}.pdf"
        print_handout(page, page.url, pdf)  # as make pdf prints it
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, info
        pages[sid] = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    # Short enough to read before signing; the longest modules are mostly their own texts.
    assert all(3 <= n <= 20 for n in pages.values()), pages
    assert pages["overbilling"] <= 12, pages
