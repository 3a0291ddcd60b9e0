"""End to end: the build runs the same checks, leaves bad submissions out and sanitizes the rest."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from altavoz_moderation import ModerationError
from altavoz_submit.check import run_check
from conftest import ROOT, build_site, copy_sample_content, front_matter, read_page, write_work
from moderation_support import policy_violations

BROKEN = "content/works/lupita-mendoza/obra-rota"


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def add_broken_work(content: Path) -> Path:
    folder = content / "works" / "lupita-mendoza" / "obra-rota"
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(
        front_matter(
            {
                "title": "Obra rota",
                "artist": "lupita-mendoza",
                "date": "2026-01-01",
                "license": "GPL-3.0",
                "consent": "yes",
            }
        )
        + '\nHola <img src=x onerror="alert(1)">\n\n![Vasija de barro pintada](no-existe.jpg)\n',
        encoding="utf-8",
    )
    return folder


def test_broken_work_is_left_out_the_rest_publishes_and_nothing_is_modified(tmp_path, caplog):
    content = copy_sample_content(tmp_path / "content")
    add_broken_work(content)
    before = tree_hashes(content)
    works_dir = ROOT / "content" / "works"
    sample_works = sorted(
        p.parent.relative_to(works_dir).as_posix() for p in works_dir.glob("*/*/index.md")
    )
    assert len(sample_works) >= 10

    output = build_site(content, tmp_path / "output")

    for work in sample_works:
        assert (output / "works" / work / "index.html").is_file(), work
    assert not (output / "works/lupita-mendoza/obra-rota").exists()
    assert "Obra rota" not in read_page(output, "index.html")
    assert "Obra rota" not in read_page(output, "artists/lupita-mendoza/index.html")
    assert not [p for p in output.rglob("*") if "obra-rota" in p.as_posix()]
    assert f"skipping {BROKEN}: AV" in caplog.text

    text, code = run_check(tmp_path, None, "text")
    assert code == 1
    assert f"{BROKEN}/index.md" in text and "AV211" in text and "AV301" in text and "AV401" in text
    assert tree_hashes(content) == before


def test_strict_build_fails_on_any_error(tmp_path, tiny_content):
    from pelican.plugins.i18n_subsites import i18n_subsites

    write_work(tiny_content, "ana-rivera", "mala", license="nada")
    try:
        with pytest.raises(ModerationError, match="content/works/ana-rivera/mala"):
            build_site(tiny_content, tmp_path / "output", ALTAVOZ_STRICT=True)
        assert not (tmp_path / "output" / "index.html").exists()
    finally:
        # A build stopped midway leaves i18n_subsites believing a subsite comes next.
        i18n_subsites._MAIN_SETTINGS = None


def test_strict_build_passes_when_there_are_only_warnings(tmp_path, tiny_content):
    write_work(tiny_content, "ana-rivera", "aviso", title="Con <b>etiquetas</b>")
    output = build_site(tiny_content, tmp_path / "output", ALTAVOZ_STRICT=True)
    assert (output / "works/ana-rivera/aviso/index.html").is_file()


def test_blog_post_and_page_with_errors_are_dropped_everywhere(tmp_path, tiny_content, caplog):
    (tiny_content / "blog" / "mala.md").write_text(
        front_matter({"title": "Entrada mala", "date": "2026-02-01", "lang": "es", "template": "x"})
        + "\nTexto.\n",
        encoding="utf-8",
    )
    (tiny_content / "pages" / "mala.md").write_text(
        front_matter({"title": "Página mala", "lang": "es"}) + "\n<script>alert(1)</script>Hola\n",
        encoding="utf-8",
    )
    output = build_site(tiny_content, tmp_path / "output")
    html = "\n".join(p.read_text(encoding="utf-8") for p in output.rglob("*.html"))
    feeds = "\n".join(p.read_text(encoding="utf-8") for p in output.rglob("*.xml"))
    assert "Entrada mala" not in html and "Entrada mala" not in feeds
    assert "Página mala" not in html
    assert "Bienvenida" in read_page(output, "blog/index.html")  # the good post stays
    assert "skipping content/blog/mala.md" in caplog.text
    assert "skipping content/pages/mala.md" in caplog.text


def test_published_content_is_sanitized(tmp_path, tiny_content):
    """Warnings publish, but only what the allow-list keeps reaches the page."""
    write_work(
        tiny_content,
        "ana-rivera",
        "con-formato",
        title="Con formato",
        statement=(
            'Texto <span style="color:red">rojo</span> <u>subrayado</u> y '
            "[mi sitio](https://example.org/ana).\n\n<table><tr><td>celda</td></tr></table>"
        ),
    )
    output = build_site(tiny_content, tmp_path / "output")
    page = read_page(output, "works/ana-rivera/con-formato/index.html")
    statement = page.split('class="work-statement', 1)[1].split("</div>", 1)[0]
    assert "style=" not in statement and "<u>" not in statement and "<table" not in statement
    assert "rojo" in statement and "celda" in statement
    assert (
        '<a href="https://example.org/ana" rel="nofollow ugc noopener noreferrer">mi sitio</a>'
        in statement
    )


def test_sanitizer_guards_the_build_even_when_a_check_misses(tmp_path, tiny_content, monkeypatch):
    """Defense in depth: with the rejection step switched off, the sanitizer alone still holds."""
    import altavoz_moderation
    from altavoz_moderation.report import Report

    monkeypatch.setattr(altavoz_moderation, "check_site", lambda *a, **k: Report())
    monkeypatch.setattr(altavoz_moderation, "_last_run", None)
    write_work(
        tiny_content,
        "ana-rivera",
        "hostil",
        title='"><script>alert(1)</script>',
        statement='<script>alert(1)</script><p onclick="x()">hi</p><a href="javascript:x()">y</a>',
        images=(("obra.jpg", '" onerror="alert(1)'),),
    )
    artist = tiny_content / "artists/ana-rivera/index.md"
    artist.write_text(
        artist.read_text(encoding="utf-8").replace(
            "lang: es", "lang: es\nlinks: javascript:alert(1), https://example.org/ana"
        ),
        encoding="utf-8",
    )
    output = build_site(tiny_content, tmp_path / "output")
    for relative in (
        "works/ana-rivera/hostil/index.html",
        "artists/ana-rivera/index.html",
        "index.html",
    ):
        page = read_page(output, relative)
        assert (
            policy_violations(page, document=True, allowed_script_src=_theme_scripts(page)) == []
        ), relative
    assert "https://example.org/ana" in read_page(output, "artists/ana-rivera/index.html")


def _theme_scripts(page: str) -> set[str]:
    return set(re.findall(r'<script[^>]*\ssrc="(/theme/[^"]+)"', page))


def test_templates_mark_only_sanitized_content_as_safe():
    offenders = []
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        for match in re.finditer(r"\{\{([^}]*)\|\s*safe", template.read_text(encoding="utf-8")):
            expression = match.group(1).strip()
            # A post's cover in listings is the first <picture> cut out of its own
            # sanitized content (plugins/altavoz_theme/posts.py), so it is as safe as
            # article.content itself.
            if not re.fullmatch(
                r"[a-z_]+\.(content|summary)|article\.cover_picture\|listing_picture\(.*\)",
                expression,
            ):
                offenders.append(f"{template.name}: {expression}")
    assert offenders == []


def test_dates_before_standard_time_are_written_in_utc_in_feeds_and_pages(tmp_path):
    """Mexico City kept local mean time (-06:36:36) until 1922: RFC 3339 has no seconds
    in an offset, so such dates are written in UTC; the page still shows the day."""
    import xml.etree.ElementTree as ET

    from moderation_support import make_post, make_valid_site, make_work

    content = make_valid_site(tmp_path)
    make_post(content, "viejo.md", title="Viejo", date="1910-05-01")
    make_work(content, slug="viejo", date="1915-01-01", year="1915")
    output = build_site(content, tmp_path / "output")
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in ("feeds/blog.atom.xml", "feeds/works.atom.xml", "en/feeds/blog.atom.xml"):
        dates = [e.text for e in ET.parse(output / feed).iter(atom + "published")]
        assert dates and all(re.fullmatch(r".*T..:..:..([+-]..:..|Z)", d) for d in dates)
        assert not any(re.search(r"[+-]\d\d:\d\d:\d\d$", d) for d in dates), dates
    assert "1910-05-01T06:36:36+00:00" in read_page(output, "feeds/blog.atom.xml")
    page = read_page(output, "blog/viejo/index.html")
    assert 'content="1910-05-01T06:36:36+00:00"' in page and "1910" in page


def test_a_tag_with_no_address_is_not_shown_and_writes_no_page(tmp_path):
    """Only an emoji: no slug (AV310 says it is not shown); Pelican would write its page
    at the empty slug, blog/tag/index.html, over the tag index's folder."""
    from moderation_support import make_post, make_valid_site

    content = make_valid_site(tmp_path)
    make_post(content, "dos.md", title="Dos", tags="🎨, taller")
    output = build_site(content, tmp_path / "output")
    for site in ("", "en/"):
        assert not (output / f"{site}blog/tag/index.html").exists()
        assert (output / f"{site}blog/tag/taller/index.html").is_file()
        assert "🎨" not in read_page(output, f"{site}blog/dos/index.html")


