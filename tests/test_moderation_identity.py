"""An artist folder that copies another's identity: the same GitHub account (AV223, an
error: CODEOWNERS would let one person approve changes to another's works; AV228 for the
account's number, AV229 for a number that is not one), a name that looks the same
(AV224) or the same avatar bytes (AV225), both warnings a person reviews.
Each side of a pair is told, naming the other; each trigger has a close case that passes.
The established claimant of an account (first on HEAD's first-parent history) keeps it:
those tests build real git repositories; without a usable history every claimant is
refused.
"""

from __future__ import annotations

import json
import shutil
import sys
import time

import pytest
from altavoz_moderation.checks import identity
from altavoz_moderation.checks.identity import LATIN_SKELETON, skeleton
from altavoz_moderation.report import check_site
from altavoz_submit.project import create_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from moderation_support import check_changed_site, make_artist, make_valid_site, write_jpeg
from submit_support import git, make_project

ANA = "content/artists/ana-perez/index.md"
BETO = "content/artists/beto/index.md"


def findings_of(report, code):
    return {f.path: f for f in report.findings if f.code == code}


def check(content, **settings_overrides):
    return check_site(content, create_settings(**settings_overrides))


def with_beto(ana: dict | None = None, name: str = "Beto Cruz", **beto):
    """A change to the valid site: Ana Pérez's profile written again with the fields ``ana``
    (when given), and a second artist, beto, named ``name``, with the fields ``beto``."""

    def change(content):
        if ana is not None:
            make_artist(content, **ana)
        make_artist(content, "beto", name=name, **beto)

    return change


def both_refused(report, code: str, field: str, line: int, snippet: str):
    """Ana's and Beto's folders both refused for claiming one account, each message naming
    the other folder; Beto's finding, for what else a test checks."""
    found = findings_of(report, code)
    assert set(found) == {ANA, BETO}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/beto/" in found[ANA].message_en
    assert "content/artists/ana-perez/" in found[BETO].message_es
    assert (found[BETO].field, found[BETO].line, found[BETO].snippet) == (field, line, snippet)
    assert found[BETO].is_error
    assert {"content/artists/ana-perez", "content/artists/beto"} <= report.rejected
    return found[BETO]


# --------------------------------------------------------------------------- github (AV223)


@pytest.mark.parametrize(
    ("first", "second"),
    [("anap", "anap"), ("AnaP", "anap"), ("anap", "@ANAP"), ("@anap", "anap")],
)
def test_two_folders_claiming_one_github_account_are_both_refused(tmp_path, first, second):
    report = check_changed_site(tmp_path, with_beto({"github": first}, github=second))
    beto = both_refused(report, "AV223", "github", 6, second)
    assert beto.message_es != beto.message_en


@pytest.mark.parametrize(
    ("first", "second"),
    [("anap", "anap2"), ("anap", ""), ("ana-p", "anap")],
)
def test_different_github_accounts_pass(tmp_path, first, second):
    beto = {"github": second} if second else {}
    report = check_changed_site(tmp_path, with_beto({"github": first}, **beto))
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


# ------------------------------------------------------- github: the established claimant

INTRUSA = "content/artists/intrusa/index.md"
ANA_FOLDER = "content/artists/ana-perez"
INTRUSA_FOLDER = "content/artists/intrusa"
MAINTAINERS = "@altavoz/mantenimiento"


def commit_all(repo, message, date=None):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def ana_published_for_months(repo):
    """A repository whose main branch has published Ana (github: ana-gh) for a while."""
    content = make_valid_site(repo)
    make_artist(content, github="ana-gh")
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "Ana", date="2024-01-10T12:00:00Z")
    make_artist(content, "carla", name="Carla Ruiz", github="carla")
    commit_all(repo, "Carla", date="2024-03-10T12:00:00Z")
    return content


def add_intruder(content, slug="intrusa"):
    return make_artist(content, slug, name="Inés Trusa", github="Ana-GH")


def assert_only_the_intruder_is_refused(report, intruder=INTRUSA):
    found = findings_of(report, "AV223")
    assert set(found) == {intruder}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/ana-perez/" in found[intruder].message_en
    assert "content/artists/ana-perez/" in found[intruder].message_es
    assert found[intruder].is_error and found[intruder].field == "github"
    assert [f for f in report.findings if f.path.startswith(ANA_FOLDER + "/")] == []
    assert not any(path.startswith(ANA_FOLDER) for path in report.rejected)
    assert not any(path.startswith("content/works/ana-perez") for path in report.rejected)
    assert intruder.removesuffix("/index.md") in report.rejected


def assert_both_refused(report):
    found = findings_of(report, "AV223")
    assert set(found) == {ANA, INTRUSA}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/intrusa/" in found[ANA].message_en
    assert {ANA_FOLDER, INTRUSA_FOLDER, "content/works/ana-perez/mural-azul"} <= report.rejected


