"""How a submission's text names its images, for every plugin that reads it.

A blog post or page may write an image as Pelican's ``{static}`` or ``{attach}`` link
(also URL-escaped, as Markdown leaves it in ``src``): ``LINK_PREFIX`` matches that start.
``tag_attributes`` reads the attributes of one ``<img ...>`` tag as a browser would
(entities decoded, any quoting, the first of a repeated one), with the standard
library's HTML parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)  # one <img> tag of rendered HTML
LINK_PREFIX = re.compile(r"^(?:\{(?:static|attach)\}|%7B(?:static|attach)%7D)", re.IGNORECASE)


class _StartTag(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.attributes = {}
        for name, value in attrs:  # a repeated attribute: the first counts, as in browsers
            self.attributes.setdefault(name, value or "")

    handle_startendtag = handle_starttag


def img_tags(html: str) -> list[dict[str, str]]:
    """The attributes of every ``<img>`` of rendered HTML, in order: a text's images as the
    build finds them."""
    return [tag_attributes(match.group(0)) for match in IMG_TAG.finditer(html)]


def tag_attributes(tag_html: str) -> dict[str, str]:
    """``{name: value}`` of the (last) start tag in ``tag_html``; a bare attribute is ""."""
    parser = _StartTag()
    parser.feed(tag_html)
    parser.close()
    return parser.attributes
