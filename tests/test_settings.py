"""One settings story: a table of defaults per plugin, derived keys in one place, one reader.

Each plugin's knobs live in its ``settings.DEFAULTS``; its ``set_default_settings`` fills
them in with ``altavoz_core.settings.apply_defaults``. Keys that follow the main site's
own settings (its address, output and cache folders) are listed in
``altavoz_core.settings.DERIVED`` and set by ``derive_settings`` only: in the build from
one ``initialized`` receiver, elsewhere by the one completer
(``altavoz_submit.project.complete_settings``). Settings files are read in
``altavoz_submit.project`` only. Every default is read by some code or template, so a
setting in the table does what it says.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from altavoz_core.settings import DERIVED, apply_defaults, derive_settings, remember_main_site
from altavoz_submit.project import (
    PLUGIN_DEFAULTS,
    complete_settings,
    create_settings,
    project_settings,
)
from altavoz_theme.settings import THEME_DIR
from conftest import ROOT
from pelican.settings import DEFAULT_CONFIG
from test_packaging import python_files_of_the_project

PLUGINS = (
    "altavoz_moderation",
    "altavoz_images",
    "altavoz_gallery",
    "altavoz_theme",
    "altavoz_agenda",
    "altavoz_submit",
)


@pytest.mark.parametrize("plugin", PLUGINS)
def test_each_plugin_fills_in_its_one_table_without_touching_what_the_site_set(plugin):
    settings_module = importlib.import_module(f"{plugin}.settings")
    key = next(iter(settings_module.DEFAULTS))
    filled = settings_module.set_default_settings({key: "the site's own"})
    assert filled[key] == "the site's own"
    assert all(
        filled[name] == value for name, value in settings_module.DEFAULTS.items() if name != key
    )
    assert settings_module.DEFAULTS in PLUGIN_DEFAULTS


def test_defaults_are_copied_so_a_build_cannot_change_a_plugins_table():
    defaults = {"ALTAVOZ_X": {"a": [1]}}
    settings = apply_defaults({}, defaults)
    settings["ALTAVOZ_X"]["a"].append(2)
    assert defaults == {"ALTAVOZ_X": {"a": [1]}}


def test_create_settings_is_every_default_then_the_overrides():
    settings = create_settings(ALTAVOZ_IMAGES_WIDTHS=(100,), OUTPUT_PATH="x")
    assert settings["ALTAVOZ_IMAGES_WIDTHS"] == (100,) and settings["OUTPUT_PATH"] == "x"
    for table in PLUGIN_DEFAULTS:
        assert {
            k: v for k, v in table.items() if k != "ALTAVOZ_IMAGES_WIDTHS" and k not in DERIVED
        }.items() <= settings.items()


def test_the_completer_runs_every_plugins_own_filling_in_then_derives():
    settings = complete_settings(
        {"THEME": DEFAULT_CONFIG["THEME"], "OUTPUT_PATH": "/s/out", "CACHE_PATH": "/s/c"}
    )
    assert settings["THEME"] == str(THEME_DIR)  # the theme's own set_default_settings ran
    assert settings["ALTAVOZ_MAIN_OUTPUT_PATH"] == "/s/out"
    assert settings["ALTAVOZ_IMAGES_CACHE_DIR"] == "/s/c/altavoz_images"
    assert settings["ALTAVOZ_MEMO_PATH"] == "/s/c/altavoz-memo"
    assert settings["ALTAVOZ_THEME_TEMPLATE_CACHE_DIR"] == "/s/c/jinja"
    assert complete_settings(dict(settings)) == settings  # completing twice changes nothing


def test_a_language_subsite_keeps_every_derived_key_of_the_main_site():
    """What i18n_subsites does: copy the main site's settings after its ``initialized``,
    give the copy its own address, output and cache, and start a Pelican with it."""
    main = {"SITEURL": "https://a.test", "OUTPUT_PATH": "/s/out", "CACHE_PATH": "/s/c"}
    remember_main_site(SimpleNamespace(settings=main))
    subsite = {**main, "SITEURL": "https://a.test/en", "OUTPUT_PATH": "/s/out/en"}
    subsite["CACHE_PATH"] = "/s/c/en"
    remember_main_site(SimpleNamespace(settings=subsite))
    assert {key: subsite[key] for key in DERIVED} == {
        "ALTAVOZ_MAIN_SITEURL": "https://a.test",
        "ALTAVOZ_MAIN_OUTPUT_PATH": "/s/out",
        "ALTAVOZ_IMAGES_CACHE_DIR": "/s/c/altavoz_images",
        "ALTAVOZ_MEMO_PATH": "/s/c/altavoz-memo",
        "ALTAVOZ_THEME_TEMPLATE_CACHE_DIR": "/s/c/jinja",
    }
    # A key the site set is its own; an empty address is an address (a local preview).
    own = derive_settings({"SITEURL": "", "CACHE_PATH": "/c", "ALTAVOZ_MEMO_PATH": "/m"})
    assert own["ALTAVOZ_MAIN_SITEURL"] == "" and own["ALTAVOZ_MEMO_PATH"] == "/m"


def derived_keys_set_in(source: str) -> list[str]:
    """Derived keys a source sets itself: ``x["KEY"] = …`` or ``x.setdefault("KEY", …)``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
                    found.append(target.slice.value)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "setdefault"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append(node.args[0].value)
    return [key for key in found if key in DERIVED]


