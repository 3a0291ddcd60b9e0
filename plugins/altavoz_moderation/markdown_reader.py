"""Pelican's Markdown reader, remembering what Markdown made of each text.

The blog, the pages and the gallery of both language sites read their files through
Pelican's readers, which parse every file once per language site, every build. This
reader keeps Markdown's output (the HTML and the header's raw values) under a hash of
the text, the Markdown configuration and the versions of the code involved, so a text
is parsed once and only again when it changes. The header's values are still turned
into metadata by Pelican's own code each time (dates, tags and authors depend on the
site reading them), so the content objects are the same as without it.
"""

from __future__ import annotations

import json

from altavoz_core import fingerprints
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import memo

STORE = "markdown"
_DISTRIBUTIONS = ("markdown", "pelican", "pygments")


class _HeaderAlreadyRead:
    """Stands in for the Markdown instance when the header needs no Markdown of its own.

    ``MarkdownReader._parse_metadata`` first switches the ``meta`` preprocessor off on
    it, and needs it only for fields written in Markdown (FORMATTED_FIELDS).
    """

    class preprocessors:  # the attribute Pelican uses
        @staticmethod
        def deregister(name, strict=True):
            return None


class RememberingMarkdownReader(MarkdownReader):
    def read(self, source_path):
        with pelican_open(source_path) as text:
            pass
        config = self.settings["MARKDOWN"]
        key = fingerprints.digest(
            memo.code_version(distributions=_DISTRIBUTIONS),
            json.dumps(fingerprints.canonical(config), sort_keys=True),
            text,
        )
        store = memo.store(self.settings, STORE)
        found = store.get(key)
        remembered = (
            isinstance(found, list)
            and len(found) == 2
            and isinstance(found[0], str)
            and isinstance(found[1], dict)
            and all(
                isinstance(values, list) and all(isinstance(v, str) for v in values)
                for values in found[1].values()
            )
        )
        if found is not None and not remembered:
            store.forget(key)
        self._source_path = source_path
        if remembered:
            content, meta = found
            formatted = set(self.settings["FORMATTED_FIELDS"])
            if formatted & {name.lower() for name in meta}:
                self._md = Markdown(**config)
            else:
                self._md = _HeaderAlreadyRead()
        else:
            self._md = Markdown(**config)
            content = self._md.convert(text)
            meta = {name: list(values) for name, values in getattr(self._md, "Meta", {}).items()}
            store.put(key, [content, meta])
        return content, self._parse_metadata(meta) if meta else {}


def use_remembering_reader(readers) -> None:
    """readers_init: Markdown files are read by ``RememberingMarkdownReader``."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = RememberingMarkdownReader
