"""One settings story: a table of defaults per plugin, one way to fill them in, one reader.

Each plugin's knobs live in its ``settings.DEFAULTS``; its ``set_default_settings`` fills
them in with ``altavoz_core.settings.apply_defaults``; the tools read ``pelicanconf.py``
with Pelican's ``read_settings`` (``altavoz_submit.project``), and tests make settings
with the one ``create_settings``. Every default is read by some code or template, so a
setting in the table does what it says.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from altavoz_core.settings import apply_defaults
from altavoz_submit.project import PLUGIN_DEFAULTS, create_settings, project_settings
from conftest import ROOT

PLUGINS = (
    "altavoz_moderation",
    "altavoz_images",
    "altavoz_gallery",
    "altavoz_theme",
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
            k: v for k, v in table.items() if k != "ALTAVOZ_IMAGES_WIDTHS"
        }.items() <= settings.items()


def test_there_is_one_settings_factory_and_no_other_loader():
    definitions, loaders = [], []
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "create_settings":
                definitions.append(path.relative_to(ROOT).as_posix())
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if "runpy" in names:
                    loaders.append(path.relative_to(ROOT).as_posix())
    assert definitions == ["plugins/altavoz_submit/project.py"]
    assert loaders == []


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
