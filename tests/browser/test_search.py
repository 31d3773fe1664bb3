"""Search by word forms, in the built site as learners use it: every form of the course's
central words, typed into Material's search box, finds every page that holds any form
of the word, over HTTP, opened from disk and inside an LMS; two words find the pages
holding both; a typo fails gracefully; the open search with results passes axe and
works by keyboard.

The pages that hold a word are computed from the built site (the text of each page in
its search index), matched against the forms listed here by hand, not by the tools
the build uses."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from . import test_lms
from .test_lms import open_in_lms
from .test_site import NARROW, run_axe

pytestmark = pytest.mark.browser
packages = test_lms.packages  # the fixture: every language's SCORM package

# The course's central words in all their cases (and a verb's forms in English).
FORMS = {
    "pl": {
        "zaufanie": ["zaufanie", "zaufania", "zaufaniu", "zaufaniem", "zaufań", "zaufaniom", "zaufaniami",
                     "zaufaniach"],
        "lekarz": ["lekarz", "lekarza", "lekarzowi", "lekarzem", "lekarzu", "lekarze", "lekarzy", "lekarzom",
                   "lekarzami", "lekarzach"],
        "pacjent": ["pacjent", "pacjenta", "pacjentowi", "pacjentem", "pacjencie", "pacjenci", "pacjentów",
                    "pacjentom", "pacjentami", "pacjentach"],
        "rachunek": ["rachunek", "rachunku", "rachunkowi", "rachunkiem", "rachunki", "rachunków", "rachunkom",
                     "rachunkami", "rachunkach"],
    },
    "ru": {
        "доверие": ["доверие", "доверия", "доверию", "доверием", "доверии"],
        "врач": ["врач", "врача", "врачу", "врачом", "враче", "врачи", "врачей", "врачам", "врачами", "врачах"],
        "пациент": ["пациент", "пациента", "пациенту", "пациентом", "пациенте", "пациенты", "пациентов",
                    "пациентам", "пациентами", "пациентах"],
        "клиентоориентированность": ["клиентоориентированность", "клиентоориентированности",
                                     "клиентоориентированностью"],
    },
    "uk": {
        "довіра": ["довіра", "довіри", "довірі", "довіру", "довірою"],
        "лікар": ["лікар", "лікаря", "лікареві", "лікарю", "лікарем", "лікарі", "лікарів", "лікарям", "лікарями",
                  "лікарях"],
        "пацієнт": ["пацієнт", "пацієнта", "пацієнтові", "пацієнту", "пацієнтом", "пацієнті", "пацієнти",
                    "пацієнтів", "пацієнтам", "пацієнтами", "пацієнтах"],
    },
    "en": {
        "trust": ["trust", "trusts", "trusted", "trusting"],
        "doctor": ["doctor", "doctors"],
        "patient": ["patient", "patients"],
    },
}
# Two words in other forms than the pages mostly have them, each with the beginning all
# its forms share (and which search may take for a word of the same root).
PAIRS = {"pl": (("zaufaniem", "zaufa"), ("lekarzowi", "lekarz")), "ru": (("доверием", "довер"), ("врачу", "врач")),
         "uk": (("довірою", "довір"), ("лікарю", "лікар")), "en": (("trusting", "trust"), ("doctors", "doctor"))}


def lemma_of(lang: str, form: str) -> str:
    return next(lemma for lemma, forms in FORMS[lang].items() if form in forms)


def pages_holding(site: Path, lang: str, forms: list[str], escape: bool = True) -> set[str]:
    """The pages (addresses in the language's folder) whose indexed text has any of the forms."""
    index = json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    alternatives = map(re.escape, forms) if escape else forms
    word = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return {doc["location"].split("#")[0] or "index.html" for doc in index["docs"]
            if word.search(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}"))}


class SearchBox:
    """Material's search on an open page (or a frame), used as a learner types."""

    def __init__(self, where, base: str) -> None:
        self.where, self.base = where, base
        self.input = where.locator("input.md-search__input")
        self.meta = where.locator(".md-search-result__meta")
        self.input.click()
        said = json.loads(where.locator("#__config").text_content())["translations"]
        self.empty = said["search.result.placeholder"]  # "Type to start searching", in the page's language
        # What the line above the results says once they are there: none, one or a number.
        self.done = re.compile("|".join(re.escape(said[k]).replace("\\#", r"\d+")
                                        for k in ("search.result.none", "search.result.one", "search.result.other")))

    def search(self, query: str) -> list[str]:
        """The pages found for query (addresses in the language's folder, best first)."""
        self.input.fill("")
        self.input.press("End")
        self.meta.filter(has_text=self.empty).wait_for()
        self.input.fill(query)
        # fill() of non-ASCII text sends no key events, and Material reads the query on keyup.
        self.input.press("End")
        self.meta.filter(has_text=self.done).wait_for()
        count = int((re.findall(r"\d+", self.meta.inner_text()) or ["0"])[0])
        items = self.where.locator(".md-search-result__item")
        for _ in range(20):  # Material shows ten at a time, more as the list is scrolled
            shown = items.count()
            if shown >= count:
                break
            # Material adds the next four when the list's end comes into view again.
            self.where.locator(".md-search__scrollwrap").evaluate("""async el => {
                el.scrollTop = 0;
                await new Promise(done => setTimeout(done, 150));
                el.scrollTop = el.scrollHeight; }""")
            items.nth(shown).wait_for(timeout=3000)
        hrefs = items.evaluate_all("lis => lis.map(li => li.querySelector('a').href.split(/[?#]/)[0])")
        assert len(hrefs) == count, (query, count, hrefs)
        return [href.removeprefix(self.base) for href in hrefs]


@pytest.fixture(scope="module")
def held(built_site: Path) -> dict[tuple[str, str], set[str]]:
    """For each language and word, the pages holding any of its forms."""
    return {(lang, lemma): pages_holding(built_site, lang, forms)
            for lang, words in FORMS.items() for lemma, forms in words.items()}


@pytest.mark.parametrize("lang", sorted(FORMS))
def test_every_form_finds_every_page_holding_any_form(guarded_page, site_server, held, artifacts_dir, lang):
    page = guarded_page
    page.goto(f"{site_server}{lang}/about.html")
    box = SearchBox(page, f"{site_server}{lang}/")
    missed, found, expected = {}, 0, 0
    for lemma, forms in FORMS[lang].items():
        assert held[lang, lemma], f"no page holds {lemma!r}: the list of forms is out of date"
        for form in forms:
            pages = set(box.search(form))
            missed_here = held[lang, lemma] - pages
            if missed_here:
                missed[form] = sorted(missed_here)
            found += len(held[lang, lemma] & pages)
            expected += len(held[lang, lemma])
    (artifacts_dir / f"search-recall-{lang}.txt").write_text(f"{found} of {expected} pages found\n",
                                                            encoding="utf-8")
    assert not missed, f"{lang}: {found} of {expected} found; missed {missed}"


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_two_words_find_the_pages_holding_both_first(guarded_page, site_server, built_site, held, lang):
    page = guarded_page
    page.goto(f"{site_server}{lang}/about.html")
    (first, first_root), (second, second_root) = PAIRS[lang]
    both = held[lang, lemma_of(lang, first)] & held[lang, lemma_of(lang, second)]
    assert both
    pages = SearchBox(page, f"{site_server}{lang}/").search(f"{first} {second}")
    assert both <= set(pages), both - set(pages)
    # A page with no word of one of the roots holds one word only: it comes after all of those.
    one_only = set(pages) - (pages_holding(built_site, lang, [first_root + r"\w*"], escape=False)
                             & pages_holding(built_site, lang, [second_root + r"\w*"], escape=False))
    last_of_both = max(pages.index(p) for p in both)
    ahead = [p for p in pages[:last_of_both] if p in one_only]
    assert not ahead, f"pages holding one word only rank above one holding both: {ahead} in {pages}"


def test_a_typo_fails_gracefully(guarded_page, site_server, held):
    page = guarded_page
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{site_server}pl/about.html")
    box = SearchBox(page, f"{site_server}pl/")
    # A wrong ending is looked for by a shorter beginning: the word's pages are found.
    assert held["pl", "zaufanie"] <= set(box.search("zaufaniw"))
    # Letters swapped inside: nothing found, said so, and the next query works.
    assert box.search("zuafanie") == []
    assert box.meta.inner_text() != box.empty
    assert held["pl", "lekarz"] <= set(box.search("lekarzami"))
    assert errors == []


def test_from_disk_every_word_is_found_in_any_form(guarded_page, built_site, held):
    page = guarded_page
    for lang, words in FORMS.items():
        page.goto((built_site / lang / "about.html").as_uri())
        box = SearchBox(page, (built_site / lang).as_uri() + "/")
        for lemma, forms in words.items():
            form = forms[len(forms) // 2]
            assert held[lang, lemma] <= set(box.search(form)), (lang, form)


@pytest.fixture(scope="module")
def polish_package(built_site: Path, packages: Path) -> str:
    """The Polish SCORM package, unzipped where the test server serves it; its folder's URL path."""
    with zipfile.ZipFile(packages / "training-pl-scorm12.zip") as zf:
        zf.extractall(built_site / "lms-package-pl")
    return "lms-package-pl/"


def test_search_in_the_lms_package_finds_word_forms(page, site_server, polish_package, held):
    frame = open_in_lms(page, site_server, f"{polish_package}modules/overbilling.html")
    box = SearchBox(frame, f"{site_server}{polish_package}")
    assert held["pl", "zaufanie"] <= set(box.search("zaufaniem"))
    assert held["pl", "rachunek"] <= set(box.search("rachunkami"))


def test_open_search_with_results_by_keyboard_passes_axe(guarded_page, site_server, artifacts_dir):
    page = guarded_page
    for size in (NARROW, {"width": 1280, "height": 800}):
        page.set_viewport_size(size)
        page.goto(f"{site_server}uk/about.html")
        page.keyboard.press("s")  # Material's shortcut opens search
        search = page.locator("input.md-search__input")
        assert page.evaluate("document.activeElement === document.querySelector('input.md-search__input')")
        search.press_sequentially("довірою")
        page.locator(".md-search-result__item").first.wait_for()
        assert "довір" in page.locator(".md-search-result__item mark").first.inner_text().lower()
        # The search is an overlay on the screen: the screen is what the learner sees.
        picture = artifacts_dir / f"search-results-{size['width']}-uk.png"
        page.screenshot(path=str(picture))
        assert picture.stat().st_size > 0
        run_axe(page)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('.md-search-result__item') !== null")
    assert focused, "the arrow key does not move into the results"
    target = page.evaluate("document.activeElement.href").split("?")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(target.split("#")[0] + "**")
