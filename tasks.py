"""Maintainer tasks for Altavoz: `invoke --list` shows them all.

Tasks stay thin: the work lives in plugins/ (shared with the build and the
tests); here we only choose settings, print what happens and turn failures into
clear messages.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHE = ROOT / "cache"
DEV_CONFIG = ROOT / "pelicanconf.py"
PUBLISH_CONFIG = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


def pelican_command(config: Path, *options: str) -> str:
    """The pelican command line for this project, run with this Python."""
    words = [sys.executable, "-m", "pelican", str(CONTENT), "-s", str(config), "-o", str(OUTPUT)]
    return shlex.join([*words, *options])


def run_pelican(c, config: Path, *options: str, what: str):
    print(f"→ {what}")
    result = c.run(pelican_command(config, *options), warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit(f"✗ {what} failed: read Pelican's messages above.", code=1)


@task(help={"strict": "fail when any submission has an error (as CI does)"})
def build(c, strict=False):
    """Build the site into output/ with pelicanconf.py."""
    options = ["-e", "ALTAVOZ_STRICT=true"] if strict else []
    run_pelican(c, DEV_CONFIG, *options, what=f"building the site into {OUTPUT.name}/")
    print(f"✓ site built in {OUTPUT}")


@task
def clean(c, cache=False):
    """Delete output/ (and cache/ with --cache)."""
    targets = [OUTPUT, CACHE] if cache else [OUTPUT]
    for target in targets:
        if target.exists():
            print(f"→ deleting {target.relative_to(ROOT)}/")
            shutil.rmtree(target)
    print("✓ clean")


@task
def rebuild(c, strict=False):
    """Delete output/ and build again from scratch."""
    clean(c)
    build(c, strict=strict)


@task(help={"port": f"port to serve on (default {PORT})"})
def serve(c, port=PORT):
    """Serve output/ at http://localhost:8000 (build first)."""
    if not OUTPUT.is_dir():
        raise Exit("✗ output/ does not exist yet: run `invoke build` first.", code=1)
    print(f"→ serving {OUTPUT.name}/ at http://localhost:{port} (Ctrl+C stops)")
    c.run(
        shlex.join(
            [
                sys.executable,
                "-m",
                "pelican",
                "--listen",
                "-b",
                HOST,
                "-p",
                str(port),
                "-s",
                str(DEV_CONFIG),
                "-o",
                str(OUTPUT),
            ]
        ),
        pty=False,
    )


@task(help={"port": f"port to serve on (default {PORT})"})
def livereload(c, port=PORT):
    """Build, serve at http://localhost:8000 and rebuild whenever content or theme change."""
    print(f"→ live preview at http://localhost:{port}: edit content/ or theme/ and reload the page")
    run_pelican(
        c,
        DEV_CONFIG,
        "--autoreload",
        "--listen",
        "-b",
        HOST,
        "-p",
        str(port),
        what="building and serving the live preview",
    )


@task
def publish(c):
    """Build the public site with publishconf.py (SITEURL from ALTAVOZ_SITEURL)."""
    run_pelican(c, PUBLISH_CONFIG, "-e", "ALTAVOZ_STRICT=true", what="building the public site")
    print(f"✓ public site in {OUTPUT}")


@task(
    help={
        "fast": "skip the browser tests (they need Debian's chromium)",
        "args": "extra arguments for pytest, e.g. -k sanitizer",
    }
)
def test(c, fast=False, args=""):
    """Run the test suite (all of it; --fast skips the browser tests)."""
    words = [sys.executable, "-m", "pytest"]
    if fast:
        words += ["-m", "not browser"]
    command = shlex.join(words) + (f" {args}" if args else "")
    print(f"→ {command}")
    result = c.run(command, warn=True, pty=False)
    if result is None or result.exited != 0:
        raise Exit("✗ tests failed (see above).", code=result.exited if result else 1)
