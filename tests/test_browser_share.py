"""Amplifying, in Chromium on a phone: the art first on the pages people are sent to, the
call to send a work in every page's header, a swipe that stays within a work's images,
and the share control with and without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from conftest import build_site, write_artist, write_image, write_work
from test_agenda_build import write_event
from test_browser_gallery import ART_COVERAGE, ART_SHARE, gallery_order, page_of_work
from test_browser_theme import page_types, work_with_several_images

pytestmark = pytest.mark.browser


def test_art_covers_a_third_of_the_first_screen_of_home_work_and_every_artist(
    phone_page, site, sample_site
):
    page = phone_page()
    paths = ["/", "/en/", work_with_several_images(sample_site)]
    paths += [
        "/" + p.parent.relative_to(sample_site).as_posix() + "/"
        for p in sorted(sample_site.glob("artists/*/index.html"))
    ]
    shares = {}
    for path in paths:
        page.goto(site + path, wait_until="load")
        shares[path] = round(page.evaluate(ART_COVERAGE), 3)
    print("art on the first screen at 390x844:", shares)
    assert {path: share for path, share in shares.items() if share < ART_SHARE} == {}


def test_every_page_type_has_the_call_to_send_a_work_in_its_header(phone_page, site, sample_site):
    page = phone_page()
    missing = {}
    for name, path in page_types(sample_site).items():
        page.goto(site + path, wait_until="load")
        call = page.locator(".site-header a.header-submit")
        english = name.startswith("en-")
        expected = "/en/enviar/" if english else "/enviar/"
        box = call.bounding_box() if call.count() == 1 else None
        if not (box and call.get_attribute("href") == expected and box["y"] + box["height"] < 80):
            missing[name] = box
        # The header stays two rows on a phone: the art is not pushed down by the call.
        height = page.locator(".site-header").bounding_box()["height"]
        if height > 100:
            missing[name] = f"header {height}px tall"
    assert missing == {}
    page.goto(site + "/en/")
    assert page.locator(".site-header").get_by_role("link", name="Submit your work").is_visible()


def swipe(page, selector, cdp, towards_next=True):
    box = page.locator(selector).first.bounding_box()
    y = box["y"] + min(box["height"] / 2, 200)
    start, end = (0.85, 0.2) if towards_next else (0.2, 0.85)

    def touch(kind, fraction):
        points = [] if kind == "touchEnd" else [{"x": box["x"] + box["width"] * fraction, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start)
    for step in range(1, 6):
        touch("touchMove", start + (end - start) * step / 5)
    touch("touchEnd", end)


def test_a_swipe_goes_through_this_work_s_images_before_another_work(phone_page, site, sample_site):
    path = work_with_several_images(sample_site)
    page = phone_page(has_touch=True)
    page.goto(site + path, wait_until="load")
    cdp = page.context.new_cdp_session(page)
    # On the page: the cover swiped brings this work's second image, not the next work.
    swipe(page, ".work-figure.is-cover", cdp)
    page.wait_for_function(
        "() => document.querySelectorAll('.work-figure')[1].getBoundingClientRect().top < 120"
    )
    assert page.url == site + path
    # In the lightbox: every swipe shows this work's next image, around and around.
    page.locator("a[data-lightbox]").first.click()
    total = page.locator("a[data-lightbox]").count()
    counter = page.locator(".lightbox-counter")
    seen = [counter.inner_text()]
    for _ in range(total):
        swipe(page, ".lightbox-stage", cdp)
        seen.append(counter.inner_text())
    assert page.url == site + path
    assert seen[0] == seen[-1] == f"Imagen 1 de {total}"
    assert len(set(seen)) == total


def test_previous_and_next_work_sit_under_the_cover_and_wrap_around(phone_page, site, sample_site):
    order = gallery_order(sample_site)
    page = phone_page()
    page.goto(site + order[0], wait_until="load")
    nav = page.get_by_role("navigation", name="Otras obras de la galería")
    cover = page.locator(".work-figure.is-cover").bounding_box()
    box = nav.bounding_box()
    assert box["y"] >= cover["y"] + cover["height"] and box["y"] + box["height"] <= 844 + 100
    assert nav.locator('a[rel="prev"]').get_attribute("href") == order[-1]  # wraps
    nav.locator('a[rel="next"]').click()
    page.wait_for_url(site + order[1])
    page.goto(site + order[-1], wait_until="load")
    assert page.locator('.neighbours a[rel="next"]').get_attribute("href") == order[0]
    assert page_of_work(sample_site, order[0]).count('rel="next"') == 1


def share_links(page) -> dict[str, str]:
    return dict(
        page.locator(".share a").evaluate_all(
            "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"
        )
    )


@pytest.mark.parametrize("kind", ["work", "artist", "post", "event"])
def test_the_share_control_works_without_javascript(phone_page, site, sample_site, kind):
    if kind == "post":
        post = next(
            page
            for page in sorted(sample_site.glob("blog/*/index.html"))
            if page.parent.name not in ("tag", "tags", "archive", "page")
        )
        path = "/" + post.parent.relative_to(sample_site).as_posix() + "/"
    else:
        path = page_types(sample_site)[kind]
    page = phone_page(java_script_enabled=False)
    page.goto(site + path, wait_until="load")
    links = share_links(page)
    assert set(links) >= {"WhatsApp", "Telegram", "Facebook", "X"}
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    for name, href in links.items():
        query = parse_qs(urlsplit(href).query)
        said = " ".join(value for values in query.values() for value in values)
        assert canonical in said, (name, href)  # the page's own address, nothing added
        assert not re.search(r"utm_|fbclid|ref=", href), href
    assert page.locator(".share-native").is_hidden()
    assert not page.locator(".share-mastodon").is_visible()  # it needs the script
    assert page.get_by_text("copia el enlace y pégalo").is_visible()
    assert page.locator(".share-url").inner_text() == canonical  # to select and copy


@pytest.mark.parametrize("kind", ["work", "event"])
def test_the_share_control_with_javascript_asks_mastodon_s_instance(
    phone_page, site, sample_site, kind
):
    page = phone_page()
    page.goto(site + page_types(sample_site)[kind], wait_until="load")
    page.evaluate(
        "() => { window.__opened = []; window.open = (u) => { window.__opened.push(u); }; }"
    )
    field = page.get_by_label("Mastodon: tu instancia")
    field.fill("javascript:alert(1)//")
    page.get_by_role("button", name="Compartir en Mastodon").click()
    assert "instancia" in page.locator(".share-status").inner_text()
    field.fill("@ana@Mastodon.Social")
    page.get_by_role("button", name="Compartir en Mastodon").click()
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1 and opened[0].startswith("https://mastodon.social/share?text=")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert parse_qs(urlsplit(opened[0]).query)["text"][0].endswith(canonical)


# What the page hands to the phone's share sheet, recorded instead of opening it.
RECORD_SHARE = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  configurable: true,
  value: (data) => { window.__shared.push(data); return Promise.resolve(); },
});
"""


