"""Numbers in the story, formatted for each language (Babel), and placeholders in text."""

from __future__ import annotations

import re

from babel import Locale
from babel.numbers import format_currency, format_decimal, get_currency_name
from babel.units import format_unit

from .model import Number

PLACEHOLDER = re.compile(r"(?<!\\)\{([a-z][a-z0-9_]*)\}")
MINUS = "\N{MINUS SIGN}"


def format_amount(value: int | float, lang: str, currency: str | None = None, *,
                  money_style: str = "symbol") -> str:
    """``value`` as ``lang`` writes it; an amount of money with its currency.

    Whole amounts drop the decimals (500 zł, not 500,00 zł). ``money_style`` is
    ``symbol`` (500 zł) or ``name`` (500 польских злотых), per language, because
    some locales only know the ISO code as a symbol.
    """
    if currency is None:
        return format_decimal(value, locale=lang)
    if money_style == "name":
        amount = format_decimal(value, locale=lang)
        return f"{amount} {get_currency_name(currency, count=value, locale=lang)}"
    whole = float(value).is_integer()
    return format_currency(value, currency, locale=lang, currency_digits=not whole,
                           format=_whole_pattern(lang) if whole else None)


def _whole_pattern(lang: str) -> str:
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    return pattern.split(";")[0].replace(".00", "")


def format_signed(value: int, lang: str, currency: str | None = None, *, money_style: str = "symbol") -> str:
    text = format_amount(abs(value), lang, currency, money_style=money_style)
    return ("+" if value >= 0 else MINUS) + text


def format_minutes(minutes: int, lang: str) -> str:
    return format_unit(minutes, "duration-minute", length="short", locale=lang)


def substitute(text: str, numbers: dict[str, Number], lang: str, *, money_style: str = "symbol") -> str:
    """Replace every ``{name}`` with the number formatted for ``lang``; ``\\{`` stays a brace."""

    def one(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1))
        if number is None:
            return match.group(0)  # the validator has reported it
        return format_amount(number.value, lang, number.currency, money_style=money_style)

    return PLACEHOLDER.sub(one, text).replace("\\{", "{")
