"""The sample site in Debian's Chromium: accessible, keyboard-usable, light, and self-contained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only violations are read: axe then keeps one element of each other result instead of
# every element it checked (its documented way to run faster on large pages).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
PHONE = {"width": 390, "height": 844}
FIRST_SCREEN_BUDGET = 200_000  # bytes transferred for the gallery's first screen on a phone


def page_types(site: Path) -> dict[str, str]:
    """One address of every kind of page, in both languages."""

    def first(pattern):
        found = sorted(site.glob(pattern))
        assert found, pattern
        return "/" + found[0].relative_to(site).as_posix().removesuffix("index.html")

    paths = {
        "gallery": "/",
        "work": first("works/*/*/index.html"),
        "artist": first("artists/*/index.html"),
        "artists": "/artists/",
        "work-tag": first("tags/*/index.html"),
        "tags": "/tags/",
        "blog": "/blog/",
        "post": first("blog/[!tp]*/index.html"),
        "page": first("[!abtwe]*/index.html"),
        "404": "/404.html",
        "submit": "/enviar/",
        "agenda": "/agenda/",
        "event": first("agenda/[!e]*/index.html"),  # not embed/, the agenda shown elsewhere
    }
    paths.update({f"en-{name}": "/en" + path for name, path in paths.items()})
    return paths


def work_with_several_images(site: Path) -> str:
    for path in sorted(site.glob("works/*/*/index.html")):
        if path.read_text("utf-8").count("data-lightbox") >= 2:
            return "/" + path.relative_to(site).as_posix().removesuffix("index.html")
    pytest.fail("the sample site has no work with two or more images")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    yield context.new_page()
    context.close()


def watch(page, base):
    """Collect what a page asks of other sites and every error it reports."""
    seen = {"outside": [], "errors": []}
    page.on("request", lambda r: r.url.startswith(base) or seen["outside"].append(r.url))
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def test_no_wcag_a_or_aa_violation_on_any_page_type(browser, sample_site, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    failures = {}
    for name, path in page_types(sample_site).items():
        page.goto(site + path)
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        if violations:
            failures[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not failures, failures


def test_every_page_type_stays_on_the_site_without_errors_and_fits_a_phone(
    phone, sample_site, site
):
    seen = watch(phone, site)
    too_wide = {}
    for name, path in page_types(sample_site).items():
        phone.goto(site + path, wait_until="load")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert not seen["outside"], seen["outside"]
    assert not seen["errors"], seen["errors"]  # includes Content-Security-Policy violations
    assert not too_wide, too_wide


def serve_compressed(directory: Path):
    """Serve like a static host does: text compressed with gzip, images as they are."""
    import functools
    import gzip
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            text = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml")
            if not (text and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
                return super().do_GET()
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def test_gallery_first_screen_on_a_phone_is_under_budget(phone, sample_site):
    """Everything Chromium fetches when the gallery opens on a phone, before any scrolling
    (its lazy-loading margin fetches covers well below the screen too)."""
    site, server = serve_compressed(sample_site)
    try:
        phone.goto(site + "/", wait_until="networkidle")
        measure_first_screen(phone)
    finally:
        server.shutdown()
        server.server_close()


def measure_first_screen(phone):
    transferred = phone.evaluate(
        """() => [...performance.getEntriesByType('navigation'),
                  ...performance.getEntriesByType('resource')]
                 .reduce((sum, entry) => sum + entry.transferSize, 0)"""
    )
    covers = phone.evaluate(
        """[...document.querySelectorAll('.work-card img')].filter(img =>
             img.getBoundingClientRect().top < innerHeight && img.complete
             && img.naturalWidth > 0).length"""
    )
    assert covers >= 2  # the covers on screen really arrived and were counted
    print(f"gallery first screen at 390x844: {transferred} bytes transferred")
    assert 0 < transferred < FIRST_SCREEN_BUDGET, transferred


def test_language_switcher_leads_to_the_same_page_in_the_other_language(phone, sample_site, site):
    path = page_types(sample_site)["work"]
    phone.goto(site + path)
    title = phone.locator("h1").inner_text()
    phone.get_by_role("link", name="English").click()
    phone.wait_for_url(site + "/en" + path)
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == title
    assert phone.get_by_role("navigation", name="Main").is_visible()
    phone.get_by_role("link", name="Español").click()
    phone.wait_for_url(site + path)
    assert phone.locator("html").get_attribute("lang") == "es"


def test_lightbox_works_by_keyboard_and_gives_focus_back(browser, sample_site, site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site + work_with_several_images(sample_site))
    links = page.locator("a[data-lightbox]")
    total = links.count()
    links.first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")
    counter = dialog.locator(".lightbox-counter")
    assert counter.inner_text() == f"Imagen 1 de {total}"
    first_src = dialog.locator("img").get_attribute("src")
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == f"Imagen 2 de {total}"
    assert dialog.locator("img").get_attribute("src") != first_src
    assert dialog.locator("img").get_attribute("alt")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == f"Imagen {total} de {total}"
    for _ in range(7):  # focus cycles through the dialog's buttons, never behind it
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('dialog.lightbox') !== null")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement === document.querySelector('a[data-lightbox]')")
    context.close()


def test_lightbox_follows_a_swipe(browser, sample_site, site):
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.goto(site + work_with_several_images(sample_site))
    page.locator("a[data-lightbox]").first.click()
    counter = page.locator(".lightbox-counter")
    assert counter.inner_text().startswith("Imagen 1 ")
    box = page.locator(".lightbox-stage").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    assert counter.inner_text().startswith("Imagen 2 ")
    context.close()


ANIMATION_OF_LIGHTBOX = "getComputedStyle(document.querySelector('dialog.lightbox')).animationName"


def lightbox_animation(browser, url: str, reduced_motion: str) -> str:
    """The animation the first image's lightbox opens with, in a browser whose user asks
    for ``reduced_motion``."""
    context = browser.new_context(reduced_motion=reduced_motion)
    page = context.new_page()
    page.goto(url)
    page.locator("a[data-lightbox]").first.click()
    animation = page.evaluate(ANIMATION_OF_LIGHTBOX)
    context.close()
    return animation


def test_lightbox_does_not_animate_when_motion_is_reduced(browser, sample_site, site):
    url = site + work_with_several_images(sample_site)
    assert lightbox_animation(browser, url, "reduce") == "none"
    assert lightbox_animation(browser, url, "no-preference") != "none"


def test_without_javascript_images_are_links_and_search_is_hidden(browser, sample_site, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    assert not page.locator("form.finder").is_visible()
    page.goto(site + work_with_several_images(sample_site))
    href = page.locator("a[data-lightbox]").first.get_attribute("href")
    response = page.request.get(site + href)
    assert response.ok and response.headers["content-type"].startswith("image/")
    context.close()


def test_search_and_filters_find_works_by_title_artist_and_tag(phone, sample_site, site):
    import json

    index = json.loads((sample_site / "search.json").read_text("utf-8"))
    target = index[-1]
    phone.goto(site + "/")
    search = phone.get_by_label("Buscar por título, artista o etiqueta")
    search.fill(target["a"].split()[0].upper())  # any case, any accents
    results = phone.locator(".finder-results .work-card")
    results.first.wait_for()
    titles = results.locator(".work-card-title").all_inner_texts()
    assert target["t"] in titles
    assert re.match(r"\d+ obras? encontradas?", phone.locator(".finder-status").inner_text())
    assert "q=" in phone.url  # the search can be shared as a link
    search.fill("")
    phone.locator(".gallery-pages").wait_for(state="visible")  # back to the paginated grid
    assert phone.locator(".finder-results").is_hidden()
    tag = target["g"][0]
    phone.get_by_text("Filtros").click()  # the filters wait behind a toggle
    phone.get_by_label("Etiqueta", exact=True).select_option(tag)
    results.first.wait_for()
    expected = sorted(w["t"] for w in index if tag in w["g"])
    assert sorted(results.locator(".work-card-title").all_inner_texts()) == expected


def test_lightbox_on_a_phone_loads_a_screen_sized_webp_not_the_largest_jpeg(
    browser, sample_site, site
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site + work_with_several_images(sample_site))
    link = page.locator("a[data-lightbox]").first
    largest_jpeg = link.get_attribute("href")
    link.click()
    image = page.locator("dialog.lightbox img")
    page.wait_for_function(
        "() => { const i = document.querySelector('dialog.lightbox img'); "
        "return i && i.complete && i.currentSrc; }"
    )
    loaded = image.evaluate("i => i.currentSrc")
    assert loaded.endswith(".webp"), loaded
    assert not loaded.endswith(largest_jpeg), loaded
    assert image.evaluate("i => i.naturalWidth") <= 960  # 390 px × 2 needs no more
    context.close()
