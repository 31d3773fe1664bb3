"""Word forms for search (generator/word_forms.py): how the pages' text is split into
words, which tool knows each language's forms, and the map the browser gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import word_forms
from generator.material_search import SEARCH_SCRIPT, finish_index, written_forms
from generator.word_forms import decode, encode, form_map, key, lemmatiser, words

# A word in the cases a learner may type it, and its lemma.
CASES = {
    "pl": ("zaufanie", ["zaufania", "zaufaniu", "zaufaniem", "zaufań", "zaufaniom", "zaufaniami", "zaufaniach"]),
    "ru": ("доверие", ["доверия", "доверию", "доверием", "доверии"]),
    "uk": ("довіра", ["довіри", "довірі", "довіру", "довірою"]),
    "en": ("trust", ["trusts", "trusted", "trusting"]),
}


def test_quotes_brackets_and_dashes_are_no_part_of_a_word() -> None:
    text = "«клиентоориентированности» „zaufanie” (lekarz) trust—care <b>pacjent</b>, 2.5 пам’ять &amp; x"
    assert words(text) == {"клиентоориентированности", "zaufanie", "lekarz", "trust", "care", "pacjent", "2.5",
                           "пам’ять", "x"}


def test_a_word_is_looked_up_in_lower_case_with_one_apostrophe() -> None:
    assert key("Пам’ять") == key("пам'ять") == key("ПАМʼЯТЬ") == "пам'ять"


@pytest.mark.parametrize("lang", sorted(CASES))
def test_each_language_of_the_course_has_its_forms(lang: str) -> None:
    lemma, forms = CASES[lang]
    tool = lemmatiser(lang)
    assert tool is not None, lang
    for form in forms:
        assert lemma in tool.lemmas(form), (lang, form)
    assert set(forms) <= {key(f) for f in tool.forms(lemma)}


@pytest.mark.parametrize("lang", sorted(CASES))
def test_a_form_of_the_pages_and_every_form_typed_meet_at_the_lemma(lang: str) -> None:
    lemma, forms = CASES[lang]
    mapped = form_map(lemmatiser(lang), [forms[0].capitalize(), "Xqzzyv"])
    assert set(forms) <= mapped[lemma]
    assert forms[0] in mapped[lemma]
    # A word no dictionary has is joined to no other word.
    assert all(found <= {"xqzzyv"} for found in mapped.values() if "xqzzyv" in found)


def test_a_language_no_tool_knows_has_none() -> None:
    assert lemmatiser("tlh") is None
    assert word_forms.tool_name("tlh") == "none"
    assert word_forms.tool_name("pl") == "Morfeusz 2"


def test_the_map_the_browser_gets_is_smaller_than_the_forms_written_out() -> None:
    mapped = form_map(lemmatiser("pl"), words("Pacjent stracił zaufanie do lekarza, bo rachunek był wyższy."))
    assert {"pacjent", "stracić", "zaufanie", "zaufać", "lekarz", "rachunek", "być", "wysoki"} <= set(mapped)
    assert not {"m", "ś", "niezaufania"} & set().union(*mapped.values())  # clitics, negated verbal nouns
    plain = sum(len(lemma) + sum(len(f) + 1 for f in forms) for lemma, forms in mapped.items())
    assert len(encode(mapped)) < plain * 0.75
    assert decode(encode(mapped)) == mapped


_word = st.text(st.sampled_from("abcząłżєї'ёя"), min_size=1, max_size=12)


@given(st.dictionaries(_word, st.sets(_word, max_size=6), max_size=8))
def test_the_map_reads_back_as_it_was_written(forms: dict[str, set[str]]) -> None:
    forms = {lemma: found | {lemma} for lemma, found in forms.items()}
    assert decode(encode(forms)) == forms


def test_the_browser_splits_as_python_does() -> None:
    # The separator is given to the browser as a JavaScript regular expression: nothing in
    # it that Python's re reads otherwise (no named groups, no possessive or \\p classes).
    assert not re.search(r"\(\?P|\\p\{|\+\+|\*\+", word_forms.SEPARATOR)


def _site(folder: Path, text: str) -> Path:
    (folder / "search").mkdir(parents=True)
    index = {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}},
             "docs": [{"location": "index.html", "title": "Zaufanie", "text": f"<p>{text}</p>"}]}
    (folder / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (folder / "search" / "search_index.js").write_text(SEARCH_SCRIPT + json.dumps(index), encoding="utf-8")
    return folder


def test_a_built_index_is_set_up_for_word_forms(tmp_path: Path) -> None:
    site = _site(tmp_path / "pl", "Pacjent stracił zaufanie do lekarza.")
    assert finish_index(site, "pl")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["forms"] and index["config"]["separator"] == word_forms.SEPARATOR
    assert index["config"]["pipeline"] == ["trimmer", "stemmer"]
    assert (site / "search" / "search_index.js").read_text(encoding="utf-8") == SEARCH_SCRIPT + json.dumps(
        index, ensure_ascii=False, separators=(",", ":"))
    forms = written_forms(site)
    assert {"zaufaniem", "zaufań"} <= forms["zaufanie"] and "lekarzowi" in forms["lekarz"]


def test_a_language_no_tool_knows_gets_prefix_search(tmp_path: Path) -> None:
    site = _site(tmp_path / "tlh", "Qapla' batlh")
    assert not finish_index(site, "tlh")  # the plugin logs the notice then
    assert written_forms(site) == {}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["forms"]  # the same script: its prefix search, its splitting of words
