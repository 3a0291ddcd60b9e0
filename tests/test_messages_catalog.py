"""The checks' and the intake's messages in other languages: gettext catalogs, no Python.

The Spanish of every message is written in the code (``altavoz_core/codes.py``, the
intake's ``MESSAGES``); ``plugins/altavoz_core/locale`` holds the template and one
catalog per other language (``altavoz_core.catalogs``). These tests keep the three in
step, keep every translation's blanks, and show that a language is added by adding a
file.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
from altavoz_core import catalogs, codes, codes_md
from altavoz_core.codes import CODES, make_finding
from altavoz_submit.intake.messages import MESSAGES, message
from babel.messages.pofile import read_po, write_po
from conftest import ROOT

EN = catalogs.catalog_path("en")


def entries() -> list[catalogs.Entry]:
    from altavoz_submit.intake import messages

    return codes.catalog_entries() + messages.catalog_entries()


def read(path):
    with path.open("rb") as po:
        return read_po(po)


def write(path, catalog):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog)


@pytest.fixture
def locale(tmp_path):
    """A copy of the shipped catalogs to change."""
    copy = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, copy)
    return copy


# ------------------------------------------------------------------ the shipped catalogs


def test_every_message_of_the_code_is_in_the_template_and_translated_in_english():
    worded_here = [spec for spec in CODES.values() if spec.es is not None]
    assert len(worded_here) > 100 and len(MESSAGES) > 80
    wordings = [(spec, name) for spec in CODES.values() for name in _names(spec)]
    assert len(entries()) == len(wordings) + len(codes.PIECES) + len(MESSAGES)
    assert catalogs.problems(entries()) == []
    english = {(m.context, m.id): m.string for m in read(EN) if m.id}
    for spec, name in wordings:
        context = spec.code if name is None else f"{spec.code}:{name}"
        spanish = spec.template("es", name)
        assert english[context, spanish] == spec.template("en", name) != spanish, context
    for name, spanish in codes.PIECES.items():
        translated = catalogs.translate(f"piece:{name}", spanish, "en")
        assert english[f"piece:{name}", spanish] == translated != spanish, name
    for key, spanish in MESSAGES.items():
        context = f"intake:{key}"
        assert english[context, spanish] == catalogs.translate(context, spanish, "en") != spanish


def _names(spec):
    return ([None] if spec.es is not None else []) + [name for name, _ in spec.variants]


def test_every_wording_fills_in_both_languages_naming_the_file():
    checked = 0
    for spec in CODES.values():
        for name in _names(spec):
            finding = make_finding(spec.code, "content/x/index.md", variant=name, field="title")
            for text in (finding.message_es, finding.message_en):
                assert "content/x/index.md" in text and "{" not in text, (spec.code, name, text)
            checked += 1
    assert checked > len(CODES)  # the second wordings too


def test_every_translation_has_exactly_the_blanks_of_its_spanish():
    catalog = read(EN)
    checked = 0
    for entry in catalog:
        if entry.id:
            assert catalogs.placeholders(entry.string) == catalogs.placeholders(entry.id), (
                entry.context
            )
            checked += 1
    assert checked == len(entries())
    assert catalogs.placeholders("En {file}, {where} («{src}»)") == {"file", "where", "src"}


def test_the_catalogs_are_what_the_tool_writes_and_its_check_passes(locale):
    assert catalogs.write_catalogs(entries(), locale) == []  # nothing to change, no churn
    done = subprocess.run(
        [sys.executable, "tools/update_messages.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_the_reports_are_worded_from_the_catalog():
    finding = make_finding("AV102", "content/works/ana/mural")
    assert finding.message_es == CODES["AV102"].es.format(file="content/works/ana/mural")
    assert finding.message_en == (
        "The folder content/works/ana/mural has no index.md. Create "
        "content/works/ana/mural/index.md with the front matter and the text."
    )
    assert message("photo_empty", "en", number=2) == "Photo 2 is empty: attach it again."
    assert message("photo_empty", number=2) == "La foto 2 está vacía: adjúntala de nuevo."


def test_a_blank_worded_per_language_is_filled_from_its_language_value():
    finding = make_finding(
        "AV801",
        "content/blog/hola.md",
        address="/blog/hola/",
        other=codes.Words("site:language-site", lang="en"),
    )
    assert "que ya es el sitio en «en»." in finding.message_es
    assert "which is already the 'en' version of the site." in finding.message_en
    plain = make_finding("AV312", "content/x/index.md", field="title", line=2, chars="U+0007")
    assert "el campo «title»" in plain.message_es and "the field 'title'" in plain.message_en


def test_every_code_is_worded_from_the_table_and_the_catalogs():
    """The image files' messages too: the module that measures fills the blanks, no more."""
    assert [code for code, spec in CODES.items() if spec.es is None] == []
    assert CODES["AV520"].reported_by == "altavoz_images.validation"


