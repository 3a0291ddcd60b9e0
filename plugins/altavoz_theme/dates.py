"""Dates written the way each interface language writes them, from Babel's locale data.

Pelican's ``locale_date`` depends on the machine having the es_MX/en_US system
locales installed, which CI images and small servers often lack; Babel carries
its own data.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

# The variant each interface language is written in on this site: its dates, the
# agenda's times and zones, and the pages' og:locale.
LOCALES = {"es": "es_MX", "en": "en_US"}
FALLBACK = "en_US"


@cache
def interface_locale(lang: str) -> Locale:
    """The Babel locale an interface language is written in (English when unknown)."""
    try:
        return Locale.parse(LOCALES.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


def long_date(value: dt.date | dt.datetime, lang: str) -> str:
    """``14 de marzo de 2026`` in Spanish, ``March 14, 2026`` in English."""
    return format_date(value, "long", locale=interface_locale(lang))
