"""Images in blog posts and pages: checked like a work's, published only as derivatives.

A post shows images of content/blog/images/ (pages: content/pages/images/), written
``images/foto.jpg`` or ``{static}/blog/images/foto.jpg``.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
from pathlib import Path

import pytest
from altavoz_images import pipeline
from altavoz_moderation.model.references import find_images
from altavoz_moderation.report import check_site
from altavoz_submit.check import run_check
from altavoz_submit.project import create_settings
from conftest import build_site, front_matter, make_settings, read_page, write_image
from images_support import (
    assert_a_rebuild_opens_no_image,
    halves,
    has_no_metadata,
    published_images,
    save_jpeg,
    sha,
)

ALT_1 = "Mural de mazorcas gigantes sobre un muro azul"
ALT_2 = "Taller de bordado con seis personas alrededor de una mesa"


def write_post(content: Path, name: str, body: str, folder: str = "blog", **fields) -> Path:
    slug = Path(name).stem
    fields = {"title": slug.replace("-", " ").capitalize(), "slug": slug, "lang": "es", **fields}
    if folder == "blog":
        fields.setdefault("date", "2026-02-01")
    path = content / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter(fields) + "\n" + body + "\n", encoding="utf-8")
    return path


def photo(path: Path, **exif) -> Path:
    """A photo of its own (the colour comes from the name): no two share a cache entry."""
    digest = hashlib.sha256(path.name.encode()).digest()
    return save_jpeg(path, halves((1000, 750), tuple(digest[:3]), tuple(digest[3:6])), **exif)


def build(content: Path, output: Path):
    return build_site(
        content,
        output,
        ALTAVOZ_IMAGES_WORKERS=1,  # in-process: decodes can be counted
        ALTAVOZ_IMAGES_WIDTHS=(640, 320),
        ALTAVOZ_IMAGES_PROGRESS=False,
    )


def findings(root: Path) -> tuple[list[dict], int]:
    text, status = run_check(root, None, "json")
    return json.loads(text)["findings"], status


def codes_at(found: list[dict], path: str) -> set[str]:
    return {f["code"] for f in found if f["path"] == path}


@pytest.fixture
def blog_site(tiny_content) -> Path:
    """tiny_content plus a post with two images (one per form) and a page with one."""
    content = tiny_content
    photo(content / "blog/images/mural.jpg")
    photo(content / "blog/images/taller.jpg")
    write_post(
        content,
        "dos-fotos.md",
        "Así fue la muestra.\n\n"
        f'![{ALT_1}](images/mural.jpg "Muro norte")\n\n'
        f"Y en el taller: ![{ALT_2}]({{static}}/blog/images/taller.jpg) con hilo rojo.\n",
        date="2026-03-01",
    )
    write_image(content / "pages/images/equipo.jpg", size=(900, 600))
    write_post(
        content,
        "acerca.md",
        "Quiénes somos.\n\n![Cinco personas del equipo frente a un mural](images/equipo.jpg)\n",
        folder="pages",
        title="Acerca",
    )
    return content


# --------------------------------------------------------------------------- moderation


def test_gps_photo_in_a_post_is_an_error_and_the_post_is_left_out(tiny_content, tmp_path):
    photo(tiny_content / "blog/images/plaza.jpg", gps=True)
    write_post(tiny_content, "en-la-plaza.md", f"Fotos.\n\n![{ALT_1}](images/plaza.jpg)")

    found, status = findings(tmp_path)
    assert status == 1
    privacy = [f for f in found if f["code"] == "AV520"]
    assert len(privacy) == 1
    assert privacy[0]["severity"] == "error"
    assert privacy[0]["path"] == "content/blog/images/plaza.jpg"
    assert "invoke strip" in privacy[0]["message"] or "invoke strip" in json.dumps(privacy[0])

    output = build(tiny_content, tmp_path / "output")
    assert not (output / "blog/en-la-plaza/index.html").exists()
    assert (output / "blog/bienvenida/index.html").is_file()  # the other post publishes
    assert not any("plaza" in p.name for p in output.rglob("*"))


def test_a_missing_image_is_av401_naming_the_images_folder(tiny_content, tmp_path):
    write_post(tiny_content, "sin-foto.md", f"Texto.\n\n![{ALT_1}](images/no-existe.jpg)")
    found, status = findings(tmp_path)
    assert status == 1
    [missing] = [f for f in found if f["code"] == "AV401"]
    assert missing["path"] == "content/blog/sin-foto.md"
    assert missing["severity"] == "error"
    assert "images/no-existe.jpg" in missing["message"]
    assert "content/blog/images/" in missing["message"]


def test_an_image_no_post_uses_is_av407(tiny_content, tmp_path):
    photo(tiny_content / "blog/images/sobra.jpg")
    write_image(tiny_content / "pages/images/vieja.jpg", size=(900, 600))
    found, status = findings(tmp_path)
    assert status == 0
    orphan = {f["path"]: f for f in found if f["code"] == "AV407"}
    assert set(orphan) == {"content/blog/images/sobra.jpg", "content/pages/images/vieja.jpg"}
    assert orphan["content/blog/images/sobra.jpg"]["severity"] == "warning"
    assert "images/sobra.jpg" in orphan["content/blog/images/sobra.jpg"]["message"]


def test_clean_post_and_page_pass_the_check(blog_site, tmp_path):
    found, status = findings(tmp_path)
    assert status == 0, found
    assert not [f for f in found if f["code"].startswith(("AV1", "AV4"))]


@pytest.mark.parametrize(
    ("src", "code"),
    [
        ("../works/ana-rivera/sol-de-barrio/obra.jpg", "AV110"),  # another work's original
        ("{static}/works/ana-rivera/sol-de-barrio/obra.jpg", "AV110"),
        ("{static}/blog/images/../../works/ana-rivera/sol-de-barrio/obra.jpg", "AV110"),
        ("otra-carpeta/foto.jpg", "AV110"),  # not the images folder
        ("/blog/images/foto.jpg", "AV111"),
        ("file:///home/ana/foto.jpg", "AV112"),
        ("http://localhost/blog/images/foto.jpg", "AV112"),
    ],
)
def test_references_outside_the_images_folder_are_refused(tiny_content, src, code):
    photo(tiny_content / "blog/images/foto.jpg")
    (tiny_content / "blog/otra-carpeta").mkdir()
    photo(tiny_content / "blog/otra-carpeta/foto.jpg")
    write_post(
        tiny_content, "fuera.md", f"Texto.\n\n![{ALT_1}]({src})\n\n![{ALT_2}](images/foto.jpg)"
    )
    report = check_site(tiny_content, create_settings())
    post = "content/blog/fuera.md"
    assert post in report.rejected
    [finding] = [f for f in report.findings if f.code == code]
    assert finding.path == post and finding.line is not None and src in finding.message_en
    assert "content/blog/images/" in finding.message_en + finding.message_es


def test_a_symbolic_link_in_the_images_folder_is_refused(tiny_content):
    original = photo(tiny_content / "works/ana-rivera/sol-de-barrio/privada.jpg", gps=True)
    (tiny_content / "blog/images").mkdir(parents=True)
    os.symlink(original, tiny_content / "blog/images/enlace.jpg")
    write_post(tiny_content, "enlace.md", f"Texto.\n\n![{ALT_1}](images/enlace.jpg)")
    report = check_site(tiny_content, create_settings())
    assert "content/blog/enlace.md" in report.rejected
    assert any(
        f.code == "AV104" and f.path == "content/blog/images/enlace.jpg" for f in report.findings
    )


@pytest.mark.parametrize(
    ("markdown", "code"),
    [
        ("![](images/foto.jpg)", "AV402"),
        ("![foto.jpg](images/foto.jpg)", "AV403"),
        ("![imagen](images/foto.jpg)", "AV404"),
        ('<img src="images/foto.jpg" alt="Un mural azul">', "AV405"),
        ("![Un mural azul][m]\n\n[m]: images/foto.jpg", "AV406"),
    ],
)
def test_alt_text_and_syntax_checks_apply_to_pages(tiny_content, markdown, code):
    photo(tiny_content / "pages/images/foto.jpg")
    write_post(tiny_content, "equipo.md", f"Texto.\n\n{markdown}", folder="pages")
    report = check_site(tiny_content, create_settings())
    assert "content/pages/equipo.md" in report.rejected
    assert any(f.code == code and f.path == "content/pages/equipo.md" for f in report.findings)


def test_a_changed_image_is_checked_through_the_posts_that_show_it(tiny_content):
    photo(tiny_content / "blog/images/plaza.jpg", gps=True)
    write_post(tiny_content, "en-la-plaza.md", f"Fotos.\n\n![{ALT_1}](images/plaza.jpg)")
    report = check_site(tiny_content, create_settings(), only={"content/blog/images/plaza.jpg"})
    assert report.checked == ["content/blog/en-la-plaza.md"]
    assert "content/blog/en-la-plaza.md" in report.rejected
    assert [f.code for f in report.errors] == ["AV520"]


# --------------------------------------------------------------------------- build


def test_post_and_page_images_are_published_as_pictures(blog_site, tmp_path):
    output = build(blog_site, tmp_path / "output")
    page = read_page(output, "blog/dos-fotos/index.html")
    pictures = re.findall(r"<picture>.*?</picture>", page, re.DOTALL)
    assert len(pictures) == 2
    images = [re.search(r"<img\b[^>]*>", p).group(0) for p in pictures]
    for picture, img in zip(pictures, images, strict=True):
        assert '<source type="image/webp"' in picture
        assert re.search(r'srcset="[^"]+ 640w', img)
        assert f'sizes="{make_settings(blog_site, output)["ALTAVOZ_IMAGES_POST_SIZES"]}"' in img
        assert re.search(r'width="\d+" height="\d+"', img)
    assert f'alt="{ALT_1}"' in images[0] and f'alt="{ALT_2}"' in images[1]
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    assert 'loading="lazy"' in images[1] and 'decoding="async"' in images[1]
    assert "<figcaption>Muro norte</figcaption>" in page  # the image alone in its paragraph
    assert "con hilo rojo" in page  # an inline image keeps its sentence
    assert "images/mural.jpg" not in page and "{static}" not in page and "taller.jpg" not in page

    urls = set(re.findall(r'(?:src|srcset)="([^"]+)"', "".join(pictures)))
    files = {u.split()[0] for url in urls for u in url.split(", ") if not u.startswith("data:")}
    assert files and all((output / f.lstrip("/")).is_file() for f in files), files

    about = read_page(output, "acerca/index.html")
    assert about.count("<picture>") == 1 and 'fetchpriority="high"' in about

    originals = {sha(p) for p in (blog_site / "blog/images").iterdir() if p.is_file()} | {
        sha(blog_site / "pages/images/equipo.jpg")
    }
    published = published_images(output)
    assert any(p.parent.name == "images" for p in published)
    assert all(sha(p) not in originals for p in output.rglob("*") if p.is_file())
    for image in published:
        assert has_no_metadata(image), image

    # The English interface shows the same files, published once at the main site.
    english = output / "en"
    assert english.is_dir() and not published_images(english)
    english_page = read_page(output, "en/blog/dos-fotos/index.html")
    english_files = re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', english_page)
    assert len(english_files) == 2
    assert all((output / f.lstrip("/")).is_file() for f in english_files)


def _shown_alts(page: str) -> list[str]:
    """The alt text of every picture of a page, in order."""
    pictures = re.findall(r"<picture>.*?</picture>", page, re.DOTALL)
    return [html.unescape(re.search(r'<img\b[^>]*\balt="([^"]*)"', p).group(1)) for p in pictures]


def test_every_image_a_checked_text_references_is_shown(tiny_content, tmp_path):
    """What the check accepts is what the build shows: a reference is read as a browser
    reads it ('%20' is a space) by both, so a work or post the check accepts shows every
    image its text references, with its alt text."""
    work = tiny_content / "works/ana-rivera/sol-de-barrio"
    photo(work / "dos b.jpg")
    photo(work / "tres c.jpg")
    index = work / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n![Mural azul dos con un colibrí](dos%20b.jpg)\n\n"
        + "![Detalle ocre del mismo muro](<tres c.jpg>)\n",
        encoding="utf-8",
    )
    photo(tiny_content / "blog/images/plaza mayor.jpg")
    post = write_post(
        tiny_content, "en-la-plaza.md", f"Fotos.\n\n![{ALT_1}](images/plaza%20mayor.jpg)"
    )

    report = check_site(tiny_content, create_settings())
    about_references = [f for f in report.findings if f.code.startswith(("AV1", "AV4"))]
    assert not report.rejected and not about_references, [
        (f.code, f.path, f.message_en) for f in report.findings
    ]

    output = build(tiny_content, tmp_path / "output")
    pages = {
        index: "works/ana-rivera/sol-de-barrio/index.html",
        post: "blog/en-la-plaza/index.html",
    }
    for source, page in pages.items():
        referenced = [ref.alt for ref in find_images(source.read_text(encoding="utf-8"))]
        shown = _shown_alts(read_page(output, page))
        assert shown[: len(referenced)] == referenced, (page, shown)


def test_a_rebuild_decodes_nothing(blog_site, tmp_path, monkeypatch):
    assert_a_rebuild_opens_no_image(build, blog_site, tmp_path / "output", monkeypatch)


def test_an_image_that_cannot_be_processed_leaves_its_post_out(
    blog_site, tmp_path, monkeypatch, caplog
):
    original = pipeline.derivatives.render

    def failing(source, settings):
        if Path(source).name == "taller.jpg":
            raise OSError("broken data stream")
        return original(source, settings)

    monkeypatch.setattr(pipeline.derivatives, "render", failing)
    with caplog.at_level(logging.WARNING):
        output = build(blog_site, tmp_path / "output")
    assert not (output / "blog/dos-fotos/index.html").exists()
    assert (output / "blog/bienvenida/index.html").is_file()
    assert "dos-fotos" not in read_page(output, "blog/index.html")
    assert "acerca/index.html" in {
        p.relative_to(output).as_posix() for p in output.rglob("index.html")
    }
    assert any(
        "skipping" in r.getMessage() and "content/blog/dos-fotos.md" in r.getMessage()
        for r in caplog.records
    )
