"""The sample content, built as a new user first sees it."""

import datetime
import html
import re
from pathlib import Path

from conftest import SAMPLE_CONTENT, build_site, copy_sample_content, read_page, write_work

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def sample_fields(index: Path) -> dict:
    block = FRONT_MATTER.match(index.read_text(encoding="utf-8")).group(1)
    return dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)


def statement_opening(index: Path) -> str:
    """The first words of the statement, as they read on the page."""
    body = FRONT_MATTER.sub("", index.read_text(encoding="utf-8"))
    first = next(line for line in body.splitlines() if line.strip() and "](" not in line)
    words = re.sub(r"[*_`\[\]]", "", first).split()[:4]
    return html.escape(" ".join(words), quote=False)


def sample_works():
    for index in sorted(SAMPLE_CONTENT.glob("works/*/*/index.md")):
        yield index.parent, sample_fields(index)


def test_sample_has_enough_to_look_real():
    assert len(list(SAMPLE_CONTENT.glob("artists/*/index.md"))) >= 4
    assert len(list(sample_works())) >= 10
    assert len(list(SAMPLE_CONTENT.glob("blog/*.md"))) >= 2


def test_every_sample_work_has_a_page_with_title_artist_statement_and_image(sample_site):
    for folder, fields in sample_works():
        artist, slug = folder.parent.name, folder.name
        page = read_page(sample_site, f"works/{artist}/{slug}/index.html")
        assert fields["title"].replace("&", "&amp;") in page, slug
        artist_name = sample_fields(SAMPLE_CONTENT / "artists" / artist / "index.md")["name"]
        assert artist_name in page, slug
        assert f'href="/artists/{artist}/"' in page, slug
        assert statement_opening(folder / "index.md") in page, slug
        assert "<img" in page, slug


def test_every_artist_page_lists_their_works(sample_site):
    for folder, _fields in sample_works():
        page = read_page(sample_site, f"artists/{folder.parent.name}/index.html")
        assert f'href="/works/{folder.parent.name}/{folder.name}/"' in page


def test_gallery_index_lists_every_work(sample_site):
    pages = [read_page(sample_site, "index.html")]
    pages += [p.read_text(encoding="utf-8") for p in sample_site.glob("page/*/index.html")]
    gallery = "\n".join(pages)
    for folder, _ in sample_works():
        assert f'href="/works/{folder.parent.name}/{folder.name}/"' in gallery


def test_blog_index_lists_the_posts_and_feeds_exist(sample_site):
    blog = read_page(sample_site, "blog/index.html")
    for post in SAMPLE_CONTENT.glob("blog/*.md"):
        assert sample_fields(post)["title"] in blog
    assert (sample_site / "feeds/blog.atom.xml").stat().st_size > 0
    works_feed = (sample_site / "feeds/works.atom.xml").read_text(encoding="utf-8")
    assert works_feed.count("<entry>") == len(list(sample_works()))


def test_a_new_work_folder_appears_without_code_changes(tmp_path):
    """The submission format is the contract: a folder is all it takes."""
    content = copy_sample_content(tmp_path / "content")
    artist = sorted(p.name for p in (content / "artists").iterdir())[0]
    write_work(
        content,
        artist,
        "obra-nueva-de-prueba",
        title="Obra nueva de prueba",
        date=f"{datetime.date.today().year + 1}-01-01",  # the newest: first on the home page
        images=(("nueva.jpg", "Cuadro de prueba con un círculo rojo"),),
    )
    output = build_site(content, tmp_path / "output")
    assert f'href="/works/{artist}/obra-nueva-de-prueba/"' in read_page(output, "index.html")
    artist_page = read_page(output, f"artists/{artist}/index.html")
    assert "Obra nueva de prueba" in artist_page
    work_page = read_page(output, f"works/{artist}/obra-nueva-de-prueba/index.html")
    assert "Cuadro de prueba con un círculo rojo" in work_page
