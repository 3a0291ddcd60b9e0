"""Hypothesis strategies that write hostile submissions, built from the submission contract.

Every kind (work, artist, blog post, page, event) is drawn field by field from the
moderation's own table of fields (``ALTAVOZ_MODERATION_FIELDS``), each value either valid, a valid
value with one hostile change, or hostile text; names (folders, files) are drawn the same
way, since a name is data from a hostile contributor too. The hostile alphabet holds a
representative of every Unicode general category (unassigned code points and
noncharacters included), line and paragraph separators, combining marks, every script's
decimal digits, look-alikes of Latin letters, NFC/NFD and case twins; lengths are drawn
around the limits; dates and years around and beyond their extremes; images in every
container Pillow writes, animated or not, with a GPS position in their EXIF.

``Site`` is what a strategy draws; ``write_site`` puts it on disk beside a small valid
site, and returns what it could not write (names the file system refuses).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from altavoz_core.events import DEFAULTS as AGENDA
from altavoz_moderation.settings import DEFAULTS as MODERATION
from hypothesis import strategies as st
from moderation_support import load_xss_vectors

FIELDS = MODERATION["ALTAVOZ_MODERATION_FIELDS"]
MAX_LENGTHS = MODERATION["ALTAVOZ_MODERATION_MAX_LENGTHS"]
BASE_ARTIST = "ana-perez"  # the valid site's artist (tests/moderation_support.py)


def _first_of_each_category(count: int = 3) -> list[str]:
    """The first ``count`` code points of every general category (Cs left out: a surrogate
    cannot be written in UTF-8, the encoding the check demands)."""
    found: dict[str, list[str]] = {}
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        category = unicodedata.category(ch)
        if category != "Cs" and len(found.setdefault(category, [])) < count:
            found[category].append(ch)
    return [ch for chars in found.values() for ch in chars]


OTHER_DIGITS = [
    chr(code) for code in range(0x80, sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Nd"
]
# Named neighbours of attacks seen so far: separators and line ends, format characters,
# noncharacters, private use, unassigned, marks, look-alikes, markup and Markdown signs.
SPECIAL = (
    list(
        "\n\r\t\x0b\x0c\x1c\x1e\x1f\x7f\x85\u2028\u2029\u00a0\u3000\u200b\u200c\u200d\u200e"
        "\u202e\u2066\u2069\ufeff\u00ad\u034f\u3164\ufffe\uffff\ufdd0\U0010fffe\ue000\U000f0000"
        "\u0378\U000e0001\u0301\u0338\u20dd\u0430\u0435\u043e\u0440\u0441\u0455\u0456\u03bf"
        "\uff41\uff21\uff0e\u3002\uff61\uff1a\uff0f\u2024\u2215\u2044\u00df\u0130\u0131\ufb01"
        "<>&\"'`[](){}!#:/\\@*_|%.,;=?+~^$- \U0001f3a8\U0001fae9\U0001f1f2\U0001f1fd"
    )
    + _first_of_each_category()
)
ASCII_WORD = "abcdefghijklmnopqrstuvwxyz0123456789-"
# Characters at the ends of a value: line ends, spaces and dots, separators.
EDGE = ["\n"] * 4 + list("\r\t \x0b\x0c\x85\u2028\u00a0.-\\")

hostile_char = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(OTHER_DIGITS),
    st.characters(codec="utf-8"),
)
plain_char = st.sampled_from(ASCII_WORD + "áéíóúñ ")


def hostile_text(max_size: int = 40, min_size: int = 0) -> st.SearchStrategy[str]:
    return st.text(st.one_of(plain_char, hostile_char), min_size=min_size, max_size=max_size)


@st.composite
def mutated(draw, valid: str) -> str:
    """``valid`` with one hostile change: a character added, a twin form, a digit swapped."""
    how = draw(
        st.sampled_from(
            [
                *("insert", "append", "prepend", "edge", "reference", "reference"),
                *("nfd", "upper", "fullwidth", "digit", "long"),
            ]
        )
    )
    if how == "reference":  # a character spelled as a reference, decoded by readers
        code = ord(draw(st.sampled_from(SPECIAL)))
        spelled = draw(st.sampled_from([f"&#x{code:X};", f"&#{code};"]))
        at = draw(st.integers(0, len(valid)))
        return valid[:at] + spelled + valid[at:]
    if how == "edge":  # what a pattern anchored with `$`, or a strip(), lets through
        ch = draw(st.sampled_from(EDGE))
        return draw(st.sampled_from([valid + ch, ch + valid]))
    if how in ("insert", "append", "prepend"):
        ch = draw(hostile_char)
        at = {"append": len(valid), "prepend": 0}.get(how) or draw(st.integers(0, len(valid)))
        return valid[:at] + ch + valid[at:]
    if how == "nfd":
        return unicodedata.normalize("NFD", valid + "é")
    if how == "upper":
        return valid.upper()
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in valid)
    if how == "digit":
        zero = ord(draw(st.sampled_from(OTHER_DIGITS))) - 0  # any digit's block
        zero -= int(unicodedata.digit(chr(zero)))
        return "".join(chr(zero + int(c)) if c.isdigit() and c.isascii() else c for c in valid)
    limit = draw(st.sampled_from(sorted(set(MAX_LENGTHS.values()))))
    return (valid * (limit // max(len(valid), 1) + 2))[: limit + draw(st.integers(-1, 1))]


def hostile_value(valid: str, max_size: int = 40) -> st.SearchStrategy[str]:
    """``valid`` with one hostile change, or hostile text."""
    return st.one_of(mutated(valid), hostile_text(max_size, min_size=1))


SLUG_ALPHABET = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789")
valid_slug = st.lists(st.text(SLUG_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=3).map(
    "-".join
)
# A folder or file name: a slug with a character at one end (what a pattern anchored
# with `$` or a strip() lets through), with another hostile change, or hostile text.
edge_name = st.tuples(valid_slug, st.sampled_from(EDGE), st.booleans()).map(
    lambda t: t[0] + t[1] if t[2] else t[1] + t[0]
)
hostile_name = st.one_of(
    edge_name, edge_name, valid_slug.flatmap(mutated), hostile_text(30, min_size=1)
)


class Parts:
    """Which parts of one submission are hostile (at most two: a submission whose other
    parts are valid is accepted or refused for those two, and the accepted ones are what
    reach the build); every other part is drawn valid."""

    def __init__(self, draw, names, counts=(0, 1, 1, 2), quiet=False):
        self.draw = draw
        self.only_names = FOCUS.get(None) == "names"
        self.only_bodies = FOCUS.get(None) == "bodies"
        # With only names hostile, one of them: the others valid, so the one can pass.
        self.hostile_name = draw(st.sampled_from(["folder", "slug", "file"]))
        # A quiet submission has at most one hostile part and no extra chances: a site
        # always holds one that is likely accepted, so hostile values reach the build.
        self.quiet = quiet
        focused = self.only_names or self.only_bodies
        count = draw(st.sampled_from((0,) if focused else (0, 1) if quiet else counts))
        self.hostile = draw(st.sets(st.sampled_from(sorted(names)), min_size=count, max_size=count))

    def date(self, part: str) -> str:
        """A date is hostile in one draw of five besides the budget: its window's edges and
        beyond are where feeds and sitemaps break."""
        extra = not (self.quiet or self.only_names or self.only_bodies) and (
            self.draw(st.integers(0, 4)) == 0
        )
        hostile = part in self.hostile or extra
        return self.draw(hostile_dates if hostile else valid_dates)

    def body(self, valid: str) -> str:
        """A body is hostile in one draw of four too: it is where markup gets in."""
        extra = not (self.quiet or self.only_names) and self.draw(st.integers(0, 3)) == 0
        hostile = "body" in self.hostile or extra or self.only_bodies
        return self.draw(hostile_bodies if hostile else st.just(valid))

    def name(self, part: str, valid=None) -> str:
        """A name is hostile in one draw of four, besides the parts' budget: names are
        where a check anchored too loosely lets a line end through."""
        hostile = part in self.hostile or (not self.quiet and self.draw(st.integers(0, 3)) == 0)
        hostile = part == self.hostile_name if self.only_names else hostile
        hostile = hostile and not self.only_bodies
        return self.draw(hostile_name if hostile else valid if valid is not None else valid_slug)

    def __call__(self, part: str, valid, hostile):
        strategy = hostile if part in self.hostile else valid
        return self.draw(strategy if isinstance(strategy, st.SearchStrategy) else st.just(strategy))

    def text(self, part: str, valid: str, max_size: int = 40) -> str:
        return self(part, valid, hostile_value(valid, max_size))


def _date(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


valid_dates = st.dates(dt.date(1990, 1, 1), dt.date(2026, 12, 31)).map(_date)
NEXT_YEAR = dt.date.today().year + 1
hostile_dates = st.one_of(
    # The edges of the window the site publishes, and of standard time in Mexico City
    # (local mean time, an offset with seconds, until 1922).
    st.sampled_from(
        [
            *("1900-01-01", "1899-12-31", "1921-12-31", "1922-01-01", "1922-01-02"),
            *(f"{NEXT_YEAR}-12-31", f"{NEXT_YEAR + 1}-01-01"),
        ]
    ),
    st.dates(dt.date(1900, 1, 1), dt.date(1922, 1, 2)).map(_date),
    st.dates().map(_date),  # year 1 to 9999
    st.dates(dt.date(2026, 1, 1)).map(_date),
    st.dates().map(_date).flatmap(mutated),
    st.from_regex(r"[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}( [0-9]{2}:[0-9]{2})?", fullmatch=True),
)
valid_years = st.integers(1990, 2026).map(str)
hostile_years = st.one_of(
    st.integers(1890, 2030).map(str),
    st.integers(-1, 100_000).map(str),
    st.integers(1900, 2030).map(str).flatmap(mutated),
)


@dataclass
class Image:
    name: str
    kind: str  # Pillow format
    frames: int
    gps: bool
    alt: str
    caption: str | None = None


@dataclass
class Submission:
    kind: str  # work, artist, blog, page, event
    folder: str  # artist folder (work/artist), event folder, or file name (blog/page)
    slug: str = ""  # the work's folder
    fields: dict[str, str] = field(default_factory=dict)
    body: str = ""
    images: list[Image] = field(default_factory=list)
    marker: str = ""  # a word only this submission's title carries

    def path(self) -> str:
        if self.kind == "work":
            return f"content/works/{self.folder}/{self.slug}"
        if self.kind == "artist":
            return f"content/artists/{self.folder}"
        if self.kind == "event":
            return f"content/events/{self.folder}"
        return f"content/{ {'blog': 'blog', 'page': 'pages'}[self.kind] }/{self.folder}"


STATEMENT = "Pinté este mural con vecinas del barrio durante un verano."
XSS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[altavoz.org](https://evil.example)",
        '<a href="javascript:alert(1)">x</a>',
        "<!-- hidden -->",
        "<portal src=https://evil.example></portal>",
        "<selectmenu><button>x</button></selectmenu>",
        "![[a]](https://evil.example/x.jpg)",
        "<details open ontoggle=alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ]
)
# The 908 vectors of the committed XSS corpus (tests/data/xss, with its SOURCE.md).
CORPUS = st.sampled_from([v["payload"] for v in load_xss_vectors()])
# Markup is most of what a hostile body holds: known vectors, twice as often as text.
hostile_bodies = st.one_of(XSS, CORPUS, hostile_value(STATEMENT, 200))


# Each container with the endings it goes by (a JPEG sent as .png is a finding, AV503).
IMAGE_KINDS = {
    "JPEG": ["jpg", "jpeg", "JPG"],
    "PNG": ["png"],
    "WEBP": ["webp"],
    "GIF": ["gif"],
    "TIFF": ["tif", "tiff"],
}


@st.composite
def images(draw) -> Image:
    # A work has one or two pictures: mostly valid, or most works would be refused for them.
    parts = Parts(draw, ["ending", "name", "frames", "gps", "alt", "caption"], (0, 0, 0, 1))
    kind = draw(st.sampled_from(sorted(IMAGE_KINDS)))
    ending = parts("ending", st.sampled_from(IMAGE_KINDS[kind]), st.sampled_from(["png", "heic"]))
    return Image(
        name=f"{parts('name', valid_slug, hostile_name)}.{ending}",
        kind=kind,
        frames=parts("frames", 1, st.sampled_from([2, 3])),
        gps=parts("gps", False, True),
        alt=parts.text("alt", "Mural azul con una mujer y un colibrí", 60),
        caption=parts("caption", st.none(), st.none() | hostile_value("Muro norte", 30)),
    )


def _marker(index: int) -> str:
    return f"zqx{index}k"


WORK_PARTS = [*FIELDS["work"]["required"], *FIELDS["work"]["optional"], "folder", "slug", "body"]


@st.composite
def works(draw, index: int, artists: list[str], quiet: bool = False) -> Submission:
    parts = Parts(draw, [*WORK_PARTS, "drop"], quiet=quiet)
    artist = parts.name("folder", st.sampled_from(artists))
    fields = {
        "title": parts.text("title", "Mural del barrio", MAX_LENGTHS["title"] + 2),
        "artist": parts.text("artist", artist),
        "date": parts.date("date"),
        "license": parts.text("license", "CC-BY-SA-4.0"),
        "consent": parts.text("consent", "yes"),
        "tags": parts.text("tags", "mural, barrio", 60),
        "year": parts("year", valid_years, hostile_years),
        "medium": parts.text("medium", "Acrílico sobre muro"),
        "dimensions": parts.text("dimensions", "3 × 5 m"),
        "lang": parts.text("lang", "es"),
    }
    fields["title"] += f" {_marker(index)}"
    fields = _drop_some(parts, fields)
    pictures = draw(
        st.lists(images(), min_size=1, max_size=2, unique_by=lambda i: i.name.casefold())
    )
    slug = parts.name("slug")
    body = parts.body(STATEMENT)
    return Submission("work", artist, slug, fields, body, pictures, _marker(index))


@st.composite
def artists(draw, index: int, quiet: bool = False) -> Submission:
    names = [*FIELDS["artist"]["optional"], "name", "folder", "body", "drop"]
    parts = Parts(draw, names, quiet=quiet)
    fields = {
        "name": parts.text("name", "Bea Ruiz", MAX_LENGTHS["name"] + 2) + f" {_marker(index)}",
        "pronouns": parts.text("pronouns", "ella"),
        "city": parts.text("city", "Oaxaca"),
        "links": parts.text("links", "https://bea.example.org"),
        "github": parts.text("github", f"bea-ruiz-{index}"),
        "lang": parts.text("lang", "es"),
    }
    fields = _drop_some(parts, fields)
    folder = parts.name("folder")
    body = parts.body("Grabadora de Juchitán.")
    return Submission("artist", folder, "", fields, body, [], _marker(index))


@st.composite
def posts(draw, index: int, kind: str, quiet: bool = False) -> Submission:
    names = [*FIELDS[kind]["optional"], "title", "date", "file", "body", "drop"]
    parts = Parts(draw, names, quiet=quiet)
    fields = {"title": parts.text("title", "Taller de grabado", 60) + f" {_marker(index)}"}
    if kind == "blog":
        fields["date"] = parts.date("date")
        fields["modified"] = parts.date("modified")
        fields["tags"] = parts.text("tags", "taller", 30)
    fields["summary"] = parts.text("summary", "Un taller abierto.")
    fields["slug"] = parts.name("slug")
    fields["lang"] = parts.text("lang", "es")
    fields = _drop_some(parts, fields)
    ending = parts("file", ".md", st.sampled_from([".MD", ".markdown", ".md.md"]))
    file = parts.name("file") + ending
    body = parts.body("Abrimos un taller de grabado en el barrio.")
    return Submission(kind, file, "", fields, body, [], _marker(index))


def _drop_some(parts: Parts, fields: dict) -> dict:
    """Without one or two fields, when "drop" is one of the hostile parts."""
    if "drop" not in parts.hostile:
        return fields
    dropped = parts.draw(st.sets(st.sampled_from(sorted(fields)), min_size=1, max_size=2))
    return {k: v for k, v in fields.items() if k not in dropped}


# Set while drawing focused sites: "names" (one name of each submission hostile) or
# "bodies" (each body hostile markup), every other part valid.
FOCUS: contextvars.ContextVar[str | None] = contextvars.ContextVar("focus")


@st.composite
def focused_sites(draw, focus: str, max_submissions: int = 3) -> list[Submission]:
    """Sites whose submissions are valid but for one kind of part: names (folders, files,
    slugs: what a check anchored too loosely, or a strip(), lets through) or bodies (the
    markup the sanitizer must neutralise)."""
    token = FOCUS.set(focus)
    try:
        return draw(sites(max_submissions))
    finally:
        FOCUS.reset(token)


def name_sites(max_submissions: int = 3):
    return focused_sites("names", max_submissions)


def body_sites(max_submissions: int = 3):
    return focused_sites("bodies", max_submissions)


@st.composite
def sites(draw, max_submissions: int = 3) -> list[Submission]:
    """One to ``max_submissions`` hostile submissions, to add to the valid site."""
    count = draw(st.integers(1, max_submissions))
    found: list[Submission] = []
    for index in range(count):
        known = [BASE_ARTIST, *(s.folder for s in found if s.kind == "artist")]
        kind = draw(st.sampled_from(["work", "work", "artist", "blog", "page", "event"]))
        if kind == "work":
            drawn = draw(works(index, known, quiet=index == 0))
        elif kind == "event":
            drawn = draw(events(index, known, quiet=index == 0))
        elif kind == "artist":
            drawn = draw(artists(index, quiet=index == 0))
        else:
            drawn = draw(posts(index, kind, quiet=index == 0))
        # One submission per path (the second would overwrite the first); case and
        # normalization twins stay, they are two folders on disk.
        if all(drawn.path() != other.path() for other in found):
            found.append(drawn)
    return found


# ----------------------------------------------------------------------------- events

BASE_WORK = f"{BASE_ARTIST}/mural-azul"  # the valid site's work
EVENT_LIMITS = {
    "count": AGENDA["ALTAVOZ_AGENDA_MAX_OCCURRENCES"],
    "organizers": AGENDA["ALTAVOZ_AGENDA_MAX_ORGANIZERS"],
    "works": AGENDA["ALTAVOZ_AGENDA_MAX_WORKS"],
}


def _moment(moment: dt.datetime) -> str:
    return f"{_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


# Afternoons of recent and coming years: no clock change in Mexico City since 2022, so
# a valid start always exists on its wall clock there.
valid_moments = st.builds(
    dt.datetime.combine,
    st.dates(dt.date(2023, 1, 1), dt.date(NEXT_YEAR, 12, 31)),
    st.builds(dt.time, st.integers(8, 21), st.sampled_from([0, 15, 30, 45])),
)
hostile_moments = st.one_of(
    # Mexico City's local mean time (an offset with seconds) until 1922, its changes of
    # daylight-saving time (hours skipped and repeated), and the window's edges.
    st.sampled_from(
        [
            *("1900-01-01 00:00", "1899-12-31 23:59", "1921-12-31 23:59", "1922-01-01 00:00"),
            *("2001-05-06 02:30", "2001-09-30 01:30", "2022-10-30 01:30", "2023-03-12 02:30"),
            *(f"{NEXT_YEAR + 1}-12-31 23:59", f"{NEXT_YEAR + 2}-01-01 00:00"),
            *("0001-01-01 00:00", "9999-12-31 23:59", "2026-02-29 10:00", "2026-01-01 24:00"),
        ]
    ),
    st.datetimes(dt.datetime(1800, 1, 1), dt.datetime(1923, 1, 1)).map(_moment),
    st.datetimes().map(_moment),
    valid_moments.map(_moment).flatmap(mutated),
    hostile_dates,
)
# Zone names: unknown, look-alike, path-like, POSIX and legacy ones, zones whose
# history starts in local mean time, and the extreme offsets.
hostile_zones = st.one_of(
    st.sampled_from(
        [
            *(
                "Mars/Olympus_Mons",
                "America/Mexico_City/..",
                "../../etc/passwd",
                "UTC",
                "Etc/GMT+12",
            ),
            *("Etc/GMT-14", "Pacific/Kiritimati", "Pacific/Chatham", "Asia/Kathmandu", "EST5EDT"),
            *("localtime", "posixrules", "Factory", "right/UTC", "posix/America/Mexico_City"),
            *("America/Mexico_city", "america/mexico_city", "Africa/Monrovia", "Asia/Kolkata"),
            *("Europe/Amsterdam", "America/Metlakatla", "Antarctica/Troll", "Australia/Lord_Howe"),
            *("America/Argentina/ComodRivadavia", "A" * 31, "A/" + "B" * 31, ""),
        ]
    ),
    hostile_value("America/Mexico_City"),
)
valid_durations = st.builds(
    "{}{}".format, st.integers(1, 9), st.sampled_from(["h", "d"])
) | st.sampled_from(["90m", "45m", "30m"])
hostile_durations = st.one_of(
    st.sampled_from(
        ["0m", "0h", "744h", "745h", "31d", "32d", "44640m", "44641m", "9999d", "1w", "2 h"]
    ),
    st.builds("{}{}".format, st.integers(-1, 100_000), st.sampled_from(list("mhdsw"))),
    hostile_value("2h", 8),
)


def _ends(parts: Parts, start: str) -> dict[str, str]:
    """``end`` or ``duration`` (or, when hostile, both, none, or an end before the start)."""
    naive = _parse_moment(start)
    if "end" in parts.hostile:
        how = parts.draw(st.sampled_from(["both", "none", "before", "edge", "far", "text"]))
        if how == "both":
            return {
                "end": _moment(naive + dt.timedelta(hours=2)) if naive else start,
                "duration": "2h",
            }
        if how == "none":
            return {}
        if naive is not None and how in ("before", "edge", "far"):
            days = parts.draw(st.integers(30, 33)) if how == "edge" else 400
            delta = dt.timedelta(minutes=-1) if how == "before" else dt.timedelta(days=days)
            try:
                return {"end": _moment(naive + delta)}
            except OverflowError:
                return {"end": start}
        return {"end": parts.draw(hostile_moments)}
    if "duration" in parts.hostile:
        return {"duration": parts.draw(hostile_durations)}
    if parts.draw(st.booleans()) and naive is not None:
        hours = parts.draw(st.integers(1, 8))
        try:
            return {"end": _moment(naive + dt.timedelta(hours=hours))}
        except OverflowError:
            return {"end": start}
    return {"duration": parts.draw(valid_durations)}


def _parse_moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M") if text.isascii() else None
    except ValueError:
        return None


def _repeats(parts: Parts, start: str) -> dict[str, str]:
    """No repeat mostly; weekly or monthly with ``until`` or ``count``, at their limits,
    beyond them, or both and neither when hostile."""
    if not {"repeat", "until", "count"} & parts.hostile:
        how = parts.draw(st.sampled_from(["none", "none", "count", "until"]))
        if how == "none":
            return {}
        repeat = parts.draw(st.sampled_from(["weekly", "monthly"]))
        if how == "count":
            return {"repeat": repeat, "count": str(parts.draw(st.integers(1, 8)))}
        naive = _parse_moment(start)
        if naive is None:
            return {"repeat": repeat, "count": "4"}
        return {"repeat": repeat, "until": _date(naive.date() + dt.timedelta(days=60))}
    limit = EVENT_LIMITS["count"]
    naive = _parse_moment(start) or dt.datetime(2026, 1, 31, 18)
    weeks = [limit - 1, limit, limit + 1, 4 * limit]
    untils = []
    for count in weeks:
        try:
            untils.append(_date(naive.date() + dt.timedelta(weeks=count)))
        except OverflowError:
            untils.append("9999-12-31")
    values = {
        "repeat": parts.draw(
            st.sampled_from(["weekly", "monthly", "Weekly", "daily", "yearly", ""])
            | hostile_value("weekly", 10)
        )
    }
    which = parts.draw(st.sampled_from(["count", "until", "both", "neither", "alone"]))
    if which in ("count", "both", "alone"):
        values["count"] = parts.draw(
            st.sampled_from(["0", "1", str(limit), str(limit + 1), "999999", "1000000", "-1"])
            | hostile_value(str(limit), 8)
        )
    if which in ("until", "both", "alone"):
        values["until"] = parts.draw(st.sampled_from(untils) | hostile_dates)
    if which == "alone":
        values.pop("repeat")
    return values


EVENT_PARTS = [*FIELDS["event"]["required"], *FIELDS["event"]["optional"], "folder", "body"]


@st.composite
def events(draw, index: int, artists: list[str], quiet: bool = False) -> Submission:
    """An event of the agenda, each header field valid, at or beyond its limits, or hostile."""
    parts = Parts(draw, [*EVENT_PARTS, "drop"], quiet=quiet)
    start = _moment(draw(valid_moments))
    if "start" in parts.hostile:
        start = draw(hostile_moments)
    fields = {
        "title": parts.text("title", "Taller de grabado", MAX_LENGTHS["title"] + 2),
        "start": start,
        **_ends(parts, start),
        "timezone": parts("timezone", st.sampled_from(["", "America/Mexico_City"]), hostile_zones),
        "venue": parts.text("venue", "Casa de la Cultura", MAX_LENGTHS["venue"] + 2),
        "address": parts(
            "address",
            st.sampled_from(["", "Calle 5 de Mayo 12, Centro, Oaxaca"]),
            st.sampled_from(["Mi casa, depto. 3, interior 2", "Casa de Juana"])
            | hostile_value("Calle 5 de Mayo 12", MAX_LENGTHS["address"] + 2),
        ),
        "online": parts(
            "online",
            st.sampled_from(["", "https://meet.example.org/taller"]),
            st.sampled_from(
                [
                    *("http://meet.example.org/x", "javascript:alert(1)", "https://a@b.example/x"),
                    *("https:///x", "https://meet.example.org/a b", "//meet.example.org/x"),
                    "https://meet.example.org/" + "x" * MAX_LENGTHS["online"],
                ]
            )
            | hostile_value("https://meet.example.org/taller"),
        ),
        "cost": parts.text("cost", "Entrada libre", MAX_LENGTHS["cost"] + 2),
        "organizers": parts(
            "organizers",
            st.lists(st.sampled_from(artists), min_size=1, max_size=2).map(", ".join),
            st.one_of(
                st.just("nadie-existe"),
                st.just(
                    ", ".join(
                        [BASE_ARTIST] * 3 + [f"a{i}" for i in range(EVENT_LIMITS["organizers"] + 1)]
                    )
                ),
                st.just(", ".join([artists[0]] * (EVENT_LIMITS["organizers"] + 1))),
                st.just(f"{BASE_ARTIST},,, ,"),
                hostile_name,
                hostile_value(BASE_ARTIST),
            ),
        ),
        "works": parts(
            "works",
            st.sampled_from(["", BASE_WORK]),
            st.one_of(
                st.sampled_from(
                    [
                        *(f"{BASE_ARTIST}/no-existe", "ana-perez", "/mural-azul", "a/b/c"),
                        *(f"{BASE_WORK}/", f"../{BASE_WORK}", f"{BASE_WORK}, {BASE_WORK}"),
                        ", ".join(
                            f"{BASE_ARTIST}/obra-{i}" for i in range(EVENT_LIMITS["works"] + 1)
                        ),
                    ]
                ),
                hostile_name.map(lambda n: f"{BASE_ARTIST}/{n}"),
                hostile_value(BASE_WORK),
            ),
        ),
        "status": parts(
            "status",
            st.sampled_from(["", "scheduled", "cancelled", "postponed"]),
            st.sampled_from(["Cancelled", "CANCELLED", "canceled", "tentative", "confirmed"])
            | hostile_value("cancelled", 12),
        ),
        **_repeats(parts, start),
        "lang": parts.text("lang", "es"),
        "consent": parts.text("consent", "yes"),
        "tags": parts.text("tags", "taller, grabado", 60),
    }
    fields["title"] += f" {_marker(index)}"
    # Empty optional values are left out, as the event form leaves them out.
    fields = {k: v for k, v in fields.items() if v != "" or k in parts.hostile}
    fields = _drop_some(parts, fields)
    folder = parts.name("folder")
    body = parts.body("Un taller abierto de grabado en linóleo para todas las edades.")
    return Submission("event", folder, "", fields, body, [], _marker(index))


# ----------------------------------------------------------------------------- writing

# Kinds whose submission is a folder with an index.md (and pictures), not a single file.
FOLDER_KINDS = ("work", "artist", "event")


def header(fields: dict[str, str]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n"


def image_bytes(image: Image) -> bytes:
    """A small picture in ``image.kind``, ``image.frames`` frames, with a GPS position."""
    from PIL import Image as PILImage

    frames = [PILImage.new("RGB", (640, 480), (40 + 60 * i, 90, 160)) for i in range(image.frames)]
    exif = PILImage.Exif()
    exif[0x010F] = "Camara"  # Make
    exif[0x0131] = "Editor 1.0"  # Software
    if image.gps:  # refused by the check (the artist strips it), never published
        gps = exif.get_ifd(0x8825)
        gps.update({1: "N", 2: (19.0, 26.0, 0.0), 3: "W", 4: (99.0, 8.0, 0.0)})
    out = io.BytesIO()
    extra = {"save_all": True, "append_images": frames[1:]} if image.frames > 1 else {}
    kind = image.kind
    if kind == "JPEG" and image.frames > 1:
        kind = "MPO"  # JPEG's own multi-picture container (phones write it for depth photos)
    if kind == "GIF":
        frames = [f.convert("P") for f in frames]
        extra = {"save_all": True, "append_images": frames[1:]} if image.frames > 1 else {}
        frames[0].save(out, kind, **extra)
    else:
        frames[0].save(out, kind, exif=exif, **extra)
    return out.getvalue()


def write_submission(content: Path, submission: Submission) -> None:
    """Write one submission; OSError for a name the file system refuses."""
    root = content.parent
    folder = root / submission.path()
    if submission.kind in FOLDER_KINDS:
        folder.mkdir(parents=True, exist_ok=True)
        refs = []
        for image in submission.images:
            (folder / image.name).write_bytes(image_bytes(image))
            title = f' "{image.caption}"' if image.caption is not None else ""
            refs.append(f"![{image.alt}]({image.name}{title})")
        text = header(submission.fields) + "\n" + submission.body + "\n\n" + "\n\n".join(refs)
        (folder / "index.md").write_text(text + "\n", encoding="utf-8")
    else:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.write_text(
            header(submission.fields) + "\n" + submission.body + "\n", encoding="utf-8"
        )


def fits_on_disk(submission: Submission) -> bool:
    """Names a file system can hold at all (no '/', NUL, '.', '..', ≤ 255 bytes)."""
    names = [submission.folder, submission.slug] + [i.name for i in submission.images]
    return all(
        n == ""
        or (n not in (".", "..") and "/" not in n and "\x00" not in n and len(n.encode()) <= 255)
        for n in names
    ) and (submission.kind in FOLDER_KINDS or submission.folder)
