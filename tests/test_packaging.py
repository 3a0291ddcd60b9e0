"""The project installs itself: every package it imports is declared; settings load anywhere."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
OWN_PACKAGES = {path.name for path in (ROOT / "plugins").iterdir() if path.is_dir()}


def distribution_name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def imported_modules(paths) -> dict[str, str]:
    """Top-level modules imported by these files (absolute imports only): {module: file}."""
    found = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path.relative_to(ROOT).as_posix())
    return found


def test_every_third_party_import_of_the_site_and_tasks_is_a_declared_dependency():
    declared = {distribution_name(r) for r in PYPROJECT["project"]["dependencies"]}
    runtime_files = [
        *(ROOT / "plugins").rglob("*.py"),
        ROOT / "tasks.py",
        ROOT / "pelicanconf.py",
        ROOT / "publishconf.py",
    ]
    providers = packages_distributions()
    undeclared = {}
    for module, where in imported_modules(runtime_files).items():
        if module in sys.stdlib_module_names or module in OWN_PACKAGES or module == "__future__":
            continue
        distributions = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not distributions & declared:
            undeclared[module] = where
    assert undeclared == {}, "declare these in pyproject.toml [project] dependencies"


def test_requirements_install_the_project_itself():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").split()
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").split()
    assert "-e" in requirements and "." in requirements
    assert "-e" in dev and ".[dev]" in dev
    found = PYPROJECT["tool"]["setuptools"]["packages"]["find"]
    assert found["where"] == ["plugins"]


SYS_PATH_EDIT = re.compile(r"sys\.path\s*(?:\.\w+\(|\[[^\]]*\]\s*=|\+?=)")


def test_no_settings_file_task_or_plugin_edits_sys_path():
    files = [ROOT / "pelicanconf.py", ROOT / "publishconf.py", ROOT / "tasks.py"]
    files += (ROOT / "plugins").rglob("*.py")
    edits = [p.name for p in files if SYS_PATH_EDIT.search(p.read_text(encoding="utf-8"))]
    assert edits == []
    for edit in ("sys.path.insert(0, x)", "sys.path[:0] = x", "sys.path += [x]"):
        assert SYS_PATH_EDIT.search(edit), edit


def test_publishconf_reads_pelicanconf_from_any_directory(tmp_path):
    """`invoke publish` from a subfolder, or a script elsewhere: the checkout is not on sys.path."""
    script = (
        "import sys; from pelican.settings import read_settings; "
        "s = read_settings(sys.argv[1]); print(s['SITEURL'], s['PLUGINS'][0], s['PATH'])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "ALTAVOZ_SITEURL": "https://a.test/"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "publishconf.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://a.test", "altavoz_moderation", str(ROOT / "content")]
