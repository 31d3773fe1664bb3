"""Decks and handouts of a built site -> PDF files, through Debian's Chromium.

reveal.js prints a deck only from its ``?print-pdf`` view, and only through
the browser's own printing (Playwright's ``page.pdf``); Chromium's
``--print-to-pdf`` gives one blank page. The site is served from a local
address for the time of the export, never over the network.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from .outputs import pdf_name
from .paths import HANDOUTS_DIR, SLIDES_DIR, WALKTHROUGH_DIR
from .sitebuild import replace_with

if TYPE_CHECKING:  # Playwright is a test and 'make pdf' dependency, not the site's
    from playwright.sync_api import Page


class PdfError(Exception):
    """Something a user can fix: no site built, no Chromium, no Playwright."""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def documents(site: Path, lang: str) -> list[Path]:
    """What is printed for one language: every deck, every handout, then every module's sign-off sheet."""
    return [*sorted((site / lang / SLIDES_DIR).glob("*.html")), *sorted((site / lang / HANDOUTS_DIR).glob("*.html")),
            *sorted(x for x in (site / lang / WALKTHROUGH_DIR).glob("*.html") if x.stem != "index")]


def print_handout(page: Page, url: str, target: Path) -> None:
    """The handout at ``url`` as printed, on A4, into ``target``, with Playwright's ``page``."""
    page.goto(url)
    page.evaluate("document.fonts.ready")
    page.pdf(path=str(target), format="A4", prefer_css_page_size=True, print_background=True)


def export(site: Path, out: Path, languages: list[str]) -> dict[str, list[Path]]:
    """Every deck of ``languages`` as ``out/<lang>/<name>.pdf``; ``out`` is replaced only when all succeed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        raise PdfError("Playwright is not installed: run 'make pdf', which installs it") from err
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise PdfError("Debian's Chromium is not installed: run 'make pdf', which installs it")
    missing = [lang for lang in languages if not documents(site, lang)]
    if missing:
        raise PdfError(f"{site}: no decks for {', '.join(missing)}: build the site first ('make site')")
    written: dict[str, list[Path]] = {}
    with replace_with(out) as staging, served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for lang in languages:
            (staging / lang).mkdir()
            for doc in documents(site, lang):
                rel = doc.relative_to(site).as_posix()
                target = staging / lang / (pdf_name(doc.relative_to(site / lang).as_posix()) or f"{doc.stem}.pdf")
                if doc.parent.name == SLIDES_DIR:
                    page.goto(f"{base}{rel}?print-pdf")
                    page.wait_for_selector(".pdf-page", state="attached")
                    page.wait_for_function(
                        "!document.documentElement.classList.contains('loading-scroll-mode')"
                        " && !document.body.classList.contains('loading-scroll-mode')")
                    page.evaluate("document.fonts.ready")
                    page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
                else:  # a handout or a sign-off sheet: the page as printed, on A4
                    print_handout(page, f"{base}{rel}", target)
                written.setdefault(lang, []).append(out / lang / target.name)
        browser.close()
    return written
