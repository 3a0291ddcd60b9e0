"""Images of other items shown like a work's: the agenda's events.

An event's folder holds its images as a work's does, checked by the same moderation;
they are published by the gallery's own jobs and guards (``gallery._jobs_for``,
``gallery._inside``): derivatives only, never the original, into the main site's output
at the item's address, whatever the language built.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from altavoz_core.kept_output import real_folder

from . import settings as image_settings
from .gallery import _inside, _jobs_for
from .pipeline import LOG_PREFIX, process_images

logger = logging.getLogger(__name__)


def publish_item_images(generator, items, publisher: str) -> list:
    """Publish the images of other items shown like a work's (the agenda's events: each
    with ``images`` and ``url``) and fill each ``image.rendition``; returns the items
    whose images could not be processed or would land outside the output, for the
    caller to leave out as the gallery leaves out such a work.

    The same jobs and guards as the gallery's, and its own record of published files
    (``publisher``, e.g. "events"): called once per build and language, also with no
    images, so what an item no longer shows goes and the gallery's files stay.
    """
    settings = image_settings.set_default_settings(dict(generator.settings))
    site_output = Path(generator.output_path).resolve()
    output = Path(image_settings.images_output_path(settings))
    settings["OUTPUT_PATH"] = str(output)
    folders: dict[str, str] = {}
    repo_root = real_folder(os.path.abspath(Path(generator.path).parent), folders)
    base = os.path.abspath(output)
    pairs, failed = [], []
    for item in items:
        if not _inside(base, str(item.url).strip("/"), folders):
            failed.append(item)
            continue
        local = [image for image in item.images if image.is_local_file]
        if len(local) != len(item.images):  # moderation refused such an item already
            failed.append(item)
            continue
        pairs += [(item, *pair) for pair in _jobs_for(item, local, base, repo_root, folders, set())]
    results = process_images(
        [job for _, _, job in pairs],
        settings,
        progress=settings["ALTAVOZ_IMAGES_PROGRESS"],
        site=f"{site_output}#{publisher}",
    )
    for item, image, job in pairs:
        image_set = results[job.source]
        image.rendition = image_set if image_set.ok else None
        for finding in image_set.findings:
            logger.warning("%s %s: %s", LOG_PREFIX, finding.path, finding.message_en)
        if not image_set.ok and item not in failed:
            failed.append(item)
    return failed