@pytest.mark.parametrize("kind", ["work", "event"])
def test_the_share_sheet_and_the_copy_button_pass_the_page_s_own_address(
    phone_page, site, sample_site, kind
):
    page = phone_page(permissions=["clipboard-read", "clipboard-write"])
    page.add_init_script(RECORD_SHARE)
    page.goto(site + page_types(sample_site)[kind], wait_until="load")
    canonical = urljoin(page.url, page.locator('link[rel="canonical"]').get_attribute("href"))
    title = page.locator('meta[property="og:title"]').get_attribute("content")
    button = page.get_by_role("button", name="Compartir…")
    assert button.is_visible()
    button.click()
    page.wait_for_function("() => window.__shared.length > 0")
    assert page.evaluate("window.__shared") == [{"title": title, "text": title, "url": canonical}]
    assert canonical == site + page_types(sample_site)[kind]  # nothing added to it

    status = page.locator(".share-status")
    assert status.inner_text() == ""
    page.get_by_role("button", name="Copiar enlace").click()
    page.wait_for_function("() => document.querySelector('.share-status').textContent")
    assert status.inner_text() == "Enlace copiado"
    assert page.evaluate("navigator.clipboard.readText()") == canonical


def test_without_the_web_share_api_the_share_sheet_button_stays_hidden(
    phone_page, site, sample_site
):
    page = phone_page()
    page.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    page.goto(site + page_types(sample_site)["work"], wait_until="load")
    assert page.evaluate("'share' in navigator") is False
    assert page.locator(".share-native").is_hidden()
    assert page.get_by_role("link", name="WhatsApp").is_visible()  # the plain links remain


