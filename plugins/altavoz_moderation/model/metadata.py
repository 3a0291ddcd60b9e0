"""The metadata the site's Markdown reader takes from a file, read by that reader itself.

Pelican gets a file's metadata from Markdown's ``meta`` extension: Markdown first runs
its preprocessors that come before ``meta`` (whitespace normalisation: line ends, tabs,
control characters it drops), then ``meta`` collects ``key: value`` lines. Running
exactly those preprocessors of a Markdown built with the site's configuration gives the
site's metadata without rendering the body (linear in the header's size), and the
checks compare it with their own reading: any difference, however it came about, is an
error rather than a guess. Needs Markdown, not Pelican.
"""

from __future__ import annotations

import json
import threading

import markdown

from ..settings import markdown_config

META_EXTENSION = "markdown.extensions.meta"


_local = threading.local()  # one Markdown per configuration and thread, reset before each use


def _markdown(settings: dict) -> markdown.Markdown:
    config = markdown_config(settings)
    key = json.dumps(config, sort_keys=True, default=str)
    built = _local.__dict__.setdefault("built", {})
    md = built.get(key)
    if md is None:
        md = built[key] = _build(config)
    md.reset()
    return md


def _build(config: dict) -> markdown.Markdown:
    extensions = list(config.get("extensions", []))
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    if META_EXTENSION not in extensions:  # Pelican always adds it
        extensions.append(META_EXTENSION)
    return markdown.Markdown(
        extensions=extensions,
        extension_configs=config.get("extension_configs", {}),
        output_format=config.get("output_format", "html5"),
    )


def markdown_metadata(text: str, settings: dict) -> dict[str, list[str]]:
    """``{key: [values...]}`` as Markdown's ``meta`` reads ``text`` (Pelican's reading of it)."""
    if not text.strip():
        return {}  # Markdown returns before any preprocessor runs
    md = _markdown(settings)
    lines = text.split("\n")  # what Markdown.convert does first
    for preprocessor in md.preprocessors:  # highest priority first, as convert() runs them
        lines = preprocessor.run(lines)
        if preprocessor is md.preprocessors["meta"]:
            break
    return {key: list(values) for key, values in getattr(md, "Meta", {}).items()}
