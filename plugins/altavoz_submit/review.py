"""`invoke review REF`: what a branch or pull request would publish, before merging it.

Only the *content* of REF is taken (``git archive``, into a temporary folder): it
is checked and built with the maintainer's own settings, plugins and theme, so no
code from a pull request runs on the maintainer's machine, and the maintainer's
working tree, index and branches are never touched. Changes outside ``content/``
are listed for reading, not used.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .project import check_report, project_settings

NEW, CHANGED, REMOVED = "new", "changed", "removed"
BASE_CANDIDATES = ("origin/main", "main", "origin/master", "master")


class ReviewError(Exception):
    """The review cannot run; the message says why and what to do."""


@dataclass(frozen=True)
class ChangedFile:
    status: str  # git's letter: A added, M modified, D deleted, T type changed
    path: str  # posix, relative to the repository


@dataclass(frozen=True)
class PageChange:
    status: str  # NEW, CHANGED or REMOVED
    kind: str  # "work", "artist", "blog" or "page"
    source: str  # the submission (folder or file), posix
    url: str | None  # site-relative URL, e.g. "works/ana/mural/"; None if it cannot be known
    built: bool  # the page exists in the preview (False: removed, or left out for errors)


@dataclass
class Review:
    ref: str
    commit: str
    merge_base: str
    changed: list[ChangedFile]
    report: object  # altavoz_moderation.report.Report for the changed submissions
    pages: list[PageChange]
    output: Path
    outside_content: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list:
        return self.report.errors

    def report_text(self, fmt: str = "text") -> str:
        from altavoz_moderation.cli import FORMATS

        return FORMATS[fmt](self.report)


def git(root: Path, *args: str, binary: bool = False):
    result = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=not binary, check=False
    )
    if result.returncode != 0:
        error = result.stderr if isinstance(result.stderr, str) else result.stderr.decode()
        raise ReviewError(f"git {' '.join(args)} failed: {error.strip()}")
    return result.stdout


def _rev(root: Path, ref: str) -> str | None:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip() or None
    except ReviewError:
        return None


def resolve_ref(root: Path, ref: str, remote: str = "origin") -> str:
    """The commit of a branch, tag or commit; a bare number is pull request #N on ``remote``."""
    if ref.isdigit():
        git(root, "fetch", "--quiet", remote, f"pull/{ref}/head")
        commit = _rev(root, "FETCH_HEAD")
    else:
        commit = _rev(root, ref)
    if commit is None:
        raise ReviewError(
            f"'{ref}' is not a branch, tag or commit here: `git fetch` it first, or give a "
            "pull-request number"
        )
    return commit


def resolve_base(root: Path, base: str | None) -> str:
    for candidate in [base] if base else BASE_CANDIDATES:
        commit = _rev(root, candidate)
        if commit:
            return commit
    raise ReviewError(f"base '{base or 'main'}' not found: give one with --base")


