"""Broken Markdown is found where it is, and well-formed Markdown is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.markdown_check import check_page, mistakes
from generator.model import Page
from generator.problems import Problems


@pytest.mark.parametrize("text", [
    "Plain text with a [link](https://example.org) and a [term](glossary:trust).",
    "```\n[not a link](\n<!-- not a comment\n```\nAfter the code.",
    "~~~~\ncode with ``` inside\n~~~~\n",
    "Inline `[x](` and `<!--` are code, not links or comments.",
    "```python\ncode\n```",
    "A ```one-line code span``` is not a block.",
    "<!-- a comment --> then text <!-- and another -->",
    "A function call (f(x)) and [a link](https://e.org/a_(b)).",
    "- a list\n  ```\n  indented code in it\n  ```\n",
])
def test_well_formed_markdown_has_no_mistakes(text: str) -> None:
    assert list(mistakes(text)) == []


@pytest.mark.parametrize(("text", "offset", "words"), [
    ("Intro.\n\n```\ncode", 8, "code block opened with ``` is never closed"),
    ("Intro.\n\n````\ncode\n```\n", 8, "code block opened with ```` is never closed"),
    ("Text <!-- draft", 5, "HTML comment opened with <!-- is never closed"),
    ("<!-- one\ntext\n<!-- two -->", 0, "is not closed before the next one begins"),
    ("See [the price]() here.", 4, "has no target"),
    ("See [trust](glossary:trust.", 4, "is not closed: end it with ), as in [words](glossary:term)"),
    ("See [site](https://example.org\nnext line)", 4, "is not closed: end it with ), as in [words](address)"),
])
def test_each_kind_of_breakage_is_found_where_it_starts(text: str, offset: int, words: str) -> None:
    found = list(mistakes(text))
    assert len(found) == 1, found
    assert found[0][0] == offset
    assert words in found[0][1]


# --- A hand-written page's metadata --------------------------------------------------------
# Material prints title, subtitle, description and author into every page of the language
# as they are: markup there would run everywhere (tests/browser/test_injection.py).

FIELDS = ("title", "subtitle", "description", "author")
# Written for this check: each breaks out of an element, an attribute or the <title>.
MARKUP = [
    "Fees</title><script src=/x.js></script>",
    "<img src=nope onerror=document.body.remove()>",
    "Q&A \"><svg onload=print()>",
    "a\" onmouseover=\"print()",
    "&lt;script&gt;print()&lt;/script&gt;",
    "&#60;b&#62;bold",
    "x <!-- y --> z",
    "Tom & Jerry &amp co",
]
PLAIN = ["Q&A at the desk", "„Cena” i “price”", "5 € & more", "Опис: ціна", "It's fine; a semicolon too"]


def _problems(markdown: str) -> list[tuple[int, int, str]]:
    problems = Problems()
    check_page(Page("en", "about.md", Path("docs/en/about.md"), markdown), problems)
    return [(p.pos.line, p.pos.col, p.message) for p in problems.items]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", MARKUP)
def test_markup_in_page_metadata_is_refused_at_its_value(field: str, value: str) -> None:
    quoted = "'" + value.replace("'", "''") + "'"
    found = _problems(f"---\nhide: [toc]\n{field}: {quoted}\n---\n# About\n")
    assert [(line, col) for line, col, _ in found] == [(3, len(field) + 3)], found
    assert found[0][2].startswith(f"{field}: the theme prints this text into the HTML of every page as it is")


@pytest.mark.parametrize("value", PLAIN)
def test_plain_words_in_page_metadata_pass(value: str) -> None:
    front = "".join(f"{field}: '{value.replace(chr(39), chr(39) * 2)}'\n" for field in FIELDS)
    assert _problems(f"---\n{front}hide: [navigation, toc]\nsearch: {{boost: 2}}\n---\n# About\n") == []


@pytest.mark.parametrize(("front", "where", "words"), [
    ("icon: material/../../x", (2, 1), "'icon' is not a key of a page's front matter"),
    ("status: 'new\" onclick=\"x()'", (2, 1), "'status' is not a key"),
    ("template: ../../etc.html", (2, 1), "'template' is not a key"),
    ("tags: ['<b>x</b>']", (2, 1), "'tags' is not a key"),
    ("titel: About", (2, 1), "(did you mean 'title'?)"),
    ("title: 2026", (2, 8), "title: YAML reads this as int, not as text: put it in quotes"),
    ("hide: toc", (2, 7), "hide: a list of the parts to hide"),
    ("hide: [toc, sidebar]", (2, 7), "('sidebar' is not one)"),
    ("search: {exclude: 'yes please'}", (2, 9), "search: exclude: true"),
])
def test_other_page_metadata_is_refused_with_what_to_write(front: str, where: tuple[int, int], words: str) -> None:
    found = _problems(f"---\n{front}\n---\n# About\n")
    assert len(found) == 1 and found[0][:2] == where and words in found[0][2], found


@pytest.mark.parametrize("markdown", [
    "Title: <svg onload=print()>\n\n# About\n",
    "title: About\nauthor: me\n\n# About\n",
    "Summary: the course in brief\n# About\n",
])
def test_multimarkdown_metadata_is_refused(markdown: str) -> None:
    """MkDocs reads 'Key: value' first lines as metadata; the page would show them as text too."""
    found = _problems(markdown)
    assert len(found) == 1 and found[0][:2] == (1, 1), found
    assert "as the page's metadata, not as text: put them between --- lines" in found[0][2]


def test_a_page_that_only_mentions_a_colon_has_no_metadata() -> None:
    assert _problems("# About\n\nNote: the prices are in euro.\n") == []


# --- What the validator accepts runs nowhere -----------------------------------------------
# Random Markdown and HTML, built from the pieces an attacker combines. Whatever the
# validator lets through must hold nothing a browser could run, as cmark renders it (module
# pages, decks, walkthroughs) and as Python-Markdown does with the site's extensions (the
# glossary, handouts and guides on MkDocs' pages): before nh3 cleans the page, and after.

import re  # noqa: E402

import lxml.html  # noqa: E402
import markdown  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.markup import check_markup, clean_page, text_html  # noqa: E402

_TAGS = ["b", "span", "abbr", "q", "img", "a", "svg", "script", "iframe", "details", "math", "style", "x-y"]
_ATTRS = ["title", "lang", "dir", "onclick", "onerror", "onload", "href", "src", "style", "srcdoc", "ontoggle"]
_SCHEMES = ["https://e.org/", "javascript:", "JaVa&#x09;Script:", "&#106;avascript:", "java\tscript:",
            "vbscript:", "data:text/html,", "glossary:trust", "mailto:a@e.org", " javascript:", "%6aavascript:"]
_VALUES = ["x", "a<b", "a>b", "a\"b", "a'b", "a b", "", "print()", *_SCHEMES]


@st.composite
def _tag(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_TAGS))
    attrs = []
    for attr in draw(st.lists(st.sampled_from(_ATTRS), max_size=3)):
        value = draw(st.sampled_from(_VALUES)) + draw(st.sampled_from(["", "print()"]))
        quote = draw(st.sampled_from(['"', "'", "", "`"]))
        if quote == "" and any(c in value for c in " \"'<>`="):
            quote = '"'
        sep = draw(st.sampled_from([" ", "/", "\n", "", "\t"]))
        attrs.append(f"{sep}{attr}={quote}{value.replace(quote, '') if quote else value}{quote}")
    end = draw(st.sampled_from([">", "/>", " >", ""]))
    inner = draw(st.sampled_from(["", "t", "<b>t</b>", "`c`", "[l](https://e.org)"]))
    close = draw(st.sampled_from([f"</{name}>", "", f"</{name} >"]))
    return f"<{name}{''.join(attrs)}{end}{inner}{close}"


@st.composite
def _link(draw: st.DrawFn) -> str:
    target = draw(st.sampled_from(_SCHEMES)) + draw(st.sampled_from(["print()", "x", "a b", ""]))
    label = draw(st.sampled_from(["l", "a\\]b", "L", "x y", "^1"]))
    form = draw(st.sampled_from(["inline", "angle", "image", "reference", "auto"]))
    if form == "inline":
        return f"[t]({target})"
    if form == "angle":
        return f"[t](<{target}>)"
    if form == "image":
        return f"![t]({target})"
    if form == "auto":
        return f"<{target}>"
    where = draw(st.sampled_from(["", "> ", "- ", "1. ", "   ", "text\n", "> - "]))
    return f"[t][{label}]\n\n{where}[{label}]: {target}"


_PIECES = st.one_of(
    _tag(), _link(),
    st.sampled_from(["words", "**b**", "*i*", "`<b onclick=x>`", "```\n<script>x</script>\n```", "<!-->",
                     "<!--->", "<!-- c -->", "-->", "--!>", "&lt;", "&", "{: #x onclick=y }", "{ .c }",
                     "# H", "## H {#i}", "> q", "- i", "    code", "<![CDATA[", "]]>", "<?x ?>", "<!x>"]),
    st.text(alphabet="<>/=\"' []()!:{}#.`&;-\nabjsvr", max_size=12),
)
_SEPARATORS = st.sampled_from(["", " ", "\n", "\n\n", "\n> ", "\n- ", "\n    "])
TEXTS = st.lists(st.tuples(_PIECES, _SEPARATORS), min_size=1, max_size=6).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))

_PYTHON_MARKDOWN = markdown.Markdown(extensions=[
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.mark", "pymdownx.smartsymbols"])
_RUNS = {"script", "iframe", "frame", "object", "embed", "applet", "base", "meta", "link", "style", "svg", "math",
         "form", "input", "button", "textarea", "select", "details", "video", "audio", "template", "noscript"}
_URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
_INERT_SCHEMES = {"https", "http", "mailto", "tel", "glossary"}


def runnable(fragment: str) -> list[str]:
    """What a browser could run in ``fragment``, as libxml2's HTML parser (another
    tokenizer than the validator's) reads it."""
    if not fragment.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(fragment, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _RUNS:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            # As a browser's URL parser: ends trimmed, tabs and line breaks anywhere dropped.
            normal = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(33))))).lower()
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", normal)
            if name.startswith("on") or name in ("srcdoc", "style"):
                found.append(f"{element.tag} {name}")
            elif name in _URL_ATTRS and scheme and scheme.group(1) not in _INERT_SCHEMES:
                found.append(f"{element.tag} {name}={value}")
    return found


