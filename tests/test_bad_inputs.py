"""The corpus of bad input (tests/bad_inputs/cases.yml): each is refused cleanly.

Every case must give its ``file:line:col: message``, exit 1, no traceback, and
leave the previous site exactly as it was. Most run in-process (fast); a few go
through the real command line, over a site that a real build made.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from buildguard import builds
from conftest import FIXTURES, make_project, run_cli
from generator.cli import main

CASES_FILE = Path(__file__).resolve().parent / "bad_inputs" / "cases.yml"
CASES: list[dict[str, Any]] = YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))
PROBLEM = re.compile(r"^(\S.*?:\d+:\d+): (.+)$")
# Through the real command line as well: one of each family.
SUBPROCESS = ("yaml-tab-indent", "not-utf8", "bom-crlf-unknown-key", "huge-text-field", "symlink-loop-pair",
              "symlink-folder-outside", "circular-links", "fence-unclosed")
# Seconds each, where the others take a fraction of one: the reader goes thousands of levels deep before it refuses.
SLOW = ("page-meta-nested-past-the-reader",)


def apply(case: dict[str, Any], project: Path) -> None:
    """Make the case's changes to ``project``, in the order written."""
    for rel, ops in case["change"].items():
        path = project / rel
        for op, arg in ops.items():
            if op in ("write", "append", "replace", "pad", "crlf", "bom", "bytes"):
                path.parent.mkdir(parents=True, exist_ok=True)
                raw = path.read_bytes() if path.is_file() else b""
                path.write_bytes(_edit(raw, op, arg, rel))
            elif op == "delete" and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif op == "delete":
                path.unlink()
            elif op == "rename":
                path.rename(project / arg)
            elif op == "symlink":
                path.parent.mkdir(parents=True, exist_ok=True)
                path.symlink_to(arg)
            else:
                raise ValueError(f"{case['id']}: unknown change '{op}'")


def _edit(raw: bytes, op: str, arg: Any, rel: str) -> bytes:
    if op == "write":
        return str(arg).encode("utf-8")
    if op == "bytes":
        return str(arg).encode("latin-1")
    if op == "append":
        return raw + str(arg).encode("utf-8")
    if op == "crlf":
        return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if op == "bom":
        return b"\xef\xbb\xbf" + raw
    pairs: list[tuple[str, str]]
    if op == "pad":  # [text, count] or [text, count, what to repeat after it]
        pairs = [(str(arg[0]), str(arg[0]) + (str(arg[2]) if len(arg) > 2 else "x") * int(arg[1]))]
    else:
        pairs = [tuple(arg)] if isinstance(arg[0], str) else [tuple(p) for p in arg]  # type: ignore[misc]
    text = raw.decode("utf-8")
    for old, new in pairs:
        # Exactly once: a case whose anchor text moved must fail, not silently test nothing.
        assert text.count(old) == 1, f"{rel}: {old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text.encode("utf-8")


def digest(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with a hash of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return out


def check_output(case: dict[str, Any], output: str) -> None:
    assert "Traceback" not in output, output
    problems = {}
    for line in output.splitlines():
        match = PROBLEM.match(line)
        if match:
            problems.setdefault(match.group(1), []).append(match.group(2))
    for expected in case["expect"]:
        where, _, message = expected.partition(": ")
        assert any(message in m for m in problems.get(where, [])), \
            f"{case['id']}: expected '{expected}' in:\n{output}"


def sentinel_site(project: Path) -> Path:
    """A stand-in for the previous site; nothing about it must change."""
    site = project / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text("<p>the previous site</p>\n", encoding="utf-8")
    (site / "en" / "index.html").write_text("<p>English</p>\n", encoding="utf-8")
    return site


def assert_site_unchanged(project: Path, before: dict[str, str]) -> None:
    assert digest(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")], "a staging folder was left"


def test_the_corpus_is_large_and_each_case_well_formed() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids), "two cases share an id"
    for case in CASES:
        assert set(case) == {"id", "about", "change", "expect"}, case["id"]
        assert case["expect"] and all(re.match(r"^\S+:\d+:\d+: ", e) for e in case["expect"]), case["id"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"], marks=[pytest.mark.slow] if c["id"] in SLOW else [])
                                  for c in CASES])
def test_bad_input_is_refused_cleanly(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(FIXTURES / "mini", tmp_path / "mini")
    before = digest(sentinel_site(project))
    apply(case, project)
    monkeypatch.chdir(project)
    for command in ("validate", "build"):
        code = main(["--root", str(project), command])
        out = capsys.readouterr()
        assert code == 1, f"{case['id']}: {command} exited {code}\n{out.out}{out.err}"
        check_output(case, out.err + out.out)
    assert_site_unchanged(project, before)


@pytest.fixture(scope="module")
@builds
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project with a site from a real build, copied for each case below."""
    project = make_project(FIXTURES / "mini", tmp_path_factory.mktemp("built") / "mini")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.build
@pytest.mark.parametrize("case_id", SUBPROCESS)
def test_the_command_line_refuses_it_and_keeps_a_real_site(case_id: str, built_mini: Path, tmp_path: Path) -> None:
    case = next(c for c in CASES if c["id"] == case_id)
    project = make_project(FIXTURES / "mini", tmp_path / "mini")
    shutil.copytree(built_mini / "site", project / "site", symlinks=True)
    before = digest(project / "site")
    apply(case, project)
    result = run_cli("build", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    check_output(case, result.stderr + result.stdout)
    assert result.stderr.splitlines()[-1] == "nothing was built; the previous site, if any, is unchanged"
    assert_site_unchanged(project, before)
    assert os.listdir(project / "site")  # the real site is still there


def test_a_project_saved_by_windows_editors_is_valid(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A byte order mark and CRLF line ends, as Notepad writes them, are accepted everywhere."""
    for file in [*mini.glob("scenarios/**/*.yml"), *mini.glob("docs/**/*.md")]:
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    assert main(["--root", str(mini), "validate"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_links_that_stay_inside_their_folder_are_fine(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "docs/en/about.md").unlink()
    (mini / "docs/en/about.md").symlink_to("../pl/about.md")
    assert main(["--root", str(mini), "validate"]) == 0, capsys.readouterr().err
