"""The content class of an event: a Pelican ``Content`` like a work, so the moderation's
``content_object_init`` receiver sanitizes its description and prints its texts plain."""

from __future__ import annotations

from pathlib import Path

from altavoz_core.events import OPTIONAL, REQUIRED
from altavoz_gallery.contents import split_images
from pelican.contents import Content

# Keys Pelican would act on as attributes (``status`` decides whether it publishes,
# ``timezone`` how it reads dates): read by the event model only, never by Pelican.
MODEL_ONLY = (
    "start",
    "end",
    "duration",
    "timezone",
    "status",
    "repeat",
    "until",
    "count",
    "organizers",
    "works",
)
assert set(MODEL_ONLY) <= set(REQUIRED) | set(OPTIONAL)


class Event(Content):
    """One event: ``content/events/<slug>/index.md``."""

    mandatory_properties = ("title",)
    default_template = "event"
    default_status = "published"

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        metadata = dict(metadata or {})
        self.fields = {key: str(metadata.pop(key)) for key in MODEL_ONLY if key in metadata}
        folder = Path(source_path).parent if source_path else Path(".")
        # The images are checked like a work's, published by the generator like a work's
        # (derivatives only) and shown after the description.
        images, description = split_images(content or "", folder)
        super().__init__(description, metadata, settings, source_path, context)
        self.folder = folder
        self.slug = folder.name
        self.images = images  # SubmittedImage, each with its rendition once published
        self.event = None  # the model (altavoz_core.events.Event), set by the generator
        self.organizer_list = []  # Artist objects, set by the generator
        self.work_list = []  # Work objects, set by the generator
        self.sequence = 0
        self.announced = self.changed = None
        self._address = {}

    def get_url_setting(self, key):
        # One address whatever the event's language: its folder's (as works do).
        found = self._address.get(key) if hasattr(self, "_address") else None
        if found is None:
            found = self._expand_settings(key)
            if hasattr(self, "_address"):
                self._address[key] = found
        return found

    @property
    def url_format(self):
        values = super().url_format
        values.update(slug=self.slug)
        return values

    @property
    def tag_names(self) -> list[str]:
        value = self.metadata.get("tags") or []
        if isinstance(value, str):
            value = value.split(",")
        return [name for name in (str(getattr(t, "name", t)).strip() for t in value) if name]
