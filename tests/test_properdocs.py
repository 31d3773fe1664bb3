"""ProperDocs, the maintained fork of MkDocs 1.x, is our fallback should MkDocs 1.6 stop
installing: it builds the real site (one language, with a site URL, so the sitemap and
canonical links are made too) into the same files as MkDocs, from the same mkdocs.yml
and our plugin. It runs from its own venv, which has no MkDocs at all (the Makefile's
.venv-properdocs, made by `make setup-test`)."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.build

VENV = REPO / ".venv-properdocs"
LANG = "pl"  # one language: the four took four times as long, through the same code
SITE_URL = "https://training.example.org/"
# What may differ: the generator meta tag names the builder, and the sitemap the day it was built.
GENERATOR = re.compile(r'<meta name="generator" content="(mkdocs-[^"]*)">')
LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def build(command: list[str], project: Path, out: Path) -> subprocess.Popen[str]:
    # A file that inherits mkdocs.yml, as the README tells anyone building one language with a plain builder.
    config = project / f"mkdocs.{LANG}.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {SITE_URL}\ntheme:\n  language: {LANG}\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(REPO)}  # this checkout's generator, whichever the venv was installed from
    return subprocess.Popen([*command, "build", "--strict", "--config-file", config.name, "--site-dir", str(out)],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def normalised(file: Path) -> bytes | str | object:
    """The file as compared: text without what may differ, search indexes as data."""
    if file.suffix == ".html":
        return GENERATOR.sub("", file.read_text(encoding="utf-8"))
    if file.name == "sitemap.xml":
        return LASTMOD.sub("", file.read_text(encoding="utf-8"))
    if file.name == "sitemap.xml.gz":
        return LASTMOD.sub("", gzip.decompress(file.read_bytes()).decode("utf-8"))
    if file.name in ("search_index.json", "search_index.js"):
        index = json.loads(file.read_text(encoding="utf-8").removeprefix("var __index = "))
        index["docs"].sort(key=lambda d: (d["location"], d.get("title", "")))
        return index
    return file.read_bytes()


def test_properdocs_builds_the_site_as_mkdocs_does(real_copy: Path, tmp_path: Path) -> None:
    properdocs = VENV / "bin" / "properdocs"
    if not properdocs.is_file():
        pytest.fail(f"no {properdocs}: `make setup-test` makes that venv (see the Makefile)", pytrace=False)
    find = "import importlib.util; print(importlib.util.find_spec('mkdocs'))"
    no_mkdocs = subprocess.run([VENV / "bin" / "python", "-c", find], capture_output=True, text=True, check=True,
                               env={**os.environ, "PYTHONPATH": ""})
    assert no_mkdocs.stdout.strip() == "None", "the ProperDocs venv has MkDocs: it would not show ProperDocs alone"

    ours, theirs = tmp_path / "mkdocs", tmp_path / "properdocs"
    # The two builds at once: they share nothing but the project's files, which both only read.
    runs = [build([sys.executable, "-m", "mkdocs"], real_copy, ours), build([str(properdocs)], real_copy, theirs)]
    for run in runs:
        output, _ = run.communicate(timeout=600)
        assert run.returncode == 0, output
        assert "WARNING" not in output, output

    files = sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*") if p.is_file())
    assert {"index.html", "sitemap.xml", "search/search_index.json"} <= set(files)
    assert any(f.startswith("modules/") for f in files)
    different = [f for f in files if normalised(ours / f) != normalised(theirs / f)]
    assert not different, f"ProperDocs built these differently: {different}"
    # Each page says who built it: the comparison was of the two builders.
    [by_them] = GENERATOR.findall((theirs / "index.html").read_text(encoding="utf-8"))
    [by_us] = GENERATOR.findall((ours / "index.html").read_text(encoding="utf-8"))
    assert by_them.startswith("mkdocs-ProperDocs 1.6.") and by_us.startswith("mkdocs-1.6.")
