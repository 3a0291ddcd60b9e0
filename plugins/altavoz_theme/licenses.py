"""Licences a work may carry, shown plainly: a name, a sentence and the legal text's address."""

from __future__ import annotations

from dataclasses import dataclass

_CC_NAMES = {
    "by": ("Atribución", "Attribution"),
    "by-sa": ("Atribución-CompartirIgual", "Attribution-ShareAlike"),
    "by-nc": ("Atribución-NoComercial", "Attribution-NonCommercial"),
    "by-nc-sa": (
        "Atribución-NoComercial-CompartirIgual",
        "Attribution-NonCommercial-ShareAlike",
    ),
    "by-nd": ("Atribución-SinDerivadas", "Attribution-NoDerivatives"),
    "by-nc-nd": (
        "Atribución-NoComercial-SinDerivadas",
        "Attribution-NonCommercial-NoDerivatives",
    ),
}

# What a visitor may do, in one sentence per language.
_CC_SUMMARIES = {
    "by": (
        "Puedes compartirla y adaptarla, incluso con fines comerciales, citando a quien la hizo.",
        "You may share and adapt it, even commercially, if you credit the artist.",
    ),
    "by-sa": (
        "Puedes compartirla y adaptarla citando a quien la hizo y con la misma licencia.",
        "You may share and adapt it if you credit the artist and use the same licence.",
    ),
    "by-nc": (
        "Puedes compartirla y adaptarla sin fines comerciales, citando a quien la hizo.",
        "You may share and adapt it for non-commercial purposes if you credit the artist.",
    ),
    "by-nc-sa": (
        "Puedes compartirla y adaptarla sin fines comerciales, citando a quien la hizo"
        " y con la misma licencia.",
        "You may share and adapt it for non-commercial purposes if you credit the artist"
        " and use the same licence.",
    ),
    "by-nd": (
        "Puedes compartirla sin cambios, citando a quien la hizo.",
        "You may share it unchanged if you credit the artist.",
    ),
    "by-nc-nd": (
        "Puedes compartirla sin cambios y sin fines comerciales, citando a quien la hizo.",
        "You may share it unchanged, for non-commercial purposes, if you credit the artist.",
    ),
}


@dataclass(frozen=True)
class LicenseInfo:
    id: str
    name: str
    summary: str
    url: str | None  # the licence's text; None when there is none to link to


def license_info(spdx_id: str, lang: str) -> LicenseInfo:
    """How to show the licence ``spdx_id`` in the interface language ``lang``."""
    key = (spdx_id or "").strip()
    english = lang != "es"
    deed = "deed.en" if english else "deed.es"
    lowered = key.lower()
    if lowered == "all-rights-reserved":
        return LicenseInfo(
            key,
            "All rights reserved" if english else "Todos los derechos reservados",
            "To use this work in any way, ask the artist for permission first."
            if english
            else "Para usar esta obra de cualquier forma, pide permiso antes a quien la hizo.",
            None,
        )
    if lowered == "cc0-1.0":
        return LicenseInfo(
            key,
            "CC0 1.0 (public domain dedication)" if english else "CC0 1.0 (dominio público)",
            "You may use it for anything, without asking."
            if english
            else "Puedes usarla para lo que quieras, sin pedir permiso.",
            f"https://creativecommons.org/publicdomain/zero/1.0/{deed}",
        )
    if lowered.startswith("cc-") and lowered.endswith("-4.0"):
        kind = lowered[3:-4]
        if kind in _CC_NAMES:
            name = _CC_NAMES[kind][english]
            return LicenseInfo(
                key,
                f"Creative Commons {name} 4.0",
                _CC_SUMMARIES[kind][english],
                f"https://creativecommons.org/licenses/{kind}/4.0/{deed}",
            )
    # An id we do not know: show it as given, with SPDX's own page about it.
    return LicenseInfo(key, key, "", f"https://spdx.org/licenses/{key}.html" if key else None)
