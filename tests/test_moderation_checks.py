"""Every check: a submission that triggers it, and a close one that does not.

Each case starts from a small valid site (one artist, one work, a post, a page), changes
one thing, and asserts the finding an artist would read: code, severity, path, field,
line where it matters, and that both messages name the file and what to fix.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from moderation_support import (
    ARTIST_INDEX,
    IMG,
    POST,
    WORK_INDEX,
    check_changed_site,
    make_artist,
    make_post,
    make_work,
    write_jpeg,
)

WORK = WORK_INDEX.removesuffix("/index.md")
PAGE = "content/pages/acerca.md"


@dataclass
class Case:
    code: str
    severity: str
    path: str
    setup: object  # callable(content: Path)
    field: str | None = None
    line: int | None = None
    mentions: tuple[str, ...] = ()  # must appear in both messages (besides the path)
    settings: dict | None = None


def work_body(text: str, image: str = IMG) -> str:
    return f"{text}\n\n{image}"


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def index(content: Path, rel: str = WORK_INDEX) -> Path:
    return content.parent / rel


SUBMISSIONS = {
    "work": (WORK_INDEX, make_work),
    "artist": (ARTIST_INDEX, make_artist),
    "post": (POST, make_post),
}


def rewritten(*rows) -> list[Case]:
    """Cases that write the valid site's work, artist or post again with other fields.

    A row: (code, severity, "work" | "artist" | "post", its fields, the field the finding
    names, its line or None, what both messages mention).
    """
    cases = []
    for code, severity, which, fields, field, line, mentions in rows:
        path, make = SUBMISSIONS[which]
        setup = functools.partial(make, **fields)
        cases.append(Case(code, severity, path, setup, field, line, mentions))
    return cases


def edit(old: str, new: str):
    """A setup that replaces text in the work's index.md."""
    return lambda c: rewrite(index(c), old, new)


def with_jpeg(image: str, setup):
    """A setup that writes the JPEG content/<image>, then runs setup."""
    return lambda c: (write_jpeg(c / image), setup(c))


def linked(reference: str, alt: str = "Mural azul dos") -> dict:
    """The work's fields for a body that shows a second image, written as reference."""
    return {"body": work_body("Texto.", f"{IMG}\n\n![{alt}]({reference})")}


def shows_image(which: str, name: str, written: str):
    """A setup: the JPEG `name` beside the work (or among the blog's images), which the work
    (or the post) shows as a second image, its reference written as `written`."""
    if which == "work":
        return with_jpeg(
            f"works/ana-perez/mural-azul/{name}", lambda c: make_work(c, **linked(written))
        )
    body = f"Texto.\n\n![Mural azul con un colibrí]({written})"
    return with_jpeg(f"blog/images/{name}", lambda c: make_post(c, body=body))