def test_derived_keys_are_set_in_one_place():
    """No plugin or tool computes a derived key of its own (they were set in four places).
    Tests and benchmarks may set one, as a site's pelicanconf.py may."""
    assert derived_keys_set_in('s["ALTAVOZ_MEMO_PATH"] = 1\ns.setdefault("ALTAVOZ_MAIN_SITEURL")')
    code = [
        path
        for path in python_files_of_the_project()
        if path.relative_to(ROOT).parts[0] not in ("tests", "benchmarks")
    ]
    assert ROOT / "plugins" / "altavoz_images" / "settings.py" in code
    setters = {
        path.relative_to(ROOT).as_posix(): keys
        for path in code
        if (keys := derived_keys_set_in(path.read_text(encoding="utf-8")))
    }
    assert setters == {}


# Pelican's readers of a settings file.
SETTINGS_READERS = {"read_settings", "get_settings_from_file", "get_settings_from_module"}
SETTINGS_READERS |= {"load_source"}


def settings_readers_in(source: str) -> list[str]:
    """Pelican's settings readers a source calls (``read_settings(None, …)``, Pelican's
    defaults without a file, is no reader), and runpy if it imports it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            without_file = node.args and ast.unparse(node.args[0]) == "None"
            if name in SETTINGS_READERS and not (name == "read_settings" and without_file):
                found.append(name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] + [getattr(node, "module", None)]
            found += ["runpy"] if "runpy" in names else []
    return found


def test_there_is_one_settings_factory_and_no_other_loader_anywhere():
    """Settings files are read by ``altavoz_submit.project`` only: once also by tasks.py,
    publishconf.py, the site benchmark and the tests' helpers, each its own way."""
    assert settings_readers_in("read_settings(path, override=o)") == ["read_settings"]
    assert settings_readers_in("pelican.settings.get_settings_from_file(x)")
    assert settings_readers_in("read_settings(None, override=o)") == []
    definitions, loaders = [], {}
    for path in python_files_of_the_project():
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in (
                "create_settings",
                "complete_settings",
                "project_settings",
                "pelican_settings",
            ):
                definitions.append((where, node.name))
        found = settings_readers_in(path.read_text(encoding="utf-8"))
        # tasks.py runs a tool's script with runpy (tools/screenshots.py), no settings
        if where == "tasks.py":
            found = [name for name in found if name != "runpy"]
        if found and where != "plugins/altavoz_submit/project.py":
            loaders[where] = found
    assert sorted(definitions) == [
        ("plugins/altavoz_submit/project.py", "complete_settings"),
        ("plugins/altavoz_submit/project.py", "create_settings"),
        ("plugins/altavoz_submit/project.py", "pelican_settings"),
        ("plugins/altavoz_submit/project.py", "project_settings"),
    ]
    assert loaders == {}


def test_the_tools_read_pelicanconf_as_pelican_does():
    settings = project_settings(ROOT)
    assert settings["PATH"] == str(ROOT / "content")  # made absolute by read_settings
    assert settings["ALTAVOZ_REPOSITORY"]  # the site's own value
    assert settings["MARKDOWN"]  # Pelican's default, no copy of it in the plugins
    assert settings["ALTAVOZ_SUBMIT_MAINTAINERS"]  # and every plugin's default


def _code_and_templates() -> str:
    texts = []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.name != "settings.py":
            texts.append(path.read_text(encoding="utf-8"))
        else:  # a settings module may read its own keys in its helpers, not in its table
            source = path.read_text(encoding="utf-8")
            texts.append(re.sub(r"^DEFAULTS.*?^}\n", "", source, flags=re.S | re.M))
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "theme").rglob("*.html"))]
    return "\n".join(texts)


def _read_by_pelican(key: str, used: str) -> bool:
    """Pelican's content and URL classes read ``<CLASS>_URL`` and ``<CLASS>_SAVE_AS``."""
    match = re.fullmatch(r"([A-Z]+)_(URL|SAVE_AS)", key)
    return bool(match) and re.search(rf"^class {match[1]}\(", used, re.M | re.I) is not None


