"""The one sanitizer every submitted text goes through before it reaches HTML.

Interface (keep it this small, so the engine can be swapped):

* ``sanitize_fragment(html) -> SanitizedHTML``: HTML safe to print, plus what was
  removed, each removal classified as ``active`` (could run code, load something or
  submit data: scripts, event handlers, ``javascript:``/``data:`` URLs, frames,
  forms, style, SVG/MathML...) or ``formatting`` (harmless markup outside the
  allow-list);
* ``plain_text(value) -> str``: metadata as plain text (templates escape it);
* ``safe_url(url) -> str | None``: a link target, or None when it is not safe.

Engine: the fragment is parsed the way a browser parses it (html5lib, the parser
bleach ships), walked once to apply the allow-list and to record what goes, then
passed through ``bleach.Cleaner`` with the same allow-list as a second, independent
guarantee. Disallowed elements are stripped (their text kept), except elements whose
text is code or hidden (script, style, templates...), which go with their content.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import bleach

# The parser bleach itself uses, through bleach's own module for it (not its vendored copy).
from bleach.html5lib_shim import HTMLParser

ACTIVE = "active"  # could execute, load or submit something: the submission has an error
FORMATTING = "formatting"  # harmless markup the allow-list does not keep: a warning

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "em",
        "strong",
        "b",
        "i",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
        "hr",
    }
)
# The page title is the only <h1>; deeper headings collapse to <h4>. Nothing is lost.
RENAMED_TAGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
ALLOWED_ATTRIBUTES = {"a": ("href", "title")}
ALLOWED_PROTOCOLS = ("http", "https", "mailto")
EXTERNAL_LINK_REL = "nofollow ugc noopener noreferrer"
VOID_TAGS = frozenset({"br", "hr", "img"})

# The elements the allow-list does not keep, in one table: how each goes, and whether its
# presence is an error for the artist (it can run code, load resources or submit data,
# whatever its attributes) or a warning (harmless formatting the site does not keep).
DROPPED_ACTIVE = "removed with its content; active"
DROPPED = "removed with its content (hidden, replaced or media content); formatting"
UNWRAPPED_ACTIVE = "unwrapped, its text kept; active"
ELEMENT_RULES: dict[str, str] = {
    **dict.fromkeys(
        (
            "applet",
            "base",
            "button",
            "datalist",
            "dialog",
            "embed",
            "fencedframe",
            "frame",
            "frameset",
            "iframe",
            "input",
            "isindex",
            "keygen",
            "link",
            "math",
            "meta",
            "object",
            "optgroup",
            "option",
            "param",
            "portal",
            "script",
            "select",
            "style",
            "svg",
            "template",
            "textarea",
        ),
        DROPPED_ACTIVE,
    ),
    **dict.fromkeys(
        (
            "area",
            "audio",
            "canvas",
            "head",
            "image",
            "img",
            "map",
            "noembed",
            "noframes",
            "noscript",
            "picture",
            "source",
            "title",
            "track",
            "video",
            "xmp",
        ),
        DROPPED,
    ),
    **dict.fromkeys(
        (
            "animate",
            "form",
            "handler",
            "import",
            "listener",
            "set",
            "xml",
            "xss",
        ),
        UNWRAPPED_ACTIVE,
    ),
}
DROPPED_WITH_CONTENT = frozenset(
    name for name, rule in ELEMENT_RULES.items() if rule in (DROPPED_ACTIVE, DROPPED)
)
ACTIVE_TAGS = frozenset(
    name for name, rule in ELEMENT_RULES.items() if rule in (DROPPED_ACTIVE, UNWRAPPED_ACTIVE)
)
# Wrappers that carry no visible formatting: unwrapping them loses nothing worth a warning
# (Markdown extensions emit them, e.g. code highlighting spans).
SILENT_TAGS = frozenset({"div", "span", "section", "article", "main", "header", "footer"})
SILENT_ATTRIBUTES = frozenset({"class", "id", "rel"})  # rel: we set our own
INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "acronym",
        "b",
        "bdi",
        "bdo",
        "big",
        "blink",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "label",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    }
)
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "codebase",
        "classid",
        "archive",
        "poster",
        "background",
        "dynsrc",
        "lowsrc",
        "cite",
        "longdesc",
        "usemap",
        "srcset",
        "ping",
        "manifest",
        "profile",
        "icon",
        "xlink:href",
        "{http://www.w3.org/1999/xlink}href",
        "to",
        "from",
        "values",
        "by",
        "content",
    }
)
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "mocha")
DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "livescript", "mocha", "jar", "view-source")
ACTIVE_ATTRIBUTES = frozenset({"srcdoc", "formaction", "xmlns", "http-equiv", "is", "autofocus"})
ACTIVE_STYLE = re.compile(
    r"expression|url\s*\(|javascript|vbscript|behavior|binding|@import|\\|&#|-o-link|image-set",
    re.IGNORECASE,
)
ACTIVE_COMMENT = re.compile(r"<\s*/?\s*[a-z]|javascript:|\[if|\]>", re.IGNORECASE)
HTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
MAX_DEPTH = 200  # deeper markup is flattened to its text
SNIPPET_LENGTH = 120

# Characters that are invisible or change text direction (used to hide or spoof text).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f")
ZERO_WIDTH_JOINER = "\u200d"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+")


@dataclass(frozen=True)
class Removal:
    kind: str  # ACTIVE or FORMATTING
    what: str  # short name: "<script>", "onerror", "javascript: URL", "<div>", "style"
    snippet: str  # the removed markup as written (shortened)


@dataclass(frozen=True)
class SanitizedHTML:
    html: str
    removed: tuple[Removal, ...] = ()

    def __html__(self) -> str:  # Jinja/MarkupSafe print it as already-safe HTML
        return self.html

    def __str__(self) -> str:
        return self.html

    @property
    def active(self) -> list[Removal]:
        return [r for r in self.removed if r.kind == ACTIVE]


# --------------------------------------------------------------------------- URLs


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after the tricks used to hide it."""
    normalized = _URL_NOISE.sub("", html.unescape(url))
    normalized = "".join(ch for ch in normalized if not is_invisible(ch)).lower()
    match = _SCHEME.match(normalized)
    if match:
        return match.group(1)
    head = re.split(r"[/?#]", normalized, maxsplit=1)[0]
    if ":" in head:  # something scheme-like that urlparse would not accept
        return head.split(":", 1)[0] or "?"
    return None


