"""What the training plugin does to Material's search plugin, and nothing else.

Material's search reads each page's content (in its own ``on_page_context``) to index
it: a module page's player controls and data made most of a large build's indexing,
and say nothing a learner searches for. So a module page is given to search as its
reading version (its texts, without the controls), then gets its content back. With
the build cache, the entries search made of an unchanged page are taken from there
(its parsing was two fifths of a rebuild) and it is given nothing to parse.

Material writes the index with every non-ASCII letter escaped and sets it up to match
the letters typed; ``finish_index`` rewrites it in UTF-8, set up for word forms: its
words split as generator/word_forms.py splits them, and indexed and looked up under
their lemmas by the lunr language this writes beside Material's (``forms``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from . import word_forms
from .shipped import shipped

SEARCH_SCRIPT = "var __index = "  # how Material's offline plugin wraps the index for file://

# Material's worker loads lunr.<lang>.min.js for each language the index names; ours is
# one for every language, the word forms of the site it is in written into it.
SEARCH_LANGUAGE = "forms"
FORMS_SCRIPT = Path("assets/javascripts/lunr/min") / f"lunr.{SEARCH_LANGUAGE}.min.js"

# What gives a page's search entries: from the build cache, or by calling the maker given.
Entries = Callable[[str, Callable[[], list[dict[str, Any]]]], list[dict[str, Any]]]


class ReadingForSearch:
    """Module pages' reading versions, by source path, from when their content is made
    until search has read them."""

    def __init__(self) -> None:
        self._reading: dict[str, str] = {}

    def hold(self, uri: str, reading: str) -> None:
        """``reading`` is what search is to index of the page ``uri``."""
        self._reading[uri] = reading

    def before_search(self, page: Any, config: Any, entries: Entries) -> None:
        """Before search reads ``page``: its reading version in place of its content, or
        (when search is on) the entries ``entries`` gives added to the index and an empty
        content in place, so search adds nothing of its own."""
        uri = page.file.src_uri
        if uri not in self._reading:
            return
        reading, self._reading[uri] = self._reading[uri], page.content or ""
        index = _search_index(config)
        if index is None:
            page.content = reading
            return
        index.entries.extend(entries(uri, partial(_search_entries, index, page, reading)))
        page.content = ""

    def after_search(self, page: Any) -> None:
        """After search read ``page``: its content back."""
        content = self._reading.pop(page.file.src_uri, None)
        if content is not None:
            page.content = content


def finish_index(site: Path, lang: str) -> bool:
    """The search index of the language ``lang`` built into ``site`` set up for word forms,
    with the forms script beside it. Material writes the index with every non-ASCII letter
    as a \\uXXXX escape (six bytes for each Cyrillic letter, a Russian index four times the
    Polish one); it is rewritten in UTF-8, which learners' phones download on every first
    visit. False if no tool knows the language's word forms (search matches beginnings)."""
    folder = site / "search"
    index = folder / "search_index.json"
    if not index.is_file():
        return True
    data = json.loads(index.read_text(encoding="utf-8"))
    tool = word_forms.lemmatiser(lang)
    vocabulary: set[str] = set()
    for doc in data["docs"]:
        vocabulary |= word_forms.words(f"{doc.get('title', '')} {doc.get('text', '')}")
    forms = word_forms.form_map(tool, vocabulary) if tool else {}
    data["config"].update(lang=[SEARCH_LANGUAGE], separator=word_forms.SEPARATOR, pipeline=["trimmer", "stemmer"])
    script = shipped("search_forms.js").replace('"FORMS"', word_forms.encode(forms), 1)
    (site / FORMS_SCRIPT).parent.mkdir(parents=True, exist_ok=True)
    (site / FORMS_SCRIPT).write_text(script, encoding="utf-8")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index.write_text(text, encoding="utf-8")
    offline = folder / "search_index.js"
    if offline.is_file() and offline.read_text(encoding="utf-8").startswith(SEARCH_SCRIPT):
        offline.write_text(SEARCH_SCRIPT + text, encoding="utf-8")
    return tool is not None


def written_forms(site: Path) -> dict[str, set[str]]:
    """The map of word forms ``finish_index`` wrote into the forms script of ``site``."""
    script = (site / FORMS_SCRIPT).read_text(encoding="utf-8")
    start = script.index(_FORMS_AT) + len(_FORMS_AT)
    coded, _ = json.JSONDecoder().raw_decode(script, start)
    return word_forms.decode(json.dumps(coded, ensure_ascii=False))


_FORMS_AT = "var FORMS="  # where the map is, in the script as shipped (minified)


def _search_index(config: Any) -> Any:
    """Material's search index (its plugin's ``search_index``, with a list of ``entries``), if
    that plugin is on."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list) and hasattr(index, "add_entry_from_context"):
            return index
    return None


def _search_entries(index: Any, page: Any, reading: str) -> list[dict[str, Any]]:
    """The entries Material's search makes of ``page`` with ``reading`` as its content."""
    scratch = type(index)(**index.config)
    content, page.content = page.content, reading
    try:
        scratch.add_entry_from_context(page)
    finally:
        page.content = content
    return list(scratch.entries)
