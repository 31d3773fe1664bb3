"""The preview's error page: each problem as the terminal prints it, in the preview's
language, put in place of every page the preview has made."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Pos
from generator.preview_errors import FALLBACK, error_page, show_errors
from generator.problems import Problems
from generator.strings import shipped_strings

TITLES = {"pl": "W scenariuszach są błędy", "en": "The scenarios have errors", "ru": "В сценариях есть ошибки",
          "uk": "У сценаріях є помилки"}


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_the_page_is_in_the_previews_language(lang: str) -> None:
    problems = Problems()
    problems.error(Pos(Path("/p/scenarios/a/scenario.yml"), 3, 7), "step 'x' leads to unknown step 'y'")
    page = error_page(problems, Path("/p"), lang)
    assert f'<html lang="{lang}">' in page
    assert page.count(TITLES[lang]) == 2  # the title and the heading
    assert (shipped_strings(lang) or {})["preview.errors.text"] in page
    assert "<code>scenarios/a/scenario.yml:3:7: step &#x27;x&#x27; leads to unknown step &#x27;y&#x27;</code>" in page


@given(st.lists(st.text(min_size=1, max_size=30).filter(str.strip), min_size=1, max_size=5))
def test_each_line_is_the_terminals_line_escaped(messages: list[str]) -> None:
    problems = Problems()
    for i, message in enumerate(messages):
        problems.error(Pos(Path("/p/x.yml"), i + 1, 1), message)
    problems.warning(Pos(Path("/p/y.yml"), 1, 1), "a warning")
    page = error_page(problems, Path("/p"), "en")

    lines = problems.report(Path("/p")).splitlines()[:-1]  # less the count
    shown = [html.unescape(x.split("</code>")[0]) for x in page.split("<li><code>")[1:]]
    assert shown == lines


def test_the_page_takes_the_place_of_every_page_and_is_dated_old(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "modules").mkdir(parents=True)
    (site / "modules" / "a.html").write_text("module")
    (site / "assets").mkdir()
    (site / "assets" / "x.css").write_text("css")
    show_errors(site, "ERRORS")
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert pages == sorted([FALLBACK, "index.html", "modules/a.html"])
    assert all((site / p).read_text() == "ERRORS" and (site / p).stat().st_mtime == 0 for p in pages)
    assert (site / "assets" / "x.css").read_text() == "css"
