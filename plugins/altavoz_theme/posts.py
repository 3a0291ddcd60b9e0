"""Blog posts: their first image (for listings, feeds and share previews) and neighbours.

The image step (plugins/altavoz_images/posts.py) has already turned each image of a post
into the theme's ``<picture>`` (macros/picture.html) by the time Pelican's blog generator
is finalized; here the first of them is remembered on the post:

- ``post.cover_picture``: that ``<picture>`` for a listing (its own ``sizes``, lazy),
- ``post.cover_src`` / ``post.cover_alt``: the image's fallback file (relative to the
  images' address, as ``image_src`` gives it) and its text, for og:image and feeds.

``post.previous_post`` / ``post.next_post`` are the older and the newer post of the same
site (language), for rel="prev"/rel="next".
"""

from __future__ import annotations

import re
from html import escape

from altavoz_core.markup import IMG_TAG, tag_attributes

_PICTURE = re.compile(r"<picture>.*?</picture>", re.IGNORECASE | re.DOTALL)
_SIZES = re.compile(r'\bsizes="[^"]*"')
# What the image step writes on a post's first (eager) image.
_EAGER = ' fetchpriority="high"'
_LAZY = ' loading="lazy" decoding="async"'


def first_picture(html: str) -> tuple[str, dict[str, str]] | None:
    """The first ``<picture>`` of a post's HTML and its ``<img>``'s attributes, or None."""
    match = _PICTURE.search(html or "")
    if not match:
        return None
    img = IMG_TAG.search(match.group(0))
    if not img:
        return None
    return match.group(0), tag_attributes(img.group(0))


def listing_picture(picture: str, sizes: str, eager: bool = False) -> str:
    """A post's ``<picture>`` as a listing shows it: its own ``sizes``, lazy unless first.

    The markup is the theme's own (macros/picture.html, every value escaped there), so
    the listing prints it as it is (``|safe``).
    """
    markup = _SIZES.sub(f'sizes="{escape(sizes)}"', picture)
    if not eager:
        markup = markup.replace(_EAGER, _LAZY)
    elif _LAZY in markup:
        markup = markup.replace(_LAZY, _EAGER)
    markup = markup.replace('class="post-image"', 'class="post-cover"')
    return markup


def relative_to_images(src: str, images_siteurl: str) -> str:
    base = images_siteurl.rstrip("/") + "/"
    return src[len(base) :] if src.startswith(base) else src.lstrip("/")


def remember_covers(posts, images_siteurl: str) -> None:
    for post in posts:
        found = first_picture(getattr(post, "_content", "") or "")
        post.cover_picture = found[0] if found else None
        attributes = found[1] if found else {}
        post.cover_src = relative_to_images(attributes["src"], images_siteurl) if found else None
        post.cover_alt = attributes.get("alt", "")


def link_neighbours(posts) -> None:
    """``posts`` newest first: each one's older (previous) and newer (next) post."""
    for index, post in enumerate(posts):
        post.next_post = posts[index - 1] if index > 0 else None
        post.previous_post = posts[index + 1] if index + 1 < len(posts) else None


def feed_cover(description: str | None, src_url: str, alt: str) -> str:
    """A feed entry's summary with the post's image first (feed readers show it)."""
    image = f'<p><img src="{escape(src_url)}" alt="{escape(alt)}"></p>'
    return image + (description or "")
