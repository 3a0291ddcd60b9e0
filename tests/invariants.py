"""What must always hold of a built site, whatever was submitted: executable invariants.

Each function returns the list of violations it finds (empty: the invariant holds), so
a property test can assert on all of them at once and print what broke. They read only
what the build wrote (and the repository files a task generates), never the
moderation's own rules: an invariant judged with the sanitizer's lists would miss what
both miss. The HTML oracle is an *allow*-list written from the HTML standard's content
categories (plus the theme's own markup, checked construct by construct): an element
nobody thought of is a violation until someone decides it is inert.

The invariants, for any set of submissions (numbers as in the moderation's design):

1. Isolation: the build of every submission equals, byte for byte, the build of only
   those the check accepted (a refused one changes nothing anywhere, in both languages).
2. Exactly what was accepted is published: every accepted work, artist and post has its
   page in both language sites.
3. Output paths: inside the output folder, NFC, no character of category Cc, Cf, Cs, Co
   or Cn, no segment starting or ending with a space or a dot (but the theme's own
   ``.well-known``-style names, none today), no two paths equal once case-folded and NFC.
4. XML: every ``.xml`` file parses with a strict parser; Atom dates are RFC 3339 with a
   four-digit year, sitemap dates W3C datetimes; every date is a real calendar date.
5. HTML: every page parses, holds no active content (allow-list oracle below) and every
   attribute value round-trips through a serialize-and-parse cycle.
7. Generated repository files (CODEOWNERS) have only well-formed lines.
8. Published images carry no metadata and one frame.
9. Calendars: every ``.ics`` file parses with ``icalendar`` and writes back the same,
   has CRLF content lines each naming a property the agenda writes, each once (a line
   break in a submitted text that started a line of its own would be a property of the
   attacker's), and carries only publishable characters; every ``application/ld+json``
   block of a page parses as JSON.

(6, what a visitor reads, is a property of the check's values: see test_invariants.py.)
"""

from __future__ import annotations

import datetime as dt
import filecmp
import html
import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from bleach import html5lib_shim as html5lib  # the parser bleach uses, as browsers parse
from bleach._vendor.html5lib import serializer

# ----------------------------------------------------------------------------- paths

BAD_PATH_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def path_violations(output: Path) -> list[str]:
    output = Path(output)
    root = output.resolve()
    problems = []
    folded: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(output):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            rel = path.relative_to(output).as_posix()
            shown = ascii(rel)
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                problems.append(f"path leaves the output folder: {shown}")
            if unicodedata.normalize("NFC", name) != name:
                problems.append(f"path not NFC: {shown}")
            bad = [ch for ch in name if unicodedata.category(ch) in BAD_PATH_CATEGORIES]
            if bad:
                problems.append(f"path holds {', '.join(f'U+{ord(c):04X}' for c in bad)}: {shown}")
            if name != name.strip(" .") and name not in (".nojekyll",):
                problems.append(f"path segment starts or ends with a space or dot: {shown}")
            key = unicodedata.normalize("NFC", rel).casefold()
            if key in folded and folded[key] != rel:
                problems.append(f"paths differ only in case or form: {shown}, {folded[key]!a}")
            folded[key] = rel
    return problems


def publishable_name(name: str) -> bool:
    """A folder or file name the output may carry (invariant 3, for one segment)."""
    return (
        bool(name)
        and unicodedata.normalize("NFC", name) == name
        and not any(unicodedata.category(ch) in BAD_PATH_CATEGORIES for ch in name)
        and name == name.strip(" .")
        and not any(ch.isspace() for ch in name)
    )


def publishable_text(text: str) -> bool:
    """No character XML 1.0 refuses, nor any private-use or unassigned one (invariant 4);
    unassigned code points Unicode reserves for pictographs (emoji to come) excepted."""

    def bad(ch: str) -> bool:
        category, code = unicodedata.category(ch), ord(ch)
        if category == "Cn":
            noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
            return noncharacter or not (0x1F000 <= code <= 0x1FAFF or 0x1FC00 <= code <= 0x1FFFD)
        return category in ("Cc", "Cs", "Co") and ch not in "\t\n"

    return not any(map(bad, text))