def test_an_empty_feed_is_the_same_bytes_on_every_build(tmp_path):
    """With no work published, feedgenerator dated the works feed "now": every build wrote
    new bytes, so a refused work changed the output (and an unchanged rebuild rewrote it)."""
    from moderation_support import make_valid_site

    content = make_valid_site(tmp_path)
    (content / "works" / "ana-perez" / "mural-azul" / "notas.md").write_text("x")  # AV103
    first = build_site(content, tmp_path / "first")
    second = build_site(content, tmp_path / "second")
    for feed in ("feeds/works.atom.xml", "en/feeds/works.atom.xml"):
        text = (first / feed).read_text(encoding="utf-8")
        assert "<entry>" not in text and "<updated>1970-01-01T00:00:00+00:00</updated>" in text
        assert text == (second / feed).read_text(encoding="utf-8")


def test_a_macs_companion_files_are_a_warning_and_the_work_publishes(tmp_path, tiny_content):
    """Copied from a Mac to a USB stick, every foto.jpg gets a ._foto.jpg beside it (not a
    picture at all): it is junk to leave out, never an image that refuses the work."""
    blog_images = tiny_content / "blog" / "images"
    blog_images.mkdir(parents=True, exist_ok=True)
    for folder in (tiny_content / "works/ana-rivera/maiz-azul", blog_images):
        (folder / "._foto.jpg").write_bytes(b"\x00\x05\x16\x07 Mac OS X        \x00\x02")
    text, status = run_check(tmp_path, None, "json")
    import json

    found = json.loads(text)["findings"]
    junk = [f for f in found if f["path"].endswith("._foto.jpg")]
    assert {f["code"] for f in junk} == {"AV106"}, junk
    assert all(f["severity"] == "warning" for f in junk) and status == 0
    output = build_site(tiny_content, tmp_path / "output", ALTAVOZ_STRICT=True)
    assert (output / "works/ana-rivera/maiz-azul/index.html").is_file()
    assert not [p for p in output.rglob("*") if p.name.startswith("._")]
