"""What the build writes for machines: sitemap.xml, robots.txt and the search index.

Pure functions over plain values, so the tests can call them without Pelican.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .glossary import translate


@dataclass
class SitemapEntry:
    path: str  # relative to the site root, e.g. "works/ana/sol/" ("" is the home page)
    lastmod: str | None = None  # YYYY-MM-DD
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> absolute URL


def join_url(siteurl: str, path: str) -> str:
    return f"{siteurl.rstrip('/')}/{path.lstrip('/')}"


def sitemap_xml(siteurl: str, entries: list[SitemapEntry]) -> str:
    """A sitemap of one language site, each URL naming its versions in the other languages."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    seen = set()
    for entry in entries:
        if entry.path in seen:
            continue
        seen.add(entry.path)
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(join_url(siteurl, entry.path))}</loc>")
        if entry.lastmod:
            lines.append(f"    <lastmod>{escape(entry.lastmod)}</lastmod>")
        for lang, url in entry.alternates.items():
            link = f"hreflang={quoteattr(lang)} href={quoteattr(url)}"
            lines.append(f'    <xhtml:link rel="alternate" {link}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_urls: list[str]) -> str:
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {url}" for url in sitemap_urls]
    return "\n".join(lines) + "\n"


def _field(obj, name):
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def rendition_src(image, thumbnail: bool = False) -> str | None:
    """Where an image was published, whatever shape its rendition has.

    Relative to the images' address (altavoz_images.images_siteurl: the main
    site's, in every language), not to the SITEURL of the page showing it.

    ``thumbnail`` asks for the grid-sized version when the image step made one.
    """
    rendition = _field(image, "rendition")
    if not rendition:
        return None
    if thumbnail:
        thumb = _field(rendition, "thumbnail")
        url = thumb if isinstance(thumb, str) else _field(thumb, "url")
        if url:
            return str(url)
    src = _field(rendition, "src")
    return str(src) if src else None


def largest_src(image) -> str | None:
    """The biggest published version of an image (what the lightbox and a no-JS click show)."""
    rendition = _field(image, "rendition")
    formats = _field(rendition, "formats") or []
    if formats:
        _mime, candidates = formats[-1]  # the fallback format every browser reads
        if candidates:
            best = max(candidates, key=lambda c: _field(c, "width") or 0)
            url = _field(best, "url")
            if url:
                return str(url)
    return rendition_src(image)


def search_entry(work, glossary: dict[str, str] | None = None) -> dict:
    """One work as the client-side search sees it (short keys keep the file small).

    ``n``: the names of its tags and technique in the site's language, where the glossary
    has them, so that a search in English finds works tagged in Spanish.
    """
    cover = work.cover
    names = [str(tag.name) for tag in getattr(work, "work_tags", [])]
    names.append(str(getattr(work, "medium", "") or ""))
    translated = [translate(glossary or {}, name) for name in names if name]
    entry = {
        "t": str(work.title),
        "a": str(work.artist.name),
        "p": work.artist.url,
        "u": work.url,
        "g": [str(tag.name) for tag in getattr(work, "work_tags", [])],
        "m": str(getattr(work, "medium", "") or ""),
        "y": str(getattr(work, "year", "") or ""),
        "l": str(work.lang),
        "i": rendition_src(cover, thumbnail=True),  # the search form's data-images is its base
        "x": str(cover.alt) if cover is not None else "",
    }
    extra = [name for name, original in zip(translated, names, strict=False) if name != original]
    if extra:
        entry["n"] = extra
    return entry


def search_index_json(works, glossary: dict[str, str] | None = None) -> str:
    """The search index: plain JSON, escaped so it stays inert even if served as HTML."""
    text = json.dumps([search_entry(work, glossary) for work in works], ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
