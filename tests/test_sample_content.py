"""The committed sample content keeps the public submission format (CONTRIBUTING.md).

These tests read the files directly (with a tiny front-matter reader of their own),
so they fail on the content itself, not on how the site happens to render it.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SCRIPT = ROOT / "tools" / "make_sample_content.py"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_LINE = re.compile(r"^(?P<key>[a-z_]+): (?P<value>\S.*)$")
IMAGE_LINE = re.compile(r'^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?: "(?P<title>[^"]*)")?\)$')
ANY_IMAGE = re.compile(r"!\[")
LINK_TARGET = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target>[^)\s]+)")  # links, not images
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?:\d[\s.-]?){10,}")
RAW_HTML = re.compile(r"<[A-Za-z/!]")

ARTIST_KEYS = {"name", "pronouns", "city", "links", "avatar", "lang"}
WORK_KEYS = {
    "title",
    "artist",
    "date",
    "medium",
    "license",
    "consent",
    "tags",
    "year",
    "dimensions",
    "lang",
}
BLOG_KEYS = {"title", "date", "author", "tags", "summary", "lang", "slug"}
PAGE_KEYS = {"title", "slug", "lang"}
LICENSES = {"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0", "all-rights-reserved"}
SAMPLE_DIRS = ("artists", "works", "blog", "pages")
MAX_SAMPLE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_BYTES = 500 * 1024


def read_document(path: Path) -> tuple[dict[str, str], str]:
    """Front matter as a dict and the body; fails loudly on anything off-format."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---", f"{path}: first line must be ---"
    fields: dict[str, str] = {}
    end = lines.index("---", 1)
    for line in lines[1:end]:
        match = KEY_LINE.match(line)
        assert match, f"{path}: not a `key: value` line: {line!r}"
        assert match["key"] not in fields, f"{path}: duplicate key {match['key']}"
        fields[match["key"]] = match["value"].strip()
    assert lines[end + 1] == "", f"{path}: a blank line must follow the front matter"
    return fields, "\n".join(lines[end + 2 :])


def image_references(body: str) -> list[re.Match]:
    return [m for line in body.split("\n") if (m := IMAGE_LINE.match(line.strip()))]


def artist_folders() -> list[Path]:
    return sorted(p.parent for p in CONTENT.glob("artists/*/index.md"))


def work_folders() -> list[Path]:
    return sorted(p.parent for p in CONTENT.glob("works/*/*/index.md"))