def test_no_plugin_words_a_finding_in_python():
    """Words per language go through the catalogs: no value named for one language, no
    Finding built with its two messages written out."""
    wording = re.compile(r"\b(?!message_|help_)\w+_(?:es|en)\s*=|\bFinding\(\s*\"AV")
    found = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in sorted((ROOT / "plugins").rglob("*.py"))
        for text in [path.read_text(encoding="utf-8")]
        for match in wording.finditer(text)
    ]
    assert found == []
    assert wording.search('make_finding("AV1", f, where_es="x")')
    assert wording.search('Finding(\n    "AV530", ERROR')


def test_a_second_wording_and_the_pieces_of_a_message_come_from_the_catalogs(locale, monkeypatch):
    from altavoz_images.privacy import PrivateItem
    from altavoz_images.validation import privacy_finding

    items = [PrivateItem("gps", "GPSLatitude"), PrivateItem("serial", "BodySerialNumber")]
    finding = privacy_finding("content/works/ana/mural/foto.jpg", items)
    assert finding.message_en.startswith(
        "`content/works/ana/mural/foto.jpg` contains private data (GPS location, camera or "
        "lens serial numbers) that would stay public forever"
    )
    assert "(la ubicación GPS, números de serie de la cámara o del lente)" in finding.message_es
    assert finding.message_en.endswith("tap “Options” and turn off “Location”.")  # AV520:gps
    without_gps = privacy_finding("x.jpg", items[1:])
    assert (
        "next photos" not in without_gps.message_en and "(camera or lens" in without_gps.message_en
    )

    path = catalogs.catalog_path("en", locale)
    catalog = read(path)
    catalog.get(codes.PIECES["privacy:gps"], context="piece:privacy:gps").string = "where it was"
    spanish = dict(CODES["AV520"].variants)["gps"]
    catalog.get(spanish, context="AV520:gps").string = "{file} has {what}: strip it."
    write(path, catalog)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    finding = privacy_finding("x.jpg", items)
    assert finding.message_en == "x.jpg has where it was, camera or lens serial numbers: strip it."
    assert finding.message_es.startswith("`x.jpg` contiene datos privados (la ubicación GPS, ")


def test_what_the_site_writes_itself_is_named_in_each_language():
    from altavoz_moderation.model.addresses import SITE_PARTS

    assert set(SITE_PARTS.values()) <= set(codes.PIECES)
    finding = make_finding(
        "AV801", "content/blog/x.md", address="/index.html", other=codes.Words("site:blog-index")
    )
    assert "/index.html, que ya es la portada del blog." in finding.message_es
    assert "/index.html, which is already the blog's front page." in finding.message_en
    tag = codes.Words("site:blog-tag", name="maíz")
    assert (tag.text("es"), tag.text("en")) == (
        "la página de la etiqueta «maíz»",
        "the page of the tag 'maíz'",
    )
    assert (
        tag == codes.Words("site:blog-tag", name="maíz")
        and len({tag, codes.Words("site:blog-tag", name="maíz")}) == 1
    )


def test_a_reserved_address_is_named_in_words_in_each_language(tmp_path):
    from altavoz_moderation.report import check_site
    from altavoz_submit.project import project_settings
    from moderation_support import make_valid_site

    content = make_valid_site(tmp_path)
    (content / "pages").mkdir(exist_ok=True)
    (content / "pages" / "media.md").write_text("---\ntitle: Media\n---\n\nTexto.\n", "utf-8")
    [finding] = [f for f in check_site(content, project_settings(ROOT)).findings]
    assert finding.code == "AV801"
    assert "se publicaría en /media/, que ya es una sección del sitio." in finding.message_es
    assert "at /media/, which is already a section of the site." in finding.message_en


