"""The project installs itself: every package it imports is declared; settings load anywhere."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from altavoz_submit.intake import form as intake_form
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
    # An optional feature's extra (the intake's phone pictures: `.[preview]`) declares what
    # only that feature imports; the test extra (`dev`) declares nothing the site runs.
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared |= {
        distribution_name(r) for name, reqs in extras.items() if name != "dev" for r in reqs
    }
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


SYS_PATH_EDIT = re.compile(r"sys\.path\s*(?:\.\w+\(|\[[^\]]*\]\s*=|\+?=)|[\"']PYTHONPATH[\"']")


def python_files_of_the_project() -> list[Path]:
    """Every Python file of the checkout that is the project's (not the venv's, not a build's).

    The walk does not enter the folders it leaves out: a virtual environment holds tens of
    thousands of files."""
    ignored = {".venv", "output", "cache", ".git", "build", "node_modules", "__pycache__"}
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(
            name for name in subfolders if name not in ignored and not name.startswith(".venv")
        )
        found += [Path(folder, name) for name in sorted(files) if name.endswith(".py")]
    return found


def test_no_python_file_of_the_project_edits_sys_path_or_pythonpath():
    """The project is installed (requirements.txt): nothing finds its code by editing paths."""
    files = python_files_of_the_project()
    names = {path.relative_to(ROOT).as_posix() for path in files}
    assert {"tasks.py", "pelicanconf.py", "tests/conftest.py", "benchmarks/bench.py"} <= names
    this_test = Path(__file__).resolve()
    edits = [
        path.relative_to(ROOT).as_posix()
        for path in files
        if path != this_test and SYS_PATH_EDIT.search(path.read_text(encoding="utf-8"))
    ]
    assert edits == []
    for edit in (
        "sys.path.insert(0, x)",
        "sys.path[:0] = x",
        "sys.path += [x]",
        "env['PYTHONPATH']",
    ):
        assert SYS_PATH_EDIT.search(edit), edit


def test_publishconf_reads_pelicanconf_from_any_directory(tmp_path):
    """`invoke publish` from a subfolder, or a script elsewhere: the checkout is not on sys.path."""
    script = (
        "import sys; from pelican.settings import read_settings; "
        "s = read_settings(sys.argv[1]); print(s['SITEURL'], s['PLUGINS'][0], s['PATH'])"
    )
    env = {**os.environ, "ALTAVOZ_SITEURL": "https://a.test/"}
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


def test_a_test_run_caches_outside_the_checkout():
    """Builds and checks of the tests use the settings files as they are: their cache goes to
    the run's folder, so a test run leaves the maintainer's cache/ as it was."""
    from altavoz_submit.project import project_settings

    for config in ("pelicanconf.py", "publishconf.py"):
        cache = Path(project_settings(ROOT, config)["CACHE_PATH"])
        assert cache == Path(os.environ["ALTAVOZ_CACHE_PATH"])
        assert not cache.is_relative_to(ROOT)


@pytest.mark.slow
def test_a_wheel_install_builds_a_site_from_any_folder(tmp_path):
    """`pip install .` (a wheel, not the editable install) carries the theme: a folder with
    content/ and a pelicanconf.py that names only the plugins builds the Altavoz site."""
    source = tmp_path / "source"  # a copy: building a wheel writes build/ into its source
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "output", "cache", "build", "*.egg-info"),
    )
    wheels, venv = tmp_path / "wheels", tmp_path / "venv"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps"]  # setuptools from PyPI
    subprocess.run([*build, "-q", "-w", str(wheels), str(source)], check=True, timeout=600)
    (wheel,) = wheels.glob("altavoz-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(wheel)], check=True, timeout=900)

    site = tmp_path / "elsewhere"  # the project's settings file and content, nothing else
    shutil.copytree(ROOT / "content", site / "content")
    conf = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    conf = re.sub(r"^SITENAME = .*$", "SITENAME = 'Otra comunidad'", conf, flags=re.M)
    (site / "pelicanconf.py").write_text(conf, encoding="utf-8")
    done = subprocess.run(
        [str(venv / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert "Otra comunidad" in home and "theme/css/altavoz.css" in home  # Altavoz's theme
    assert list((site / "output" / "works").rglob("index.html"))
    assert (site / "output" / "en" / "index.html").is_file()
    installed = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    assert list(installed.glob("site-packages/altavoz_theme/theme/templates/work.html"))
    # The phone path too: the site has no .github, the intake reads the shipped forms.
    names = "print([f.name for f in load_forms('.')])"
    forms = subprocess.run(
        [str(venv / "bin" / "python"), "-c", f"from altavoz_submit.intake.form import *; {names}"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert forms.stdout.strip() == str(list(intake_form.ACTIONS)), forms.stderr[-3000:]
    # The checks' English comes from the core's message catalog, shipped as package data.
    english = subprocess.run(
        [str(venv / "bin" / "python"), "-c", WORD_A_FINDING],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert english.stdout.strip() == "The folder x has no index.md.", english.stderr[-3000:]


WORD_A_FINDING = (
    "from altavoz_core.codes import make_finding; "
    "print(make_finding('AV102', 'x').message_en.split(' Create')[0])"
)