def reader_text(value: str) -> str:
    """What a reader is given of ``value``: its text and attribute values as an HTML parser
    decodes them (character references included), beside the value itself."""
    if "&" not in value:
        return value
    fragment = html5lib.HTMLParser(namespaceHTMLElements=False).parseFragment(value)
    parts = [value]
    for element in fragment.iter():
        parts += [element.text or "", element.tail or "", *map(str, element.attrib.values())]
    return "\n".join(parts)


def has_format(text: str) -> bool:
    """Invisible or direction-changing characters (general category Cf)."""
    return any(unicodedata.category(ch) == "Cf" for ch in text)


def plausible(value: str) -> bool:
    """A date or a year in ASCII digits, from 1900 to next year (invariant 6)."""
    if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}-[0-9]{2})?", value):
        return False
    return 1900 <= int(value[:4]) <= dt.date.today().year + 1


def event_value_violations(fields: dict[str, str]) -> list[str]:
    """An accepted event's times as a calendar can carry them (invariant 6): ASCII
    ``YYYY-MM-DD HH:MM`` from 1900 to two years ahead, a known IANA zone name, a
    repeat of at most a year's weeks."""
    import zoneinfo

    problems = []
    last = dt.date.today().year + 2
    for key in ("start", "end", "until"):
        value = fields.get(key, "").strip()
        shape = r"[0-9]{4}-[0-9]{2}-[0-9]{2}" + ("" if key == "until" else r" [0-9]{2}:[0-9]{2}")
        if value and not (re.fullmatch(shape, value) and 1900 <= int(value[:4]) <= last):
            problems.append(f"accepted event {key} {value!a}")
    zone = fields.get("timezone", "").strip()
    if zone and zone not in zoneinfo.available_timezones():
        problems.append(f"accepted event timezone {zone!a}")
    count = fields.get("count", "").strip()
    if count and not (re.fullmatch(r"[1-9][0-9]?", count) and int(count) <= 53):
        problems.append(f"accepted event count {count!a}")
    return problems


# ----------------------------------------------------------------------------- XML

RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})"
)
W3C_DATETIME = re.compile(
    r"[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}))?)?)?"
)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _real_date(value: str) -> bool:
    text = value.replace("Z", "+00:00")
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def xml_violations(output: Path) -> list[str]:
    problems = []
    for path in sorted(Path(output).rglob("*.xml")):
        rel = path.relative_to(output).as_posix()
        try:
            tree = ET.parse(path)
        except ET.ParseError as exc:
            problems.append(f"{rel} is not well-formed XML: {exc}")
            continue
        dates = [
            (e.text or "", RFC3339, "RFC 3339")
            for tag in ("updated", "published")
            for e in tree.iter(ATOM + tag)
        ]
        dates += [
            (e.text or "", W3C_DATETIME, "W3C datetime") for e in tree.iter(SITEMAP + "lastmod")
        ]
        for value, shape, name in dates:
            if not shape.fullmatch(value.strip()) or not _real_date(value.strip()):
                problems.append(f"{rel}: date {value!r} is not a valid {name}")
    return problems


# ----------------------------------------------------------------------------- HTML

