"""Images in blog posts and pages: published like the gallery's, never as the original.

A post (``content/blog/*.md``) or page (``content/pages/*.md``) shows images with plain
Markdown, ``![what it shows](images/foto.jpg "optional caption")`` or Pelican's
``{static}/blog/images/foto.jpg``; the files live in the images folder of ``blog/`` or
``pages/`` (``altavoz_core.submissions.images_folder``), where moderation has
checked every reference and every file (AV1xx, AV4xx, AV5xx) before Pelican read it.

Here, once the blog's (or the pages') generator has read its content, each referenced
file goes through ``process_images`` into the main site's output (the same folder,
``blog/images/`` or ``pages/images/``, in every language), and each ``<img>`` of the
post's HTML becomes the theme's ``<picture>`` (``macros/picture.html`` rendered by the
generator's own Jinja environment): the first image of a post eager, the others lazy.
An image alone in its paragraph becomes a ``<figure>`` with its caption.

A post whose image cannot be processed is left out of the site, with a log line (like a
work). An ``<img>`` that names no file of the images folder (moderation refused such a
post already) is removed rather than published broken or pointing at an original.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from altavoz_core.kept_output import within
from altavoz_core.markup import image_file, img_tags, tag_attributes
from altavoz_core.rejected import CONTENT_LISTS, REJECTED_KEY, drop_rejected
from altavoz_core.submissions import BLOG, PAGE, images_folder

from . import settings as image_settings
from .pipeline import LOG_PREFIX, ImageJob, ImageSet, RunStats, process_images
from .sharecards import PUBLISHED_STEM, ShareCardJob, card_source, publish_share_cards

logger = logging.getLogger(__name__)

PICTURE_TEMPLATE = "macros/picture.html"
# An image alone in its paragraph (a figure), or any other image.
_IMAGE_OR_FIGURE = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>|<img\b[^>]*>", re.IGNORECASE)


@dataclass
class PostImage:
    """What the picture macro needs: the published rendition and the alt text."""

    alt: str
    rendition: ImageSet | None = None


def image_source(src: str, post_source: Path, content_dir: Path, folder: Path) -> Path | None:
    """The file of the images folder an ``<img src>`` of a post names, or None: the
    moderation's answer (``altavoz_core.markup.resolve_image``), so a reference the check
    accepted is shown.

    ``images/foto.jpg`` is relative to the post, ``{static}/blog/images/foto.jpg`` to the
    content folder (``{static}images/foto.jpg``: to the post again, as Pelican reads it).
    Nothing outside ``folder``, no ``..``, no symbolic link on the way.
    """
    return image_file(src, folder, base=post_source.parent, content_dir=content_dir)


def _items(generator, kind: str) -> list:
    seen, items = set(), []
    for attribute in CONTENT_LISTS[kind]:
        for item in getattr(generator, attribute, None) or []:
            if id(item) not in seen:
                seen.add(id(item))
                items.append(item)
    return items


def _picture_macro(generator):
    env = generator.env
    env.globals.setdefault("IMAGES_SITEURL", image_settings.images_siteurl(generator.settings))
    return env.get_template(PICTURE_TEMPLATE).module.picture


def rewrite_images(
    html: str, renditions: dict[str, ImageSet | None], picture, sizes: str | None = None
) -> str:
    """``html`` with each ``<img>`` as the theme's ``<picture>`` (``renditions``: by src).

    An ``<img>`` without a rendition is removed. The first picture is eager.
    """
    count = 0

    def render(tag: str) -> tuple[str, str]:
        nonlocal count
        attributes = tag_attributes(tag)
        rendition = renditions.get(attributes.get("src", ""))
        if rendition is None:
            return "", ""
        # The alt text and caption are what the sanitizer left; the macro escapes them.
        image = PostImage(" ".join(attributes.get("alt", "").split()), rendition)
        markup = str(picture(image, eager=count == 0, class_name="post-image", sizes=sizes))
        count += 1
        return markup, " ".join(attributes.get("title", "").split())

    def replace(match: re.Match) -> str:
        if match.group(1) is None:
            return render(match.group(0))[0]
        markup, caption = render(match.group(1))
        if not markup:
            return ""
        caption_html = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f'<figure class="post-figure">{markup}{caption_html}</figure>'

    # One pass: the markup put in is never read again.
    return _IMAGE_OR_FIGURE.sub(replace, html)


def publish_post_images(generator, kind: str) -> RunStats:
    """Publish the images of every post (``kind="articles"``) or page (``"pages"``)."""
    settings = image_settings.set_default_settings(dict(generator.settings))
    content_dir = Path(os.path.abspath(settings["PATH"]))
    repo_root = content_dir.parent
    folder = images_folder(content_dir, BLOG if kind == "articles" else PAGE)
    url_dir = folder.relative_to(content_dir).as_posix()
    site_output = Path(generator.output_path).resolve()
    output = Path(image_settings.images_output_path(settings))
    settings["OUTPUT_PATH"] = str(output)

    items = _items(generator, kind)
    sources: dict[int, dict[str, Path | None]] = {}
    jobs: dict[Path, ImageJob] = {}
    for item in items:
        html = getattr(item, "_content", None) or ""
        found = {}
        for attributes in img_tags(html):
            src = attributes.get("src", "")
            path = image_source(src, Path(item.source_path), content_dir, folder)
            found[src] = path
            if path is None:
                logger.warning(
                    "%s %s: image '%s' is not a file in %s/: not shown",
                    LOG_PREFIX,
                    item.relative_source_path,
                    src,
                    url_dir,
                )
            elif path not in jobs:
                jobs[path] = ImageJob(
                    source=path,
                    output_dir=output / url_dir,
                    url_dir=url_dir,
                    rel_path=path.relative_to(repo_root).as_posix(),
                    cards=False,  # shown in the text and in listings at its own shape
                )
        sources[id(item)] = found

    stats = RunStats()
    results = process_images(
        list(jobs.values()),
        settings,
        progress=settings["ALTAVOZ_IMAGES_PROGRESS"],
        stats=stats,
        # Not the gallery's: each publisher sweeps only what it published itself.
        site=f"{site_output}#{kind}",
    )
    for image_set in results.values():
        for finding in image_set.findings:
            logger.warning("%s %s: %s", LOG_PREFIX, finding.path, finding.message_en)

    picture = _picture_macro(generator) if jobs else None
    broken = set()
    for item in items:
        found = sources[id(item)]
        # Pelican would copy {static} files as they are: these are published as derivatives.
        static_links = generator.context.get("static_links")
        if isinstance(static_links, set):
            static_links -= {p.relative_to(content_dir).as_posix() for p in found.values() if p}
        failed = [path for path in found.values() if path is not None and not results[path].ok]
        if failed:
            logger.warning(
                "%s skipping %s: image %s could not be processed (see above)",
                LOG_PREFIX,
                item.relative_source_path,
                failed[0].relative_to(repo_root).as_posix(),
            )
            broken.add(Path(os.path.abspath(item.source_path)).relative_to(repo_root).as_posix())
            continue
        if found:
            renditions = {src: results[path] if path else None for src, path in found.items()}
            sizes = settings["ALTAVOZ_IMAGES_POST_SIZES"]
            item._content = rewrite_images(item._content, renditions, picture, sizes)
    if broken:
        generator.context.setdefault(REJECTED_KEY, set()).update(broken)
        drop_rejected(generator, kind)
    if kind == "articles":
        publish_post_share_cards(generator, settings, sources, results, site_output)
    if jobs:
        logger.info(
            "%s %d %s images: %d from the cache, %d processed, %d failed",
            LOG_PREFIX,
            stats.jobs,
            "blog" if kind == "articles" else "page",
            stats.cached,
            stats.rendered,
            stats.failed,
        )
    return stats


def publish_post_share_cards(generator, settings, sources, results, site_output) -> None:
    """Each post's share card (``post.share_card``): its title over its first image, or
    its title alone. A translation has its own title, so its own card."""
    output = os.path.abspath(settings["OUTPUT_PATH"])
    site_name = str(settings.get("SITENAME", ""))
    jobs = {}
    for item in _items(generator, "articles"):
        url_dir = str(item.url).strip("/")
        if not within(os.path.normpath(os.path.join(output, url_dir)), output):
            item.share_card = None
            continue
        first = next((p for p in sources.get(id(item), {}).values() if p is not None), None)
        image = card_source(results[first], settings) if first is not None else None
        author = str(getattr(item, "author", "") or "")
        subtitle = author if author != site_name else ""
        images = (image,) if image is not None else ()
        jobs[item] = ShareCardJob(Path(output, url_dir), url_dir, item.title, subtitle, images)
    cards = publish_share_cards(jobs.values(), settings, f"{site_output}#{PUBLISHED_STEM}-posts")
    for item, job in jobs.items():
        item.share_card = cards[job]


def publish_article_images(generator) -> None:
    """article_generator_pretaxonomy: before tags, archives and feeds list the posts."""
    publish_post_images(generator, "articles")


def publish_page_images(generator) -> None:
    """page_generator_finalized."""
    publish_post_images(generator, "pages")
