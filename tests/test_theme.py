"""Our copies of Material's templates (generator/theme/) are Material's installed files
with our changes and nothing else: an upgrade of Material that changes a file under a
copy fails here, so the copy is made again from the new file. Besides the changes listed,
every asset Material names with its hash is named without it, through the
``material_asset`` filter (generator/material_theme.py): the hashes change with each
release, and the filter finds the installed release's files."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError

from conftest import REPO
from generator.material_theme import find_asset, material_asset

MATERIAL = Path(material.__file__).parent / "templates"
THEME = REPO / "generator" / "theme"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
# 'assets/javascripts/bundle.a5f9d56c.min.js' -> 'assets/javascripts/bundle.min.js' | material_asset
HASHED_ASSET = re.compile(r"""(['"])(assets/[\w/-]+)\.[0-9a-f]{8}(\.min\.(?:js|css))\1""")

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


def expected_copy(name: str) -> str:
    """Material's installed ``name`` with our changes: what our copy holds under its comment."""
    theirs = (MATERIAL / name).read_text(encoding="utf-8")
    assert theirs.startswith(GENERATED)
    theirs = theirs.removeprefix(GENERATED)
    for old, new in CHANGES[name]:
        assert theirs.count(old) == 1, f"Material's {name} has changed: copy it again into generator/theme/"
        theirs = theirs.replace(old, new)
    return HASHED_ASSET.sub(r"\1\2\3\1 | material_asset", theirs)


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_copy_is_materials_file_with_our_changes_alone(name: str) -> None:
    theirs = expected_copy(name)
    ours = (THEME / name).read_text(encoding="utf-8")
    assert ours.startswith("{#-"), "a copy opens with a comment that says what it changes"
    assert ours.split("-#}\n", 1)[1] == theirs


def test_our_templates_name_no_hashed_asset_and_each_named_one_is_installed() -> None:
    named = set()
    for template in THEME.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not HASHED_ASSET.search(text), f"{template.name} names one of Material's assets with its hash"
        named.update(re.findall(r"""['"](assets/[\w/.-]+)['"] \| material_asset""", text))
    assert named == {"assets/javascripts/bundle.min.js", "assets/javascripts/workers/search.min.js",
                     "assets/stylesheets/main.min.css", "assets/stylesheets/palette.min.css"}
    for name in named:
        found = material_asset(name)
        assert (MATERIAL / found).is_file() and HASHED_ASSET.fullmatch(f"'{found}'")


@pytest.mark.parametrize(("files", "expected"), [
    ([], r"Material 9\.9\.9 has no file for assets/javascripts/bundle\.<hash>\.min\.js in .*: the theme's templates"),
    (["bundle.0123abcd.min.js", "bundle.4567cdef.min.js"],
     r"has 2 files \(assets/javascripts/bundle\.0123abcd\.min\.js, assets/javascripts/bundle\.4567cdef\.min\.js\)"),
])
def test_an_asset_must_be_installed_once(tmp_path: Path, files: list[str], expected: str) -> None:
    folder = tmp_path / "assets/javascripts"
    folder.mkdir(parents=True)
    for name in [*files, "bundle.0123abcd.min.js.map", "bundle.js"]:
        (folder / name).write_text("")
    with pytest.raises(PluginError, match=expected):
        find_asset("assets/javascripts/bundle.min.js", tmp_path, "9.9.9")


def test_an_asset_is_named_without_its_hash() -> None:
    with pytest.raises(PluginError, match="is not the name of one of Material's assets without its hash"):
        material_asset("assets/javascripts/bundle.a5f9d56c.min.js")