def test_a_newcomer_cannot_take_an_established_artists_account(tmp_path):
    from altavoz_submit.codeowners import render_codeowners
    from conftest import build_site

    content = ana_published_for_months(tmp_path)
    add_intruder(content)  # in the working tree, as a pull request or an intake adds it
    make_artist(content, "otra", name="Otra Persona", github="@ANA-gh")
    report = check(content)
    found = findings_of(report, "AV223")
    assert set(found) == {INTRUSA, "content/artists/otra/index.md"}
    for finding in found.values():  # each newcomer is told who has the account, only
        assert "content/artists/ana-perez/" in finding.message_en
    assert "content/artists/intrusa/" not in found["content/artists/otra/index.md"].message_en
    assert report.rejected == {INTRUSA_FOLDER, "content/artists/otra"}

    output = build_site(content, tmp_path / "output")
    for site in ("", "en/"):
        assert (output / f"{site}artists/ana-perez/index.html").is_file(), site
        assert not (output / f"{site}artists/intrusa").exists(), site
    assert (output / "works/ana-perez/mural-azul/index.html").is_file()

    settings_ = create_settings(ALTAVOZ_SUBMIT_MAINTAINERS=(MAINTAINERS,))
    codeowners = render_codeowners(tmp_path, settings_)
    assert f"/content/artists/ana-perez/ @ana-gh {MAINTAINERS}" in codeowners
    assert f"/content/works/ana-perez/ @ana-gh {MAINTAINERS}" in codeowners
    assert "intrusa" not in codeowners and "/otra/" not in codeowners
    assert f"/content/artists/carla/ @carla {MAINTAINERS}" in codeowners


def test_a_newcomer_committed_later_still_loses_whatever_date_it_claims(tmp_path):
    content = ana_published_for_months(tmp_path)
    add_intruder(content)
    # Dates are whatever a contributor types: this one claims to be older than Ana.
    commit_all(tmp_path, "Intrusa", date="2001-01-01T00:00:00Z")
    assert_only_the_intruder_is_refused(check(content))


def test_the_repositorys_git_settings_do_not_change_the_verdict(tmp_path):
    content = ana_published_for_months(tmp_path)  # Ana is in the root commit
    git(tmp_path, "config", "log.showRoot", "false")
    git(tmp_path, "config", "diff.renames", "copies")
    add_intruder(content)
    commit_all(tmp_path, "Intrusa")
    assert_only_the_intruder_is_refused(check(content))


def test_a_renamed_folder_is_established_from_its_rename(tmp_path):
    content = ana_published_for_months(tmp_path)
    (content / "artists" / "ana-perez").rename(content / "artists" / "ana-p")
    (content / "works" / "ana-perez").rename(content / "works" / "ana-p")
    index = content / "works" / "ana-p" / "mural-azul" / "index.md"
    index.write_text(index.read_text().replace("artist: ana-perez", "artist: ana-p"))
    commit_all(tmp_path, "Ana renames her folder")
    add_intruder(content)
    commit_all(tmp_path, "Intrusa")
    report = check(content)
    assert set(findings_of(report, "AV223")) == {INTRUSA}
    assert report.rejected == {INTRUSA_FOLDER}


def test_a_branch_forked_before_the_artist_existed_loses_once_merged(tmp_path):
    # Neither addition is an ancestor of the other and the branch's date is older: only
    # the main line's order says which came first.
    content = make_valid_site(tmp_path)
    (content / "artists" / "ana-perez" / "index.md").unlink()
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "before Ana", date="2000-01-01T00:00:00Z")
    make_artist(content, github="ana-gh")
    commit_all(tmp_path, "Ana", date="2024-01-10T12:00:00Z")
    git(tmp_path, "switch", "-q", "-c", "intrusa", "HEAD~1")
    add_intruder(content)
    commit_all(tmp_path, "Intrusa", date="2000-06-01T00:00:00Z")
    git(tmp_path, "switch", "-q", "main")
    git(tmp_path, "merge", "-q", "--no-ff", "-m", "merge", "intrusa", date="2000-07-01T00:00:00Z")
    assert (content / "artists" / "intrusa" / "index.md").is_file()
    assert_only_the_intruder_is_refused(check(content))


def test_reusing_a_withdrawn_folders_name_gains_nothing(tmp_path):
    content = make_valid_site(tmp_path)
    (content / "artists" / "ana-perez" / "index.md").unlink()
    make_artist(content, "vieja", name="Vieja Artista", github="vieja")
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "Vieja, before Ana")
    make_artist(content, github="ana-gh")
    commit_all(tmp_path, "Ana")
    shutil.rmtree(content / "artists" / "vieja")
    commit_all(tmp_path, "Vieja withdraws")
    add_intruder(content, "vieja")  # the old folder's path, first added before Ana's
    assert_only_the_intruder_is_refused(check(content), "content/artists/vieja/index.md")
    commit_all(tmp_path, "Vieja again")
    assert_only_the_intruder_is_refused(check(content), "content/artists/vieja/index.md")


