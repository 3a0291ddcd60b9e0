"""Finding what a photo says about its author that they did not mean to publish.

Phones write the GPS position of the shot, and cameras their body and lens
serial numbers and the owner's name, into EXIF, XMP and IPTC. In a pull-request
workflow the original stays in git history forever, so these are reported on
the submitted file itself (`invoke strip` removes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image, IptcImagePlugin

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
ORIENTATION = 0x0112

# Named when present; any other GPS tag (GPSDest*, GPSAreaInformation, GPSProcessingMethod,
# even GPSVersionID alone) is reported as the GPS IFD: a place, or proof one was recorded.
_GPS_POSITION_TAGS = {0x0002: "GPSLatitude", 0x0004: "GPSLongitude"}
_OWNER_TAGS_IFD0 = {0x013B: "Artist", 0x9C9D: "XPAuthor"}
_OWNER_TAGS_EXIF = {0xA430: "CameraOwnerName"}
_SERIAL_TAGS_EXIF = {0xA431: "BodySerialNumber", 0xA435: "LensSerialNumber"}
_SERIAL_TAGS_IFD0 = {0xC62F: "CameraSerialNumber"}

_XMP_PATTERNS = (
    # exif:GPSLatitude, exifEX:GPS..., Iptc4xmpExt location, drone-dji:GpsLongtitude...
    ("gps", "XMP GPS", re.compile(rb"(?i)gps|latitude|longitude|longtitude")),
    ("serial", "XMP SerialNumber", re.compile(rb"SerialNumber")),
    ("owner", "XMP OwnerName", re.compile(rb"OwnerName")),
    ("owner", "XMP dc:creator", re.compile(rb"<dc:creator|dc:creator=")),
)
_IPTC_OWNER = {(2, 80): "IPTC By-line"}
_PNG_TEXT_OWNER = ("Author", "Artist", "Owner")


@dataclass(frozen=True)
class PrivateItem:
    kind: str  # "gps", "owner" or "serial"
    tag: str  # where it was found, e.g. "GPSLatitude", "XMP SerialNumber"


def _has_value(value) -> bool:
    if value is None:
        return False
    if isinstance(value, bytes | str):
        return bool(value.strip(b"\x00 " if isinstance(value, bytes) else "\x00 "))
    return True


def exif_private_items(exif: Image.Exif) -> list[PrivateItem]:
    items: list[PrivateItem] = []
    try:
        gps = exif.get_ifd(GPS_IFD)
    except Exception:  # a GPS IFD Pillow cannot read is still a GPS IFD
        gps = {"unreadable": True}
    for tag, name in _GPS_POSITION_TAGS.items():
        if _has_value(gps.get(tag)):
            items.append(PrivateItem("gps", name))
    if not items and (gps or GPS_IFD in exif):
        items.append(PrivateItem("gps", "GPS IFD"))
    for tag, name in _OWNER_TAGS_IFD0.items():
        if _has_value(exif.get(tag)):
            items.append(PrivateItem("owner", name))
    for tag, name in _SERIAL_TAGS_IFD0.items():
        if _has_value(exif.get(tag)):
            items.append(PrivateItem("serial", name))
    exif_ifd = exif.get_ifd(EXIF_IFD)
    for tag, name in {**_OWNER_TAGS_EXIF, **_SERIAL_TAGS_EXIF}.items():
        if _has_value(exif_ifd.get(tag)):
            kind = "owner" if tag in _OWNER_TAGS_EXIF else "serial"
            items.append(PrivateItem(kind, name))
    return items


def xmp_private_items(xmp: bytes | str | None) -> list[PrivateItem]:
    if not xmp:
        return []
    data = xmp.encode("utf-8", "replace") if isinstance(xmp, str) else xmp
    return [
        PrivateItem(kind, label) for kind, label, pattern in _XMP_PATTERNS if pattern.search(data)
    ]


def _xmp_of(im: Image.Image) -> bytes | str | None:
    return im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")


def find_private_metadata(im: Image.Image) -> list[PrivateItem]:
    """Private metadata in an opened (not necessarily decoded) image."""
    items = exif_private_items(im.getexif())
    items += xmp_private_items(_xmp_of(im))
    if im.format == "JPEG":
        try:
            iptc = IptcImagePlugin.getiptcinfo(im) or {}
        except Exception:  # malformed IPTC: nothing trustworthy to report
            iptc = {}
        items += [
            PrivateItem("owner", label) for key, label in _IPTC_OWNER.items() if iptc.get(key)
        ]
    if im.format == "PNG":
        items += [
            PrivateItem("owner", f"PNG {key}")
            for key in _PNG_TEXT_OWNER
            if _has_value(im.info.get(key))
        ]
    return list(dict.fromkeys(items))


def orientation_of(im: Image.Image) -> int:
    value = im.getexif().get(ORIENTATION, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1
