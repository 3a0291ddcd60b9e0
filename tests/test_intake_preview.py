"""The intake's phone pictures of a new work (`invoke preview-shots`, altavoz_submit/preview.py).

The browser tests photograph a small built site with Debian's Chromium and read the
pictures back: a phone's size at twice its density, small enough for a phone's data
plan, the work's page and its card in the gallery. The others check which page is
photographed: the one Pelican made for the work the manifest names, by the site's
settings, and nothing for a manifest that names none.
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from altavoz_submit.preview import (
    CARD_SHOT,
    LISTING,
    MAX_BYTES,
    WORK_SHOT,
    Pages,
    PreviewError,
    event_pages,
    find_chromium,
    preview_shots,
    submitted_event,
    submitted_work,
    take_previews,
    work_pages,
)
from altavoz_submit.project import complete_settings
from conftest import SAMPLE_CONTENT, build_site, make_settings
from PIL import Image

WORK = "content/works/ana-rivera/maiz-azul"
MANIFEST = {
    "issue": 7,
    "action": "new",
    "status": "passed",
    "written": [f"{WORK}/index.md", f"{WORK}/maiz-azul-1.jpg"],
    "removed": [],
}


@pytest.fixture
def chromium_here():
    if find_chromium() is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")


def on_a_thread_of_its_own(function, *args):
    """Run ``function`` as `invoke preview-shots` runs it, alone in its thread: the browser
    tests' own Playwright, alive for the whole session in this worker, keeps an event loop
    in the main thread, where a second synchronous Playwright refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def picture(path: Path) -> Image.Image:
    data = path.read_bytes()
    assert len(data) <= MAX_BYTES and data[:3] == b"\xff\xd8\xff"
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


@pytest.mark.browser
def test_the_work_page_and_its_card_are_photographed_as_a_phone_shows_them(
    tiny_content, tmp_path, chromium_here
):
    output = build_site(tiny_content, tmp_path / "output")
    settings = complete_settings(make_settings(tiny_content, output))
    (tmp_path / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    listing = on_a_thread_of_its_own(
        preview_shots, tmp_path / "manifest.json", tmp_path / "previews", settings, output
    )
    assert listing["page"] == "works/ana-rivera/maiz-azul/"
    for name in (WORK_SHOT, CARD_SHOT):
        image = picture(tmp_path / "previews" / name)
        assert image.size == (780, 1688)  # 390×844 CSS pixels at twice the density
    assert listing["card"]["on"] == ""  # the gallery's first page
    written = json.loads((tmp_path / "previews" / LISTING).read_text(encoding="utf-8"))
    assert written == listing and written["work"]["file"] == WORK_SHOT
    # The work's page, not another: its title in the top of the picture is dark text on
    # the page's light background, and differs from the gallery's picture.
    assert picture(tmp_path / "previews" / WORK_SHOT).tobytes() != (
        picture(tmp_path / "previews" / CARD_SHOT).tobytes()
    )


class Spy(ThreadingHTTPServer):
    """A server elsewhere that counts what it is asked for."""

    asked: list


def serve_spy():
    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self):
            self.server.asked.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = Spy(("127.0.0.1", 0), Handler)
    server.asked = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


PHONE_PAGE = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def card(href: str) -> str:
    return (
        f'<li class="work-card"><a class="work-card-link" href="{href}">'
        f'<span class="work-card-title">{href}</span></a></li>'
    )


