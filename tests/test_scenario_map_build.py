"""The scenario maps in real builds: made by the preview, never by a built site."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_cli
from generator.siteconfig import overrides

pytestmark = pytest.mark.build


def preview_build(root: Path, site: Path, lang: str) -> Path:
    """``root``'s site in ``lang`` built into ``site`` as ``serve`` builds it (the plugin told
    it is a preview), in this process; the folder the build ran from is restored."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    here = Path.cwd()
    os.chdir(root)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=False,
                             **overrides(root / "mkdocs.yml", lang))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
    finally:
        os.chdir(here)
    return site


def test_a_preview_has_the_maps_out_of_search_and_nav_and_a_built_site_has_none(mini: Path, tmp_path: Path) -> None:
    site = preview_build(mini, tmp_path / "preview", "en")
    assert {p.name for p in (site / "map").iterdir()} == {"_index.html", "map.css", "mini-case.html"}
    page = (site / "map" / "mini-case.html").read_text(encoding="utf-8")
    assert 'data-step="till"' in page and "<svg" in page
    index = (site / "map" / "_index.html").read_text(encoding="utf-8")
    assert 'href="mini-case.html"' in index
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in search["docs"] if d["location"].startswith("map/")]
    assert "map/" not in (site / "index.html").read_text(encoding="utf-8")  # not in the navigation

    result = run_cli("build", cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    for lang in ("pl", "en"):
        assert (mini / "site" / lang / "walkthrough" / "mini-case.html").is_file()
        assert not (mini / "site" / lang / "map").exists()
