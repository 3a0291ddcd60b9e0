"""Every page of the public site read the way link previews read it.

WhatsApp, Telegram, Facebook, X and Mastodon fetch the shared address and read the
`<meta>` tags of its `<head>` (Open Graph first, Twitter's as fallback), without running
any script and without resolving relative addresses. So this test parses each built
page's head as a preview library does (the first tag of each name wins) and checks what
the platform would show: an absolute address under SITEURL for the page and its image,
the image a file in output/ of the announced type and size, under 300 KB. Every page
previews with a picture: a page of one thing with its own card, every other page (lists,
tags, the archive, static pages, the 404) with the site's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import (
    SAMPLE_CONTENT,
    build_site,
    front_matter,
    made_once,
    write_artist,
    write_image,
    write_work,
)
from PIL import Image
from test_agenda_build import write_event

SITEURL = "https://altavoz.example.org"
MAX_CARD_BYTES = 300_000
MAX_ALT_CHARS = 420  # X's limit for an image's description
# A page of one thing (a work, an artist, a post, an event) must preview with its own
# share card; every other page with the site's, at the top of the site.
ONE_THING = re.compile(
    r"(works/[^/]+/[^/]+|artists/[^/]+|blog/(?!(?:tag|tags|archive|page)/)[^/]+"
    r"|agenda/(?!embed/)[^/]+)/index\.html"
)


class PreviewReader(HTMLParser):
    """The <head>'s <meta property|name> values and <title>, first of each kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key and "content" in values:
                self.meta.setdefault(key, values["content"] or "")
        elif tag == "title":
            self._in_title = True
        elif tag == "body":
            self._done = True  # previews read the head only

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def read_preview(page: Path) -> PreviewReader:
    reader = PreviewReader()
    reader.feed(page.read_text("utf-8"))
    return reader


@pytest.fixture(scope="module")
def public_site(tmp_path_factory, shared_image_cache) -> Path:
    """The sample site built with publishconf.py, as the deploy builds it."""

    def build(folder: Path) -> None:
        build_site(
            SAMPLE_CONTENT,
            folder / "output",
            "publishconf.py",
            SITEURL=SITEURL,
            FEED_DOMAIN=SITEURL,
            ALTAVOZ_IMAGES_CACHE_DIR=str(shared_image_cache),
        )

    return made_once(tmp_path_factory, "public-site", build) / "output"


def preview_problems(output: Path, page: Path) -> list[str]:
    relative = page.relative_to(output).as_posix()
    preview = read_preview(page)
    meta = preview.meta
    problems = []
    # X reads its own tags first (and so do some Mastodon and chat previews).
    required = ("og:title", "og:type", "og:url", "og:site_name", "og:description")
    for key in (*required, "twitter:title", "twitter:description"):
        if not meta.get(key, "").strip():
            problems.append(f"no {key}")
    if not meta.get("og:url", "").startswith(SITEURL + "/"):
        problems.append(f"og:url not absolute: {meta.get('og:url')!r}")
    image = meta.get("og:image", "")
    if not image:
        return [*problems, "no og:image"]
    if not image.startswith(SITEURL + "/"):
        return [*problems, f"og:image not absolute under SITEURL: {image!r}"]
    if meta.get("twitter:card") != "summary_large_image":
        problems.append(f"twitter:card {meta.get('twitter:card')!r}")
    if meta.get("twitter:image", image) != image:
        problems.append("twitter:image differs from og:image")
    if not meta.get("og:image:alt", "").strip():
        problems.append("no og:image:alt")
    if len(meta.get("og:image:alt", "")) > MAX_ALT_CHARS:
        problems.append(f"og:image:alt has {len(meta['og:image:alt'])} characters")
    if meta.get("twitter:image:alt") != meta.get("og:image:alt"):
        problems.append(f"twitter:image:alt {meta.get('twitter:image:alt')!r} is not og:image:alt")
    file = output / urlsplit(image).path.lstrip("/")
    if not file.is_file():
        return [*problems, f"og:image {image} is not in output/"]
    with Image.open(file) as im:
        size, kind = im.size, Image.MIME.get(im.format)
    announced = (int(meta.get("og:image:width", 0)), int(meta.get("og:image:height", 0)))
    if announced != size:
        problems.append(f"og:image is {size}, the page says {announced}")
    if meta.get("og:image:type") != kind:
        problems.append(f"og:image is {kind}, the page says {meta.get('og:image:type')}")
    if file.stat().st_size > MAX_CARD_BYTES:
        problems.append(f"og:image has {file.stat().st_size} bytes")
    if size != (1200, 630):
        problems.append(f"og:image is {size}, not a 1200x630 share card")
    own = ONE_THING.fullmatch(relative.removeprefix("en/")) is not None
    site_card = urlsplit(image).path.count("/") == 1  # the site's, at the top
    if own == site_card:
        problems.append(f"og:image {image}: {'the site' if site_card else 'an item'}'s card")
    return problems


