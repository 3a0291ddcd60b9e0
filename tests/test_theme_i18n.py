"""Two languages: Spanish at /, the whole interface in English at /en/, content in its language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from altavoz_theme.catalog import CatalogError, read_catalog, translations_from
from altavoz_theme.dates import long_date
from conftest import ROOT, build_site, front_matter, read_page, write_artist, write_work

TEMPLATES = ROOT / "theme" / "templates"
EN_CATALOG = ROOT / "theme" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def template_messages():
    """Every (msgid or (singular, plural)) the templates pass to _() or ngettext()."""
    from jinja2 import Environment

    env = Environment(extensions=["jinja2.ext.i18n"])
    found = set()
    for path in TEMPLATES.rglob("*.html"):
        for _line, function, message in env.extract_translations(path.read_text("utf-8")):
            strings = [message] if isinstance(message, str) else [m for m in message if m]
            found.add((function, tuple(strings), path.name))
    return found


def translated(catalog, msgid: str) -> tuple[str, ...]:
    """The translations of an entry (one per plural form), empty when there is none."""
    message = catalog.get(msgid)
    if message is None:
        return ()
    return message.string if message.pluralizable else (message.string,)


def test_every_interface_text_has_an_english_translation():
    catalog = read_catalog(EN_CATALOG, "en")
    missing = []
    for function, strings, template in template_messages():
        forms = 2 if function == "ngettext" else 1
        if len(translated(catalog, strings[0])) != forms:
            missing.append((template, strings[0]))
    assert not missing, f"add these to {EN_CATALOG.relative_to(ROOT)}: {sorted(missing)}"


def test_translations_keep_their_placeholders():
    catalog = read_catalog(EN_CATALOG, "en")
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        for text in translated(catalog, source):
            assert set(placeholder.findall(source)) == set(placeholder.findall(text)), source


def test_po_reader_handles_plurals_multiline_and_fuzzy(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid ""\n"Hola "\n"mundo"\nmsgstr "Hello world"\n\n'
        '#, fuzzy\nmsgid "Adiós"\nmsgstr "Bye?"\n\n'
        'msgid "Vacío"\nmsgstr ""\n\n'
        'msgid "%(num)d obra"\nmsgid_plural "%(num)d obras"\n'
        'msgstr[0] "%(num)d work"\nmsgstr[1] "%(num)d works"\n',
        encoding="utf-8",
    )
    catalog = translations_from(read_catalog(po, "en"))
    assert catalog.gettext("Hola mundo") == "Hello world"
    assert catalog.gettext("Adiós") == "Adiós"  # fuzzy entries are not trusted
    assert catalog.gettext("Vacío") == "Vacío"  # nor empty ones
    assert catalog.ngettext("%(num)d obra", "%(num)d obras", 1) == "%(num)d work"
    assert catalog.ngettext("%(num)d obra", "%(num)d obras", 3) == "%(num)d works"
    assert catalog.gettext("Sin traducir") == "Sin traducir"


def test_po_reader_names_the_line_of_a_broken_catalog(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text('msgid "Hola"\nmsgstr "Hello"\n\nmsgid "Adiós"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"messages.po:4"):
        read_catalog(po, "en")


def test_dates_are_written_in_the_interface_language():
    day = dt.date(2026, 3, 14)
    assert long_date(day, "es") == "14 de marzo de 2026"
    assert long_date(day, "en") == "March 14, 2026"
    autumn = dt.datetime(2026, 9, 1, 23, 30)
    assert long_date(autumn, "es") == "1 de septiembre de 2026"  # not Peru's "setiembre"
    assert long_date(autumn, "en") == "September 1, 2026"


@pytest.fixture
def bilingual_site(tiny_content, tmp_path) -> Path:
    """The tiny site plus an English artist and work, and a post and a page in both languages."""
    write_artist(tiny_content, "river-collective", name="River Collective", lang="en")
    write_work(tiny_content, "river-collective", "living-water", title="Living water", lang="en")
    (tiny_content / "blog" / "welcome.md").write_text(
        front_matter({"title": "Welcome", "date": "2026-01-10", "slug": "bienvenida", "lang": "en"})
        + "\nWe open the gallery.\n",
        encoding="utf-8",
    )
    (tiny_content / "blog" / "solo.md").write_text(
        front_matter({"title": "Solo en español", "date": "2026-01-12", "slug": "solo"})
        + "\nSin traducción.\n",
        encoding="utf-8",
    )
    (tiny_content / "pages" / "about.md").write_text(
        front_matter({"title": "About", "slug": "acerca", "lang": "en"}) + "\nWho we are.\n",
        encoding="utf-8",
    )
    return build_site(tiny_content, tmp_path / "output")


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_english_interface_is_a_full_second_site(bilingual_site):
    spanish = read_page(bilingual_site, "index.html")
    english = read_page(bilingual_site, "en/index.html")
    assert html_lang(spanish) == "es" and html_lang(english) == "en"
    assert "<h1>Galería</h1>" in spanish and "<h1>Gallery</h1>" in english
    assert ">Artists</a>" in english and "Skip to content" in english
    for path in (
        "works/ana-rivera/maiz-azul/index.html",
        "artists/ana-rivera/index.html",
        "artists/index.html",
        "tags/maiz/index.html",
        "tags/index.html",
        "blog/index.html",
        "acerca/index.html",
        "404.html",
    ):
        assert read_page(bilingual_site, path) and read_page(bilingual_site, "en/" + path)


def test_content_keeps_its_own_language_in_either_interface(bilingual_site):
    english_ui = read_page(bilingual_site, "en/works/ana-rivera/maiz-azul/index.html")
    assert '<h1 lang="es">Maíz azul</h1>' in english_ui
    assert "<dt>Medium</dt>" in english_ui and "March 1, 2026" in english_ui
    spanish_ui = read_page(bilingual_site, "works/river-collective/living-water/index.html")
    assert '<h1 lang="en">Living water</h1>' in spanish_ui
    assert "<dt>Técnica</dt>" in spanish_ui and "15 de enero de 2026" in spanish_ui


def test_language_switcher_points_to_the_same_page(bilingual_site):
    page = read_page(bilingual_site, "works/ana-rivera/maiz-azul/index.html")
    assert 'href="/en/works/ana-rivera/maiz-azul/" hreflang="en"' in page
    back = read_page(bilingual_site, "en/works/ana-rivera/maiz-azul/index.html")
    assert 'href="/works/ana-rivera/maiz-azul/" hreflang="es"' in back


def test_translated_posts_and_pages_link_to_each_other(bilingual_site):
    spanish = read_page(bilingual_site, "blog/bienvenida/index.html")
    english = read_page(bilingual_site, "en/blog/bienvenida/index.html")
    assert "Abrimos la galería." in spanish and "We open the gallery." in english
    assert 'href="/en/blog/bienvenida/" hreflang="en"' in spanish
    assert 'href="/blog/bienvenida/" hreflang="es"' in english
    about = read_page(bilingual_site, "en/acerca/index.html")
    assert "Who we are." in about and 'href="/acerca/" hreflang="es"' in about


def test_untranslated_post_appears_in_both_interfaces_marked_spanish(bilingual_site):
    english = read_page(bilingual_site, "en/blog/solo/index.html")
    assert '<article class="post" lang="es">' in english
    assert html_lang(english) == "en"
    assert "Solo en español" in read_page(bilingual_site, "en/blog/index.html")


def test_a_catalog_is_compiled_once_and_again_when_it_is_edited(tmp_path):
    from altavoz_theme.catalog import catalog_path, load_catalog

    po = catalog_path(tmp_path, "en")
    po.parent.mkdir(parents=True)

    def write(translation: str) -> None:
        po.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "Hola"\nmsgstr "{translation}"\n', "utf-8")

    write("Hello")
    first = load_catalog(tmp_path, "en", "es")
    assert first.gettext("Hola") == "Hello"
    assert load_catalog(tmp_path, "en", "es") is first  # every generator of every build
    write("Hi there")  # a translator's edit while the live preview runs
    assert load_catalog(tmp_path, "en", "es").gettext("Hola") == "Hi there"


def test_a_language_filter_on_a_constant_is_applied_for_each_language(tmp_path):
    """Jinja folds filters on constants while compiling, and every language site shares
    the compiled templates: those of the interface's language must wait for the page."""
    import jinja2
    from altavoz_theme.compiled import use_bytecode_cache
    from altavoz_theme.jinja import at_render

    def rendered(lang: str) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": '{{ "x"|lang }}'}))
        env.filters["lang"] = at_render(lambda value: f"{value}-{lang}")
        use_bytecode_cache(env, str(tmp_path))
        return env.get_template("t.html").render()

    assert rendered("es") == "x-es"
    assert rendered("en") == "x-en"  # from the cache the Spanish site compiled
    assert list(tmp_path.rglob("*.cache"))


def test_a_filter_that_comes_to_take_the_context_gets_templates_compiled_anew(tmp_path):
    """Compiled for a plain filter, a template breaks once the filter takes the context
    (an upgrade of the theme's code): the two never share compiled templates."""
    import jinja2
    from altavoz_theme.compiled import use_bytecode_cache
    from altavoz_theme.jinja import at_render

    def rendered(wrap) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": "{{ v|up }}"}))
        env.filters["up"] = wrap(str.upper)
        use_bytecode_cache(env, str(tmp_path))
        return env.get_template("t.html").render(v="hola")

    assert rendered(lambda function: function) == "HOLA"
    assert rendered(at_render) == "HOLA"  # not from the plain filter's compiled template
