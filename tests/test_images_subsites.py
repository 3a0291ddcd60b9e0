"""Images are published once, at the main site, and every language's pages point there.

The English interface is an i18n_subsites subsite (a second Pelican run into
output/en with SITEURL <main>/en); it must neither publish nor decode images
again, and must not delete what the main site published.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from altavoz_core.settings import derive_settings
from altavoz_images import derivatives, images_output_path, images_siteurl, loader
from altavoz_images.cache import sweep_published
from altavoz_images.settings import cache_dir
from conftest import build_site, spy_on, write_artist, write_image, write_work

# A site below a path, so a URL joined to the wrong base cannot resolve by accident.
SITEURL = "http://altavoz.test/galeria"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"}
WORK_PAGE = "works/ana-rivera/sol-de-barrio/index.html"
ARTIST_PAGE = "artists/ana-rivera/index.html"


@pytest.fixture
def content(tmp_path) -> Path:
    """Two artists (one with an avatar), three works, one of them in English."""
    content = tmp_path / "content"
    ana = write_artist(content, "ana-rivera", name="Ana Rivera", avatar="avatar.jpg")
    write_image(ana / "avatar.jpg", size=(600, 600), color=(90, 40, 120))
    write_artist(content, "colectivo-sur", name="Colectivo Sur")
    write_work(
        content,
        "ana-rivera",
        "sol-de-barrio",
        title="Sol de barrio",
        date="2026-02-01",
        images=(("sol.jpg", "Un sol rojo"), ("detalle.jpg", "Detalle del sol")),
    )
    write_image(
        content / "works/ana-rivera/sol-de-barrio/detalle.jpg", size=(500, 700), color=(20, 90, 60)
    )
    write_work(content, "ana-rivera", "maiz-azul", title="Maíz azul", date="2026-03-01")
    write_work(content, "colectivo-sur", "blue-water", title="Blue water", lang="en")
    for shade, image in enumerate(sorted(content.rglob("obra.jpg"))):  # distinct content
        write_image(image, color=(200, 60 + 60 * shade, 40))
    return content


def build(content: Path, output: Path, **overrides) -> Path:
    overrides.setdefault("SITEURL", SITEURL)
    overrides.setdefault("ALTAVOZ_IMAGES_WORKERS", 1)  # in-process: decodes can be counted
    return build_site(content, output, **overrides)


def image_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in IMAGE_SUFFIXES
        and "theme" not in p.relative_to(folder).parts
        and not is_site_card(p.name if p.parent in (folder, folder / "en") else "")
    )


def is_site_card(url: str) -> bool:
    """The site's own share card, for pages that show no one thing: one per language by
    design (its subtitle is that language's, its works the newest of that language's
    site), unlike a work's or an artist's card, the same in both."""
    return re.fullmatch(
        r"(?:.*/)?(?:en/)?share-[0-9a-f]+-og\.jpg", url
    ) is not None and not re.search(r"/(?:works|artists|agenda)/", url)


def shared_images(path: Path) -> list[tuple[str, str]]:
    """A page's image URLs but the site card's."""
    return [(where, url) for where, url in page_images(path).urls if not is_site_card(url)]


class ImageURLs(HTMLParser):
    """Every URL a page uses for a published image: what a browser or a crawler fetches."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (where, url)
        self.images_base = None  # the search form's base for the index's images
        self._in_json_ld = False

    def _srcset(self, where, value):
        for candidate in (value or "").split(","):
            if candidate.strip():
                self.urls.append((where, candidate.strip().split(" ")[0]))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            if not a["src"].startswith("data:"):
                self.urls.append(("img src", a["src"]))
            self._srcset("img srcset", a.get("srcset"))
        elif tag == "source":
            self._srcset("source srcset", a.get("srcset"))
        elif tag == "meta" and a.get("property") == "og:image":
            self.urls.append(("og:image", a["content"]))
        elif tag == "a" and "data-lightbox" in a:
            self.urls.append(("lightbox link", a["href"]))
        elif tag == "form" and "data-images" in a:
            self.images_base = a["data-images"]
        self._in_json_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld and data.strip():
            image = json.loads(data).get("image")
            if image:
                self.urls.append(("JSON-LD image", image))
            self._in_json_ld = False