def sample_markdown() -> list[Path]:
    return sorted(p for d in SAMPLE_DIRS for p in (CONTENT / d).rglob("*.md"))


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",")]


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("make_sample_content", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module executes
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_there_is_enough_sample_content_to_look_real():
    assert len(artist_folders()) >= 4
    assert len(work_folders()) >= 10
    assert len(list(CONTENT.glob("blog/*.md"))) >= 2
    multi_image = [
        f for f in work_folders() if len(image_references(read_document(f / "index.md")[1])) >= 2
    ]
    assert len(multi_image) >= 3


# The submit page is a theme template (pelicanconf DIRECT_TEMPLATES), not a source file.
TEMPLATE_PAGES = {"/enviar/", "/en/enviar/", "/agenda/", "/en/agenda/"}  # made by plugins


@pytest.mark.parametrize("path", sample_markdown(), ids=lambda p: str(p.relative_to(CONTENT)))
def test_markdown_is_safe_and_free_of_personal_data(path):
    text = path.read_text(encoding="utf-8")
    assert not RAW_HTML.search(text), "raw HTML"
    assert not EMAIL.search(text), "e-mail address"
    assert not PHONE.search(text), "phone number"
    for link in LINK_TARGET.finditer(text):
        target = link["target"]
        if target.startswith("{filename}"):  # Pelican's link to another source file
            assert (CONTENT / target.removeprefix("{filename}/")).is_file(), target
        elif target in TEMPLATE_PAGES:  # a page the theme makes, not a source file
            continue
        else:
            assert target.startswith(("https://", "http://")), target


def test_artists_follow_the_format():
    languages = set()
    for folder in artist_folders():
        fields, bio = read_document(folder / "index.md")
        assert SLUG.match(folder.name), folder.name
        assert set(fields) <= ARTIST_KEYS, (
            f"{folder.name}: unknown keys {set(fields) - ARTIST_KEYS}"
        )
        assert fields.get("name"), folder.name
        assert fields.get("city") and fields.get("pronouns"), folder.name
        for url in split_list(fields["links"]):
            # Sample links must never point at real people's accounts
            assert url.startswith("https://example.org/"), url
        avatar = folder / fields["avatar"]
        with Image.open(avatar) as img:
            assert img.format == "JPEG" and img.width == img.height
        assert re.search(r"ficticia|ficticio|fictional", bio), f"{folder.name}: bio must say so"
        assert len([p for p in bio.split("\n\n") if p.strip()]) >= 2
        languages.add(fields["lang"])
    assert languages == {"es", "en"}


def test_works_have_every_key_and_a_known_artist():
    artists = {f.name for f in artist_folders()}
    dates = []
    licenses = set()
    tag_counts: dict[str, int] = {}
    for folder in work_folders():
        fields, statement = read_document(folder / "index.md")
        name = f"{folder.parent.name}/{folder.name}"
        assert SLUG.match(folder.name) and SLUG.match(folder.parent.name), name
        assert set(fields) == WORK_KEYS, f"{name}: keys differ by {set(fields) ^ WORK_KEYS}"
        assert fields["artist"] == folder.parent.name and fields["artist"] in artists, name
        assert re.fullmatch(r"202[56]-\d\d-\d\d", fields["date"]), name
        assert fields["year"] == fields["date"][:4], name
        assert fields["license"] in LICENSES, name
        assert fields["consent"] == "yes", name
        assert fields["lang"] in {"es", "en"}, name
        tags = split_list(fields["tags"])
        assert all(t and t == t.lower() for t in tags), name
        for tag in tags:
            tag_counts[tag] = tag_counts.get(tag, 0) + 1
        text = [p for p in statement.split("\n\n") if p.strip() and not ANY_IMAGE.match(p)]
        assert text, f"{name}: the statement is empty"
        dates.append(fields["date"])
        licenses.add(fields["license"])
    assert len(dates) == len(set(dates)), "work dates must be distinct"
    assert licenses == LICENSES, "the sample shows every kind of licence"
    assert sum(1 for n in tag_counts.values() if n >= 3) >= 3, "some tags are shared"


def test_every_referenced_image_is_a_described_jpeg_and_none_is_orphaned():
    for folder in work_folders():
        _fields, body = read_document(folder / "index.md")
        refs = image_references(body)
        assert refs, f"{folder.name}: no image"
        assert len(refs) == len(ANY_IMAGE.findall(body)), (
            f"{folder.name}: image not on its own line"
        )
        for ref in refs:
            src, alt = ref["src"], ref["alt"].strip()
            path = folder / src
            assert "/" not in src and path.is_file(), f"{folder.name}: missing {src}"
            assert len(alt.split()) >= 5, f"{src}: alt text must describe the artwork"
            name_words = {src.lower(), Path(src).stem.lower(), Path(src).stem.replace("-", " ")}
            assert alt.lower() not in name_words and src not in alt, f"{src}: alt is the file name"
            with Image.open(path) as img:
                img.verify()
            with Image.open(path) as img:
                assert img.format == "JPEG" and img.mode == "RGB", src
                assert 1600 <= max(img.size) <= 2400, f"{src}: {img.size}"
                assert not img.getexif(), f"{src}: carries EXIF"
                assert img.info.get("progressive"), src
            assert path.stat().st_size <= MAX_IMAGE_BYTES, f"{src}: too heavy for slow phones"
        files = {p.name for p in folder.iterdir() if p.name != "index.md"}
        assert files == {ref["src"] for ref in refs}, f"{folder.name}: orphaned {files}"


def test_blog_posts_and_pages_are_pelican_content():
    for post in CONTENT.glob("blog/*.md"):
        fields, body = read_document(post)
        assert set(fields) == BLOG_KEYS, post.name
        assert fields["lang"] == "es" and SLUG.match(fields["slug"]), post.name
        # A post's images are described and live in blog/images/ (its first one is the
        # post's picture in the blog's listings and share previews).
        lines = [line for line in body.splitlines() if ANY_IMAGE.search(line)]
        for line in lines:
            image = IMAGE_LINE.match(line)
            assert image and image["alt"].strip(), f"{post.name}: {line}"
            assert image["src"].startswith("images/"), f"{post.name}: {line}"
            assert (CONTENT / "blog" / image["src"]).is_file(), f"{post.name}: {line}"
    pages = {p.name: read_document(p)[0] for p in CONTENT.glob("pages/*.md")}
    spanish = {f["slug"] for f in pages.values() if f["lang"] == "es"}
    english = {f["slug"] for f in pages.values() if f["lang"] == "en"}
    assert {"acerca", "como-participar", "codigo-de-conducta"} <= spanish
    assert english == spanish, "every page has an English translation with the same slug"
    assert all(set(f) == PAGE_KEYS for f in pages.values())


def test_whole_sample_is_small_enough_to_clone():
    total = sum(
        p.stat().st_size for d in SAMPLE_DIRS for p in (CONTENT / d).rglob("*") if p.is_file()
    )
    assert total < MAX_SAMPLE_BYTES


def test_script_is_the_source_of_every_sample_image(script):
    drawn = {p.path for p in script.PICTURES}
    committed = {
        p.relative_to(CONTENT).as_posix()
        for d in ("artists", "works", "events", "blog/images")
        for p in (CONTENT / d).rglob("*")
        if p.is_file() and p.name != "index.md"
    }
    assert committed == drawn


def test_drawing_an_artwork_is_deterministic_and_matches_the_committed_file(script):
    picture = min(
        (p for p in script.PICTURES if p.path.startswith("works/") and p.whole is None),
        key=lambda p: p.size[0] * p.size[1],
    )
    first, second = script.render(picture), script.render(picture)
    assert first == second
    # Bytes may differ under another libjpeg build; the pixels must not.
    with Image.open(CONTENT / picture.path) as committed:
        diff = ImageChops.difference(committed.convert("RGB"), script.draw_picture(picture))
    # JPEG at quality 85 moves pixels by a few levels; another drawing moves them by dozens.
    assert max(ImageStat.Stat(diff).mean) < 6.0
