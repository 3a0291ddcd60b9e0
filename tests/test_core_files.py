"""write_atomically: readers see the old file or the new one, never a torn one."""

from __future__ import annotations

import os

import pytest
from altavoz_core.files import write_atomically


def test_the_new_content_replaces_the_file_and_a_hard_link_keeps_the_old(tmp_path):
    page = tmp_path / "index.html"
    page.write_text("antes", encoding="utf-8")
    backup = tmp_path / "backup.html"
    os.link(page, backup)  # a rollback copy made with hard links
    write_atomically(page, "después")
    assert page.read_text(encoding="utf-8") == "después"
    assert backup.read_text(encoding="utf-8") == "antes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.html", "index.html"]


def test_the_mode_is_the_one_asked_for_else_private(tmp_path):
    write_atomically(tmp_path / "shared", b"x", mode=0o644)
    write_atomically(tmp_path / "private", b"x")
    assert (tmp_path / "shared").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    page = tmp_path / "memo.json"
    page.write_bytes(b"{}")

    def refuse(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(page, b'{"nuevo": 1}')
    assert page.read_bytes() == b"{}"
    assert [p.name for p in tmp_path.iterdir()] == ["memo.json"]