def _python_markdown(text: str) -> str:
    _PYTHON_MARKDOWN.reset()
    return _PYTHON_MARKDOWN.convert(text)


@pytest.mark.slow  # 600 texts, each parsed by the validator and by a browser-grade HTML parser
@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_what_the_validator_accepts_runs_nowhere(text: str) -> None:
    if check_markup(text) or list(mistakes(text)):
        return
    for rendered in (text_html(text), _python_markdown(text)):
        assert runnable(rendered) == [], (text, rendered)
        assert runnable(clean_page(rendered)) == [], (text, rendered)


@pytest.mark.parametrize("text", [
    '<span title="a<b" onclick="print()">x</span>',
    "<b title='a>b' onclick=print()>x</b>",
    "> [ref]: javascript:print()\n\n[x][ref]",
    "- [ref]: javascript:print()",
    "1. > [a\\]b]: vbscript:x",
    "[a\\]b]: data:text/html,x",
    "Intro line\n[ref]: javascript:print()\n\n[x][ref]",
    "[x](javascript:print() extra)",
    "<!--><img src=x onerror=print()>-->",
    "<!-- x --!><img src=x onerror=print()>",
    "<b/onclick=print()>x</b>",
    '<b title="x"onclick=print()>x</b>',
])
def test_the_walk_arounds_of_a_pattern_check_are_refused(text: str) -> None:
    assert check_markup(text), text
