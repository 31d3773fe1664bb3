"""Numbers in the story, formatted for each language (Babel), and placeholders in text."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from .languages import plural_category
from .model import Number

PLACEHOLDER = re.compile(r"(?<!\\)\{([a-z][a-z0-9_]*)\}")
MINUS = "\N{MINUS SIGN}"


def format_amount(value: int | float, lang: str, currency: str | None = None,
                  words: Mapping[str, str] | None = None) -> str:
    """``value`` as ``lang`` writes it; an amount of money with its currency.

    ``words`` maps a CLDR plural category (one, few, many, other) to the word a
    language uses for the currency (злотый, злотых, ...), so a story set in
    Poland can say "500 злотых" rather than "500 PLN". Without words, the
    locale's currency format is used. Whole amounts drop the decimals.
    """
    if currency is None:
        return _decimal(value, lang)
    if words:
        category = plural_category(lang, value)
        word = words.get(category) or words.get("other") or currency
        amount = format_decimal(value, locale=lang) if float(value).is_integer() else \
            format_decimal(value, format="#,##0.00", locale=lang)
        return f"{amount}\N{NO-BREAK SPACE}{word}"
    whole = float(value).is_integer()
    return str(format_currency(value, currency, locale=lang, currency_digits=not whole,
                               format=_whole_pattern(lang) if whole else None))


def _whole_pattern(lang: str) -> str:
    pattern = str(Locale.parse(lang).currency_formats["standard"].pattern)
    return pattern.split(";")[0].replace(".00", "")


def format_signed(value: int, lang: str, currency: str | None = None,
                  words: Mapping[str, str] | None = None) -> str:
    return ("+" if value >= 0 else MINUS) + format_amount(abs(value), lang, currency, words)


@functools.lru_cache(maxsize=4096)
def format_minutes(minutes: int, lang: str) -> str:
    return str(format_unit(minutes, "duration-minute", length="short", locale=lang))


def substitute(text: str, numbers: dict[str, Number], lang: str,
               words: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """Replace every ``{name}`` with the number formatted for ``lang``; ``\\{`` stays a brace.

    ``words`` gives, per currency code, the plural words described in :func:`format_amount`.
    """

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        if number is None:
            return match.group(0)  # the validator has reported it
        return format_amount(number.value, lang, number.currency,
                             (words or {}).get(number.currency or ""))

    return PLACEHOLDER.sub(one, text).replace("\\{", "{")


@functools.lru_cache(maxsize=4096)
def _decimal(value: int | float, lang: str) -> str:
    # Walkthroughs print a meter after every step of every path: the same few numbers, often.
    return str(format_decimal(value, locale=lang))
