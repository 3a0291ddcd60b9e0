"""Image maths: orientation, sRGB, bit depths, transparency, sizes, no metadata in outputs."""

from __future__ import annotations

import io

import pytest
from altavoz_images import derivatives
from images_support import (
    close,
    display_p3_profile,
    halves,
    image_settings,
    phone_exif,
    png_rgb16,
    save_jpeg,
)
from PIL import Image, ImageCms

RED, BLUE = (220, 30, 30), (30, 30, 220)


def render(path, tmp_path, **overrides):
    return derivatives.render(path, image_settings(tmp_path, **overrides))


def opened(rendition) -> Image.Image:
    im = Image.open(io.BytesIO(rendition.data))
    im.load()
    return im


def widths_of(result, fmt="jpeg"):
    return [r.width for r in result.renditions if r.kind == "width" and r.format == fmt]


def test_plan_widths_never_upscales_and_keeps_the_source_width():
    assert derivatives.plan_widths(4000, (480, 960, 1600, 2400)) == [2400, 1600, 960, 480]
    assert derivatives.plan_widths(1200, (480, 960, 1600, 2400)) == [1200, 960, 480]
    assert derivatives.plan_widths(300, (480, 960)) == [300]


@pytest.mark.parametrize(
    "size,expected",
    [((3000, 1000), (300, 225)), ((1000, 3000), (225, 300)), ((800, 600), (300, 225))],
)
def test_thumbnail_is_square_ish_and_fits_the_box(size, expected):
    _box, thumb = derivatives.thumbnail_geometry(size, 300, 4 / 3)
    assert thumb == expected


def test_every_width_in_every_format_plus_thumbnail(tmp_path):
    result = render(save_jpeg(tmp_path / "a.jpg", halves((800, 600))), tmp_path)
    assert widths_of(result, "webp") == widths_of(result, "jpeg") == [320, 160]
    for rendition in result.renditions:
        im = opened(rendition)
        assert im.size == (rendition.width, rendition.height)
        assert im.format == rendition.format.upper()
    [thumb] = [r for r in result.renditions if r.kind == "thumbnail"]
    assert (thumb.width, thumb.height) == (100, 100)  # square, as cards show it


def cards_of(result):
    return [r for r in result.renditions if r.kind == "card"]


