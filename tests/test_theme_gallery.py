"""What the built pages offer a visitor: links between works and posts, images in the blog's
listings and previews, the call to send a work, and tags and techniques in English."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from altavoz_theme.glossary import fold, parse_glossary, translate
from conftest import ROOT, build_site, read_page, write_image, write_work

WORK_HREF = re.compile(r'<a class="work-card-link" href="([^"]+)"')


def gallery_order(site: Path, prefix: str = "") -> list[str]:
    return WORK_HREF.findall(read_page(site, prefix + "index.html"))


def rel_link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', page)
    return found.group(1) if found else None


def page_of(site: Path, url: str) -> str:
    return read_page(site, url.lstrip("/") + "index.html")


def test_every_work_links_its_neighbours_in_the_gallery_order(sample_site):
    order = gallery_order(sample_site)
    assert len(order) >= 3
    for index, url in enumerate(order):
        page = page_of(sample_site, url)
        # The order wraps: the newest work's previous one is the oldest, and back.
        assert rel_link(page, "prev") == order[index - 1], url
        assert rel_link(page, "next") == order[(index + 1) % len(order)], url


def test_a_left_out_work_is_nobody_s_neighbour(tiny_content, tmp_path):
    # An image that cannot be read leaves its work out of the site, after the neighbours
    # could have been linked: the works around it must point past it.
    folder = write_work(tiny_content, "ana-rivera", "rota", title="Rota", date="2026-02-15")
    (folder / "obra.jpg").write_bytes(b"not a jpeg at all")
    site = build_site(tiny_content, tmp_path / "output")
    order = gallery_order(site)
    assert "/works/ana-rivera/rota/" not in order and len(order) == 3
    for index, url in enumerate(order[1:], start=1):
        assert rel_link(page_of(site, url), "prev") == order[index - 1]


def test_artist_names_on_cards_link_to_the_artist(sample_site):
    for prefix in ("", "en/"):
        page = read_page(sample_site, prefix + "index.html")
        cards = re.findall(r'<li class="work-card">(.*?)</li>', page, re.DOTALL)
        assert cards
        for card in cards:
            artist = re.search(r'<a class="work-card-artist" href="([^"]+)">', card)
            assert artist, card
            assert (sample_site / artist.group(1).lstrip("/") / "index.html").is_file()


def test_grid_covers_offer_no_file_wider_than_a_card_needs(sample_site):
    page = read_page(sample_site, "index.html")
    srcsets = re.findall(r'srcset="([^"]+)"', page)
    assert srcsets
    for srcset in srcsets:
        widths = [int(w) for w in re.findall(r" (\d+)w", srcset)]
        # 600: a 430 px phone's ~200 px card at pixel ratio 3 (the square card files)
        assert widths and max(widths) <= 600, srcset
    # the square card files come first, for browsers that read them
    cards = re.findall(
        r'<span class="frame"><picture>\s*<source type="([^"]+)" srcset="([^"]+)"', page
    )
    assert cards and all(t == "image/avif" and "-card200.avif 200w" in s for t, s in cards)


def test_work_images_keep_their_proportions_for_the_style_sheet(sample_site):
    page = page_of(sample_site, gallery_order(sample_site)[0])
    images = re.findall(r'<img class="work-image"[^>]*>', page)
    assert images
    for image in images:
        width, height = (
            int(re.search(rf'{a}="(\d+)"', image).group(1)) for a in ("width", "height")
        )
        ratio = float(re.search(r"--ratio: ([\d.]+)", image).group(1))
        assert abs(ratio - width / height) < 0.001


def test_search_is_in_the_page_from_the_start(sample_site):
    page = read_page(sample_site, "index.html")
    form = re.search(r"<form class=\"finder\"[^>]*>", page).group(0)
    assert " hidden" not in form  # the script reveals nothing: nothing moves when it runs
    assert page.index('class="finder"') < page.index('class="work-grid"')  # first for readers
    assert re.search(r"<details class=\"finder-more\">\s*<summary>Filtros</summary>", page)


def test_the_call_to_send_a_work_is_on_the_gallery_and_artist_pages(sample_site):
    artist = sorted(sample_site.glob("artists/*/index.html"))[0].relative_to(sample_site)
    for prefix, label in (("", "Envía tu obra"), ("en/", "Submit your work")):
        for path, kinds in (("index.html", ["header-submit"]), (artist.as_posix(), None)):
            page = read_page(sample_site, prefix + path)
            calls = re.findall(r'<a class="([^"]+)" href="([^"]+)"[^>]*>(.*?)</a>', page)
            calls = [(kind, href) for kind, href, text in calls if label in text]
            # The header's on every page; the gallery shows it once, the artist page
            # asks again after the works.
            if kinds is not None:
                assert [kind for kind, _ in calls] == kinds, (prefix, path)
            assert calls and {href for _, href in calls} == {f"/{prefix}enviar/"}, (prefix, path)


def test_submit_page_leads_to_the_issue_form_and_the_guide(sample_site):
    from conftest import make_settings

    repository = make_settings(sample_site, sample_site)["ALTAVOZ_REPOSITORY"]
    forms = f"https://github.com/{repository}/issues/new?template="
    for prefix, guide, title in (
        ("", "/guia/", "Envía tu obra"),
        ("en/", "/en/guia/", "Submit your work"),
    ):
        page = read_page(sample_site, prefix + "enviar/index.html")
        assert title in re.search(r"<h1>(.*?)</h1>", page).group(1)
        button = re.search(
            r'<a class="button button-primary button-big" href="([^"]+)"[^>]*>(.*?)</a>', page
        )
        assert button.group(1) == html.escape(forms + "obra-nueva.yml")
        assert title in button.group(2)  # the guide says: tap the button «Envía tu obra»
        for form in ("actualizar-obra.yml", "retirar-obra.yml"):
            assert f'href="{html.escape(forms + form)}"' in page
        assert f'href="{guide}"' in page
    for form in ("obra-nueva.yml", "actualizar-obra.yml", "retirar-obra.yml"):
        assert (ROOT / ".github" / "ISSUE_TEMPLATE" / form).is_file()


def test_posts_show_their_first_image_in_listings_previews_and_feeds(sample_site):
    not_posts = ("tag", "tags", "archive", "page")
    posts = [
        p for p in sorted(sample_site.glob("blog/*/index.html")) if p.parent.name not in not_posts
    ]
    assert posts
    listing = read_page(sample_site, "blog/index.html")
    feed = (sample_site / "feeds/blog.atom.xml").read_text("utf-8")
    for path in posts:
        post = path.read_text("utf-8")
        first = re.search(r'<img class="post-image" src="([^"]+)"[^>]*alt="([^"]*)"', post)
        if not first:
            continue
        src, alt = first.groups()
        # The preview is the post's own share card: its title over this first image.
        og = re.search(r'<meta property="og:image" content="([^"]+)">', post).group(1)
        folder = path.parent.relative_to(sample_site).as_posix()
        assert re.fullmatch(rf"/{folder}/share-[0-9a-f]{{10}}-og\.jpg", og), og
        title = re.search(r'<meta property="og:title" content="([^"]*)">', post).group(1)
        assert f'<meta property="og:image:alt" content="{title}: {alt}">' in post
        url = f'href="/{path.parent.relative_to(sample_site).as_posix()}/"'
        items = re.findall(r'<li class="post-item.*?</li>', listing, re.DOTALL)
        assert 'class="post-cover"' in next(item for item in items if url in item)
        assert html.escape(f'<p><img src="{src}" alt="', quote=False) in feed
    assert listing.count('class="post-cover"') == sum(
        'class="post-image"' in p.read_text("utf-8") for p in posts
    )
    assert listing.count('class="post-cover"') >= 1


def test_posts_link_the_older_and_newer_post(sample_site):
    listing = read_page(sample_site, "blog/index.html")
    newest_first = re.findall(r'<h2><a href="(/blog/[^"]+)">', listing)
    assert len(newest_first) >= 2
    for index, url in enumerate(newest_first):
        page = page_of(sample_site, url)
        newer = newest_first[index - 1] if index else None
        older = newest_first[index + 1] if index + 1 < len(newest_first) else None
        assert rel_link(page, "next") == newer and rel_link(page, "prev") == older


def test_english_site_names_tags_and_techniques_from_the_glossary(sample_site):
    english = read_page(sample_site, "en/index.html")
    spanish = read_page(sample_site, "index.html")
    assert re.search(r'<option value="maíz">corn \(\d+\)</option>', english)
    assert re.search(r'<option value="maíz">maíz \(\d+\)</option>', spanish)
    assert '<option value="Pintura acrílica sobre muro">Acrylic paint on wall</option>' in english
    source = next(
        p
        for p in (ROOT / "content/works").glob("*/*/index.md")
        if "Pintura acrílica" in p.read_text()
    )
    work = read_page(
        sample_site, f"en/works/{source.parent.parent.name}/{source.parent.name}/index.html"
    )
    assert '<dd lang="en">Acrylic paint on wall</dd>' in work
    assert re.search(r'<a href="/en/tags/[^"]+/" lang="en">#corn</a>', work)


def test_english_site_marks_spanish_content(sample_site):
    spanish_work = next(
        page
        for page in (
            p.read_text("utf-8") for p in sorted(sample_site.glob("en/works/*/*/index.html"))
        )
        if '<h1 lang="es">' in page
    )
    # The badge speaks the visitor's language: on /en/ it says "In Spanish".
    badge = '<span class="lang-badge" lang="en">In Spanish</span>'
    assert badge in spanish_work
    listing = read_page(sample_site, "en/blog/index.html")
    items = re.findall(r'<li class="post-item[^"]*" lang="es">(.*?)</li>', listing, re.DOTALL)
    assert items and all(badge in item for item in items)
    post = read_page(sample_site, "en/blog/taller-fotografia-con-celular/index.html")
    assert '<article class="post" lang="es">' in post and badge in post
    # The Spanish site does not mark Spanish content, and marks English in Spanish.
    assert "lang-badge" not in read_page(sample_site, "blog/index.html")
    english_work = next(
        page
        for page in (p.read_text("utf-8") for p in sorted(sample_site.glob("works/*/*/index.html")))
        if '<h1 lang="en">' in page
    )
    assert '<span class="lang-badge" lang="es">En inglés</span>' in english_work


def test_glossary_finds_names_whatever_their_accents_and_case(caplog):
    text = "# a comment\n\nmaíz = corn\nAcrílico sobre muro = Acrylic on wall\nno separator\n"
    with caplog.at_level(logging.WARNING):
        glossary = parse_glossary(text, "en.txt")
    assert "en.txt:5" in caplog.text
    assert translate(glossary, "MAIZ") == "corn"
    assert translate(glossary, "acrilico  sobre muro") == "Acrylic on wall"
    assert translate(glossary, "barro") == "barro"
    assert fold("  Ñandú  Azul ") == "nandu azul"


def test_post_without_images_is_listed_without_one(tiny_content, tmp_path):
    images = tiny_content / "blog" / "images"
    write_image(images / "foto.jpg", size=(900, 600))
    (tiny_content / "blog" / "con-foto.md").write_text(
        "---\ntitle: Con foto\ndate: 2026-02-10\nslug: con-foto\nlang: es\n---\n\n"
        "Texto.\n\n![Una plaza con árboles](images/foto.jpg)\n",
        encoding="utf-8",
    )
    site = build_site(tiny_content, tmp_path / "output")
    listing = read_page(site, "blog/index.html")
    assert listing.count('class="post-cover"') == 1
    with_photo = read_page(site, "blog/con-foto/index.html")
    # Both previews are the post's own card; the one without a photo is its title alone.
    assert re.search(r'og:image" content="/blog/con-foto/share-[0-9a-f]+-og\.jpg"', with_photo)
    without = read_page(site, "blog/bienvenida/index.html")
    assert re.search(r'og:image" content="/blog/bienvenida/share-[0-9a-f]+-og\.jpg"', without)


def test_a_post_cover_is_only_ever_a_real_picture_of_the_sanitized_content():
    # The listing prints the cover as markup, so text that merely spells a <picture>
    # inside an attribute or as text must never be taken for one.
    from altavoz_moderation.sanitize.sanitizer import sanitize_fragment
    from altavoz_theme.posts import first_picture

    hostile = (
        '<p><a href="https://example.org" title="<picture><img src=x onerror=alert(1)>'
        '</picture>">x</a> &lt;picture&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/picture&gt;'
        "<code><picture><img src=x onerror=alert(1)></picture></code></p>"
    )
    assert first_picture(sanitize_fragment(hostile).html) is None
