"""What the build leaves out: submissions with errors and files reached through a link.

The moderation checks put the submissions with errors in the build's context under
``REJECTED_KEY`` (posix paths relative to the repository root); the image plugin adds a
post whose image could not be processed. Every generator then asks the same two
questions, answered here: is this file left out (``is_rejected``), and is it really
inside the content folder (``is_inside_content``)? ``drop_rejected`` takes the left-out
posts or pages out of a Pelican generator's lists. Works on Pelican's objects by their
attributes, without importing Pelican.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

REJECTED_KEY = "ALTAVOZ_REJECTED"
LOG_PREFIX = "[altavoz_moderation]"

# Every list of a Pelican generator a post or a page can sit in.
CONTENT_LISTS = {
    "articles": (
        "articles",
        "translations",
        "hidden_articles",
        "hidden_translations",
        "drafts",
        "drafts_translations",
    ),
    "pages": (
        "pages",
        "translations",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    ),
}


def is_rejected(path: str | None, rejected) -> bool:
    """A file is left out when it, or a folder holding it (a linked folder...), has errors."""
    if not path:
        return False
    parts = path.split("/")
    return any("/".join(parts[:end]) in rejected for end in range(len(parts), 0, -1))


def first_symlink(path: Path, top: Path, include_top: bool = False) -> Path | None:
    """The first symbolic link on the way from ``top`` down to ``path`` (included), if any.

    Lexical: ``path`` must lie under ``top`` as written; nothing is resolved first.
    """
    inside = Path(path).relative_to(top).parts
    first = 0 if include_top else 1
    steps = (Path(top, *inside[:depth]) for depth in range(first, len(inside) + 1))
    return next((step for step in steps if step.is_symlink()), None)


def is_inside_content(path, content_dir) -> bool:
    """``path`` is under ``content_dir`` with no symbolic link on the way there."""
    content = Path(os.path.abspath(content_dir))
    path = Path(os.path.abspath(path))
    if not path.is_relative_to(content) or first_symlink(path, content) is not None:
        return False
    return path.resolve().is_relative_to(content.resolve())


def repo_relative(content, settings) -> str | None:
    """The posix path of a content object's file relative to the repository root.

    Lexical, not resolved: a symbolic link is judged where it sits in content/ (the
    report names it there), never by the file it points at.
    """
    source = getattr(content, "source_path", None)
    if not source:
        return None
    root = Path(os.path.abspath(settings["PATH"])).parent
    try:
        return Path(os.path.abspath(source)).relative_to(root).as_posix()
    except ValueError:
        return None


def must_drop(item, settings, rejected) -> bool:
    source = getattr(item, "source_path", None)
    if source and not is_inside_content(source, settings["PATH"]):
        return True  # read through a symbolic link: never published, whatever the report says
    return is_rejected(repo_relative(item, settings), rejected)


def drop_rejected(generator, kind: str) -> list:
    """Take the left-out posts (``kind="articles"``) or pages out of every list; return them."""
    attributes = CONTENT_LISTS[kind]
    rejected = generator.context.get(REJECTED_KEY) or set()
    dropped = []
    for attribute in attributes:
        items = getattr(generator, attribute, None)
        if not items:
            continue
        kept = []
        for item in items:
            if must_drop(item, generator.settings, rejected):
                dropped.append(item)
            else:
                kept.append(item)
        setattr(generator, attribute, kept)
    for attribute in attributes:
        for item in getattr(generator, attribute, None) or []:
            translations = getattr(item, "translations", None)
            if translations:
                item.translations = [t for t in translations if t not in dropped]
    generated = generator.context.get("generated_content")
    for item in dropped:
        path = repo_relative(item, generator.settings)
        logger.warning(
            "%s skipping %s: it has errors (see the moderation report)", LOG_PREFIX, path
        )
        if isinstance(generated, dict):
            generated.pop(item.get_relative_source_path(), None)
    if dropped and kind == "pages":  # the pages' lists are in the context too
        for attribute in ("pages", "hidden_pages", "draft_pages"):
            generator.context[attribute] = getattr(generator, attribute)
    return dropped
