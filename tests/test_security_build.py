"""Hostile pull requests against the build: what a submission can make the site read or write.

Each test builds a small site into tmp_path with one hostile submission beside good ones
and asserts on what was published: nothing from outside content/, nothing written outside
output/, no original image, and the good submissions still publish.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import altavoz_moderation
import pytest
from altavoz_moderation.report import Report
from conftest import build_site, front_matter, read_page, write_artist, write_work
from images_support import save_jpeg

SECRET = "SECRETO-FUERA-DEL-CONTENIDO"


def published_files(output: Path) -> list[Path]:
    return [p for p in output.rglob("*") if p.is_file()]


def assert_nowhere_in(output: Path, needle: bytes) -> None:
    leaks = [p.relative_to(output).as_posix() for p in published_files(output)]
    leaks = [name for name in leaks if needle in (output / name).read_bytes()]
    assert leaks == []


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_post(content: Path, name: str, body: str, **fields) -> Path:
    path = content / "blog" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = {"title": "Entrada", "date": "2026-01-10", "lang": "es", **fields}
    path.write_text(front_matter(fields) + "\n" + body + "\n", encoding="utf-8")
    return path


def outside_work(folder: Path, title: str = SECRET) -> Path:
    """A valid-looking work outside the content folder (what a symbolic link points at)."""
    folder.mkdir(parents=True)
    fields = {
        "title": title,
        "artist": "ana-rivera",
        "date": "2026-01-01",
        "license": "CC-BY-4.0",
        "consent": "yes",
    }
    (folder / "index.md").write_text(
        front_matter(fields) + f"\n{SECRET}\n\n![Un cuadro rojo sobre fondo blanco](obra.jpg)\n",
        encoding="utf-8",
    )
    save_jpeg(folder / "obra.jpg")
    return folder


@pytest.fixture(params=["on", "off"])
def moderation(request, monkeypatch):
    """Each test with the checks, then with the rejection step switched off ("off"):
    the build's own defences must hold alone."""
    if request.param == "off":
        monkeypatch.setattr(altavoz_moderation, "check_site", lambda *args, **kwargs: Report())
        monkeypatch.setattr(altavoz_moderation, "_last_run", None)
    return request.param


# -- static links: Pelican copies any file a {static}/{attach} link names ----------------


def test_a_static_link_cannot_publish_another_works_original(tmp_path):
    """A blog post linking a work's photo with {static} must not publish the original."""
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    work = write_work(content, "ana-rivera", "mural")
    save_jpeg(work / "obra.jpg", gps=True, owner=True, serial=True)  # the work is refused
    write_work(content, "ana-rivera", "cartel")
    write_post(
        content,
        "fotos.md",
        "Miren [la foto original]({static}/works/ana-rivera/mural/obra.jpg) y"
        " [esta otra]({attach}../works/ana-rivera/cartel/obra.jpg).",
    )

    output = build_site(content, tmp_path / "output")

    assert (output / "works/ana-rivera/cartel/index.html").is_file()
    assert "la foto original" in read_page(output, "blog/entrada/index.html")
    originals = {sha(p) for p in content.rglob("*.jpg")}
    published = {p.relative_to(output).as_posix() for p in published_files(output)}
    assert [p for p in published if sha(output / p) in originals] == []
    assert not (output / "works/ana-rivera/mural").exists()


def test_blog_images_are_never_published_as_originals_with_their_metadata(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "cartel")
    blog = content / "blog"
    blog.mkdir()
    from PIL import Image

    Image.new("RGB", (1200, 900), (20, 160, 60)).save(
        blog / "taller.jpg", quality=80, comment=b"Casa de Ana, calle 5"
    )
    write_post(
        content, "taller.md", "El taller.\n\n![Personas pintando en el taller]({static}taller.jpg)"
    )

    output = build_site(content, tmp_path / "output")

    original = sha(blog / "taller.jpg")
    assert [p for p in published_files(output) if sha(p) == original] == []
    assert_nowhere_in(output, b"Casa de Ana")
    assert (output / "works/ana-rivera/cartel/index.html").is_file()


