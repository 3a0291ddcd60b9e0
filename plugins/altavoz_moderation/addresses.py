"""Where every submission is written, computed with Pelican's own code, for every language site.

The build writes the main site (``DEFAULT_LANG``) into ``output/`` and each i18n subsite
(``I18N_SUBSITES``) into ``output/<lang>/``. For each site this module builds the very
content objects the build builds (Pelican's ``Article`` and ``Page``, the gallery's
``Work`` and ``Artist``) from the metadata Pelican's reader produces, groups translations
with Pelican's ``process_translations`` and asks each object for its ``save_as``: the
slug comes from Pelican's ``slugify`` with the site's ``SLUG_REGEX_SUBSTITUTIONS``, the
address from the site's ``*_SAVE_AS`` patterns. Next to them go the files the site writes
for itself (blog index, tag lists, archives, feeds, 404, gallery, search index, sitemap,
robots.txt, the theme's files, the English site's folder, published images).

``address_findings`` then checks the whole set before anything is written: two writers
of one file (or of names that differ only in capitals, one file on a case-insensitive
disk), a submission inside a folder the site owns, a path that leaves the output, a
title that gives no address, a translation that takes over another folder's or
author's post. Each finding names both sides; the build leaves the submission out.
"""

from __future__ import annotations

import copy
import logging
import os
import posixpath
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .codes import make_finding
from .findings import Finding
from .submissions import ARTIST, BLOG, PAGE, WORK, images_folder

logger = logging.getLogger(__name__)

# Names Windows cannot create (any extension): a site folder with such a name cannot be
# checked out or copied there.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{n}" for n in "123456789"]
    + [f"lpt{n}" for n in "123456789"]
)

# What each file the site writes for itself is, for the messages.
SITE_PARTS = {
    "INDEX_SAVE_AS": ("la portada del blog", "the blog's front page"),
    "TAGS_SAVE_AS": ("la lista de etiquetas del blog", "the blog's list of tags"),
    "ARCHIVES_SAVE_AS": ("el archivo del blog", "the blog's archive"),
    "404_SAVE_AS": ("la página de error 404", "the 404 error page"),
    "ALTAVOZ_GALLERY_SAVE_AS": ("la portada de la galería", "the gallery's front page"),
    "ALTAVOZ_ARTISTS_INDEX_SAVE_AS": ("la lista de artistas", "the list of artists"),
    "ALTAVOZ_WORK_TAGS_SAVE_AS": ("la lista de etiquetas de obras", "the list of work tags"),
    "ALTAVOZ_THEME_SEARCH_INDEX_SAVE_AS": ("el índice de búsqueda", "the search index"),
    "ALTAVOZ_THEME_SITEMAP_SAVE_AS": ("el mapa del sitio", "the sitemap"),
    "ALTAVOZ_THEME_ROBOTS_SAVE_AS": ("robots.txt", "robots.txt"),
}
FEED_SETTINGS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "ALTAVOZ_WORKS_FEED_ATOM",
)


@dataclass
class Entry:
    """One submission as the site reads it."""

    kind: str  # WORK, ARTIST, BLOG or PAGE
    path: str  # the submission (repository-relative posix path)
    file: str  # its index file
    source_path: str  # absolute path of the index file
    metadata: dict  # what Pelican's reader produces (processed values)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line, for messages
    slug: str = ""  # Pelican's slug for it (set by address_findings)


@dataclass(frozen=True)
class Output:
    site: str  # language of the site writing it
    path: str  # normalised posix path relative to the main output folder
    owner: str  # a submission path, or "" for the site itself
    label: tuple[str, str]  # (es, en): what it is
    field: str | None = None  # the key that decides it ("slug" or "title")
    line: int | None = None
    slug: str = ""


# --------------------------------------------------------------------------- settings


def complete_settings(settings: dict) -> dict:
    """``settings`` with Pelican's and the plugins' defaults under it (as a build has them)."""
    from pelican.settings import DEFAULT_CONFIG

    full = dict(settings)
    if "SLUGIFY_SOURCE" not in settings:  # not read by Pelican yet: its defaults first
        full = copy.deepcopy(DEFAULT_CONFIG)
        full.update(settings)
    try:
        from altavoz_gallery.settings import DEFAULT_SETTINGS as gallery
        from altavoz_theme.settings import DEFAULT_SETTINGS as theme
    except ImportError:  # pragma: no cover - the plugins ship with the site
        gallery, theme = {}, {}
    for key, value in {**gallery, **theme}.items():
        full.setdefault(key, value)
    return full


