"""Every page of the built sample site, in both languages, is valid and describes itself."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from altavoz_theme.licenses import license_info
from conftest import ROOT, read_page

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


class PageCheck(HTMLParser):
    """A strict reading of one page: balanced tags, unique ids, and what the head must say."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.doctype = False
        self.elements: list[tuple[str, dict]] = []
        self.title = ""
        self.scripts: list[tuple[dict, str]] = []
        self._text_of: str | None = None
        self._text = ""

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"<{tag}> repeats an attribute: {names}")
        values = {name: value or "" for name, value in attrs}
        self.elements.append((tag, values))
        if "id" in values:
            if values["id"] in self.ids:
                self.errors.append(f"duplicate id {values['id']!r}")
            self.ids.add(values["id"])
        if tag not in VOID:
            self.stack.append(tag)
        if tag in ("title", "script"):
            self._text_of, self._text = tag, ""

    def handle_startendtag(self, tag, attrs):
        if "svg" in self.stack or tag == "svg":  # XML rules inside inline SVG
            self.stack.append(tag)
            self.handle_starttag(tag, attrs)
            self.stack.pop()
            if tag not in VOID:
                self.stack.pop()
            return
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()
            self.errors.append(f"<{tag}/> is not a void element")

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"</{tag}> closes a void element")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> does not close the open <{self.stack[-1:]}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == self._text_of:
            if tag == "title":
                self.title = self._text.strip()
            else:
                self.scripts.append((self.elements_of("script")[-1], self._text))
            self._text_of = None

    def handle_data(self, data):
        if self._text_of:
            self._text += data

    def elements_of(self, tag):
        return [attrs for name, attrs in self.elements if name == tag]

    def close(self):
        super().close()
        if self.stack:
            self.errors.append(f"never closed: {self.stack}")
        if not self.doctype:
            self.errors.append("no <!DOCTYPE html>")


def check(page: str) -> PageCheck:
    parser = PageCheck()
    parser.feed(page)
    parser.close()
    return parser


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_sample_site_has_every_page_type_in_both_languages(sample_site):
    works = sorted(sample_site.glob("works/*/*/index.html"))
    artists = sorted(sample_site.glob("artists/*/index.html"))
    assert works and len(artists) >= 2
    for prefix in ("", "en/"):
        for path in (
            "index.html",
            "artists/index.html",
            "tags/index.html",
            "blog/index.html",
            "blog/archive/index.html",
            "blog/tags/index.html",
            "404.html",
            works[0].relative_to(sample_site).as_posix(),
            artists[0].relative_to(sample_site).as_posix(),
        ):
            assert read_page(sample_site, prefix + path)
        assert list(sample_site.glob(prefix + "tags/*/index.html"))
        assert list(sample_site.glob(prefix + "blog/*/index.html"))


def test_every_page_parses_cleanly_and_describes_itself(sample_site):
    problems = {}
    for path in built_pages(sample_site):
        page = check(path.read_text("utf-8"))
        errors = list(page.errors)
        html = page.elements_of("html")
        if not html or not html[0].get("lang"):
            errors.append("no <html lang>")
        if not page.title:
            errors.append("no <title>")
        canonical = [e for e in page.elements_of("link") if e.get("rel") == "canonical"]
        if len(canonical) != 1 or not canonical[0].get("href"):
            errors.append("needs exactly one canonical link")
        descriptions = [e for e in page.elements_of("meta") if e.get("name") == "description"]
        if len(descriptions) != 1 or not descriptions[0].get("content", "").strip():
            errors.append("needs one non-empty meta description")
        if len(page.elements_of("h1")) != 1:
            errors.append(f"{len(page.elements_of('h1'))} <h1> (one wanted)")
        for img in page.elements_of("img"):
            if not img.get("alt", "").strip():
                errors.append(f"<img src={img.get('src')!r}> has no alt text")
        if errors:
            problems[path.relative_to(sample_site).as_posix()] = errors
    assert not problems, problems


