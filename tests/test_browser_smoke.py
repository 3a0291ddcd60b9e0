"""The built site opens in a real browser and asks nothing of the internet."""

import pytest
from conftest import build_site

pytestmark = pytest.mark.browser


def test_gallery_renders_and_requests_only_the_site(browser, served, tiny_content, tmp_path):
    output = build_site(tiny_content, tmp_path / "output")
    base = served(output)
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "/")
    assert page.locator("h1").first.inner_text() == "Galería"
    assert page.locator(".work-card").count() == 3
    assert requested and all(url.startswith(base) for url in requested), requested
    page.close()
