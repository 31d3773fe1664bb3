"""Real MkDocs builds in temporary folders: files produced, log lines, strict mode, atomic swap."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import edit, run_cli
from generator.siteconfig import overrides

pytestmark = pytest.mark.build


def test_build_every_language(mini: Path) -> None:
    result = run_cli("build", cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.splitlines()[:2] == [
        "Translations: en 35 current, 0 stale (details: python -m generator i18n status)",
        "Built the site in 2 languages into site/"]
    assert f"Open {(mini / 'site/index.html').as_uri()} in a browser" in result.stdout
    site = mini / "site"
    # Readable like any folder the user makes (a web server running as another user serves it).
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o777 & ~mask
    for rel in ("index.html", "pl/index.html", "pl/about.html", "pl/modules/mini-case.html",
                "en/modules/mini-case.html", "pl/search/search_index.js", "en/search/search_index.json",
                "pl/assets/training/training.css", "pl/assets/vendor/iframe-worker/shim.js"):
        assert (site / rel).is_file(), rel
    page = (site / "en/modules/mini-case.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in page
    assert "At the till" in page and "A price of 1,500\N{NO-BREAK SPACE}zlotys" in page
    assert 'title="Permanent link"' in page
    assert 'title="Stały odnośnik do tego miejsca"' in (site / "pl/modules/mini-case.html").read_text(encoding="utf-8")
    assert 'role="dialog" aria-label="Search"' in page  # the search dialog has a name (Lighthouse)
    # The search index in UTF-8, not \\u escapes (a Cyrillic one was four times the size), and
    # its copy for file:// the same.
    index = (site / "pl/search/search_index.json").read_text(encoding="utf-8")
    assert "Przy kasie" in index and "\\u0142" not in index and json.loads(index)["docs"]
    assert (site / "pl/search/search_index.js").read_text(encoding="utf-8") == "var __index = " + index
    # The switcher leads to the same page in the other language.
    assert 'href="../../pl/modules/mini-case.html" hreflang="pl"' in page
    # Home page: the learning path in the page's language.
    home = (site / "pl/index.html").read_text(encoding="utf-8")
    assert "Cena 1\N{NO-BREAK SPACE}500\N{NO-BREAK SPACE}zł" in home and 'href="modules/mini-case.html"' in home
    # Nothing fetched from a third party when the page is read.
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for needle in ('src="http', "fonts.googleapis", "unpkg.com", "cdn.jsdelivr"):
            assert needle not in text, f"{html}: {needle}"
    assert not list(mini.glob(".site.*")), "the staging folder was left behind"


def test_search_index_per_language(mini: Path) -> None:
    assert run_cli("build", cwd=mini).returncode == 0
    pl = (mini / "site/pl/search/search_index.json").read_text(encoding="utf-8")
    en = (mini / "site/en/search/search_index.json").read_text(encoding="utf-8")
    assert "Przy kasie" in pl and "At the till" not in pl
    assert "At the till" in en and "Przy kasie" not in en
    # A module page is indexed without the player's controls: each choice once, its
    # section found by the step's heading.
    docs = json.loads(en)["docs"]
    assert sum(d["text"].count("You answer vaguely.") for d in docs) == 1
    till = next(d for d in docs if d["location"] == "modules/mini-case.html#title-till")
    assert till["title"] == "Step 1. At the till" and "You say what it costs." in till["text"]
    assert "Start again" not in en and "data-play" not in en
    # The page itself keeps them.
    page = (mini / "site/en/modules/mini-case.html").read_text(encoding="utf-8")
    assert page.count("You answer vaguely.") == 2 and "data-play=" in page and 'data-tr="restart"' in page


def test_strict_mode_fails_on_a_broken_link_and_keeps_the_old_site(mini: Path) -> None:
    assert run_cli("build", cwd=mini).returncode == 0
    marker = mini / "site/marker.txt"
    marker.write_text("previous build")
    with (mini / "docs/en/about.md").open("a") as f:
        f.write("\nSee [the missing page](missing.md).\n")
    result = run_cli("build", cwd=mini)
    assert result.returncode == 1
    assert "[en] WARNING -  Doc file 'about.md' contains a link 'missing.md', but the target is not found " \
           "among documentation files." in result.stderr
    assert "the build failed for English; the previous site is unchanged" in result.stderr
    assert marker.read_text() == "previous build"
    assert not list(mini.glob(".site.*"))


def test_invalid_scenarios_build_nothing_and_keep_the_old_site(mini: Path) -> None:
    assert run_cli("build", cwd=mini).returncode == 0
    before = sorted(p.relative_to(mini) for p in (mini / "site").rglob("*"))
    scenario = mini / "scenarios/mini-case/scenario.yml"
    scenario.write_text(scenario.read_text().replace("to: good", "to: godo"))
    result = run_cli("build", cwd=mini)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "scenarios/mini-case/scenario.yml:16:13: step 'till' leads to unknown step 'godo' (did you mean 'good'?)",
        "scenarios/mini-case/scenario.yml:24:13: step 'later' leads to unknown step 'godo' (did you mean 'good'?)",
        "2 errors, 0 warnings",
        "nothing was built; the previous site, if any, is unchanged",
    ]
    assert sorted(p.relative_to(mini) for p in (mini / "site").rglob("*")) == before


def mkdocs(project: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A plain ``mkdocs build`` of ``lang``, from a file that inherits mkdocs.yml, as the README says."""
    (project / f"mkdocs.{lang}.yml").write_text(f"INHERIT: mkdocs.yml\ntheme:\n  language: {lang}\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--config-file", f"mkdocs.{lang}.yml", *args],
                          cwd=project, env=env, capture_output=True, text=True, check=False)