def test_a_pull_request_check_gives_the_full_checks_verdict(tmp_path):
    from altavoz_submit.check import run_check

    repo = make_project(tmp_path / "repo", ana_published_for_months(tmp_path / "site"))
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "the site, Ana published")
    git(repo, "switch", "-q", "-c", "pull-request")
    add_intruder(repo / "content")
    commit_all(repo, "Intrusa")
    verdicts = []
    for since in ("main", None):
        text, status = run_check(repo, since, "json")
        report = json.loads(text)
        av223 = [f for f in report["findings"] if f["code"] == "AV223"]
        verdicts.append((status, report["summary"]["rejected"], av223))
    assert verdicts[0] == verdicts[1]
    status, rejected, av223 = verdicts[0]
    assert (status, rejected, [f["path"] for f in av223]) == (1, [INTRUSA_FOLDER], [INTRUSA])


def test_claimants_added_in_one_commit_are_all_refused(tmp_path):
    content = make_valid_site(tmp_path)
    make_artist(content, github="ana-gh")
    add_intruder(content)
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "both at once")
    assert_both_refused(check(content))


def test_claimants_none_of_which_is_committed_are_all_refused(tmp_path):
    content = make_valid_site(tmp_path)
    (content / "artists" / "ana-perez" / "index.md").unlink()
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "without Ana")
    make_artist(content, github="ana-gh")
    add_intruder(content)
    assert_both_refused(check(content))


def test_without_a_repository_every_claimant_is_refused(tmp_path):
    content = make_valid_site(tmp_path)
    make_artist(content, github="ana-gh")
    add_intruder(content)
    assert identity.added_in_head(content) is None
    assert_both_refused(check(content))


