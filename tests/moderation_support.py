"""Helpers shared by the moderation and sanitizer tests (not a test module).

``policy_violations`` is the independent oracle of the XSS tests: it parses HTML the
way a browser does (html5lib) and lists every construct that could run code, load
something or submit data. It shares no code with the sanitizer on purpose.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from altavoz_moderation import check_site
from altavoz_submit.project import create_settings
from bleach import html5lib_shim as html5lib  # the parser bleach uses, as browsers parse

# What a browser follows or loads, and which JSON-LD is inert: one reading, both oracles.
from invariants import URL_ATTRIBUTES, inert_json_ld

REPO_ROOT = Path(__file__).resolve().parents[1]
XSS_CORPUS_DIR = REPO_ROOT / "tests" / "data" / "xss"  # copied in with its SOURCE.md

FORBIDDEN_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "meta",
    "style",
    "link",
    "svg",
    "math",
    "template",
    "input",
    "button",
    "textarea",
    "select",
    "portal",
}
FORBIDDEN_SCHEMES = ("javascript", "vbscript", "data", "livescript", "mocha")
FORBIDDEN_ATTRIBUTES = {"srcdoc", "formaction", "style"}


def load_xss_vectors() -> list[dict]:
    files = sorted(XSS_CORPUS_DIR.glob("*.json"))
    assert files, f"XSS corpus not found in {XSS_CORPUS_DIR}"
    vectors = []
    for file in files:
        vectors.extend(json.loads(file.read_text(encoding="utf-8")))
    return vectors


def _scheme(value: str) -> str:
    value = html.unescape(value)
    value = re.sub(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+", "", value)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", value)
    return match.group(1).lower() if match else ""


def policy_violations(markup: str, *, document: bool = False, allowed_script_src=()) -> list[str]:
    """Every forbidden construct in ``markup``: a content fragment, or a whole built page.

    A fragment may hold nothing active at all. In a page (``document=True``) the theme's
    own constructs are allowed: scripts loaded by ``src`` from ``allowed_script_src``,
    JSON-LD that parses as JSON, meta and link elements in the head (never a refresh),
    its inline SVG icons (no script, events, animation or external references), its
    buttons, inline placeholder images (``data:image/``) and harmless style attributes.
    """
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(markup) if document else parser.parseFragment(markup)
    head = tree.find("head") if document else None
    in_head = {id(e) for e in head.iter()} if head is not None else set()
    in_forms = {
        id(e) for form in tree.iter("form") if _theme_form(dict(form.attrib)) for e in form.iter()
    }
    problems = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith("{"):
            namespace, _, local = element.tag[1:].partition("}")
        else:
            namespace, local = "", element.tag
        name = local.lower()
        attrs = {key.split("}")[-1].lower(): value for key, value in element.attrib.items()}
        foreign = namespace and namespace != "http://www.w3.org/1999/xhtml"
        if foreign and not (document and namespace == "http://www.w3.org/2000/svg"):
            problems.append(f"foreign element <{name}> ({namespace})")
        if document and foreign and name in SVG_FORBIDDEN:
            problems.append(f"svg <{name}>")
        allowed = document and _theme_allows(element, name, attrs, in_head, allowed_script_src)
        if name in ("input", "select") and document:
            allowed = id(element) in in_forms
        if name in FORBIDDEN_ELEMENTS and not allowed:
            problems.append(f"<{name}>")
        if name == "meta" and "refresh" in attrs.get("http-equiv", "").lower():
            problems.append("<meta http-equiv=refresh>")
        for attr, value in attrs.items():
            if attr.startswith("on") or attr in ("srcdoc", "formaction"):
                problems.append(f"<{name} {attr}=…>")
            elif attr == "style" and (not document or ACTIVE_STYLE.search(value)):
                problems.append(f"<{name} style=…>")
            scheme = _scheme(value)
            # In a page, text attributes (alt, og:title...) may *say* "javascript:"; only
            # attributes a browser follows or loads count. In a fragment, none may.
            if document and not _is_url_attribute(name, attr, attrs):
                continue
            if scheme in FORBIDDEN_SCHEMES:
                data_image = scheme == "data" and html.unescape(value).strip().lower().startswith(
                    "data:image/"
                )
                if not (
                    document
                    and data_image
                    and name in ("img", "source")
                    and attr in ("src", "srcset")
                ):
                    problems.append(f"<{name} {attr}={scheme}:…>")
            if document and foreign and attr == "href" and not value.startswith("#"):
                problems.append(f"svg <{name} href={value[:40]}>")
    return problems


URL_META = {"og:url", "og:image", "twitter:image", "og:video", "og:audio"}


def _is_url_attribute(name: str, attr: str, attrs: dict) -> bool:
    if attr in URL_ATTRIBUTES:
        return True
    if name == "meta" and attr == "content":
        kind = (attrs.get("property") or attrs.get("name") or "").lower()
        return kind in URL_META or attrs.get("http-equiv", "").lower() == "refresh"
    return False


SVG_FORBIDDEN = {
    "script",
    "foreignobject",
    "animate",
    "set",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "iframe",
}
ACTIVE_STYLE = re.compile(
    r"url\s*\((?!\s*['\"]?data:image/)|expression|javascript|behavior|binding|@import",
    re.IGNORECASE,
)


def _theme_allows(element, name: str, attrs: dict, in_head: set, allowed_script_src) -> bool:
    if name == "script":
        if attrs.get("src"):
            return attrs["src"] in allowed_script_src and not (element.text or "").strip()
        return inert_json_ld(attrs, element)
    if name in ("meta", "link", "style"):
        return id(element) in in_head
    if name == "svg":
        return True  # its descendants are checked one by one
    if name == "form":
        return _theme_form(attrs)
    return name == "button"


def _theme_form(attrs: dict) -> bool:
    """The theme's own filters submit to the site itself, by GET."""
    action = attrs.get("action", "")
    return attrs.get("method", "get").lower() == "get" and (not action or action.startswith("/"))


