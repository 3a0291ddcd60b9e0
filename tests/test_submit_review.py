"""`invoke review REF`: the moderation report and the preview URLs of what a branch changes."""

from __future__ import annotations

import importlib
import shutil
import subprocess

import pytest
from altavoz_submit import describe, review
from altavoz_submit.review import NEW, REMOVED, ReviewError, resolve_ref
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


@pytest.mark.parametrize("name", ["٧", "²"])
def test_a_branch_named_by_other_digits_is_a_branch_not_a_pull_request(repo, name):
    # str.isdigit takes every script's digits; only ASCII digits are a pull-request number.
    git(repo, "branch", name, "obra-nueva")
    assert resolve_ref(repo, name) == git(repo, "rev-parse", "obra-nueva").strip()


def test_unknown_ref_is_a_clear_error(repo):
    with pytest.raises(ReviewError, match="'no-existe' is not a branch"):
        review(repo, "no-existe")


def test_output_that_would_empty_the_repository_is_refused(repo):
    with pytest.raises(ReviewError, match="would be emptied"):
        review(repo, "obra-nueva", output=repo)


def test_invoke_review_prints_the_report_and_the_urls_and_keeps_output(repo):
    own_preview = repo / "output" / "index.html"
    own_preview.parent.mkdir()
    own_preview.write_text("the maintainer's own preview")

    result = invoke(repo, "review", "obra-nueva")
    assert result.returncode == 0, result.stderr
    assert "Moderation report for what changed:" in result.stdout
    assert "new      http://localhost:8000/works/ana-rivera/maiz-azul/" in result.stdout
    preview = repo / "output-review"
    assert (preview / "works" / "ana-rivera" / "maiz-azul" / "index.html").is_file()
    assert own_preview.read_text() == "the maintainer's own preview"
    assert sorted(p.name for p in (repo / "output").iterdir()) == ["index.html"]

    failed = invoke(repo, "review", "no-existe")
    assert failed.returncode == 2
    assert "review failed: 'no-existe' is not a branch" in failed.stderr


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_invoke_review_help_shows_the_options(repo, flag):
    result = invoke(repo, "review", flag)
    assert result.returncode == 0, result.stderr
    assert "Usage: inv[oke] [--core-opts] review" in result.stdout
    assert "--base" in result.stdout and "output-review/" in result.stdout
    assert "not a branch" not in result.stdout + result.stderr
    assert not (repo / "output-review").exists()


def test_a_ref_that_looks_like_an_option_is_refused(repo):
    with pytest.raises(ReviewError, match="cannot start with '-'"):
        review(repo, "--upload-pack=touch /tmp/x")


# ------------------------------------------------------------ what the review extracts


def commit_branch(repo, name: str, change) -> None:
    git(repo, "switch", "-q", "-c", name)
    change(repo / "content")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", name)
    git(repo, "switch", "-q", "main")


def test_gitattributes_export_ignore_hides_nothing_from_review(repo):
    def hide_a_work(content):
        write_work(content, "ana-rivera", "oculta", title="Obra oculta")
        (content / ".gitattributes").write_text("works/** export-ignore\n* export-subst\n")
        (content / "works" / "ana-rivera" / "oculta" / "index.md").write_text(
            (content / "works" / "ana-rivera" / "oculta" / "index.md").read_text()
            + "\n$Format:%H$\n"
        )

    commit_branch(repo, "escondida", hide_a_work)
    result = review(repo, "escondida")

    page = next(p for p in result.pages if p.source == "content/works/ana-rivera/oculta")
    assert page.built and page.url == "works/ana-rivera/oculta/"
    assert "content/works/ana-rivera/oculta" in result.report.checked
    html = (result.output / "works/ana-rivera/oculta/index.html").read_text()
    assert "Obra oculta" in html and "$Format:%H$" in html  # stored bytes, no export-subst
    assert "content/.gitattributes" in {c.path for c in result.changed}
    assert result.extracted.merged is True