def changed_files(root: Path, since: str, commit: str) -> list[ChangedFile]:
    out = git(root, "diff", "--name-status", "-z", "--no-renames", since, commit)
    parts = [p for p in out.split("\0") if p]
    return [ChangedFile(parts[i][0], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]


def export_content(root: Path, commit: str, destination: Path) -> None:
    """``content/`` of ``commit`` into ``destination/content`` (safe extraction only)."""
    has_content = git(root, "ls-tree", "--name-only", commit, "content").strip()
    (destination / "content").mkdir(parents=True, exist_ok=True)
    if not has_content:
        return
    process = subprocess.Popen(
        ["git", "archive", "--format=tar", commit, "content"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
        archive.extractall(destination, filter="data")
    if process.wait() != 0:
        raise ReviewError(f"git archive {commit} failed: {process.stderr.read().decode().strip()}")


def submission_of(path: str) -> tuple[str, str] | None:
    """(kind, submission path) of a changed content file, or None."""
    parts = PurePosixPath(path).parts
    if len(parts) < 2 or parts[0] != "content":
        return None
    if parts[1] == "works" and len(parts) >= 5:
        return "work", "/".join(parts[:4])
    if parts[1] == "artists" and len(parts) >= 4:
        return "artist", "/".join(parts[:3])
    if parts[1] in ("blog", "pages") and path.endswith(".md"):
        return ("blog" if parts[1] == "blog" else "page"), path
    return None


def _capture_urls(settings: dict, output: Path) -> dict[str, str]:
    """Build the site in-process; returns {submission path: url} of what was written."""
    from pelican import Pelican, signals

    urls: dict[str, str] = {}
    content_root = Path(settings["PATH"]).resolve()

    def collect(generators):
        for generator in generators:
            items = []
            for name in ("works", "artists"):
                items += list(getattr(generator, name, None) or [])
            for name in (
                "articles",
                "translations",
                "pages",
                "hidden_pages",
                "hidden_translations",
            ):
                items += list(getattr(generator, name, None) or [])
            for item in items:
                source = Path(item.source_path).resolve()
                relative = "content/" + source.relative_to(content_root).as_posix()
                in_folder = relative.startswith(("content/works/", "content/artists/"))
                if in_folder and source.name == "index.md":
                    relative = relative.rsplit("/", 1)[0]
                urls[relative] = item.url

    signals.all_generators_finalized.connect(collect)
    try:
        Pelican(settings).run()
    finally:
        signals.all_generators_finalized.disconnect(collect)
    return urls


def _url_exists(output: Path, url: str) -> bool:
    target = output / url
    return (target / "index.html").is_file() if url.endswith("/") or not url else target.is_file()


def _guess_url(settings: dict, kind: str, source: str) -> str | None:
    parts = PurePosixPath(source).parts
    if kind == "work":
        return settings.get("WORK_URL", "works/{artist}/{slug}/").format(
            artist=parts[2], slug=parts[3]
        )
    if kind == "artist":
        return settings.get("ARTIST_URL", "artists/{slug}/").format(slug=parts[2])
    return None


def page_changes(
    changed: list[ChangedFile], urls: dict[str, str], settings: dict, output: Path
) -> list[PageChange]:
    """One entry per submission touched by the change, plus artist pages listing changed works."""
    by_submission: dict[tuple[str, str], set[str]] = {}
    for item in changed:
        found = submission_of(item.path)
        if found:
            by_submission.setdefault(found, set()).add(item.status)
    pages: list[PageChange] = []
    for (kind, source), statuses in sorted(by_submission.items(), key=lambda x: x[0][1]):
        index_added = any(
            c.status == "A" and c.path in (source, f"{source}/index.md") for c in changed
        )
        url = urls.get(source)
        if url is None:
            gone = statuses == {"D"}
            url = _guess_url(settings, kind, source)
            status = REMOVED if gone else (NEW if index_added else CHANGED)
            pages.append(PageChange(status, kind, source, url, False))
            continue
        status = NEW if index_added else CHANGED
        pages.append(PageChange(status, kind, source, url, _url_exists(output, url)))
    listed = {p.source for p in pages}
    for page in list(pages):
        if page.kind == "work":
            artist = "content/artists/" + PurePosixPath(page.source).parts[2]
            url = urls.get(artist)
            if artist not in listed and url:
                listed.add(artist)
                pages.append(PageChange(CHANGED, "artist", artist, url, _url_exists(output, url)))
    return pages


def review(
    root: Path,
    ref: str,
    *,
    base: str | None = None,
    output: Path | None = None,
    remote: str = "origin",
) -> Review:
    """Check and build what ``ref`` changes since its merge-base with ``base``."""
    root = Path(root).resolve()
    commit = resolve_ref(root, ref, remote)
    base_commit = resolve_base(root, base)
    merge_base = git(root, "merge-base", base_commit, commit).strip()
    changed = changed_files(root, merge_base, commit)
    output = Path(output or root / "output").resolve()
    if output == root or output in root.parents or (output / ".git").exists():
        raise ReviewError(f"--output {output} would be emptied: choose a build folder")
    with tempfile.TemporaryDirectory(prefix="altavoz-review-") as temporary:
        tree = Path(temporary)
        export_content(root, commit, tree)
        settings = project_settings(root, PATH=str(tree / "content"))
        content_paths = [c.path for c in changed if c.path.startswith("content/")]
        for item in changed:  # works of a withdrawn artist lose their artist: check them
            found = submission_of(item.path)
            if found and found[0] == "artist" and not (tree / found[1]).exists():
                works = tree / "content" / "works" / PurePosixPath(found[1]).name
                if works.is_dir():
                    content_paths += [
                        f"content/works/{works.name}/{w.name}" for w in works.iterdir()
                    ]
        report = check_report(tree, content_paths, settings)
        build_settings = project_settings(
            root,
            PATH=str(tree / "content"),
            OUTPUT_PATH=str(output),
            DELETE_OUTPUT_DIRECTORY=True,
            SITEURL="",
        )
        urls = _capture_urls(build_settings, output)
    pages = page_changes(changed, urls, build_settings, output)
    outside = sorted(c.path for c in changed if not c.path.startswith("content/"))
    return Review(ref, commit, merge_base, changed, report, pages, output, outside)


def describe(result: Review, preview_url: str) -> str:
    """What `invoke review` prints: the moderation report, then the pages to look at."""
    base = preview_url.rstrip("/")
    lines = [
        f"Review of {result.ref} ({result.commit[:10]}) since {result.merge_base[:10]}: "
        f"{len(result.changed)} file(s) changed.",
        "",
        "Moderation report for what changed:",
        result.report_text().rstrip()
        if result.report.checked
        else "(no submission in content/ changed)",
        "",
    ]
    if result.pages:
        lines.append(f"Pages in the local preview (`invoke serve`, then open {base}/):")
        for page in result.pages:
            if page.status == REMOVED:
                where = f"{base}/{page.url}" if page.url else page.source
                lines.append(f"  removed  {where}  (withdrawn: gone from the site)")
            elif page.built:
                lines.append(f"  {page.status:<8} {base}/{page.url}  ({page.source})")
            else:
                lines.append(f"  {page.status:<8} not built: {page.source} has errors (see above)")
    else:
        lines.append("No page of the site changes.")
    if result.outside_content:
        lines += [
            "",
            "Also changed outside content/ (NOT used for this preview; read them in the pull "
            "request before merging):",
            *(f"  {path}" for path in result.outside_content),
        ]
    return "\n".join(lines) + "\n"
