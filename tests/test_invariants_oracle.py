"""The invariants' own oracles (tests/invariants.py) find what they name: each hostile
page, feed, path or file below breaks exactly one invariant, and its clean twin none."""

from __future__ import annotations

import re

import pytest
from invariants import (
    codeowners_violations,
    html_violations,
    image_violations,
    path_violations,
    publishable_name,
    publishable_text,
    xml_violations,
)

SCRIPTS = {"/theme/js/altavoz.js"}
CSP = "default-src 'self'; script-src 'self'"


def page(head: str = "", body: str = "<p>Hola</p>") -> str:
    return (
        '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<link rel="stylesheet" href="/theme/css/altavoz.css">'
        f'<script src="/theme/js/altavoz.js?v=1" defer></script>{head}</head>'
        f'<body>{body}<button type="button" data-share>Compartir</button></body></html>'
    )


def test_the_theme_shape_passes():
    assert html_violations(page(), theme_scripts=SCRIPTS) == []


@pytest.mark.parametrize(
    "head, body",
    [
        ("<style>body{background:url(https://evil.example/x)}</style>", ""),
        ('<link rel="stylesheet" href="https://evil.example/x.css">', ""),
        ('<link rel="stylesheet" href="//evil.example/theme/x.css">', ""),
        ('<link rel="prefetch" href="/x">', ""),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ""),
        ('<meta http-equiv="Content-Security-Policy" content="default-src *">', ""),
        ('<script src="https://evil.example/x.js"></script>', ""),
        ("<script>alert(1)</script>", ""),
        ("", '<form action="//evil.example/s"><input type="search"></form>'),
        ("", '<p style="background:\\75 rl(https://evil.example/x)">x</p>'),
        ("", "<button>enviar</button>"),
        ("", '<input type="text" name="x">'),
        ("", "<portal src=/x></portal>"),
        ("", "<fencedframe></fencedframe>"),
        ("", '<a href="java&#x09;script:alert(1)">x</a>'),
        ("", '<img src="x" onerror="alert(1)">'),
        ("", "<svg><animate attributeName=href></animate></svg>"),
        ("", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'),
        # Text that parses as JSON runs all the same when the type is not JSON-LD's.
        ('<script type="text/javascript">{"a": 1}</script>', ""),
        ('<script>{"@type": "Event"}</script>', ""),
        ('<script type="module">[1]</script>', ""),
    ],
)
def test_active_content_is_found(head, body):
    assert html_violations(page(head, body), theme_scripts=SCRIPTS)


def test_feeds_and_sitemaps_must_parse_and_carry_valid_dates(tmp_path):
    atom = '<feed xmlns="http://www.w3.org/2005/Atom"><updated>{}</updated></feed>'
    (tmp_path / "good.xml").write_text(atom.format("2024-05-01T00:00:00-06:00"))
    assert xml_violations(tmp_path) == []
    (tmp_path / "lmt.xml").write_text(atom.format("1910-05-01T00:00:00-06:36:36"))
    (tmp_path / "year.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><lastmod>999-01-01</lastmod></url></urlset>"
    )
    (tmp_path / "broken.xml").write_text(atom.format("2024-05-01T00:00:00Z\ufffe"))
    found = xml_violations(tmp_path)
    assert [p.split(":")[0].split(" ")[0] for p in found] == ["broken.xml", "lmt.xml", "year.xml"]


def test_output_paths_are_nfc_visible_and_distinct(tmp_path):
    (tmp_path / "obra").mkdir()
    assert path_violations(tmp_path) == []
    for name in ("obra\n", "Obra", "o\u0301bra", "obra.", " obra", "ob\u200bra"):
        (tmp_path / name).mkdir()
    assert len(path_violations(tmp_path)) >= 6


@pytest.mark.parametrize("name", ["obra\n", "obra ", ".obra", "obra\u200b", "o\u0301bra", "ob ra"])
def test_names_the_output_may_not_carry(name):
    assert not publishable_name(name) and publishable_name("obra-1")


@pytest.mark.parametrize("char", ["\ufffe", "\x07", "\ue000", "\u0378", "\U0010ffff"])
def test_text_feeds_cannot_carry(char):
    assert not publishable_text(f"Mural{char}") and publishable_text("Mural \U0001fae9\t👩‍🎨")


def test_codeowners_lines_must_be_rules_of_slugs_and_handles():
    good = "# generado\n* @altavoz/mantenimiento\n/content/artists/ana/ @ana @altavoz/m\n"
    assert codeowners_violations(good) == []
    for bad in ("/content/artists/ana\n/ @ana", "/content/artists/ana/ @ana\r", "* @x @"):
        assert codeowners_violations(bad)


