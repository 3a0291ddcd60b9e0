"""Share cards: the picture a chat shows for a shared link. Their maths without Pelican,
their drawing against hostile texts and scripts the font lacks, and the build: one card
per work, artist and post, made once per content and published beside the page."""

from __future__ import annotations

import io
import itertools
import random
import re
import unicodedata
from unicodedata import category

import pytest
from altavoz_images import settings as image_settings
from altavoz_images import sharecards
from altavoz_images.sharecards import (
    card_text,
    choose_layout,
    drawable,
    fit_within,
    font_coverage,
    row_boxes,
    wrap,
)
from conftest import build_site, read_page, write_image, write_work
from PIL import Image

SETTINGS = image_settings.set_default_settings({"SITENAME": "Altavoz"})
COVERED = font_coverage(sharecards.font_path(SETTINGS))


# --- maths --------------------------------------------------------------------------


def test_an_image_is_fitted_whole_and_never_blown_up_past_twice_its_size():
    assert fit_within((3000, 4000), (600, 534)) == (400, 534)  # portrait: height decides
    assert fit_within((4000, 1000), (1104, 384)) == (1104, 276)  # panorama: width decides
    assert fit_within((100, 100), (600, 534)) == (200, 200)


def test_a_row_of_images_shares_one_height_and_stays_inside_its_area():
    area = (48, 48, 1152, 432)
    boxes = row_boxes([1.0, 1.5, 0.75], area, 16)
    heights = {bottom - top for _, top, _, bottom in boxes}
    assert len(heights) == 1
    assert boxes[0][0] >= 48 and boxes[-1][2] <= 1152
    for (_, _, right, _), (left, _, _, _) in itertools.pairwise(boxes):
        assert left - right == 16  # side by side, never overlapping
    widths = [(r - left) / (b - t) for left, t, r, b in boxes]
    assert widths == pytest.approx([1.0, 1.5, 0.75], rel=0.02)  # each image's own shape


def test_the_layout_is_the_one_that_shows_the_art_largest():
    size = (1200, 630)
    assert choose_layout([3 / 4], size) == "side"  # a portrait beside the text
    assert choose_layout([1.0], size) == "side"
    assert choose_layout([2.5], size) == "band"  # a panorama above it
    assert choose_layout([1.0, 1.0, 1.0], size) == "band"  # an artist's works in a row
    assert choose_layout([], size) == "text"


def test_a_long_title_wraps_at_spaces_and_ends_in_an_ellipsis_past_its_lines():
    def measure(text):
        return 10 * len(text)

    lines, complete = wrap("Raíces de maíz en el barrio", measure, 100, 3)
    assert lines == ["Raíces de", "maíz en el", "barrio"] and complete
    lines, complete = wrap("uno dos tres cuatro cinco seis siete ocho", measure, 100, 2)
    assert not complete and len(lines) == 2 and lines[-1].endswith("…")
    assert all(measure(line) <= 100 for line in lines)
    lines, _ = wrap("x" * 35, measure, 100, 5)  # one word wider than the line is broken
    assert lines == ["x" * 10, "x" * 10, "x" * 10, "x" * 5]


# --- texts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "drawn"),
    [
        ("Raíces\nde\tmaíz", "Raíces de maíz"),
        ("abc\u202edcba\u202c", "abcdcba"),  # a right-to-left override is removed
        ("\u2067Ana\u2069 \u200bRivera\u00ad", "Ana Rivera"),  # isolates, zero-width, soft hyphen
        ("Sol\x07\x1b[31m", "Sol[31m"),  # controls go, the letters stay
        # NFC first (a + ◌́ is á), then a pile of accents keeps two more.
        ("a" + "\u0301" * 40, "á\u0301\u0301"),
        ("Ma\u0301\u0301 ", "Má\u0301"),
    ],
)
def test_submitted_text_loses_everything_that_could_break_the_layout(typed, drawn):
    assert card_text(typed) == drawn


def test_submitted_text_is_bounded_before_anything_is_measured():
    assert len(card_text("palabra " * 100_000)) <= sharecards.MAX_TEXT_CHARS


def test_the_bundled_font_draws_spanish_and_no_right_to_left_letter():
    for ch in "ñÑáéíóúüÜ¿¡ÁÉÍÓÚ€«»—":
        assert ch in COVERED, ch
    for ch in "क؟אשׂ北🌽":
        assert ch not in COVERED, ch
    # Every drawn line runs left to right: no letter the font has is written right to left
    # (its right-to-left mark is a format character, removed from every text first).
    letters = [c for c in map(chr, range(0x10000)) if c in COVERED and category(c)[0] == "L"]
    assert not [c for c in letters if unicodedata.bidirectional(c) in ("R", "AL")]
    assert card_text("a\u200fb") == "ab"