def page_images(path: Path) -> ImageURLs:
    parser = ImageURLs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def published_file(output: Path, url: str) -> Path:
    """The file a URL of the built site names (the site is served from SITEURL)."""
    assert url.startswith(SITEURL + "/"), url
    return output / url[len(SITEURL) + 1 :]


def english_pages(output: Path) -> list[Path]:
    return sorted((output / "en").rglob("*.html"))


def spanish_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if p.relative_to(output).parts[0] != "en")


@pytest.fixture
def site(content, tmp_path) -> Path:
    return build(content, tmp_path / "output")


def test_the_english_site_publishes_no_image(site):
    assert (site / "en" / WORK_PAGE).is_file()  # the English interface was built
    assert image_files(site / "en") == []
    assert len(image_files(site / "works")) >= 10 and image_files(site / "artists")


def test_every_image_on_english_pages_is_a_file_of_the_main_site(site):
    seen = set()
    for page in english_pages(site):
        for where, url in page_images(page).urls:
            seen.add(where)
            assert not url.startswith(f"{SITEURL}/en/"), (page, where, url)
            assert published_file(site, url).is_file(), (page, where, url)
    assert seen == {
        "img src",
        "img srcset",
        "source srcset",
        "og:image",
        "lightbox link",
        "JSON-LD image",
    }
    work = page_images(site / "en" / WORK_PAGE).urls
    assert len([u for w, u in work if w == "lightbox link"]) == 2
    assert any(w == "og:image" for w, _ in page_images(site / "en" / ARTIST_PAGE).urls)


def test_the_english_feed_and_search_index_point_at_the_main_sites_images(site):
    feed = (site / "en/feeds/works.atom.xml").read_text(encoding="utf-8")
    feed_images = re.findall(r'img src="([^"]+)"', feed.replace("&quot;", '"'))
    assert len(feed_images) == 3
    for url in feed_images:
        assert published_file(site, url).is_file(), url

    gallery = page_images(site / "en/index.html")
    assert gallery.images_base == SITEURL  # not SITEURL/en
    index = json.loads((site / "en/search.json").read_text(encoding="utf-8"))
    assert len(index) == 3
    for entry in index:
        assert published_file(site, f"{gallery.images_base}/{entry['i']}").is_file(), entry


def test_both_languages_show_the_same_images(site):
    pairs = 0
    for page in spanish_pages(site):
        for _where, url in page_images(page).urls:
            assert published_file(site, url).is_file(), (page, url)
        english = site / "en" / page.relative_to(site)
        spanish = shared_images(page)
        if english.is_file():
            assert shared_images(english) == spanish, page
            pairs += bool(spanish)
    assert pairs >= 8  # gallery, work, artist and tag pages of both languages


def test_the_spanish_pages_are_as_without_the_english_site(content, site, tmp_path):
    alone = build(content, tmp_path / "alone", I18N_SUBSITES={})
    for relative in (WORK_PAGE, ARTIST_PAGE, "index.html", "works/ana-rivera/maiz-azul/index.html"):
        with_english = (site / relative).read_text(encoding="utf-8")
        without = (alone / relative).read_text(encoding="utf-8")
        pictures = re.findall(r"<picture>.*?</picture>", with_english, re.DOTALL)
        assert pictures and pictures == re.findall(r"<picture>.*?</picture>", without, re.DOTALL)
        assert shared_images(site / relative) == shared_images(alone / relative)
    assert [p.relative_to(site) for p in image_files(site)] == [
        p.relative_to(alone) for p in image_files(alone)
    ]


