"""The scenario maps in real builds: made by the preview, never by a built site."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import edit, run_cli
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


def test_a_preview_with_errors_keeps_the_maps_with_each_problem_on_its_step(mini: Path, tmp_path: Path) -> None:
    """Every other page gives way to the list of errors; the maps stay, and the list links to them."""
    structure = mini / "scenarios" / "mini-case" / "scenario.yml"
    line = structure.read_text(encoding="utf-8").splitlines().index("        to: later") + 1
    edit(structure, "        to: later", "        to: latter")
    edit(mini / "scenarios" / "mini-case" / "en.yml", "title: A price of {price}", "title: A price of {prize}")
    site = preview_build(mini, tmp_path / "preview", "en")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"scenarios/mini-case/scenario.yml:{line}:13: step &#x27;till&#x27; leads to unknown step" in home
    assert 'href="/map/_index.html"' in home
    assert (site / "404.html").read_text(encoding="utf-8") == home  # what any other address gets
    page = (site / "map" / "mini-case.html").read_text(encoding="utf-8")
    assert page != home and 'data-step="till"' in page and "<svg" in page
    assert f"scenario.yml:{line}:13" in page and "scenarios/mini-case/en.yml:1:" in page
    assert 'href="mini-case.html"' in (site / "map" / "_index.html").read_text(encoding="utf-8")
