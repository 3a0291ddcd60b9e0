"""invoke strip's engine: private metadata out, pixels byte-identical, orientation kept."""

from __future__ import annotations

import struct

import pytest
from altavoz_images import check_image_file, strip_private_metadata, strip_tree
from altavoz_images.strip import StripError
from hostile_images import HIDING, SECRET, jpeg_image_data
from images_support import halves, image_settings, phone_exif, save_jpeg
from PIL import Image


def jpeg_scan(data: bytes) -> bytes:
    """Everything from the first SOS marker on: the compressed pixels."""
    return data[data.index(b"\xff\xda") :]


def decoded(path):
    with Image.open(path) as im:
        return im.mode, im.size, im.tobytes()


def private_codes(path, tmp_path):
    return [f.code for f in check_image_file(path, "x.jpg", image_settings(tmp_path))]


def test_jpeg_loses_gps_serial_xmp_comment_but_keeps_pixels_icc_and_orientation(tmp_path):
    path = tmp_path / "foto.jpg"
    exif = phone_exif(orientation=6, gps=True, owner=True, serial=True)
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    halves((320, 240)).save(
        path,
        "JPEG",
        quality=90,
        exif=exif,
        icc_profile=icc,
        comment=b"Ana en la azotea",
        xmp=b"<x:xmpmeta>exif:GPSLatitude</x:xmpmeta>",
    )
    before = path.read_bytes()
    pixels = decoded(path)

    report = strip_private_metadata(path)

    after = path.read_bytes()
    assert jpeg_scan(after) == jpeg_scan(before)  # compressed pixel data byte-identical
    assert decoded(path) == pixels
    removed = " ".join(report.removed)
    assert "EXIF" in removed and "XMP" in removed and "comment" in removed
    assert {"GPSLatitude", "BodySerialNumber", "Artist"} <= set(report.private)
    with Image.open(path) as im:
        assert dict(im.getexif()) == {0x0112: 6}  # only the orientation survives
        assert im.info.get("icc_profile") == icc
        assert "xmp" not in im.info and "comment" not in im.info
    assert b"SN-12345678" not in after and b"Ana en la azotea" not in after
    assert private_codes(path, tmp_path) == []