def test_every_page_previews_with_an_absolute_existing_card_of_the_announced_size(public_site):
    pages = sorted(public_site.rglob("*.html"))
    assert len(pages) > 50
    # Pelican writes these before the gallery's pages: they name the site's card too.
    for written_first in (
        "404.html",
        "blog/index.html",
        "blog/tags/index.html",
        "acerca/index.html",
    ):
        assert (public_site / written_first).is_file()
        assert (public_site / "en" / written_first).is_file()
    problems = {}
    for page in pages:
        relative = page.relative_to(public_site).as_posix()
        if relative.endswith("embed/index.html"):  # shown inside other sites, never shared
            continue
        found = preview_problems(public_site, page)
        if found:
            problems[relative] = found
    assert problems == {}


def test_pages_of_no_one_thing_share_the_site_card_of_their_language(public_site):
    cards: dict[str, set[str]] = {"es": set(), "en": set()}
    for page in sorted(public_site.rglob("*.html")):
        relative = page.relative_to(public_site).as_posix()
        bare = relative.removeprefix("en/")
        if ONE_THING.fullmatch(bare) or bare.endswith("embed/index.html"):
            continue
        cards["en" if relative.startswith("en/") else "es"].add(read_preview(page).meta["og:image"])
    # One card for each language's site, the same on every such page.
    assert len(cards["es"]) == len(cards["en"]) == 1


def test_each_work_artist_and_post_has_a_card_of_its_own(public_site):
    kinds = {
        "work": sorted(public_site.glob("works/*/*/index.html")),
        "artist": sorted(public_site.glob("artists/*/index.html")),
        "post": [
            page
            for page in sorted(public_site.glob("blog/*/index.html"))
            if page.parent.name not in ("tag", "tags", "archive", "page")
        ],
    }
    for kind, pages in kinds.items():
        images = [read_preview(page).meta["og:image"] for page in pages]
        assert pages and len(set(images)) == len(images), kind  # never one card for all
        for page, image in zip(pages, images, strict=True):
            folder = page.parent.relative_to(public_site).as_posix()
            assert image.startswith(f"{SITEURL}/{folder}/share-"), (kind, image)
    # The English page of a work shows the same card, from the main site.
    work = kinds["work"][0].relative_to(public_site).as_posix()
    english = read_preview(public_site / "en" / work)
    assert english.meta["og:image"] == read_preview(kinds["work"][0]).meta["og:image"]
    assert english.meta["og:url"] == f"{SITEURL}/en/{work.removesuffix('index.html')}"


def test_a_work_preview_says_what_and_who(public_site):
    page = sorted(public_site.glob("works/*/*/index.html"))[0]
    html = page.read_text("utf-8")
    meta = read_preview(page).meta
    title = meta["og:title"]
    assert " — " in title  # «title — artist»
    assert meta["og:image:alt"].startswith(title)
    assert meta["twitter:title"] == title
    assert f'<link rel="canonical" href="{meta["og:url"]}">' in html


# Titles with every character HTML escapes: the share links must carry them as typed.
HOSTILE_TITLE = 'Cine d\'autor & "barrio"'
HOSTILE_NAME = "Ana O'Neil & Cía"


