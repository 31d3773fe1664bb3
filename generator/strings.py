"""The generator's own interface strings, one file per language in ``generator/strings/``."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from ruamel.yaml import YAML

from .languages import plural_category


def strings_dir() -> Path:
    return Path(str(resources.files("generator") / "strings"))


def has_strings(lang: str) -> bool:
    return (strings_dir() / f"{lang}.yml").is_file()


@cache
def ui_strings(lang: str) -> dict[str, str]:
    """Every interface string of ``lang``; a key it lacks falls back to English."""
    def read(code: str) -> dict[str, str]:
        data = YAML(typ="safe").load((strings_dir() / f"{code}.yml").read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in (data or {}).items()}

    english = read("en")
    if lang == "en":
        return english
    # Currency words are the language's own choice: never borrow English ones.
    inherited = {k: v for k, v in english.items() if not k.startswith("currency.")}
    return {**inherited, **read(lang)}


def currency_words(lang: str) -> dict[str, dict[str, str]]:
    """Per currency code, the words ``lang`` uses for it by plural category.

    Written in the strings file as ``currency.PLN.one: złoty`` and so on.
    """
    out: dict[str, dict[str, str]] = {}
    for key, value in ui_strings(lang).items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "currency":
            out.setdefault(parts[1], {})[parts[2]] = value
    return out


def plural(lang: str, key: str, n: int, **values: object) -> str:
    """The string ``key`` in the plural form ``lang`` uses for ``n`` (CLDR, through Babel):
    written in the strings file as ``key.one``, ``key.few``, ``key.many``, ``key.other``."""
    ui = ui_strings(lang)
    category = plural_category(lang, n)
    text = ui.get(f"{key}.{category}") or ui.get(f"{key}.other") or key
    return text.format(**values)