def sites(settings: dict) -> list[tuple[str, str, dict]]:
    """(language, output prefix, settings) of the main site, then each i18n subsite."""
    main_lang = settings.get("ALTAVOZ_MAIN_LANG") or settings["DEFAULT_LANG"]
    main = dict(settings, DEFAULT_LANG=main_lang)
    result = [(main_lang, "", main)]
    if "i18n_subsites" not in " ".join(map(str, settings.get("PLUGINS") or [])):
        return result
    for lang, overrides in (settings.get("I18N_SUBSITES") or {}).items():
        if lang == main_lang:
            continue
        prefix = lang
        if overrides.get("OUTPUT_PATH") and settings.get("OUTPUT_PATH"):
            prefix = Path(
                os.path.relpath(overrides["OUTPUT_PATH"], settings["OUTPUT_PATH"])
            ).as_posix()
        result.append((lang, prefix, {**main, **overrides, "DEFAULT_LANG": lang}))
    return result


def output_key(path: str) -> str:
    """What two paths share when a case-insensitive, normalising disk stores them."""
    return unicodedata.normalize("NFC", path).casefold()


def join_output(prefix: str, save_as: str) -> str | None:
    """``save_as`` inside a site's output (prefix), normalised; None when it leaves it."""
    save_as = str(save_as).replace("\\", "/")
    if save_as.startswith("/") or (len(save_as) > 1 and save_as[1] == ":"):
        return None  # os.path.join drops the output folder for an absolute path
    joined = posixpath.normpath(posixpath.join(prefix or ".", save_as))
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    if prefix and not (joined + "/").startswith(prefix.rstrip("/") + "/"):
        return None  # leaves its language's site
    return joined


# --------------------------------------------------------------------------- metadata


def pelican_metadata(meta_lists: dict[str, list[str]], entry_file: str, settings: dict) -> dict:
    """What Pelican's ``Readers.read_file`` + ``MarkdownReader`` make of these ``meta`` lists.

    The same functions, in the same order: DEFAULT_METADATA, path metadata, metadata from
    the file name (FILENAME_METADATA), then the file's own keys with Pelican's duplicate
    rules and processors (dates, tags, slug...). Formatted fields (``summary``) stay
    text: rendering them decides nothing about addresses. A value Pelican could not
    process (an invalid date) is left out here; its own check reports it.
    """
    from pelican.readers import (
        DUPLICATES_DEFINITIONS_ALLOWED,
        BaseReader,
        _filter_discardable_metadata,
        default_metadata,
        parse_path_metadata,
        path_metadata,
    )

    reader = BaseReader(settings)

    def process(name, value):
        try:
            return reader.process_metadata(name, value)
        except Exception:  # reported by the value checks (AV210...)
            return None

    base = settings["PATH"]
    source_path = Path(os.path.relpath(entry_file, base)).as_posix()
    metadata = _filter_discardable_metadata(default_metadata(settings, process))
    metadata.update(path_metadata(full_path=entry_file, source_path=source_path, settings=settings))
    metadata.update(
        _filter_discardable_metadata(parse_path_metadata(source_path, settings, process))
    )
    own = {}
    for name, values in meta_lists.items():
        name = name.lower()
        if name in settings.get("FORMATTED_FIELDS", ()):
            own[name] = "\n".join(values)
        elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or len(values) == 1:
            own[name] = process(name, values[0])
        else:
            own[name] = process(name, values)
    metadata.update(_filter_discardable_metadata(own))
    return {key: value for key, value in metadata.items() if value is not None}


# --------------------------------------------------------------------------- outputs


def _content_class(kind: str):
    if kind == BLOG:
        from pelican.contents import Article

        return Article
    if kind == PAGE:
        from pelican.contents import Page

        return Page
    from altavoz_gallery.contents import Artist, Work

    return Work if kind == WORK else Artist


def _build(entry: Entry, site_settings: dict):
    """The content object the build makes of ``entry`` in one site (None if it cannot)."""
    cls = _content_class(entry.kind)
    try:
        item = cls("", dict(entry.metadata), site_settings, entry.source_path, {})
    except Exception:  # a value Pelican refuses; its own check says which
        logger.debug("could not model %s", entry.file, exc_info=True)
        return None
    if entry.kind in (BLOG, PAGE) and not hasattr(item, "slug"):
        item.slug = ""  # no title to make it from: AV803, and Pelican's grouping still sorts
    if "lang" not in entry.metadata and "ALTAVOZ_MAIN_LANG" in site_settings:
        item.lang = site_settings["ALTAVOZ_MAIN_LANG"]  # what altavoz_theme does in the build
    return item


