"""Our copies of Material's templates (generator/theme/) are Material's installed files
with our changes and nothing else: an upgrade of Material that changes a file under a
copy fails here, so the copy is made again from the new file."""

from __future__ import annotations

from pathlib import Path

import material
import pytest

from conftest import REPO

MATERIAL = Path(material.__file__).parent / "templates"
THEME = REPO / "generator" / "theme"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"

# Per copy, each change as (Material's text, ours); each of Material's must be there once.
CHANGES: dict[str, list[tuple[str, str]]] = {
    "base.html": [
        ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
        ('id="__search" autocomplete="off">', 'id="__search">'),
        (  # Google Fonts: the site makes no third-party request
            '    {% block fonts %}\n'
            '      {% if config.theme.font != false %}\n'
            '        {% set text = config.theme.font.text | d("Roboto", true) %}\n'
            '        {% set code = config.theme.font.code | d("Roboto Mono", true) %}\n'
            '        <link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>\n'
            '        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family={{\n'
            "            text | replace(' ', '+') + ':300,300i,400,400i,700,700i%7C' +\n"
            "            code | replace(' ', '+') + ':400,400i,700,700i'\n"
            '          }}&display=fallback">\n'
            '        <style>:root{--md-text-font:"{{ text }}";--md-code-font:"{{ code }}"}</style>\n'
            '      {% endif %}\n'
            '    {% endblock %}\n',
         "    {% block fonts %}{% endblock %}\n"),
    ],
    "partials/nav-item.html": [
        ('<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
         '<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label"'
         '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        ('<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
         '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
         '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        ('      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
         '      {% set first = toc | first %}\n'
         '      {% if first and first.level == 1 %}\n'
         '        {% set toc = first.children %}\n'
         '      {% endif %}\n'
         '      {% if toc %}\n',
         '      {% set first = toc | first %}\n'
         '      {% if first and first.level == 1 %}\n'
         '        {% set toc = first.children %}\n'
         '      {% endif %}\n'
         '      {% if toc %}\n'
         '        <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'),
    ],
    "partials/search.html": [
        ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search.placeholder\') }}">'),
        ('          {% set icon = config.theme.icon.close or "material/close" %}\n'
         '          {% include ".icons/" ~ icon ~ ".svg" %}\n'
         '        </button>\n',
         '          {% set icon = config.theme.icon.close or "material/close" %}\n'
         '          {% include ".icons/" ~ icon ~ ".svg" %}\n'
         '        </button>\n'
         '        <button type="submit" class="md-search__icon md-icon" title="{{ lang.t(\'search\') }}" '
         'aria-label="{{ lang.t(\'search\') }}" tabindex="-1">\n'
         '          {% include ".icons/material/arrow-right.svg" %}\n'
         '        </button>\n'),
    ],
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_copy_is_materials_file_with_our_changes_alone(name: str) -> None:
    theirs = (MATERIAL / name).read_text(encoding="utf-8")
    assert theirs.startswith(GENERATED)
    theirs = theirs.removeprefix(GENERATED)
    for old, new in CHANGES[name]:
        assert theirs.count(old) == 1, f"Material's {name} has changed: copy it again into generator/theme/"
        theirs = theirs.replace(old, new)
    ours = (THEME / name).read_text(encoding="utf-8")
    assert ours.startswith("{#-"), "a copy opens with a comment that says what it changes"
    assert ours.split("-#}\n", 1)[1] == theirs
