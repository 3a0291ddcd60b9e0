"""`invoke review REF`: the moderation report and the preview URLs of what a branch changes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from altavoz_submit import describe, review
from altavoz_submit.review import NEW, REMOVED, ReviewError
from conftest import write_artist, write_work
from submit_support import git, init_repo, invoke, make_project


@pytest.fixture
def repo(tmp_path):
    """A maintainer's checkout: a base commit on main, and a branch `obra-nueva` that adds a
    work, withdraws another and (untrusted) changes tasks.py."""
    root = make_project(tmp_path / "repo")
    content = root / "content"
    write_artist(content, "ana-rivera", name="Ana Rivera")
    write_work(content, "ana-rivera", "sol-de-barrio", title="Sol de barrio")
    write_work(content, "ana-rivera", "barca-vieja", title="Barca vieja")
    init_repo(root)
    git(root, "switch", "-q", "-c", "obra-nueva")
    write_work(content, "ana-rivera", "maiz-azul", title="Maíz azul", date="2026-03-01")
    shutil.rmtree(content / "works" / "ana-rivera" / "barca-vieja")
    marker = tmp_path / "pr-code-ran"
    (root / "pelicanconf.py").write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n" + (root / "pelicanconf.py").read_text()
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Obra nueva: Maíz azul")
    git(root, "switch", "-q", "main")
    return root


def status(root) -> str:
    return git(root, "status", "--porcelain", "--untracked-files=all")


def test_review_reports_the_new_work_and_its_page_urls(repo, tmp_path):
    (repo / "content" / "notas.txt").write_text("borrador del maintainer")  # uncommitted work
    before = (status(repo), git(repo, "rev-parse", "HEAD"), git(repo, "branch", "--show-current"))

    result = review(repo, "obra-nueva")

    pages = {page.source: page for page in result.pages}
    new = pages["content/works/ana-rivera/maiz-azul"]
    assert (new.status, new.url, new.built) == (NEW, "works/ana-rivera/maiz-azul/", True)
    gone = pages["content/works/ana-rivera/barca-vieja"]
    assert (gone.status, gone.built) == (REMOVED, False)
    assert pages["content/artists/ana-rivera"].url == "artists/ana-rivera/"
    assert (result.output / "works/ana-rivera/maiz-azul/index.html").is_file()
    assert not (result.output / "works/ana-rivera/barca-vieja").exists()
    assert result.errors == []
    assert result.report.checked == ["content/works/ana-rivera/maiz-azul"]
    assert result.outside_content == ["pelicanconf.py"]

    text = describe(result, "http://localhost:8000")
    assert "http://localhost:8000/works/ana-rivera/maiz-azul/" in text
    assert "http://localhost:8000/artists/ana-rivera/" in text
    assert "removed  http://localhost:8000/works/ana-rivera/barca-vieja/" in text
    assert "NOT used for this preview" in text and "  pelicanconf.py" in text

    # Nothing of the pull request ran, and the maintainer's checkout is as it was.
    assert not (tmp_path / "pr-code-ran").exists()
    after = (status(repo), git(repo, "rev-parse", "HEAD"), git(repo, "branch", "--show-current"))
    assert after == before
    assert not (repo / "content" / "works" / "ana-rivera" / "maiz-azul").exists()
    assert git(repo, "worktree", "list").count("\n") == 1


def test_review_of_a_broken_work_names_the_error_and_does_not_build_it(repo):
    git(repo, "switch", "-q", "-c", "rota")
    write_work(repo / "content", "ana-rivera", "sin-permiso", title="Sin permiso", consent="no")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "broken")
    git(repo, "switch", "-q", "main")

    result = review(repo, "rota")
    assert [(f.code, f.path) for f in result.errors] == [
        ("AV212", "content/works/ana-rivera/sin-permiso/index.md")
    ]
    page = next(p for p in result.pages if p.source.endswith("sin-permiso"))
    assert page.built is False
    assert "not built: content/works/ana-rivera/sin-permiso has errors" in describe(
        result, "http://localhost:8000"
    )


def test_a_pull_request_number_is_fetched_from_the_remote(repo, tmp_path):
    remote = tmp_path / "github.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main", "obra-nueva:refs/pull/7/head")
    git(repo, "branch", "-D", "obra-nueva")
    git(repo, "fetch", "-q", "origin", "main")

    result = review(repo, "7")
    assert any(p.url == "works/ana-rivera/maiz-azul/" and p.built for p in result.pages)
    assert git(repo, "branch", "--list") == "* main\n"  # no branch was created


def test_unknown_ref_is_a_clear_error(repo):
    with pytest.raises(ReviewError, match="'no-existe' is not a branch"):
        review(repo, "no-existe")


def test_output_that_would_empty_the_repository_is_refused(repo):
    with pytest.raises(ReviewError, match="would be emptied"):
        review(repo, "obra-nueva", output=repo)


def test_invoke_review_prints_the_report_and_the_urls(repo):
    result = invoke(repo, "review", "obra-nueva")
    assert result.returncode == 0, result.stderr
    assert "Moderation report for what changed:" in result.stdout
    assert "new      http://localhost:8000/works/ana-rivera/maiz-azul/" in result.stdout
    assert (repo / "output" / "works" / "ana-rivera" / "maiz-azul" / "index.html").is_file()

    failed = invoke(repo, "review", "no-existe")
    assert failed.returncode == 2
    assert "review failed: 'no-existe' is not a branch" in failed.stderr
