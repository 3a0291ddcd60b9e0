"""Findings of a security review, each shown failing before its fix.

A catalog's translation is a ``str.format`` template that the checks and the intake fill
with the author's values: a blank written ``{file.__class__}``, ``{file[0]}``,
``{file!r}``, ``{file:>99999999}``, ``{file:{field.__class__}}`` or ``{}`` would read
attributes or items of a value, change how it is shown, build a string of any size or
stop the message from being worded at all. Such a
translation is never used (the Spanish shows) and the catalogs' check names it.
"""

from __future__ import annotations

import shutil

import pytest
from altavoz_core import catalogs, codes
from altavoz_core.codes import CODES
from babel.messages.pofile import read_po, write_po

SPANISH = CODES["AV102"].es


@pytest.fixture
def locale(tmp_path):
    copy = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, copy)
    return copy


def _translated(locale, text: str) -> None:
    path = catalogs.catalog_path("en", locale)
    with path.open("rb") as po:
        catalog = read_po(po)
    catalog.get(SPANISH, context="AV102").string = text
    with path.open("wb") as po:
        write_po(po, catalog)
    catalogs._translations.cache_clear()


BAD_BLANKS = [
    "The folder {file.__class__} has no index.md.",
    "The folder {file[0]} has no index.md.",
    "The folder {file!r} has no index.md.",
    "The folder {file:>99999999} has no index.md.",
    "The folder {file:{file.__class__}} has no index.md.",
    "The folder {0} has no index.md.",
    # A positional blank: format_map refuses the whole message (the check would crash),
    # and the blanks' comparison, which counts named blanks only, did not see it.
    "The folder {} has no index.md.",
]


@pytest.mark.parametrize("text", BAD_BLANKS)
def test_a_translation_whose_blank_is_not_a_plain_name_is_not_used(locale, text):
    _translated(locale, text)
    assert catalogs.translate("AV102", SPANISH, "en", locale) == SPANISH
    found = catalogs.problems(codes.catalog_entries() + _intake_entries(), locale)
    assert any("AV102" in problem for problem in found), found


def test_a_plain_translation_is_still_used(locale):
    _translated(locale, "The folder {file} lacks an index.md.")
    assert catalogs.translate("AV102", SPANISH, "en", locale) == (
        "The folder {file} lacks an index.md."
    )


def _intake_entries():
    from altavoz_submit.intake import messages

    return messages.catalog_entries()
