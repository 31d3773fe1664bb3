"""What the locale data (Babel's CLDR) says about a language: whether it knows it, its
names, its direction of writing, the plural category of a count."""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.core import UnknownLocaleError


@cache
def known_language(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, LookupError, UnknownLocaleError):
        return False
    return True


def language_name(code: str) -> str:
    """A language's name in English, for messages: Polish, Ukrainian."""
    if not known_language(code):
        return code
    return Locale.parse(code).get_display_name("en") or code


def own_name(code: str) -> str:
    """A language's name in itself, as the language writes it in a sentence: polski, українська."""
    if not known_language(code):
        return code
    return Locale.parse(code).get_display_name(code) or code


def native_language_name(code: str) -> str:
    """A language's name in itself, capitalised for a menu: Polski, Українська."""
    name = own_name(code)
    return name[:1].upper() + name[1:]


def direction(lang: str) -> str:
    """rtl for a language written right to left (Arabic, Hebrew, ...)."""
    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


def plural_category(lang: str, n: float) -> str:
    """The CLDR plural category ``lang`` puts ``n`` in: one, few, many or other."""
    return str(Locale.parse(lang).plural_form(n))