# <noscript> is not here: a browser running scripts reads its content as raw text, and
# this parser (scripting off) as markup, so what is inert here may be an image there.
# Elements that neither run, load, embed nor submit anything (the standard's sections,
# grouping, text-level, edits and tabular content). Anything else in a page must be one
# of the theme's constructs below.
INERT_ELEMENTS = frozenset(
    [
        "html",
        "head",
        "body",
        "title",
        "header",
        "footer",
        "main",
        "nav",
        "section",
        "article",
        "aside",
        "address",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "p",
        "div",
        "span",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "small",
        "mark",
        "abbr",
        "cite",
        "q",
        "dfn",
        "code",
        "kbd",
        "samp",
        "var",
        "sub",
        "sup",
        "br",
        "wbr",
        "hr",
        "pre",
        "blockquote",
        "ol",
        "ul",
        "li",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "img",
        "picture",
        "source",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "colgroup",
        "col",
        "time",
        "del",
        "ins",
        "details",
        "summary",
        "ruby",
        "rt",
        "rp",
        "bdi",
        "data",
        "label",
    ]
)
# Attributes whose value a browser follows, loads or submits to.
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "srcset",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "ping",
        "manifest",
        "codebase",
        "icon",
        "usemap",
        "xlink:href",
    ]
)
SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})
# Inside the theme's inline SVG icons.
SVG_INERT = frozenset(
    [
        "svg",
        "g",
        "path",
        "circle",
        "rect",
        "line",
        "polyline",
        "polygon",
        "ellipse",
        "title",
        "desc",
        "use",
        "defs",
        "symbol",
    ]
)
ACTIVE_STYLE = re.compile(
    r"url\s*\((?!\s*['\"]?data:image/)|expression|javascript|behavior|binding|@import", re.I
)
# The one http-equiv a page may carry: the theme's Content-Security-Policy, which only
# takes powers away (a refresh or a cookie would be a submission steering the browser).
PROTECTIVE_HTTP_EQUIV = "content-security-policy"
STRIPPED_IN_SCHEMES = re.compile(
    r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+"
)


def _scheme(value: str) -> str:
    value = STRIPPED_IN_SCHEMES.sub("", value)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", value)
    return match.group(1).lower() if match else ""


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local.lower()
    return "", tag.lower()


# The hosts a page may load its own files from: the development and the public site.
OWN_HOSTS = frozenset({"", "localhost", "altavoz.example.org"})
THEME_LINKS = frozenset({"stylesheet", "icon", "canonical", "alternate"})
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def _own(url: str) -> bool:
    """A URL of this site: relative to it (not "//host"), or http(s) to one of OWN_HOSTS."""
    if url.startswith("//"):
        return False
    match = re.match(r"(?i)(https?):(?://([^/?#]*))?", url)
    if match:
        return (match.group(2) or "").split(":")[0].lower() in OWN_HOSTS
    return _scheme(url) == ""


def inert_json_ld(attrs: dict, element) -> bool:
    """A script element that is a JSON-LD block whose text parses: data, never run."""
    if attrs.get("type") != "application/ld+json":
        return False
    try:
        json.loads(element.text or "")
    except ValueError:
        return False
    return True


def _theme_construct(name: str, attrs: dict, element, in_head: bool, scripts: set) -> bool:
    """The theme's own non-inert markup, each in the one shape the theme writes it."""
    if name == "script":
        if attrs.get("src"):
            src = attrs["src"].split("?")[0]
            local = re.sub(r"(?i)^https?://[^/]*", "", src) if _own(src) else src
            return local in scripts and not (element.text or "").strip()
        return inert_json_ld(attrs, element)
    if name == "meta":
        equiv = attrs.get("http-equiv")
        if equiv is None:
            return in_head
        policy = attrs.get("content", "")
        return (
            in_head
            and equiv.lower() == PROTECTIVE_HTTP_EQUIV
            and "default-src 'self'" in policy
            and "script-src 'self'" in policy
        )
    if name == "link":
        rels = set(attrs.get("rel", "").lower().split())
        loads = rels & {"stylesheet", "icon"}
        href = attrs.get("href", "")
        return in_head and rels <= THEME_LINKS and _own(href) and (not loads or "/theme/" in href)
    if name == "form":
        action = attrs.get("action", "")
        return attrs.get("method", "get").lower() == "get" and (not action or _own(action))
    if name == "button":
        return attrs.get("type") == "button"  # a button that submits nothing
    if name == "input":  # the finder's field, and the share control's Mastodon instance
        instance = {"id": "share-instance", "name": "instance", "type": "text"}
        return attrs.get("type") == "search" or instance.items() <= attrs.items()
    return name in ("select", "option")


def _css(value: str) -> str:
    """A style value with its CSS escapes decoded (``\\75 rl(`` is ``url(``)."""
    return CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), value)


