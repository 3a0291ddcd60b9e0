"""`invoke review REF`: what a branch or pull request would publish, before merging it.

Only the *content* of REF is taken: the tree that merging REF into the base would give
(``git merge-tree``; REF's own tree when that merge conflicts), its ``content/`` read
blob by blob from git's objects into a temporary folder. Nothing the branch adds can
change what is extracted (a ``.gitattributes`` with ``export-ignore`` hides nothing
here, as it would not on merge). It is checked and built with the maintainer's own
settings, plugins and theme, so no code from a pull request runs on the maintainer's
machine, and the maintainer's working tree, index, branches and ``output/`` are never
touched: the preview goes to its own folder. Changes outside ``content/`` are listed
for reading, not used.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from altavoz_core.codes import make_finding
from altavoz_core.git import GitError, changed_between, git_command, run_git, run_git_status
from altavoz_core.submissions import WORKS_DIR, submission_for
from altavoz_moderation.report import FORMATS, visible

from .project import check_report, project_settings

NEW, CHANGED, REMOVED = "new", "changed", "removed"
BASE_CANDIDATES = ("origin/main", "main", "origin/master", "master")
PREVIEW_FOLDER = "output-review"  # beside output/, which keeps the maintainer's own preview


class ReviewError(GitError):
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
    extracted: Extracted | None = None  # which tree was reviewed, and what was refused in it

    @property
    def errors(self) -> list:
        return self.report.errors

    def report_text(self, fmt: str = "text") -> str:
        return FORMATS[fmt](self.report)


def git(root: Path, *args: str, binary: bool = False):
    return run_git(root, *args, binary=binary, error=ReviewError)


def _rev(root: Path, ref: str) -> str | None:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip() or None
    except ReviewError:
        return None


def resolve_ref(root: Path, ref: str, remote: str = "origin") -> str:
    """The commit of a branch, tag or commit; a bare number is pull request #N on ``remote``."""
    if ref.isascii() and ref.isdigit():  # str.isdigit alone takes '²' and '٢'
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
    return [
        ChangedFile(*entry) for entry in changed_between(root, since, commit, error=ReviewError)
    ]


REGULAR_MODES = {"100644", "100755"}
SYMLINK_MODE, GITLINK_MODE = "120000", "160000"
MAX_FILES = 50_000
MAX_BYTES = 4 * 1024**3
# A placeholder target: the check sees a link (and refuses it) as on a real checkout,
# but nothing the branch chose is ever followed.
REFUSED_LINK_TARGET = "altavoz-review-refused-link"


@dataclass(frozen=True)
class TreeEntry:
    mode: str
    kind: str  # git object type: blob, tree or commit (a submodule)
    oid: str
    size: int  # bytes of a blob; 0 otherwise
    path: str  # posix, relative to the repository


@dataclass
class Extracted:
    """What ``export_content`` wrote: the merged tree's ``content/`` and how it was chosen."""

    tree: str  # the tree object that was extracted
    merged: bool  # True: the merge of REF into the base; False: REF's own tree (see ``note``)
    note: str = ""
    links: list[str] = field(default_factory=list)  # symbolic links (written as placeholders)
    submodules: list[str] = field(default_factory=list)  # gitlinks (written as empty folders)
    files: int = 0
    bytes: int = 0


def merge_tree(root: Path, base: str, commit: str) -> tuple[str, bool, str]:
    """(tree, merged, note): the tree merging ``commit`` into ``base`` would give.

    ``git merge-tree --write-tree`` (git 2.38+) merges without touching the index, the
    working tree or any branch (it only adds unreferenced objects, which ``git gc``
    prunes). The base is what the pull request merges into, not the current HEAD.
    When it cannot merge (conflicts, older git, unrelated histories) the review falls
    back to ``commit``'s own tree and says so: that is what the branch contains, and a
    conflicting pull request cannot be merged as it is anyway.
    """
    own = git(root, "rev-parse", "--verify", f"{commit}^{{tree}}").strip()
    result = run_git_status(
        root, "merge-tree", "--write-tree", "--no-messages", base, commit, error=ReviewError
    )
    first = result.stdout.split("\n", 1)[0].strip()
    if result.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", first):
        return first, True, ""
    if result.returncode == 1:
        note = "it conflicts with the base: reviewed the branch's own tree"
    else:
        note = "git could not merge it here (git 2.38+ needed): reviewed the branch's own tree"
    return own, False, note


def tree_entries(root: Path, tree: str, prefix: str = "content") -> list[TreeEntry]:
    out = git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", tree, "--", prefix, binary=True)
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid, size = meta.decode("ascii").split()
        path = raw_path.decode("utf-8", "surrogateescape")
        entries.append(TreeEntry(mode, kind, oid, 0 if size == "-" else int(size), path))
    return entries