# What a visitor may type as their instance, and the instance the script opens ("" when
# it asks again): an instance written in its own letters or under an internationalised
# top-level name is written in ASCII; a port, an address, a path's trick are refused.
INSTANCES = {
    "mästodon.social": "xn--mstodon-5wa.social",
    "Mastodon.Xn--P1ai": "mastodon.xn--p1ai",
    "//mastodon.social": "mastodon.social",
    "https://evil.example@mastodon.social/": "mastodon.social",
    "mastodon.social/../evil.example": "mastodon.social",
    "mastodon.social:8443": "",
    "[::1]": "",
    "127.0.0.1": "",
    "evil.example%2f.mastodon.social": "",
    "masto don.social": "",
    "a" * 250 + ".social": "",
}


def test_mastodon_s_instance_is_read_as_a_host_name_and_nothing_else(phone_page, site, sample_site):
    page = phone_page()
    page.goto(site + page_types(sample_site)["work"], wait_until="load")
    page.evaluate(
        "() => { window.__opened = []; window.open = (u) => { window.__opened.push(u); }; }"
    )
    field = page.get_by_label("Mastodon: tu instancia")
    button = page.get_by_role("button", name="Compartir en Mastodon")
    opened = {}
    for typed in INSTANCES:
        page.evaluate("() => { window.__opened.length = 0; }")
        field.fill(typed)
        button.click()
        urls = page.evaluate("window.__opened")
        opened[typed] = urlsplit(urls[0]).hostname if urls else ""
        assert len(urls) <= 1 and all(u.startswith("https://") for u in urls), urls
    assert opened == INSTANCES


# An artist's words that are short but stand tall, and names and titles of one long word.
TALL_BIOS = {
    "parrafos": "\n\n".join("abcdefghijklmnopqrstuvwxyz"),  # 26 paragraphs, 51 characters
    "titulos": "\n\n".join(f"# T{number}" for number in range(12)),
    "lista": "\n".join(f"- {number}" for number in range(40)),
}
ONE_WORD = "Supercalifragilisticoespialidoso" + "o" * 45  # 77 letters, no space
LONG_NAME = ("Wenceslao " * 8).strip()  # 79 characters, a word a line


@pytest.fixture(scope="module")
def hostile_artists_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("hostile-artists") / "content"
    for slug, bio in TALL_BIOS.items():
        write_artist(content, slug, body=bio)
        for number in range(3):
            write_work(content, slug, f"obra-{number}", date=f"2026-01-1{number}")
    # The longest name, pronouns and city the check lets through, and a portrait.
    folder = write_artist(
        content,
        "largo",
        body="Bio corta.",
        name=LONG_NAME,
        pronouns="ella/elle " * 4,
        city=("San Juan Bautista " * 5)[:80].strip(),
        avatar="yo.jpg",
    )
    write_image(folder / "yo.jpg", size=(600, 600))
    for number in range(3):
        write_work(content, "largo", f"obra-{number}", date=f"2026-01-1{number}")
    write_artist(content, "palabra", name=ONE_WORD)
    write_work(content, "palabra", "obra", title=ONE_WORD + "x" * 40, date="2026-02-01")
    # Links, pronouns and a city of one word, and an event whose every value is one.
    write_artist(
        content,
        "enlaces",
        body="Bio corta.",
        pronouns="x" * 40,
        city="Y" * 80,
        links=f"https://example.org/{'a' * 200}, https://example.org/{'b/' * 60}",
    )
    write_event(
        content,
        "largo",
        title="Z" * 120,
        organizers="palabra, largo",
        venue="V" * 120,
        address="A" * 200,
        cost="C" * 120,
        works="palabra/obra",
    )
    return build_site(
        content, content.parent / "output", ALTAVOZ_AGENDA_NOW="2026-03-01T12:00:00-06:00"
    )


