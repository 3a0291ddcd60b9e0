"""Pictures of a built site as a phone shows it, taken with the system's Chromium.

The issue intake builds the site with a new work or event, then ``preview_shots``
photographs its page and its card where visitors meet it (a work in the gallery, an event
in the agenda) at a phone's size (`invoke preview-shots`), so the artist sees on the issue
what visitors will see, before anyone merges. `invoke screenshots`
(tools/screenshots.py) uses the same server and browser.

The browser is the machine's own Chromium (Debian's ``chromium``, or the Chrome a GitHub
runner has), driven by Playwright: nothing is downloaded. The site is served on
127.0.0.1 only, and the page may load nothing from anywhere else (a submission's text is
sanitized, but a picture must not depend on that). Which page is the submission's comes
from the intake's manifest and Pelican's own reading of it with the content class the
build uses (``Work``, ``Event``: so ``WORK_URL`` and ``EVENT_URL`` decide, as they do for
the build), never from a pattern here.
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

from altavoz_agenda.contents import Event
from altavoz_core.slugs import is_folder_name
from altavoz_gallery.contents import Artist, Work
from altavoz_moderation.model.addresses import sites
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
# Put the card linking to `address` in the middle of the screen; false when the page has
# none. The card is the theme's: a work's in the gallery, an event's line in the agenda.
_SHOW_CARD = """([address, link, card]) => {
  const found = [...document.querySelectorAll(`${card} ${link}`)]
    .find((a) => a.href === address);
  if (!found) return false;
  found.closest(card).scrollIntoView({ block: 'center', inline: 'nearest' });
  return true;
}"""
# kind -> (the card's link, the card), as the theme's templates write them.
CARDS = {
    "work": ("a.work-card-link", ".work-card"),
    "event": ("a.event-title", ".event-item"),
}


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
class Pages:
    """Where visitors meet a submission, as addresses relative to the site."""

    page: str  # its own page ("works/ana/mural/", "agenda/taller/")
    lists: tuple[str, ...]  # pages showing its card, in order; the first one's "next"
    # links are followed (the gallery's pages)
    kind: str = "work"  # which card the lists show (CARDS)


def _written_index(manifest: dict, actions: tuple[str, ...], folder: str, depth: int):
    """The folder names below content/<folder>/ of the one index.md a passed manifest of
    one of ``actions`` wrote, or None (a withdrawal, errors, a profile alone)."""
    if manifest.get("status") != "passed" or manifest.get("action") not in actions:
        return None
    written = manifest.get("written")
    found = set()
    for path in written if isinstance(written, list) else []:
        parts = PurePosixPath(str(path)).parts
        if len(parts) == depth + 3 and parts[:2] == ("content", folder) and parts[-1] == "index.md":
            found.add(parts[2:-1])
    if len(found) != 1:
        return None
    (names,) = found
    return names if all(is_folder_name(name) for name in names) else None


def submitted_work(manifest: dict) -> tuple[str, str] | None:
    """(artist, work) folder names of the work a manifest wrote, or None."""
    return _written_index(manifest, ("new", "update"), "works", 2)


def submitted_event(manifest: dict) -> str | None:
    """The folder name of the event a manifest wrote, or None."""
    found = _written_index(manifest, ("event", "event_update"), "events", 1)
    return found[0] if found else None


def _folder_address(save_as: str) -> str:
    """A page's address from where it is saved: 'index.html' -> '', 'a/index.html' -> 'a/'."""
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def _reader(settings: dict):
    """Read a submission's index.md as the build does: ``read(index, content_class)``."""
    from pelican.readers import Readers

    content = Path(settings["PATH"])
    readers = Readers(settings)

    def read(index: PurePosixPath, content_class):
        if not (content / index).is_file():
            raise PreviewError(f"{index} is not in {content}")
        return readers.read_file(
            base_path=str(content), path=str(index), content_class=content_class, context={}
        )

    return read


def _language_prefix(settings: dict, lang: str | None) -> str:
    """The folder of ``lang``'s site ("en/") when the site has one for it (the artist sees
    the site in the language they chose on the form), else the main site's (""): where
    the build writes each language's site, as the moderation's address model says."""
    for site_lang, prefix, _ in sites(settings):
        if prefix and site_lang == lang:
            return f"{prefix}/"
    return ""


