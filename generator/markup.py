"""What the texts of scenario files may hold as markup, and the HTML made from them.

Scenario files come from many hands, and their texts end up in pages, decks,
handouts and walkthroughs. Two defences, so that one slip is not enough: the
validator refuses raw HTML outside a small inline set, attribute lists and
links other than web, mail, phone and glossary links, each with its position
(``check_markup``); and every page, deck and walkthrough made from the texts
passes through nh3 (the Ammonia sanitiser) before it is written (``clean_page``,
``clean_between``).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from . import cmark_tree

# Inline tags an author may write; none of them can carry script.
TEXT_TAGS = frozenset({"abbr", "b", "br", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
                       "small", "span", "strong", "sub", "sup", "u"})
TEXT_ATTRIBUTES = frozenset({"title", "lang", "dir"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_AUTHOR_SCHEMES = LINK_SCHEMES | {"glossary"}

# What Markdown makes of a text, besides the inline tags above.
_MARKDOWN_TAGS = frozenset({"p", "a", "ul", "ol", "li", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5",
                            "h6", "img", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div",
                            "sup", "sub"})
# The markup our own templates put around the texts on a page (buttons, inputs and
# the data-* attributes the player reads), and what Material's Markdown extensions make.
_PAGE_TAGS = frozenset({"section", "article", "aside", "nav", "header", "footer", "figure", "figcaption",
                        "details", "summary", "button", "input", "label", "textarea", "select", "option",
                        "fieldset", "legend", "form", "caption", "colgroup", "col", "tfoot", "time", "svg",
                        "path", "g", "circle", "rect", "line", "polyline", "text", "title", "use"})
_GLOBAL_ATTRIBUTES = {"class", "id", "role", "hidden", "title", "lang", "dir", "tabindex"}
_PAGE_ATTRIBUTES: dict[str, set[str]] = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "name", "value", "checked", "disabled", "min", "max", "step", "for", "autocomplete"},
    "button": {"type", "disabled", "value", "name"},
    "label": {"for"},
    "textarea": {"name", "rows", "cols", "placeholder", "maxlength", "autocomplete"},
    "select": {"name"},
    "option": {"value", "selected"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
    "time": {"datetime"},
    "abbr": {"title"},
    "svg": {"viewbox", "width", "height", "xmlns", "focusable", "fill", "stroke"},
    "path": {"d", "fill", "stroke"},
}

_ATTR_LIST = re.compile(r"\{:?\s*(?:[#.][A-Za-z_-]|[A-Za-z_:-]+\s*=)")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Where a text may define a link reference, [label]: destination (a label may hold \] ).
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.){1,999})\]:")
# Link targets in what cmark left as text, the way Python-Markdown (which renders the
# texts on MkDocs' pages: the glossary, handouts, guides) still reads them as links.
_LOOSE_TARGET = re.compile(r"\]\(\s*<?([^)>]*)")
_LOOSE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:[ \t]*\n?[ \t]*<?([^\n>]*)", re.MULTILINE)
# Every tag, link, autolink, definition and attribute list starts at one of these; so does
# a character reference, which cmark reads as the character.
_MAY_HOLD_MARKUP = re.compile(r"[<\[{&]")
_BLOCKS = frozenset({"paragraph", "heading"})  # the blocks that hold text
# Browsers end a comment opened as <!--> or <!---> at once; Python's tokenizer (before
# 3.13) reads on to the next -->, and would miss the tags in between.
_ABRUPT_COMMENT = re.compile(r"<!---?>")
_UNFINISHED_TAG = re.compile(r"</?([A-Za-z][^\t\n\f\r />]*)")


def check_markup(text: str) -> list[str]:
    """Why ``text`` may not stand in a scenario file as it is (empty if it may).

    Read as cmark parses it (``cmark_tree``): its raw HTML through an HTML tokenizer,
    the destination of each link and image it makes. What cmark leaves as text goes
    through the same tokenizer and checks, since the texts are also rendered by
    Python-Markdown on MkDocs' pages, which reads more as HTML, links and attribute
    lists than cmark does."""
    if not _MAY_HOLD_MARKUP.search(text):
        return []  # most texts: no tag, link, attribute list or character reference can start
    out: list[str] = []
    tree = cmark_tree.parse(text)
    for node in tree.iter():
        if node.tag == "image":
            out.append("an image is not allowed in a text: the site loads nothing from elsewhere; put the "
                       "file beside scenario.yml and name it in the image: field of the situation, step, choice "
                       "or ending, with its alt text under <key>.image.alt in each language (scenarios/README.md, "
                       "Images)")
        elif node.tag == "link":
            _check_target(node.get("destination", ""), out)
        elif node.tag == "code_block":
            # A fence cmark takes (indented, say) may be none to Python-Markdown, which then
            # reads the code as HTML: no tags in code blocks either.
            _check_html(node.text or "", out, raw=False)
        elif node.tag in ("html_inline", "html_block") or node.tag in _BLOCKS:
            raw = node.tag not in _BLOCKS
            piece = (node.text or "") if raw else _shown_text(node)
            _check_html(piece, out, raw=raw)
            # What cmark takes for text or raw HTML, Python-Markdown may take for Markdown.
            if _ATTR_LIST.search(piece):
                out.append("attribute lists such as {: ...} or { #id } are not allowed in texts: the page's "
                           "layout is the template's job")
            for target in (*_LOOSE_TARGET.findall(piece), *_LOOSE_DEFINITION.findall(piece)):
                _check_target(target, out)
    for target in _defined_targets(text):
        _check_target(target, out)
    return list(dict.fromkeys(out))


def _shown_text(block: Any) -> str:
    """A block's text as cmark leaves it (no code, no raw HTML, the text of its links), one line a line."""
    parts: list[str] = []
    for node in block.iter():
        if node.tag == "text":
            parts.append(node.text or "")
        elif node.tag in ("softbreak", "linebreak"):
            parts.append("\n")
        elif node.tag in ("code", "html_inline"):
            parts.append(" ")
    return "".join(parts)


