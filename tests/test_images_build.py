"""End to end: a site built into tmp_path publishes derivatives only, clean of metadata, cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_site, read_page, write_artist, write_work
from images_support import (
    IMAGE_SUFFIXES,
    assert_a_rebuild_opens_no_image,
    display_p3_profile,
    halves,
    has_no_metadata,
    phone_exif,
    published_images,
    sha,
)
from PIL import Image

WORK_PAGE = "works/ana-rivera/mural/index.html"


def camera_photo(path: Path, size=(1200, 900), orientation=6, colour=(200, 80, 40)) -> Path:
    """A phone photo with everything but private data: orientation, camera, XMP, P3, comment."""
    halves(size, colour, (40, 80, 200)).save(
        path,
        "JPEG",
        quality=90,
        exif=phone_exif(orientation=orientation),
        icc_profile=display_p3_profile(),
        xmp=b"<x:xmpmeta><rdf:Description xmp:CreatorTool='Camara 1.0'/></x:xmpmeta>",
        comment=b"IMG_20260101_120000",
    )
    return path


@pytest.fixture
def photo_site(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    folder = write_work(
        content,
        "ana-rivera",
        "mural",
        title="Mural",
        images=(
            ("frente.jpg", "Mural de colores en una pared"),
            ("detalle.jpg", "Detalle de las manos pintadas en verde"),
        ),
    )
    camera_photo(folder / "frente.jpg")
    camera_photo(folder / "detalle.jpg", size=(900, 1200), orientation=1, colour=(30, 160, 90))
    write_work(content, "ana-rivera", "cartel", title="Cartel")
    return content


def build(content: Path, output: Path, **overrides):
    overrides.setdefault("ALTAVOZ_IMAGES_WORKERS", 1)  # in-process: decodes can be counted
    return build_site(content, output, **overrides)


def test_published_images_are_derivatives_without_metadata(photo_site, tmp_path):
    output = build(photo_site, tmp_path / "output")
    images = published_images(output)
    assert len(images) >= 10
    for image in images:
        assert has_no_metadata(image), image
    originals = {sha(p) for p in photo_site.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}
    names = {p.name for p in photo_site.rglob("*.jpg")}
    assert not {sha(p) for p in images} & originals  # no original published, under any name
    assert not {p.name for p in images} & names


def test_work_page_markup(photo_site, tmp_path):
    output = build(photo_site, tmp_path / "output")
    page = read_page(output, WORK_PAGE)
    pictures = re.findall(r"<picture>.*?</picture>", page, re.DOTALL)
    assert len(pictures) >= 2  # the work's two images (then other works of the artist)
    first, second = pictures[:2]
    assert '<source type="image/webp" srcset="' in first
    img = re.search(r"<img[^>]*>", first).group(0)
    # Orientation 6: the 1200x900 photo is published upright, 900 wide.
    assert 'width="900" height="1200"' in img
    assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img
    assert 'alt="Mural de colores en una pared"' in img
    assert "data:image/webp;base64," in img  # the inline placeholder
    second_img = re.search(r"<img[^>]*>", second).group(0)
    assert 'loading="lazy"' in second_img and 'decoding="async"' in second_img
    for url in re.findall(r'(?:src|srcset)="([^"]+)"', "".join(pictures)):
        for candidate in url.split(", "):
            path = candidate.split(" ")[0]
            if not path.startswith("data:"):
                assert (output / path.lstrip("/")).is_file(), path


def test_alt_text_is_escaped_in_the_picture_markup(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_work(content, "ana-rivera", "mural", images=(("a.jpg", 'Sol "rojo" & <luna>'),))
    page = read_page(build(content, tmp_path / "output"), WORK_PAGE)
    assert "<luna>" not in page
    assert 'alt="Sol &#34;rojo&#34; &amp; &lt;luna&gt;"' in page or "&lt;luna&gt;" in page


def test_second_build_decodes_no_image(photo_site, tmp_path, monkeypatch):
    assert_a_rebuild_opens_no_image(build, photo_site, tmp_path / "output", monkeypatch)


def test_changed_and_removed_images_leave_no_stale_files(photo_site, tmp_path):
    output = tmp_path / "output"
    build(photo_site, output)
    folder = photo_site / "works" / "ana-rivera" / "mural"
    old = {
        p.name
        for p in (output / "works/ana-rivera/mural").iterdir()
        if p.stem.startswith("detalle")
    }
    camera_photo(folder / "detalle.jpg", size=(900, 1200), orientation=1, colour=(10, 10, 10))
    build(photo_site, output)
    now = {
        p.name
        for p in (output / "works/ana-rivera/mural").iterdir()
        if p.stem.startswith("detalle")
    }
    assert now and not now & old


@pytest.mark.browser
def test_a_390px_phone_gets_the_right_width(browser, served, tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    folder = write_work(content, "ana-rivera", "mural")
    Image.new("RGB", (3000, 2000), (120, 90, 60)).save(folder / "obra.jpg", quality=85)
    output = build_site(content, tmp_path / "output")
    base = served(output)
    chosen = {}
    for scale in (1, 2, 3):
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=scale)
        page.goto(f"{base}/works/ana-rivera/mural/")
        page.wait_for_function("document.querySelector('picture img').complete")
        chosen[scale] = page.evaluate("document.querySelector('picture img').currentSrc")
        page.close()
    # 390 CSS px need 390, 780 and 1170 device pixels: the smallest width that covers them.
    assert chosen[1].endswith("-480.webp")
    assert chosen[2].endswith("-960.webp")
    assert chosen[3].endswith("-1600.webp")