TRIGGERS = [
    # ---------------------------------------------------------------- structure
    Case(
        "AV101",
        "error",
        "content/works/ana-perez/Mural_Azul",
        lambda c: make_work(c, slug="Mural_Azul"),
        mentions=("mural-azul",),
    ),
    Case(
        "AV102",
        "error",
        "content/works/ana-perez/sin-index",
        lambda c: (c / "works/ana-perez/sin-index").mkdir(),
    ),
    Case(
        "AV103",
        "error",
        f"{WORK}/notas.txt",
        lambda c: (c / "works/ana-perez/mural-azul/notas.txt").write_text("x"),
        mentions=(".jpg",),
    ),
    Case(
        "AV104",
        "error",
        f"{WORK}/enlace.jpg",
        lambda c: os.symlink("/etc/hostname", c / "works/ana-perez/mural-azul/enlace.jpg"),
    ),
    Case(
        "AV105",
        "error",
        f"{WORK}/fotos",
        lambda c: (c / "works/ana-perez/mural-azul/fotos").mkdir(),
    ),
    Case(
        "AV106",
        "warning",
        f"{WORK}/.DS_Store",
        lambda c: (c / "works/ana-perez/mural-azul/.DS_Store").write_bytes(b"\0"),
    ),
    Case(  # macOS writes one beside each file copied to a USB stick: junk, not hidden
        "AV106",
        "warning",
        f"{WORK}/._notas.txt",
        lambda c: (c / "works/ana-perez/mural-azul/._notas.txt").write_bytes(b"\0\5\26\7"),
    ),
    Case(
        "AV107",
        "error",
        "content/works/ana-perez/index.md",
        lambda c: (c / "works/ana-perez/index.md").write_text("---\ntitle: x\n---\n"),
    ),
    Case(
        "AV108",
        "error",
        "content/blog/aviso.html",
        lambda c: (c / "blog/aviso.html").write_text("<p>hola</p>"),
    ),
    # Pelican reads only ".md" exactly: a page "0.MD" passed the check and was never built.
    Case(
        "AV108",
        "error",
        "content/pages/taller.MD",
        lambda c: make_post(c, "taller.MD", folder="pages", title="Taller"),
    ),
    Case(
        "AV108",
        "error",
        "content/blog/taller.Md",
        lambda c: make_post(c, "taller.Md", title="Taller"),
    ),
    Case(
        "AV109",
        "error",
        WORK_INDEX,
        lambda c: index(c).write_bytes(index(c).read_text(encoding="utf-8").encode("latin-1")),
        mentions=("UTF-8",),
    ),
    *rewritten(
        (
            "AV110",
            "error",
            "work",
            {"body": work_body("Texto.", IMG.replace("mural.jpg", "../otra/mural.jpg"))},
            "image",
            16,
            ("../otra/mural.jpg", "mural.jpg"),
        ),
        (
            "AV111",
            "error",
            "work",
            {"body": work_body("Texto.", IMG.replace("mural.jpg", "/home/ana/mural.jpg"))},
            "image",
            16,
            ("/home/ana/mural.jpg",),
        ),
        (
            "AV112",
            "error",
            "work",
            {
                "body": work_body(
                    "Texto.", IMG.replace("mural.jpg", "https://example.com/mural.jpg")
                )
            },
            "image",
            16,
            ("https://example.com/mural.jpg",),
        ),
        # Markdown shows an image whose alt text holds brackets: it is checked like any other.
        (
            "AV112",
            "error",
            "work",
            linked("https://example.com/x.png", "Mural [detalle] azul"),
            "image",
            18,
            ("https://example.com/x.png",),
        ),
        (
            "AV110",
            "error",
            "work",
            linked("../otra/a.jpg", "[Mural azul]"),
            "image",
            18,
            ("../otra/a.jpg",),
        ),
        ("AV402", "error", "work", linked("mural.jpg", "[ ]"), "alt", 18, ()),
    ),
    # ---------------------------------------------------------------- front matter
    Case(
        "AV201",
        "error",
        WORK_INDEX,
        lambda c: index(c).write_text("title: Mural\n\n" + IMG + "\n", encoding="utf-8"),
        line=1,
        mentions=("---",),
    ),
    Case(
        "AV202",
        "error",
        WORK_INDEX,
        lambda c: index(c).write_text("---\ntitle: Mural\nartist: ana-perez\n", encoding="utf-8"),
        mentions=("---",),
    ),
    Case(
        "AV203", "error", WORK_INDEX, edit("medium: ", "medium = "), line=5, mentions=("medium = ",)
    ),
    Case("AV204", "error", WORK_INDEX, edit("license:", "\nlicense:"), line=6),
    Case(
        "AV205",
        "error",
        WORK_INDEX,
        edit("year: 2024", "year: 2024\ntitle: Otro"),
        field="title",
        line=10,
        mentions=("title",),
    ),
    *rewritten(
        (
            "AV206",
            "error",
            "work",
            {"drop": ("license",)},
            "license",
            None,
            ("license: CC-BY-SA-4.0",),
        ),
        ("AV207", "error", "work", {"title": ""}, "title", 2, ()),
        ("AV208", "error", "work", {"template": "raw"}, "template", 12, ("template",)),
        ("AV208", "error", "work", {"save_as": "index.html"}, "save_as", None, ()),
        ("AV208", "error", "work", {"status": "draft"}, "status", None, ()),
        ("AV208", "error", "work", {"_content": "x"}, "_content", None, ()),
        ("AV208", "error", "post", {"category": "obras"}, "category", None, ()),
        ("AV209", "warning", "work", {"colour": "azul"}, "colour", 12, ("colour", "medium")),
        ("AV210", "error", "work", {"date": "17/05/2024"}, "date", 4, ("17/05/2024", "2024-05-17")),
        ("AV210", "error", "work", {"date": "2023-02-29"}, "date", None, ()),
    ),
    # The gallery shows no work whose artist is refused: the check says so for the work.
    Case(
        "AV227",
        "error",
        WORK_INDEX,
        lambda c: make_artist(c, lang="fr"),
        field="artist",
        mentions=("content/artists/ana-perez/index.md",),
    ),
    *rewritten(
        # Digits of another script look like a date to a reader, not to a feed or a sitemap.
        ("AV210", "error", "work", {"date": "٢٠٢٤-٠٥-١٧"}, "date", None, ()),
        ("AV226", "error", "work", {"date": "0999-05-17"}, "date", 4, ("0999-05-17", "1900")),
        ("AV226", "error", "post", {"date": "1899-12-31"}, "date", None, ("1899-12-31",)),
        (
            "AV226",
            "error",
            "post",
            {"date": "2024-05-01", "modified": f"{date.today().year + 2}-01-01"},
            "modified",
            None,
            (),
        ),
        (
            "AV211",
            "error",
            "work",
            {"license": "GPL-3.0"},
            "license",
            6,
            ("GPL-3.0", "CC-BY-SA-4.0"),
        ),
        ("AV212", "error", "work", {"consent": "no"}, "consent", 7, ("consent: yes",)),
    ),
    Case(
        "AV213",
        "error",
        "content/works/beto/mural-azul/index.md",
        lambda c: make_work(c, artist="beto"),
        field="artist",
        mentions=("content/artists/beto/index.md",),
    ),
    Case(
        "AV214",
        "error",
        WORK_INDEX,
        lambda c: (
            make_artist(c, "beto", name="Beto"),
            rewrite(index(c), "artist: ana-perez", "artist: beto"),
        ),
        field="artist",
        line=3,
        mentions=("artist: ana-perez",),
    ),
    *rewritten(
        ("AV215", "error", "work", {"lang": "fr"}, "lang", None, ("fr", "es, en")),
        ("AV216", "error", "work", {"year": "dosmil"}, "year", None, ("dosmil",)),
        ("AV216", "error", "work", {"year": "٢٠٢٤"}, "year", None, ()),
        ("AV216", "error", "work", {"year": "1899"}, "year", None, ("1899", "1900")),
        (
            "AV217",
            "error",
            "artist",
            {"links": "https://example.org/ana, javascript:alert(1)"},
            "links",
            None,
            ("javascript:alert(1)", "https://"),
        ),
        ("AV217", "error", "artist", {"links": "instagram.com/ana"}, "links", None, ()),
        ("AV218", "error", "post", {"slug": "Bienvenida Ñ"}, "slug", None, ("bienvenida-n",)),
    ),
    Case(
        "AV219",
        "error",
        "content/blog/otra.md",
        lambda c: make_post(c, "otra.md", title="Otra", slug="bienvenida"),
        field="slug",
        mentions=("content/blog/bienvenida.md",),
    ),
    Case(
        "AV801",
        "error",
        PAGE,
        lambda c: make_post(c, "acerca.md", folder="pages", title="Acerca", slug="blog"),
        field="slug",
        mentions=("blog",),
    ),
    # ---------------------------------------------------------------- text
    *rewritten(
        (
            "AV301",
            "error",
            "work",
            {"body": work_body("Hola <script>alert('xss')</script> mundo.")},
            "body",
            14,
            ("<script>alert('xss')</script>",),
        ),
        (
            "AV301",
            "error",
            "artist",
            {"body": 'Mira <a href="javascript:alert(1)">mi sitio</a>.'},
            "body",
            None,
            ("javascript:",),
        ),
        (
            "AV301",
            "error",
            "work",
            {"body": work_body('<p onclick="robar()">Hola</p>')},
            "body",
            None,
            ("onclick",),
        ),
        (
            "AV301",
            "error",
            "post",
            {"body": '<iframe src="https://example.com"></iframe>\n\nTexto.'},
            "body",
            None,
            ("<iframe>",),
        ),
        (
            "AV302",
            "warning",
            "work",
            {"body": work_body('Texto <span style="color:red">rojo</span>.')},
            "body",
            14,
            ("<span>",),
        ),
        # A noncharacter, a private-use or an unassigned code point, a control: by category,
        # anywhere in the file (each one makes every Atom feed unreadable).
        ("AV312", "error", "work", {"title": "Mural\ufffe azul"}, "title", 2, ("U+FFFE",)),
        ("AV312", "error", "work", {"tags": "mural, \U0010fffe"}, "tags", None, ("U+10FFFE",)),
        ("AV312", "error", "artist", {"name": "Ana \ue000"}, "name", None, ("U+E000",)),
        (
            "AV312",
            "error",
            "work",
            {"body": work_body("Pinté \u0378 este mural.")},
            "body",
            14,
            ("U+0378",),
        ),
        ("AV312", "error", "post", {"body": "Abrimos \x07 la galería."}, "body", None, ("U+0007",)),
        (
            "AV312",
            "error",
            "work",
            {"images": (("mural.jpg", "Mural azul con una mujer\uffff"),)},
            "body",
            None,
            (),
        ),
        # The same characters spelled as character references: a reader (a feed strips a
        # title's markup; a page decodes the body) gets the characters themselves.
        ("AV312", "error", "post", {"body": "Hola &#xFFFE; fin."}, "body", 7, ("U+FFFE",)),
        ("AV312", "error", "work", {"body": work_body("Hola &#65535; fin.")}, "body", None, ()),
        ("AV312", "error", "post", {"summary": "Hola &#xFDD0;"}, "summary", None, ()),
        (
            "AV312",
            "error",
            "post",
            {"body": '[sitio](https://example.org/ "t &#x1FFFE;")'},
            "body",
            None,
            (),
        ),
        (
            "AV312",
            "error",
            "post",
            {"title": "Entrada &#xE000; &#x378;"},
            "title",
            None,
            ("U+E000", "U+0378"),
        ),
        ("AV303", "error", "work", {"title": "Obra &#x202E;azul"}, "title", None, ("U+202E",)),
        ("AV304", "warning", "post", {"body": "Hola &#x202E; fin."}, "body", None, ("U+202E",)),
        ("AV303", "error", "work", {"title": "Mural \u202eazul"}, "title", 2, ("U+202E",)),
        ("AV303", "error", "artist", {"name": "Ana\u200bPérez"}, "name", None, ("U+200B",)),
        (
            "AV303",
            "error",
            "work",
            {"images": (("mural.jpg", "Mural\u2066 azul de colores"),)},
            "alt",
            16,
            (),
        ),
        (
            "AV304",
            "warning",
            "work",
            {"body": work_body("Texto con\u200b espacio invisible.")},
            "body",
            14,
            ("U+200B",),
        ),
        ("AV305", "error", "work", {"title": "Muy " * 40}, "title", None, ("120",)),
        ("AV310", "warning", "work", {"tags": "maíz, 🌽"}, "tags", None, ("🌽",)),
        ("AV306", "error", "work", {"body": work_body("palabra " * 1000)}, "body", None, ("6000",)),
        (
            "AV307",
            "error",
            "work",
            {"title": "<img src=x onerror=alert(1)>"},
            "title",
            2,
            ("onerror",),
        ),
        ("AV308", "warning", "work", {"title": "Mural <b>azul</b>"}, "title", 2, ("<b>azul</b>",)),
        ("AV309", "warning", "artist", {"body": ""}, "body", None, ()),
        # ------------------------------------------------------------ image references
        (
            "AV401",
            "error",
            "work",
            {"body": work_body("Texto.", IMG.replace("mural.jpg", "Mural.JPG"))},
            "image",
            16,
            ("Mural.JPG",),
        ),
        (
            "AV401",
            "error",
            "artist",
            {"avatar": "retrato.jpg"},
            "avatar",
            None,
            ("retrato.jpg", "avatar"),
        ),
    ),
    # The work (or the post) shows a second image, its file written first: (code, which,
    # the file's name, the reference as written, its line, what both messages mention).
    *[
        Case(
            code,
            "error",
            SUBMISSIONS[which][0],
            shows_image(which, name, written),
            field="image",
            line=line,
            mentions=mentions,
        )
        for code, which, name, written, line, mentions in (
            # A reference is read as a browser reads it, by the build and the check alike:
            # '%20' is a space, so a file named with a literal '%20' is not the one it names.
            ("AV401", "work", "dos%20b.jpg", "dos%20b.jpg", 18, ("dos%20b.jpg", "index.md")),
            # Escapes that spell no UTF-8 name no file has (not even one with U+FFFD in its
            # place).
            ("AV401", "work", "dos\ufffd.jpg", "dos%FF.jpg", 18, ("dos%FF.jpg",)),
            (
                "AV401",
                "post",
                "mural.jpg",
                "images//mural.jpg",
                9,
                ("images//mural.jpg", "content/blog/images/"),
            ),
            # A file name is as hostile as text, however the text writes it.
            (
                "AV410",
                "work",
                "A\u202eb\u0301.jpg",
                "A%E2%80%AEb%CC%81.jpg",
                18,
                ("A%E2%80%AEb%CC%81.jpg", "U+202E", "mural-azul/index.md"),
            ),
            (
                "AV410",
                "work",
                "A\u202eb\u0301.jpg",
                "<A\u202eb\u0301.jpg>",
                18,
                ("A\u202eb\u0301.jpg", "U+202E RIGHT-TO-LEFT OVERRIDE", "mural-azul/index.md"),
            ),
            (
                "AV410",
                "work",
                "mural\u200b.jpg",
                "mural%E2%80%8B.jpg",
                18,
                ("mural%E2%80%8B.jpg", "U+200B", "mural-azul/index.md"),
            ),
            (
                "AV410",
                "work",
                "\u0301mural.jpg",
                "%CC%81mural.jpg",
                18,
                ("%CC%81mural.jpg", "U+0301", "mural-azul/index.md"),
            ),
            (
                "AV410",
                "work",
                "mural\x07.jpg",
                "mural%07.jpg",
                18,
                ("mural%07.jpg", "U+0007", "mural-azul/index.md"),
            ),
            (
                "AV410",
                "work",
                "mural\ue000.jpg",
                "mural%EE%80%80.jpg",
                18,
                ("mural%EE%80%80.jpg", "U+E000", "mural-azul/index.md"),
            ),
            (
                "AV410",
                "post",
                "mural\u2066.jpg",
                "images/mural%E2%81%A6.jpg",
                9,
                ("U+2066", "images/mural.jpg"),
            ),
        )
    ],
    Case(
        "AV410",
        "error",
        ARTIST_INDEX,
        with_jpeg(
            "artists/ana-perez/yo\u202e.jpg", lambda c: make_artist(c, avatar="yo%E2%80%AE.jpg")
        ),
        field="avatar",
        mentions=("avatar", "U+202E"),
    ),
    *rewritten(
        ("AV402", "error", "work", {"images": (("mural.jpg", ""),)}, "alt", 16, ("mural.jpg",)),
        (
            "AV403",
            "error",
            "work",
            {"images": (("mural-azul.jpg", "mural-azul.jpg"),)},
            "alt",
            16,
            ("mural-azul.jpg",),
        ),
        (
            "AV403",
            "error",
            "work",
            {"images": (("mural-azul.jpg", "Mural azul"),)},
            "alt",
            None,
            (),
        ),
        ("AV404", "error", "work", {"images": (("mural.jpg", "Imagen"),)}, "alt", 16, ("Imagen",)),
        ("AV404", "error", "work", {"images": (("mural.jpg", "foto 2"),)}, "alt", None, ()),
        (
            "AV405",
            "error",
            "work",
            {"body": work_body('Texto.\n\n<img src="mural.jpg" alt="Mural azul">')},
            "body",
            16,
            ("<img>",),
        ),
    ),
    # Raw <img> written so that a reader of the source and the build disagree: still refused.
    *[
        Case(
            code,
            "error",
            POST,
            lambda c, tag=tag: (
                write_jpeg(c / "blog/images/oculta.jpg"),
                write_jpeg(c / "blog/images/buena.jpg"),
                make_post(c, body=f"Texto.\n\n{tag}"),
            ),
            field=field,
        )
        for code, field, tag in (
            # Browsers (and the sanitizer) read the first of a repeated attribute.
            (
                "AV405",
                "body",
                '<p><img src="images/oculta.jpg" src="images/buena.jpg" alt="" '
                'alt="Mural rojo con colibrí"></p>',
            ),
            # "image" is read as "img" by an HTML parser.
            ("AV405", "body", '<p><image src="images/oculta.jpg" alt=""></p>'),
            ("AV405", "body", '<img data-src="x" src="images/buena.jpg" alt="Mural rojo">'),
            (
                "AV405",
                "body",
                '\\![Mural](images/buena.jpg)\n\n<img src="images/buena.jpg" alt="Mural rojo">',
            ),
        )
    ],
    *rewritten(
        (
            "AV406",
            "error",
            "work",
            {"body": work_body("Texto.\n\n![Mural azul y colibrí][m]\n\n[m]: mural.jpg")},
            "body",
            16,
            ("![Mural azul y colibrí][m]",),
        ),
    ),
    Case(
        "AV407",
        "warning",
        f"{WORK}/boceto.jpg",
        lambda c: write_jpeg(c / "works/ana-perez/mural-azul/boceto.jpg"),
        mentions=("boceto.jpg",),
    ),
    Case("AV408", "error", WORK, lambda c: make_work(c, body="Solo texto, sin imagen.", images=())),
    Case(
        "AV409",
        "error",
        WORK_INDEX,
        lambda c: (
            (c / "works/ana-perez/mural-azul/mural.pdf").write_bytes(b"%PDF"),
            make_work(c, body=work_body("Texto.", "![Mural azul en PDF](mural.pdf)")),
        ),
        field="image",
        mentions=("mural.pdf",),
    ),
    # ---------------------------------------------------------------- personal data and review
    *rewritten(
        (
            "AV601",
            "warning",
            "artist",
            {"body": "Escríbeme a ana.perez@example.com para encargos."},
            "body",
            8,
            ("ana.perez@example.com",),
        ),
        (
            "AV601",
            "warning",
            "artist",
            {"body": "Correo: ana [arroba] correo [punto] mx"},
            "body",
            None,
            (),
        ),
        (
            "AV602",
            "warning",
            "work",
            {"body": work_body("Pedidos al 55 1234 5678.")},
            "body",
            14,
            ("55 1234 5678",),
        ),
        ("AV602", "warning", "artist", {"body": "WhatsApp +52 1 (33) 1234-5678"}, "body", None, ()),
        ("AV602", "warning", "artist", {"body": "Tel. 5512345678"}, "body", None, ()),
        ("AV602", "warning", "artist", {"city": "Puebla, tel 222-123-4567"}, "city", None, ()),
    ),
    Case(
        "AV603",
        "warning",
        WORK_INDEX,
        lambda c: make_work(c, body=work_body("Una obra sobre la Guerra sucia.")),
        field="body",
        line=14,
        mentions=("guerra sucia",),
        settings={"ALTAVOZ_MODERATION_REVIEW_TERMS": ("guerra sucia",)},
    ),
    Case(
        "AV603",
        "warning",
        WORK_INDEX,
        lambda c: (
            (c.parent / "terminos.txt").write_text("# revisar\nnarcotráfico\n", encoding="utf-8"),
            make_work(c, title="Contra el narcotrafico"),
        ),
        field="title",
        mentions=("narcotráfico",),
        settings={"ALTAVOZ_MODERATION_REVIEW_TERMS_FILE": "terminos.txt"},
    ),
]


