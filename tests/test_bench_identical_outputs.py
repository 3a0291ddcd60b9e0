"""What the rebuild caches remember changes nothing the site publishes, byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from altavoz_core.kept_output import real_folder
from altavoz_images import cache
from conftest import build_site, write_artist, write_work

# A feed without entries (this site has no blog posts) is dated with the time of the build.
_BUILD_TIME = re.compile(rb"<updated>[^<]*</updated>")


def snapshot(output: Path) -> dict[str, str]:
    files = {}
    for path in sorted(output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name.endswith(".atom.xml"):
                data = _BUILD_TIME.sub(b"", data)
            files[path.relative_to(output).as_posix()] = hashlib.sha256(data).hexdigest()
    return files


def small_site(content: Path) -> Path:
    write_artist(content, "ana-lopez", name="Ana López")
    for slug in ("sol-rojo", "luna-azul", "maiz"):
        write_work(content, "ana-lopez", slug)
    return content


@pytest.mark.fresh_image_cache  # this test looks into its own cache
def test_a_noop_rebuild_and_a_rebuild_without_the_memo_publish_identical_files(tmp_path):
    content = small_site(tmp_path / "content")
    output = tmp_path / "output"
    build_site(content, output)
    first = snapshot(output)
    assert any(name.startswith("works/ana-lopez/sol-rojo/") for name in first)
    assert any(name.endswith(".webp") for name in first)

    build_site(content, output)  # nothing changed: every image from the memo and the cache
    assert snapshot(output) == first

    memo = tmp_path / "cache" / "altavoz_images" / "sources.jsonl"
    assert memo.is_file()
    memo.unlink()  # every source hashed again, the same derivatives found
    build_site(content, output)
    assert snapshot(output) == first


def test_the_source_memo_appends_one_line_per_new_file_and_survives_a_torn_line(tmp_path):
    sources = []
    for index in range(3):
        path = tmp_path / f"foto-{index}.jpg"
        path.write_bytes(b"imagen %d" % index)
        sources.append(path)
    memo = cache.SourceDigests(tmp_path / "cache")
    digests = []
    for path in sources:
        digests.append(memo.digest(path))
        memo.save()  # as the image checks do after every file
    lines = memo.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert [json.loads(line)[-1] for line in lines] == digests
    assert digests[0] == hashlib.sha256(b"imagen 0").hexdigest()

    # A build killed mid-write leaves a torn last line: that file is hashed again, no more.
    with memo.path.open("a", encoding="utf-8") as journal:
        journal.write('["' + str(sources[0]))
    again = cache.SourceDigests(tmp_path / "cache")
    assert [again.digest(path) for path in sources] == digests
    assert again.hashed == 0

    # A changed file is hashed again and its new line wins on the next load.
    sources[1].write_bytes(b"otra imagen")
    changed = again.digest(sources[1])
    again.save()
    assert changed == hashlib.sha256(b"otra imagen").hexdigest()
    assert cache.SourceDigests(tmp_path / "cache").digest(sources[1]) == changed


def test_the_source_memo_is_rewritten_compactly_when_mostly_superseded(tmp_path):
    path = tmp_path / "foto.jpg"
    memo = cache.SourceDigests(tmp_path / "cache")
    for round_number in range(100):
        path.write_bytes(b"version %d" % round_number)
        memo.digest(path)
        memo.save()
    lines = memo.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 2 * 1 + 64
    reloaded = cache.SourceDigests(tmp_path / "cache")
    assert reloaded.digest(path) == hashlib.sha256(b"version 99").hexdigest()
    assert reloaded.hashed == 0


def test_real_folder_resolves_like_path_resolve_through_symbolic_links(tmp_path):
    real = tmp_path / "real" / "works"
    (real / "ana" / "sol").mkdir(parents=True)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "works").symlink_to(real)
    known: dict = {}
    for folder in (
        tmp_path / "content" / "works" / "ana" / "sol",
        tmp_path / "content" / "works" / "ana",
        tmp_path / "real" / "works" / "ana" / "sol",
        tmp_path / "content" / "works" / "ana" / ".." / "ana" / "sol",
        tmp_path / "missing" / "folder",
    ):
        assert real_folder(folder, known) == str(folder.resolve())