def test_a_missing_codeowners_file_is_said_in_a_sentence_of_its_own():
    missing = make_finding("AV701", ".github/CODEOWNERS", variant="missing")
    assert missing.message_es.startswith(".github/CODEOWNERS no existe: se genera con los usuarios")
    assert missing.message_en.startswith(".github/CODEOWNERS is missing: it is generated from")
    stale = make_finding("AV701", ".github/CODEOWNERS")
    assert stale.message_en.startswith(".github/CODEOWNERS is out of date with the GitHub users")


def test_a_duration_is_worded_in_each_language():
    assert (
        codes.seconds(1).text("es") == "1 segundo" and codes.seconds(1.0).text("en") == "1 second"
    )
    assert codes.seconds(2.5).text("es") == "2.5 segundos"
    assert codes.seconds(10).text("en") == "10 seconds"
    with pytest.raises(KeyError, match="no piece named"):
        codes.Words("no:such-piece")


def test_the_catalogs_ship_in_the_package():
    """A wheel carries them (package data); the slow wheel test in test_packaging builds one."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["altavoz_core"]
    package = ROOT / "plugins" / "altavoz_core"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    assert {catalogs.template_path(), EN} <= shipped
    assert catalogs.LOCALE_DIR.parent == package.resolve()


# ------------------------------------------------------------------ CODES.md


def test_codes_md_is_written_from_the_codes_and_the_catalogs():
    written = codes_md.PATH.read_text(encoding="utf-8")
    assert codes_md.problems() == [] and written == codes_md.render()
    rows = re.findall(r"^\| (AV\d{3}) \| (error|warning) \| (.*) \|$", written, re.MULTILINE)
    assert {code: severity for code, severity, _ in rows} == {
        code: spec.severity for code, spec in CODES.items()
    }
    # Each wording's row shows its Spanish and its English template, as the reports word them.
    av102 = next(cells for code, _, cells in rows if code == "AV102")
    assert av102 == (
        "index.md missing | Falta el archivo index.md en la carpeta {file}. Crea "
        "{file}/index.md con el encabezado (front matter) y el texto. | The folder {file} has "
        "no index.md. Create {file}/index.md with the front matter and the text."
    )
    assert written.index("## AV1xx — Structure") < written.index("| AV101 |")
    assert written.index("## AV9xx — Review of a branch") < written.index("| AV901 |")
    # Markdown would take <obra> for HTML: shown as written.
    assert "content/works/\\<artista\\>/\\<obra\\>/" in written


def test_codes_md_out_of_step_is_named_by_the_check_and_rewritten_by_the_tool(
    tmp_path, monkeypatch
):
    copy = tmp_path / "CODES.md"
    text = codes_md.PATH.read_text(encoding="utf-8")
    copy.write_text(text.replace("index.md missing", "index.md absent"), encoding="utf-8")
    line = text[: text.index("index.md missing")].count("\n") + 1
    monkeypatch.setattr(codes_md, "PATH", copy)
    tool = _tool()
    assert tool.main(["--check"]) == 1
    assert codes_md.problems() == [
        f"CODES.md:{line}: out of step with codes.py and the catalogs "
        "(run python tools/update_messages.py)"
    ]
    monkeypatch.setattr(catalogs, "write_catalogs", lambda entries: [])  # leave locale/ alone
    assert tool.main([]) == 0
    assert copy.read_text(encoding="utf-8") == text


def test_a_changed_message_changes_codes_md(monkeypatch):
    changed = dataclasses.replace(CODES["AV102"], es="Falta index.md en {file}.")
    monkeypatch.setitem(CODES, "AV102", changed)
    assert (
        "| AV102 | error | index.md missing | Falta index.md en {file}. "
        "| Falta index.md en {file}. |" in codes_md.render()
    )
    assert codes_md.problems() != []


def _tool():
    """tools/update_messages.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "update_messages", ROOT / "tools/update_messages.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ what the test above catches


def test_a_message_missing_from_the_catalogs_is_named(locale):
    new = catalogs.Entry("AV999", "Mensaje nuevo sobre {file}.")
    found = catalogs.problems([*entries(), new], locale)
    assert found == [
        "locale/messages.pot: missing AV999 'Mensaje nuevo sobre {file}.'",
        "locale/en/LC_MESSAGES/messages.po: missing AV999 'Mensaje nuevo sobre {file}.'",
    ]