@pytest.mark.parametrize("case", TRIGGERS, ids=[f"{c.code}-{i}" for i, c in enumerate(TRIGGERS)])
def test_check_reports_the_problem(tmp_path, case):
    report = check_changed_site(tmp_path, case.setup, case.settings)
    matching = [f for f in report.findings if f.code == case.code and f.path == case.path]
    assert matching, (
        f"no {case.code} for {case.path}; got {[(f.code, f.path) for f in report.findings]}"
    )
    finding = matching[0]
    assert finding.severity == case.severity
    if case.field is not None:
        assert finding.field == case.field
    if case.line is not None:
        assert finding.line == case.line
    for message in (finding.message_es, finding.message_en):
        assert case.path.split("/index.md")[0] in message  # names the file or folder
        for text in case.mentions:
            assert text.casefold() in message.casefold(), f"{text!r} not in {message!r}"
    assert finding.message_es != finding.message_en
    if case.severity == "error":
        rejected = case.path if not case.path.endswith("index.md") else case.path.rsplit("/", 1)[0]
        owner = rejected if "/works/" in rejected or "/artists/" in rejected else case.path
        assert any(owner.startswith(r) or r.startswith(owner) for r in report.rejected), (
            report.rejected
        )
    else:
        assert not report.rejected, [f.code for f in report.errors]


