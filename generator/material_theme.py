"""Material's hashed asset files, found in the installed package.

Material names its script bundle, search worker and style sheets by their content
(``assets/javascripts/bundle.a5f9d56c.min.js``), and its own ``base.html`` names them
as they are in that release. Our templates (generator/theme/) name them without the
hash, through the ``material_asset`` filter, so an upgrade of Material that renames
them cannot leave the site without its scripts and search.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import material
from mkdocs.exceptions import PluginError

TEMPLATES = Path(material.__file__).parent / "templates"
# An asset as our templates name it: its path under the theme, without the hash.
UNHASHED = re.compile(r"(?P<stem>assets/(?:[\w-]+/)*[\w-]+)(?P<suffix>\.min\.(?:js|css))")
HASH = r"\.[0-9a-f]{8}"


@cache
def material_asset(name: str) -> str:
    """The installed Material's file for ``name``, an asset path without its hash:
    ``assets/javascripts/bundle.min.js`` -> ``assets/javascripts/bundle.a5f9d56c.min.js``.
    Raises PluginError (a clean abort, naming the folder) unless exactly one file fits."""
    return find_asset(name, TEMPLATES, material.__version__)


def find_asset(name: str, templates: Path, version: str) -> str:
    parts = UNHASHED.fullmatch(name)
    if parts is None:
        raise PluginError(f"material_asset: '{name}' is not the name of one of Material's assets without "
                          "its hash, like 'assets/javascripts/bundle.min.js'")
    stem, suffix = parts["stem"], parts["suffix"]
    pattern = re.compile(re.escape(stem) + HASH + re.escape(suffix))
    folder = (templates / stem).parent
    found = sorted(p.relative_to(templates).as_posix() for p in folder.glob(f"{Path(stem).name}.*{suffix}")
                   if pattern.fullmatch(p.relative_to(templates).as_posix()))
    if len(found) != 1:
        what = "no file" if not found else f"{len(found)} files ({', '.join(found)})"
        raise PluginError(f"Material {version} has {what} for {stem}.<hash>{suffix} in {templates}: "
                          "the theme's templates (generator/theme/) expect exactly one. Reinstall "
                          "mkdocs-material at the version pyproject.toml pins.")
    return found[0]