def test_a_short_bio_that_stands_tall_still_leaves_the_art_on_the_first_screen(
    phone_page, served, hostile_artists_site
):
    base = served(hostile_artists_site)
    page = phone_page()
    shares = {}
    for slug in TALL_BIOS:
        page.goto(f"{base}/artists/{slug}/", wait_until="load")
        shares[slug] = round(page.evaluate(ART_COVERAGE), 3)
    assert {slug: share for slug, share in shares.items() if share < ART_SHARE} == {}
    # All of it is one click away, behind «Leer más».
    page.get_by_text("Leer más").click()
    assert page.locator(".artist-bio-full").is_visible()


def test_the_longest_name_pronouns_and_city_still_leave_the_art_on_the_first_screen(
    phone_page, served, hostile_artists_site
):
    base = served(hostile_artists_site)
    page = phone_page()
    shares = {}
    for path in ("/artists/largo/", "/en/artists/largo/"):  # English adds «In Spanish»
        page.goto(base + path, wait_until="load")
        shares[path] = round(page.evaluate(ART_COVERAGE), 3)
    assert {path: share for path, share in shares.items() if share < ART_SHARE} == {}


def test_a_name_or_title_of_one_long_word_never_widens_a_page_past_the_phone(
    phone_page, served, hostile_artists_site
):
    base = served(hostile_artists_site)
    page = phone_page()
    wide = {}
    paths = ["/", "/en/", "/works/palabra/obra/", "/tags/prueba/", "/agenda/", "/en/agenda/"]
    paths += ["/agenda/largo/", "/agenda/embed/", "/en/agenda/largo/", "/artists/enlaces/"]
    paths += ["/artists/palabra/", "/artists/largo/"]  # their upcoming event listed
    for path in paths:
        page.goto(base + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    assert wide == {}


def test_every_page_the_call_to_send_a_work_leads_to_fits_a_phone(phone_page, site):
    # The header's call leads to /enviar/, which leads on to the guide (with its examples
    # of a submission's header: long lines of code) and the other pages that explain.
    page = phone_page()
    wide = {}
    for start in ("/enviar/", "/en/enviar/"):
        page.goto(site + start, wait_until="load")
        paths = page.locator("main a[href^='/']").evaluate_all(
            "links => [...new Set(links.map(a => new URL(a.href).pathname))]"
        )
        for path in [start, *paths]:
            page.goto(site + path, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = width
    assert wide == {}


def test_a_refused_copy_selects_the_address_instead(phone_page, site, sample_site):
    # A browser may refuse the clipboard (a permission, a policy): the button then
    # selects the page's address, ready for the phone's own Copy, and raises nothing.
    page = phone_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: () =>"
        " Promise.reject(new DOMException('refused', 'NotAllowedError'))}});"
    )
    page.goto(site + page_types(sample_site)["artist"], wait_until="load")
    page.get_by_role("button", name="Copiar enlace").click()
    page.wait_for_function("() => getSelection().toString().length > 0")
    shown = page.locator(".share-url").inner_text()  # the page's address, as printed
    assert shown == page.locator('link[rel="canonical"]').get_attribute("href")
    assert page.evaluate("getSelection().toString()") == shown
    assert errors == []