def test_a_stale_or_untranslated_entry_and_a_lost_blank_are_named(locale):
    path = catalogs.catalog_path("en", locale)
    catalog = read(path)
    catalog.get(CODES["AV102"].es, context="AV102").string = "The folder {folder} has no index.md."
    catalog.get(MESSAGES["photo_empty"], context="intake:photo_empty").flags.add("fuzzy")
    catalog.add("Un mensaje que el código ya no tiene.", "A message gone.", context="AV998")
    write(path, catalog)
    found = catalogs.problems(entries(), locale)
    assert found == [
        "locale/en/LC_MESSAGES/messages.po: stale AV998 'Un mensaje que el código ya no tiene.'",
        "messages.po (en) AV102: the translation has the blanks ['folder'], the Spanish ['file']",
        "messages.po (en) intake:photo_empty: no English translation",
    ]


# ------------------------------------------------------------------ another language


def test_a_third_language_needs_only_its_catalog(locale, monkeypatch):
    template = read(catalogs.template_path(locale))
    template.locale = None
    av102 = CODES["AV102"].es
    french = "Le dossier {file} n'a pas de index.md. Crée {file}/index.md avec l'en-tête."
    template.get(av102, context="AV102").string = french
    empty = MESSAGES["photo_empty"]
    template.get(empty, context="intake:photo_empty").string = "La photo {number} est vide."
    write(catalogs.catalog_path("fr", locale), template)

    monkeypatch.setattr(catalogs, "LOCALE_DIR", locale)
    assert catalogs.languages() == ["es", "en", "fr"]
    assert CODES["AV102"].template("fr").startswith("Le dossier {file} n'a pas")
    assert message("photo_empty", "fr", number=3) == "La photo 3 est vide."
    # What nobody translated yet shows in Spanish, the source language.
    assert CODES["AV101"].template("fr") == CODES["AV101"].es
    assert message("photo_missing", "fr", number=3) == message("photo_missing", "es", number=3)
    # English is untouched, and an incomplete third language is not a problem.
    assert message("photo_empty", "en", number=3) == "Photo 3 is empty: attach it again."
    assert catalogs.problems(entries()) == []


def test_a_language_that_is_not_a_language_name_reads_no_file(locale):
    assert catalogs.translate("AV102", CODES["AV102"].es, "../locale/en") == CODES["AV102"].es
    assert catalogs.translate("AV102", CODES["AV102"].es, "en/../en") == CODES["AV102"].es
    assert catalogs.translate("AV102", CODES["AV102"].es, None) == CODES["AV102"].es
    (locale / "x.y" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(catalogs.catalog_path("en", locale), locale / "x.y" / "LC_MESSAGES")
    assert catalogs.languages(locale) == ["es", "en"]


def test_a_broken_catalog_is_named_with_its_line(locale):
    path = catalogs.catalog_path("en", locale)
    path.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    with pytest.raises(catalogs.CatalogError, match=r"messages\.po:\d+: "):
        catalogs.problems(entries(), locale)


# ------------------------------------------------------------------ the tool


def test_the_tool_merges_new_changed_and_removed_messages(locale):
    changed = catalogs.Entry("AV102", CODES["AV102"].es.replace("(front matter) ", ""))
    kept = [e for e in entries() if e.context not in ("AV102", "intake:photo_empty")]
    new = catalogs.Entry("AV999", "Mensaje nuevo sobre {file}.", comment="AV999: new")
    written = catalogs.write_catalogs([*kept, changed, new], locale)
    en = catalogs.catalog_path("en", locale)
    assert written == [catalogs.template_path(locale), en]

    catalog = read(en)
    fresh = catalog.get(new.spanish, context="AV999")
    assert fresh.string == "" and "python-brace-format" in fresh.flags
    assert fresh.auto_comments == ["AV999: new"]
    # The old English is kept for the translator, marked fuzzy, and not shown.
    guess = catalog.get(changed.spanish, context="AV102")
    assert guess.fuzzy and guess.string.startswith("The folder {file} has no index.md")
    assert catalogs.translate("AV102", changed.spanish, "en", locale) == changed.spanish
    assert catalog.get(MESSAGES["photo_empty"], context="intake:photo_empty") is None
    assert catalogs.problems([*kept, changed, new], locale) == [
        "messages.po (en) AV102: no English translation",
        "messages.po (en) AV999: no English translation",
    ]
