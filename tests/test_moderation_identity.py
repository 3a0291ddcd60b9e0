"""An artist folder that copies another's identity: the same GitHub account (AV223, an
error: CODEOWNERS would let one person approve changes to another's works), a name that
looks the same (AV224) or the same avatar bytes (AV225), both warnings a person reviews.
Each side of a pair is told, naming the other; each trigger has a close case that passes.
"""

from __future__ import annotations

import shutil
import time

import pytest
from altavoz_moderation.checks import identity
from altavoz_moderation.checks.identity import LATIN_SKELETON, skeleton
from altavoz_moderation.report import check_site
from altavoz_submit.project import create_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from moderation_support import make_artist, make_valid_site, write_jpeg

ANA = "content/artists/ana-perez/index.md"
BETO = "content/artists/beto/index.md"


def findings_of(report, code):
    return {f.path: f for f in report.findings if f.code == code}


def check(content, **settings_overrides):
    return check_site(content, create_settings(**settings_overrides))


# --------------------------------------------------------------------------- github (AV223)


@pytest.mark.parametrize(
    ("first", "second"),
    [("anap", "anap"), ("AnaP", "anap"), ("anap", "@ANAP"), ("@anap", "anap")],
)
def test_two_folders_claiming_one_github_account_are_both_refused(tmp_path, first, second):
    content = make_valid_site(tmp_path)
    make_artist(content, github=first)
    make_artist(content, "beto", name="Beto Cruz", github=second)
    report = check(content)
    found = findings_of(report, "AV223")
    assert set(found) == {ANA, BETO}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/beto/" in found[ANA].message_en
    assert "content/artists/ana-perez/" in found[BETO].message_es
    assert (found[BETO].field, found[BETO].line, found[BETO].snippet) == ("github", 6, second)
    assert found[BETO].is_error and found[BETO].message_es != found[BETO].message_en
    assert {"content/artists/ana-perez", "content/artists/beto"} <= report.rejected


@pytest.mark.parametrize(
    ("first", "second"),
    [("anap", "anap2"), ("anap", ""), ("ana-p", "anap")],
)
def test_different_github_accounts_pass(tmp_path, first, second):
    content = make_valid_site(tmp_path)
    make_artist(content, github=first)
    make_artist(content, "beto", name="Beto Cruz", **({"github": second} if second else {}))
    report = check(content)
    assert report.findings == [], [(f.code, f.path, f.message_en) for f in report.findings]


def test_a_github_claim_publishes_neither_artist_page(tmp_path):
    from conftest import build_site

    content = make_valid_site(tmp_path)
    make_artist(content, github="anap")
    make_artist(content, "beto", name="Beto Cruz", github="AnaP")
    make_artist(content, "carla", name="Carla Ruiz", github="carla")
    output = build_site(content, tmp_path / "output")
    assert (output / "artists/carla/index.html").is_file()
    assert (output / "en/artists/carla/index.html").is_file()
    for slug in ("beto", "ana-perez"):
        for site in ("", "en/"):
            assert not (output / f"{site}artists/{slug}").exists(), f"{site}artists/{slug}"


# --------------------------------------------------------------------------- names (AV224)

SAME_NAMES = {
    "same name": "Ana Pérez",
    "capitals and spaces": "  ANA   PÉREZ ",
    "without the accent": "Ana Perez",
    "cyrillic capital a": "\u0410na P\u00e9rez",
    "greek capital rho": "Ana \u03a1\u00e9rez",
    "cyrillic small letters": "An\u0430 P\u0435r\u0435z",
    "all capitals greek and cyrillic": "\u0391NA \u0420\u0415REZ",
    "fullwidth letters": "\uff21\uff4e\uff41 \uff30\u00e9\uff52\uff45\uff5a",
    "no-break space and a hyphen": "Ana\u00a0Pérez-",
    "cyrillic e with a mark": "Ana P\u0451rez",
}


@pytest.mark.parametrize("name", SAME_NAMES.values(), ids=SAME_NAMES.keys())
def test_a_name_that_looks_like_another_artists_is_reviewed(tmp_path, name):
    content = make_valid_site(tmp_path)  # ana-perez: «Ana Pérez»
    make_artist(content, "beto", name=name)
    report = check(content)
    found = findings_of(report, "AV224")
    assert set(found) == {ANA, BETO}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/ana-perez/" in found[BETO].message_en
    assert "Ana Pérez" in found[BETO].message_es
    assert "content/artists/beto/" in found[ANA].message_es
    assert (found[BETO].field, found[BETO].line) == ("name", 2)
    assert not found[BETO].is_error and "content/artists/beto" not in report.rejected


DIFFERENT_NAMES = {
    "another surname": "Ana Pérez López",
    "another name": "Ana Páez",
    "cyrillic word that is not latin": "Анна Петрова",
    "greek small nu reads v": "Ana P\u00e9re\u03bd",
}


