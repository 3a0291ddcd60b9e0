"""Dates written the way each interface language writes them, without system locales.

Pelican's ``locale_date`` depends on the machine having the es_MX/en_US
locales installed, which CI images and phones-as-servers often lack.
"""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def long_date(value: dt.date | dt.datetime, lang: str) -> str:
    """``14 de marzo de 2026`` in Spanish, ``March 14, 2026`` in English."""
    months = MONTHS.get(lang, MONTHS["en"])
    month = months[value.month - 1]
    if lang == "es":
        return f"{value.day} de {month} de {value.year}"
    return f"{month} {value.day}, {value.year}"
