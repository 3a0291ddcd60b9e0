"""check_image_file: every refusal and warning, each from a real file made here."""

from __future__ import annotations

import pytest
from altavoz_core.findings import ERROR, WARNING
from altavoz_images import check_image_file
from hostile_images import COSTLY, HIDING, progressive_jpeg_with_many_scans
from images_support import halves, image_settings, record_image_opens, save_jpeg
from PIL import Image

REL = "content/works/ana/mural/foto.jpg"


def codes(findings):
    return [(f.code, f.severity) for f in findings]


def check(path, tmp_path, rel=REL, **overrides):
    findings = check_image_file(path, rel, image_settings(tmp_path, **overrides))
    for finding in findings:  # every message names the file, in both languages
        assert finding.path == rel
        assert rel in finding.message_es and rel in finding.message_en
    return findings


def test_a_clean_photo_passes(tmp_path):
    assert check(save_jpeg(tmp_path / "foto.jpg"), tmp_path) == []


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")])
def test_png_webp_and_gif_are_accepted(tmp_path, fmt, ext):
    path = tmp_path / f"obra.{ext}"
    halves().save(path, fmt)
    assert check(path, tmp_path, rel=f"content/works/ana/mural/obra.{ext}") == []


def test_heic_from_an_iphone_is_accepted(tmp_path):
    import pillow_heif

    pillow_heif.register_heif_opener()
    path = tmp_path / "IMG_0001.HEIC"
    halves().save(path, "HEIF")
    assert check(path, tmp_path, rel="content/works/ana/mural/IMG_0001.HEIC") == []


def test_zero_byte_file_is_refused(tmp_path):
    path = tmp_path / "foto.jpg"
    path.write_bytes(b"")
    [finding] = check(path, tmp_path)
    assert (finding.code, finding.severity) == ("AV504", ERROR)
    assert "0 bytes" in finding.message_en and "vuelve a subir" in finding.message_es