def safe_url(url, *, allow_relative: bool = True) -> str | None:
    """``url`` (stripped) if a visitor may follow it, else None.

    Allowed: http, https and mailto; relative URLs (site paths, ``#anchors`` and
    Pelican's ``{filename}`` links) unless ``allow_relative`` is False.
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or any(_is_control(ch) or is_invisible(ch) or ch.isspace() for ch in url):
        return None
    try:  # what cannot be parsed (e.g. a broken IPv6 host) is not a link
        urlsplit(url)
    except ValueError:
        return None
    scheme = url_scheme(url)
    if scheme is not None:
        if scheme not in ALLOWED_PROTOCOLS:
            return None
        rest = url.split(":", 1)[1]
        if scheme in ("http", "https") and not re.match(r"^//[^/\\?#@]+", rest):
            return None
        if scheme == "mailto" and not rest:
            return None
        return url
    if not allow_relative or url.startswith("//") or "\\" in url:
        return None
    return url


def is_external(url: str) -> bool:
    return url_scheme(url) in ("http", "https")


# --------------------------------------------------------------------------- text


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"


def is_invisible(ch: str) -> bool:
    """Format characters (zero-width, bidi, BOM, tags...) and invisible letters."""
    return (
        ch in BIDI_CONTROLS
        or ch in INVISIBLE_LETTERS
        or (unicodedata.category(ch) == "Cf" and ch != ZERO_WIDTH_JOINER)
    )


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of every control, invisible or direction-changing character.

    A zero-width joiner is only accepted between emoji (it builds sequences such as 👩‍🎨).
    """
    found = []
    for index, ch in enumerate(text):
        if ch == ZERO_WIDTH_JOINER:
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if _is_emoji_part(before) and _is_emoji_part(after):
                continue
            found.append((index, ch))
        elif is_invisible(ch) or _is_control(ch):
            found.append((index, ch))
    return found


def _is_emoji_part(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch) in ("So", "Sk") or ch == "\ufe0f")


