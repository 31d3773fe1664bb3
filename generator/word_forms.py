"""Word forms for search: every word of a language's pages under its lemmas, and every
form of those lemmas a learner might type.

Polish, Russian and Ukrainian inflect each noun into six or seven cases, so a search
that matches the letters typed finds about one page in six of those holding the word.
At build, each word of the pages is analysed into its lemmas (Morfeusz for Polish,
pymorphy3 for Russian and Ukrainian, simplemma for English and the other languages it
knows) and each of those lemmas is inflected into all its forms. The browser gets the
map from form to lemmas and indexes and looks up every word under its lemmas
(generator/assets/search_forms.js). A language no tool knows gets none: prefix search.

This module knows languages and words, nothing of MkDocs or Material.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Protocol

# How the search splits a text into words, in the browser (a JavaScript regular expression,
# given to Material's search) and here. Material's default keeps «», „“ and brackets on
# words ("«клиентоориентированности" is no word); an apostrophe is part of a Ukrainian word.
SEPARATOR = r"[\s\u200b\-‐–—_,:;!?=|\[\](){}\"“”„«»‹›`/…]+|\.(?!\d)|&[lg]t;"
_SEPARATOR = re.compile(SEPARATOR)
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")  # as the browser trims: what is not a letter or digit
_TAG = re.compile(r"<[^>]*>")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


class Lemmatiser(Protocol):
    def lemmas(self, word: str) -> set[str]:
        """The lemmas ``word`` (as written, case kept) is a form of; none for a word unknown."""

    def forms(self, lemma: str) -> set[str]:
        """Every form of ``lemma``, the lemma included."""


def key(word: str) -> str:
    """A word as the map and the browser look it up: lower case, one apostrophe."""
    return word.lower().translate(_APOSTROPHES)


def words(text: str) -> set[str]:
    """The words of an indexed text (HTML), as written, as the browser's search splits it."""
    plain = html.unescape(_TAG.sub(" ", text))
    found = set()
    for piece in _SEPARATOR.split(plain):
        word = _EDGES.sub("", piece)
        if word and not word.isdigit():
            found.add(word)
    return found


def form_map(lemmatiser: Lemmatiser, vocabulary: Iterable[str]) -> dict[str, set[str]]:
    """Each lemma of the words in ``vocabulary`` with all its forms (keys), the words'
    own forms included, so a word of the pages and a form typed meet at their lemma."""
    forms: dict[str, set[str]] = defaultdict(set)
    for word in vocabulary:
        for lemma in lemmatiser.lemmas(word):
            forms[key(lemma)].add(key(word))
    for lemma in list(forms):
        forms[lemma] |= {key(form) for form in lemmatiser.forms(lemma)}
        forms[lemma].add(lemma)
    return dict(forms)


def encode(forms: dict[str, set[str]]) -> str:
    """The map as the browser gets it: JSON, each lemma with its other forms as edits of
    it ("zaufanie": "1a 1ach 0m", drop one letter and add "a"...). A fifth of the size."""
    def edit(lemma: str, form: str) -> str:
        same = 0
        while same < min(len(lemma), len(form)) and lemma[same] == form[same]:
            same += 1
        return f"{len(lemma) - same}{form[same:]}"

    coded = {lemma: " ".join(sorted(edit(lemma, form) for form in forms[lemma] if form != lemma))
             for lemma in sorted(forms)}
    return json.dumps(coded, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> dict[str, set[str]]:
    """``encode``'s map back (what the browser's search does with it)."""
    forms = {}
    for lemma, coded in json.loads(text).items():
        forms[lemma] = {lemma} | {lemma[:len(lemma) - int(m[1])] + m[2]
                                  for m in re.finditer(r"(\d+)(\S*)", coded)}
    return forms


class _Morfeusz:
    """Polish: Morfeusz 2 with its dictionary (SGJP)."""

    def __init__(self) -> None:
        import morfeusz2

        self._morfeusz = morfeusz2.Morfeusz(separate_numbering=True)

    @cache  # noqa: B019 - one instance per process, kept for every build it makes
    def lemmas(self, word: str) -> set[str]:
        # "bo:m", "bo:t": a lemma's qualifier tells homonyms apart, which search does not.
        return {lemma.split(":")[0] for _, _, (_, lemma, tag, *_) in self._morfeusz.analyse(word)
                if tag != "ign"}

    @cache  # noqa: B019
    def forms(self, lemma: str) -> set[str]:
        # Not the negated verbal nouns and participles ("niezaufania" of "zaufać"): words
        # of their own, and a third of a Polish map.
        # Nor "m", "ś", "śmy": the endings "byłem" and "byłeś" are written with.
        return {form for form, _, tag, *_ in self._morfeusz.generate(lemma)
                if ":neg" not in tag and not tag.startswith("aglt")}


class _Pymorphy:
    """Russian and Ukrainian: pymorphy3 with the OpenCorpora and LanguageTool dictionaries."""

    def __init__(self, lang: str) -> None:
        import pymorphy3

        self._morph = pymorphy3.MorphAnalyzer(lang=lang)

    @cache  # noqa: B019
    def lemmas(self, word: str) -> set[str]:
        word = key(word)
        lemmas = {parse.normal_form for parse in self._morph.parse(word)}
        if self._morph.word_is_known(word) or len(lemmas) == 1:
            return lemmas
        # Its guesses for a word of no dictionary ("клиентоориентированности") are good when
        # they agree; when they do not (a name, a loan), they would join unrelated words.
        return set()

    @cache  # noqa: B019
    def forms(self, lemma: str) -> set[str]:
        forms = set()
        for parse in self._morph.parse(lemma):
            if parse.normal_form == lemma:
                forms |= {form.word for form in parse.lexeme}
        # Russian pages write е where the dictionary has ё.
        return forms | {form.replace("ё", "е") for form in forms}


class _Simplemma:
    """Any other language simplemma has a dictionary for (English among them): its
    dictionary read backwards for the forms."""

    def __init__(self, lang: str) -> None:
        self._lang = lang

    def lemmas(self, word: str) -> set[str]:
        import simplemma

        if not simplemma.is_known(word, lang=self._lang) and not simplemma.is_known(key(word), lang=self._lang):
            return set()
        return {simplemma.lemmatize(word, lang=self._lang)}

    def forms(self, lemma: str) -> set[str]:
        return self._inverse().get(lemma, set()) | {lemma}

    @cache  # noqa: B019
    def _inverse(self) -> dict[str, set[str]]:
        from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY

        inverse: dict[str, set[str]] = defaultdict(set)
        for form, lemma in DEFAULT_DICTIONARY_FACTORY.get_dictionary(self._lang).items():
            inverse[lemma].add(form)
        return inverse


@cache
def lemmatiser(lang: str) -> Lemmatiser | None:
    """The tool that knows ``lang``'s word forms, or None: that language's search matches
    the beginnings of words only."""
    if lang == "pl":
        return _Morfeusz()
    if lang in ("ru", "uk"):
        return _Pymorphy(lang)
    from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

    return _Simplemma(lang) if lang in SUPPORTED_LANGUAGES else None


def tool_name(lang: str) -> str:
    """For the build log and the README: which tool gives ``lang`` its word forms."""
    tool = lemmatiser(lang)
    return {"_Morfeusz": "Morfeusz 2", "_Pymorphy": "pymorphy3", "_Simplemma": "simplemma"}.get(
        type(tool).__name__, "none")
