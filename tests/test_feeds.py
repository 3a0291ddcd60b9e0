"""Feeds people follow: the works feed and one per artist, in both languages, read as a
feed reader reads them.

A reader (or a bridge that posts new entries to Mastodon) is given a feed's address or a
page's: it finds the feed through the page's ``<link rel="alternate">``, checks the
feed's ``rel="self"`` against where it fetched it, and shows each entry with a picture,
the entry's enclosure (``<link rel="enclosure">``) or the first ``<img>`` of its content.
These tests parse the built feeds strictly (the oracles of tests/invariants.py: strict
XML, RFC 3339 dates) and follow every address to the file it names.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import invariants
from conftest import build_site, write_artist, write_work
from PIL import Image
from test_agenda_build import write_event
from test_blog_images import write_post
from test_share_metadata import SITEURL, public_site  # noqa: F401  (the fixture)

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TYPE = "application/atom+xml"
EPOCH = "1970-01-01T00:00:00+00:00"
LANGUAGES = ("", "en/")  # the main site's prefix, then the English site's


class HeadLinks(HTMLParser):
    """The ``<link>`` elements of a page's ``<head>``, as attribute dicts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self._done = False

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self._done = True
        elif tag == "link" and not self._done:
            self.links.append({k: v or "" for k, v in attrs})


def feeds_linked_from(page: Path) -> list[dict[str, str]]:
    reader = HeadLinks()
    reader.feed(page.read_text("utf-8"))
    return [
        link
        for link in reader.links
        if link.get("rel") == "alternate" and link.get("type") == FEED_TYPE
    ]


def links(element, rel: str) -> list[str]:
    return [
        link.get("href", "")
        for link in element.findall(ATOM + "link")
        if link.get("rel", "alternate") == rel
    ]


def local(output: Path, url: str) -> Path:
    """The file in ``output`` an absolute address of the site names."""
    assert url.startswith(SITEURL + "/"), url
    path = urlsplit(url).path.lstrip("/")
    return output / (path + "index.html" if path.endswith("/") or not path else path)


def artist_slugs(output: Path) -> list[str]:
    return sorted(p.parent.name for p in output.glob("artists/*/index.html"))


def every_gallery_feed(output: Path) -> list[Path]:
    feeds = []
    for prefix in LANGUAGES:
        feeds.append(output / prefix / "feeds/works.atom.xml")
        feeds += sorted((output / prefix).glob("artists/*/feed.atom.xml"))
    return feeds