def _decided_by(entry: Entry) -> str | None:
    if "slug" in entry.metadata:
        return "slug"
    if entry.kind in (BLOG, PAGE):
        return "title"
    return None


def submission_outputs(entries: list[Entry], settings: dict) -> tuple[list[Output], list[Finding]]:
    """Every page each submission writes, in every language site, and what cannot be placed."""
    outputs: list[Output] = []
    findings: dict[str, Finding] = {}
    all_sites = sites(settings)
    site_langs = {lang for lang, _, _ in all_sites}
    for lang, prefix, site_settings in all_sites:
        by_kind: dict[str, list] = {}
        entry_of = {}
        for entry in entries:
            item = _build(entry, site_settings)
            if item is None:
                findings.setdefault(entry.path, make_finding("AV806", entry.file))
                continue
            entry_of[id(item)] = entry
            by_kind.setdefault(entry.kind, []).append(item)
        for kind, items in by_kind.items():
            written = items
            if kind in (BLOG, PAGE) and len(all_sites) > 1:
                written = _written_by_i18n_site(kind, items, lang, site_langs, site_settings)
            for item in written:
                entry = entry_of[id(item)]
                decided = _decided_by(entry)
                line = entry.lines.get(decided) if decided else None
                slug = getattr(item, "slug", None)
                if entry.kind in (BLOG, PAGE) and not slug:
                    findings.setdefault(
                        entry.path, make_finding("AV803", entry.file, field=decided, line=line)
                    )
                    continue
                try:
                    save_as = item.save_as
                except Exception:
                    findings.setdefault(entry.path, make_finding("AV806", entry.file))
                    continue
                if not save_as:
                    continue  # an empty *_SAVE_AS: nothing is written
                path = join_output(prefix, save_as)
                if path is None:
                    findings.setdefault(
                        entry.path,
                        make_finding(
                            "AV802", entry.file, field=decided, line=line, snippet=str(save_as)
                        ),
                    )
                    continue
                outputs.append(
                    Output(lang, path, entry.path, ("", ""), decided, line, str(slug or ""))
                )
    return outputs, list(findings.values())


def _written_by_i18n_site(kind, items, lang, site_langs, site_settings) -> list:
    """What one language site of i18n_subsites writes: its originals, as the plugin filters them.

    Translations into a language with a site of its own are written there, not here;
    an original in another site's language follows I18N_UNTRANSLATED_* ("keep": written
    here too, "hide": a draft or hidden page, "remove": not written). Without subsites
    Pelican writes every item, translations included.
    """
    key = "ARTICLE_TRANSLATION_ID" if kind == BLOG else "PAGE_TRANSLATION_ID"
    originals = _originals(items, site_settings[key])
    written = [item for item in items if item not in originals and item.lang not in site_langs]
    policy_key = "I18N_UNTRANSLATED_ARTICLES" if kind == BLOG else "I18N_UNTRANSLATED_PAGES"
    policy = site_settings.get(policy_key, "hide")
    for item in originals:
        if item.lang == lang or item.lang not in site_langs or policy == "keep":
            written.append(item)
        elif policy == "hide":
            item.status = "draft" if kind == BLOG else "hidden"  # a draft has its own address
            written.append(item)
    return written


class _Quiet(logging.Filter):
    def filter(self, record):
        return False  # the findings say it, with both files named


def _originals(items: list, translation_id) -> list:
    """Pelican's own choice of what a site writes among items sharing a translation id."""
    from pelican.utils import logger as utils_logger
    from pelican.utils import process_translations

    quiet = _Quiet()
    utils_logger.addFilter(quiet)
    try:
        originals, _translations = process_translations(list(items), translation_id)
    finally:
        utils_logger.removeFilter(quiet)
    return originals


def _tag_outputs(entries: list[Entry], settings: dict) -> list[Output]:
    """Pages of blog tags and of work tags (each site), owned by the site."""
    from pelican.urlwrappers import Tag

    result = []
    for lang, prefix, site_settings in sites(settings):
        for entry in entries:
            names = entry.metadata.get("tags") or []
            if isinstance(names, str):
                names = [name.strip() for name in names.split(",") if name.strip()]
            for tag in names:
                name = str(getattr(tag, "name", tag))
                if entry.kind == BLOG:
                    save_as = Tag(name, site_settings).save_as
                    label = (f"la página de la etiqueta «{name}»", f"the page of the tag '{name}'")
                elif entry.kind == WORK:
                    from altavoz_gallery.generator import WorkTag

                    work_tag = WorkTag(name, site_settings)
                    if not work_tag.slug:
                        continue  # left out by the gallery (AV310)
                    save_as = work_tag.save_as
                    label = (f"la página de obras «{name}»", f"the works page '{name}'")
                else:
                    continue
                path = join_output(prefix, save_as) if save_as else None
                if path:
                    result.append(Output(lang, path, "", label))
    return result