def test_a_line_in_a_script_the_font_lacks_is_left_out_whole_and_emoji_just_go():
    assert drawable("Xóchitl Ramírez", COVERED) == "Xóchitl Ramírez"
    assert drawable("Maíz 🌽 azul", COVERED) == "Maíz azul"
    assert drawable("राम Kumar", COVERED) is None  # never "Kumar" alone, never boxes
    assert drawable("مريم", COVERED) is None
    assert drawable("🌽🌽", COVERED) is None


@pytest.mark.parametrize(
    ("typed", "drawn"),
    [
        ("Amor ❤️", "Amor"),  # the heart's variation selector goes with it
        ("☺︎ hola", "hola"),
        ("👩🏽\u200d🎨 pinta 🏳️\u200d🌈", "pinta"),  # skin tone, joiner, flag
        ("1️⃣ uno", "1 uno"),  # the keycap's selector and enclosing mark
        ("Sol\ufe0e", "Sol"),
        ("a🌽\u0301b", "ab"),  # the corn's accent never lands on the «a»
    ],
)
def test_emoji_go_with_their_selectors_and_marks_and_the_words_stay(typed, drawn):
    assert drawable(card_text(typed), COVERED) == drawn


# --- drawing ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def artwork(tmp_path_factory):
    folder = tmp_path_factory.mktemp("art")
    return write_image(folder / "obra.jpg", size=(900, 1200), color=(40, 120, 90))


def draw(images, title, subtitle="") -> bytes:
    return sharecards.render_card(images, title, subtitle, "Altavoz", SETTINGS)


@pytest.mark.parametrize(
    "title",
    [
        "Raíces de maíz: ¿quién siembra? ¡Nosotras!",
        "W" * 5000,
        "\u202e" * 50 + "Título" + "\n" * 200,
        "a\u0301" * 300,
        "",
    ],
)
def test_a_card_is_a_1200_by_630_jpeg_within_300_kb_whatever_the_title(artwork, title):
    data = draw([artwork], title, "Luz Mendoza")
    with Image.open(io.BytesIO(data)) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630))
    assert len(data) <= 300_000


def test_missing_glyphs_draw_nothing_rather_than_boxes(artwork):
    plain = draw([artwork], "Sol", "")
    assert draw([artwork], "Sol", "राम कुमार") == plain  # the name's line is left out
    assert draw([artwork], "Sol 🌽", "") == plain  # the emoji goes, not a box
    assert draw([artwork], "S\u202eol\u202c", "") == draw([artwork], "Sol", "")


def test_the_artwork_is_shown_whole_on_the_neutral_field(tmp_path):
    # A red image with a blue frame: every edge of it must be on the card.
    source = tmp_path / "marco.png"
    image = Image.new("RGB", (600, 800), (0, 0, 255))
    image.paste((255, 0, 0), (20, 20, 580, 780))
    image.save(source)
    with Image.open(io.BytesIO(draw([source], ""))) as card:
        rgb = card.convert("RGB")
        blue = [
            (x, y)
            for x in range(0, 1200, 4)
            for y in range(0, 630, 4)
            if (p := rgb.getpixel((x, y)))[2] > 180 and p[0] < 80
        ]
    xs, ys = [x for x, _ in blue], [y for _, y in blue]
    # The frame's four sides are there: the image is 600x800, fitted to ~400x534.
    assert max(ys) - min(ys) > 500 and max(xs) - min(xs) > 370


# --- the build ----------------------------------------------------------------------


def og(page: str, prop: str) -> str:
    found = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', page)
    assert found, prop
    return found.group(1)