def plain_text(value) -> str:
    """Metadata as plain text: exactly what was typed, minus hidden characters and extra spaces.

    Markup is *not* interpreted: ``<b>x</b>`` stays those characters, and templates
    escape them (autoescape), so a visitor sees what the artist typed.
    """
    if value is None:
        return ""
    text = str(value)
    hidden = {index for index, _ in hidden_characters(text)}
    text = "".join(ch for index, ch in enumerate(text) if index not in hidden)
    return " ".join(text.split())


# --------------------------------------------------------------------------- HTML

_local = threading.local()


def _parse(text: str):
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = HTMLParser(namespaceHTMLElements=False)
    return parser.parseFragment(text)


def _cleaner(allow_local_images: bool) -> bleach.sanitizer.Cleaner:
    key = f"cleaner_{allow_local_images}"
    cleaner = getattr(_local, key, None)
    if cleaner is None:
        tags = set(ALLOWED_TAGS) | ({"img"} if allow_local_images else set())
        attributes = {"a": ["href", "title", "rel"], "img": ["src", "alt", "title"]}
        cleaner = bleach.sanitizer.Cleaner(
            tags=tags,
            attributes=attributes,
            protocols=list(ALLOWED_PROTOCOLS),
            strip=True,
            strip_comments=True,
        )
        setattr(_local, key, cleaner)
    return cleaner