def work_pages(settings: dict, artist: str, work: str, lang: str | None = None) -> Pages:
    """Where the build put the work's page and its cards (the gallery's pages, then the
    artist's), read as the build reads it: Pelican's reader, the gallery's Work class and
    the site's WORK_URL and ARTIST_URL settings, in ``lang``'s site when there is one."""
    read = _reader(settings)
    item = read(PurePosixPath("works", artist, work, "index.md"), Work)
    person = read(PurePosixPath("artists", artist, "index.md"), Artist)
    gallery = _folder_address(settings["ALTAVOZ_GALLERY_SAVE_AS"])
    prefix = _language_prefix(settings, lang)
    return Pages(prefix + item.url, (prefix + gallery, prefix + person.url))


def event_pages(settings: dict, event: str, lang: str | None = None) -> Pages:
    """Where the build put the event's page and its line in the agenda, read as the build
    reads it (the agenda's Event class, EVENT_URL and ALTAVOZ_AGENDA_SAVE_AS)."""
    item = _reader(settings)(PurePosixPath("events", event, "index.md"), Event)
    agenda = _folder_address(settings["ALTAVOZ_AGENDA_SAVE_AS"])
    prefix = _language_prefix(settings, lang)
    return Pages(prefix + item.url, (prefix + agenda,), "event")


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


def take_previews(output: Path, pages: Pages, destination: Path) -> dict:
    """Photograph a submission's page and its card from the built site in ``output``.

    Writes WORK_SHOT (the page) and CARD_SHOT in ``destination``; returns what LISTING
    records. The card is looked for on ``pages.lists`` in order, following the first
    one's "next" links.
    """
    if not (output / pages.page / "index.html").is_file() and not (output / pages.page).is_file():
        raise PreviewError(f"the build holds no page at {pages.page}: run `invoke build` first")
    destination.mkdir(parents=True, exist_ok=True)
    listing: dict = {"page": pages.page}
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
        _open(page, f"{base}/{pages.page}")
        listing["work"] = _picture(page, destination / WORK_SHOT)
        where = _find_card(page, base, pages)
        if where is None:
            listing["card_missing"] = f"the {pages.kind}'s card is on none of {list(pages.lists)}"
        else:
            listing["card"] = {**_picture(page, destination / CARD_SHOT), "on": where}
        context.close()
    (destination / LISTING).write_text(json.dumps(listing, indent=2) + "\n", encoding="utf-8")
    return listing


def _find_card(page, base: str, pages: Pages) -> str | None:
    """Open the page that shows the submission's card, scrolled to it; its address, or
    None."""
    shown = [f"{base}/{pages.page}", *CARDS[pages.kind]]
    first, *others = pages.lists
    url = f"{base}/{first}"
    for _ in range(MAX_GALLERY_PAGES):
        _open(page, url)
        if page.evaluate(_SHOW_CARD, shown):
            return url.removeprefix(base + "/")
        following = page.locator("a[rel=next]")
        if following.count() == 0:
            break
        url = following.first.evaluate("(a) => a.href")
        if not url.startswith(base + "/"):
            break
    for address in others:
        _open(page, f"{base}/{address}")
        if page.evaluate(_SHOW_CARD, shown):
            return address
    return None


def preview_shots(manifest_path: Path, destination: Path, settings: dict, output: Path) -> dict:
    """The pictures for the work or event an intake prepared (its manifest), from the site
    built in ``output`` with ``settings``; raises PreviewError when there is nothing to show."""
    try:
        manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PreviewError(f"{manifest_path}: not a readable manifest ({error})") from None
    if not isinstance(manifest, dict):
        raise PreviewError(f"{manifest_path}: not a manifest")
    lang = manifest.get("lang")
    if work := submitted_work(manifest):
        pages = work_pages(settings, *work, lang=lang)
    elif event := submitted_event(manifest):
        pages = event_pages(settings, event, lang=lang)
    else:
        raise PreviewError("the manifest holds nothing ready for publication: nothing to show")
    return take_previews(Path(output), pages, Path(destination))
