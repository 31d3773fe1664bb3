"""Jinja templates (``generator/templates/``) -> text. The templates hold the markup;
what they are given is prepared in Python."""

from __future__ import annotations

import html
import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from .markup import plain_html


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=False,  # the output is Markdown; values for attributes go through |e
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["indent4"] = lambda text: "\n".join(("    " + line) if line else "" for line in text.split("\n"))
    env.filters["e"] = lambda text: html.escape(str(text), quote=True)
    env.filters["plain"] = plain_html
    env.filters["yamlstr"] = lambda text: yamlstr(str(text))
    return env


def render(template: str, **values: Any) -> str:
    return _env().get_template(template).render(**values)


def yamlstr(text: str) -> str:
    """A double-quoted YAML string (JSON is YAML) for front matter: any title stays one value."""
    return json.dumps(text, ensure_ascii=False)
