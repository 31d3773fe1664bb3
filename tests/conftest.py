"""Shared fixtures: project copies in temporary folders, and the CLI run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Property tests draw the same examples on every run (no example database), so a
# failure in CI can be reproduced; HYPOTHESIS_PROFILE=explore draws new ones each
# run, and PROPERTY_EXAMPLES=10 multiplies how many the property tests try.
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def examples(n: int) -> int:
    """How many examples a property test tries: ``n``, times PROPERTY_EXAMPLES."""
    return n * int(os.environ.get("PROPERTY_EXAMPLES", "1"))


def make_project(source: Path, target: Path) -> Path:
    """A copy of ``source`` (scenarios/ and docs/) set up like the real project:
    the repository's mkdocs.yml, and links to its generator/ and node_modules/."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("scenarios", "docs"):
        shutil.copytree(source / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("generator", "node_modules"):
        if (REPO / name).exists():
            (target / name).symlink_to(REPO / name)
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small two-language project (tests/fixtures/mini) to change freely."""
    return make_project(FIXTURES / "mini", tmp_path / "mini")


def make_branded(target: Path) -> Path:
    """tests/fixtures/mini with tests/fixtures/branded over it: an identity colour and
    logo, and a certificate issuer with a signatory and a logo of its own."""
    make_project(FIXTURES / "mini", target)
    shutil.copytree(FIXTURES / "branded", target, dirs_exist_ok=True)
    return target


@pytest.fixture
def branded(tmp_path: Path) -> Path:
    return make_branded(tmp_path / "branded")


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """A copy of the real project's content."""
    return make_project(REPO, tmp_path / "project")


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