def _defined_targets(text: str) -> list[str]:
    """The destination of every link reference definition, used or not, wherever it stands
    (in a quote, a list item, after a paragraph's first line): each label written as
    [label]: is looked up by cmark itself, in a copy of the text that uses it."""
    labels = list(dict.fromkeys(_LABEL.findall(text)))
    if not labels:
        return []
    uses = "".join(f"\n\n[{label}][]" for label in labels)
    return [link.get("destination", "") for link in cmark_tree.parse(text + uses).iter("link")]


class _Tags(HTMLParser):
    """Each tag of a piece of HTML as a browser's tokenizer splits it: a < inside a quoted
    attribute value is part of the value, not a tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, False))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append((tag, [], True))


def _check_html(piece: str, out: list[str], *, raw: bool) -> None:
    """The tags of ``piece`` (raw HTML to cmark if ``raw``, else text it escapes)."""
    if "<" not in piece:
        return
    parser = _Tags()
    parser.feed(_ABRUPT_COMMENT.sub("<!---->", piece))
    # A tag left open at the end runs into the page's own markup up to its next >.
    # Python-Markdown may read more as one tag than cmark does (a tag cmark cut by a link).
    unfinished = _UNFINISHED_TAG.match(parser.rawdata)
    parser.close()
    if unfinished:
        name = unfinished.group(1).lower()
        if name in TEXT_TAGS and not raw:
            pass  # text to both: "if a<b then"
        elif name in TEXT_TAGS:
            out.append(f"the tag <{name} ...> is not closed with >, so it runs into the page around it: end it "
                       "with >")
        else:
            parser.tags.append((name, [], False))
    for tag, attributes, _closing in parser.tags:
        if tag not in TEXT_TAGS:
            out.append(f"raw HTML <{tag}> is not allowed in texts: write Markdown instead (the HTML allowed is "
                       + ", ".join(f"<{t}>" for t in sorted(TEXT_TAGS)) + ")")
            continue
        for attribute, value in attributes:
            if attribute not in TEXT_ATTRIBUTES:
                out.append(f"the attribute {attribute} on <{tag}> is not allowed in texts: only "
                           f"{', '.join(sorted(TEXT_ATTRIBUTES))} are")
            elif (scheme := _scheme(value or "")) and scheme not in _AUTHOR_SCHEMES:
                out.append(f"<{tag} {attribute}=...> holds a {scheme}: link, which is not allowed")


_ALLOWED_TARGETS = "link to an http(s) address, a mailto: or tel: address, or a glossary term ([words](glossary:id))"


def _check_target(target: str, out: list[str]) -> None:
    scheme = _scheme(target)
    if not target.strip():
        return  # a link without a target: the link check says so, with what to write
    if scheme is None:
        # A file beside the scenario, another page, an anchor: nothing the site publishes
        # under that name, and // is another site's address without its scheme.
        shown = target if len(target) <= 40 else target[:39] + "…"
        out.append(f"a link to '{shown}' leads nowhere on the site (files beside a scenario are not published): "
                   + _ALLOWED_TARGETS)
    elif scheme not in _AUTHOR_SCHEMES:
        out.append(f"a link to '{scheme}:' is not allowed in texts: " + _ALLOWED_TARGETS)


def _scheme(target: str) -> str | None:
    """The scheme of ``target`` (lowercase), or None if it names none.

    Browsers ignore entities, spaces and control characters inside a scheme
    ("java&#9;script:"), so they are removed before looking."""
    normal = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(html.unescape(target))).lower()
    normal = re.sub(r"%([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), normal)
    match = _SCHEME.match(normal)
    return None if match is None else match.group(1)


def text_html(text: str) -> str:
    """One text's Markdown as HTML, for module pages, decks and walkthroughs.

    cmark (CommonMark, in C) converts a text in microseconds where Python-Markdown
    takes a millisecond, and a module has a hundred texts per language. Not yet safe:
    the document it goes into is cleaned as a whole (``clean_between``), one nh3 call
    per document rather than one per text."""
    return str(cmarkgfm.markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))


CONTENT_START = "<!-- training:content -->"
CONTENT_END = "<!-- training:/content -->"


def clean_between(document: str) -> str:
    """A standalone page with what stands between its content markers cleaned (its head
    and its own scripts are the template's); a page without them, cleaned whole."""
    start, end = document.find(CONTENT_START), document.rfind(CONTENT_END)
    if start < 0 or end < start:
        return clean_page(document)
    start += len(CONTENT_START)
    return document[:start] + clean_page(document[start:end]) + document[end:]


def plain_html(text: str) -> str:
    """A text as escaped plain text, for the places that print it without escaping:
    front matter titles and descriptions, the site's name (MkDocs' and Material's
    templates put them into elements and attributes as they are)."""
    return html.escape(html.unescape(nh3.clean(text, tags=set())), quote=True)


def clean_page(content: str) -> str:
    """A page's content after Markdown, with anything that could run taken out.

    Our templates' markup, and that of the Markdown extensions in mkdocs.yml,
    is kept; script, event handlers and javascript:/data: links are not."""
    return nh3.clean(content, tags=set(TEXT_TAGS | _MARKDOWN_TAGS | _PAGE_TAGS),
                     attributes=_PAGE_ATTRIBUTES, generic_attribute_prefixes={"data-", "aria-"},
                     url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=False)


_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# What Material's search keeps of a page's markup in its index, the headings that divide
# a page into sections (with their ids), and the permalinks in them it leaves out.
_SEARCH_TAGS = _HEADINGS | {"p", "ul", "ol", "li", "code", "pre", "sub", "sup", "a"}
_SEARCH_ATTRIBUTES = {**{h: {"id"} for h in _HEADINGS}, "a": {"class"}}


def search_html(content: str) -> str:
    """A page's content as a search index needs it: its text, in its sections, with only
    the markup the index keeps. Material's parser spent half its time on a module page
    walking through the rest. The entries it makes have the same words in the same sections
    (runs of spaces aside)."""
    return nh3.clean(content, tags=set(_SEARCH_TAGS), attributes=_SEARCH_ATTRIBUTES, url_schemes=set(),
                     link_rel=None, strip_comments=True)