@pytest.fixture
def decodes(monkeypatch):
    """Every image decoded for derivatives in this process (WORKERS=1 keeps it here)."""
    return spy_on(monkeypatch, derivatives, "decode_largest")


def test_each_image_is_decoded_once_for_both_languages_and_never_again(
    content, tmp_path, decodes, monkeypatch
):
    output = tmp_path / "output"
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    sources = sorted(p.name for p in content.rglob("*.jpg"))
    assert len(sources) == 5 and sorted(decodes) == sources  # not twice: once per image
    assert not (tmp_path / "cache" / "en" / "altavoz_images").exists()  # one cache
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in image_files(output)}

    decodes.clear()
    opened = []
    original = loader.open_sniffed
    monkeypatch.setattr(
        loader, "open_sniffed", lambda path, sniffed: opened.append(path) or original(path, sniffed)
    )
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    assert decodes == [] and opened == []  # neither language validated or decoded again
    # The English run deleted nothing the main site published, and nothing was rewritten.
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in image_files(output)} == before


def test_a_replaced_image_leaves_no_stale_file_in_either_language(content, tmp_path):
    output = tmp_path / "output"
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    folder = output / "works/ana-rivera/sol-de-barrio"
    old = {p.name for p in folder.iterdir() if p.name.startswith("detalle-")}
    write_image(content / "works/ana-rivera/sol-de-barrio/detalle.jpg", color=(250, 250, 10))
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    now = {p.name for p in folder.iterdir() if p.name.startswith("detalle-")}
    assert old and now and not old & now
    assert image_files(output / "en") == []
    for page in [*english_pages(output), *spanish_pages(output)]:
        for _where, url in page_images(page).urls:
            assert published_file(output, url).is_file(), (page, url)


def test_images_an_older_build_published_into_the_english_output_are_removed(content, tmp_path):
    output = tmp_path / "output"
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    # What a build from before this change left: derivatives recorded under output/en.
    stale = write_image(output / "en/works/ana-rivera/sol-de-barrio/sol-0123456789-480.jpg")
    settings = {"CACHE_PATH": str(tmp_path / "cache")}
    sweep_published(Path(cache_dir(settings)), output / "en", [stale])
    build(content, output, DELETE_OUTPUT_DIRECTORY=False)
    assert not stale.exists() and image_files(output / "en") == []
    assert len(image_files(output / "works")) >= 10


def test_a_file_another_site_still_publishes_is_not_swept(tmp_path):
    root = tmp_path / "output"
    files = {name: write_image(root / f"{name}.jpg", size=(8, 8)) for name in "abc"}
    cache = tmp_path / "cache"
    english = str(root / "en")
    sweep_published(cache, root, [files["a"], files["b"]])  # the main site
    sweep_published(cache, root, [files["b"], files["c"]], site=english)
    assert sweep_published(cache, root, [files["a"]]) == []  # b: English still shows it
    assert files["b"].exists()
    assert sweep_published(cache, root, [files["c"]], site=english) == [files["b"]]
    assert not files["b"].exists() and files["a"].exists() and files["c"].exists()


def test_a_subsite_keeps_the_main_sites_image_settings():
    """What i18n_subsites does: copy the main settings, override per language, start again."""
    main = {"OUTPUT_PATH": "/site/output", "SITEURL": "https://a.test", "CACHE_PATH": "/site/c"}
    derive_settings(main)
    subsite = {**main, "OUTPUT_PATH": "/site/output/en", "SITEURL": "https://a.test/en"}
    subsite["CACHE_PATH"] = "/site/c/en"
    derive_settings(subsite)
    assert images_output_path(subsite) == "/site/output"
    assert images_siteurl(subsite) == "https://a.test"
    assert cache_dir(subsite) == "/site/c/altavoz_images"
    # Without Pelican (tools, tests): the settings' own site.
    assert images_siteurl({"SITEURL": "https://b.test/"}) == "https://b.test"
    assert images_output_path({"OUTPUT_PATH": "/b"}) == "/b"