def feed_bytes(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.atom.xml")}


def test_every_artist_page_links_a_feed_of_their_works_in_both_languages(public_site):  # noqa: F811
    slugs = artist_slugs(public_site)
    assert len(slugs) >= 3
    ids = set()
    for prefix in LANGUAGES:
        for slug in slugs:
            page = public_site / prefix / "artists" / slug / "index.html"
            address = f"{SITEURL}/{prefix}artists/{slug}/feed.atom.xml"
            own = [link for link in feeds_linked_from(page) if link["href"] == address]
            assert len(own) == 1, (page, feeds_linked_from(page))
            feed = ET.parse(local(public_site, address)).getroot()
            # Named for the artist, as the feed names itself ("Altavoz - <name>").
            name = feed.findtext(ATOM + "title").split(" - ", 1)[1]
            assert name.strip() and name in own[0]["title"], own[0]
            # Where the reader fetched it, the page it follows, an id of its own.
            assert links(feed, "self") == [address]
            assert links(feed, "alternate") == [f"{SITEURL}/{prefix}artists/{slug}/"]
            ids.add(feed.findtext(ATOM + "id"))
            # Exactly the artist's works, newest first, each pointing at its page here.
            entries = feed.findall(ATOM + "entry")
            shown = [links(entry, "alternate")[0] for entry in entries]
            theirs = sorted(public_site.glob(f"{prefix}works/{slug}/*/index.html"))
            expected = {
                f"{SITEURL}/{p.parent.relative_to(public_site).as_posix()}/" for p in theirs
            }
            assert set(shown) == expected and len(shown) == len(expected), slug
            published = [entry.findtext(ATOM + "published") for entry in entries]
            assert published == sorted(published, reverse=True)
    assert len(ids) == 2 * len(slugs)  # no two feeds share an id


def test_each_entry_carries_its_cover_as_an_enclosure_of_the_published_file(public_site):  # noqa: F811
    checked = 0
    for path in every_gallery_feed(public_site):
        feed = ET.parse(path).getroot()
        for entry in feed.findall(ATOM + "entry"):
            enclosures = [
                link for link in entry.findall(ATOM + "link") if link.get("rel") == "enclosure"
            ]
            assert len(enclosures) == 1, path
            enclosure = enclosures[0]
            href = enclosure.get("href", "")
            # Images are published once, at the main site, in every language's feed.
            assert href.startswith(SITEURL + "/works/"), href
            file = local(public_site, href)
            assert file.is_file(), href
            assert enclosure.get("length") == str(file.stat().st_size), href
            with Image.open(file) as im:
                assert enclosure.get("type") == Image.MIME[im.format], href
            # The entry's content shows the same picture first, with its words.
            content = html.unescape(entry.findtext(ATOM + "content") or "")
            first_img = re.search(r'<img src="([^"]+)" alt="([^"]*)"', content)
            assert first_img and first_img.group(1) == href, content[:200]
            # And it is the cover the work's page shows.
            page = local(public_site, links(entry, "alternate")[0])
            assert urlsplit(href).path in page.read_text("utf-8"), page
            checked += 1
    assert checked >= 20


def test_every_feed_is_strict_atom_with_rfc3339_dates(public_site):  # noqa: F811
    assert invariants.xml_violations(public_site) == []
    # Each names itself where it is, in the English site too (not its Spanish twin).
    for path in sorted(public_site.rglob("*.atom.xml")):
        address = f"{SITEURL}/{path.relative_to(public_site).as_posix()}"
        assert links(ET.parse(path).getroot(), "self") == [address]
    for path in every_gallery_feed(public_site):
        feed = ET.parse(path).getroot()
        assert feed.tag == ATOM + "feed", path
        for name in ("id", "title", "updated"):
            assert len(feed.findall(ATOM + name)) == 1, (path, name)
        entry_ids = [entry.findtext(ATOM + "id") for entry in feed.findall(ATOM + "entry")]
        assert len(set(entry_ids)) == len(entry_ids), path
        for entry in feed.findall(ATOM + "entry"):
            for name in ("id", "title", "updated"):
                assert (entry.findtext(ATOM + name) or "").strip(), (path, name)
            assert (entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip(), path


def test_feeds_are_the_same_bytes_after_a_rebuild_and_in_another_folder(tiny_content, tmp_path):
    # An artist with no work yet still has a feed to follow; it is dated by no clock.
    write_artist(tiny_content, "sin-obras", name="Sin Obras")
    output = build_site(tiny_content, tmp_path / "output")
    feeds = feed_bytes(output)
    for prefix in LANGUAGES:
        for slug in ("ana-rivera", "colectivo-sur", "sin-obras"):
            assert f"{prefix}artists/{slug}/feed.atom.xml" in feeds
    empty = ET.fromstring(feeds["artists/sin-obras/feed.atom.xml"])
    assert empty.findall(ATOM + "entry") == []
    assert empty.findtext(ATOM + "updated") == EPOCH
    ana = ET.fromstring(feeds["artists/ana-rivera/feed.atom.xml"])
    assert len(ana.findall(ATOM + "entry")) == 2

    build_site(tiny_content, output)
    again = feed_bytes(output)
    there = feed_bytes(build_site(tiny_content, tmp_path / "elsewhere" / "output"))
    assert again == feeds == there


def test_feed_titles_say_the_title_and_the_name_as_typed(tiny_content, tmp_path):
    # Pelican's feed writer reads a title as markup (its tags stripped, its entities
    # decoded); an artist's words are plain text and reach the reader as typed.
    name = 'Ana <b>O\'Neil</b> & "Cía"'
    title = "</script> Tom &amp; Jerry <3 <b>a</b>"
    write_artist(tiny_content, "ana-oneil", name=name)
    write_work(tiny_content, "ana-oneil", "tom", title=title, date="2026-04-01")
    write_event(tiny_content, "tom", title=title, organizers="ana-oneil")
    write_post(tiny_content, "tom.md", "Una nota.", title=title, date="2026-04-02")
    output = build_site(tiny_content, tmp_path / "output")
    blog = ET.parse(output / "feeds/blog.atom.xml").getroot()
    assert blog.find(ATOM + "entry").findtext(ATOM + "title") == title  # the newest post
    for prefix in LANGUAGES:
        artist_feed = ET.parse(output / prefix / "artists/ana-oneil/feed.atom.xml").getroot()
        assert artist_feed.findtext(ATOM + "title") == f"Altavoz - {name}"
        works_feed = ET.parse(output / prefix / "feeds/works.atom.xml").getroot()
        for feed in (artist_feed, works_feed):
            entry = feed.find(ATOM + "entry")  # the newest: this work
            assert entry.findtext(ATOM + "title") == title
            assert entry.findtext(f"{ATOM}author/{ATOM}name") == name
        agenda = ET.parse(output / prefix / "feeds/agenda.atom.xml").getroot()
        assert [e.findtext(ATOM + "title") for e in agenda.findall(ATOM + "entry")] == [title]


def test_a_site_without_the_gallery_s_feeds_links_none(tiny_content, tmp_path):
    # A site may turn the works' and the artists' feeds off: no page names a missing file.
    output = build_site(
        tiny_content,
        tmp_path / "output",
        ALTAVOZ_WORKS_FEED_ATOM=None,
        ALTAVOZ_ARTIST_FEED_ATOM=None,
    )
    assert not list(output.rglob("works.atom.xml")) and not list(output.rglob("feed.atom.xml"))
    named = set()
    for page in sorted(output.rglob("*.html")):
        named |= set(re.findall(r'href="([^"]*\.atom\.xml|[^"]*/None)"', page.read_text("utf-8")))
    assert named and all((output / url.lstrip("/")).is_file() for url in named), named
