"""Square card files are made only for images shown in a square box: covers and avatars."""

from __future__ import annotations

import re

from altavoz_images import ImageJob, process_images
from altavoz_images import settings as image_settings
from conftest import build_site, read_page, write_artist, write_image, write_work


def card_files(folder, stem: str) -> list[str]:
    return sorted(p.name for p in folder.glob(f"{stem}-*-card*.*"))


def test_covers_and_avatars_get_card_files_and_other_images_none(tmp_path):
    content = tmp_path / "content"
    artist = write_artist(content, "ana-lopez", name="Ana López", avatar="retrato.jpg")
    write_image(artist / "retrato.jpg", size=(800, 800))
    write_work(
        content,
        "ana-lopez",
        "sol-rojo",
        images=(("sol.jpg", "Un sol rojo"), ("detalle.jpg", "Detalle del sol")),
    )
    output = build_site(content, tmp_path / "output")

    work = output / "works/ana-lopez/sol-rojo"
    covers = card_files(work, "sol")  # 200, 400 and the 480 px square of a 640x480 photo
    assert len(covers) == 3 and all(name.endswith(".avif") for name in covers)
    assert card_files(work, "detalle") == []
    assert any(work.glob("detalle-*-480.webp"))  # the detail is published, without cards
    assert len(card_files(output / "artists/ana-lopez", "retrato")) == 3

    # The grid's cover offers its square files; the work page shows the detail without them.
    gallery = read_page(output, "index.html")
    assert re.search(r'<source type="image/avif" srcset="[^"]*/sol-[0-9a-f]{10}-card200', gallery)
    page = read_page(output, "works/ana-lopez/sol-rojo/index.html")
    detail = re.search(r"<picture>(?:(?!</picture>).)*detalle-.*?</picture>", page, re.DOTALL)
    assert detail and "card" not in detail.group(0) and "image/avif" not in detail.group(0)
    artists = read_page(output, "artists/index.html")
    assert re.search(r'srcset="[^"]*/retrato-[0-9a-f]{10}-card200\.avif 200w', artists)


def test_the_same_file_with_and_without_cards_is_two_cache_entries(tmp_path):
    source = write_image(tmp_path / "foto.jpg", size=(900, 600))
    settings = image_settings.set_default_settings(
        {"CACHE_PATH": str(tmp_path / "cache"), "ALTAVOZ_IMAGES_WORKERS": 1}
    )

    def published(cards: bool) -> list[str]:
        out = tmp_path / f"out-{cards}"
        job = ImageJob(source, out, "obra", "content/works/a/b/foto.jpg", cards=cards)
        image_set = process_images([job], settings, progress=False, sweep=False)[source]
        assert image_set.ok
        assert bool(image_set.cards) is cards
        return sorted(p.name for p in out.iterdir())

    with_cards, without = published(True), published(False)
    assert [n for n in with_cards if "-card" in n] and not [n for n in without if "-card" in n]
    # Everything but the cards is the same rendering, under its own key.
    strip = re.compile(r"-[0-9a-f]{10}-")
    assert {strip.sub("-", n) for n in without} == {
        strip.sub("-", n) for n in with_cards if "-card" not in n
    }