def _fake_git(folder, script):
    folder.mkdir()
    fake = folder / "git"
    fake.write_text(f"#!{sys.executable}\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    return str(folder)


GIT_FAILURES = [
    "git missing",
    "git fails",
    "git hangs",
    "too much output",
    "endless output",
    "HEAD broken",
]


@pytest.mark.parametrize("failure", GIT_FAILURES)
def test_when_git_cannot_tell_every_claimant_is_refused_and_nothing_crashes(
    tmp_path, monkeypatch, failure
):
    content = ana_published_for_months(tmp_path)
    add_intruder(content)
    assert_only_the_intruder_is_refused(check(content))  # git can tell, before it breaks
    if failure == "git missing":
        monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    elif failure == "git fails":
        script = "import sys; sys.stderr.write('fatal: broken\\n'); sys.exit(128)"
        monkeypatch.setenv("PATH", _fake_git(tmp_path / "bin", script))
    elif failure == "git hangs":
        monkeypatch.setattr(identity, "_HISTORY_TIMEOUT", 0.5)
        monkeypatch.setenv("PATH", _fake_git(tmp_path / "bin", "import time; time.sleep(60)"))
    elif failure == "too much output":
        monkeypatch.setattr(identity, "_HISTORY_LIMIT", 20)
    elif failure == "endless output":  # read up to the limit, not until git stops
        script = "import sys\nwhile True: sys.stdout.buffer.write(b'A\\0' * 4096)"
        monkeypatch.setenv("PATH", _fake_git(tmp_path / "bin", script))
    else:
        (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/nowhere\n")
    started = time.monotonic()
    assert identity.added_in_head(content) is None
    assert time.monotonic() - started < 10
    assert_both_refused(check(content))


def test_git_runs_once_per_check_and_only_when_an_account_is_claimed_twice(tmp_path, monkeypatch):
    content = ana_published_for_months(tmp_path)
    for n in range(5):
        make_artist(content, f"artista-{n}", name=f"Artista {n}", github=f"artista-{n}")
    calls = []
    original = identity.run_git_bounded
    monkeypatch.setattr(
        identity, "run_git_bounded", lambda *a, **k: calls.append(a) or original(*a, **k)
    )
    check(content)
    assert calls == []
    add_intruder(content)
    make_artist(content, "otra", name="Otra Persona", github="artista-1")
    check(content)
    assert len(calls) == 1


# --------------------------------------------------------------------------- names (AV224)


# Names the check must take for Ana Pérez's, the valid site's artist.
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
# Names the check must not take for Ana Pérez's.
DIFFERENT_NAMES = {
    "another surname": "Ana Pérez López",
    "another name": "Ana Páez",
    "cyrillic word that is not latin": "Анна Петрова",
    "greek small nu reads v": "Ana P\u00e9re\u03bd",
}


@pytest.mark.parametrize("name", SAME_NAMES.values(), ids=SAME_NAMES.keys())
def test_a_name_that_looks_like_another_artists_is_reviewed(tmp_path, name):
    report = check_changed_site(tmp_path, with_beto(name=name))  # ana-perez: «Ana Pérez»
    found = findings_of(report, "AV224")
    assert set(found) == {ANA, BETO}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/ana-perez/" in found[BETO].message_en
    assert "Ana Pérez" in found[BETO].message_es
    assert "content/artists/beto/" in found[ANA].message_es
    assert (found[BETO].field, found[BETO].line) == ("name", 2)
    assert not found[BETO].is_error and "content/artists/beto" not in report.rejected


@pytest.mark.parametrize("name", DIFFERENT_NAMES.values(), ids=DIFFERENT_NAMES.keys())
def test_a_different_name_passes(tmp_path, name):
    report = check_changed_site(tmp_path, with_beto(name=name))
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


# ------------------------------------------------- the account's number (AV228, AV229)

NUMBER = "583231"


def test_two_folders_with_one_account_number_are_both_refused(tmp_path):
    # A renamed account writes a new login next to its old number: still one account.
    ana = {"github": "ana-gh", "github_id": NUMBER}
    report = check_changed_site(tmp_path, with_beto(ana, github="ana-renamed", github_id=NUMBER))
    beto = both_refused(report, "AV228", "github_id", 7, NUMBER)
    assert "github_id" in beto.message_es
    assert findings_of(report, "AV223") == {}


def test_a_newcomer_cannot_take_an_established_artists_account_number(tmp_path):
    content = make_valid_site(tmp_path)
    make_artist(content, github="ana-gh", github_id=NUMBER)
    git(tmp_path, "init", "-q", "-b", "main")
    commit_all(tmp_path, "Ana", date="2024-01-10T12:00:00Z")
    make_artist(content, "intrusa", name="Inés Trusa", github="ines", github_id=NUMBER)
    report = check(content)
    found = findings_of(report, "AV228")
    assert set(found) == {INTRUSA}, [(f.code, f.path) for f in report.findings]
    assert "content/artists/ana-perez/" in found[INTRUSA].message_en
    assert report.rejected == {INTRUSA_FOLDER}


@pytest.mark.parametrize(("first", "second"), [(NUMBER, "583232"), (NUMBER, ""), ("", "")])
def test_different_account_numbers_pass(tmp_path, first, second):
    ana = {"github": "ana-gh", **({"github_id": first} if first else {})}
    beto = {"github_id": second} if second else {}
    report = check_changed_site(tmp_path, with_beto(ana, github="beto", **beto))
    assert report.findings == [], [(f.code, f.path, f.message_en) for f in report.findings]


@pytest.mark.parametrize(
    "value",
    [
        "007",  # another spelling of 7: it could dodge AV228
        "0",
        "-5",
        "+5",
        "5.0",
        "1e6",
        "12a",
        "٥٨٣٢٣١",  # Arabic-Indic digits: int() and str.isdigit take them
        "５８３",  # fullwidth
        "²",
        "583231\u200b",
        "583 231",
        "true",
        str(2**53),  # past what every JSON reader keeps exact
        "9" * 40,
    ],
)
def test_a_github_id_that_is_not_an_account_number_is_refused(tmp_path, value):
    content = make_valid_site(tmp_path)
    make_artist(content, github="ana-gh", github_id=value)
    report = check(content)
    (found,) = findings_of(report, "AV229").values()
    assert found.path == ANA and found.field == "github_id" and found.is_error
    assert "github_id" in found.message_es and "github_id" in found.message_en
    assert ANA.removesuffix("/index.md") in report.rejected


@pytest.mark.parametrize("value", ["1", NUMBER, str(2**53 - 1)])
def test_an_account_number_passes(tmp_path, value):
    content = make_valid_site(tmp_path)
    make_artist(content, github="ana-gh", github_id=value)
    assert check(content).findings == []


def test_the_account_number_is_not_published(tmp_path):
    from conftest import build_site

    pages = []
    for number in ("", NUMBER):
        content = make_valid_site(tmp_path / f"site{number}")
        make_artist(content, github="ana-gh", **({"github_id": number} if number else {}))
        output = build_site(content, tmp_path / f"output{number}")
        published = [
            path.relative_to(output)
            for path in sorted(output.rglob("*"))
            if path.is_file() and NUMBER.encode() in path.read_bytes()
        ]
        assert published == []
        pages.append((output / "artists/ana-perez/index.html").read_bytes())
    assert pages[0] == pages[1]  # the artist's page is the same with or without it