def test_published_images_carry_no_metadata_and_one_frame(tmp_path):
    from PIL import Image

    frames = [Image.new("RGB", (8, 8), (i * 80, 0, 0)) for i in range(2)]
    frames[0].save(tmp_path / "clean.jpg")
    assert image_violations(tmp_path) == []
    exif = Image.Exif()
    exif[0x010F] = "Camara"
    frames[0].save(tmp_path / "exif.jpg", exif=exif)
    frames[0].save(tmp_path / "anim.webp", save_all=True, append_images=frames[1:])
    frames[0].save(tmp_path / "comment.jpg", comment=b"GPS 19.4N")
    found = " ".join(image_violations(tmp_path))
    assert "exif.jpg" in found and "anim.webp" in found and "comment.jpg" in found


def test_pages_and_feeds_carry_no_character_a_reader_cannot_be_given(tmp_path):
    from invariants import text_violations

    (tmp_path / "ok.html").write_text("<p>Café &#169; 🎨\u200d</p>", encoding="utf-8")
    assert text_violations(tmp_path) == []
    (tmp_path / "feed.xml").write_text("<t>Obra \ue000</t>", encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>&#x378;</p>", encoding="utf-8")
    assert [p.split(" ")[0] for p in text_violations(tmp_path)] == ["feed.xml", "page.html"]


# In the order icalendar writes (and the agenda's files have): the summary is line 5.
CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Altavoz//Agenda cultural//ES\r\n"
    "BEGIN:VEVENT\r\nSUMMARY:{}\r\nDTSTART:20261010T160000Z\r\n"
    "DTSTAMP:20260101T000000Z\r\nUID:taller@altavoz.example.org\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_calendar_as_the_agenda_writes_it_passes():
    from invariants import ics_violations_of

    text = CALENDAR.format("Taller de grabado\\, abierto\\npara todas")
    assert ics_violations_of("agenda.ics", text.encode()) == []


@pytest.mark.parametrize(
    "summary, says",
    [
        # A property the agenda writes, begun by a submission's text: out of its place.
        ("Taller\r\nRRULE:FREQ=SECONDLY", "does not round-trip"),
        ("Taller\r\nUID:otro@evil.example", "UID.. more than once"),
        ("Taller\r\nATTACH:https://evil.example/x", "line 6 is no property the agenda writes"),
        ("Taller\r\nEND:VEVENT\r\nBEGIN:VEVENT", "without UID"),
        ("Taller\nDTEND:20261010T170000Z", "bare CR or LF"),
        ("Taller \ue000", "carries U\\+E000"),
        ("Taller\r\nBEGIN:VALARM\r\nEND:VALARM", "line 6"),
    ],
)
def test_a_calendar_with_a_line_of_a_submission_is_found(summary, says):
    from invariants import ics_violations_of

    found = ics_violations_of("agenda.ics", CALENDAR.format(summary).encode())
    assert found and re.search(says, " ".join(found)), found


def test_a_calendar_that_does_not_parse_is_found():
    from invariants import ics_violations_of

    broken = CALENDAR.format("Taller").replace("END:VCALENDAR\r\n", "")
    assert ics_violations_of("agenda.ics", broken.encode())
    assert ics_violations_of("agenda.ics", b"\xff\xfe") == ["agenda.ics is not UTF-8"]


@pytest.mark.parametrize(
    "block",
    [
        '{"name": "Taller</script><script>alert(1)</script>"}',
        '{"name": "<!--<script>"}',
        '{"name": "Taller", }',
    ],
)
def test_json_ld_that_breaks_out_or_does_not_parse_is_found(block):
    from invariants import json_ld_violations_of

    good = page(
        '<script type="application/ld+json">{"@type": "Event", "name": "T\\u003c"}</script>'
    )
    assert json_ld_violations_of(good) == []
    assert json_ld_violations_of(page(f'<script type="application/ld+json">{block}</script>'))


@pytest.mark.parametrize(
    "key, value",
    [
        ("start", "1899-12-31 23:59"),
        ("start", "2026-10-10 18:00 UTC"),
        ("end", "２026-10-10 18:00"),
        ("until", "9999-12-31"),
        ("timezone", "Mars/Olympus_Mons"),
        ("count", "53000"),
    ],
)
def test_event_times_a_calendar_cannot_carry_are_found(key, value):
    from invariants import event_value_violations

    good = {"start": "2026-10-10 18:00", "end": "2026-10-10 20:00", "until": "2026-12-31"}
    good |= {"timezone": "America/Mexico_City", "count": "52"}
    assert event_value_violations(good) == []
    assert event_value_violations(good | {key: value}) == [f"accepted event {key} {value!a}"]
