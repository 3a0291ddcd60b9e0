"""The code base stays as ruff (configured in pyproject.toml) wants it: CI holds it there."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def ruff(*words: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *words], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_finds_no_lint_problem():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_file_is_formatted_as_ruff_formats_it():
    result = ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr
