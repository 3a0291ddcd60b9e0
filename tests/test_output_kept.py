"""The output folder is kept between builds and swept: the same files as an emptied one.

Each test compares a rebuild into a kept folder with a build of the same content into an
empty folder, file by file and byte by byte, so anything the sweep forgot (a page of a
withdrawn work, an image, a file nobody wrote) or deleted too much shows up as a
difference.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import build_site, copy_sample_content, write_artist, write_work

# A feed without entries is dated with the time of the build.
_BUILD_TIME = re.compile(rb"<updated>[^<]*</updated>")


def files_of(output: Path) -> dict[str, str]:
    """Every file under ``output`` (relative posix path -> sha256), and every folder."""
    found = {}
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        if path.is_symlink():
            found[name] = "symbolic link"
        elif path.is_dir():
            found[name + "/"] = "folder"
        else:
            data = path.read_bytes()
            if path.name.endswith(".atom.xml"):
                data = _BUILD_TIME.sub(b"", data)
            found[name] = hashlib.sha256(data).hexdigest()
    return found


def fresh_build(content: Path, tmp_path: Path, **overrides) -> dict[str, str]:
    output = tmp_path / "fresh" / "output"
    shutil.rmtree(output.parent, ignore_errors=True)
    output.parent.mkdir(parents=True)
    return files_of(build_site(content, output, **overrides))


def two_artists(content: Path) -> Path:
    write_artist(content, "ana-lopez", name="Ana López")
    write_artist(content, "beto-ruiz", name="Beto Ruiz")
    for slug in ("sol-rojo", "luna-azul"):
        write_work(content, "ana-lopez", slug)
    write_work(
        content,
        "beto-ruiz",
        "maiz",
        images=(("maiz.jpg", "Mazorcas de maíz azul"), ("detalle.jpg", "Detalle de un grano")),
        tags="maíz",
    )
    return content


@pytest.fixture
def built(tmp_path) -> tuple[Path, Path]:
    """The content of two_artists and the output folder it was built into once."""
    content = two_artists(tmp_path / "content")
    output = tmp_path / "output"
    build_site(content, output)
    return content, output


def edit_work(content: Path, work: str, edit) -> None:
    """Write the work's index.md again, its text passed through ``edit``."""
    index = content / "works" / work / "index.md"
    index.write_text(edit(index.read_text(encoding="utf-8")), encoding="utf-8")


def test_an_unchanged_rebuild_keeps_every_file_and_equals_a_build_into_an_empty_folder(
    tmp_path,
):
    content = copy_sample_content(tmp_path / "content")
    output = tmp_path / "output"
    build_site(content, output)
    first = files_of(output)
    derivatives = {p: os.stat(p) for p in output.rglob("*.webp")}
    pages = {p: os.stat(p) for p in output.rglob("*.html")}
    assert len(derivatives) > 20 and len(pages) > 20

    build_site(content, output)

    assert files_of(output) == first == fresh_build(content, tmp_path)
    # Nothing was re-linked or rewritten: every derivative and every page is the very file
    # the first build put there (a deploy by modification time uploads nothing).
    for path, before in {**derivatives, **pages}.items():
        after = os.stat(path)
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), path


def test_a_changed_text_rewrites_its_pages_and_only_those_that_show_it(tmp_path, built):
    content, output = built
    page = output / "works/ana-lopez/sol-rojo/index.html"
    other = output / "works/ana-lopez/luna-azul/index.html"
    before = {p: p.stat().st_mtime_ns for p in (page, other)}
    edit_work(
        content,
        "ana-lopez/sol-rojo",
        lambda text: text.replace("Una declaración", "Otra declaración"),
    )

    build_site(content, output)

    assert "Otra declaración" in page.read_text(encoding="utf-8")
    assert page.stat().st_mtime_ns != before[page]
    assert other.stat().st_mtime_ns == before[other]
    assert files_of(output) == fresh_build(content, tmp_path)


def test_a_withdrawn_work_leaves_no_page_and_no_image_in_either_language(tmp_path, built):
    content, output = built
    for language in ("", "en/"):
        assert (output / f"{language}works/beto-ruiz/maiz/index.html").is_file()
    assert any((output / "works/beto-ruiz/maiz").glob("maiz-*.webp"))
    assert "beto-ruiz/maiz" in (output / "search.json").read_text(encoding="utf-8")

    shutil.rmtree(content / "works/beto-ruiz/maiz")  # withdrawn: Beto has no work left
    build_site(content, output)

    for language in ("", "en/"):
        assert not (output / f"{language}works/beto-ruiz").exists()
        assert not (output / f"{language}tags/maiz").exists()
        page = (output / f"{language}index.html").read_text(encoding="utf-8")
        assert "beto-ruiz/maiz" not in page
    assert "beto-ruiz/maiz" not in (output / "search.json").read_text(encoding="utf-8")
    assert files_of(output) == fresh_build(content, tmp_path)


def test_a_work_the_moderation_refuses_on_a_rebuild_disappears_like_a_withdrawn_one(
    tmp_path, built
):
    content, output = built
    assert (output / "works/ana-lopez/luna-azul/index.html").is_file()

    # No consent any more: the moderation leaves the work out of the site.
    edit_work(
        content, "ana-lopez/luna-azul", lambda text: text.replace("consent: yes", "consent: no")
    )
    build_site(content, output)

    assert not (output / "works/ana-lopez/luna-azul").exists()
    assert not (output / "en/works/ana-lopez/luna-azul").exists()
    assert (output / "works/ana-lopez/sol-rojo/index.html").is_file()
    assert files_of(output) == fresh_build(content, tmp_path)


def test_files_of_unknown_origin_go_and_retained_names_stay(tmp_path):
    content = two_artists(tmp_path / "content")
    output = tmp_path / "output"
    retention = {"OUTPUT_RETENTION": [".git"]}
    build_site(content, output, **retention)
    page = output / "works/ana-lopez/sol-rojo/index.html"
    expected = page.read_bytes()
    # What a hand, an older build or a crashed one may leave behind:
    (output / "notas.txt").write_text("borrador", encoding="utf-8")
    (output / "works/ana-lopez/sol-rojo/sol-0123456789-480.webp").write_bytes(b"old image")
    (output / "works/ana-lopez/vieja/").mkdir()
    (output / "works/ana-lopez/vieja/index.html").write_text("<p>vieja</p>", encoding="utf-8")
    (output / "carpeta-vacia").mkdir()
    (output / "enlace.html").symlink_to(tmp_path / "content" / "artists")
    page.unlink()
    page.symlink_to(tmp_path / "elsewhere.html")  # would send this page's bytes elsewhere
    (output / ".git").mkdir()
    (output / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")

    build_site(content, output, **retention)

    assert (output / ".git/HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"
    shutil.rmtree(output / ".git")
    assert not page.is_symlink() and page.read_bytes() == expected
    assert not (tmp_path / "elsewhere.html").exists()
    assert files_of(output) == fresh_build(content, tmp_path, **retention)


def test_a_stale_file_or_folder_where_this_build_writes_is_cleared_out_of_the_way(tmp_path, built):
    content, output = built
    fresh = fresh_build(content, tmp_path)
    # An earlier build (another configuration) wrote a file where a folder now goes,
    # and a folder where a page now goes.
    shutil.rmtree(output / "enviar")
    (output / "enviar").write_text("una página vieja", encoding="utf-8")
    (output / "404.html").unlink()
    (output / "404.html").mkdir()
    (output / "404.html/index.html").write_text("vieja", encoding="utf-8")

    build_site(content, output)

    assert files_of(output) == fresh


def test_a_build_that_empties_its_folder_itself_is_not_swept_twice(tmp_path, built):
    content, output = built
    (output / "notas.txt").write_text("borrador", encoding="utf-8")
    build_site(content, output, DELETE_OUTPUT_DIRECTORY=True)  # Pelican's own emptying
    assert files_of(output) == fresh_build(content, tmp_path)


def test_an_output_folder_that_is_a_link_is_emptied_so_a_withdrawn_work_still_goes(tmp_path):
    content = two_artists(tmp_path / "content")
    (tmp_path / "www").mkdir()
    output = tmp_path / "output"
    output.symlink_to(tmp_path / "www")
    build_site(content, output)
    page = tmp_path / "www/works/ana-lopez/luna-azul/index.html"
    assert page.is_file()
    assert oct(page.stat().st_mode & 0o777) == oct(0o666 & ~_umask())

    shutil.rmtree(content / "works/ana-lopez/luna-azul")
    build_site(content, output)

    assert not (tmp_path / "www/works/ana-lopez/luna-azul").exists()
    assert (tmp_path / "www/works/ana-lopez/sol-rojo/index.html").is_file()
    assert output.is_symlink()


def test_a_changed_page_is_a_new_file_so_a_hard_linked_copy_elsewhere_keeps_the_old(
    tmp_path, built
):
    content, output = built
    page = output / "works/ana-lopez/sol-rojo/index.html"
    backup = tmp_path / "backup.html"
    os.link(page, backup)
    before = backup.read_bytes()
    edit_work(content, "ana-lopez/sol-rojo", lambda text: text + "\nTexto nuevo.\n")

    build_site(content, output)

    assert "Texto nuevo." in page.read_text(encoding="utf-8")
    assert backup.read_bytes() == before


def _umask() -> int:
    value = os.umask(0o22)
    os.umask(value)
    return value


def test_a_second_build_into_the_same_folder_waits_for_the_first(tmp_path, caplog):
    """Two at once would each sweep away what the other wrote: the folder is locked."""
    import fcntl
    import threading

    content = two_artists(tmp_path / "content")
    output = tmp_path / "output"
    output.mkdir()
    other_build = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(other_build, fcntl.LOCK_EX)  # as another process building there holds it
    done = threading.Event()
    failures = []

    def build():
        try:
            build_site(content, output)
        except BaseException as error:  # reported by the test below
            failures.append(error)
        done.set()

    thread = threading.Thread(target=build, daemon=True)
    try:
        thread.start()
        assert not done.wait(2), "the build did not wait for the folder"
        assert not (output / "index.html").exists()
        assert "another build is writing into" in caplog.text
    finally:
        os.close(other_build)  # the other build is over
    assert done.wait(120) and not failures, failures
    assert files_of(output) == fresh_build(content, tmp_path)
    # The lock went with the build: the next one does not wait.
    caplog.clear()
    build_site(content, output)
    assert "another build is writing into" not in caplog.text


def test_a_build_that_stopped_midway_does_not_lock_out_the_next_one(tmp_path):
    import threading

    from altavoz_core import kept_output

    content = two_artists(tmp_path / "content")
    output = tmp_path / "output"
    kept_output.hold(output, 0)  # what a build that raised before its end leaves held
    # The next build in the same process (a live preview) must not wait for that one.
    thread = threading.Thread(target=build_site, args=(content, output), daemon=True)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the build is waiting for a lock its own process left"
    assert (output / "index.html").is_file()


def test_a_build_waits_for_another_only_so_long_then_goes_on_and_says_so(tmp_path, caplog):
    import fcntl

    content = two_artists(tmp_path / "content")
    output = tmp_path / "output"
    output.mkdir()
    (tmp_path / "link").symlink_to(output)
    stuck = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(stuck, fcntl.LOCK_EX)  # a build that failed in a process that lives on
    try:
        build_site(content, tmp_path / "link", ALTAVOZ_MODERATION_OUTPUT_WAIT_SECONDS=0.5)
    finally:
        os.close(stuck)
    assert "going on anyway" in caplog.text
    assert (output / "index.html").is_file()
