"""The build cache: results found again only for the very same inputs, never stale."""

from __future__ import annotations

import gc
import os
import pickle
import re
import time
from pathlib import Path

import pytest

from conftest import run_cli
from generator import buildcache
from generator import project as project_module
from generator.buildcache import BuildCache, folder_digest, key
from generator.project import load_project
from generator.siteconfig import CACHE_DIR


def test_a_stored_result_is_found_by_another_build(tmp_path: Path) -> None:
    made: list[int] = []
    first = BuildCache(tmp_path).get("x", key("a", 1), lambda: made.append(1) or {"value": 1})
    again = BuildCache(tmp_path).get("x", key("a", 1), lambda: made.append(2) or {"value": 2})
    other = BuildCache(tmp_path).get("x", key("a", 2), lambda: made.append(3) or {"value": 3})
    assert first == again == {"value": 1} and other == {"value": 3} and made == [1, 3]


def test_a_damaged_entry_is_made_again(tmp_path: Path) -> None:
    digest = key("damaged")
    BuildCache(tmp_path).get("x", digest, lambda: "good")
    (tmp_path / "x" / f"{digest}.pickle").write_bytes(b"\x80\x05not a pickle")
    assert BuildCache(tmp_path).get("x", digest, lambda: "made again") == "made again"
    assert BuildCache(tmp_path).get("x", digest, lambda: "not this") == "made again"


def test_prune_keeps_only_what_the_build_used(tmp_path: Path) -> None:
    BuildCache(tmp_path).get("x", key("used"), lambda: 1)
    BuildCache(tmp_path).get("x", key("unused"), lambda: 2)
    BuildCache(tmp_path).put_file("x", key("used file"), ".html", "<p>kept</p>")
    BuildCache(tmp_path).put_file("x", key("unused file"), ".html", "<p>gone</p>")
    past = time.time() - 60
    for file in (tmp_path / "x").iterdir():
        os.utime(file, (past, past))
    build = BuildCache(tmp_path)
    build.get("x", key("used"), lambda: 0)
    build.get("x", key("new"), lambda: 3)
    kept = build.find_file("x", key("used file"), ".html")
    assert kept is not None and kept.read_text(encoding="utf-8") == "<p>kept</p>"
    assert build.find_file("x", key("never stored"), ".html") is None
    build.prune()
    assert sorted(f.name for f in (tmp_path / "x").iterdir()) == sorted(
        [f"{key('used')}.pickle", f"{key('new')}.pickle", f"{key('used file')}.html"])


def test_a_folder_digest_follows_the_bytes_not_the_times(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text("title: A\n", encoding="utf-8")
    before = folder_digest(tmp_path)
    os.utime(tmp_path / "en.yml", (1, 1))
    assert folder_digest(tmp_path) == before
    (tmp_path / "en.yml").write_text("title: B\n", encoding="utf-8")
    assert folder_digest(tmp_path) != before


def test_loading_again_reads_only_the_changed_scenario(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = mini / CACHE_DIR
    first, problems = load_project(mini, store=BuildCache(store))
    assert first is not None, problems.report()
    loaded: list[str] = []
    real = project_module._load_scenario
    monkeypatch.setattr(project_module, "_load_scenario",
                        lambda folder, *a: loaded.append(folder.name) or real(folder, *a))
    again, _ = load_project(mini, store=BuildCache(store))
    assert loaded == [] and again == first
    text = mini / "scenarios" / "mini-case" / "en.yml"
    text.write_text(text.read_text(encoding="utf-8").replace("The patient nods.", "The patient smiles."),
                    encoding="utf-8")
    changed, _ = load_project(mini, store=BuildCache(store))
    assert loaded == ["mini-case"] and changed is not None
    assert changed.scenarios["mini-case"].texts["en"]["steps.till.choices.honest.consequence"].value.strip() \
        == "The patient smiles."


@pytest.mark.build
def test_a_rebuild_shows_a_changed_text_everywhere(mini: Path) -> None:
    """Page, deck, walkthrough and search entries come from the cache on a rebuild, but
    never a stale one."""
    index = mini / "site" / "en" / "search" / "search_index.json"
    first_index = ""
    for text in ("The patient nods.", "The patient smiles.", "The patient smiles."):
        if text != "The patient nods.":
            source = mini / "scenarios" / "mini-case" / "en.yml"
            source.write_text(source.read_text(encoding="utf-8").replace("The patient nods.", text),
                              encoding="utf-8")
        result = run_cli("build", cwd=mini)
        assert result.returncode == 0, result.stderr
        for page in ("modules/mini-case.html", "slides/mini-case.html", "walkthrough/mini-case.html"):
            assert text in (mini / "site" / "en" / page).read_text(encoding="utf-8"), page
        # The deck and the walkthrough are copied from the cache as they are stored.
        stored = {f.read_bytes() for f in (mini / CACHE_DIR / "documents").iterdir()}
        for page in ("slides/mini-case.html", "walkthrough/mini-case.html"):
            assert (mini / "site" / "en" / page).read_bytes() in stored, page
        found = index.read_text(encoding="utf-8")
        assert text in found and (text == "The patient nods." or "The patient nods." not in found)
        first_index = first_index or found
    stored = [pickle.loads(f.read_bytes()) for f in (mini / CACHE_DIR).rglob("*.pickle")]
    assert any(isinstance(v, list) and v and "location" in v[0] for v in stored)  # search entries
    # A build without the cache makes the same site.
    cached = (mini / "site" / "en" / "modules" / "mini-case.html").read_text(encoding="utf-8")
    cached_index = index.read_text(encoding="utf-8")
    # The module's version (a digest of its files, on the sign-off sheets' index) changed with the text.
    versions = re.compile(r"\b[0-9a-f]{8}\b")
    assert versions.sub("v", cached_index) == versions.sub("v", first_index.replace("The patient nods.",
                                                                                      "The patient smiles."))
    result = run_cli("build", "--no-cache", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert (mini / "site" / "en" / "modules" / "mini-case.html").read_text(encoding="utf-8") == cached
    assert index.read_text(encoding="utf-8") == cached_index


def test_a_new_version_of_a_library_makes_new_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    before = key("page")
    real = buildcache.metadata.version
    monkeypatch.setattr(buildcache.metadata, "version", lambda name: "999" if name == "nh3" else real(name))
    buildcache.code_digest.cache_clear()
    try:
        assert key("page") != before
    finally:
        buildcache.code_digest.cache_clear()


def test_loading_leaves_the_cycle_collector_as_it_was(mini: Path) -> None:
    """The collector is paused while a project is read, then on again, or off if it was."""
    assert gc.isenabled()
    project, _ = load_project(mini)
    assert project is not None and gc.isenabled()
    gc.disable()
    try:
        load_project(mini)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_cache_that_cannot_be_written_stores_nothing(tmp_path: Path) -> None:
    """A full or read-only disk (here: a file where the cache's folder would be) makes the
    build slower, not wrong: nothing is stored, and every result is made."""
    blocked = tmp_path / "cache"
    blocked.write_text("not a folder", encoding="utf-8")
    store = BuildCache(blocked)
    assert store.put_file("documents", key("deck"), ".html", "<p>deck</p>") is None
    assert store.find_file("documents", key("deck"), ".html") is None
    assert store.get("pages", key("page"), lambda: "made") == "made"
    assert store.get("pages", key("page"), lambda: "made again") == "made again"
