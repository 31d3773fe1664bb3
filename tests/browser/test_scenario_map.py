"""The authors' scenario map in the preview, as an author uses it: on a desk and a phone,
a step selected by keyboard and by click shows its texts in every language with their
states; no accessibility violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_scenario_map_build import preview_build

from buildguard import builds

from .conftest import BROWSER_REPO, serve
from .test_site import run_axe

MODULE = "leader-sets-pattern"  # the largest real module: 10 steps, 20 choices
LANGS = ["pl", "en", "ru", "uk"]
STATES = {"current", "stale", "missing", "copy"}


@pytest.fixture(scope="module")
@builds
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real project's English preview, built as `serve` builds it, served on 127.0.0.1."""
    site = preview_build(BROWSER_REPO, tmp_path_factory.mktemp("map") / "site", "en")
    with serve(site) as url:
        yield url


def texts_shown(page, step: str) -> list[tuple[str, str, str]]:
    """The visible texts of ``step``: (language, state, the state's words) of each."""
    section = page.locator(f"#step-{step}")
    assert section.is_visible()
    cells = section.locator(".lang")
    return [(cells.nth(i).get_attribute("data-lang"), cells.nth(i).get_attribute("data-state"),
             cells.nth(i).locator(".state").inner_text()) for i in range(cells.count())]


def check_texts(page, step: str) -> None:
    shown = texts_shown(page, step)
    assert shown and len(shown) % len(LANGS) == 0
    assert [lang for lang, _, _ in shown[:4]] == LANGS  # side by side, in the course's order
    assert {state for _, state, _ in shown} <= STATES
    assert all(words for _, _, words in shown)  # said in words, not by colour alone
    # Only the selected step's texts are shown.
    assert page.locator("section.step:visible").count() == 1


@pytest.mark.parametrize("width", [1280, 360])
def test_a_step_is_selected_by_keyboard_and_by_click_and_shows_its_texts(page, preview: str, width: int,
                                                                         artifacts_dir: Path) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{preview}map/{MODULE}.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the drawing scrolls in its box
    assert page.locator("section.step:visible").count() == 0
    page.screenshot(path=str(artifacts_dir / f"map-{MODULE}-{width}.png"), full_page=width == 1280)

    for _ in range(40):  # Tab through the links before the drawing to its second step
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "node-the-email":
            break
    else:
        pytest.fail("Tab never reached the step 'the-email' on the map")
    page.keyboard.press("Enter")
    page.wait_for_url("**#step-the-email")
    check_texts(page, "the-email")
    page.screenshot(path=str(artifacts_dir / f"map-{MODULE}-keyboard-{width}.png"))
    run_axe(page)

    page.locator("#node-follow-up").click()
    page.wait_for_url("**#step-follow-up")
    check_texts(page, "follow-up")
    # Back to the map, on the step that was selected.
    page.locator("#step-follow-up a", has_text="Back to the map").click()
    page.wait_for_url("**#node-follow-up")


def test_the_map_index_lists_every_module_and_passes_axe(page, preview: str) -> None:
    page.goto(f"{preview}map/_index.html")
    assert page.locator(f'a[href="{MODULE}.html"]').count() == 1
    run_axe(page)