def _safe_target(destination: Path, path: str) -> Path:
    parts = PurePosixPath(path).parts
    if (
        not parts
        or PurePosixPath(path).is_absolute()
        or any(part in ("", ".", "..") or part.lower() == ".git" for part in parts)
    ):
        raise ReviewError(f"the branch has a file with an unsafe name: {path!r}")
    return destination.joinpath(*parts)


def export_content(
    root: Path,
    tree: str,
    destination: Path,
    *,
    max_files: int = MAX_FILES,
    max_bytes: int = MAX_BYTES,
) -> Extracted:
    """``content/`` of ``tree`` into ``destination/content``, exactly as git stores it.

    The blobs are read from the object database (``git cat-file --batch``), not through
    ``git archive``: no ``.gitattributes`` of the branch (``export-ignore``,
    ``export-subst``) can hide or change a file from the review. Symbolic links are
    written as links to a placeholder and submodules as empty folders, the shape a
    checkout gives them, so the check refuses them; nothing they point to is read.
    """
    extracted = Extracted(tree=tree, merged=False)
    (destination / "content").mkdir(parents=True, exist_ok=True)
    entries = tree_entries(root, tree)
    blobs = [e for e in entries if e.mode in REGULAR_MODES]
    extracted.files = len(entries)
    extracted.bytes = sum(e.size for e in blobs)
    if extracted.files > max_files or extracted.bytes > max_bytes:
        raise ReviewError(
            f"content/ of {tree[:10]} has {extracted.files} files and {extracted.bytes} bytes: "
            f"more than the review extracts ({max_files} files, {max_bytes} bytes)"
        )
    try:
        for entry in entries:
            target = _safe_target(destination, entry.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            if entry.mode == SYMLINK_MODE:
                os.symlink(REFUSED_LINK_TARGET, target)
                extracted.links.append(entry.path)
            elif entry.mode == GITLINK_MODE or entry.kind == "commit":
                target.mkdir(exist_ok=True)
                extracted.submodules.append(entry.path)
            elif entry.mode not in REGULAR_MODES:
                raise ReviewError(f"unexpected git entry {entry.mode} {entry.path!r}")
        _write_blobs(root, blobs, destination)
    except OSError as error:  # a name too long, a file where a folder should be...
        raise ReviewError(f"content/ of {tree[:10]} cannot be extracted: {error}") from None
    return extracted


def _write_blobs(root: Path, blobs: list[TreeEntry], destination: Path) -> None:
    if not blobs:
        return
    process = subprocess.Popen(
        git_command(root, "cat-file", "--batch"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    # Requests go in from a thread: a large blob filling the pipe must not block the writer.
    feeder = threading.Thread(
        target=_feed, args=(process.stdin, [b.oid for b in blobs]), daemon=True
    )
    feeder.start()
    finished = False
    try:
        for entry in blobs:
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob" or int(header[2]) != entry.size:
                raise ReviewError(f"git cat-file gave an unexpected answer for {entry.path}")
            target = _safe_target(destination, entry.path)
            with open(target, "xb") as handle:
                remaining = entry.size
                while remaining:
                    chunk = process.stdout.read(min(remaining, 1 << 20))
                    if not chunk:
                        raise ReviewError(f"git cat-file stopped while reading {entry.path}")
                    handle.write(chunk)
                    remaining -= len(chunk)
            if entry.mode == "100755":
                target.chmod(0o755)
            process.stdout.read(1)  # the newline after each object
        finished = True
    finally:
        if not finished:  # git may be blocked writing what we no longer read
            process.kill()
        feeder.join()
        process.stdout.close()
        process.wait()


def _feed(stdin, oids: list[str]) -> None:
    try:
        for oid in oids:
            stdin.write(oid.encode("ascii") + b"\n")
        stdin.close()
    except BrokenPipeError:
        pass


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
                folder = relative.rsplit("/", 1)[0]
                if source.name == "index.md" and submission_for(relative, "content") == folder:
                    relative = folder  # a submission folder: the check names the folder
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
        return settings["WORK_URL"].format(artist=parts[2], slug=parts[3])
    if kind == "artist":
        return settings["ARTIST_URL"].format(slug=parts[2])
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
    """Check and build what merging ``ref`` into ``base`` would publish.

    The report covers the submissions ``ref`` changes since its merge-base with
    ``base``; the preview is the whole site as it would be after the merge.
    """
    root = Path(root).resolve()
    if ref.startswith("-"):
        raise ReviewError(f"'{ref}' is not a branch, tag or commit (names cannot start with '-')")
    commit = resolve_ref(root, ref, remote)
    base_commit = resolve_base(root, base)
    merge_base = git(root, "merge-base", base_commit, commit).strip()
    changed = changed_files(root, merge_base, commit)
    output = Path(output or root / PREVIEW_FOLDER).resolve()
    if output == root or output in root.parents or (output / ".git").exists():
        raise ReviewError(f"--output {output} would be emptied: choose a build folder")
    if output == root / "content" or root / "content" in output.parents:
        raise ReviewError(f"--output {output} is inside content/: choose a build folder")
    tree, merged, note = merge_tree(root, base_commit, commit)
    with tempfile.TemporaryDirectory(prefix="altavoz-review-") as temporary:
        work = Path(temporary)
        extracted = export_content(root, tree, work)
        extracted.merged, extracted.note = merged, note
        settings = project_settings(root, PATH=str(work / "content"))
        content_paths = [c.path for c in changed if c.path.startswith("content/")]
        for item in changed:  # works of a withdrawn artist lose their artist: check them
            found = submission_of(item.path)
            if found and found[0] == "artist" and not (work / found[1]).exists():
                works = work / "content" / WORKS_DIR / PurePosixPath(found[1]).name
                if works.is_dir():
                    content_paths += [
                        f"content/{WORKS_DIR}/{works.name}/{w.name}" for w in works.iterdir()
                    ]
        report = check_report(work, content_paths, settings)
        add_refused_entries(report, extracted)
        build_settings = project_settings(
            root,
            PATH=str(work / "content"),
            OUTPUT_PATH=str(output),
            DELETE_OUTPUT_DIRECTORY=True,
            SITEURL="",
        )
        urls = _capture_urls(build_settings, output)
    pages = page_changes(changed, urls, build_settings, output)
    outside = sorted(c.path for c in changed if not c.path.startswith("content/"))
    return Review(ref, commit, merge_base, changed, report, pages, output, outside, extracted)


def add_refused_entries(report, extracted: Extracted) -> None:
    """Symbolic links and submodules anywhere in ``content/`` are errors of their submission.

    The structure check finds links inside submission folders itself; these findings make
    sure one elsewhere (or a submodule, which a checkout leaves as an empty folder) is
    reported too, once.
    """
    seen = {(f.code, f.path) for f in report.findings}
    for code, paths in (("AV104", extracted.links), ("AV901", extracted.submodules)):
        for path in paths:
            if (code, path) in seen:
                continue
            finding = make_finding(code, path)
            report.findings.append(finding)
            owner = submission_for(path, "content") or path
            report.rejected.add(owner)
            report.reasons.setdefault(owner, []).append(finding)
    report.findings.sort(key=lambda f: (f.path, f.line or 0, f.code))


def _tree_line(result: Review) -> list[str]:
    extracted = result.extracted
    if extracted is None:
        return []
    if extracted.merged:
        return [f"Reviewed the merge into the base (tree {extracted.tree[:10]})."]
    return [f"Note: {extracted.note} (tree {extracted.tree[:10]})."]


def describe(result: Review, preview_url: str) -> str:
    """What `invoke review` prints: the moderation report, then the pages to look at.

    Paths and addresses come from the branch: ``visible`` keeps any control or
    direction character in them from acting on the maintainer's terminal.
    """
    base = preview_url.rstrip("/")
    lines = [
        f"Review of {visible(result.ref)} ({result.commit[:10]}) since {result.merge_base[:10]}: "
        f"{len(result.changed)} file(s) changed.",
        *_tree_line(result),
        "",
        "Moderation report for what changed:",
        result.report_text().rstrip()
        if result.report.checked
        else "(no submission in content/ changed)",
        "",
    ]
    if result.pages:
        lines.append(
            f"Pages in the review preview ({result.output}; `invoke review {result.ref} "
            f"--serve` serves it at {base}/):"
        )
        for page in result.pages:
            if page.status == REMOVED:
                where = f"{base}/{visible(page.url)}" if page.url else visible(page.source)
                lines.append(f"  removed  {where}  (withdrawn: gone from the site)")
            elif page.built:
                lines.append(
                    f"  {page.status:<8} {base}/{visible(page.url)}  ({visible(page.source)})"
                )
            else:
                lines.append(
                    f"  {page.status:<8} not built: {visible(page.source)} has errors (see above)"
                )
    else:
        lines.append("No page of the site changes.")
    if result.outside_content:
        lines += [
            "",
            "Also changed outside content/ (NOT used for this preview; read them in the pull "
            "request before merging):",
            *(f"  {visible(path)}" for path in result.outside_content),
        ]
    return "\n".join(lines) + "\n"