def test_pages_load_nothing_from_elsewhere_and_run_no_inline_script(sample_site):
    for path in built_pages(sample_site):
        page = check(path.read_text("utf-8"))
        where = path.relative_to(sample_site).as_posix()
        csp = [
            e for e in page.elements_of("meta") if e.get("http-equiv") == "Content-Security-Policy"
        ]
        assert csp and "script-src 'self'" in csp[0]["content"], where
        for tag, attrs in page.elements:
            assert not [name for name in attrs if name.startswith("on")], (where, tag, attrs)
            loaded = attrs.get("src") or (attrs.get("href") if tag == "link" else "")
            if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                continue
            if loaded and not loaded.startswith("data:"):
                assert loaded.startswith("/"), (where, tag, loaded)  # same site (SITEURL is "")
        for attrs, text in page.scripts:
            if not attrs.get("src"):
                assert attrs.get("type") == "application/ld+json", (where, text[:80])


def test_internal_links_lead_to_built_files(sample_site):
    broken = set()
    for path in built_pages(sample_site):
        for tag, attrs in check(path.read_text("utf-8")).elements:
            target = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not target or not target.startswith("/") or target.startswith("//"):
                continue
            file = sample_site / target.split("?")[0].split("#")[0].lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.add((path.relative_to(sample_site).as_posix(), target))
    assert not broken, sorted(broken)[:20]


def test_work_page_has_sharing_metadata_and_json_ld(sample_site):
    work_path = sorted(sample_site.glob("works/*/*/index.html"))[0]
    page = check(work_path.read_text("utf-8"))
    meta = {e.get("property") or e.get("name"): e.get("content") for e in page.elements_of("meta")}
    for key in ("og:title", "og:description", "og:image", "og:url", "og:image:alt"):
        assert meta.get(key), key
    assert meta["twitter:card"] == "summary_large_image"
    assert (sample_site / meta["og:image"].lstrip("/")).is_file()
    [(_, text)] = [(a, t) for a, t in page.scripts if a.get("type") == "application/ld+json"]
    data = json.loads(text)
    assert data["@type"] == "VisualArtwork" and data["creator"]["@type"] == "Person"
    assert data["creator"]["name"] and data["name"] and data["license"]
    assert "<" not in text and ">" not in text  # nothing in the data can close the script


def test_json_ld_escapes_characters_that_matter_to_html(tiny_content, tmp_path):
    from conftest import build_site, write_work

    # Moderation refuses markup in a title; characters that matter to HTML still pass.
    write_work(tiny_content, "ana-rivera", "raro", title="Sol & luna <3 >_<")
    output = build_site(tiny_content, tmp_path / "output")
    page = read_page(output, "works/ana-rivera/raro/index.html")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert not set("<>&") & set(block)
    assert json.loads(block)["name"] == "Sol & luna <3 >_<"


def test_licences_are_named_plainly_with_a_link_to_their_text():
    by_sa = license_info("CC-BY-SA-4.0", "es")
    assert by_sa.name == "Creative Commons Atribución-CompartirIgual 4.0"
    assert by_sa.url == "https://creativecommons.org/licenses/by-sa/4.0/deed.es"
    assert license_info("CC-BY-NC-4.0", "en").url.endswith("/by-nc/4.0/deed.en")
    assert license_info("CC0-1.0", "en").url.endswith("/publicdomain/zero/1.0/deed.en")
    reserved = license_info("all-rights-reserved", "es")
    assert reserved.url is None and "permiso" in reserved.summary


def test_sitemap_robots_search_index_and_feeds(sample_site):
    works = sorted(
        p.parent.relative_to(sample_site).as_posix() + "/"
        for p in sample_site.glob("works/*/*/index.html")
    )
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for prefix in ("", "en/"):
        tree = ET.parse(sample_site / prefix / "sitemap.xml")
        locs = [loc.text for loc in tree.findall(".//s:loc", namespace)]
        for work in works:
            assert f"/{prefix}{work}" in locs
        index = json.loads((sample_site / prefix / "search.json").read_text("utf-8"))
        assert sorted(entry["u"] for entry in index) == works
        assert all(entry["t"] and entry["a"] and entry["i"] for entry in index)
        feed = (sample_site / prefix / "feeds/works.atom.xml").read_text("utf-8")
        assert feed.count("<entry>") == len(works) and "&lt;img" in feed
        assert (sample_site / prefix / "feeds/blog.atom.xml").is_file()
    robots = (sample_site / "robots.txt").read_text("utf-8")
    assert "Sitemap: /sitemap.xml" in robots and "Sitemap: /en/sitemap.xml" in robots


def test_styles_and_scripts_weigh_under_30_kb_compressed():
    static = ROOT / "theme" / "static"
    files = [*static.rglob("*.css"), *static.rglob("*.js")]
    compressed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert files and compressed < 30_000, compressed