def grain(size, seed=1) -> Image.Image:
    """Flat colour under film-like grain: costly to encode, as drawings photographed are."""
    import random

    noise = random.Random(seed).randbytes(size[0] * size[1])
    grey = Image.frombytes("L", size, noise).point(lambda v: 110 + v // 8)
    return Image.merge("RGB", (grey, grey.point(lambda v: v + 30), grey.point(lambda v: v - 40)))


def test_cards_are_square_files_for_each_pixel_ratio(tmp_path):
    path = save_jpeg(tmp_path / "a.jpg", halves((1600, 1000)))
    result = render(path, tmp_path, WIDTHS=(960, 480))
    cards = cards_of(result)
    assert [(c.width, c.height) for c in cards] == [(200, 200), (400, 400), (600, 600)]
    for card in cards:
        im = opened(card).convert("RGB")
        assert opened(card).format == "AVIF" and im.size == (card.width, card.height)
        # the centre of a landscape work: its left half red, its right half blue
        assert close(im.getpixel((2, card.height // 2)), RED, 30)
        assert close(im.getpixel((card.width - 3, card.height // 2)), BLUE, 30)


def test_each_card_is_encoded_at_its_own_quality(tmp_path):
    path = save_jpeg(tmp_path / "grain.jpg", grain((1200, 900)))

    def cards(plan):
        return [len(c.data) for c in cards_of(render(path, tmp_path, WIDTHS=(960,), CARDS=plan))]

    small, dense = cards(((300, 80), (600, 80)))
    same_small, lighter_dense = cards(((300, 80), (600, 40)))
    assert same_small == small
    assert lighter_dense < 0.8 * dense


def test_cards_are_never_upscaled(tmp_path):
    path = save_jpeg(tmp_path / "a.jpg", halves((400, 250)))
    # widths (320, 160): the largest decoded image is 320x200, so its square is 200
    assert [(c.width, c.height) for c in cards_of(render(path, tmp_path))] == [(200, 200)]
    cards = cards_of(render(path, tmp_path, WIDTHS=(400,), CARDS=((150, 60), (300, 50))))
    assert [c.width for c in cards] == [150, 250]


def test_cards_fall_back_to_webp_without_avif(tmp_path, monkeypatch):
    monkeypatch.setattr(derivatives.features, "check", lambda feature: feature != "avif")
    path = save_jpeg(tmp_path / "grain.jpg", grain((800, 600)))
    cards = cards_of(render(path, tmp_path, CARDS=((400, 50),)))
    assert cards and all(opened(c).format == "WEBP" for c in cards)
    # at a WebP quality that looks like the AVIF one: not WebP's own q50
    webp_q50 = cards_of(render(path, tmp_path, CARDS=((400, 50),), CARD_FORMAT="webp"))
    assert len(cards[0].data) > 1.1 * len(webp_q50[0].data)


def test_small_sources_are_not_upscaled(tmp_path):
    result = render(save_jpeg(tmp_path / "a.jpg", halves((200, 150))), tmp_path)
    assert widths_of(result) == [200, 160]


def test_avif_when_enabled(tmp_path):
    result = render(save_jpeg(tmp_path / "a.jpg"), tmp_path, AVIF=True)
    assert widths_of(result, "avif") == [320, 160]
    assert opened(result.renditions[0]).format == "AVIF"


@pytest.mark.parametrize(
    "orientation,top,bottom",
    [(6, RED, BLUE), (8, BLUE, RED)],  # the stored left half ends up on top (6) or bottom (8)
)
def test_orientation_is_applied_to_pixels(tmp_path, orientation, top, bottom):
    path = save_jpeg(tmp_path / "a.jpg", halves((400, 300), RED, BLUE), orientation=orientation)
    result = render(path, tmp_path)
    assert (result.source_width, result.source_height) == (300, 400)
    for rendition in result.renditions:
        im = opened(rendition).convert("RGB")
        assert im.height > im.width or rendition.kind in ("thumbnail", "card")
        assert close(im.getpixel((im.width // 2, 2)), top, 25)
        assert close(im.getpixel((im.width // 2, im.height - 3)), bottom, 25)


def test_display_p3_is_converted_to_srgb(tmp_path):
    p3 = display_p3_profile()
    colour = (60, 160, 60)  # a green that P3 and sRGB encode very differently
    path = tmp_path / "p3.png"
    Image.new("RGB", (300, 200), colour).save(path, icc_profile=p3)
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(p3)),
        ImageCms.createProfile("sRGB"),
    ).getpixel((0, 0))
    assert abs(expected[0] - colour[0]) > 40  # the conversion matters for this colour
    result = render(path, tmp_path)
    for rendition in result.renditions:
        pixel = opened(rendition).convert("RGB").getpixel((50, 50))
        assert close(pixel, expected, 8), (rendition.format, pixel, expected)


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(path, quality=95)  # pure red ink
    result = render(path, tmp_path)
    for rendition in result.renditions:
        im = opened(rendition)
        assert im.mode in ("RGB", "RGBA")
        assert close(im.convert("RGB").getpixel((50, 50)), (255, 0, 0), 20)


def test_16_bit_grey_png_is_scaled_not_clipped(tmp_path):
    path = tmp_path / "gris16.png"
    Image.new("I;16", (300, 200), 32896).save(path)  # 50 % grey in 16 bits
    result = render(path, tmp_path)
    pixel = opened(result.renditions[0]).convert("RGB").getpixel((10, 10))
    assert close(pixel, (128, 128, 128), 3)


def test_16_bit_rgb_png(tmp_path):
    path = png_rgb16(tmp_path / "color16.png", (300, 200), (65535, 32896, 0))
    result = render(path, tmp_path)
    pixel = opened(result.renditions[0]).convert("RGB").getpixel((10, 10))
    assert close(pixel, (255, 128, 0), 4)


def test_palette_with_transparency_keeps_alpha_in_webp_and_is_flattened_in_jpeg(tmp_path):
    path = tmp_path / "logo.png"
    im = Image.new("P", (300, 200), 0)
    im.putpalette([0, 0, 0, 200, 20, 20] + [0] * 762)
    im.paste(1, (150, 0, 300, 200))  # right half opaque red, left half transparent
    im.save(path, transparency=0)
    result = render(path, tmp_path, BACKGROUND="#ffffff")
    assert result.has_alpha
    for rendition in result.renditions:
        out = opened(rendition)
        if rendition.format in ("webp", "avif"):
            assert out.mode == "RGBA"
            assert out.getpixel((5, 5))[3] == 0
            assert close(out.getpixel((out.width - 5, 5))[:3], (200, 20, 20), 12)
        else:
            assert out.mode == "RGB"
            assert close(out.getpixel((5, 5)), (255, 255, 255), 6)


def test_animated_gif_keeps_its_first_frame(tmp_path):
    path = tmp_path / "baile.gif"
    frames = [Image.new("RGB", (300, 200), c) for c in ((0, 200, 0), (200, 0, 0), (0, 0, 200))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    result = render(path, tmp_path)
    assert any("first frame" in note for note in result.notes)
    for rendition in result.renditions:
        assert close(opened(rendition).convert("RGB").getpixel((50, 50)), (0, 200, 0), 12)


def test_heic_renders(tmp_path):
    import pillow_heif

    pillow_heif.register_heif_opener()
    path = tmp_path / "IMG.heic"
    halves((400, 300), RED, BLUE).save(path, "HEIF", quality=90)
    result = render(path, tmp_path)
    im = opened(result.renditions[0]).convert("RGB")
    assert close(im.getpixel((5, 150)), RED, 30) and close(
        im.getpixel((im.width - 5, 150)), BLUE, 30
    )


def test_outputs_carry_no_metadata(tmp_path):
    path = tmp_path / "a.jpg"
    halves((400, 300)).save(
        path,
        "JPEG",
        exif=phone_exif(orientation=6, gps=True, owner=True, serial=True),
        icc_profile=display_p3_profile(),
        xmp=b"<x:xmpmeta>GPSLatitude</x:xmpmeta>",
        comment=b"Casa de Ana",
    )
    result = render(path, tmp_path, AVIF=True)
    for rendition in result.renditions:
        im = opened(rendition)
        assert not dict(im.getexif()), rendition.format
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(im.info), rendition.format
        for secret in (b"Exif\x00", b"GPS", b"ns.adobe.com", b"Casa de Ana", b"SN-1234"):
            assert secret not in rendition.data


def test_placeholder_is_a_tiny_inline_image_with_the_average_colour(tmp_path):
    result = render(
        save_jpeg(tmp_path / "a.jpg", Image.new("RGB", (400, 300), (200, 100, 50))), tmp_path
    )
    assert result.placeholder.startswith("data:image/webp;base64,")
    assert len(result.placeholder) < 400
    red, green, blue = (int(result.colour[i : i + 2], 16) for i in (1, 3, 5))
    assert close((red, green, blue), (200, 100, 50), 6)


def test_pixel_limit_is_enforced_while_rendering(tmp_path):
    path = save_jpeg(tmp_path / "a.jpg", halves((400, 300)))
    with pytest.raises(derivatives.ImageProcessingError):
        render(path, tmp_path, MAX_PIXELS=10_000)


def test_jpeg_is_decoded_at_a_reduced_scale(tmp_path, monkeypatch):
    """draft(): a 1600 px source for 320 px outputs is decoded at 1/4 scale, not in full."""
    path = save_jpeg(tmp_path / "big.jpg", halves((1600, 1200)))
    loaded_sizes = []
    original = Image.Image.load

    def spy(self):
        result = original(self)
        if getattr(self, "format", None) == "JPEG":
            loaded_sizes.append(self.size)
        return result

    monkeypatch.setattr(Image.Image, "load", spy)
    render(path, tmp_path)
    assert max(loaded_sizes) == (400, 300)
