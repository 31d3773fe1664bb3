"""Where each output goes in a language's site: the folders and file names every
part agrees on (the pages and decks, the list of outputs and its clash check, the
PDFs). Paths are from the language's top folder, as its docs folder would hold them."""

from __future__ import annotations

# Learners' pages.
MODULES_DIR = "modules"
PROGRESS_PAGE = "progress.md"
GLOSSARY_PAGE = "glossary.md"
CERTIFICATE_PAGE = "certificate.md"


def module_page(scenario_id: str) -> str:
    return f"{MODULES_DIR}/{scenario_id}.md"


# The player's files (from generator/assets/), the script the site's data makes, and
# the logo files.
SITE_FOLDER = "assets/training"
ASSETS = ("training.css", "training.js")
SITE_SCRIPT = f"{SITE_FOLDER}/site.js"
# Material's offline plugin adds a CDN copy of this shim unless a polyfill
# whose path names "iframe-worker" is already listed.
SHIM_TARGET = "assets/vendor/iframe-worker/shim.js"
SHIM_SOURCE = "iframe-worker/shim/index.js"  # in node_modules

# Facilitators' decks.
SLIDES_DIR = "slides"
DECK_ASSETS = ("deck.css", "deck.js")
# The reveal.js and font files a deck loads, copied from node_modules into each language's
# site; the notes plugin is copied with its speaker view in the deck's language (speaker.py).
VENDOR = {
    "reveal.js/dist/reveal.js": "reveal/reveal.js",
    "reveal.js/dist/reveal.css": "reveal/reveal.css",
    "reveal.js/dist/reset.css": "reveal/reset.css",
    **{f"@fontsource/noto-sans/files/noto-sans-{script}-{weight}-normal.woff2":
       f"fonts/noto-sans-{script}-{weight}-normal.woff2"
       for script in ("latin", "latin-ext", "cyrillic", "cyrillic-ext") for weight in (400, 700)},
}
NOTES_PLUGIN = "reveal.js/dist/plugin/notes.js", "reveal/notes.js"


def deck_page(scenario_id: str) -> str:
    return f"{SLIDES_DIR}/{scenario_id}.html"


def workshop_deck_page(wid: str) -> str:
    return f"{SLIDES_DIR}/workshop-{wid}.html"


# Facilitators' pages: workshops, handouts, and the sign-off sheets.
WORKSHOPS_DIR = "workshops"
HANDOUTS_DIR = "handouts"
WALKTHROUGH_DIR = "walkthrough"
WALKTHROUGH_INDEX = f"{WALKTHROUGH_DIR}/index.md"
WALKTHROUGH_STYLE = f"{WALKTHROUGH_DIR}/walkthrough.css"


def workshop_page(wid: str) -> str:
    return f"{WORKSHOPS_DIR}/{wid}.md"


def guide_page(wid: str) -> str:
    return f"{WORKSHOPS_DIR}/{wid}-guide.md"


def handout_page(hid: str) -> str:
    return f"{HANDOUTS_DIR}/{hid}.md"


def walkthrough_page(sid: str) -> str:
    return f"{WALKTHROUGH_DIR}/{sid}.html"


# The scenario maps, for authors in the preview alone (generator/scenario_map.py).
MAP_DIR = "map"
# With an underscore, which no module id has: no module's map can be the list of maps.
MAP_INDEX = f"{MAP_DIR}/_index.html"
MAP_STYLE = f"{MAP_DIR}/map.css"


def map_page(sid: str) -> str:
    return f"{MAP_DIR}/{sid}.html"