def test_every_work_artist_and_post_gets_its_card_once(tmp_path, tiny_content, monkeypatch):
    drawn = []
    original = sharecards.render_card
    monkeypatch.setattr(
        sharecards,
        "render_card",
        lambda images, title, *rest: drawn.append(title) or original(images, title, *rest),
    )
    monkeypatch.setitem(image_settings.DEFAULTS, "ALTAVOZ_IMAGES_WORKERS", 1)
    cache = {"ALTAVOZ_IMAGES_CACHE_DIR": str(tmp_path / "cache")}  # drawn here, not before
    output = build_site(tiny_content, tmp_path / "output", **cache)
    pages = {
        "works/ana-rivera/maiz-azul/index.html": "Maíz azul",
        "artists/ana-rivera/index.html": "Ana Rivera",
        "blog/bienvenida/index.html": "Bienvenida",
        "en/works/ana-rivera/maiz-azul/index.html": "Maíz azul",
    }
    for page_path, title in pages.items():
        page = read_page(output, page_path)
        image = og(page, "og:image")
        card = output / image.lstrip("/")
        assert card.is_file(), image
        with Image.open(card) as im:
            assert im.size == (int(og(page, "og:image:width")), int(og(page, "og:image:height")))
        assert og(page, "og:image:type") == "image/jpeg"
        assert title in og(page, "og:image:alt")
    # One card per work, artist, post and the site's (per language): the English site
    # found the same cards in the cache.
    assert sorted(drawn).count("Maíz azul") == 1
    assert "Ana Rivera" in drawn and "Bienvenida" in drawn
    first = sorted(p.name for p in output.rglob("share-*.jpg"))

    drawn.clear()
    build_site(tiny_content, tmp_path / "output", **cache)
    assert drawn == []  # an unchanged site draws nothing
    assert sorted(p.name for p in output.rglob("share-*.jpg")) == first

    # A new title is a new card; the old one leaves the output.
    index = tiny_content / "works/ana-rivera/maiz-azul/index.md"
    index.write_text(index.read_text("utf-8").replace("Maíz azul", "Maíz morado"), "utf-8")
    build_site(tiny_content, tmp_path / "output", **cache)
    assert drawn == ["Maíz morado"]
    cards = list((output / "works/ana-rivera/maiz-azul").glob("share-*.jpg"))
    assert len(cards) == 1


def test_a_hostile_title_still_makes_a_card_and_a_clean_page(tmp_path):
    content = tmp_path / "content"
    from conftest import write_artist

    write_artist(content, "ana", name="अनन्या 🌽")
    title = "¿Qué es «esto»? ¡" + "Ñ" * 90 + "! मेरा 🌽"  # within the check's 120
    write_work(content, "ana", "obra", title=title)
    output = build_site(content, tmp_path / "output")
    page = read_page(output, "works/ana/obra/index.html")
    card = output / og(page, "og:image").lstrip("/")
    assert card.stat().st_size <= 300_000
    with Image.open(card) as im:
        assert im.size == (1200, 630)


def noise(path, size=(1200, 1200)):
    """A picture of pure noise: what JPEG compresses worst."""
    pixels = random.Random(path.name).randbytes(size[0] * size[1] * 3)
    Image.frombytes("RGB", size, pixels).save(path)
    return path


def test_a_card_over_its_budget_even_at_the_lowest_quality_is_left_out_with_a_warning(
    tmp_path, caplog
):
    settings = {
        **SETTINGS,
        "CACHE_PATH": str(tmp_path / "cache"),
        "ALTAVOZ_IMAGES_WORKERS": 1,
        "ALTAVOZ_IMAGES_SHARE_CARD_MAX_BYTES": 20_000,
    }
    calm = write_image(tmp_path / "calma.jpg", size=(900, 1200))
    busy = noise(tmp_path / "ruido.png")
    jobs = [
        sharecards.ShareCardJob(tmp_path / "out" / name, f"works/ana/{name}", title, "Ana", (art,))
        for name, title, art in (("calma", "Calma", calm), ("ruido", "Ruido", busy))
    ]
    with pytest.raises(sharecards.CardTooLarge), Image.open(busy) as im:
        sharecards.encode_within(im.convert("RGB"), 20_000, settings)
    with caplog.at_level("WARNING"):
        cards = sharecards.publish_share_cards(jobs, settings, "test")
    # The calm card fits and is published; the noisy one is not, and the log says which
    # item lost its card, why, and what to change.
    assert cards[jobs[0]] is not None and cards[jobs[0]].bytes <= 20_000
    assert cards[jobs[1]] is None
    assert list(tmp_path.glob("out/ruido/share-*")) == []
    assert len(list(tmp_path.glob("out/calma/share-*"))) == 1
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1
    assert "works/ana/ruido" in warnings[0]
    assert "ALTAVOZ_IMAGES_SHARE_CARD_MAX_BYTES (20,000)" in warnings[0]
    assert "site's card" in warnings[0]