@pytest.mark.build
def test_the_plugins_folders_are_its_options_in_mkdocs_yml(mini: Path) -> None:
    """node_modules and the build cache where mkdocs.yml's training options put them, for
    ``build`` and ``generate`` alike (relative to mkdocs.yml's folder)."""
    (mini / "node_modules").rename(mini / "browser-files")
    edit(mini / "mkdocs.yml", "  - training ", "  - training:\n      node_modules: browser-files\n"
                                              "      cache_dir: build-cache\n   ")
    result = run_cli("build", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert (mini / "site/en/slides/vendor/reveal/reveal.js").is_file()  # copied from browser-files/
    assert any((mini / "build-cache").rglob("*.pickle")) and not (mini / ".cache").exists()
    result = run_cli("generate", "out", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert (mini / "out/en/slides/vendor/reveal/notes.js").is_file()
    # Where none is, each says so and what to do.
    (mini / "browser-files").rename(mini / "elsewhere")
    result = run_cli("build", cwd=mini)
    assert result.returncode == 1
    assert f"{mini / 'browser-files'}/reveal.js/dist/reveal.js is missing" in result.stderr


@pytest.mark.build
def test_a_misspelt_plugin_option_stops_the_build_saying_which(mini: Path) -> None:
    edit(mini / "mkdocs.yml", "  - training ", "  - training:\n      cache_dri: elsewhere\n   ")
    result = run_cli("build", cwd=mini)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for lang in ("pl", "en"):
        said = [line for line in result.stderr.splitlines() if line.startswith(f"[{lang}]")]
        assert said == [f"[{lang}] WARNING -  Config value 'plugins': Plugin 'training' option 'cache_dri': "
                        "Unrecognised configuration name: cache_dri",
                        f"[{lang}] Aborted with 1 configuration warnings in 'strict' mode!"]
    assert not (mini / "site").exists() and not (mini / "elsewhere").exists()


def test_the_plugin_alone_builds_one_language_with_plain_mkdocs(mini: Path) -> None:
    result = mkdocs(mini, "en", "--site-dir", "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert (mini / "out/modules/mini-case.html").is_file()
    assert '<html lang="en"' in (mini / "out/index.html").read_text(encoding="utf-8")


def test_the_plugin_reports_problems_as_a_clean_abort(mini: Path) -> None:
    text = mini / "scenarios/mini-case/en.yml"
    original = text.read_text()
    text.write_text("title: [\n")
    result = mkdocs(mini, "en", "--site-dir", "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "scenarios/mini-case/en.yml:2:1: YAML syntax error" in result.stderr
    assert result.stderr.startswith("ERROR   -  the scenarios have problems; nothing was built:\n")
    text.write_text(original)
    result = mkdocs(mini, "de", "--site-dir", "out")
    assert result.returncode == 1
    assert "theme.language is 'de', but the course's languages are pl, en" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_scenario_is_saved_and_falls_back_to_polish(mini: Path) -> None:
    (mini / "docs/en/about.md").unlink()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--lang", "en",
                               "--addr", f"127.0.0.1:{port}"], cwd=mini, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/modules/mini-case.html"
        assert wait_for(lambda: "At the till" in fetch(url)), "the preview never answered"
        page = fetch(url)
        assert "livereload" in page
        about = fetch(f"http://127.0.0.1:{port}/about.html")
        assert "Translation missing" in about and "Źródła" in about
        scenario_map = f"http://127.0.0.1:{port}/map/mini-case.html"  # the authors' map, the preview's own
        assert 'data-step="till"' in fetch(scenario_map)
        text = mini / "scenarios/mini-case/en.yml"
        text.write_text(text.read_text().replace("At the till", "At the front desk"))
        assert wait_for(lambda: "At the front desk" in fetch(url), timeout=20), "no rebuild after saving"
        assert "At the front desk" in fetch(scenario_map)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert f"Scenario maps for authors (each module's steps, problems and translations): " \
           f"http://127.0.0.1:{port}/map/_index.html" in output
    assert "warning: no English version of about.md: showing the Polish page" in output
    assert "Traceback" not in output


def test_a_preview_rebuild_after_a_save_makes_only_what_the_save_changed(mini: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, as `serve` runs it: MkDocs' dirty build with the plugin kept between builds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    second = mini / "scenarios" / "second-case"
    shutil.copytree(mini / "scenarios" / "mini-case", second)
    (second / "scenario.yml").write_text((second / "scenario.yml").read_text().replace("id: mini-case",
                                                                                       "id: second-case"))
    for lang in ("pl", "en"):
        text = second / f"{lang}.yml"
        text.write_text(text.read_text(encoding="utf-8").replace("title: ", "title: Second ", 1), encoding="utf-8")
    course = mini / "scenarios" / "course" / "course.yml"
    course.write_text(course.read_text().replace("path: [mini-case]", "path: [mini-case, second-case]"))
    monkeypatch.chdir(mini)
    site = tmp_path / "preview"
    english = overrides(mini / "mkdocs.yml", "en")
    config = load_config(str(mini / "mkdocs.yml"), site_dir=str(site), strict=False, **english)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    first, other = site / "modules" / "mini-case.html", site / "slides" / "second-case.html"
    before = other.stat().st_mtime_ns
    text = mini / "scenarios" / "mini-case" / "en.yml"
    text.write_text(text.read_text(encoding="utf-8").replace("At the till", "At the front desk"), encoding="utf-8")
    build(load_config(str(mini / "mkdocs.yml"), site_dir=str(site), strict=False, **english), dirty=True)
    page = first.read_text(encoding="utf-8")
    assert "At the front desk" in page  # the saved scenario's page is new
    assert "Second " in page  # and its navigation still names the other module
    assert other.stat().st_mtime_ns == before  # the other scenario's deck was not made again
