"""altavoz_images: validation, privacy stripping and cached derivatives of submitted images.

Public API (the build, tasks.py, the benchmark and the tests all call these):
- ``check_image_file(path, rel_path, settings)`` -> list[Finding] (codes AV5xx)
- ``strip_private_metadata(path)`` / ``strip_tree(path)`` -> StripReport(s)
- ``process_images(jobs, settings)`` -> {source: ImageSet}
- ``publish_gallery_images(generator)``: the gallery's image step
- ``publish_item_images(generator, items, publisher)``: the same for other items shown
  like a work (the agenda's events, items.py)
- ``publish_post_images(generator, kind)``: images of blog posts and pages (posts.py)
- ``images_siteurl(settings)`` / ``images_output_path(settings)``: where derivatives are
  served from and published into (the main site's, also when an i18n subsite is built)
"""

from altavoz_core.settings import remember_main_site

from .gallery import publish_gallery_images
from .items import publish_item_images
from .pipeline import ImageJob, ImageSet, RunStats, process_images
from .posts import publish_article_images, publish_page_images, publish_post_images
from .settings import images_output_path, images_siteurl, set_default_settings
from .strip import StripError, StripReport, strip_private_metadata, strip_tree
from .validation import check_image_file

__all__ = [
    "ImageJob",
    "ImageSet",
    "RunStats",
    "StripError",
    "StripReport",
    "check_image_file",
    "images_output_path",
    "images_siteurl",
    "process_images",
    "publish_gallery_images",
    "publish_item_images",
    "publish_post_images",
    "register",
    "set_default_settings",
    "strip_private_metadata",
    "strip_tree",
]


def apply_defaults(pelican_object):
    set_default_settings(pelican_object.settings)


def register():
    from pelican import signals  # here: validation, strip and the bench need no Pelican

    signals.initialized.connect(remember_main_site)
    signals.initialized.connect(apply_defaults)
    signals.article_generator_pretaxonomy.connect(publish_article_images)
    signals.page_generator_finalized.connect(publish_page_images)
