"""Where every submission is written, computed with Pelican's own code, for every language site.

The build writes the main site (``DEFAULT_LANG``) into ``output/`` and each i18n subsite
(``I18N_SUBSITES``) into ``output/<lang>/``. For each site this module builds the very
content objects the build builds (Pelican's ``Article`` and ``Page``, the gallery's
``Work`` and ``Artist``) from the metadata Pelican's reader produces, groups translations
with Pelican's ``process_translations`` (and i18n_subsites' rules) and asks each object
for its ``save_as``: the slug comes from Pelican's ``slugify`` with the site's
``SLUG_REGEX_SUBSTITUTIONS``, the address from the site's ``*_SAVE_AS`` patterns. Next
to them go the files the site writes for itself (blog index, tag lists, archives, feeds,
404, gallery, search index, sitemap, robots.txt, the theme's files, the English site's
folder, published images). ``address_clashes`` checks the whole set.
"""

from __future__ import annotations

import copy
import logging
import os
import posixpath
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from altavoz_core.codes import Words, make_finding
from altavoz_core.findings import Finding
from altavoz_core.slugs import DEFAULT_SLUG_REGEX_SUBSTITUTIONS
from altavoz_core.slugs import slugify as default_slugify
from altavoz_core.submissions import BLOG, PAGE, WORK, images_folder
from altavoz_gallery.contents import Artist, Work
from altavoz_gallery.generator import WorkTag
from pelican.contents import Article, Page
from pelican.readers import (
    DUPLICATES_DEFINITIONS_ALLOWED,
    BaseReader,
    _filter_discardable_metadata,
    default_metadata,
    parse_path_metadata,
    path_metadata,
)
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag
from pelican.utils import logger as utils_logger
from pelican.utils import process_translations, slugify

logger = logging.getLogger(__name__)

# What each file the site writes for itself is, for the messages.
# What each page the site writes for itself is, in the messages (catalog pieces "site:...").
SITE_PARTS = {
    "INDEX_SAVE_AS": "site:blog-index",
    "TAGS_SAVE_AS": "site:blog-tags",
    "ARCHIVES_SAVE_AS": "site:blog-archive",
    "404_SAVE_AS": "site:404",
    "ALTAVOZ_GALLERY_SAVE_AS": "site:gallery-index",
    "ALTAVOZ_ARTISTS_INDEX_SAVE_AS": "site:artists",
    "ALTAVOZ_WORK_TAGS_SAVE_AS": "site:work-tags",
    "ALTAVOZ_THEME_SEARCH_INDEX_SAVE_AS": "site:search-index",
    "ALTAVOZ_THEME_SITEMAP_SAVE_AS": "site:sitemap",
    "ALTAVOZ_THEME_ROBOTS_SAVE_AS": "site:file",  # "the file robots.txt"
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
    label: Words | str  # what it is, worded per language ("" for a submission's own)
    field: str | None = None  # the key that decides it ("slug" or "title")
    line: int | None = None
    slug: str = ""


# --------------------------------------------------------------------------- settings


def pelican_slug(text: str, settings: dict, substitutions: str = "SLUG_REGEX_SUBSTITUTIONS") -> str:
    """The slug Pelican makes of ``text`` with the site's settings (a post's, a tag's...).

    ``substitutions`` names the setting of regex substitutions (tags have their own,
    ``TAG_REGEX_SUBSTITUTIONS``, falling back to the posts' as Pelican does). With
    Pelican's default rules this is the core's ``slugify`` (the one the scaffolders name
    folders with, proven equal to Pelican's); a site that changes them gets Pelican's.
    """
    regex_subs = settings.get(substitutions) or settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    preserve_case = settings.get("SLUGIFY_PRESERVE_CASE", False)
    use_unicode = settings.get("SLUGIFY_USE_UNICODE", False)
    if not preserve_case and not use_unicode and _are_default_substitutions(regex_subs):
        return default_slugify(text)
    return slugify(
        text, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode
    )


def _are_default_substitutions(regex_subs) -> bool:
    try:
        return tuple(tuple(pair) for pair in regex_subs) == DEFAULT_SLUG_REGEX_SUBSTITUTIONS
    except TypeError:  # not pairs: Pelican's own slugify says what is wrong
        return False


def with_pelican_defaults(settings: dict) -> dict:
    """A copy of ``settings`` over Pelican's own defaults, when Pelican has not read them.

    The site's and every plugin's keys (the gallery's WORK_SAVE_AS, the theme's
    ALTAVOZ_MAIN_LANG...) come completed by the caller: the build's plugins or
    ``altavoz_submit.project.complete_settings``; Pelican's classes built here read
    Pelican's keys too.
    """
    if "SLUGIFY_SOURCE" in settings:  # read by Pelican already
        return dict(settings)
    return {**copy.deepcopy(DEFAULT_CONFIG), **settings}


def sites(settings: dict) -> list[tuple[str, str, dict]]:
    """(language, output prefix, settings) of the main site, then each i18n subsite."""
    main_lang = settings["ALTAVOZ_MAIN_LANG"]
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
        return Article
    if kind == PAGE:
        return Page
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
    if "lang" not in entry.metadata:
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
                outputs.append(Output(lang, path, entry.path, "", decided, line, str(slug or "")))
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
    quiet = _Quiet()
    utils_logger.addFilter(quiet)
    try:
        originals, _translations = process_translations(list(items), translation_id)
    finally:
        utils_logger.removeFilter(quiet)
    return originals


def tag_outputs(entries: list[Entry], settings: dict) -> list[Output]:
    """Pages of blog tags and of work tags (each site), owned by the site."""
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
                    label = Words("site:blog-tag", name=name)
                elif entry.kind == WORK:
                    work_tag = WorkTag(name, site_settings)
                    if not work_tag.slug:
                        continue  # left out by the gallery (AV310)
                    save_as = work_tag.save_as
                    label = Words("site:work-tag", name=name)
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
                label = Words(SITE_PARTS.get(key, "site:file"), name=save_as)
                files.append(Output(lang, path, "", label))
        if index == 0:
            static = site_settings.get("THEME_STATIC_DIR")
            if static and site_settings.get("THEME_STATIC_PATHS"):
                path = join_output("", static)
                if path and path != ".":
                    folders.append(Output(lang, path, "", Words("site:theme-files")))
            for sub_lang, sub_prefix, _ in all_sites[1:]:
                folders.append(
                    Output(
                        lang,
                        sub_prefix,
                        "",
                        Words("site:language-site", lang=sub_lang),
                    )
                )
            for kind in (BLOG, PAGE):
                folder = images_folder(content_dir, kind)
                rel = folder.relative_to(content_dir).as_posix()
                folders.append(Output(lang, rel, "", Words("site:images-folder", folder=rel)))
    return files, folders