def test_review_checks_the_gitattributes_file_itself(repo, monkeypatch):
    """The check gets the file (and refuses files loose in content/) as on a checkout."""
    seen = {}

    def spy(root, paths, settings):
        from altavoz_submit.project import check_report

        seen["file"] = (root / "content" / ".gitattributes").read_text()
        seen["paths"] = list(paths)
        return check_report(root, paths, settings)

    commit_branch(
        repo,
        "atributos",
        lambda content: (content / ".gitattributes").write_text("works/** export-ignore\n"),
    )
    module = importlib.import_module("altavoz_submit.review")
    monkeypatch.setattr(module, "check_report", spy)
    review(repo, "atributos")
    assert seen["file"] == "works/** export-ignore\n"
    assert "content/.gitattributes" in seen["paths"]


def test_the_preview_is_the_merge_with_what_main_gained_since(repo):
    write_work(repo / "content", "ana-rivera", "de-main", title="Llegó a main después")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "main moves on")

    result = review(repo, "obra-nueva")
    assert result.extracted.merged is True
    assert (result.output / "works/ana-rivera/de-main/index.html").is_file()
    assert (result.output / "works/ana-rivera/maiz-azul/index.html").is_file()
    assert result.report.checked == ["content/works/ana-rivera/maiz-azul"]
    assert "Reviewed the merge into the base" in describe(result, "http://localhost:8000")


def test_a_conflicting_branch_is_reviewed_as_its_own_tree_and_says_so(repo):
    index = repo / "content" / "works" / "ana-rivera" / "sol-de-barrio" / "index.md"
    git(repo, "switch", "-q", "-c", "choca")
    index.write_text(index.read_text().replace("Sol de barrio", "Sol de la rama"))
    git(repo, "commit", "-qam", "branch edit")
    git(repo, "switch", "-q", "main")
    index.write_text(index.read_text().replace("Sol de barrio", "Sol de main"))
    git(repo, "commit", "-qam", "main edit")

    result = review(repo, "choca")
    assert result.extracted.merged is False
    assert "conflicts with the base" in describe(result, "http://localhost:8000")
    html = (result.output / "works/ana-rivera/sol-de-barrio/index.html").read_text()
    assert "Sol de la rama" in html


def test_symlinks_and_submodules_in_content_are_errors_and_never_followed(repo, tmp_path):
    """A link to a file of the maintainer's machine is refused, and its target never read."""
    secret = tmp_path / "secreto.txt"
    secret.write_text("SECRETO-DEL-MAINTAINER")

    def add_links(content):
        write_work(content, "ana-rivera", "enlazada", title="Enlazada")
        folder = content / "works" / "ana-rivera" / "enlazada"
        (folder / "notas.md").symlink_to(secret)
        (content / "blog").mkdir(exist_ok=True)
        (content / "blog" / "robado.md").symlink_to(secret)

    git(repo, "switch", "-q", "-c", "enlaces")
    add_links(repo / "content")
    head = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "add", "-A")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},content/works/ana-rivera/sub")
    git(repo, "commit", "-qm", "links")
    git(repo, "switch", "-q", "main")

    result = review(repo, "enlaces")
    found = {(f.code, f.path) for f in result.errors}
    assert ("AV104", "content/works/ana-rivera/enlazada/notas.md") in found
    assert ("AV104", "content/blog/robado.md") in found
    assert ("AV901", "content/works/ana-rivera/sub") in found
    assert {"content/works/ana-rivera/enlazada", "content/blog/robado.md"} <= result.report.rejected
    assert result.extracted.links == [
        "content/blog/robado.md",
        "content/works/ana-rivera/enlazada/notas.md",
    ]
    for path in result.output.rglob("*"):
        if path.is_file():
            assert b"SECRETO-DEL-MAINTAINER" not in path.read_bytes(), path


def test_extraction_is_bounded(repo, tmp_path):
    from altavoz_submit.review import export_content

    tree = git(repo, "rev-parse", "obra-nueva^{tree}").strip()
    with pytest.raises(ReviewError, match="more than the review extracts"):
        export_content(repo, tree, tmp_path / "a", max_files=3)
    with pytest.raises(ReviewError, match="more than the review extracts"):
        export_content(repo, tree, tmp_path / "b", max_bytes=100)
    extracted = export_content(repo, tree, tmp_path / "c")
    stored = git(repo, "show", "obra-nueva:content/works/ana-rivera/maiz-azul/index.md")
    assert (tmp_path / "c/content/works/ana-rivera/maiz-azul/index.md").read_text() == stored
    assert extracted.files == len(
        git(repo, "ls-tree", "-r", "--name-only", tree, "content").split()
    )