@pytest.mark.parametrize("name", DIFFERENT_NAMES.values(), ids=DIFFERENT_NAMES.keys())
def test_a_different_name_passes(tmp_path, name):
    content = make_valid_site(tmp_path)
    make_artist(content, "beto", name=name)
    report = check(content)
    assert findings_of(report, "AV224") == {}, [(f.code, f.message_en) for f in report.findings]


def test_names_equal_in_another_script_are_reviewed_too(tmp_path):
    # Greek capitals and small letters read as different Latin letters (Ν: N, ν: v), so a
    # name is also compared as written, casefolded.
    content = make_valid_site(tmp_path)
    make_artist(content, "beto", name="ΝΙΚΟΣ")
    make_artist(content, "carla", name="νικος")
    found = findings_of(check(content), "AV224")
    assert set(found) == {BETO, "content/artists/carla/index.md"}


_LOOKALIKES_OF: dict[str, list[str]] = {}
for _other, _latin in LATIN_SKELETON.items():
    _LOOKALIKES_OF.setdefault(_latin, []).append(_other)


@st.composite
def disguised(draw):
    """A Latin name and the same name with some letters swapped for their look-alikes."""
    name = draw(st.text(st.sampled_from([*sorted(_LOOKALIKES_OF), " "]), min_size=1, max_size=20))
    swapped = []
    for ch in name:
        choices = _LOOKALIKES_OF.get(ch, [])
        swapped.append(draw(st.sampled_from([ch, *choices])) if choices else ch)
    return name, "".join(swapped)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(disguised())
def test_any_name_disguised_with_look_alikes_has_the_same_skeleton(pair):
    name, swapped = pair
    assert skeleton(swapped) == skeleton(name)


# --------------------------------------------------------------------------- avatars (AV225)


def test_the_same_avatar_bytes_are_reviewed(tmp_path):
    content = make_valid_site(tmp_path)
    ana = make_artist(content, avatar="yo.jpg")
    write_jpeg(ana / "yo.jpg", (800, 800))
    beto = make_artist(content, "beto", name="Beto Cruz", avatar="foto.jpg")
    shutil.copyfile(ana / "yo.jpg", beto / "foto.jpg")
    carla = make_artist(content, "carla", name="Carla Ruiz", avatar="yo.jpg")
    write_jpeg(carla / "yo.jpg", (800, 801))  # another picture
    report = check(content)
    found = findings_of(report, "AV225")
    assert set(found) == {ANA, BETO}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/ana-perez/" in found[BETO].message_en
    assert (found[BETO].field, found[BETO].line, found[BETO].snippet) == ("avatar", 6, "foto.jpg")
    assert not report.rejected


# --------------------------------------------------------------------------- site-wide


def test_a_remembered_artist_is_compared_with_the_artists_of_today(tmp_path):
    # An artist's own findings are remembered between runs; the comparison must not be.
    content = make_valid_site(tmp_path)
    make_artist(content, github="anap")
    cache = {"CACHE_PATH": str(tmp_path / "cache")}
    assert check(content, **cache).findings == []
    make_artist(content, "beto", name="Beto Cruz", github="anap")
    assert set(findings_of(check(content, **cache), "AV223")) == {ANA, BETO}
    shutil.rmtree(content / "artists" / "beto")
    assert check(content, **cache).findings == []


def test_checking_one_folder_compares_it_with_all(tmp_path):
    content = make_valid_site(tmp_path)
    make_artist(content, github="anap")
    make_artist(content, "beto", name="Beto Cruz", github="anap")
    report = check_site(content, create_settings(), only={"content/artists/beto"})
    assert [(f.code, f.path) for f in report.findings] == [("AV223", BETO)]


def test_every_artist_folder_is_read_once_per_run(tmp_path, monkeypatch):
    content = make_valid_site(tmp_path)
    for n in range(5):
        make_artist(content, f"artista-{n}", name=f"Artista {n}")
    reads = []
    original = identity._document
    monkeypatch.setattr(
        identity,
        "_document",
        lambda folder, context: reads.append(folder.name) or original(folder, context),
    )
    check(content)
    assert sorted(reads) == sorted(["ana-perez", *(f"artista-{n}" for n in range(5))])


def test_comparing_thousands_of_artists_takes_linear_time(tmp_path):
    from altavoz_core.submissions import discover
    from altavoz_moderation.checks import CheckContext

    content = tmp_path / "content"
    for n in range(2000):
        folder = content / "artists" / f"a{n}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"---\nname: Artista {n}\ngithub: a{n}\n---\n\nHola.\n")
    artists = [s for s in discover(content) if s.kind == "artist"]
    context = CheckContext(create_settings(), content, set())
    started = time.process_time()
    for done, submission in enumerate(artists, 1):
        assert identity.check(submission, context) == []
        if time.process_time() - started > 3:  # comparing each pair takes minutes
            pytest.fail(f"only {done} of {len(artists)} artists compared in 3 s")
    assert len(artists) == 2000
