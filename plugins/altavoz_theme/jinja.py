"""Filters and globals the theme's templates use, installed on each generator's Jinja env."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

from altavoz_images import images_siteurl
from jinja2 import pass_context
from jinja2.runtime import Markup  # what compiled templates use; markupsafe is Jinja's own

from .dates import interface_locale, long_date
from .discovery import join_url, largest_src, rendition_src
from .glossary import load_glossary, translate
from .licenses import license_info
from .posts import listing_picture
from .settings import site_urls


@cache
def _file_version(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return "0"


def page_path(output_file: str | None) -> str:
    """A written page's address inside its site: ``works/a/b/index.html`` → ``works/a/b/``."""
    path = (output_file or "").replace("\\", "/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path


def _remembering_gettext(translate):
    """Jinja's new-style ``gettext`` (same result), each string looked up once per site.

    A page asks for ~40 interface strings, the same on every page of a language: each is
    translated and, when the call passes no variables (nearly all), formatted once.
    """
    known: dict[tuple[str, bool], str] = {}
    # The finished text of a call without variables: Jinja formats every translation
    # (``%%`` becomes ``%``), so the text kept is the formatted one.
    plain: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context, string, **variables):
        autoescape = context.eval_ctx.autoescape
        if not variables:
            done = plain.get((string, autoescape))
            if done is not None:
                return done
        found = known.get((string, autoescape))
        if found is None:
            found = translate(string)
            if autoescape:
                found = Markup(found)
            known[string, autoescape] = found
        if variables:
            return found % variables
        done = plain[string, autoescape] = found % variables
        return done

    return gettext


def _direct_alias(env):
    """Jinja's ``_`` (the page's ``gettext``), without its second trip through the context.

    Jinja's own ``_`` looks ``gettext`` up in the page's context and calls it through the
    context again, for every string of every page. Where ``gettext`` is still the
    environment's (no template sets one of its own), it is called straight away.
    """
    ours = env.globals["gettext"]

    @pass_context
    def alias(context, *args, **kwargs):
        found = context.resolve_or_missing("gettext")
        if found is ours:
            return ours(context, *args, **kwargs)
        return context.call(context.resolve("gettext"), *args, **kwargs)

    return alias


def at_render(function):
    """``function`` as a filter Jinja never applies while compiling.

    Jinja works out a filter applied to a constant once, when it compiles the template,
    and the compiled template is shared by every language site (``compiled``): a filter
    whose result depends on the language must wait for the page being rendered.
    """

    @pass_context
    def applied(_context, *args, **kwargs):
        return function(*args, **kwargs)

    return applied


def install(env, settings, translations, theme: Path):
    env.add_extension("jinja2.ext.i18n")
    if translations is None:
        env.install_null_translations(newstyle=True)
        env.globals["gettext"] = _remembering_gettext(str)
    else:
        env.install_gettext_translations(translations, newstyle=True)
        env.globals["gettext"] = _remembering_gettext(translations.gettext)
    env.globals["_"] = _direct_alias(env)

    lang = settings["DEFAULT_LANG"]
    urls = site_urls(settings)
    names = settings["ALTAVOZ_THEME_LANGUAGE_NAMES"]
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    # Images are published once, at the main site, for every language.
    images_base = images_siteurl(settings)

    asset_urls: dict[tuple[str, str], str] = {}

    @pass_context
    def asset_url(context, path):
        """A theme file at the main site (one copy for all languages), versioned for caching."""
        base = context.get("SITEURL", "") + "/"
        found = asset_urls.get((base, path))
        if found is None:
            version = _file_version(theme / "static" / path)
            found = asset_urls[base, path] = f"{urljoin(base, f'{static_dir}/{path}')}?v={version}"
        return found

    @pass_context
    def current_path(context):
        return page_path(context.get("output_file"))

    @pass_context
    def canonical_url(context):
        return join_url(context.get("SITEURL", ""), current_path(context))

    @pass_context
    def language_versions(context):
        """This page in every interface language: (lang, name, url, is_current)."""
        path = current_path(context)
        return [
            (code, names.get(code, code), join_url(base, path), code == lang)
            for code, base in urls.items()
        ]

    @pass_context
    def absolute_url(context, path):
        return join_url(context.get("SITEURL", ""), path or "")

    @pass_context
    def translation_url(context, item):
        """A translation lives at the same address in its own language's site."""
        base = urls.get(item.lang, context.get("SITEURL", ""))
        return join_url(base, page_path(item.save_as))

    def image_src(image, thumbnail=False):
        return rendition_src(image, thumbnail)

    def image_url(path):
        """The address of a published image (``image_src``, ``largest_image_src``)."""
        return join_url(images_base, path or "")

    env.globals.update(
        asset_url=asset_url,
        current_path=current_path,
        canonical_url=canonical_url,
        language_versions=language_versions,
        absolute_url=absolute_url,
        translation_url=translation_url,
        image_src=image_src,
        largest_image_src=largest_src,
        image_url=image_url,
        IMAGES_SITEURL=images_base,
        INTERFACE_LANG=lang,
        OG_LOCALE=str(interface_locale(lang)),
        CSP=settings["ALTAVOZ_THEME_CSP"],
    )
    # Tags and techniques in this interface's language where the maintainers' glossary
    # names them (theme/glossary/<lang>.txt); the main language shows them as written.
    glossary = (
        {}
        if lang == settings["ALTAVOZ_MAIN_LANG"]
        else load_glossary(Path(settings["ALTAVOZ_THEME_GLOSSARY"]), lang)
    )

    def glossary_name(name):
        """A tag (or its name) or a technique, in this interface's language if known."""
        return translate(glossary, getattr(name, "name", name))

    def glossary_lang(name, written_in):
        """The language a name is shown in: the interface's if translated, else the work's."""
        text = str(getattr(name, "name", name) or "")
        return lang if glossary_name(name) != text else written_in

    env.filters.update(
        listing_picture=listing_picture,
        tag_name=at_render(glossary_name),
        medium_name=at_render(glossary_name),
        glossary_lang=at_render(glossary_lang),
        long_date=at_render(lambda value: long_date(value, lang)),
        license_info=at_render(lambda spdx: license_info(str(spdx or ""), lang)),
    )