def _local_name(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        namespace, name = tag[1:].split("}", 1)
        return namespace, name.lower()
    return None, tag.lower()


def _shorten(text: str, limit: int = SNIPPET_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _start_tag(name: str, attrs: dict) -> str:
    rendered = "".join(f' {_attr_name(k)}="{html.escape(v)}"' for k, v in attrs.items())
    return f"<{name}{rendered}>"


def _attr_name(key: str) -> str:
    if key.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + key.split("}", 1)[1]
    return key.split("}", 1)[-1]


def _element_snippet(name: str, element) -> str:
    inner = "".join(element.itertext()) if len(element) or element.text else ""
    snippet = _start_tag(name, dict(element.attrib))
    if name not in VOID_TAGS:
        snippet += f"{inner[:60]}</{name}>"
    return _shorten(snippet)


def _classify_attribute(element_name: str, key: str, value: str) -> str | None:
    """ACTIVE for attributes that can run or load something, else None."""
    name = _attr_name(key).lower()
    if name.startswith("on") or name in ACTIVE_ATTRIBUTES:
        return ACTIVE
    if name == "style" and ACTIVE_STYLE.search(value):
        return ACTIVE
    scheme = url_scheme(value)
    if scheme in SCRIPT_SCHEMES:  # in any attribute: some engines run them (ev:handler, XBL...)
        return ACTIVE
    if scheme in DANGEROUS_SCHEMES and (key in URL_ATTRIBUTES or name in URL_ATTRIBUTES):
        return ACTIVE
    return None


def _attribute_label(key: str, value: str) -> str:
    name = _attr_name(key).lower()
    if name.startswith("on"):
        return f"{name} (event handler)"
    scheme = url_scheme(value) if value else None
    if scheme in DANGEROUS_SCHEMES:
        return f"{scheme}: URL"
    return name


def _local_image_src(src: str) -> bool:
    return (
        safe_url(src) is not None
        and url_scheme(src) is None
        and not src.startswith(("/", "#"))
        and ".." not in src.replace("\\", "/").split("/")
    )


def _walk(fragment, removed: list[Removal], allow_local_images: bool) -> str:
    out: list[str] = []
    # The stack holds elements to visit, or already-rendered strings to emit.
    stack: list = [(child, 1) for child in reversed(list(fragment))]
    if fragment.text:
        stack.append(html.escape(fragment.text, quote=False))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        element, depth = item
        tail = html.escape(element.tail, quote=False) if element.tail else ""
        if not isinstance(element.tag, str):  # comment or processing instruction
            comment = element.text or ""
            if ACTIVE_COMMENT.search(comment):
                removed.append(Removal(ACTIVE, "<!-- comment -->", _shorten(f"<!--{comment}-->")))
            if tail:
                stack.append(tail)
            continue
        namespace, name = _local_name(element.tag)
        name = RENAMED_TAGS.get(name, name)
        attrs = dict(element.attrib)
        foreign = namespace not in (None, HTML_NAMESPACE)
        if tail:
            stack.append(tail)

        keep_image = allow_local_images and name == "img" and _local_image_src(attrs.get("src", ""))
        if (name in DROPPED_WITH_CONTENT and not keep_image) or foreign:
            kind = ACTIVE if (name in ACTIVE_TAGS or foreign) else FORMATTING
            removed.append(Removal(kind, f"<{name}>", _element_snippet(name, element)))
            _record_active_descendants(element, removed)
            continue

        if name not in ALLOWED_TAGS and not keep_image:
            if name not in SILENT_TAGS or set(attrs) - SILENT_ATTRIBUTES:
                kind = ACTIVE if name in ACTIVE_TAGS else FORMATTING
                removed.append(Removal(kind, f"<{name}>", _shorten(_start_tag(name, attrs))))
            _record_active_attributes(name, attrs, removed)
            separator = "" if name in INLINE_TAGS else "\n"
            if separator:
                stack.append(separator)
            _push_children(stack, element, depth)
            if separator:
                stack.append(separator)
            continue

        kept = _filter_attributes(name, attrs, removed)
        if name == "a" and "href" not in kept:
            _push_children(stack, element, depth)  # a link without a safe target is just text
            continue
        if depth > MAX_DEPTH:
            stack.append(html.escape("".join(element.itertext()), quote=False))
            continue
        out.append(_start_tag(name, kept))
        if name not in VOID_TAGS:
            stack.append(f"</{name}>")
            _push_children(stack, element, depth)
    return "".join(out)


def _push_children(stack: list, element, depth: int) -> None:
    stack.extend((child, depth + 1) for child in reversed(list(element)))
    if element.text:
        stack.append(html.escape(element.text, quote=False))


def _record_active_descendants(element, removed: list[Removal]) -> None:
    """Inside a removed subtree, name what was active (the subtree goes either way)."""
    for index, node in enumerate(element.iter()):
        if not isinstance(node.tag, str):
            continue
        name = _local_name(node.tag)[1]
        if index and name in ACTIVE_TAGS:
            removed.append(Removal(ACTIVE, f"<{name}>", _element_snippet(name, node)))
        _record_active_attributes(name, dict(node.attrib), removed)


def _record_active_attributes(name, attrs, removed):
    for key, value in attrs.items():
        if _classify_attribute(name, key, value) == ACTIVE:
            label = _attribute_label(key, value)
            removed.append(Removal(ACTIVE, label, _shorten(f'{_attr_name(key)}="{value}"')))


def _filter_attributes(name: str, attrs: dict, removed: list[Removal]) -> dict:
    kept: dict[str, str] = {}
    allowed = ("src", "alt", "title") if name == "img" else ALLOWED_ATTRIBUTES.get(name, ())
    for key, value in attrs.items():
        attr = _attr_name(key).lower()
        written = _shorten(f'{_attr_name(key)}="{value}"')
        if _classify_attribute(name, key, value) == ACTIVE:
            removed.append(Removal(ACTIVE, _attribute_label(key, value), written))
        elif attr not in allowed or key != attr:
            if attr not in SILENT_ATTRIBUTES:
                removed.append(Removal(FORMATTING, attr, written))
        elif attr == "href" and safe_url(value) is None:
            removed.append(Removal(FORMATTING, "link target", written))
        else:
            kept[attr] = value
    if name == "a" and "href" in kept and is_external(kept["href"]):
        kept["rel"] = EXTERNAL_LINK_REL
    return kept


def sanitize_fragment(text, *, allow_local_images: bool = False) -> SanitizedHTML:
    """Safe HTML for ``text`` (an HTML fragment) and the list of what was removed.

    ``allow_local_images`` keeps ``<img src alt title>`` whose ``src`` is a plain
    relative path (the images a submission ships, which the pipeline rewrites).
    """
    if text is None:
        return SanitizedHTML("")
    text = str(text)
    if not text.strip():
        return SanitizedHTML(text.strip())
    removed: list[Removal] = []
    walked = _walk(_parse(text), removed, allow_local_images)
    cleaned = _cleaner(allow_local_images).clean(walked)
    return SanitizedHTML(cleaned.strip(), tuple(removed))
