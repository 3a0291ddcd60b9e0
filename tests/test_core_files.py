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
    write_atomically(tmp_path / "public", b"x", mode=0o644)
    write_atomically(tmp_path / "private", b"x")
    assert (tmp_path / "public").stat().st_mode & 0o777 == 0o644
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


def test_a_lock_held_elsewhere_is_waited_for_only_as_long_as_asked(tmp_path):
    import subprocess
    import sys

    from altavoz_core.files import exclusive_lock

    lock = tmp_path / ".obra.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from altavoz_core.files import exclusive_lock\n"
            "with exclusive_lock(sys.argv[1]):\n"
            "    print('held', flush=True); time.sleep(30)\n",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with exclusive_lock(lock, wait_seconds=0) as held:
            assert held is False
    finally:
        holder.kill()
        holder.wait()
    with exclusive_lock(lock, wait_seconds=0) as held:  # the lock went with its process
        assert held is True


def test_digests_name_their_parts_unambiguously_and_settings_by_value():
    from altavoz_core.fingerprints import digest, settings_fingerprint

    assert digest("ab", "c") != digest("a", "bc")
    assert digest(b"x") == digest("x")
    a = settings_fingerprint({"JPEG_QUALITY": 80, "SIZES": (1600, 960)})
    assert a == settings_fingerprint({"SIZES": [1600, 960], "JPEG_QUALITY": 80})
    assert a != settings_fingerprint({"JPEG_QUALITY": 70, "SIZES": (1600, 960)})
    assert settings_fingerprint({"A": 1, "B": 2}, keys=["A"]) == settings_fingerprint({"A": 1})
