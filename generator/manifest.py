"""The site manifest: every output of a language's site and how each is made.

``outputs.site_outputs`` lists the outputs (where each goes, what it is made from,
which recipe makes it); this module holds the recipes. The MkDocs plugin, ``generate``
and the build cache all go through it, so a new output is one line there and one
maker here, and no site builder's adapter lists outputs of its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .deck import render_deck, render_workshop_deck
from .facilitator import (
    render_guide,
    render_handout,
    render_walkthrough,
    render_walkthrough_index,
    render_workshop,
)
from .identity import site_files
from .images import image_file
from .languages import direction
from .markup import clean_page, search_html
from .model import Project
from .outputs import Output, docs_files, site_outputs
from .problems import Problem
from .render import (
    HtmlPage,
    expand_page,
    render_certificate,
    render_glossary,
    render_progress,
    scenario_page,
    site_script,
)
from .scenario_map import NoDot, render_map, render_map_index
from .shipped import shipped
from .speaker import SpeakerViewError, speaker_view
from .strings import currency_words

# What a recipe gives: a page or file's text, a file to copy, a file's bytes (an image made
# for the language), or a module page made as HTML already (its Markdown for any site
# builder is ``HtmlPage.markdown``).
Made = str | Path | bytes | HtmlPage


class Unmade(Exception):
    """An output cannot be made: a file it is copied or made from is missing or wrong.
    The message says which, and what to do."""


@dataclass(frozen=True)
class Making:
    """What the recipes of one language's site are made from."""

    project: Project
    lang: str
    node_modules: Path  # the browser files package-lock.json installs (reveal.js, fonts, the shim)
    docs: Path = Path()  # the language's docs folder, for the files copied from it
    problems: tuple[Problem, ...] = ()  # what the project's check found (a preview's warnings), for the maps


def generated(project: Project, lang: str, *, preview: bool = False) -> list[Output]:
    """The outputs the generator makes (not taken from the docs folder), pages first;
    with ``preview``, the preview's own too (the scenario maps)."""
    return [o for o in site_outputs(project, lang) if o.recipe not in HAND_WRITTEN and (preview or not o.preview)]


def every_output(making: Making) -> list[Output]:
    """Everything in the language's built site: what is generated, then the docs folder's
    pages and files."""
    return [o for o in site_outputs(making.project, making.lang, docs_files(making.docs)) if not o.preview]


def make(output: Output, making: Making) -> Made:
    """The output's content, made now. Raises :class:`Unmade` for a missing input."""
    return RECIPES[output.recipe](making, output.subject)


def markdown_pages(project: Project, lang: str) -> dict[str, str]:
    """Every page of the language as Markdown for any site builder, by its docs path."""
    making = Making(project, lang, Path())
    return {o.source: _markdown(make(o, making)) for o in site_outputs(project, lang) if o.recipe in PAGES}


def write_language(making: Making, folder: Path) -> tuple[int, list[str]]:
    """Every output of the language written into ``folder`` as a docs folder any site
    builder can read (pages as Markdown); how many, and the warnings for optional ones
    left out. Raises :class:`Unmade` for a missing input."""
    written, warnings = 0, []
    for output in every_output(making):
        target = folder / output.source
        try:
            made = make(output, making)
        except Unmade as err:
            if output.recipe not in OPTIONAL:
                raise
            warnings.append(str(err))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(made, Path):
            shutil.copyfile(made, target)
        elif isinstance(made, bytes):
            target.write_bytes(made)
        else:
            target.write_text(_markdown(made), encoding="utf-8")
        written += 1
    return written, warnings


def _markdown(made: Made) -> str:
    if isinstance(made, Path):
        return made.read_text(encoding="utf-8")
    if isinstance(made, bytes):
        return made.decode("utf-8")
    return made.markdown if isinstance(made, HtmlPage) else made


def clean_module_page(project: Project, sid: str, lang: str) -> HtmlPage:
    """A module page as the site shows it, and as the build cache keeps it: with anything
    that could run taken out, like every other page, and its reading version as search
    needs it."""
    page = scenario_page(project, sid, lang)
    return replace(page, html=clean_page(page.html), reading=search_html(page.reading))


def _vendored(making: Making, source: str) -> Path:
    file = making.node_modules / source
    if not file.is_file():
        raise Unmade(f"{file} is missing, so the decks cannot be built: run 'make site' "
                     "(it installs the browser files from package-lock.json)")
    return file


def _notes_plugin(making: Making, source: str) -> str:
    """reveal.js's notes plugin, its speaker view in the site's language."""
    try:
        plugin = _vendored(making, source).read_text(encoding="utf-8")
        return speaker_view(plugin, making.project.strings[making.lang], making.lang, direction(making.lang))
    except SpeakerViewError as err:
        raise Unmade(str(err)) from err


def _shim(making: Making, source: str) -> Path:
    file = making.node_modules / source
    if not file.is_file():
        raise Unmade(f"{file} is missing, so search will not work from file://: run 'make site'")
    return file


def _image(making: Making, subject: str) -> bytes:
    """A module's image as this language's site shows it (``subject``: <module>/<file name>)."""
    sid, name = subject.split("/", 1)
    s = making.project.scenarios[sid]
    image = next(i for i in s.images().values() if i.file.name == name)
    return image_file(image, making.lang, s.numbers, currency_words(making.project.strings[making.lang]))


def _hand_written_page(making: Making, rel: str) -> str:
    return expand_page(making.project.pages[making.lang][rel], making.project, making.lang)


def _map_index(making: Making, _: str) -> str:
    try:
        return render_map_index(making.project, making.lang)
    except NoDot as err:
        raise Unmade(str(err)) from err


def _by_id(render: Callable[[Project, str, str], str]) -> Callable[[Making, str], str]:
    return lambda m, ident: render(m.project, ident, m.lang)


RECIPES: dict[str, Callable[[Making, str], Made]] = {
    "module": lambda m, sid: clean_module_page(m.project, sid, m.lang),
    "progress": lambda m, _: render_progress(m.project, m.lang),
    "glossary": lambda m, _: render_glossary(m.project, m.lang),
    "certificate": lambda m, _: render_certificate(m.project, m.lang),
    "walkthrough-index": lambda m, _: render_walkthrough_index(m.project, m.lang),
    "workshop": _by_id(render_workshop),
    "guide": _by_id(render_guide),
    "handout": _by_id(render_handout),
    "deck": _by_id(render_deck),
    "walkthrough": _by_id(render_walkthrough),
    "workshop-deck": _by_id(render_workshop_deck),
    "identity": lambda m, rel: site_files(m.project.course)[rel],
    "image": _image,
    "site-script": lambda m, _: site_script(m.project, m.lang),
    "asset": lambda m, name: shipped(name),
    "vendor": _vendored,
    "notes": _notes_plugin,
    "shim": _shim,
    "map": lambda m, sid: render_map(m.project, sid, m.lang, m.problems),
    "map-index": _map_index,
    "page": _hand_written_page,
    "file": lambda m, rel: m.docs / rel,
}
# Recipes of what an author wrote in the docs folder: a site builder reads those itself.
HAND_WRITTEN = ("page", "file")
# Recipes of pages (Markdown), generated or hand-written.
PAGES = ("module", "progress", "glossary", "certificate", "walkthrough-index", "workshop", "guide", "handout", "page")
# What a site can do without: search from file:// needs the shim, search from a server does not.
# A preview can do without the scenario maps (each map says so when dot is missing).
OPTIONAL = ("shim", "map-index")
