"""The page a preview shows while the scenarios have errors: every problem as the
terminal prints it, at every address the author may have open, reloading itself
when a save fixes them."""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problems
from .strings import ui_strings
from .templates import render

# The server answers an address with no file with this one (MkDocs' serve: error_handler).
FALLBACK = "404.html"


def error_page(problems: Problems, root: Path, lang: str) -> str:
    """The problems, each line as ``Problems.report`` prints it, in a page of ``lang``."""
    return render("preview-errors.html.j2", lang=lang, ui=ui_strings(lang),
                  lines=[p.format(root) for p in problems.sorted()])


def show_errors(site_dir: Path, page: str) -> None:
    """``page`` in place of every HTML file of the site, the home page and the fallback.

    Each is dated 1970: MkDocs' dirty build (the preview's) rewrites a page only when its
    source is newer than the page, so the first build after the fix makes them all again.
    """
    for file in {*site_dir.rglob("*.html"), site_dir / "index.html", site_dir / FALLBACK}:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(page, encoding="utf-8")
        os.utime(file, (0, 0))
