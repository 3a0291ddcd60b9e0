"""The README's first command ends in `invoke livereload`: it must serve the sample gallery."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_livereload_serves_the_sample_gallery():
    port = free_port()
    started = time.time()
    index = ROOT / "output" / "index.html"

    def built_now() -> bool:  # a page left from an earlier build does not count
        return index.is_file() and index.stat().st_mtime >= started

    preview = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so the server and its rebuild loop stop together
    )
    try:
        deadline = time.monotonic() + 300
        page = None
        while time.monotonic() < deadline and preview.poll() is None:
            page = fetch(f"http://localhost:{port}/") if built_now() else None
            if page and "work-card" in page:
                break
            time.sleep(1)
        assert preview.poll() is None, preview.stdout.read()
        assert page and "<title>" in page and "Galería" in page
        assert page.count('<li class="work-card">') >= 10
        assert "Lluvia sobre Xanenetla" in page
    finally:
        os.killpg(preview.pid, signal.SIGTERM)
        preview.wait(timeout=30)
