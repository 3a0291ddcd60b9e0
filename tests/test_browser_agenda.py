"""The agenda in Chromium: the agenda page, an event page, the embeddable list and the
gallery's strip are accessible (axe, WCAG A and AA), steady while a slow phone loads them,
and keep their layout when the visitor's clock is past the build's (agenda.js marks the
events that ended since in place)."""

from __future__ import annotations

import datetime as dt

import pytest
from test_browser_gallery import WATCH_SHIFTS, slow_phone
from test_browser_theme import AXE_OPTIONS, PHONE

pytestmark = pytest.mark.browser

# Every sample event has ended by then (the monthly circle's last session is in 2031).
AFTER_EVERYTHING = dt.datetime(2031, 6, 1, tzinfo=dt.UTC)
BEFORE_EVERYTHING = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def event_page(sample_site) -> str:
    """The sample event with the most on its page: works shown and a picture."""
    pages = sorted(sample_site.glob("agenda/*/index.html"))
    best = max(
        pages,
        key=lambda p: (p.read_text("utf-8").count("<img"), p.read_text("utf-8").count("<time")),
    )
    return "/" + best.relative_to(sample_site).as_posix().removesuffix("index.html")


def agenda_pages(sample_site) -> dict[str, str]:
    event = event_page(sample_site)
    return {
        "agenda": "/agenda/",
        "event": event,
        "embed": "/agenda/embed/",
        "en-agenda": "/en/agenda/",
        "en-event": "/en" + event,
    }


def test_the_agenda_pages_have_no_wcag_a_or_aa_violation(phone_page, sample_site, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = {}
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        page = phone_page(viewport=viewport)
        for name, path in agenda_pages(sample_site).items():
            page.goto(site + path)
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                failures[name, viewport["width"]] = [
                    (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
                ]
    assert not failures, failures


@pytest.mark.parametrize("kind", ["agenda", "event"])
def test_nothing_moves_while_a_slow_phone_loads_an_agenda_page(phone_page, sample_site, site, kind):
    page = phone_page(device_scale_factor=3)
    page.add_init_script(WATCH_SHIFTS)
    slow_phone(page)
    page.goto(site + agenda_pages(sample_site)[kind], wait_until="load", timeout=120_000)
    page.wait_for_timeout(1500)  # the deferred script and late images have run and arrived
    shifts = page.evaluate("window.__shifts")
    assert shifts == [], shifts
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


BOXES = """(selector) => [...document.querySelectorAll(selector)].map(e => {
  const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height];
})"""


# Layout shifts of the agenda's own elements, with what moved (for the failure message).
# A shift elsewhere on the home page (a cover arriving late on a busy machine) is not the
# agenda's: the slow-phone tests watch those, and whatever the marking pushed for good is
# caught by comparing every box below it.
WATCH_EVENT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const moved = (entry.sources || []).map((source) => source.node)
      .filter((node) => node && node.nodeType === 1
        && node.closest('.event-item, .strip-item, .agenda-strip, .event-list'));
    if (moved.length) {
      window.__shifts.push([entry.value, moved.map((node) => node.className)]);
    }
  }
}).observe({ type: 'layout-shift', buffered: true });
"""


@pytest.mark.parametrize("path", ["/agenda/", "/"])
def test_events_that_ended_since_the_build_are_marked_in_place(phone_page, site, path):
    """The visitor's clock is past every event: each one the build listed as upcoming says
    it ended, and nothing on the page moved for it (compared with a visitor whose clock
    is before every event)."""
    selector = ".event-item, .strip-item, .work-card, .site-footer"
    pages = {}
    for moment in (BEFORE_EVERYTHING, AFTER_EVERYTHING):
        page = pages[moment] = phone_page()
        page.clock.set_fixed_time(moment)
        page.add_init_script(WATCH_EVENT_SHIFTS)
        page.goto(site + path, wait_until="load")
        page.wait_for_timeout(300)
    before, after = pages[BEFORE_EVERYTHING], pages[AFTER_EVERYTHING]
    assert before.locator(".is-ended").count() == 0
    marked = after.locator("[data-ends]")
    assert marked.count() >= 3  # the sample's upcoming events (the strip shows three)
    for index in range(marked.count()):
        item = marked.nth(index)
        assert "is-ended" in item.get_attribute("class")
        assert item.locator(".event-ended").is_visible()
    assert after.evaluate(BOXES, selector) == before.evaluate(BOXES, selector)
    assert after.evaluate("window.__shifts") == []


def test_the_strip_is_one_compact_line_on_the_gallery_s_first_screen(phone_page, site):
    page = phone_page()
    page.goto(site + "/", wait_until="load")
    strip = page.get_by_role("region", name="Próximos eventos")
    box = strip.bounding_box()
    assert box["y"] + box["height"] <= 300 and box["height"] <= 48, box
    first_card = page.locator(".work-card").first.bounding_box()
    assert first_card["y"] >= box["y"] + box["height"]
    # The items scroll sideways inside the strip; the page itself stays a phone wide.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    links = strip.get_by_role("link")
    assert links.first.get_attribute("href") == "/agenda/"
    assert links.count() >= 2