def html_violations(markup: str, *, theme_scripts: set[str]) -> list[str]:
    """Active content in a whole page, judged by the allow-list; and attribute round-trips."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(markup)
    head = tree.find("head")
    in_head = {id(e) for e in head.iter()} if head is not None else set()
    problems = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, name = _local(element.tag)
        attrs = {
            _local(k)[1] if not k.startswith("{http://www.w3.org/1999/xlink}") else "xlink:href": v
            for k, v in element.attrib.items()
        }
        if namespace == "http://www.w3.org/2000/svg":
            if name not in SVG_INERT:
                problems.append(f"svg <{name}>")
        elif namespace:
            problems.append(f"foreign element <{name}> ({namespace})")
        elif name not in INERT_ELEMENTS and not _theme_construct(
            name, attrs, element, id(element) in in_head, theme_scripts
        ):
            problems.append(f"<{name}>")
        for attr, value in attrs.items():
            if attr.startswith("on") or attr in ("srcdoc", "formaction"):
                problems.append(f"<{name} {attr}=…>")
            elif attr == "style" and ACTIVE_STYLE.search(_css(value)):
                problems.append(f"<{name} style={value[:40]!r}>")
            elif attr in URL_ATTRIBUTES or (name == "use" and attr == "href"):
                for candidate in value.split(",") if attr == "srcset" else [value]:
                    scheme = _scheme(candidate.strip())
                    # The theme's blurred placeholders are inline images; nothing else is.
                    placeholder = name in ("img", "source") and attr in ("src", "srcset")
                    cleaned = STRIPPED_IN_SCHEMES.sub("", candidate).lower()
                    if scheme == "data" and placeholder and cleaned.startswith("data:image/"):
                        continue
                    if scheme not in SAFE_SCHEMES:
                        problems.append(f"<{name} {attr}={scheme}:…>")
                    if namespace and not candidate.startswith("#"):
                        problems.append(f"svg <{name} {attr}={candidate[:40]!r}>")
    # Text inside a <style> the theme never writes would be caught as <style> above.
    problems += _round_trip(tree, parser)
    return problems


def _attributes(tree) -> list[tuple]:
    return [(e.tag, tuple(sorted(e.attrib.items()))) for e in tree.iter() if isinstance(e.tag, str)]


def _round_trip(tree, parser) -> list[str]:
    """Mutation-XSS stability: serializing the parsed page and parsing it again gives the
    same elements and attributes (markup that changes meaning on a second parse, as a
    browser's innerHTML round trip does, is how sanitized text turns active)."""
    walker = html5lib.getTreeWalker("etree")
    text = serializer.HTMLSerializer(quote_attr_values="always", omit_optional_tags=False)
    again = parser.parse(text.render(walker(tree)))
    before, after = _attributes(tree), _attributes(again)
    if before == after:
        return []
    for first, second in zip(before, after, strict=False):
        if first != second:
            return [f"attributes do not round-trip: {first!r} became {second!r}"[:300]]
    return [f"element count changed on round trip: {len(before)} -> {len(after)}"]


def theme_scripts(output: Path) -> set[str]:
    """Addresses of the theme's own script files, as pages refer to them."""
    found = set()
    for path in (Path(output) / "theme").rglob("*.js"):
        rel = path.relative_to(output).as_posix()
        found |= {f"/{rel}", rel, f"../{rel}"}
    return found


def page_violations(output: Path) -> list[str]:
    scripts = theme_scripts(output)
    problems = []
    for path in sorted(Path(output).rglob("*.html")):
        markup = path.read_text(encoding="utf-8")
        problems += [
            f"{path.relative_to(output).as_posix()}: {p}"
            for p in html_violations(markup, theme_scripts=scripts)
        ]
    return problems


# ----------------------------------------------------------------------------- images

# What an image may say about itself besides its pixels: how to decode and show it.
IMAGE_INFO = frozenset(
    {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"}
    | {"loop", "background", "duration", "timestamp", "transparency", "adobe", "adobe_transform"}
)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff")


def image_violations(output: Path) -> list[str]:
    from PIL import Image

    problems = []
    for path in sorted(Path(output).rglob("*")):
        if (
            path.suffix.lower() not in IMAGE_SUFFIXES
            or path.relative_to(output).parts[0] == "theme"
        ):
            continue
        rel = path.relative_to(output).as_posix()
        with Image.open(path) as image:
            if getattr(image, "n_frames", 1) != 1:
                problems.append(f"{rel}: {image.n_frames} frames")
            exif = image.getexif()
            if len(exif) or exif.get_ifd(0x8825):
                problems.append(f"{rel}: EXIF {sorted(exif)[:8]}")
            extra = sorted(set(image.info) - IMAGE_INFO)
            if extra:
                problems.append(f"{rel}: metadata {extra}")
    return problems


# ----------------------------------------------------------------------------- repository files

# A comment, a blank line, or a pattern (everything, or a folder of slugs) and owners.
CODEOWNERS_LINE = re.compile(
    r"(#[^\n\r]*)?|(?:\*|/content/[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*/)"
    r"(?: @[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9._-]+)?)+",
    re.ASCII,
)


def codeowners_violations(text: str) -> list[str]:
    return [
        f"CODEOWNERS line {number}: {line!r}"
        for number, line in enumerate(text.split("\n"), start=1)
        if not CODEOWNERS_LINE.fullmatch(line)
    ]


# ----------------------------------------------------------------------------- builds


def tree_differences(left: Path, right: Path, limit: int = 10) -> list[str]:
    """Files that exist in one output and not the other, or differ in bytes."""

    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in Path(root).rglob("*") if p.is_file()}

    a, b = files(left), files(right)
    problems = [f"only with every submission: {p!a}" for p in sorted(a - b)]
    problems += [f"only with the accepted ones: {p!a}" for p in sorted(b - a)]
    for rel in sorted(a & b):
        if not filecmp.cmp(Path(left, rel), Path(right, rel), shallow=False):
            problems.append(f"differs: {rel!a}")
        if len(problems) >= limit:
            break
    return problems[:limit]


def text_violations(output: Path) -> list[str]:
    """No page, feed or index carries a character a reader cannot be given (invariant 4,
    and 6 for pages): read as a browser or a feed reader would, references decoded."""
    problems = []
    for path in sorted(Path(output).rglob("*")):
        if path.suffix not in (".html", ".xml", ".json") or not path.is_file():
            continue
        text = html.unescape(path.read_text(encoding="utf-8"))
        if not publishable_text(text.replace("\r", "")):
            bad = sorted({f"U+{ord(c):04X}" for c in text if not publishable_text(c)})
            problems.append(f"{path.relative_to(output).as_posix()} carries {', '.join(bad[:6])}")
    return problems


# ----------------------------------------------------------------------------- calendars

# Every property and component the agenda's calendars hold (RFC 5545 and the library's
# VTIMEZONE): a line naming anything else came from a submission's text.
ICS_PROPERTIES = frozenset(
    {
        *("BEGIN", "END", "PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"),
        *("X-WR-CALDESC", "X-WR-TIMEZONE", "UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE"),
        *("SUMMARY", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "LOCATION", "STATUS"),
        *("URL", "DESCRIPTION", "CATEGORIES", "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME"),
        *("X-LIC-LOCATION", "TZURL"),
    }
)
ICS_COMPONENTS = frozenset({"VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT"})
ICS_NAME = re.compile(r"[A-Z][A-Z0-9-]*")


def ics_violations_of(rel: str, data: bytes) -> list[str]:
    """One calendar file's violations (invariant 9)."""
    import icalendar

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{rel} is not UTF-8"]
    problems = []
    if not publishable_text(text.replace("\r", "")):
        bad = sorted({f"U+{ord(c):04X}" for c in text if not publishable_text(c) and c != "\r"})
        problems.append(f"{rel} carries {', '.join(bad[:6])}")
    if not text.endswith("\r\n") or "\r\n" not in text:
        return [*problems, f"{rel} does not end its lines with CRLF"]
    physical = text[:-2].split("\r\n")
    if any("\r" in line or "\n" in line for line in physical):
        problems.append(f"{rel} has a bare CR or LF inside a line")
    lines: list[str] = []
    for line in physical:  # unfold: a line starting with a space or tab continues the last
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    inside: list[str] = []
    for number, line in enumerate(lines, 1):
        name = re.split(r"[;:]", line, maxsplit=1)[0]
        # The library's VTIMEZONE says which years it covers in a COMMENT of its own.
        known = ICS_PROPERTIES | ({"COMMENT"} if inside[-1:] == ["VTIMEZONE"] else set())
        if not ICS_NAME.fullmatch(name) or name not in known:
            problems.append(f"{rel} line {number} is no property the agenda writes: {line[:60]!a}")
        elif name in ("BEGIN", "END") and line.partition(":")[2] not in ICS_COMPONENTS:
            problems.append(f"{rel} line {number}: {line[:60]!a}")
        elif name == "BEGIN":
            inside.append(line.partition(":")[2])
        elif name == "END" and inside[-1:] != [line.partition(":")[2]]:
            problems.append(f"{rel} line {number} ends what it did not begin: {line[:60]!a}")
        elif name == "END":
            inside.pop()
    if inside:
        problems.append(f"{rel} leaves {inside[-1]} open")
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the library raises many kinds of errors
        return [*problems, f"{rel} does not parse as iCalendar: {str(exc)[:120]}"]
    if calendar.name != "VCALENDAR" or calendar.errors:
        problems.append(f"{rel}: {calendar.name} with errors {calendar.errors!a:.120}")
    # What the library writes, it writes again the same from its own reading: a line a
    # submission's text began would be read as a property of its own and moved to its
    # place in the library's order (an RRULE after the SUMMARY, before the DTSTART).
    if calendar.to_ical() != data:
        problems.append(f"{rel} does not round-trip through icalendar")
    for component in calendar.walk():
        names = [name for name, _ in component.property_items(recursive=False)]
        twice = {n for n in names if names.count(n) > 1} - {"COMMENT", "TZNAME", "RDATE"}
        if twice:
            problems.append(f"{rel}: {component.name} has {sorted(twice)} more than once")
        if component.errors:
            problems.append(f"{rel}: {component.name} with errors {component.errors!a:.120}")
        if component.name == "VEVENT" and (
            "UID" not in component or "DTSTART" not in component or "DTSTAMP" not in component
        ):
            problems.append(f"{rel}: a VEVENT without UID, DTSTAMP or DTSTART")
    return problems


def ics_violations(output: Path) -> list[str]:
    problems = []
    for path in sorted(Path(output).rglob("*.ics")):
        problems += ics_violations_of(path.relative_to(output).as_posix(), path.read_bytes())
    return problems


def json_ld_violations_of(markup: str) -> list[str]:
    """Each ``application/ld+json`` block of a page parses as JSON, as a browser hands it
    to a crawler (the script's text up to the first ``</script``)."""
    problems = []
    tree = html5lib.HTMLParser(namespaceHTMLElements=False).parse(markup)
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        body = script.text or ""
        if "<!--" in body or "<script" in body.lower():
            problems.append(f"JSON-LD holds a script-state change: {body[:60]!a}")
        try:
            json.loads(body)
        except ValueError as exc:
            problems.append(f"JSON-LD does not parse: {exc} in {body[:60]!a}")
    return problems


def json_ld_violations(output: Path) -> list[str]:
    problems = []
    for path in sorted(Path(output).rglob("*.html")):
        markup = path.read_text(encoding="utf-8")
        if "ld+json" in markup:
            rel = path.relative_to(output).as_posix()
            problems += [f"{rel}: {p}" for p in json_ld_violations_of(markup)]
    return problems


def output_violations(output: Path) -> list[str]:
    """Invariants 3, 4, 5, 8 and 9 of one built output folder."""
    return [
        *path_violations(output),
        *xml_violations(output),
        *text_violations(output),
        *page_violations(output),
        *image_violations(output),
        *ics_violations(output),
        *json_ld_violations(output),
    ]
