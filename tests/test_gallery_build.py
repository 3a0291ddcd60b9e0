"""End-to-end: a small site built from scratch shows every work where visitors look for it."""

import re

from conftest import build_site, read_page, write_work


def test_each_work_has_a_page_with_title_artist_statement_and_image(tiny_content, tmp_path):
    output = build_site(tiny_content, tmp_path / "output")
    page = read_page(output, "works/ana-rivera/maiz-azul/index.html")
    assert '<h1 lang="es">Maíz azul</h1>' in page
    assert 'href="/artists/ana-rivera/"' in page and "Ana Rivera" in page
    assert "Una declaración de la artista sobre la obra." in page
    assert 'alt="Pintura de un sol rojo sobre fondo ocre"' in page


def test_gallery_index_lists_works_newest_first(tiny_content, tmp_path):
    output = build_site(tiny_content, tmp_path / "output")
    index = read_page(output, "index.html")
    positions = [index.index(title) for title in ("Maíz azul", "Sol de barrio", "Agua viva")]
    assert positions == sorted(positions)


def test_artist_page_lists_only_their_works(tiny_content, tmp_path):
    output = build_site(tiny_content, tmp_path / "output")
    page = read_page(output, "artists/ana-rivera/index.html")
    assert "Maíz azul" in page and "Sol de barrio" in page
    assert "Agua viva" not in page


def test_work_tags_get_pages_apart_from_the_blog(tiny_content, tmp_path):
    output = build_site(tiny_content, tmp_path / "output")
    tag_page = read_page(output, "tags/maiz/index.html")
    assert "Maíz azul" in tag_page and "Agua viva" not in tag_page
    assert "Maíz azul" not in read_page(output, "blog/index.html")


def test_blog_index_and_both_feeds_exist(tiny_content, tmp_path):
    output = build_site(tiny_content, tmp_path / "output")
    assert "Bienvenida" in read_page(output, "blog/index.html")
    works_feed = (output / "feeds/works.atom.xml").read_text(encoding="utf-8")
    assert works_feed.count("<entry>") == 3 and "Maíz azul" in works_feed
    # The cover travels with each entry, as a published (never the original) file.
    covers = re.findall(r'&lt;img src="/([^"&]+)"', works_feed)
    assert len(covers) == 3 and all((output / src).is_file() for src in covers), covers
    blog_feed = (output / "feeds/blog.atom.xml").read_text(encoding="utf-8")
    assert "Bienvenida" in blog_feed and "Maíz azul" not in blog_feed


def test_work_of_unknown_artist_is_skipped_and_the_rest_publishes(tiny_content, tmp_path, caplog):
    write_work(tiny_content, "nadie", "obra-huerfana", title="Obra huérfana")
    output = build_site(tiny_content, tmp_path / "output")
    assert not (output / "works/nadie/obra-huerfana/index.html").exists()
    assert "Maíz azul" in read_page(output, "index.html")
    assert "skipping content/works/nadie/obra-huerfana" in caplog.text


def test_metadata_is_escaped_not_interpreted(tiny_content, tmp_path):
    write_work(tiny_content, "ana-rivera", "titulo-raro", title="<b>negrita</b> & co")
    output = build_site(tiny_content, tmp_path / "output")
    page = read_page(output, "works/ana-rivera/titulo-raro/index.html")
    assert "&lt;b&gt;negrita&lt;/b&gt; &amp; co" in page
    assert "<b>negrita</b>" not in page


def test_gallery_paginates_with_working_links(tiny_content, tmp_path):
    per_page = {"index": 10, "tag": 10, "gallery": 2, "work_tag": 2}
    output = build_site(tiny_content, tmp_path / "output", PAGINATED_TEMPLATES=per_page)
    first = read_page(output, "index.html")
    second = read_page(output, "page/2/index.html")
    assert 'rel="next" href="/page/2/"' in first
    assert 'rel="prev" href="/"' in second
    assert "Agua viva" in second and "Agua viva" not in first


def test_tags_spelled_differently_share_one_page(tiny_content, tmp_path):
    write_work(tiny_content, "colectivo-sur", "milpa", title="Milpa", tags="Maiz, maíz")
    output = build_site(tiny_content, tmp_path / "output")
    tag_page = read_page(output, "tags/maiz/index.html")
    assert "Milpa" in tag_page and "Maíz azul" in tag_page
    milpa = read_page(output, "works/colectivo-sur/milpa/index.html")
    assert milpa.count('href="/tags/maiz/"') == 1
