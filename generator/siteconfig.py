"""The training plugin's options, and what our commands tell MkDocs beyond mkdocs.yml.

Everything a build is told comes from ``mkdocs.yml``: the language is MkDocs' own
``theme.language`` (Material's interface and search read it there), and our folders
are the training plugin's options. ``build`` and ``serve`` start MkDocs with that file
and a few of its values replaced (the language, the project loaded already), the way
``mkdocs build --site-dir`` replaces one: no environment variables, no second file.

A plain ``mkdocs build`` (or ProperDocs', or Zensical's) of another language reads a
file that inherits mkdocs.yml::

    INHERIT: mkdocs.yml
    theme:
      language: en
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLUGIN = "training"  # our plugin's name in mkdocs.yml (its entry point in pyproject.toml)
# The defaults of the plugin's folder options, from the project's top folder.
NODE_MODULES = Path("node_modules")  # what package-lock.json installs: reveal.js, fonts, the search shim
CACHE_DIR = Path(".cache") / "training"  # the build cache; .gitignore lists .cache/


@dataclass(frozen=True)
class Folders:
    """Where a build finds the browser files and keeps its cache."""

    node_modules: Path
    cache_dir: Path


def folders(root: Path, options: Mapping[str, Any], config_dir: Path | None = None) -> Folders:
    """The plugin's folder options, a relative one from the folder of mkdocs.yml (as MkDocs
    reads its own), and the defaults in the project's top folder for those not given."""
    def folder(key: str, default: Path) -> Path:
        value = options.get(key)
        return (config_dir or root) / value if isinstance(value, str) and value else root / default

    return Folders(folder("node_modules", NODE_MODULES), folder("cache_dir", CACHE_DIR))


def raw_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (an inherited file merged in, ``!ENV`` read), before MkDocs
    checks it. Raises MkDocs' ``ConfigurationError`` for a file it cannot read."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as fd:
        return yaml_load(fd)


def plugin_options(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The options mkdocs.yml gives our plugin: ``- training`` has none."""
    for name, options in _entries(raw.get("plugins")):
        if name == PLUGIN:
            return dict(options) if isinstance(options, Mapping) else {}
    return {}


def project_folders(root: Path, config_file: Path) -> Folders:
    """The folders the project's mkdocs.yml names for the plugin. A file MkDocs cannot read
    gives the defaults here: the build that reads it next says what is wrong with it."""
    from mkdocs.exceptions import ConfigurationError

    try:
        options = plugin_options(raw_config(config_file))
    except (OSError, ConfigurationError):
        options = {}
    return folders(root, options, config_file.parent)


def overrides(config_file: Path, lang: str, **options: str) -> dict[str, Any]:
    """What a build of ``lang`` gives MkDocs' ``load_config`` besides the file: the theme
    with that language, and the plugin list with ``options`` added to ours. (MkDocs
    replaces a key it is given whole, so each is the file's own, changed.)"""
    raw = raw_config(config_file)
    theme = raw.get("theme")
    theme = dict(theme) if isinstance(theme, Mapping) else {"name": theme}
    plugins: list[Any] = []
    for name, given in _entries(raw.get("plugins")):
        if name == PLUGIN:
            given = {**(given if isinstance(given, Mapping) else {}), **options}
        plugins.append({name: given} if given else name)
    return {"theme": {**theme, "language": lang}, "plugins": plugins}


def _entries(plugins: Any) -> list[tuple[str, Any]]:
    """mkdocs.yml's plugins, as (name, options): a list of names and one-key mappings, or a mapping."""
    if isinstance(plugins, Mapping):
        return [(str(name), options) for name, options in plugins.items()]
    out: list[tuple[str, Any]] = []
    for entry in plugins or ():
        if isinstance(entry, Mapping):
            out.extend((str(name), options) for name, options in entry.items())
        else:
            out.append((str(entry), None))
    return out