@pytest.mark.browser
def test_the_card_is_found_on_a_later_gallery_page_and_nothing_is_loaded_from_elsewhere(
    tmp_path, chromium_here
):
    spy = serve_spy()
    elsewhere = f"http://127.0.0.1:{spy.server_address[1]}"
    site = tmp_path / "site"
    (site / "works" / "ana" / "obra").mkdir(parents=True)
    (site / "page" / "2").mkdir(parents=True)
    (site / "works" / "ana" / "obra" / "index.html").write_text(
        f'{PHONE_PAGE}<h1>Obra</h1><img src="{elsewhere}/spy.png" alt="x">'
        f'<script src="{elsewhere}/x.js">'
        "</script>",
        encoding="utf-8",
    )
    (site / "index.html").write_text(
        f'<ul>{card("/works/otra/una/")}</ul><a rel="next" href="/page/2/">→</a>',
        encoding="utf-8",
    )
    (site / "page" / "2" / "index.html").write_text(
        f"<ul>{card('/works/otra/dos/')}{card('/works/ana/obra/')}</ul>", encoding="utf-8"
    )
    try:
        pages = Pages("works/ana/obra/", ("", "artists/ana/"))
        listing = on_a_thread_of_its_own(take_previews, site, pages, tmp_path)
    finally:
        spy.shutdown()
        spy.server_close()
    assert listing["card"]["on"] == "page/2/"
    assert spy.asked == []  # the page's requests elsewhere were refused
    assert picture(tmp_path / WORK_SHOT).size == (780, 1688)


def settings_for(content: Path, **overrides) -> dict:
    return complete_settings(make_settings(content, content.parent / "output", **overrides))


def test_the_page_is_the_one_pelican_makes_by_the_sites_settings(tiny_content):
    pages = work_pages(settings_for(tiny_content), "ana-rivera", "maiz-azul")
    assert pages == Pages("works/ana-rivera/maiz-azul/", ("", "artists/ana-rivera/"))
    moved = settings_for(
        tiny_content,
        WORK_URL="obras/{artist}/{slug}.html",
        WORK_SAVE_AS="obras/{artist}/{slug}.html",
        ARTIST_URL="gente/{slug}/",
        ALTAVOZ_GALLERY_SAVE_AS="galeria/index.html",
    )
    pages = work_pages(moved, "ana-rivera", "maiz-azul")
    assert pages == Pages("obras/ana-rivera/maiz-azul.html", ("galeria/", "gente/ana-rivera/"))


def test_the_pages_are_in_the_language_the_artist_chose_on_the_form(tiny_content):
    settings = settings_for(tiny_content)
    assert "en" in settings["I18N_SUBSITES"] and settings["DEFAULT_LANG"] == "es"
    english = work_pages(settings, "ana-rivera", "maiz-azul", lang="en")
    assert english == Pages("en/works/ana-rivera/maiz-azul/", ("en/", "en/artists/ana-rivera/"))
    for other in ("es", None, "fr", "../x", ["en"]):  # the main site, whatever else it says
        assert work_pages(settings, "ana-rivera", "maiz-azul", lang=other).page == (
            "works/ana-rivera/maiz-azul/"
        )


@pytest.mark.parametrize(
    "manifest",
    [
        {**MANIFEST, "action": "withdraw", "written": [], "removed": MANIFEST["written"]},
        {**MANIFEST, "status": "errors", "written": []},
        {**MANIFEST, "written": ["content/artists/ana-rivera/index.md"]},  # a profile alone
        {**MANIFEST, "written": [*MANIFEST["written"], "content/works/ana-rivera/otra/index.md"]},
        {**MANIFEST, "written": ["content/works/ana-rivera/../../../etc/index.md"]},
        {**MANIFEST, "written": ["content/works/con/maiz-azul/index.md"]},
        {**MANIFEST, "written": "content/works/ana-rivera/maiz-azul/index.md"},
        {**MANIFEST, "written": [7, None]},
    ],
)
def test_a_manifest_without_one_work_ready_is_not_photographed(tmp_path, manifest):
    assert submitted_work(manifest) is None
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert submitted_event(manifest) is None
    with pytest.raises(PreviewError, match="nothing ready"):
        preview_shots(tmp_path / "manifest.json", tmp_path / "out", {}, tmp_path)
    assert not (tmp_path / "out").exists()


def test_the_work_is_read_from_the_manifest():
    assert submitted_work(MANIFEST) == ("ana-rivera", "maiz-azul")
    assert submitted_work({**MANIFEST, "action": "update"}) == ("ana-rivera", "maiz-azul")


