"""Slugs and the other whole values a submission names: one rule each, for the whole value.

A name is valid only as a whole: `$` in a regex also matches before a final "\\n", and
`\\d`/`\\w`/`str.isdigit` take every script's digits and letters, so each case below is a
neighbour of a valid value that a `.match`-with-`$` or Unicode-class check would accept.
The slug of a title follows Pelican's rules (the core's ``slugify`` is checked against
Pelican's own on arbitrary text), so a folder named from a title and the address Pelican
makes of it agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from altavoz_core.fields import is_github_handle, problems_with
from altavoz_core.slugs import MAX_SLUG_LENGTH, is_folder_name, is_slug, slugify, suggest_slug
from altavoz_core.submissions import ARTIST, WORK, Submission
from altavoz_moderation.checks.structure import check_layout
from altavoz_moderation.model.addresses import pelican_slug
from altavoz_moderation.settings import DEFAULTS as MODERATION_DEFAULTS
from altavoz_submit.check import run_check
from altavoz_submit.intake import attachments
from altavoz_submit.intake.actions import field_limits
from altavoz_submit.project import create_settings
from conftest import build_site, write_artist, write_work
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

FAST = settings(max_examples=400, derandomize=True, deadline=None)

# ------------------------------------------------------------------ whole names


@pytest.mark.parametrize(
    "name",
    ["obra", "a", "0", "raices-de-maiz", "a1-b2-c3", "2026", "x" * MAX_SLUG_LENGTH],
)
def test_a_slug_is_accepted(name):
    assert is_slug(name)


@pytest.mark.parametrize(
    "name",
    [
        "obra\n",  # `$` matches before a final newline: the case that got through
        "obra\r",
        "obra\r\n",
        "\nobra",
        "ob\nra",
        "obra\x0b",
        "obra\x0c",
        "obra\x85",
        "obra\u2028",
        "obra ",
        " obra",
        "obra\t",
        "Obra",
        "OBRA",
        "obra_1",
        "obra--1",
        "-obra",
        "obra-",
        "-",
        "",
        "obra.md",
        "obra/otra",
        "٢٠٢٦",  # Arabic-Indic digits: \d and str.isdigit take them
        "２０２６",  # fullwidth digits
        "ｏｂｒａ",  # fullwidth letters
        "obrа",  # the last letter is Cyrillic
        "raíces",
        "ǆ",
        "²",
        "x" * (MAX_SLUG_LENGTH + 1),
    ],
)
def test_anything_else_is_not_a_slug(name):
    assert not is_slug(name)


@pytest.mark.parametrize("handle", ["luzmendoza", "LuzMendoza", "ana-r", "a", "a" * 39, "a1-b2"])
def test_a_github_user_name_is_accepted(handle):
    assert is_github_handle(handle)
    assert problems_with("github", handle) is None
    assert problems_with("github", "@" + handle) is None


@pytest.mark.parametrize(
    "handle",
    [
        "bea\n",
        "bea\r",
        "bea\x0b",
        "bea ",
        "-bea",
        "bea-",
        "be--a",
        "bea_r",
        "a" * 40,
        "",
        "bea/team",
        "٢٠٢٦",
        "ｂｅａ",
        "béa",
        "https://github.com/bea",
    ],
)
def test_anything_else_is_not_a_github_user_name(handle):
    assert not is_github_handle(handle)
    assert problems_with("github", handle) is not None or handle == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("year", "٢٠٢٦"),
        ("year", "２０２６"),
        ("year", "²⁰²⁶"),
        ("year", "202"),
        ("date", "20260314"),  # date.fromisoformat takes these two: the front matter does not
        ("date", "2026-W11-6"),
        ("date", "٢٠٢٦-٠٣-١٤"),
        ("date", "2026-02-30"),
        ("title", "Obra\x0bescondida"),  # a line break for str.splitlines, not only \n and \r
        ("title", "Obra\u2028escondida"),
        ("title", "Obra\n"),
        ("artist", "ana-perez\n"),
        ("slug", "obra\r"),
        ("slug", "x" * (MAX_SLUG_LENGTH + 1)),
    ],
)
def test_the_scaffolders_refuse_a_value_that_is_only_nearly_right(name, value):
    assert problems_with(name, value) is not None


@pytest.mark.parametrize(
    ("name", "value"),
    [("year", "2026"), ("date", "2026-03-14"), ("title", "Raíces de maíz"), ("slug", "obra")],
)
def test_the_scaffolders_accept_the_right_value(name, value):
    assert problems_with(name, value) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/user-attachments/assets/abc-123%0A",
        "https://github.com/user-attachments/assets/abc-123/extra",
        "https://github.com/user-attachments/assets/abc-١٢٣",
        "https://user-images.githubusercontent.com/١٢/foto.jpg",
    ],
)
def test_an_attachment_address_must_have_the_whole_shape(url):
    with pytest.raises(attachments.AttachmentProblem):
        attachments.attachment_for(url, 1)


@pytest.mark.parametrize("name", ["abc-123\n", "abc-١٢٣"])
def test_an_attachment_path_is_matched_whole(name):
    # urlsplit drops newlines from an address, so the shape itself is checked too.
    shape = attachments.ATTACHMENT_PATHS["github.com"]
    assert shape.fullmatch("/user-attachments/assets/abc-123")
    assert not shape.fullmatch(f"/user-attachments/assets/{name}")


def test_a_folder_named_with_a_final_newline_is_refused_by_the_check(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-perez", name="Ana Pérez")
    write_artist(content, "bea\n", name="Bea", github="bea")
    write_work(content, "ana-perez", "obra\n", title="Obra")
    text, status = run_check(tmp_path, None, "json")
    assert status == 1
    found = [(f["code"], f["path"]) for f in json.loads(text)["findings"]]
    assert ("AV101", "content/artists/bea\n") in found
    assert ("AV101", "content/works/ana-perez/obra\n") in found


def test_a_folder_named_with_a_final_newline_is_not_published(tmp_path):
    content = tmp_path / "content"
    write_artist(content, "ana-perez", name="Ana Pérez")
    write_work(content, "ana-perez", "obra\n", title="Obra")
    write_work(content, "ana-perez", "buena", title="Buena")
    output = build_site(content, tmp_path / "output")
    assert (output / "works" / "ana-perez" / "buena" / "index.html").is_file()
    assert [p for p in output.rglob("*") if "\n" in p.name] == []


# ------------------------------------------------------------------ one slug: Pelican's


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Straße", "strasse"),
        ("北京", "bei-jing"),
        ("Raíces de maíz", "raices-de-maiz"),
        ("¡Bienvenida!", "bienvenida"),
        ("Ｍｕｒａｌ ２０２６", "mural-2026"),  # NFKC folds fullwidth forms
        ("<em>Sol</em> &amp; luna", "sol-luna"),  # tags dropped, entities read, as Pelican does
        ("  Mural -- del   barrio  ", "mural-del-barrio"),
        ("🌽🎨", ""),
    ],
)
def test_slugify_follows_pelicans_rules(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Straße", "strasse"),
        ("北京", "bei-jing"),
        ("Raíces de maíz", "raices-de-maiz"),
        ("IMG_2041", "img-2041"),  # Pelican keeps '_', a folder name cannot
        ("-Obra-", "obra"),
        ("🌽🎨", "mi-obra"),  # nothing to make a slug of: the fallback
        ("👩\u200d🎨", "mi-obra"),
    ],
)
def test_suggest_slug_is_a_folder_name_made_by_pelicans_rules(title, slug):
    assert suggest_slug(title) == slug


def test_an_emoji_only_title_gets_the_fallback_it_is_given():
    assert suggest_slug("🌽🎨", "obra-42") == "obra-42"


def test_a_long_title_is_cut_between_words():
    title = " ".join(["palabra"] * 20)  # 159 characters as a slug
    slug = suggest_slug(title)
    assert slug == "-".join(["palabra"] * 10)  # 79 characters of whole words
    mural = suggest_slug(" ".join(["Mural"] * 20))  # the 80th character is inside a word
    assert mural == "-".join(["mural"] * 13)  # not "...-mural-mu"
    assert suggest_slug("a" * 80 + "-b") == "a" * 80  # the 81st character is a hyphen
    ends_on_hyphen = "abcdefghi-" * 8 + "z"  # the 80th is: the word before it is whole
    assert suggest_slug(ends_on_hyphen) == ends_on_hyphen[:79]
    assert suggest_slug("x" * 200) == "x" * MAX_SLUG_LENGTH  # one word: cut inside it


TEXT = st.lists(
    st.one_of(
        st.text(st.characters(codec=None), max_size=12),  # every category, surrogates too
        st.sampled_from(
            ["<", ">", "<!--", "-->", "&amp;", "&#x41;", "&", " ", "\n", "-", "_", "ß", "İ"]
        ),
    ),
    max_size=8,
).map("".join)


@pytest.mark.filterwarnings("ignore:Surrogate character")  # a name from undecodable bytes
@settings(max_examples=1500, derandomize=True, deadline=None)
@given(TEXT)
def test_slugify_is_pelicans_slugify_with_its_default_substitutions(text):
    expected = pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    assert slugify(text) == expected


@pytest.mark.filterwarnings("ignore:Surrogate character")
@FAST
@given(TEXT)
def test_suggest_slug_always_gives_a_slug(text):
    assert is_slug(suggest_slug(text))
    assert is_slug(suggest_slug(text, "obra-7"))


# ------------------------------------------------------------------ the build's slug


def test_the_builds_slug_is_the_cores_with_pelicans_default_settings(monkeypatch):
    import altavoz_moderation.model.addresses as addresses

    defaults = {"SLUG_REGEX_SUBSTITUTIONS": DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]}
    assert pelican_slug("Straße 北京", defaults) == "strasse-bei-jing"
    monkeypatch.setattr(addresses, "slugify", None)  # Pelican's is not called at all
    assert pelican_slug("Straße 北京", defaults) == "strasse-bei-jing"


@pytest.mark.parametrize(
    "changed",
    [
        {
            "SLUG_REGEX_SUBSTITUTIONS": [
                ("mural", "muro"),
                *DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"],
            ]
        },
        {"SLUGIFY_PRESERVE_CASE": True},
        {"SLUGIFY_USE_UNICODE": True},
    ],
)
def test_a_site_with_its_own_slug_rules_keeps_pelicans_slugify(changed):
    site = {"SLUG_REGEX_SUBSTITUTIONS": DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], **changed}
    text = "Straße Mural 北京"
    expected = pelican_slugify(
        text,
        regex_subs=site["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=site.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=site.get("SLUGIFY_USE_UNICODE", False),
    )
    assert pelican_slug(text, site) == expected != slugify(text)


# ------------------------------------------------------------------ a title makes a folder


def _folder_findings(tmp: Path, name: str) -> list[str]:
    """The codes the moderation's own layout check gives a work and an artist folder named
    ``name`` (their missing index.md aside)."""
    codes = []
    for kind, folder in ((WORK, tmp / "works" / "luz" / name), (ARTIST, tmp / "artists" / name)):
        folder.mkdir(parents=True, exist_ok=True)
        submission = Submission(kind, folder.relative_to(tmp).as_posix(), folder, tmp)
        codes += [
            f.code for f in check_layout(submission, MODERATION_DEFAULTS) if f.code != "AV102"
        ]
    return codes


@pytest.mark.parametrize("title", ["CON", "Nul", "aux", "LPT1", "com9", "Prn", "  con  "])
def test_a_title_windows_reserves_still_makes_a_folder_the_check_accepts(tmp_path, title):
    slug = suggest_slug(title, "obra-3")
    assert slug == f"mi-{title.strip().lower()}"
    assert is_folder_name(slug) and _folder_findings(tmp_path, slug) == []
    assert not is_folder_name(title.strip().lower())  # what it used to suggest


def test_the_longest_slug_the_check_accepts_is_the_one_the_suggestion_is_cut_to(tmp_path):
    assert _folder_findings(tmp_path, "a" * MAX_SLUG_LENGTH) == []
    assert _folder_findings(tmp_path, "a" * (MAX_SLUG_LENGTH + 1)) == ["AV101", "AV101"]
    assert len(suggest_slug("Mural del barrio " * 12)) <= MAX_SLUG_LENGTH


FORM_LIMITS = field_limits(create_settings())  # what the intake accepts per field

TITLE = st.text(st.characters(codec=None), max_size=FORM_LIMITS["title"]) | st.lists(
    st.sampled_from(["con", "nul", "lpt1", "mural", "maíz", "北京", "🌽", "-", "_", " ", "x" * 79]),
    max_size=12,
).map(" ".join).map(lambda title: title[: FORM_LIMITS["title"]])


@pytest.mark.filterwarnings("ignore:Surrogate character")
@FAST
@given(title=TITLE, issue=st.integers(1, 10**9))
def test_any_title_the_form_takes_makes_a_folder_the_check_accepts(tmp_path_factory, title, issue):
    slug = suggest_slug(title, f"obra-{issue}")
    assert is_folder_name(slug) and len(slug) <= MAX_SLUG_LENGTH
    assert _folder_findings(tmp_path_factory.getbasetemp(), slug) == []
