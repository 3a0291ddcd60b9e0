"""Privacy and page policy of a whole built site, with every image format a phone sends.

The site is built with the moderation's rejection switched off: photos carrying GPS
positions, owner names and serial numbers are published anyway, so what is tested is the
last line of defence (derivatives re-encoded without metadata, originals never copied).
"""

from __future__ import annotations

import hashlib
import re
import struct
from pathlib import Path

import altavoz_moderation
import pytest
from altavoz_moderation.report import Report
from conftest import ROOT, build_site, read_page, write_artist, write_work
from hostile_images import HIDING, SECRET
from images_support import halves, has_no_metadata, phone_exif
from PIL import PngImagePlugin

SECRETS = (
    b"Ana Rivera G",  # owner name (phone_exif(owner=True))
    b"SN-12345678",  # body serial number
    b"GPSLatitude",
    b"IPTC-AUTORA-SECRETA",
    b"XMP-CASA-SECRETA",
    b"PNG-TEXTO-SECRETO",
    b"COMENTARIO-SECRETO",
)
XMP = (
    b"<x:xmpmeta><rdf:Description exif:GPSLatitude='19,25.9N'"
    b" dc:creator='XMP-CASA-SECRETA'/></x:xmpmeta>"
)
PRIVATE = {"gps": True, "owner": True, "serial": True}