NEAR_MISSES = {
    "valid site": lambda c: None,
    "slug with digits": lambda c: make_work(c, slug="mural-2024"),
    "the first and last years the site publishes": lambda c: (
        make_work(c, date="1900-01-01", year="1900"),
        make_post(c, date=f"{date.today().year + 1}-12-31"),
    ),
    # Emoji newer than this Python's Unicode data (U+1FAE9, Unicode 15) are in the blocks
    # reserved for pictographs: kept, while other unassigned code points are refused.
    "an emoji newer than the Unicode data": lambda c: make_work(c, title="Mural \U0001fae9"),
    "ordinary character references": lambda c: make_post(
        c, title="Café &amp; pan", body="Precio: 10&nbsp;&euro; &#169; &#x1F3A8;"
    ),
    "tabs and line breaks in the text": lambda c: make_work(
        c, body=work_body("Pinté\teste mural.\n\nCon vecinas.")
    ),
    "translation file name and same slug in another language": lambda c: (
        make_post(
            c,
            "acerca.en.md",
            "Who we are.",
            folder="pages",
            title="About",
            slug="acerca",
            lang="en",
        ),
        make_post(c, "acerca.md", "Quiénes somos.", folder="pages", title="Acerca", slug="acerca"),
    ),
    "blog post with explicit slug": lambda c: make_post(c, slug="bienvenida-a-altavoz"),
    "front matter with spaces and upper-case key": lambda c: rewrite(
        index(c), "medium: ", "Medium:   "
    ),
    "leap day": lambda c: make_work(c, date="2024-02-29"),
    "other allowed license": lambda c: make_work(c, license="CC0-1.0"),
    "all rights reserved": lambda c: make_work(c, license="all-rights-reserved"),
    "consent in capitals": lambda c: make_work(c, consent="Yes"),
    "english work": lambda c: make_work(c, lang="en"),
    "artist added in the same change": lambda c: (
        make_artist(c, "beto", name="Beto"),
        make_work(c, "beto", "sol"),
    ),
    "https and mailto links": lambda c: make_artist(
        c, links="https://example.org/ana, mailto:ana@example.org"
    ),
    "emoji with zero-width joiner": lambda c: make_work(c, title="Mural 👩‍🎨 del barrio"),
    "accents, ñ and punctuation": lambda c: make_work(c, title="Niñas, maíz & café: ¿quién?"),
    "simple markdown formatting": lambda c: make_work(
        c,
        body=work_body(
            "# Sobre la obra\n\nTexto con *énfasis*, **fuerza** y [un enlace](https://example.org).\n\n"
            "- uno\n- dos\n\n> una cita\n\n---\n\n##### detalle"
        ),
    ),
    "code block showing the syntax": lambda c: make_post(
        c,
        body="Así va una imagen:\n\n```\n![descripción](foto.jpg)\n```\n\nY `![x](y.jpg)` igual.",
    ),
    "caption and two images": lambda c: make_work(
        c,
        images=(("a.jpg", "Mural azul de frente"), ("b.jpg", "Detalle del colibrí")),
        body=work_body(
            "Texto.",
            f'{IMG}\n\n![Mural azul de frente](a.jpg "Vista completa")\n\n'
            "![Detalle del colibrí](b.jpg)",
        ),
    ),
    "alt text with brackets, and a link that only looks like an image": lambda c: make_work(
        c,
        body=work_body(
            "Texto con ![una nota [al pie](https://example.org/nota).",
            "![Mural azul [vista de frente] con un colibrí](mural.jpg)",
        ),
    ),
    "image name with spaces": lambda c: (
        write_jpeg(c / "works/ana-perez/mural-azul/mi foto.jpg"),
        make_work(
            c, body=work_body("Texto.", IMG + "\n\n![Vista lateral del mural](<mi foto.jpg>)")
        ),
    ),
    # The build reads '%20' as a browser does (and as GitHub's preview shows it): found.
    "image name with spaces written with %20": lambda c: (
        write_jpeg(c / "works/ana-perez/mural-azul/dos b.jpg"),
        make_work(c, body=work_body("Texto.", IMG + "\n\n![Mural azul dos](dos%20b.jpg)")),
    ),
    "post image with an escaped accent": lambda c: (
        write_jpeg(c / "blog/images/café.jpg"),
        make_post(c, body="Texto.\n\n![Mural azul con un colibrí](images/caf%C3%A9.jpg)"),
    ),
    # A combining mark after a letter is how some phones write accents (e + U+0301).
    "image name with an accent written as a combining mark": lambda c: (
        write_jpeg(c / "works/ana-perez/mural-azul/cafe\u0301.jpg"),
        make_work(c, body=work_body("Texto.", IMG + "\n\n![Mural azul dos](cafe%CC%81.jpg)")),
    ),
    "alt starting with a generic word": lambda c: make_work(
        c, images=(("mural.jpg", "Foto de un mural rojo"),)
    ),
    "avatar used": lambda c: (
        write_jpeg(c / "artists/ana-perez/avatar.jpg"),
        make_artist(c, avatar="avatar.jpg"),
    ),
    "years, sizes and dates are not phones": lambda c: make_work(
        c,
        body=work_body(
            "Entre 1998-2004 y 2010 - 2015 pinté 120 x 80 cm; "
            "el 12/05/2024 o 2024-05-12. Edición 3/20."
        ),
    ),
    "url with digits is not a phone": lambda c: make_artist(
        c, links="https://example.org/p/5512345678"
    ),
    "social handle is not an e-mail": lambda c: make_artist(
        c, body="Búscame como @ana_pinta en redes."
    ),
    "review term absent": lambda c: make_work(c, title="Guerrero"),
    "html entity text": lambda c: make_work(c, body=work_body("Uno &amp; dos, 3 < 4.")),
    "tag with an emoji and words": lambda c: make_work(c, tags="🌽 maíz, ñandú"),
}


