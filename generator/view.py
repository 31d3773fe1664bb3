"""One scenario's texts in one language as the pages and decks show them: numbers
filled in, glossary links made, Markdown turned into HTML, conditions and effects
said in words. What every maker of pages, decks and sheets reads texts through."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .images import site_path
from .markup import plain_html, text_html
from .model import ChoiceCondition, Condition, Effect, Image, Project, Scenario
from .numbers import format_amount, format_signed, substitute
from .paths import GLOSSARY_PAGE
from .strings import currency_words
from .texts import GLOSSARY_LINK


@dataclass
class View:
    """Text of one scenario in one language, with numbers formatted and fallbacks noted."""

    s: Scenario
    lang: str
    ui: dict[str, str]  # the language's interface strings (Project.strings)
    root: str = "../"  # from the page being written to the language's top folder
    ext: str = ".md"  # how links name a page: Markdown pages link to sources, HTML pages to pages
    fallbacks: set[str] = field(default_factory=set)
    stale: bool = False  # some text shown was translated from an older source

    def __post_init__(self) -> None:
        self.words = currency_words(self.ui)

    def t(self, key: str) -> str:
        text = self.s.text(self.lang, key)
        if text is None:
            return ""
        if text.fallback_from:
            self.fallbacks.add(text.fallback_from)
        self.stale = self.stale or text.stale
        return glossary_links(substitute(text.value, self.s.numbers, self.lang, self.words).strip(), self.root,
                              self.ext)

    def block(self, key: str) -> str:
        """A text as HTML paragraphs (or lists, quotes...)."""
        return text_html(self.t(key)).strip()

    def inline(self, key: str) -> str:
        """A text as HTML for a heading, a label or a list item: without its paragraph
        when it is one paragraph (a title, a label), as blocks when it is more."""
        return unwrap(self.block(key))

    def lead(self, label: str, key: str) -> str:
        """A text as HTML blocks, ``label`` (HTML) starting its first paragraph."""
        text = self.block(key)
        if not text:
            return ""
        return "<p>" + label + text[3:] if text.startswith("<p>") else f"<p>{label}</p>\n{text}"

    def figure(self, key: str, image: Image | None) -> dict[str, Any] | None:
        """An image as the templates' figure.html.j2 shows it: its address from the page,
        its size, its alt text (escaped plain text) and caption (HTML), from ``key``'s
        texts (``<key>.alt``, ``<key>.caption``)."""
        if image is None:
            return None
        return {"src": self.root + site_path(self.s.id, image), "width": image.width, "height": image.height,
                "alt": plain_html(text_html(self.t(f"{key}.alt"))).strip(),
                "caption": self.inline(f"{key}.caption")}

    def amount(self, value: int, currency: str | None) -> str:
        return format_amount(value, self.lang, currency, self.words.get(currency or ""))

    def name(self, key: str) -> str:
        """A short text (a label, a meter's name) inside a sentence of the page's own."""
        return self.inline(key) if self.ext == ".html" else self.t(key)

    def condition(self, cond: Condition) -> str:
        ui = self.ui
        if isinstance(cond, ChoiceCondition):
            label = self.name(f"steps.{cond.step}.choices.{cond.choice}.label")
            return ui["condition.chose" if cond.chosen else "condition.not_chose"].format(label=label)
        meter = self.s.meters[cond.meter]
        name = self.name(f"meters.{cond.meter}")
        parts = []
        if cond.at_least is not None:
            parts.append(ui["condition.at_least"].format(meter=name, value=self.amount(cond.at_least, meter.currency)))
        if cond.at_most is not None:
            parts.append(ui["condition.at_most"].format(meter=name, value=self.amount(cond.at_most, meter.currency)))
        return ui["condition.join"].join(parts)

    def conditions(self, conds: tuple[Condition, ...]) -> str:
        return self.ui["condition.join"].join(self.condition(c) for c in conds)

    def effect(self, effect: Effect) -> str:
        meter = self.s.meters[effect.meter]
        name = self.name(f"meters.{effect.meter}")
        if effect.op == "set":
            return self.ui["effect.set"].format(meter=name, value=self.amount(effect.value, meter.currency))
        signed = format_signed(effect.value, self.lang, meter.currency, self.words.get(meter.currency or ""))
        return f"{name} {signed}"


def scenario_view(project: Project, sid: str, lang: str, *, root: str = "../", ext: str = ".md") -> View:
    """The texts of the project's scenario ``sid`` in ``lang``."""
    return View(project.scenarios[sid], lang, project.strings[lang], root=root, ext=ext)


def glossary_links(markdown: str, root: str, ext: str = ".md") -> str:
    """[words](glossary:trust) -> a link to the term on the glossary page."""
    page = GLOSSARY_PAGE.removesuffix(".md") + ext
    return GLOSSARY_LINK.sub(lambda m: f"]({root}{page}#term-{m.group(1)})", markdown)


def unwrap(html_text: str) -> str:
    """One paragraph's HTML without its <p>; anything else as it is."""
    if html_text.startswith("<p>") and html_text.endswith("</p>") and html_text.count("<p>") == 1:
        return html_text[3:-4]
    return html_text


def course_text(project: Project, lang: str, key: str) -> str:
    text = project.course.texts.get(lang, {}).get(key)
    return text.value if text else ""
