"""Screenshots of a built site for reviewers: gallery, work, artist and blog, phone and desktop.

Used by `invoke screenshots`; drives Debian's Chromium through Playwright (nothing is
downloaded) against the site served on 127.0.0.1.
"""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these flags Chromium calls Google's services at start.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((done) => setTimeout(done, 60));
  }
  scrollTo(0, 0);
}"""


class ScreenshotError(RuntimeError):
    pass


def pages_to_shoot(output: Path) -> dict[str, str]:
    """name -> path of the pages a reviewer looks at: the gallery, a work, an artist, the blog."""
    works = sorted(output.glob("works/*/*/index.html"))
    artists = sorted(p for p in output.glob("artists/*/index.html"))
    if not (output / "index.html").is_file() or not works or not artists:
        raise ScreenshotError(f"{output} holds no built gallery: run `invoke build` first")
    pages = {
        "index": "/",
        "work": "/" + works[0].parent.relative_to(output).as_posix() + "/",
        "artist": "/" + artists[0].parent.relative_to(output).as_posix() + "/",
        "index-en": "/en/",
    }
    if (output / "blog" / "index.html").is_file():
        pages["blog"] = "/blog/"
    if (output / "enviar" / "index.html").is_file():
        pages["submit"] = "/enviar/"
    return pages


@functools.cache
def _quiet_handler():
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    return Handler


def take_screenshots(output: Path, destination: Path) -> list[Path]:
    """Write <page>-<label>-<width>x<height>.png (whole page) and ...-first-screen.png (what
    shows before scrolling) for every page and viewport; returns the files."""
    if not Path(CHROMIUM).exists():
        raise ScreenshotError("Debian's chromium is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    pages = pages_to_shoot(output)
    destination.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_quiet_handler(), directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for label, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path, wait_until="networkidle")
                    page.evaluate(SCROLL_THROUGH)  # lazy images load only near the viewport
                    page.wait_for_load_state("networkidle")
                    target = destination / f"{name}-{label}-{width}x{height}.png"
                    page.screenshot(path=str(target), full_page=True)
                    # What a visitor sees first, before scrolling.
                    screen = destination / f"{name}-{label}-{width}x{height}-first-screen.png"
                    page.screenshot(path=str(screen))
                    written += [target, screen]
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written
