"""How the project's packages depend on each other, and what the core may import.

The packages in plugins/ form a layered graph with ``altavoz_core`` (no Pelican) at the
bottom: a package imports only packages below it, and at the top of its modules, so a
newcomer reads the dependencies off the import lines and no import hides in a function
to dodge a cycle. Read from the source (ast), so a lazy import counts like any other.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from conftest import ROOT

PLUGINS = ROOT / "plugins"
OWN = sorted(path.name for path in PLUGINS.iterdir() if (path / "__init__.py").is_file())


def _module_name(path) -> str:
    parts = list(path.relative_to(PLUGINS).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """(imported module, line, at module level?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    top_level = {id(node) for node in tree.body}
    top_level |= {  # `if TYPE_CHECKING:`-style blocks and try/except at the top count too
        id(inner)
        for node in tree.body
        if isinstance(node, (ast.If, ast.Try))
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            yield name, node.lineno, id(node) in top_level


def package_imports():
    """[(from package, to package, file:line, module level?)] between the project's packages."""
    edges = []
    for path in sorted(PLUGINS.rglob("*.py")):
        source = path.relative_to(PLUGINS).parts[0]
        for name, line, module_level in _imports(path):
            target = name.split(".")[0]
            if target in OWN and target != source:
                where = f"{path.relative_to(ROOT).as_posix()}:{line}"
                edges.append((source, target, where, module_level))
    return edges


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_layers():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_project_packages_form_a_graph_without_cycles_with_the_core_at_the_bottom():
    edges = package_imports()
    graph: dict[str, set[str]] = {name: set() for name in OWN}
    for source, target, _, _ in edges:
        graph[source].add(target)
    assert "altavoz_core" in OWN
    assert _cycle(graph) is None, _cycle(graph)
    assert graph["altavoz_core"] == set(), [e for e in edges if e[0] == "altavoz_core"]
    # Every plugin stands on the core (the one Finding, the one layout...).
    assert all("altavoz_core" in graph[name] for name in OWN if name != "altavoz_core"), graph


def test_packages_import_each_other_only_at_the_top_of_their_modules():
    hidden = [where for _, _, where, module_level in package_imports() if not module_level]
    assert hidden == []


def test_importing_the_core_loads_no_pelican_markdown_or_pillow():
    """Nor Babel: the message catalogs are read when the first message is worded."""
    modules = [_module_name(path) for path in sorted((PLUGINS / "altavoz_core").glob("*.py"))]
    script = (
        f"import importlib, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pelican', 'markdown', 'PIL', 'bleach', 'jinja2', 'babel'))\nprint(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout


# What the core may import besides the standard library, each for a reason: Unidecode to
# make slugs as Pelican makes them, Babel to read the message catalogs (the .po files
# translators edit; altavoz_core.catalogs). Anything more is a decision, made here.
CORE_THIRD_PARTY = {"unidecode", "babel"}


def test_the_core_imports_only_the_standard_library_unidecode_and_babel():
    found = {
        name.split(".")[0]: f"{path.relative_to(ROOT).as_posix()}:{line}"
        for path in sorted((PLUGINS / "altavoz_core").glob("*.py"))
        for name, line, _ in _imports(path)
    }
    others = {
        module: where
        for module, where in found.items()
        if module not in sys.stdlib_module_names and module not in {"__future__", "altavoz_core"}
    }
    assert set(others) == CORE_THIRD_PARTY, others


def test_the_findings_module_alone_loads_no_pelican():
    script = (
        "import altavoz_core.findings, sys\n"
        "assert not any(m.startswith('pelican') for m in sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)


def test_every_code_the_plugins_report_is_in_the_catalogue_with_its_severity():
    from altavoz_core.codes import CODES

    used: dict[str, set[str]] = {}
    for path in sorted(PLUGINS.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for code in re.findall(r"\"(AV\d{3})\"", text):
            used.setdefault(code, set())
        # Findings built directly: Finding("AV506", ERROR, ...)
        for code, severity in re.findall(r"Finding\(\s*\"(AV\d{3})\",\s*(ERROR|WARNING)", text):
            used[code].add(severity.lower())
    missing = sorted(set(used) - set(CODES))
    assert missing == []
    wrong = {code: s for code, s in used.items() if s and s != {CODES[code].severity}}
    assert wrong == {}


def private_imports(source: str) -> list[str]:
    """Modules a source imports from another package's private parts (``x._y``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [
            n for n in names if n != "__future__" and any(p.startswith("_") for p in n.split("."))
        ]
    return found


def test_no_plugin_imports_another_packages_private_modules():
    """A private module (bleach._vendor…) may change in any release without notice."""
    assert private_imports("from bleach._vendor import html5lib\nimport a._b") == [
        "bleach._vendor",
        "a._b",
    ]
    found = {
        path.relative_to(ROOT).as_posix(): private_imports(path.read_text(encoding="utf-8"))
        for path in (ROOT / "plugins").rglob("*.py")
    }
    assert {path: names for path, names in found.items() if names} == {}
