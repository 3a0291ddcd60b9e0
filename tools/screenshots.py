"""Screenshots of a built site for reviewers: gallery, work, artist and blog, phone and desktop.

Used by `invoke screenshots`; drives the system's Chromium through Playwright (nothing is
downloaded) against the site served on 127.0.0.1, with the server and browser of
``altavoz_submit.preview`` (which also takes the intake's phone previews).
"""

from __future__ import annotations

from pathlib import Path

from altavoz_submit.preview import PHONE, PreviewError, chromium, serve

VIEWPORTS = {"phone": PHONE, "desktop": (1280, 800)}


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


def take_screenshots(output: Path, destination: Path) -> list[Path]:
    """Write <page>-<label>-<width>x<height>.png (whole page) and ...-first-screen.png (what
    shows before scrolling) for every page and viewport; returns the files."""
    pages = pages_to_shoot(output)
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with serve(output) as base, chromium() as browser:
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
    except PreviewError as error:
        raise ScreenshotError(str(error)) from None
    return written
