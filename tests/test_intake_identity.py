"""The intake knows an artist by their GitHub account's number, not by a string in a file.

A renamed account keeps its works; whoever registers a freed login gets nothing of the
artist who had it; a profile written before numbers were kept is matched by its login
once and then gets the number; a new artist with two issues open at once gets one
profile (read from the first issue's branch, in a real git repository); a taken folder
name gives another folder and says so, whatever the name is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from altavoz_core.frontmatter import read_fields
from altavoz_core.slugs import MAX_SLUG_LENGTH, is_folder_name, suggest_slug
from altavoz_submit.check import run_check
from altavoz_submit.intake import run_intake
from altavoz_submit.intake.artists import MAX_BRANCHES, artist_of, free_artist_slug
from altavoz_submit.intake.messages import message
from altavoz_submit.intake.process import write_outputs
from altavoz_submit.intake.text import shown
from conftest import write_artist, write_work
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_support import (
    artists_project,
    attached_photos,
    event,
    new_work_body,
    on_github,
    render_body,
    withdraw_body,
)
from submit_support import git

ANA_ID = 1001
LUZ_ID = 583231


@pytest.fixture
def project(tmp_path) -> Path:
    # Mateo's profile was written before numbers were kept: known by its login only.
    def ana(content):
        write_artist(
            content, "ana-perez", name="Ana Pérez", github="ana-old", github_id=str(ANA_ID)
        )
        write_work(content, "ana-perez", "mural-azul", title="Mural azul")

    return artists_project(tmp_path, ana)


@pytest.fixture
def photos(tmp_path) -> Path:
    return attached_photos(tmp_path)


def account_event(body: str, login: str, number, issue: int = 7, **kwargs) -> dict:
    return event(body, author=login, number=issue, user_id=number, **kwargs)


def new_body(**changes) -> str:
    return new_work_body(**{"alt": "Un mural", **changes})


def profile(root: Path, slug: str) -> dict[str, str]:
    return read_fields((root / "content/artists" / slug / "index.md").read_text())[0]


def artists(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "content/artists").iterdir())


def works_of(root: Path, slug: str) -> list[str]:
    folder = root / "content/works" / slug
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


# ------------------------------------------------------------------------ the account


def test_a_new_artist_keeps_the_account_number_next_to_the_login(project, photos):
    outcome = run_intake(
        project, account_event(new_body(), "luzmendoza", LUZ_ID), attachments_dir=photos
    )
    assert outcome.code == 0, outcome.report
    assert profile(project, "luz-mendoza")["github"] == "luzmendoza"
    assert profile(project, "luz-mendoza")["github_id"] == str(LUZ_ID)
    text = (project / "content/artists/luz-mendoza/index.md").read_text()
    assert f"github: luzmendoza\ngithub_id: {LUZ_ID}\n" in text


def test_a_renamed_account_keeps_its_works_and_the_profile_takes_the_new_login(project, photos):
    before = (project / "content/artists/ana-perez/index.md").read_text()
    body = new_body(title="Sol de barrio", name="")  # the name is asked only the first time
    outcome = run_intake(project, account_event(body, "ana-new", ANA_ID), attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert artists(project) == ["ana-perez", "mateo-cisneros"]
    assert works_of(project, "ana-perez") == ["mural-azul", "sol-de-barrio"]
    after = (project / "content/artists/ana-perez/index.md").read_text()
    assert after == before.replace("github: ana-old", "github: ana-new")
    assert message("artist_account", "es", login="ana-new") in outcome.report
    assert "content/artists/ana-perez/index.md" in outcome.manifest["written"]

    # Her works are hers to withdraw under the new name too.
    outcome = run_intake(
        project,
        account_event(withdraw_body("mural-azul", reason="Ya no"), "ana-new", ANA_ID, issue=8),
        attachments_dir=photos,
    )
    assert outcome.code == 0, outcome.report
    assert works_of(project, "ana-perez") == ["sol-de-barrio"]


def test_a_new_login_another_profile_still_claims_is_not_written_twice(project, photos):
    # Ana took the login Mateo's old profile still names: writing it into hers too would
    # make two claims, and the check would refuse one of the two profiles.
    ana = (project / "content/artists/ana-perez/index.md").read_bytes()
    body = new_body(title="Sol", name="")
    outcome = run_intake(project, account_event(body, "mateogh", ANA_ID), attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert works_of(project, "ana-perez") == ["mural-azul", "sol"]
    assert (project / "content/artists/ana-perez/index.md").read_bytes() == ana
    assert works_of(project, "mateo-cisneros") == ["barro-negro"]
    assert run_check(project, None, "json")[1] == 0


def test_whoever_registers_a_freed_login_gets_nothing_of_hers(project, photos):
    ana = (project / "content/artists/ana-perez/index.md").read_bytes()
    outcome = run_intake(
        project,
        account_event(withdraw_body("mural-azul", reason="Ya no"), "ana-old", 2002),
        attachments_dir=photos,
    )
    assert outcome.code == 1
    assert message("no_artist", "es") in outcome.report
    assert works_of(project, "ana-perez") == ["mural-azul"]

    body = new_body(title="Otra cosa", name="Otra Ana")
    outcome = run_intake(
        project, account_event(body, "ana-old", 2002, issue=8), attachments_dir=photos
    )
    assert outcome.code == 0, outcome.report
    assert works_of(project, "ana-perez") == ["mural-azul"]
    assert (project / "content/artists/ana-perez/index.md").read_bytes() == ana
    # Her own profile, known by her number; the login stays with the established
    # profile until its owner's next submission takes the new one (no second claim).
    assert profile(project, "otra-ana") == {
        **{"name": "Otra Ana", "city": "Oaxaca", "pronouns": "ella"},
        **{"links": "https://example.org/luz", "github_id": "2002", "lang": "es"},
    }
    assert works_of(project, "otra-ana") == ["otra-cosa"]
    report = run_check(project, None, "json")[0]
    assert "AV223" not in report and "AV228" not in report


def test_a_profile_without_a_number_is_known_by_its_login_and_then_gets_it(project, photos):
    body = new_body(title="Comal", name="")
    outcome = run_intake(project, account_event(body, "mateogh", 3003), attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert works_of(project, "mateo-cisneros") == ["barro-negro", "comal"]
    text = (project / "content/artists/mateo-cisneros/index.md").read_text()
    assert "github: MateoGH\ngithub_id: 3003\n" in text  # the login, as written, is kept
    assert run_check(project, None, "json")[1] == 0

    # From now on the number decides: the login alone is no longer enough.
    outcome = run_intake(
        project,
        account_event(withdraw_body("comal", reason="Ya no"), "MateoGH", 4004, issue=8),
        attachments_dir=photos,
    )
    assert outcome.code == 1 and works_of(project, "mateo-cisneros") == ["barro-negro", "comal"]


def test_a_profile_without_a_number_is_still_found_by_an_event_without_one(project, photos):
    body = new_body(title="Comal", name="")
    outcome = run_intake(project, event(body, author="MateoGH"), attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert "github_id" not in profile(project, "mateo-cisneros")


@pytest.mark.parametrize("number", [True, -ANA_ID, 0, str(ANA_ID), float(ANA_ID), 2**53, None])
def test_a_number_that_is_not_an_account_number_matches_no_profile(project, photos, number):
    ana = (project / "content/artists/ana-perez/index.md").read_bytes()
    outcome = run_intake(
        project,
        account_event(withdraw_body("mural-azul", reason="Ya no"), "ana-old", number),
        attachments_dir=photos,
    )
    assert outcome.code == 1 and works_of(project, "ana-perez") == ["mural-azul"]
    body = new_body(title="Sol", name="Alguien")
    outcome = run_intake(
        project, account_event(body, "alguien", number, issue=8), attachments_dir=photos
    )
    assert outcome.code == 0, outcome.report
    assert "github_id" not in profile(project, "alguien")
    assert (project / "content/artists/ana-perez/index.md").read_bytes() == ana


def test_an_account_in_two_profiles_is_not_guessed(project, photos):
    write_artist(project / "content", "ana-2", name="Ana Dos", github_id=str(ANA_ID))
    before = sorted(p.as_posix() for p in (project / "content").rglob("*"))
    outcome = run_intake(
        project, account_event(new_body(name=""), "ana-new", ANA_ID), attachments_dir=photos
    )
    assert outcome.code == 1
    folders = shown("artists/ana-2/, artists/ana-perez/")  # as every quoted value
    assert message("artist_twice", "es", folders=folders) in outcome.report
    assert sorted(p.as_posix() for p in (project / "content").rglob("*")) == before


def test_artist_of_prefers_the_number_over_a_login_someone_had(project):
    write_artist(project / "content", "legacy", name="Legacy", github="ana-new")
    assert artist_of(project, "ana-new", str(ANA_ID)) == "ana-perez"
    assert artist_of(project, "ana-new", None) == "legacy"
    assert artist_of(project, "ana-old", "2002") is None


# ------------------------------------------------------------------------ a free folder


def test_a_taken_folder_gives_another_and_the_artist_is_told_which(project, photos):
    body = new_body(name="Mateo Cisneros")
    outcome = run_intake(project, account_event(body, "mateo2", 5005), attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert profile(project, "mateo-cisneros-mateo2")["github_id"] == "5005"
    said = message(
        "artist_folder_taken",
        "es",
        wanted="artists/mateo-cisneros/",
        address="artists/mateo-cisneros-mateo2/",
    )
    assert said in outcome.report
    assert "pídela en un comentario de este issue" in said

    # Both the name and name-login taken: a number, never an internal error.
    shutil.rmtree(project / "content/artists/mateo-cisneros-mateo2")
    write_artist(project / "content", "mateo-cisneros-mateo2", name="Otro")
    write_artist(project / "content", "mateo-cisneros-mateo2-2", name="Otro más")
    body = new_body(name="Mateo Cisneros", lang="en")
    outcome = run_intake(
        project, account_event(body, "mateo2", 5005, issue=9), attachments_dir=photos
    )
    assert outcome.code == 0, outcome.report
    assert profile(project, "mateo-cisneros-mateo2-3")["github_id"] == "5005"
    assert "artists/mateo-cisneros-mateo2-3/" in outcome.report
    assert "ask for it in a comment on this issue" in outcome.report


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("!!! ??? ...", "zoe-9"),  # nothing to make a slug of: the login
        ("🌽🎨👩‍🎨", "zoe-9"),
        ("مريم", "mrym"),
        ("Con", "mi-con"),  # a name Windows reserves
    ],
)
def test_a_hostile_name_still_gives_a_folder(project, photos, name, folder):
    outcome = run_intake(
        project, account_event(new_body(name=name), "Zoe-9", 6006), attachments_dir=photos
    )
    assert outcome.code == 0, outcome.report
    assert profile(project, folder)["github_id"] == "6006"
    assert run_check(project, None, "json")[1] == 0


@pytest.mark.parametrize(
    ("name", "title", "profile_folder", "work_folder"),
    [
        ("Agenda", "Media", "agenda-zoe-9", "media-obra"),
        ("Blog", "404", "blog-zoe-9", "404-obra"),
        ("Luz", "Page", "luz", "page-obra"),
    ],
)
def test_a_name_or_title_that_is_a_section_of_the_site_still_gives_a_folder(
    project, photos, name, title, profile_folder, work_folder
):
    """A work called «Media» or an artist called «Agenda» is sent like any other: the check
    refuses a folder named like a section of the site, and a phone cannot choose one."""
    body = new_body(name=name, title=title)
    outcome = run_intake(project, account_event(body, "Zoe-9", 6006), attachments_dir=photos)
    assert outcome.code == 0, outcome.report
    assert profile(project, profile_folder)["github_id"] == "6006"
    assert works_of(project, profile_folder) == [work_folder]
    assert "slug" not in outcome.report
    # No other artist has the folder: the note saying one does is not given.
    assert "artists/" not in outcome.report
    assert run_check(project, None, "json")[1] == 0


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Mateo Cisneros " * 700, "-".join(["mateo-cisneros"] * 5) + "-mateo"),  # 10,500
        ("\u202eanaP\u202c", "anap"),  # direction marks (the check refuses them in the name)
        ("\x00\u200b\ufeff", "mateo2"),
    ],
)
def test_a_name_of_any_length_or_character_still_gives_a_folder(project, name, folder):
    slug = free_artist_slug(project, name, "mateo2")
    assert slug == folder and is_folder_name(slug) and len(slug) <= MAX_SLUG_LENGTH


NAMES = st.text(st.characters(codec=None), max_size=300) | st.just("mateo " * 2000)
LOGINS = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}", fullmatch=True)


@pytest.mark.filterwarnings("ignore:Surrogate character")
@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=NAMES, login=LOGINS, taken=st.integers(0, 4))
def test_any_name_and_login_find_a_free_folder_the_check_accepts(tmp_path, name, login, taken):
    root = tmp_path / f"site-{abs(hash((name, login, taken)))}"
    first = free_artist_slug(root, name, login)
    busy = {first}
    for _ in range(taken):  # the folders it would choose are taken, one after another
        (root / "content/artists" / free_artist_slug(root, name, login, busy)).mkdir(parents=True)
    slug = free_artist_slug(root, name, login, busy)
    assert is_folder_name(slug) and len(slug) <= MAX_SLUG_LENGTH
    assert slug not in busy and not (root / "content/artists" / slug).exists()
    assert first == suggest_slug(name, suggest_slug(login, "artista"))


# ------------------------------------------------------------------------ two issues at once


def intake_branch(repo: Path, issue: int, outcome, base: str = "main") -> None:
    """What the workflow's publish job does: the intake's files on intake/issue-<n>."""
    out = repo.parent / f"out-{issue}"
    write_outputs(outcome, repo, out)
    git(repo, "switch", "-q", "-c", f"intake/issue-{issue}", base)
    for relative in outcome.manifest["written"]:
        target = repo / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((out / "files" / relative).read_bytes())
    git(repo, "add", "-A", "content")
    git(repo, "commit", "-q", "-m", f"issue {issue}")
    git(repo, "push", "-q", "origin", f"intake/issue-{issue}")
    git(repo, "switch", "-q", base)


@pytest.fixture
def origin(project, tmp_path) -> Path:
    """The repository on GitHub (bare) and the intake job's checkout of its default
    branch with every branch fetched (fetch-depth: 0)."""
    return on_github(project, tmp_path)


def clean_checkout(repo: Path) -> None:
    """A new run: the default branch as it is, every intake branch fetched."""
    git(repo, "reset", "-q", "--hard", "main")
    git(repo, "clean", "-qfdx", "content")
    git(repo, "fetch", "-q", "origin")


def luz_on_a_branch(project: Path, photos: Path):
    """Luz's first new-work issue (5) taken in and its files published on its intake branch."""
    outcome = run_intake(
        project, account_event(new_body(), "luzmendoza", LUZ_ID, issue=5), attachments_dir=photos
    )
    assert outcome.code == 0, outcome.report
    intake_branch(project, 5, outcome)