def site_outputs(settings: dict, content_dir: Path) -> tuple[list[Output], list[Output]]:
    """(files, folders) the site writes for itself in every language site."""
    files: list[Output] = []
    folders: list[Output] = []
    all_sites = sites(settings)
    for index, (lang, prefix, site_settings) in enumerate(all_sites):
        named = {}
        for template in site_settings.get("DIRECT_TEMPLATES", ()):
            key = f"{template.upper()}_SAVE_AS"
            named[key] = site_settings.get(key, f"{template}.html")
        for key in (*SITE_PARTS, *FEED_SETTINGS):
            if key in site_settings and key not in named:
                named[key] = site_settings[key]
        if index != 0:
            named.pop("ALTAVOZ_THEME_ROBOTS_SAVE_AS", None)  # the main site's only
        for key, save_as in named.items():
            if not save_as or not isinstance(save_as, str) or "{" in save_as:
                continue
            path = join_output(prefix, save_as)
            if path:
                label = SITE_PARTS.get(key) or (f"el archivo {save_as}", f"the file {save_as}")
                files.append(Output(lang, path, "", label))
        if index == 0:
            static = site_settings.get("THEME_STATIC_DIR")
            if static and site_settings.get("THEME_STATIC_PATHS"):
                path = join_output("", static)
                if path and path != ".":
                    folders.append(
                        Output(lang, path, "", ("los archivos del diseño", "the theme's files"))
                    )
            for sub_lang, sub_prefix, _ in all_sites[1:]:
                folders.append(
                    Output(
                        lang,
                        sub_prefix,
                        "",
                        (f"el sitio en «{sub_lang}»", f"the '{sub_lang}' version of the site"),
                    )
                )
            for kind in (BLOG, PAGE):
                folder = images_folder(content_dir, kind)
                rel = folder.relative_to(content_dir).as_posix()
                folders.append(
                    Output(lang, rel, "", (f"las imágenes de {rel}", f"the images of {rel}"))
                )
    return files, folders


# --------------------------------------------------------------------------- checks


def _describe(output: Output, entries_by_path: dict[str, Entry]) -> tuple[str, str]:
    if output.owner:
        entry = entries_by_path.get(output.owner)
        name = entry.file if entry else output.owner
        return name, name
    return output.label


def _url_of(path: str) -> str:
    return "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)


def address_findings(
    entries: list[Entry], settings: dict, content_dir: Path, new: set[str] | None = None
) -> dict[str, list[Finding]]:
    """Findings per submission path for every output that cannot be written as it is."""
    settings = complete_settings(settings)
    for entry in entries:
        entry.slug = _slug_of(entry, settings)
    outputs, placed = submission_outputs(entries, settings)
    found: dict[str, list[Finding]] = {}
    for finding in placed:
        found.setdefault(_submission_of(finding.path, entries), []).append(finding)
    files, folders = site_outputs(settings, content_dir)
    files += _tag_outputs(entries, settings)
    by_path = {entry.path: entry for entry in entries}

    def add(output: Output, code: str, other: tuple[str, str]) -> None:
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
            other=other[0] if other[0] == other[1] else f"{other[0]} / {other[1]}",
            other_es=other[0],
            other_en=other[1],
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
            add(output, "AV801", ("una sección del sitio", "a section of the site"))
        parts = output.path.split("/")
        if any(part.split(".")[0].casefold() in WINDOWS_RESERVED for part in parts):
            add(output, "AV805", ("", ""))
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
    main_lang = settings.get("ALTAVOZ_MAIN_LANG") or settings.get("DEFAULT_LANG", "es")
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
    from pelican.utils import slugify

    if entry.kind in (WORK, ARTIST):
        return Path(entry.file).parent.name  # the gallery's slug is the folder's name
    if entry.metadata.get("slug"):
        return str(entry.metadata["slug"])
    title = entry.metadata.get("title")
    if not isinstance(title, str):
        return ""
    return slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def _authors(entry: Entry) -> tuple[str, ...]:
    value = entry.metadata.get("authors") or entry.metadata.get("author") or ()
    if not isinstance(value, (list, tuple)):
        value = [value]
    return tuple(sorted(str(getattr(a, "name", a)).strip().casefold() for a in value))


__all__ = [
    "ARTIST",
    "Entry",
    "Output",
    "address_findings",
    "complete_settings",
    "join_output",
    "pelican_metadata",
    "sites",
    "translation_findings",
]
