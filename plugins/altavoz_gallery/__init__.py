"""altavoz_gallery: works and artists as pages of their own.

A work is a folder ``content/works/<artist>/<work>/`` and an artist a folder
``content/artists/<artist>/``, each with an ``index.md``. This plugin adds a
Pelican generator that reads them, links works to their artists and writes the
gallery: one page per work, one per artist, the gallery index (newest first),
tag pages for works, an Atom feed of works and one per artist (each entry carrying its
cover). The blog stays Pelican's own.
"""

from altavoz_core.settings import remember_main_site
from pelican import signals

from .contents import Artist, SubmittedImage, Work
from .generator import GalleryGenerator, finish_feed
from .settings import DEFAULTS, set_default_settings

__all__ = [
    "DEFAULTS",
    "Artist",
    "GalleryGenerator",
    "SubmittedImage",
    "Work",
    "generator_plugin",
    "register",
    "set_default_settings",
]


def generator_plugin(generator, set_defaults):
    """The ``register`` of a plugin that adds one generator (the gallery, the agenda):
    its settings' defaults and the derived keys filled in when Pelican starts, then its
    generator.

    The receivers live as long as the returned function (kept at module level by its
    plugin): Pelican's signals hold them weakly, and connecting the same receiver again,
    as every build in one process does, adds nothing.
    """

    def apply_defaults(pelican_object):
        set_defaults(pelican_object.settings)

    def add_generator(pelican_object):
        return generator

    def register():
        signals.initialized.connect(remember_main_site)
        signals.initialized.connect(apply_defaults)
        signals.get_generators.connect(add_generator)

    return register


_register_generator = generator_plugin(GalleryGenerator, set_default_settings)


def register():
    _register_generator()
    signals.feed_generated.connect(finish_feed)