def merged_in_either_order(project: Path):
    """Issues 5's and 6's intake branches merged into main in one order, then in the other,
    each on a branch of its own: the test looks at the merged tree at each step; then the
    check must pass on it, and main is checked out again."""
    for order in (("5", "6"), ("6", "5")):
        git(project, "switch", "-q", "-c", f"merged-{''.join(order)}", "main")
        for issue in order:
            git(project, "merge", "-q", "--no-ff", "-m", f"#{issue}", f"intake/issue-{issue}")
        yield order
        assert run_check(project, None, "json")[1] == 0
        git(project, "switch", "-q", "main")


def test_two_issues_of_a_new_artist_make_one_profile_that_merges_in_either_order(
    project, origin, photos
):
    luz_on_a_branch(project, photos)
    clean_checkout(project)
    pending = (project.parent / "out-5/files/content/artists/luz-mendoza/index.md").read_bytes()

    # Another issue opened before the first is merged, with another name and bio typed:
    # the profile that is waiting is the one, byte for byte.
    body = new_body(title="Sol de barrio", name="Luz M.", bio="Otra bio.")
    second = run_intake(
        project, account_event(body, "luzmendoza", LUZ_ID, issue=6), attachments_dir=photos
    )
    assert second.code == 0, second.report
    assert artists(project) == ["ana-perez", "luz-mendoza", "mateo-cisneros"]
    assert (project / "content/artists/luz-mendoza/index.md").read_bytes() == pending
    address = "artists/luz-mendoza/"
    assert message("artist_pending", "es", issue=5, address=address) in second.report
    assert message("new_artist", "es", name="Luz M.") not in second.report
    intake_branch(project, 6, second)

    for _ in merged_in_either_order(project):
        assert artists(project) == ["ana-perez", "luz-mendoza", "mateo-cisneros"]
        assert works_of(project, "luz-mendoza") == ["raices-de-maiz", "sol-de-barrio"]