def test_truncated_jpeg_is_refused(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", halves((600, 400)))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert codes(check(path, tmp_path)) == [("AV506", ERROR)]


def test_corrupt_png_is_refused(tmp_path):
    path = tmp_path / "obra.png"
    halves().save(path)
    data = bytearray(path.read_bytes())
    data[60:200] = b"\x00" * 140  # inside the compressed pixel data
    path.write_bytes(bytes(data))
    assert codes(check(path, tmp_path, rel="a/obra.png")) == [("AV506", ERROR)]


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg")
    findings = check(path, tmp_path, MAX_FILE_BYTES=1000)
    assert codes(findings) == [("AV505", ERROR)]
    assert "Export the photo smaller" in findings[0].message_en


@pytest.mark.parametrize("size", [(200, 200), (400, 300)])
def test_decompression_bomb_is_refused(tmp_path, size):
    # 40 000 px is just over the limit; 120 000 px is over twice it, where Pillow itself refuses.
    path = save_jpeg(tmp_path / "foto.jpg", halves(size))
    findings = check(path, tmp_path, MAX_PIXELS=39_000)
    assert codes(findings) == [("AV507", ERROR)]


def test_absurd_dimensions_are_refused(tmp_path):
    path = tmp_path / "tira.png"
    Image.new("RGB", (2000, 100), "white").save(path)
    findings = check(path, tmp_path, rel="a/tira.png")
    assert codes(findings) == [("AV508", ERROR)]
    assert "2000×100" in findings[0].message_en


def test_a_tiny_image_is_only_a_warning(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", halves((120, 90)))
    findings = check(path, tmp_path, MIN_USEFUL_SIDE=800)
    assert codes(findings) == [("AV509", WARNING)]
    assert "800" in findings[0].message_es


def test_wrong_extension_is_refused_with_the_right_name(tmp_path):
    path = tmp_path / "foto.jpg"
    halves().save(path, "PNG")
    findings = check(path, tmp_path)
    assert codes(findings) == [("AV503", ERROR)]
    assert "`foto.png`" in findings[0].message_en and "PNG" in findings[0].message_es


def test_svg_with_a_script_is_refused(tmp_path):
    path = tmp_path / "dibujo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    findings = check(path, tmp_path, rel="a/dibujo.svg")
    assert codes(findings) == [("AV502", ERROR)]
    assert "PNG" in findings[0].message_en


def test_svg_disguised_as_png_is_still_refused_as_svg(tmp_path):
    path = tmp_path / "dibujo.png"
    path.write_text('<?xml version="1.0"?>\n<svg onload="alert(1)"></svg>')
    assert codes(check(path, tmp_path, rel="a/dibujo.png")) == [("AV502", ERROR)]


@pytest.mark.parametrize(
    "content", [b"hola, esto no es una foto", b"%PDF-1.7 ...", b"BM" + b"\x00" * 60]
)
def test_other_formats_are_refused(tmp_path, content):
    path = tmp_path / "foto.jpg"
    path.write_bytes(content)
    assert codes(check(path, tmp_path)) == [("AV501", ERROR)]


def test_animated_gif_warns_that_only_the_first_frame_is_shown(tmp_path):
    path = tmp_path / "baile.gif"
    frames = [Image.new("RGB", (120, 90), c) for c in ("red", "green", "blue")]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    findings = check(path, tmp_path, rel="a/baile.gif")
    assert codes(findings) == [("AV510", WARNING)]
    assert "3 frames" in findings[0].message_en and "primer cuadro" in findings[0].message_es


def test_gps_position_is_an_error_with_the_exact_fix(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", gps=True)
    [finding] = check(path, tmp_path)
    assert (finding.code, finding.severity) == ("AV520", ERROR)
    assert f"`invoke strip {REL}`" in finding.message_es
    assert f"`invoke strip {REL}`" in finding.message_en
    assert "ubicación" in finding.message_es and "turn off location" in finding.message_en
    assert "GPSLatitude" in finding.snippet


@pytest.mark.parametrize(
    "options,tag",
    [({"owner": True}, "Artist"), ({"serial": True}, "BodySerialNumber")],
)
def test_owner_name_and_serial_numbers_are_errors(tmp_path, options, tag):
    path = save_jpeg(tmp_path / "foto.jpg", **options)
    [finding] = check(path, tmp_path)
    assert finding.code == "AV520" and tag in finding.snippet
    assert "invoke strip" in finding.message_en
    assert "turn off location" not in finding.message_en  # no GPS advice without GPS


def test_gps_in_xmp_is_found_too(tmp_path):
    path = tmp_path / "foto.jpg"
    xmp = b'<x:xmpmeta><rdf:Description exif:GPSLatitude="19,25.9N"/></x:xmpmeta>'
    halves().save(path, "JPEG", xmp=xmp)
    [finding] = check(path, tmp_path)
    assert finding.code == "AV520" and "XMP" in finding.snippet


def test_gps_in_heic_is_found(tmp_path):
    import pillow_heif
    from images_support import phone_exif

    pillow_heif.register_heif_opener()
    path = tmp_path / "IMG_0002.heic"
    halves().save(path, "HEIF", exif=phone_exif(gps=True).tobytes())
    [finding] = check(path, tmp_path, rel="a/IMG_0002.heic")
    assert finding.code == "AV520"


def test_orientation_and_camera_model_alone_are_fine(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", orientation=6)
    assert check(path, tmp_path) == []


def test_a_missing_file_is_reported_not_raised(tmp_path):
    assert codes(check(tmp_path / "foto.jpg", tmp_path)) == [("AV506", ERROR)]


def test_pixel_limit_is_restored_after_checking(tmp_path):
    before = Image.MAX_IMAGE_PIXELS
    check(save_jpeg(tmp_path / "foto.jpg"), tmp_path, MAX_PIXELS=1000)
    assert before == Image.MAX_IMAGE_PIXELS


def test_results_are_remembered_by_content_so_a_rebuild_decodes_nothing(tmp_path, monkeypatch):
    from altavoz_images import loader

    path = save_jpeg(tmp_path / "foto.jpg", gps=True)
    settings = image_settings(tmp_path)  # names a cache folder, as Pelican's settings do
    first = check_image_file(path, REL, settings)

    def no_decoding(*args, **kwargs):
        raise AssertionError("the image was opened again")

    monkeypatch.setattr(loader, "open_sniffed", no_decoding)
    assert check_image_file(path, REL, settings) == first
    save_jpeg(path)  # new content: checked again (and now clean)
    monkeypatch.undo()
    assert check_image_file(path, REL, settings) == []


# --------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize("name", list(COSTLY))
def test_a_costly_file_is_refused_from_its_structure_without_decoding_it(
    tmp_path, monkeypatch, name
):
    maker, code, overrides = COSTLY[name]
    path = maker(tmp_path)
    opened = record_image_opens(monkeypatch)

    findings = check(path, tmp_path, rel=f"content/works/ana/mural/{path.name}", **overrides)

    assert codes(findings) == [(code, ERROR)]
    assert opened == []  # refused from the bytes: Pillow never saw it
    assert "súbela otra vez" in findings[0].message_es
    assert "upload it again" in findings[0].message_en


def test_the_scan_refusal_names_the_limit(tmp_path):
    [finding] = check(progressive_jpeg_with_many_scans(tmp_path), tmp_path)
    assert "más de 64 pasadas" in finding.message_es
    assert "more than 64 scans" in finding.message_en


def test_a_real_progressive_photo_and_a_short_animation_pass(tmp_path):
    path = tmp_path / "foto.jpg"
    halves((640, 480)).save(path, "JPEG", progressive=True, optimize=True)
    assert check(path, tmp_path) == []
    animation = tmp_path / "baile.webp"
    frames = [halves(left=(i * 50, 0, 0)) for i in range(4)]
    frames[0].save(animation, "WEBP", save_all=True, append_images=frames[1:])
    assert codes(check(animation, tmp_path, rel="a/baile.webp")) == [("AV510", WARNING)]


@pytest.mark.parametrize("name", list(HIDING))
def test_gps_in_any_form_and_data_after_the_end_are_privacy_errors(tmp_path, name):
    maker, code = HIDING[name]
    path = maker(tmp_path)
    rel = f"content/works/ana/mural/{path.name}"

    findings = check(path, tmp_path, rel=rel)

    assert codes(findings) == [(code, ERROR)]
    assert f"`invoke strip {rel}`" in findings[0].message_es
    assert f"`invoke strip {rel}`" in findings[0].message_en


def test_codes_md_lists_every_image_code():
    import re
    from pathlib import Path

    from altavoz_core.codes import CODES

    table = (Path(__file__).parents[1] / "plugins/altavoz_core/CODES.md").read_text(
        encoding="utf-8"
    )
    section = table[table.index("## AV5xx") : table.index("## AV6xx")]
    image_codes = {code for code in CODES if code.startswith("AV5")}
    assert set(re.findall(r"^\| (AV5\d\d) \|", section, re.MULTILINE)) == image_codes
    assert {"AV511", "AV521", "AV525", "AV530"} <= image_codes


def test_a_file_that_decodes_too_long_is_stopped_and_refused(tmp_path):
    import time

    from hostile_images import repeated_scans

    path = tmp_path / "lenta.jpg"
    path.write_bytes(repeated_scans(15000, size=(3000, 3000)))  # ~4 CPU s to decode, 0.4 MB
    started = time.process_time()

    unlimited = {"MAX_JPEG_SCANS": 100_000, "MAX_SEGMENTS": 100_000}
    findings = check(path, tmp_path, DECODE_CPU_SECONDS=1, **unlimited)

    assert codes(findings) == [("AV525", ERROR)]
    assert "más de 1 segundo de cálculo" in findings[0].message_es
    assert "over 1 second of computing" in findings[0].message_en
    assert time.process_time() - started < 1  # the decoding ran in the worker, not here