def test_a_missing_browser_or_build_is_said_plainly(tmp_path, monkeypatch, tiny_content):
    monkeypatch.setenv("ALTAVOZ_CHROMIUM", str(tmp_path / "no-such-chrome"))
    assert find_chromium() is None
    pages = Pages("works/ana-rivera/maiz-azul/", ("", "artists/ana-rivera/"))
    with pytest.raises(PreviewError, match="invoke build"):
        take_previews(tmp_path / "empty", pages, tmp_path / "out")
    site = tmp_path / "site" / "works" / "ana-rivera" / "maiz-azul"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<h1>x</h1>", encoding="utf-8")
    with pytest.raises(PreviewError, match="ALTAVOZ_CHROMIUM"):
        take_previews(tmp_path / "site", pages, tmp_path / "out")


# ------------------------------------------------------------------------ an event

EVENT = "content/events/taller-de-grabado-en-linoleo"
EVENT_MANIFEST = {**MANIFEST, "action": "event", "written": [f"{EVENT}/index.md"]}


@pytest.mark.browser
def test_the_event_page_and_its_line_in_the_agenda_are_photographed(
    sample_site, tmp_path, chromium_here
):
    settings = complete_settings(make_settings(SAMPLE_CONTENT, sample_site))
    (tmp_path / "manifest.json").write_text(json.dumps(EVENT_MANIFEST), encoding="utf-8")
    listing = on_a_thread_of_its_own(
        preview_shots, tmp_path / "manifest.json", tmp_path / "previews", settings, sample_site
    )
    assert listing["page"] == "agenda/taller-de-grabado-en-linoleo/"
    assert listing["card"]["on"] == "agenda/"
    page, line = (picture(tmp_path / "previews" / name) for name in (WORK_SHOT, CARD_SHOT))
    assert page.size == line.size == (780, 1688)
    assert page.tobytes() != line.tobytes()


def test_the_event_page_is_the_one_pelican_makes_by_the_sites_settings(tiny_content):
    events = tiny_content / "events"
    shutil.copytree(SAMPLE_CONTENT / "events" / "circulo-de-bordado", events / "circulo")
    settings = settings_for(tiny_content)
    assert event_pages(settings, "circulo") == Pages("agenda/circulo/", ("agenda/",), "event")
    assert event_pages(settings, "circulo", lang="en") == Pages(
        "en/agenda/circulo/", ("en/agenda/",), "event"
    )
    moved = settings_for(
        tiny_content,
        EVENT_URL="eventos/{slug}.html",
        EVENT_SAVE_AS="eventos/{slug}.html",
        ALTAVOZ_AGENDA_SAVE_AS="eventos/index.html",
    )
    assert event_pages(moved, "circulo") == Pages("eventos/circulo.html", ("eventos/",), "event")


@pytest.mark.parametrize(
    "manifest",
    [
        MANIFEST,  # a work
        {**EVENT_MANIFEST, "status": "errors", "written": []},
        {**EVENT_MANIFEST, "action": "new"},
        {**EVENT_MANIFEST, "written": [f"{EVENT}/index.md", "content/events/otro/index.md"]},
        {**EVENT_MANIFEST, "written": ["content/events/../../etc/index.md"]},
        {**EVENT_MANIFEST, "written": ["content/events/con/index.md"]},
        {**EVENT_MANIFEST, "written": [f"{EVENT}/foto/index.md"]},
        {**EVENT_MANIFEST, "written": f"{EVENT}/index.md"},
    ],
)
def test_only_a_manifest_with_one_event_ready_names_an_event(manifest):
    assert submitted_event(manifest) is None


def test_the_event_is_read_from_the_manifest():
    assert submitted_event(EVENT_MANIFEST) == "taller-de-grabado-en-linoleo"
    with_photo = [f"{EVENT}/index.md", f"{EVENT}/foto-1.jpg"]
    assert submitted_event({**EVENT_MANIFEST, "written": with_photo}) == (
        "taller-de-grabado-en-linoleo"
    )
