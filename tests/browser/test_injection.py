"""Script in a hand-written page's metadata runs nowhere, in a real browser.

Material prints a page's ``title``, ``subtitle``, ``description`` and ``author``
into every page of the language (``<title>``, the navigation, the header, ``<meta>``
tags, the search results). The validator refuses markup there
(tests/test_markdown_check.py); this builds a site with that check switched off, so
that the payloads reach the theme, and opens every page of both languages: no
payload may run (a flag it would set stays unset, no dialog opens), and each one
shows as the text it is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project

from .conftest import serve

pytestmark = pytest.mark.browser

# Each payload sets window.__fm (or opens a dialog) if it runs. YAML front matter
# (about.md) and MultiMarkdown's "Key: value" lines (team.md), in each field Material prints.
PAYLOADS = {
    "en": {
        "about.md": {
            "title": "Prices</title><svg/onload=window.__fm='title'>",
            "subtitle": "<img src=/missing.png onerror=\"window.__fm='subtitle'\">",
            "description": "\"><script>window.__fm='description'</script>",
            "author": "\" autofocus onfocus=\"window.__fm='author'\"><input autofocus onfocus=alert('author')>",
        },
        "team.md": {
            "title": "Team <details open ontoggle=window.__fm='mmd-title'>",
            "description": "</script><script>alert('mmd-description')</script>",
        },
    },
    "pl": {
        "about.md": {
            "title": "Cennik <iframe srcdoc=\"<script>parent.__fm='pl-title'</script>\"></iframe>",
            "subtitle": "<svg><animate onbegin=\"window.__fm='pl-subtitle'\" attributeName=x dur=1s>",
            "description": "'><style onload=window.__fm='pl-description'></style>",
            "author": "&lt;img src=x onerror=window.__fm='pl-author'&gt;",
        },
        "team.md": {
            "title": "Zespół <object data=\"javascript:window.__fm='pl-mmd-title'\"></object>",
            "author": "<body onpageshow=window.__fm='pl-mmd-author'>",
        },
    },
}


def _yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _write_pages(project: Path) -> None:
    for lang, pages in PAYLOADS.items():
        docs = project / "docs" / lang
        about = PAYLOADS[lang]["about.md"]
        front = "".join(f"{key}: {_yaml_text(value)}\n" for key, value in about.items())
        (docs / "about.md").write_text(f"---\n{front}---\n\n# About\n\nSources.\n", encoding="utf-8")
        team = "".join(f"{key.capitalize()}: {value}\n" for key, value in pages["team.md"].items())
        (docs / "team.md").write_text(f"{team}\n# Team\n\nWho we are.\n", encoding="utf-8")


# A real build through the command line, with only the validator's check of page
# metadata switched off: what a check misses must still not run.
_BUILD = """
import sys
import generator.markdown_check
generator.markdown_check.check_front_matter = lambda page, problems: None
from generator.cli import main
sys.exit(main(["build", "--site-dir", sys.argv[1]]))
"""


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    project = make_project(FIXTURES / "mini", tmp_path_factory.mktemp("injection") / "mini")
    _write_pages(project)
    site = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-c", _BUILD, str(site)], cwd=project, env=env,
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    with serve(site) as url:
        yield url, site


def _visible_words(value: str) -> str:
    """A run of the payload's text that must show on the page, as text."""
    return value.split("<")[0].strip() or value[:12]


@pytest.mark.parametrize("lang", list(PAYLOADS))
def test_script_in_page_metadata_runs_on_no_page(payload_site: tuple[str, Path], guarded_page, lang: str) -> None:
    url, site = payload_site
    page = guarded_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(p.relative_to(site / lang).as_posix() for p in (site / lang).rglob("*.html"))
    assert "about.html" in pages and "team.html" in pages
    seen = ""
    for rel in pages:
        page.goto(f"{url}{lang}/{rel}", wait_until="load")
        page.wait_for_timeout(150)  # an animation's onbegin, a toggle event: they fire after load
        ran = page.evaluate("window.__fm || null")
        assert ran is None and not dialogs, f"{lang}/{rel}: the payload in '{ran or dialogs}' ran"
        seen += page.evaluate("document.title + ' ' + document.body.textContent") + " "
        seen += " ".join(page.eval_on_selector_all("meta[name=description], meta[name=author]",
                                                   "ms => ms.map(m => m.content)")) + " "
    # Each payload reached the pages, and shows as the text it is: the test is not vacuous.
    for fields in PAYLOADS[lang].values():
        for key, value in fields.items():
            assert value in seen, (key, value)


@pytest.mark.parametrize("lang", list(PAYLOADS))
def test_script_in_page_metadata_runs_not_in_search_results(payload_site: tuple[str, Path], guarded_page,
                                                             lang: str) -> None:
    """Material's search shows a page's title in its results as HTML."""
    url, _ = payload_site
    page = guarded_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}{lang}/index.html", wait_until="load")
    # The title of the page with MultiMarkdown's metadata: about.md's own heading stands in
    # its search entry.
    word = _visible_words(PAYLOADS[lang]["team.md"]["title"]).split()[0]
    search = page.locator("input.md-search__input")
    search.click()
    search.fill(word)
    search.press("End")  # Material reads the query on keyup
    page.locator(".md-search-result__list a.md-search-result__link").first.wait_for()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__fm || null") is None and not dialogs
    assert word in page.locator(".md-search-result").inner_text()
