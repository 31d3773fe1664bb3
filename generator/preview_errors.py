"""The page a preview shows while the scenarios have errors: every problem as the
terminal prints it, at every address the author may have open, reloading itself
when a save fixes them."""

from __future__ import annotations

import os
from pathlib import Path

from .paths import MAP_INDEX
from .problems import Problems
from .strings import ui_strings
from .templates import render

# The server answers an address with no file with this one (MkDocs' serve: error_handler).
FALLBACK = "404.html"


def error_page(problems: Problems, root: Path, lang: str, *, maps: bool = False) -> str:
    """The problems, each line as ``Problems.report`` prints it, in a page of ``lang``;
    with ``maps``, a link to the scenario maps, which mark each on its step."""
    # From the server's root: the same page stands at every address, at any depth.
    return render("preview-errors.html.j2", lang=lang, ui=ui_strings(lang),
                  lines=[p.format(root) for p in problems.sorted()], maps=f"/{MAP_INDEX}" if maps else None)


def show_errors(site_dir: Path, page: str, keep: str = "") -> None:
    """``page`` in place of every HTML file of the site (but those under the folder
    ``keep``: the scenario maps), the home page and the fallback.

    Each is dated 1970: MkDocs' dirty build (the preview's) rewrites a page only when its
    source is newer than the page, so the first build after the fix makes them all again.
    """
    kept = site_dir / keep if keep else None
    for file in {*site_dir.rglob("*.html"), site_dir / "index.html", site_dir / FALLBACK}:
        if kept is not None and kept in file.parents:
            continue
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(page, encoding="utf-8")
        os.utime(file, (0, 0))
