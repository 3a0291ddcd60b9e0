"""Pictures of a built site as a phone shows it, taken with the system's Chromium.

The issue intake builds the site with a new work, then ``preview_shots`` photographs the
work's page and its card in the gallery at a phone's size (`invoke preview-shots`), so the
artist sees on the issue what visitors will see, before anyone merges. `invoke screenshots`
(tools/screenshots.py) uses the same server and browser.

The browser is the machine's own Chromium (Debian's ``chromium``, or the Chrome a GitHub
runner has), driven by Playwright: nothing is downloaded. The site is served on
127.0.0.1 only, and the page may load nothing from anywhere else (a submission's text is
sanitized, but a picture must not depend on that). Which page is the work's comes from
the intake's manifest and Pelican's own reading of the work with the gallery's ``Work``
class (so ``WORK_URL`` decides, as it does for the build), never from a pattern here.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import shutil
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath

from altavoz_core.slugs import is_folder_name
from altavoz_gallery.contents import Artist, Work
from PIL import Image

# A common phone screen in CSS pixels (an iPhone 12-15), drawn at twice the density: a
# phone shows the picture sharp, and a JPEG of it stays small.
PHONE = (390, 844)
PHONE_SCALE = 2
# Each picture is kept under this many bytes (the issue comment loads it on a phone's
# data plan): JPEG quality is lowered step by step until it fits.
MAX_BYTES = 400_000
QUALITIES = (80, 70, 60, 50, 40)
# The files written, fixed here (the publish job looks for exactly these names).
WORK_SHOT = "work.jpg"
CARD_SHOT = "card.jpg"
LISTING = "previews.json"
# How many gallery pages are searched for the work's card before giving up.
MAX_GALLERY_PAGES = 40
# Playwright's wait for any one thing (a page, an image), in milliseconds.
WAIT_MS = 20_000

# Where the browser may be: a setting first, then the names Debian and Ubuntu give
# Chromium, then the Chrome of GitHub's Ubuntu runners.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium calls Google's services at every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No name resolves but this machine's: whatever a page tries to fetch from elsewhere
    # fails at once, whatever network the machine has.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

# Wait until the pictures inside the screen have loaded (lazy ones load only there).
_IMAGES_ON_SCREEN = """async () => {
  const shown = [...document.images].filter((img) => {
    const box = img.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight && box.width > 0;
  });
  await Promise.all(shown.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener('load', done, { once: true });
    img.addEventListener('error', done, { once: true });
  })));
}"""
# Put the card of the work at `address` in the middle of the screen; false when the page
# has none.
_SHOW_CARD = """(address) => {
  const link = [...document.querySelectorAll('.work-card a.work-card-link')]
    .find((a) => a.href === address);
  if (!link) return false;
  link.closest('.work-card').scrollIntoView({ block: 'center', inline: 'nearest' });
  return true;
}"""


class PreviewError(RuntimeError):
    """Why a picture could not be taken, in words for the maintainers' log."""


def find_chromium() -> str | None:
    """The browser to drive: ``ALTAVOZ_CHROMIUM`` if set, else the first one installed."""
    chosen = os.environ.get("ALTAVOZ_CHROMIUM", "").strip()
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@functools.cache
def _quiet_handler():
    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    return Handler


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) while in the block; yields the base URL."""
    handler = functools.partial(_quiet_handler(), directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    """The system's Chromium under Playwright, closed after the block."""
    executable = find_chromium()
    if executable is None:
        raise PreviewError(
            "no Chromium found: install Debian's chromium, or set ALTAVOZ_CHROMIUM to a "
            "Chromium or Chrome executable"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PreviewError("Playwright is not installed: pip install -e '.[preview]'") from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def only_from(page, base: str) -> None:
    """Refuse every request of ``page`` that is not to the local server at ``base``."""

    def route(request_route):
        url = request_route.request.url
        if url == base or url.startswith(base + "/"):
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)


# ------------------------------------------------------------------------ which page


@dataclass(frozen=True)
class WorkPages:
    work: str  # the work page's address, relative to the site ("works/ana/mural/")
    gallery: str  # the first gallery page's
    artist: str  # the artist page's (the card is there too)


def submitted_work(manifest: dict) -> tuple[str, str] | None:
    """(artist, work) folder names of the work a manifest wrote, or None (a withdrawal, a
    submission with errors, a profile alone)."""
    if manifest.get("status") != "passed" or manifest.get("action") not in ("new", "update"):
        return None
    written = manifest.get("written")
    found = set()
    for path in written if isinstance(written, list) else []:
        parts = PurePosixPath(str(path)).parts
        if len(parts) == 5 and parts[:2] == ("content", "works") and parts[4] == "index.md":
            found.add((parts[2], parts[3]))
    if len(found) != 1:
        return None
    ((artist, work),) = found
    return (artist, work) if is_folder_name(artist) and is_folder_name(work) else None