def test_the_same_issue_edited_keeps_its_own_folder(project, origin, photos):
    luz_on_a_branch(project, photos)
    clean_checkout(project)
    edited = run_intake(
        project,
        account_event(new_body(bio="Nueva bio."), "luzmendoza", LUZ_ID, issue=5, action="edited"),
        attachments_dir=photos,
    )
    assert edited.code == 0, edited.report
    assert artists(project) == ["ana-perez", "luz-mendoza", "mateo-cisneros"]
    assert "Nueva bio." in (project / "content/artists/luz-mendoza/index.md").read_text()


def test_a_folder_another_pending_artist_took_is_not_given_twice(project, origin, photos):
    luz_on_a_branch(project, photos)
    clean_checkout(project)
    other = run_intake(
        project, account_event(new_body(), "otra-luz", 7007, issue=6), attachments_dir=photos
    )
    assert other.code == 0, other.report
    assert artists(project) == ["ana-perez", "luz-mendoza-otra-luz", "mateo-cisneros"]
    assert profile(project, "luz-mendoza-otra-luz")["github_id"] == "7007"


@pytest.mark.parametrize("known", [True, False], ids=["known-artist", "new-artist"])
def test_the_same_work_sent_twice_from_two_issues_is_said_not_made_twice(
    project, origin, photos, known
):
    """A form sent twice (a double tap, a retry on a slow network): the second issue's pull
    request would add the same work's files as the first one's and never merge after it."""
    login, number = ("ana-old", ANA_ID) if known else ("luzmendoza", LUZ_ID)
    first = run_intake(
        project, account_event(new_body(), login, number, issue=5), attachments_dir=photos
    )
    assert first.code == 0, first.report
    intake_branch(project, 5, first)
    clean_checkout(project)
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("content/**/*"))
    second = run_intake(
        project, account_event(new_body(), login, number, issue=6), attachments_dir=photos
    )
    assert second.code == 1, second.report
    assert message("work_exists", "es", value=shown("raices-de-maiz")) in second.report
    after = sorted(p.relative_to(project).as_posix() for p in project.rglob("content/**/*"))
    assert after == before and second.manifest["written"] == []
    # Another title from the second issue is a work of its own; the first issue edited
    # keeps its own folder.
    other = run_intake(
        project,
        account_event(new_body(title="Sol de barrio"), login, number, issue=6, action="edited"),
        attachments_dir=photos,
    )
    assert other.code == 0, other.report
    clean_checkout(project)
    edited = run_intake(
        project,
        account_event(new_body(statement="Otra vez."), login, number, issue=5, action="edited"),
        attachments_dir=photos,
    )
    assert edited.code == 0, edited.report


