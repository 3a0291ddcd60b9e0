"""The README's first command ends in `invoke livereload`: it must serve the sample gallery.

The preview is built into the test's own folder (`--output`), never into the checkout's
output/; it answers only once the build is done, and SIGTERM stops all of it.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

STALE = "<html><title>build anterior</title>a page from an earlier build</html>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Whether a new server could listen on ``port`` (as `invoke livereload` would).

    SO_REUSEADDR, as every server does: the test's own closed connections may linger
    in TIME_WAIT; only a process still listening makes the bind fail.
    """
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains ``text`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in command and state != "Z":
            found.append(int(entry.name))
    return found


def checkout_output_state():
    index = ROOT / "output" / "index.html"
    return index.stat().st_mtime_ns if index.is_file() else None


def start_livereload(port: int, output: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", *("--port", str(port)), "--output", output],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # only so that the test can clean up if it fails
    )


def stop_everything(preview: subprocess.Popen, output: Path) -> None:
    for pid in [preview.pid, *processes_mentioning(str(output))]:
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(pid, signal.SIGKILL)
    preview.wait(timeout=30)


def test_livereload_serves_the_new_build_only_and_sigterm_frees_the_port(tmp_path):
    port = free_port()
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text(STALE, encoding="utf-8")  # what an old build left
    untouched = checkout_output_state()
    preview = start_livereload(port, output)
    try:
        deadline = time.monotonic() + 300
        page = None
        while time.monotonic() < deadline and preview.poll() is None:
            page = fetch(f"http://localhost:{port}/")
            if page is not None:
                break
            time.sleep(0.5)
        assert preview.poll() is None, preview.stdout.read()
        # The first answer is already the new build: never the earlier one, never a 404.
        assert page and "build anterior" not in page
        assert "<title>" in page and "Galería" in page
        assert page.count('<li class="work-card">') >= 10
        assert "Lluvia sobre Xanenetla" in page
        assert checkout_output_state() == untouched  # the checkout's output/ is left alone

        preview.send_signal(signal.SIGTERM)  # only the task's process, as a supervisor does
        preview.wait(timeout=15)
        deadline = time.monotonic() + 5
        while not port_is_free(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert port_is_free(port), "a process still holds the preview's port after SIGTERM"
        assert processes_mentioning(str(output)) == []
        assert "live preview stopped" in preview.stdout.read()
    finally:
        stop_everything(preview, output)


def test_sigterm_during_the_first_build_stops_the_build_too(tmp_path):
    port = free_port()
    output = tmp_path / "output"
    preview = start_livereload(port, output)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not processes_mentioning(f"-o {output}"):
            time.sleep(0.1)
        assert processes_mentioning(f"-o {output}"), "the build did not start"
        time.sleep(1)  # well inside the build
        preview.send_signal(signal.SIGTERM)
        preview.wait(timeout=15)
        deadline = time.monotonic() + 5
        while processes_mentioning(str(output)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert processes_mentioning(str(output)) == []  # no Pelican (or image worker) left
        assert port_is_free(port)
    finally:
        stop_everything(preview, output)