# --------------------------------------------------------------------------- small sites

WORK_FIELDS = {
    "title": "Mural azul",
    "artist": "ana-perez",
    "date": "2024-05-17",
    "medium": "Acrílico sobre muro",
    "license": "CC-BY-SA-4.0",
    "consent": "yes",
    "tags": "mural, barrio",
    "year": "2024",
    "dimensions": "3 × 5 m",
    "lang": "es",
}
WORK_STATEMENT = "Pinté este mural con vecinas del barrio durante un verano."
ARTIST_FIELDS = {"name": "Ana Pérez", "pronouns": "ella", "city": "Oaxaca", "lang": "es"}


def write_jpeg(path: Path, size=(1200, 900)) -> Path:
    """A real JPEG big enough that the image checks have nothing to say about it."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (40, 90, 160)).save(path, quality=80)
    return path


def render_index(fields: dict, body: str) -> str:
    lines = ["---", *(f"{key}: {value}" for key, value in fields.items()), "---", "", body]
    return "\n".join(lines) + "\n"


def make_artist(content: Path, slug="ana-perez", body="Pinto murales en Oaxaca.", **fields):
    folder = content / "artists" / slug
    folder.mkdir(parents=True, exist_ok=True)
    merged = {**ARTIST_FIELDS, **fields}
    (folder / "index.md").write_text(render_index(merged, body), encoding="utf-8")
    return folder


def make_work(
    content: Path,
    artist="ana-perez",
    slug="mural-azul",
    body=None,
    images=(("mural.jpg", "Mural azul con una mujer y un colibrí"),),
    drop=(),
    **fields,
):
    """A valid work folder; keyword arguments override front-matter keys, ``drop`` removes some."""
    folder = content / "works" / artist / slug
    folder.mkdir(parents=True, exist_ok=True)
    merged = {**WORK_FIELDS, "artist": artist, **fields}
    for key in drop:
        merged.pop(key, None)
    if body is None:
        refs = "\n\n".join(f"![{alt}]({name})" for name, alt in images)
        body = f"{WORK_STATEMENT}\n\n{refs}"
    for name, _alt in images:
        write_jpeg(folder / name)
    (folder / "index.md").write_text(render_index(merged, body), encoding="utf-8")
    return folder


def make_post(
    content: Path, name="bienvenida.md", body="Abrimos la galería.", folder="blog", **fields
):
    merged = {"title": "Bienvenida", "date": "2024-05-01", "lang": "es", **fields}
    if folder == "pages":
        merged.pop("date", None)
        merged.update(fields)
    path = content / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_index(merged, body), encoding="utf-8")
    return path


def make_valid_site(base: Path) -> Path:
    """A content folder that passes every check: one artist, one work, a post and a page."""
    content = base / "content"
    make_artist(content)
    make_work(content)
    make_post(content)
    make_post(content, "acerca.md", "Quiénes somos.", folder="pages", title="Acerca")
    return content


# The files of make_valid_site as findings name them, and how its work shows its image.
WORK_INDEX = "content/works/ana-perez/mural-azul/index.md"
ARTIST_INDEX = "content/artists/ana-perez/index.md"
POST = "content/blog/bienvenida.md"
IMG = "![Mural azul con una mujer y un colibrí](mural.jpg)"


def check_changed_site(base: Path, change=None, settings: dict | None = None):
    """The moderation report on make_valid_site's content once change(content) edits it."""
    content = make_valid_site(base)
    if change is not None:
        change(content)
    return check_site(content, create_settings(**(settings or {})))