EVENT = {
    "title": "Taller de grabado",
    "start": "2027-03-14",
    "start_time": "18:00",
    "end": "20:30",
    "timezone": "America/Mexico_City",
    "venue": "Casa de la Cultura",
    "cost": "Entrada libre",
    "organizers": "https://altavoz-mx.github.io/altavoz/artists/ana-perez/",
    "description": "Trae ropa que se pueda manchar.",
    "lang": "es",
    "consent": True,
}


def events_of(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "content/events").iterdir())


def test_two_open_issues_for_the_same_event_name_get_two_folders_that_merge(project, origin):
    def announce(issue: int, action: str = "opened", **changes):
        body = render_body("evento-nuevo", {**EVENT, **changes})
        payload = account_event(body, "ana-old", ANA_ID, issue=issue, action=action)
        outcome = run_intake(project, payload)
        assert outcome.code == 0, outcome.report
        return outcome

    intake_branch(project, 5, announce(5))
    clean_checkout(project)
    # Another collective announces its own "Taller de grabado" the same day before the
    # first pull request is merged: the folder waiting on issue 5's branch is taken.
    intake_branch(project, 6, announce(6, venue="Otro lugar"))
    clean_checkout(project)
    announce(5, action="edited", cost="Cooperación voluntaria")  # keeps its own folder
    assert events_of(project) == ["taller-de-grabado"]
    clean_checkout(project)

    for _ in merged_in_either_order(project):
        assert events_of(project) == ["taller-de-grabado", "taller-de-grabado-2027-03-14"]
        venue = read_fields(
            (project / "content/events/taller-de-grabado-2027-03-14/index.md").read_text()
        )[0]["venue"]
        assert venue == "Otro lugar"