class ShareReader(HTMLParser):
    """The share control's link addresses by label, and what its script is given."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: dict[str, str] = {}
        self.data: dict[str, str] = {}
        self._depth = 0  # > 0 inside <section class="share">
        self._label: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        values = {key: value or "" for key, value in attrs}
        if tag == "section" and "share" in values.get("class", "").split():
            self._depth = 1
            self.data.update(title=values["data-share-title"], url=values["data-share-url"])
        elif self._depth:
            self._depth += tag not in ("input", "br", "img", "meta", "link")
            if tag == "a":
                self._label, self._text = values.get("href", ""), ""
            elif tag == "form" and "share-mastodon" in values.get("class", ""):
                self.data["mastodon"] = values["data-text"]

    def handle_endtag(self, tag):
        if not self._depth:
            return
        self._depth -= 1
        if tag == "a" and self._label is not None:
            self.links[self._text.strip()] = self._label
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self._text += data


# Every event of these sites is upcoming: the agenda's clock is fixed before them.
AGENDA_NOW = "2026-03-01T12:00:00-06:00"


def public_build(content: Path, output: Path) -> Path:
    """``content`` built as the public site (absolute addresses under SITEURL)."""
    return build_site(content, output, SITEURL=SITEURL, ALTAVOZ_AGENDA_NOW=AGENDA_NOW)


@pytest.fixture(scope="module")
def hostile_titles_site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("hostile-titles") / "content"
    write_artist(content, "ana-oneil", name=HOSTILE_NAME)
    write_work(content, "ana-oneil", "cine", title=HOSTILE_TITLE)
    write_event(content, "cine", title=HOSTILE_TITLE, organizers="ana-oneil")
    (content / "blog").mkdir()
    (content / "blog" / "cine.md").write_text(
        front_matter({"title": HOSTILE_TITLE, "date": "2026-01-10", "slug": "cine", "lang": "es"})
        + "\nUna función al aire libre.\n",
        encoding="utf-8",
    )
    return public_build(content, content.parent / "output")


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ("works/ana-oneil/cine/index.html", f"{HOSTILE_TITLE} — {HOSTILE_NAME}"),
        ("artists/ana-oneil/index.html", f"{HOSTILE_NAME} · Altavoz"),
        ("blog/cine/index.html", HOSTILE_TITLE),
        ("agenda/cine/index.html", HOSTILE_TITLE),
        ("en/agenda/cine/index.html", HOSTILE_TITLE),
    ],
)
def test_share_links_say_the_title_as_typed(hostile_titles_site, page, said):
    share = ShareReader()
    share.feed((hostile_titles_site / page).read_text("utf-8"))
    url = f"{SITEURL}/{page.removesuffix('index.html')}"

    def query(label: str) -> dict[str, str]:
        href = share.links[label]
        return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}

    mail = query(next(label for label in share.links if share.links[label].startswith("mailto:")))
    assert query("WhatsApp") == {"text": f"{said} {url}"}
    assert query("Telegram") == {"url": url, "text": said}
    assert query("X") == {"text": said, "url": url}
    assert query("Facebook") == {"u": url}
    assert mail == {"subject": said, "body": url}
    # What the script shares (the Web Share API, Mastodon's form): the same, once.
    assert share.data == {"title": said, "url": url, "mastodon": f"{said} {url}"}
    # And what link previews show.
    meta = read_preview(hostile_titles_site / page).meta
    assert meta["og:title"] == meta["twitter:title"]
    assert said.removesuffix(" · Altavoz").split(" — ")[0] in meta["og:title"]


class GridAlts(HTMLParser):
    """The alt texts of the covers in an artist's grid of works, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.alts: list[str] = []
        self._depth = 0  # > 0 inside <section class="artist-works">

    def handle_starttag(self, tag, attrs):
        values = {key: value or "" for key, value in attrs}
        if tag == "section" and "artist-works" in values.get("class", "").split():
            self._depth = 1
        elif self._depth and tag == "img":
            self.alts.append(values.get("alt", ""))
        elif self._depth and tag == "section":
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth and tag == "section":
            self._depth -= 1


def test_one_picture_is_described_alike_on_every_page_that_shares_it(public_site):
    # The alt text says what the picture shows: a list of tags, the 404 and the gallery
    # share the site's card, so they describe it alike (not each page's own title).
    described: dict[str, set[str]] = {}
    for page in sorted(public_site.rglob("*.html")):
        if page.relative_to(public_site).as_posix().endswith("embed/index.html"):
            continue
        meta = read_preview(page).meta
        described.setdefault(meta["og:image"], set()).add(meta["og:image:alt"])
    assert {image: alts for image, alts in described.items() if len(alts) > 1} == {}
    site_card = read_preview(public_site / "index.html").meta
    assert site_card["og:image:alt"].startswith("Altavoz — Arte de nuestras comunidades: ")


def test_an_artist_card_is_described_by_the_works_it_shows(public_site):
    # The card draws an artist's newest works (even when they have a portrait): its
    # alt text names them, never the portrait it does not show.
    checked = 0
    for page in sorted(public_site.glob("artists/*/index.html")):
        grid = GridAlts()
        grid.feed(page.read_text("utf-8"))
        if not grid.alts:
            continue
        meta = read_preview(page).meta
        said, whole = meta["og:image:alt"], f"{meta['og:title']}: " + "; ".join(grid.alts[:3])
        # Whole, or cut at a word to X's limit.
        assert said == whole or (said.endswith("…") and whole.startswith(said[:-1])), said
        checked += 1
    assert checked >= 3


DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def test_a_preview_s_text_carries_no_direction_control_left_open(tmp_path):
    # The check lets direction controls through in a statement or a bio (a paragraph's
    # end closes them on the page); a preview joins the paragraphs and cuts the text.
    content = tmp_path / "content"
    write_artist(content, "ana", body="Pinto \u202emurales\n\nen Oaxaca.")
    write_work(content, "ana", "sol", statement="Un sol \u2067rojo\n\n\u202dsobre ocre\u202c.")
    output = build_site(content, tmp_path / "output", SITEURL=SITEURL)
    for page, words in (
        ("artists/ana/index.html", "Pinto murales en Oaxaca."),
        ("works/ana/sol/index.html", "Un sol rojo sobre ocre."),
        ("en/works/ana/sol/index.html", "Un sol rojo sobre ocre."),
    ):
        meta = read_preview(output / page).meta
        for key in ("description", "og:description", "twitter:description"):
            assert meta[key] == words, (page, key, meta[key])
    # A bio's opening joins its paragraphs too: an override left open there would turn
    # the rest of it, and the «Leer más» after it, around.
    teaser = re.search(
        r'<span class="artist-teaser">([^<]*)</span>',
        (output / "artists/ana/index.html").read_text("utf-8"),
    )
    assert teaser and teaser.group(1) == "Pinto murales en Oaxaca."
    # The page itself still has them: what the preview must not carry is there.
    assert DIRECTION_CONTROLS.search((output / "works/ana/sol/index.html").read_text("utf-8"))