@pytest.mark.parametrize("setup", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_close_but_valid_submissions_pass(tmp_path, setup):
    report = check_changed_site(
        tmp_path, setup, {"ALTAVOZ_MODERATION_REVIEW_TERMS": ("guerra sucia",)}
    )
    assert report.findings == [], [(f.code, f.path, f.message_en) for f in report.findings]


def test_image_checker_runs_on_every_image_and_lands_in_the_report(tmp_path, monkeypatch):
    import altavoz_moderation.checks.images as image_checks
    from altavoz_core.findings import Finding

    calls = []

    def fake_check(path, rel_path, settings):
        calls.append(rel_path)
        assert Path(path).is_file() and "ALTAVOZ_IMAGES_MAX_FILE_BYTES" in settings
        return [Finding("AV599", "error", rel_path, "es", "en")]

    monkeypatch.setattr(image_checks, "check_image_file", fake_check)
    report = check_changed_site(
        tmp_path, lambda c: write_jpeg(c / "works/ana-perez/mural-azul/boceto.jpg")
    )
    assert sorted(calls) == [f"{WORK}/boceto.jpg", f"{WORK}/mural.jpg"]
    assert {f.path for f in report.findings if f.code == "AV599"} == set(calls)
    assert report.rejected == {WORK}


def test_real_image_checks_report_a_broken_image(tmp_path):
    report = check_changed_site(
        tmp_path,
        lambda c: (c / "works/ana-perez/mural-azul/mural.jpg").write_bytes(
            b"\xff\xd8\xff not really a jpeg"
        ),
    )
    codes = {f.code for f in report.findings if f.path == f"{WORK}/mural.jpg"}
    assert codes and all(code.startswith("AV5") for code in codes)
    assert WORK in report.rejected


def test_image_checker_crash_is_an_error_not_a_crash(tmp_path, monkeypatch):
    import altavoz_moderation.checks.images as image_checks

    def broken(path, rel_path, settings):
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(image_checks, "check_image_file", broken)
    report = check_changed_site(tmp_path)
    [finding] = [f for f in report.findings if f.code == "AV198"]
    assert finding.path == f"{WORK}/mural.jpg" and "decoder exploded" in finding.message_en
    assert WORK in report.rejected


def test_a_crashing_check_fails_closed_for_that_submission_only(tmp_path, monkeypatch):
    from altavoz_moderation.checks import privacy

    def boom(parsed, context):
        if parsed.submission.kind == "work":
            raise ValueError("bug")
        return []

    monkeypatch.setattr(privacy, "check", boom)
    report = check_changed_site(tmp_path)
    assert [(f.code, f.path) for f in report.findings] == [("AV199", WORK)]
    assert report.rejected == {WORK}


@pytest.mark.parametrize(
    "written",
    [
        "mural.jpg",
        "./mural.jpg",
        "dos%20b.jpg",  # the file 'dos b.jpg'
        "<dos b.jpg>",
        "dos%2520b.jpg",  # the file 'dos%20b.jpg'
        "caf%C3%A9.jpg",
        "cafe%CC%81.jpg",
        "Mural.JPG",
        "mural.jpg/",
        "sub/mural.jpg",
        "A%E2%80%AEb.jpg",
        "%FF.jpg",
        "foto:1.jpg",
    ],
)
def test_the_check_accepts_exactly_the_references_the_gallery_shows(tmp_path, written):
    from altavoz_gallery.contents import split_images
    from markdown import markdown

    folder = tmp_path / WORK
    body = linked(written)["body"]

    def files_and_reference(content):
        for name in ("dos b.jpg", "dos%20b.jpg", "café.jpg", "cafe\u0301.jpg", "A\u202eb.jpg"):
            write_jpeg(folder / name)
        (folder / "sub").mkdir()
        write_jpeg(folder / "sub/mural.jpg")
        make_work(content, body=body)

    report = check_changed_site(tmp_path, files_and_reference)
    refused = [f.code for f in report.errors if f.path == WORK_INDEX and f.line == 18]
    [_, image] = split_images(markdown(body), folder)[0]
    assert (not refused) == image.is_local_file, (refused, image.source_path)
