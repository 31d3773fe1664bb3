"""Our browser files as shipped: minified, and still whole."""

from __future__ import annotations

import shutil
import subprocess
from importlib import resources

import pytest

from generator.shipped import shipped

NAMES = sorted(p.name for p in (resources.files("generator") / "assets").iterdir() if p.name.endswith((".js", ".css")))


def source(name: str) -> str:
    return (resources.files("generator") / "assets" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_shipped_file_is_smaller_than_its_source(name):
    assert len(shipped(name)) < 0.9 * len(source(name))


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".js")])
def test_shipped_script_still_parses(name, tmp_path):
    node = shutil.which("node")
    assert node, "node (installed with npm for make setup) is needed to parse the shipped scripts"
    script = tmp_path / name
    script.write_text(shipped(name), encoding="utf-8")
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith(".css")])
def test_shipped_stylesheet_keeps_every_rule(name):
    minified = shipped(name)
    assert minified.count("{") == minified.count("}") > 0
    # Every selector and custom property of the source survives (comments aside).
    for word in ("--tr-", ".tr-", "@media"):
        assert minified.count(word) == source(name).count(word) - comment_count(source(name), word)


def comment_count(text: str, word: str) -> int:
    count, start = 0, 0
    while (open_at := text.find("/*", start)) != -1:
        close_at = text.find("*/", open_at)
        count += text[open_at:close_at].count(word)
        start = close_at + 2
    return count