def with_iptc(jpeg: bytes, byline: bytes) -> bytes:
    """Insert an APP13 Photoshop/IPTC segment (By-line) right after SOI."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(byline)) + byline
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def write_private_photos(folder: Path) -> None:
    exif = phone_exif(orientation=6, **PRIVATE)
    jpeg = folder / "foto.jpg"
    halves((900, 700)).save(jpeg, "JPEG", exif=exif, xmp=XMP, comment=b"COMENTARIO-SECRETO")
    jpeg.write_bytes(with_iptc(jpeg.read_bytes(), b"IPTC-AUTORA-SECRETA"))

    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "PNG-TEXTO-SECRETO")
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    halves((900, 700)).save(folder / "dibujo.png", "PNG", pnginfo=text, exif=exif)

    halves((900, 700)).save(folder / "escaneo.webp", "WEBP", exif=exif, xmp=XMP)

    import pillow_heif

    pillow_heif.register_heif_opener()
    halves((900, 700)).save(folder / "iphone.heic", "HEIF", exif=exif.tobytes(), xmp=XMP)


@pytest.fixture
def private_site(tmp_path, monkeypatch):
    monkeypatch.setattr(altavoz_moderation, "check_site", lambda *args, **kwargs: Report())
    monkeypatch.setattr(altavoz_moderation, "_last_run", None)
    content = tmp_path / "content"
    artist = write_artist(content, "ana-rivera", avatar="avatar.png")
    images = (
        ("foto.jpg", "Mural rojo y azul"),
        ("dibujo.png", "Dibujo a tinta de una milpa"),
        ("escaneo.webp", "Grabado de un colibrí"),
        ("iphone.heic", "Escultura de barro"),
    )
    refs = "\n\n".join(f"![{alt}]({name})" for name, alt in images)
    folder = write_work(
        content, "ana-rivera", "serie", statement=f"Una serie.\n\n{refs}", images=()
    )
    write_private_photos(folder)
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "PNG-TEXTO-SECRETO")
    halves((400, 400)).save(artist / "avatar.png", "PNG", pnginfo=text)
    output = build_site(content, tmp_path / "output", ALTAVOZ_IMAGES_WORKERS=1)
    return content, output


def test_nothing_private_is_published_from_any_image_format(private_site):
    content, output = private_site
    sources = [p.read_bytes() for p in content.rglob("*") if p.is_file() and p.suffix != ".md"]
    assert all(any(secret in data for data in sources) for secret in SECRETS)  # really there
    page = read_page(output, "works/ana-rivera/serie/index.html")
    assert page.count("<picture") + page.count("<img") >= 4  # every format was published
    published = [p for p in output.rglob("*") if p.is_file() and "theme" not in p.parts]
    for path in published:
        data = path.read_bytes()
        found = [secret for secret in SECRETS if secret in data]
        assert not found, (path.relative_to(output).as_posix(), found)
        if path.suffix in (".jpg", ".png", ".webp"):
            assert has_no_metadata(path), path.relative_to(output).as_posix()


def test_no_original_is_published_under_any_name(private_site):
    content, output = private_site
    originals = {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in content.rglob("*")
        if p.is_file() and p.suffix != ".md"
    }
    copies = [
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() in originals
    ]
    assert copies == []


def csp_directives(page: str) -> dict[str, list[str]]:
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert match, "no Content-Security-Policy meta"
    policy = match.group(1).replace("&#39;", "'")
    directives = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_the_csp_allows_only_the_sites_own_scripts(private_site):
    _content, output = private_site
    for relative in ("index.html", "works/ana-rivera/serie/index.html", "en/index.html"):
        directives = csp_directives(read_page(output, relative))
        assert directives["script-src"] == ["'self'"], relative
        assert directives["default-src"] == ["'self'"], relative
        assert directives["object-src"] == ["'none'"], relative
        assert directives["base-uri"] == ["'self'"], relative
        assert "script-src-attr" not in directives and "script-src-elem" not in directives


def test_the_themes_script_writes_no_markup_and_evaluates_no_strings():
    """Search results, captions and labels come from submissions: text nodes only."""
    for script in (ROOT / "theme" / "static" / "js").glob("*.js"):
        source = script.read_text(encoding="utf-8")
        sinks = re.findall(
            r"\.(?:inner|outer)HTML\b|insertAdjacentHTML|document\.write|\beval\s*\("
            r"|new\s+Function\b|set(?:Timeout|Interval)\s*\(\s*['\"`]",
            source,
        )
        assert sinks == [], (script.name, sinks)


def write_hiding_works(content: Path) -> list[str]:
    """One work per way of hiding a place or data in an image file; their slugs."""
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "limpia")
    for slug, (maker, _code) in HIDING.items():
        folder = content / "works" / "ana-rivera" / slug
        folder.mkdir(parents=True)
        image = maker(folder)
        statement = f"Una obra.\n\n![Mural de colores en el taller]({image.name})"
        write_work(content, "ana-rivera", slug, statement=statement, images=())
    return list(HIDING)


def published_secrets(output: Path) -> list[str]:
    return [
        path.relative_to(output).as_posix()
        for path in output.rglob("*")
        if path.is_file() and SECRET in path.read_bytes()
    ]


def test_a_work_hiding_gps_or_data_after_the_image_is_left_out(tmp_path):
    slugs = write_hiding_works(tmp_path / "content")

    output = build_site(tmp_path / "content", tmp_path / "output", ALTAVOZ_IMAGES_WORKERS=1)

    assert (output / "works/ana-rivera/limpia/index.html").is_file()
    published = [slug for slug in slugs if (output / f"works/ana-rivera/{slug}").exists()]
    assert published == []
    assert published_secrets(output) == []


def test_published_derivatives_never_carry_hidden_gps_or_trailing_data(tmp_path, monkeypatch):
    monkeypatch.setattr(altavoz_moderation, "check_site", lambda *args, **kwargs: Report())
    monkeypatch.setattr(altavoz_moderation, "_last_run", None)
    slugs = write_hiding_works(tmp_path / "content")

    output = build_site(tmp_path / "content", tmp_path / "output", ALTAVOZ_IMAGES_WORKERS=1)

    for slug in slugs:  # published anyway: the derivatives are the last line of defence
        page = read_page(output, f"works/ana-rivera/{slug}/index.html")
        assert "<picture" in page or "<img" in page, slug
    assert published_secrets(output) == []
    for path in output.rglob("*"):
        if path.suffix in (".jpg", ".png", ".webp") and "theme" not in path.parts:
            assert has_no_metadata(path), path.relative_to(output).as_posix()