def test_jpeg_without_orientation_gets_no_exif_at_all(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", gps=True)
    strip_private_metadata(path)
    assert b"Exif\x00" not in path.read_bytes()


def test_data_appended_after_the_image_is_dropped(tmp_path):
    # Phones append depth maps and HDR gain maps (with their own EXIF) after the image.
    path = save_jpeg(tmp_path / "foto.jpg")
    secondary = (
        b"\xff\xd8\xff\xe1" + struct.pack(">H", 20) + b"Exif\x00\x00GPS-secret" + b"\xff\xd9"
    )
    path.write_bytes(path.read_bytes() + secondary)
    report = strip_private_metadata(path)
    assert b"GPS-secret" not in path.read_bytes()
    assert any("appended" in item for item in report.removed)
    assert path.read_bytes().endswith(b"\xff\xd9")


def test_progressive_jpeg_keeps_all_its_scans(tmp_path):
    path = tmp_path / "foto.jpg"
    halves((320, 240)).save(path, "JPEG", progressive=True, exif=phone_exif(gps=True))
    before, pixels = path.read_bytes(), decoded(path)
    strip_private_metadata(path)
    assert jpeg_scan(path.read_bytes()) == jpeg_scan(before)
    assert decoded(path) == pixels


def test_a_clean_file_is_left_byte_for_byte_alone(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg")
    before = path.read_bytes()
    report = strip_private_metadata(path)
    assert not report.changed and path.read_bytes() == before


def test_stripping_twice_changes_nothing_the_second_time(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", orientation=8, gps=True)
    strip_private_metadata(path)
    once = path.read_bytes()
    assert not strip_private_metadata(path).changed
    assert path.read_bytes() == once


@pytest.mark.parametrize("orientation", [6, 8])
def test_png_exif_chunk_replaced_by_orientation_only(tmp_path, orientation):
    from PIL import PngImagePlugin

    path = tmp_path / "obra.png"
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Ana Rivera Gómez")
    halves().save(path, exif=phone_exif(orientation=orientation, gps=True), pnginfo=text)
    pixels = decoded(path)
    report = strip_private_metadata(path)
    assert decoded(path) == pixels
    assert any("eXIf" in item for item in report.removed)
    assert any("tEXt" in item or "iTXt" in item for item in report.removed)
    with Image.open(path) as im:
        assert dict(im.getexif()) == {0x0112: orientation}
        assert "Author" not in im.info
    assert private_codes(path, tmp_path) == []


def test_webp_exif_and_xmp_chunks_are_removed_losslessly(tmp_path):
    path = tmp_path / "obra.webp"
    halves().save(
        path,
        "WEBP",
        lossless=True,
        exif=phone_exif(gps=True),
        xmp=b"<x:xmpmeta>SerialNumber</x:xmpmeta>",
    )
    pixels = decoded(path)
    report = strip_private_metadata(path)
    assert decoded(path) == pixels
    assert {item.split()[0] for item in report.removed} == {"EXIF", "XMP"}
    with Image.open(path) as im:
        assert not dict(im.getexif()) and "xmp" not in im.info
    data = path.read_bytes()
    assert struct.unpack("<I", data[4:8])[0] == len(data) - 8  # RIFF size rewritten


def test_gif_comments_are_removed_and_frames_untouched(tmp_path):
    path = tmp_path / "baile.gif"
    frames = [Image.new("P", (60, 40), i) for i in (1, 2, 3)]
    frames[0].save(
        path, save_all=True, append_images=frames[1:], comment=b"Casa de Ana, calle 5", loop=0
    )
    with Image.open(path) as im:
        before = [(im.seek(i), im.convert("RGB").tobytes())[1] for i in range(im.n_frames)]
    report = strip_private_metadata(path)
    assert any("comment" in item for item in report.removed)
    assert b"Casa de Ana" not in path.read_bytes()
    with Image.open(path) as im:
        assert [(im.seek(i), im.convert("RGB").tobytes())[1] for i in range(im.n_frames)] == before


def test_heic_exif_and_xmp_are_blanked_in_place(tmp_path):
    import pillow_heif

    pillow_heif.register_heif_opener()
    path = tmp_path / "IMG_0003.heic"
    halves().save(
        path, "HEIF", exif=phone_exif(gps=True, serial=True).tobytes(), xmp=b"<x>GPSLatitude 19</x>"
    )
    size, pixels = path.stat().st_size, decoded(path)
    report = strip_private_metadata(path)
    assert len(report.removed) == 2
    assert path.stat().st_size == size and decoded(path) == pixels
    assert b"SN-12345678" not in path.read_bytes()
    assert private_codes(path, tmp_path) == []


def test_non_images_are_refused_and_left_untouched(tmp_path):
    path = tmp_path / "dibujo.svg"
    path.write_text("<svg><script>alert(1)</script></svg>")
    with pytest.raises(StripError):
        strip_private_metadata(path)
    assert path.read_text() == "<svg><script>alert(1)</script></svg>"


def test_strip_tree_cleans_every_image_under_a_folder(tmp_path):
    folder = tmp_path / "content" / "works" / "ana"
    first = save_jpeg(folder / "mural" / "a.jpg", gps=True)
    second = save_jpeg(folder / "cartel" / "b.jpeg", serial=True)
    (folder / "mural" / "index.md").write_text("---\ntitle: x\n---\n")
    results = strip_tree(folder)
    assert sorted(r.path for r in results) == sorted([first, second])
    assert all(r.changed for r in results)
    assert all(private_codes(p, tmp_path) == [] for p in (first, second))


def test_strip_keeps_file_permissions(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg", gps=True)
    path.chmod(0o640)
    strip_private_metadata(path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["foto.jpg"]  # no temporary left behind


def test_exif_written_back_holds_only_orientation():
    from altavoz_images.strip import minimal_exif

    exif = Image.Exif()
    exif.load(minimal_exif(3))
    assert dict(exif) == {0x0112: 3}


@pytest.mark.parametrize("name", list(HIDING))
def test_strip_removes_gps_in_any_form_and_data_after_the_end_losslessly(tmp_path, name):
    maker, _code = HIDING[name]
    path = maker(tmp_path)
    before, pixels = path.read_bytes(), decoded(path)

    report = strip_private_metadata(path)

    after = path.read_bytes()
    assert report.changed and SECRET not in after
    assert decoded(path) == pixels
    if path.suffix == ".jpg":  # the compressed pixels are the very same bytes
        assert jpeg_image_data(after) == jpeg_image_data(before)
        assert after.endswith(jpeg_image_data(before))
    assert private_codes(path, tmp_path) == []
    assert not strip_private_metadata(path).changed  # nothing left for a second pass


def test_strip_drops_jpeg_extension_segments_where_data_can_hide(tmp_path):
    path = save_jpeg(tmp_path / "foto.jpg")
    data = path.read_bytes()
    segment = b"\xff\xf3" + struct.pack(">H", len(SECRET) + 2) + SECRET
    path.write_bytes(data[:2] + segment + data[2:])
    assert private_codes(path, tmp_path)  # refused
    report = strip_private_metadata(path)
    assert any("JPG3" in item for item in report.removed)
    assert path.read_bytes() == data
    assert private_codes(path, tmp_path) == []