PREFIXED = "https://example.org/altavoz"


def test_a_site_under_a_path_names_every_shared_and_followed_address_under_it(tmp_path):
    # A site published in a folder of its host (GitHub Pages' project sites): what a
    # preview, a share link or a feed reader is given keeps the folder and names a file.
    content = tmp_path / "content"
    write_artist(content, "ana", name="Ana")
    write_work(content, "ana", "sol", title="Sol")
    output = build_site(content, tmp_path / "output", SITEURL=PREFIXED, FEED_DOMAIN=PREFIXED)

    def file_of(url: str) -> Path:
        assert url.startswith(PREFIXED + "/"), url
        path = url.removeprefix(PREFIXED + "/")
        return output / (path + "index.html" if path.endswith("/") or not path else path)

    for page in (
        "works/ana/sol/index.html",
        "en/works/ana/sol/index.html",
        "artists/ana/index.html",
    ):
        html = (output / page).read_text("utf-8")
        meta = read_preview(output / page).meta
        own = f"{PREFIXED}/{page.removesuffix('index.html')}"
        assert meta["og:url"] == own and f'<link rel="canonical" href="{own}">' in html
        assert file_of(meta["og:image"]).is_file()
        share = ShareReader()
        share.feed(html)
        assert share.data["url"] == own
        for href in share.links.values():
            query = parse_qs(urlsplit(href).query)
            assert own in " ".join(v for values in query.values() for v in values), href
        feeds = re.findall(
            r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"', html
        )
        assert feeds and all(file_of(feed).is_file() for feed in feeds), feeds
    for feed in ("artists/ana/feed.atom.xml", "en/feeds/works.atom.xml"):
        text = (output / feed).read_text("utf-8")
        hrefs = re.findall(r'<link href="([^"]+)"', text)
        assert len(hrefs) >= 4 and all(file_of(href).is_file() for href in hrefs), hrefs


def test_a_cancelled_or_postponed_event_says_so_in_its_preview(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_event(content, "lectura", title="Lectura", status="cancelled")
    write_event(content, "taller", title="Taller", status="postponed")
    write_event(content, "fiesta", title="Fiesta")
    output = public_build(content, tmp_path / "output")
    said = {
        "agenda/lectura/index.html": "Cancelado: Lectura",
        "en/agenda/lectura/index.html": "Cancelled: Lectura",
        "agenda/taller/index.html": "Pospuesto: Taller",
        "en/agenda/taller/index.html": "Postponed: Taller",
        "agenda/fiesta/index.html": "Fiesta",
    }
    for page, title in said.items():
        meta = read_preview(output / page).meta
        assert meta["og:title"] == meta["twitter:title"] == title, page
        status = title.partition(":")[0] if ":" in title else ""
        assert meta["og:description"].startswith(f"{status}. " if status else ""), page


def test_an_event_that_shows_no_work_previews_with_its_own_picture(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    folder = write_event(
        content,
        "cartel",
        title="Taller",
        body="Un taller.\n\n![Cartel rojo del taller](cartel.jpg)",
    )
    write_image(folder / "cartel.jpg", size=(600, 900), color=(180, 60, 40))
    write_event(content, "sin-imagen", title="Lectura")
    output = public_build(content, tmp_path / "output")

    def red_share(page: str) -> float:
        meta = read_preview(output / page).meta
        card = output / urlsplit(meta["og:image"]).path.lstrip("/")
        with Image.open(card) as im:
            data = im.convert("RGB").resize((120, 63)).tobytes()
        pixels = [data[at : at + 3] for at in range(0, len(data), 3)]
        red = [abs(r - 180) + abs(g - 60) + abs(b - 40) < 60 for r, g, b in pixels]
        return sum(red) / len(red)

    assert red_share("agenda/cartel/index.html") > 0.1  # the poster, fitted whole
    assert red_share("agenda/sin-imagen/index.html") < 0.02  # its words (and the mark)
    meta = read_preview(output / "en/agenda/cartel/index.html").meta
    assert meta["og:image:alt"] == "Taller: Cartel rojo del taller"