def test_a_static_link_cannot_read_or_write_outside_the_site(tmp_path):
    """{static}/../x would copy a file beside content/ to beside output/ (outside it)."""
    site = tmp_path / "repo"
    content = site / "content"
    site.mkdir()
    (site / "secreto.txt").write_text(SECRET, encoding="utf-8")
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "cartel")
    write_post(
        content, "enlace.md", "Un [enlace]({static}/../secreto.txt) y [otro]({static}/../../x.txt)."
    )
    (tmp_path / "x.txt").write_text(SECRET, encoding="utf-8")
    output = tmp_path / "publicado" / "sitio" / "output"  # deeper than content/

    build_site(content, output)

    assert (output / "works/ana-rivera/cartel/index.html").is_file()
    assert_nowhere_in(output, SECRET.encode())
    written_outside = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if p.is_file() and not {output, site, output.parent / "cache"} & set(p.parents)
    )
    assert written_outside == ["x.txt"]


# -- symbolic links: a linked folder must not carry files from elsewhere into the site ----


def test_a_symlinked_artist_folder_under_works_publishes_nothing(tmp_path, moderation):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "cartel")
    outside_work(tmp_path / "fuera" / "obra-secreta")
    (content / "works" / "intruso").symlink_to(tmp_path / "fuera", target_is_directory=True)
    write_artist(content, "intruso")

    output = build_site(content, tmp_path / "output")

    assert (output / "works/ana-rivera/cartel/index.html").is_file()
    assert not (output / "works/intruso").exists()
    assert_nowhere_in(output, SECRET.encode())


def test_symlinked_posts_and_blog_folders_publish_nothing(tmp_path, moderation):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "cartel")
    write_post(content, "buena.md", "Una entrada buena.", title="Buena")
    outside = tmp_path / "fuera"
    for number in (1, 2):
        post = outside / f"dir{number}" / "secreto.md"
        post.parent.mkdir(parents=True)
        fields = {"title": f"{SECRET} {number}", "date": "2026-01-02", "lang": "es"}
        post.write_text(front_matter(fields) + f"\n{SECRET}\n", encoding="utf-8")
    (content / "blog" / "carpeta").symlink_to(outside / "dir1", target_is_directory=True)
    (content / "blog" / "enlace.md").symlink_to(outside / "dir2" / "secreto.md")

    output = build_site(content, tmp_path / "output")

    assert "Buena" in read_page(output, "blog/index.html")
    assert_nowhere_in(output, SECRET.encode())


# -- tags: every tag needs an address of its own ------------------------------------------


@pytest.mark.parametrize(
    ("tag", "moderation"),
    [("🌽", "on"), ("...", "on"), ("¡¿?!", "on"), ('"><img src=x onerror=alert(1)>', "off")],
    indirect=["moderation"],
)
def test_a_tag_without_letters_or_digits_does_not_stop_the_build(tmp_path, tag, moderation):
    """Its slug is empty: tags/<slug>/ would be tags/ itself, and Pelican refuses to overwrite.

    (The moderation refuses markup in a tag; without it the tag's slug is empty too.)
    """
    content = tmp_path / "content"
    write_artist(content, "ana-rivera")
    write_work(content, "ana-rivera", "milpa", tags=f"maíz, {tag}")
    write_work(content, "ana-rivera", "cartel", tags="barrio")

    output = build_site(content, tmp_path / "output")

    milpa = read_page(output, "works/ana-rivera/milpa/index.html")
    assert 'href="/tags/maiz/"' in milpa
    assert 'href="/tags//"' not in milpa
    tags_index = read_page(output, "tags/index.html")
    assert 'href="/tags/maiz/"' in tags_index and 'href="/tags/barrio/"' in tags_index
    assert read_page(output, "en/tags/index.html")
