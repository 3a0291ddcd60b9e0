"""Links that deceive: the address a reader sees is not where the link goes.

Run on what is published: the body's sanitized HTML (every Markdown link form has
become ``<a href>`` by then) and the ``links`` field, whose visible text on the page
is the address itself. Four tricks, each an error with its own code:

* AV330: the link text shows one site (``[altavoz.example.org](https://evil.example)``);
* AV331: a user name before ``@`` makes the start of the address look like the site
  (``https://altavoz.example.org@evil.example/``);
* AV332: characters browsers read differently from each other or from what is shown
  (a backslash, a percent-encoded or malformed host name, a host or port NFKC would
  change: fullwidth or mathematical letters, dots that are not ".", digits of other
  scripts; an IPv4 address not written as four decimal numbers, ``http://0x7f.1/``);
* AV333: a host name mixing alphabets (digits of another script count as its letters),
  or made only of letters that imitate Latin ones (``аltavoz`` with a Cyrillic а), also
  when written as ``xn--`` punycode.

A link's shown text is its text, the alt text of an image inside it (what a screen
reader says and what shows when the image does not load) and its title (the tooltip);
every site or IPv4 address any of them names must be where the link goes.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from altavoz_core.codes import Words, make_finding
from altavoz_core.findings import Finding

from ..sanitize.sanitizer import HTMLParser

# Link text is cut into words at spaces and punctuation no address contains (linear
# time: a link text can be thousands of characters), then each word is read as an address.
_WORD_BREAKS = re.compile(r"[\s<>\"'()\[\]{}|,;!¡?¿«»“”‘’]+")
# Punctuation and symbols an address may hold; every other one (by Unicode category:
# «›», «·», «•», an emoji) ends the site name a reader sees before it.
_ADDRESS_SIGNS = frozenset("-._:/?#@%\\~+=&")
# The full stops UTS #46 (how browsers read a host name) takes for "." besides "."
# itself: ideographic, fullwidth and halfwidth ideographic (NFKC maps only the last two).
_OTHER_DOTS = "\u3002\uff0e\uff61"
_AS_DOTS = str.maketrans(dict.fromkeys(_OTHER_DOTS, "."))
# What a browser reads as an IPv4 address (WHATWG URL): one to four numbers, decimal,
# octal (leading 0) or hex (0x); readers only know four decimal ones.
_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+", re.ASCII)
_DOTTED_QUAD = re.compile(
    r"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])",
    re.ASCII,
)
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,30}://", re.IGNORECASE)
_LABEL = re.compile(r"[^\W_](?:[\w-]{0,61}[^\W_])?")
# "foto.jpg" in a link text names a file, not a site.
_FILE_ENDINGS = frozenset(
    [
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "avif",
        "heic",
        "tif",
        "tiff",
        "pdf",
        "md",
        "txt",
        "html",
        "htm",
        "zip",
        "mp3",
        "mp4",
        "mov",
        "doc",
        "docx",
        "odt",
        "xls",
        "xlsx",
        "csv",
        "svg",
    ]
)
# Cyrillic and Greek letters drawn exactly like Latin ones (host names are lowercase):
# a label made only of these imitates a Latin name; real words («сеть») have others.
_LATIN_LOOKALIKES = frozenset("аеорсухіјѕԁһӏԛԝ" + "οικνρυχ")


def anchors(html: str) -> list[tuple[str, str]]:
    """(href, shown text) of every ``<a>``, parsed as a browser parses the page.

    The shown text is the link's text, then the alt text of its images and its title.
    """
    fragment = HTMLParser(namespaceHTMLElements=False).parseFragment(html)
    found = []
    for a in fragment.iter("a"):
        shown = ["".join(a.itertext())]
        shown += [img.get("alt") or "" for img in a.iter("img")]
        shown.append(a.get("title") or "")
        found.append((a.get("href") or "", " ".join(part for part in shown if part)))
    return found


# Scripts written together in one word (Unicode TS #39, "highly restrictive"): Japanese,
# Chinese and Korean mix Han with their own letters, and any of them with Latin.
_SCRIPTS_USED_TOGETHER = (
    frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA"}),
    frozenset({"LATIN", "CJK", "BOPOMOFO"}),
    frozenset({"LATIN", "CJK", "HANGUL"}),
)


def script_of(ch: str) -> str:
    """The alphabet a letter belongs to (first word of its Unicode name), e.g. LATIN.

    A digit's alphabet is named before DIGIT ("ARABIC-INDIC DIGIT EIGHT": ARABIC).
    """
    name = unicodedata.name(ch, "UNKNOWN")
    if unicodedata.category(ch) == "Nd" and " DIGIT " in name:
        words = name.partition(" DIGIT ")[0].removeprefix("EXTENDED ").split(" ")
        return words[-1].removesuffix("-INDIC")
    words = name.split(" ")
    if words[0] in ("FULLWIDTH", "HALFWIDTH") and len(words) > 1:
        return words[1]
    return words[0]


def mixes_scripts(scripts: set[str]) -> bool:
    return len(scripts) > 1 and not any(scripts <= group for group in _SCRIPTS_USED_TOGETHER)


def _decoded_label(label: str) -> str | None:
    if label[:4].lower() != "xn--":
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return None


def host_problem(host: str) -> tuple[str, dict] | None:
    """(code, values) when a host name is malformed (AV332) or imitates another (AV333)."""
    for raw in host.rstrip(".").split("."):
        label = _decoded_label(raw)
        if label is None or not raw:
            return "AV332", {"what": Words("address:badly-encoded")}
        label = unicodedata.normalize("NFC", label)
        letters = [ch for ch in label if ch.isalpha()]
        # Digits other than 0-9 belong to their script: «alt٨voz» mixes Latin and Arabic.
        digits = [ch for ch in label if unicodedata.category(ch) == "Nd" and not ch.isascii()]
        scripts = sorted({script_of(ch) for ch in letters + digits})
        if mixes_scripts(set(scripts)):
            return "AV333", {"host": _display_host(host), "scripts": ", ".join(scripts)}
        if letters and scripts != ["LATIN"] and all(ch in _LATIN_LOOKALIKES for ch in letters):
            return "AV333", {"host": _display_host(host), "scripts": scripts[0]}
    return None


def _display_host(host: str) -> str:
    """The host as a reader would see it (punycode decoded), for the message."""
    labels = [_decoded_label(label) or label for label in host.split(".")]
    return ".".join(labels)


def ipv4(host: str) -> int | None:
    """The address a browser reads ``host`` as, when it reads it as IPv4 (WHATWG URL)."""
    parts = host.removesuffix(".").split(".")
    if not parts or not _IPV4_PART.fullmatch(parts[-1]):
        return None
    numbers = []
    for part in parts:
        if not _IPV4_PART.fullmatch(part):
            return None
        try:  # "09" is no octal number; a number too long to read is no address either
            if part[:2].lower() == "0x":
                numbers.append(int(part[2:] or "0", 16))
            else:
                numbers.append(int(part, 8 if len(part) > 1 and part[0] == "0" else 10))
        except ValueError:
            return None
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]):
        return None
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number * 256 ** (3 - index)
    return value


def _ascii_host(host: str) -> str:
    host = unicodedata.normalize("NFKC", host).lower().rstrip(".")
    address = ipv4(host)
    if address is not None:
        return str(address)
    labels = []
    for label in host.split("."):
        decoded = _decoded_label(label) or label
        try:
            labels.append(decoded.encode("idna").decode("ascii") if decoded else decoded)
        except UnicodeError:
            labels.append(decoded)
    host = ".".join(labels)
    return host[4:] if host.startswith("www.") else host


def url_problem(url: str) -> tuple[str, dict] | None:
    """(code, values) when where ``url`` goes is hidden or ambiguous; None when it is plain."""
    if "\\" in url:
        return "AV332", {"what": Words("address:backslash")}
    try:
        parts = urlsplit(url)
    except ValueError:
        return "AV332", {"what": Words("address:malformed")}
    if parts.scheme.lower() == "mailto":
        domain = parts.path.rpartition("@")[2]
        return host_problem(domain) if domain else None
    if not parts.netloc:
        return None
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at:
        return "AV331", {"user": userinfo, "host": hostport}
    if "%" in hostport:
        return "AV332", {"what": Words("address:percent")}
    if unicodedata.normalize("NFKC", hostport).translate(_AS_DOTS) != hostport:
        # The browser reads «ａ», «𝐚», «。» as «a», «a», «.»; a reader sees other signs.
        return "AV332", {"what": Words("address:look-alike-signs")}
    port = hostport.rpartition("]")[2].partition(":")[2]
    if port and not port.isascii():
        return "AV332", {"what": Words("address:port-digits")}
    host = parts.hostname or ""
    address = ipv4(host)
    if address is not None and not _DOTTED_QUAD.fullmatch(host.removesuffix(".")):
        return "AV332", {"what": Words("address:numeric", dotted=_dotted(address))}
    return host_problem(host)


def _dotted(address: int) -> str:
    return ".".join(str(address >> shift & 255) for shift in (24, 16, 8, 0))


def real_host(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() == "mailto":
        return parts.path.rpartition("@")[2] or None
    return parts.hostname


def _breaks_words(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "PSZC" and ch not in _ADDRESS_SIGNS


def shown_hosts(text: str):
    """Every site a link text names (``altavoz.example.org``, ``https://x.mx/a``, ``1.2.3.4``)."""
    # Browsers read the ideographic and fullwidth full stops as dots in a site name.
    text = unicodedata.normalize("NFKC", text).translate(_AS_DOTS)
    text = "".join(" " if _breaks_words(ch) else ch for ch in text)
    for word in _WORD_BREAKS.split(text):
        scheme = _SCHEME.match(word)
        rest = word[scheme.end() :] if scheme else word
        authority = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
        host = authority.rpartition("@")[2].split(":", 1)[0].rstrip(".")
        labels = host.split(".")
        if _DOTTED_QUAD.fullmatch(host) or (
            len(labels) >= 2
            and all(_LABEL.fullmatch(label) for label in labels)
            and labels[-1].isalpha()
            and len(labels[-1]) >= 2
            and labels[-1].lower() not in _FILE_ENDINGS
        ):
            yield host


def shown_host(text: str) -> str | None:
    """The first site a link text names."""
    return next(shown_hosts(text), None)


def same_site(shown: str, real: str) -> bool:
    shown, real = _ascii_host(shown), _ascii_host(real)
    return real == shown or real.endswith("." + shown)


def _finding(code, file, field, line, snippet, values) -> Finding:
    return make_finding(code, file, field=field, line=line, snippet=snippet[:120], **values)


def check_url(url: str, file: str, field: str, line: int | None) -> list[Finding]:
    """Findings for one address typed in a field (its visible text is the address)."""
    problem = url_problem(url.strip())
    if problem is None:
        return []
    code, values = problem
    return [_finding(code, file, field, line, url, values)]


def check_links(html: str, file: str, locate) -> list[Finding]:
    """Findings for every ``<a>`` of a body's published HTML; ``locate(needle)`` gives a line."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for href, text in anchors(html):
        problem = url_problem(href)
        real = real_host(href) if problem is None else None
        for shown in shown_hosts(text) if problem is None else ():
            if real and not same_site(shown, real):
                problem = "AV330", {"shown": shown, "host": _display_host(real)}
            else:
                shown_problem = host_problem(shown)
                problem = shown_problem if shown_problem and shown_problem[0] == "AV333" else None
            if problem is not None:
                break
        if problem is None or (problem[0], href) in seen:
            continue
        seen.add((problem[0], href))
        line = locate(href) or locate(text.strip()[:40])
        findings.append(_finding(problem[0], file, "body", line, f"[{text}]({href})", problem[1]))
    return findings