def _folder_address(save_as: str) -> str:
    """A page's address from where it is saved: 'index.html' -> '', 'a/index.html' -> 'a/'."""
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def work_pages(settings: dict, artist: str, work: str, lang: str | None = None) -> WorkPages:
    """Where the build put the work's page, read as the build reads it (Pelican's reader,
    the gallery's Work class and the site's WORK_URL and ARTIST_URL settings), in the
    interface of ``lang`` when the site has one for it (the artist sees the site in the
    language they chose on the form), else the main site's."""
    from pelican.readers import Readers

    content = Path(settings["PATH"])
    readers = Readers(settings)

    def read(index: PurePosixPath, content_class):
        if not (content / index).is_file():
            raise PreviewError(f"{index} is not in {content}")
        return readers.read_file(
            base_path=str(content), path=str(index), content_class=content_class, context={}
        )

    item = read(PurePosixPath("works", artist, work, "index.md"), Work)
    person = read(PurePosixPath("artists", artist, "index.md"), Artist)
    gallery = _folder_address(settings["ALTAVOZ_GALLERY_SAVE_AS"])
    # i18n_subsites writes each other language's site into a folder named after it.
    subsites = settings.get("I18N_SUBSITES") or {}
    known = isinstance(lang, str) and lang in subsites and lang != settings.get("DEFAULT_LANG")
    prefix = f"{lang}/" if known else ""
    return WorkPages(prefix + item.url, prefix + gallery, prefix + person.url)


# ------------------------------------------------------------------------ the pictures


def _picture(page, target: Path) -> dict:
    """Save what the screen shows as a JPEG under MAX_BYTES; its description."""
    page.evaluate(_IMAGES_ON_SCREEN)
    for quality in QUALITIES:
        data = page.screenshot(type="jpeg", quality=quality, animations="disabled")
        if len(data) <= MAX_BYTES:
            target.write_bytes(data)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
            return {"file": target.name, "width": width, "height": height, "bytes": len(data)}
    raise PreviewError(f"{target.name}: over {MAX_BYTES} bytes even at the lowest quality")


def _open(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def take_previews(output: Path, pages: WorkPages, destination: Path) -> dict:
    """Photograph the work's page and its gallery card from the built site in ``output``.

    Writes WORK_SHOT and CARD_SHOT in ``destination``; returns what LISTING records.
    The card is looked for on the gallery's pages (following its "next" links), else on
    the artist's page.
    """
    if not (output / pages.work / "index.html").is_file() and not (output / pages.work).is_file():
        raise PreviewError(f"the build holds no page at {pages.work}: run `invoke build` first")
    destination.mkdir(parents=True, exist_ok=True)
    listing: dict = {"page": pages.work}
    width, height = PHONE
    with serve(output) as base, chromium() as browser:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=PHONE_SCALE,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        only_from(page, base)
        _open(page, f"{base}/{pages.work}")
        listing["work"] = _picture(page, destination / WORK_SHOT)
        address = f"{base}/{pages.work}"
        where = _find_card(page, base, pages, address)
        if where is None:
            listing["card_missing"] = "the work's card is on no gallery page nor its artist's"
        else:
            listing["card"] = {**_picture(page, destination / CARD_SHOT), "on": where}
        context.close()
    (destination / LISTING).write_text(json.dumps(listing, indent=2) + "\n", encoding="utf-8")
    return listing


def _find_card(page, base: str, pages: WorkPages, address: str) -> str | None:
    """Open the page that shows the work's card, scrolled to it; its address, or None."""
    url = f"{base}/{pages.gallery}"
    for _ in range(MAX_GALLERY_PAGES):
        _open(page, url)
        if page.evaluate(_SHOW_CARD, address):
            return url.removeprefix(base + "/")
        following = page.locator("a[rel=next]")
        if following.count() == 0:
            break
        url = following.first.evaluate("(a) => a.href")
        if not url.startswith(base + "/"):
            break
    _open(page, f"{base}/{pages.artist}")
    if page.evaluate(_SHOW_CARD, address):
        return pages.artist
    return None


def preview_shots(manifest_path: Path, destination: Path, settings: dict, output: Path) -> dict:
    """The pictures for the work an intake prepared (its manifest), from the site built in
    ``output`` with ``settings``; raises PreviewError when there is nothing to show."""
    try:
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PreviewError(f"{manifest_path}: not a readable manifest ({error})") from None
    found = submitted_work(manifest) if isinstance(manifest, dict) else None
    if found is None:
        raise PreviewError("the manifest holds no work ready for publication: nothing to show")
    pages = work_pages(settings, *found, lang=manifest.get("lang"))
    return take_previews(Path(output), pages, Path(destination))
