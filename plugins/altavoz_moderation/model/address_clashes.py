"""Clashes in the set of addresses: checked whole, before anything is written.

Two writers of one file (or of names that differ only in capitals: one file on a
case-insensitive disk), a submission inside a folder the site owns or at a name the
site reserves, a name Windows cannot create, a translation that takes over another
folder's or author's post. Each finding names both sides; the build leaves the
submission out and the rest publishes.
"""

from __future__ import annotations

from pathlib import Path

from altavoz_core.codes import Words, make_finding
from altavoz_core.findings import Finding
from altavoz_core.slugs import WINDOWS_RESERVED
from altavoz_core.submissions import ARTIST, BLOG, PAGE, WORK

from .addresses import (
    Entry,
    Output,
    output_key,
    pelican_slug,
    site_outputs,
    submission_outputs,
    tag_outputs,
    with_pelican_defaults,
)


def _describe(output: Output, entries_by_path: dict[str, Entry]) -> Words | str:
    if output.owner:
        entry = entries_by_path.get(output.owner)
        return entry.file if entry else output.owner
    return output.label


def _url_of(path: str) -> str:
    return "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)


def address_findings(
    entries: list[Entry], settings: dict, content_dir: Path, new: set[str] | None = None
) -> dict[str, list[Finding]]:
    """Findings per submission path for every output that cannot be written as it is."""
    settings = with_pelican_defaults(settings)
    for entry in entries:
        entry.slug = _slug_of(entry, settings)
    outputs, placed = submission_outputs(entries, settings)
    found: dict[str, list[Finding]] = {}
    for finding in placed:
        found.setdefault(_submission_of(finding.path, entries), []).append(finding)
    files, folders = site_outputs(settings, content_dir)
    files += tag_outputs(entries, settings)
    by_path = {entry.path: entry for entry in entries}

    def add(output: Output, code: str, other: Words | str) -> None:
        entry = by_path[output.owner]
        address = _url_of(output.path)
        finding = make_finding(
            code,
            entry.file,
            field=output.field,
            line=output.line,
            snippet=address,
            address=address,
            value=address,
            other=other,
        )
        # One finding per other side: the same clash in the English site says nothing new.
        key = (entry.path, code, other)
        if key not in reported:
            reported.add(key)
            found.setdefault(entry.path, []).append(finding)

    reported: set = set()

    reserved = set(settings.get("ALTAVOZ_MODERATION_RESERVED_SLUGS", ()))
    taken: dict[str, list[Output]] = {}
    for output in files + outputs:
        taken.setdefault(output_key(output.path), []).append(output)
    for output in outputs:
        for other in taken[output_key(output.path)]:
            if other.owner == output.owner:
                continue
            if other.owner and _keeps_address(by_path[output.owner], by_path[other.owner], new):
                continue  # the established post keeps its address; the other one is told
            # AV804: one file only where capitals do not count.
            code = "AV804" if other.path != output.path else "AV219" if other.owner else "AV801"
            add(output, code, _describe(other, by_path))
        for folder in folders:
            if folder.site != output.site:
                continue  # the English site's own pages live inside its folder
            if output_key(output.path).startswith(output_key(folder.path.rstrip("/")) + "/"):
                add(output, "AV801", folder.label)
        already = any(f.code == "AV801" for f in found.get(output.owner, ()))
        if output.slug.casefold() in reserved and not already:
            add(output, "AV801", Words("site:section"))
        parts = output.path.split("/")
        if any(part.split(".")[0].casefold() in WINDOWS_RESERVED for part in parts):
            add(output, "AV805", "")
    return found


def _submission_of(file: str, entries: list[Entry]) -> str:
    for entry in entries:
        if entry.file == file:
            return entry.path
    return file


def translation_findings(
    entries: list[Entry], settings: dict, new: set[str] | None = None
) -> dict[str, list[Finding]]:
    """A post or page that becomes the translation of one in another folder or by another author."""
    found: dict[str, list[Finding]] = {}
    main_lang = settings["ALTAVOZ_MAIN_LANG"]
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        if entry.kind not in (BLOG, PAGE):
            continue
        slug = entry.slug = _slug_of(entry, settings)
        if slug:
            groups.setdefault((entry.kind, slug), []).append(entry)
    for group in groups.values():
        for entry in group:
            slug_of_entry = entry.slug
            lang = entry.metadata.get("lang") or main_lang
            for other in group:
                if other is entry or (other.metadata.get("lang") or main_lang) == lang:
                    continue
                if _keeps_address(entry, other, new):
                    continue
                same_folder = Path(entry.file).parent == Path(other.file).parent
                if same_folder and _authors(entry) == _authors(other):
                    continue
                found.setdefault(entry.path, []).append(
                    make_finding(
                        "AV222",
                        entry.file,
                        field="slug" if "slug" in entry.metadata else "title",
                        line=entry.lines.get("slug") or entry.lines.get("title"),
                        snippet=other.file,
                        other=other.file,
                        address=slug_of_entry,
                    )
                )
    return found


def _is_named_after_its_address(entry: Entry) -> bool:
    """``acerca.md`` (or ``acerca.en.md``) with the slug ``acerca``; folders always are."""
    if entry.kind not in (BLOG, PAGE):
        return True
    stem = Path(entry.file).name.rsplit(".", 1)[0]
    lang = entry.metadata.get("lang")
    if lang and stem.endswith(f".{lang}"):
        stem = stem[: -len(lang) - 1]
    return stem == entry.slug


def _keeps_address(entry: Entry, other: Entry, new: set[str] | None = None) -> bool:
    """Of two files claiming one address, which one keeps it (the other is told).

    ``new``: the submissions a pull request changes (``invoke check --since``); a file
    already on the site keeps its address against them, whatever the names. Otherwise
    the one named after the address keeps it: on the main branch a maintainers'
    ``bienvenida.md`` stays published while a ``copia.md`` titled "¡Bienvenida!" is left
    out. When neither or both are named after it, both are left out.
    """
    if new is not None and (entry.path in new) != (other.path in new):
        return entry.path not in new
    return _is_named_after_its_address(entry) and not _is_named_after_its_address(other)


def _slug_of(entry: Entry, settings: dict) -> str:
    if entry.kind in (WORK, ARTIST):
        return Path(entry.file).parent.name  # the gallery's slug is the folder's name
    if entry.metadata.get("slug"):
        return str(entry.metadata["slug"])
    title = entry.metadata.get("title")
    if not isinstance(title, str):
        return ""
    return pelican_slug(title, settings)


def _authors(entry: Entry) -> tuple[str, ...]:
    value = entry.metadata.get("authors") or entry.metadata.get("author") or ()
    if not isinstance(value, (list, tuple)):
        value = [value]
    return tuple(sorted(str(getattr(a, "name", a)).strip().casefold() for a in value))
