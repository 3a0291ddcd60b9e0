"""Withdrawing a work (a pull request that deletes its folder) removes every page and image of it.

The guide promises it, so it is checked on both builds: the public one (`invoke publish`,
publishconf.py) and the local preview (`invoke build`, pelicanconf.py), each built twice
into the same output folder, as a maintainer's machine and a cached CI runner do.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import build_site, write_artist, write_work


def files_mentioning(output, word: str) -> list[str]:
    found = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(output).as_posix()
        if word in relative or word.encode() in path.read_bytes():
            found.append(relative)
    return found


@pytest.mark.parametrize("config", ["publishconf.py", "pelicanconf.py"])
def test_deleting_a_work_folder_removes_its_pages_and_images(tmp_path, config):
    content = tmp_path / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_work(content, "ana-rivera", "sol-de-barrio", title="Sol de barrio")
    write_work(
        content,
        "ana-rivera",
        "barca-retirada",
        title="Barca retirada",
        images=(("barca-retirada.jpg", "Una barca roja varada en la arena"),),
        tags="barcaunica",
    )
    output = tmp_path / "output"

    build_site(content, output, config)
    before = files_mentioning(output, "barca-retirada")
    assert "works/ana-rivera/barca-retirada/index.html" in before
    assert any(name.endswith((".jpg", ".webp")) for name in before)
    assert files_mentioning(output, "barcaunica")  # its tag page

    shutil.rmtree(content / "works" / "ana-rivera" / "barca-retirada")
    build_site(content, output, config)

    assert files_mentioning(output, "barca-retirada") == []
    assert files_mentioning(output, "Barca retirada") == []
    assert files_mentioning(output, "barcaunica") == []
    # The rest of the artist's work is still there.
    assert (output / "works" / "ana-rivera" / "sol-de-barrio" / "index.html").is_file()
