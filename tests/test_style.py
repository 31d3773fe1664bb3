"""The style guide's mechanical part: ruff and strict mypy are clean."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.parametrize("cmd", [pytest.param(["ruff", "check", "generator", "tests"], id="ruff"),
                                 pytest.param(["mypy"], id="mypy", marks=pytest.mark.slow)])  # strict, whole package
def test_code_is_lint_and_type_clean(cmd: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", *cmd], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