def test_a_pending_profile_that_is_not_plain_files_is_not_copied(project, origin, photos):
    luz_on_a_branch(project, photos)
    # Someone pushes a link next to the profile on that branch.
    git(project, "switch", "-q", "intake/issue-5")
    (project / "content/artists/luz-mendoza/avatar.jpg").symlink_to("/etc/passwd")
    git(project, "add", "-A", "content")
    git(project, "commit", "-q", "-m", "a link")
    git(project, "push", "-q", "origin", "intake/issue-5")
    git(project, "switch", "-q", "main")
    clean_checkout(project)
    second = run_intake(
        project, account_event(new_body(), "luzmendoza", LUZ_ID, issue=6), attachments_dir=photos
    )
    assert second.code == 0, second.report
    folder = project / "content/artists/luz-mendoza-luzmendoza"
    assert sorted(p.name for p in folder.iterdir()) == ["index.md"]
    assert not (project / "content/artists/luz-mendoza").exists()


def test_without_git_the_intake_works_one_issue_at_a_time(project, photos):
    # No repository at all (a maintainer replaying an issue): no pending profile is read.
    outcome = run_intake(
        project, account_event(new_body(), "luzmendoza", LUZ_ID), attachments_dir=photos
    )
    assert outcome.code == 0 and artists(project) == ["ana-perez", "luz-mendoza", "mateo-cisneros"]


def test_only_the_newest_intake_branches_are_read(project, origin, photos, monkeypatch):
    import altavoz_submit.intake.artists as module

    monkeypatch.setattr(module, "MAX_BRANCHES", 1)
    luz_on_a_branch(project, photos)
    git(project, "branch", "intake/issue-50", "main")  # a newer issue's branch
    git(project, "push", "-q", "origin", "intake/issue-50")
    clean_checkout(project)
    assert [p.issue for p in module.pending_profiles(project, 6)] == []
    monkeypatch.setattr(module, "MAX_BRANCHES", MAX_BRANCHES)
    assert [p.issue for p in module.pending_profiles(project, 6)] == [5]
