"""A module's images in the player on a phone: the quote of the situation and the bill of
the first step load from the site itself, fit 360 px without sideways scrolling, keep
the space their size gives them, and the page stays axe-clean."""

from __future__ import annotations

import pytest

from .test_learner import no_sideways_scroll, shot
from .test_site import LANGS, NARROW, run_axe

pytestmark = pytest.mark.browser

ALT_START = {"pl": "Rachunek przychodni", "en": "The clinic’s bill", "ru": "Счёт клиники", "uk": "Рахунок клініки"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_player_shows_the_quote_and_the_bill_on_a_phone(guarded_page, site_server, artifacts_dir, lang):
    page = guarded_page
    page.set_viewport_size(NARROW)
    page.goto(f"{site_server}{lang}/modules/overbilling.html")
    quote = page.locator("#situation ~ figure.tr-figure img").first
    bill = page.locator("#step-at-the-till > figure.tr-figure img")
    for image in (quote, bill):
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        # Loaded from the site (the request guard fails the test for any other host), drawn, within the screen.
        image.evaluate("img => img.decode()")
        box = image.bounding_box()
        assert box is not None and 0 < box["width"] <= NARROW["width"] and box["height"] > 0
        assert image.evaluate("img => img.naturalWidth") == 480
        # Its ratio kept where the column is narrower than the drawing.
        natural = image.evaluate("img => img.naturalHeight / img.naturalWidth")
        assert abs(box["height"] / box["width"] - natural) < 0.02
    assert bill.get_attribute("alt").startswith(ALT_START[lang])
    assert page.locator("#step-at-the-till figcaption").first.is_visible()
    no_sideways_scroll(page)
    shot(page, artifacts_dir, f"images-overbilling-{lang}-360")
    run_axe(page)