def test_every_default_is_read_by_some_code_or_template():
    used = _code_and_templates()
    unread = sorted(
        key
        for table in PLUGIN_DEFAULTS
        for key in table
        if not re.search(rf"\b{key}\b", used) and not _read_by_pelican(key, used)
    )
    assert unread == []


def _pelicans_own_code() -> str:
    """Pelican's code and the i18n_subsites plugin's, without the table of defaults (a key
    listed there is read by Pelican's own themes at most, not by this site's)."""
    import pelican
    import pelican.plugins.i18n_subsites as subsites

    texts = []
    for folder in (Path(pelican.__file__).parent, Path(subsites.__file__).parent):
        for path in sorted(folder.rglob("*.py")):
            if "tests" not in path.parts and path != Path(pelican.__file__).with_name(
                "settings.py"
            ):
                texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def _set_by(config: Path) -> set[str]:
    tree = ast.parse(config.read_text(encoding="utf-8"))
    return {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.isupper()
    }


def _read_by_pelicans_url_settings(key: str, direct_templates: list[str]) -> bool:
    """Pelican composes the names it reads: ``<KIND>_URL``, ``<KIND>_LANG_SAVE_AS``... of
    its content kinds, and ``<TEMPLATE>_SAVE_AS`` of each direct template the site lists."""
    from pelican.settings import DEFAULT_CONFIG

    kinds = key in DEFAULT_CONFIG and re.fullmatch(r"[A-Z]+_(LANG_)?(URL|SAVE_AS)", key)
    direct = {f"{name.upper()}_{end}" for name in direct_templates for end in ("URL", "SAVE_AS")}
    return bool(kinds) or key in direct


def test_the_site_sets_only_settings_something_reads():
    """A setting nothing reads misleads whoever edits it (MENUITEMS changed no menu)."""
    used = _code_and_templates() + (ROOT / "tasks.py").read_text(encoding="utf-8")
    pelicans = _pelicans_own_code()
    set_here = _set_by(ROOT / "pelicanconf.py") | _set_by(ROOT / "publishconf.py")
    assert {"SITENAME", "ARTICLE_URL", "ALTAVOZ_REPOSITORY", "SITEURL"} <= set_here
    unread = sorted(
        key
        for key in set_here - {"ROOT"}  # pelicanconf's own name for its folder
        if not re.search(rf"\b{key}\b", used)
        and not re.search(rf"\b{key}\b", pelicans)
        and not _read_by_pelicans_url_settings(key, project_settings(ROOT)["DIRECT_TEMPLATES"])
    )
    assert unread == []


def test_a_bare_folder_reads_and_caches_inside_itself_whatever_the_working_folder(
    tmp_path, monkeypatch
):
    """`invoke check` on a folder without pelicanconf.py once cached into the folder it was
    run from (Pelican's default CACHE_PATH is relative): a test run filled the checkout's."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (tmp_path / "site" / "content").mkdir(parents=True)
    settings = project_settings(tmp_path / "site")
    assert settings["PATH"] == str(tmp_path / "site" / "content")
    assert settings["CACHE_PATH"] == str(tmp_path / "site" / "cache")
    # A pelicanconf.py that does not name a cache folder: Pelican's default, also root's.
    (tmp_path / "site" / "pelicanconf.py").write_text("SITENAME = 'Otra'\n", encoding="utf-8")
    assert project_settings(tmp_path / "site")["CACHE_PATH"] == str(tmp_path / "site" / "cache")


def other_plugins_settings_imported(source: str, own: str) -> list[str]:
    """Settings modules of the other plugins (the core's helpers aside) ``source`` imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        found += [
            module
            for module in modules
            if re.fullmatch(r"altavoz_\w+\.settings", module)
            and module.split(".")[0] not in (own, "altavoz_core")
        ]
    return found


def test_only_the_completer_knows_every_plugins_table():
    """A plugin reads another's settings from the completed settings it is given: the
    moderation once filled in the gallery's and the theme's tables itself to place pages."""
    assert other_plugins_settings_imported(
        "from altavoz_theme import settings as t\nimport altavoz_gallery.settings\n"
        "from altavoz_core.settings import apply_defaults\nfrom .settings import DEFAULTS",
        own="altavoz_moderation",
    ) == ["altavoz_theme.settings", "altavoz_gallery.settings"]
    importers = {
        path.relative_to(ROOT).as_posix(): names
        for path in sorted((ROOT / "plugins").rglob("*.py"))
        if (
            names := other_plugins_settings_imported(
                path.read_text(encoding="utf-8"), own=path.relative_to(ROOT / "plugins").parts[0]
            )
        )
    }
    assert importers == {
        "plugins/altavoz_submit/project.py": [
            "altavoz_agenda.settings",
            "altavoz_gallery.settings",
            "altavoz_images.settings",
            "altavoz_moderation.settings",
            "altavoz_theme.settings",
        ]
    }
