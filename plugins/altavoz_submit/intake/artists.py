"""Which artist folder an issue's author is, and which folder a new artist gets.

An author is known by the number of their GitHub account (the event's ``user.id``, kept
as ``github_id`` in the artist's file): a login is only a name, which its owner can
change and anyone may register once it is free; the number never changes and never
passes to someone else. So:

* a file with a ``github_id`` is the author's exactly when the number is theirs, whatever
  its ``github`` says: a renamed account keeps its works (and the file takes the new
  login), and whoever registers a freed login gets nothing of the artist who had it;
* a file without one (written before numbers were kept) is the author's when its
  ``github`` is the author's login, and then it gets the number: the pull request shows
  maintainers the change (AV703), so a newcomer on a freed login is caught there once;
* when two folders could be the author's, none is chosen: the author is told the team
  will sort it out (the check already refuses one of them, AV223 or AV228).

A new artist's profile exists only on their first issue's branch (``intake/issue-<n>``)
until that pull request is merged, and each issue's intake runs alone on the default
branch. So a second issue opened meanwhile looks for a pending profile with the same
account number on the other intake branches the checkout fetched and writes the very
same files into the same folder: both pull requests then merge in either order (adding
a file with the same bytes on both sides is no conflict). Those branches are read
within bounds: at most ``MAX_BRANCHES`` of them, files of bounded size, folder names that
are slugs, regular files only, every git call limited in output and time.

A new folder is named after the artist (``suggest_slug``); when that name is taken, on
the default branch or by a pending profile, the login is added and then a number, and
the author is told the address their profile got and that they may ask for another. A
name that is a section of the site (``reserved_slugs``: Agenda, Blog) gets the login too.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from altavoz_core.frontmatter import read_fields
from altavoz_core.git import GitError, run_git_bounded
from altavoz_core.slugs import is_folder_name, is_slug, suffixed, suggest_slug
from altavoz_moderation.checks.identity import github_login

from ..project import check_paths
from ..scaffold import ScaffoldError
from .job import Job, Stop
from .messages import message

logger = logging.getLogger(__name__)

ARTISTS = Path("content", "artists")
# Intake branches read for pending profiles, the newest issues first: far more than one
# author may have open at once (ALTAVOZ_INTAKE_MAX_OPEN_ISSUES).
MAX_BRANCHES = 100
MAX_INDEX_BYTES = 64 << 10  # an artist's index.md (its bio is at most 5,000 characters)
MAX_FOLDER_FILES = 8  # index.md and an avatar, with room to spare
MAX_NUMBERED = 999  # name-login-2 ... name-login-999, then the profile cannot be named
_GIT_TIMEOUT = 30.0
_GIT_LIST_LIMIT = 1 << 20
_BRANCH = re.compile(r"refs/remotes/origin/intake/issue-([1-9][0-9]{0,9})", re.ASCII)
_FILE_MODES = (b"100644", b"100755")


# ------------------------------------------------------------------------ who the author is


def _profiles(root: Path) -> list[tuple[str, dict[str, str]]]:
    """(slug, front matter) of every artist folder of the checkout named by a slug."""
    found = []
    for index in sorted((root / ARTISTS).glob("*/index.md")):
        folder = index.parent
        if not is_slug(folder.name) or folder.is_symlink() or index.is_symlink():
            continue
        values, _ = read_fields(index.read_text(encoding="utf-8", errors="replace"))
        found.append((folder.name, values))
    return found


def _is_theirs(values: dict[str, str], login: str, number: str | None) -> bool:
    """Whether a profile is the account's: by number when the file keeps one, else by login."""
    kept = values.get("github_id", "")
    if kept:
        return number is not None and kept == number
    return bool(login) and github_login(values.get("github", "")) == github_login(login)


def artist_folders(root: Path, login: str, number: str | None = None) -> list[str]:
    """The artist folders that are the account's (see the module): one, none or, on a site
    the check refuses, several. A profile with the account's number wins over one that
    only has its login (that login was someone else's before)."""
    profiles = _profiles(root)
    if number is not None:
        by_number = [slug for slug, values in profiles if values.get("github_id") == number]
        if by_number:
            return by_number
    return [slug for slug, values in profiles if _is_theirs(values, login, number)]


def artist_of(root: Path, login: str, number: str | None = None) -> str | None:
    """The artist folder of the account, or None when there is no single one."""
    folders = artist_folders(root, login, number)
    return folders[0] if len(folders) == 1 else None


def author_artist(job: Job, login: str, settings: dict) -> str | None:
    """The author's artist folder, brought up to date with the account (its login, its
    number); None for a new artist. Two candidates stop the intake with a message."""
    folders = artist_folders(job.root, login, job.author_id)
    if len(folders) > 1:
        job.problem("artist_twice", folders=", ".join(f"artists/{slug}/" for slug in folders))
        raise Stop
    if not folders:
        return None
    _bring_up_to_date(job, folders[0], login, settings)
    return folders[0]


def _bring_up_to_date(job: Job, slug: str, login: str, settings: dict) -> None:
    """Write the account's login and number into the profile when it lacks them or has an
    old login (the account was renamed): CODEOWNERS follows the login."""
    index = job.root / ARTISTS / slug / "index.md"
    before = index.read_bytes()
    # A login another profile still claims is left where it is: two claims would refuse
    # the newer profile (AV223), which could be this established one.
    login_here = login_to_write(job.root, login, besides=slug)
    text = _with_account(before.decode("utf-8", errors="replace"), login_here, job.author_id)
    if text is None or text.encode("utf-8") == before:
        return
    index.write_text(text, encoding="utf-8")
    job.undo.append(lambda: index.write_bytes(before))
    job.written.append(index.parent)
    findings = check_paths(job.root, [index.parent.relative_to(job.root).as_posix()], settings)
    job.findings += findings
    job.notes.append(message("artist_account", job.lang, login=login))


def _header_key(line: str) -> str:
    return line.split(":", 1)[0].strip().lower() if ":" in line else ""


def _with_account(text: str, login: str | None, number: str | None) -> str | None:
    """The profile's text with ``github: <login>`` (unless the login is already there,
    however written) and ``github_id: <number>`` in its header (None: that key is left
    as it is); None when the header is not the plain one the scaffolders write, which is
    then left alone."""
    lines = text.split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return None
    end = lines.index("---", 1)
    header = lines[1:end]
    keys = [_header_key(line) for line in header]
    if any(not key for key in keys) or len(set(keys)) != len(keys):
        return None
    values, _ = read_fields(text)
    if login is not None and github_login(values.get("github", "")) != github_login(login):
        if "github" in keys:
            header[keys.index("github")] = f"github: {login}"
        else:
            header.append(f"github: {login}")
            keys.append("github")
    if number is not None and values.get("github_id") != number:
        if "github_id" in keys:
            header[keys.index("github_id")] = f"github_id: {number}"
        elif "github" in keys:
            header.insert(keys.index("github") + 1, f"github_id: {number}")
        else:
            header.append(f"github_id: {number}")
    result = "\n".join(["---", *header, *lines[end:]])
    written, _ = read_fields(result)
    if login is not None and github_login(written.get("github", "")) != github_login(login):
        return None
    if number is not None and written.get("github_id") != number:
        return None
    return result


# ------------------------------------------------------------------------ pending profiles


@dataclass(frozen=True)
class Pending:
    issue: int
    ref: str
    slug: str
    values: dict


def _git(root: Path, *args: str, limit: int = _GIT_LIST_LIMIT) -> bytes:
    return run_git_bounded(root, *args, limit=limit, timeout=_GIT_TIMEOUT)


def _intake_branches(root: Path, issue: int) -> list[tuple[int, str]]:
    """(issue, ref) of the other issues' intake branches, the newest MAX_BRANCHES."""
    out = _git(root, "for-each-ref", "--format=%(refname)", "refs/remotes/origin/intake/")
    found = []
    for line in out.decode("utf-8", "replace").splitlines():
        match = _BRANCH.fullmatch(line)
        if match and int(match[1]) != issue:
            found.append((int(match[1]), line))
    return sorted(found, reverse=True)[:MAX_BRANCHES]


def added_on_branches(root: Path, issue: int, parent: Path) -> list[tuple[int, str, list[str]]]:
    """(issue, ref, [folder, file]) of every file the other issues' intake branches add
    two levels below ``parent`` (``content/artists``, ``content/events``): what ``git diff``
    from HEAD to each branch adds, with folder names that are slugs. Nothing when git
    cannot tell (no repository, no branches fetched): the intake then behaves as before,
    one issue at a time."""
    root = Path(root)
    try:
        branches = _intake_branches(root, issue)
    except GitError as error:
        logger.info("no intake branches read: %s", error)
        return []
    found = []
    for number, ref in branches:
        try:
            added = _git(
                root,
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--diff-filter=A",
                "HEAD",
                ref,
                "--",
                parent.as_posix(),
            )
        except GitError as error:
            logger.info("intake branch %s not read: %s", ref, error)
            continue
        depth = len(parent.parts)
        for path in added.decode("utf-8", "replace").split("\0"):
            parts = path.split("/")
            if len(parts) == depth + 2 and is_slug(parts[depth]):
                found.append((number, ref, parts[depth:]))
    return found


def pending_folders(root: Path, issue: int, parent: Path) -> set[str]:
    """The folder names under ``parent`` that other issues' intake branches add: taken,
    although the default branch does not have them yet."""
    return {folder for _, _, (folder, _) in added_on_branches(root, issue, parent)}


def pending_profiles(root: Path, issue: int) -> list[Pending]:
    """The artist profiles other intake branches add, oldest issue first.

    A branch's profile is one it holds and the checkout does not (see
    ``added_on_branches``).
    """
    root = Path(root)
    found = []
    for number, ref, (slug, name) in added_on_branches(root, issue, ARTISTS):
        if name != "index.md":
            continue
        if (root / ARTISTS / slug).exists():
            continue  # on the default branch already: not pending, someone's
        path = f"{ARTISTS.as_posix()}/{slug}/{name}"
        try:
            data = _git(root, "cat-file", "blob", f"{ref}:{path}", limit=MAX_INDEX_BYTES)
            values, _ = read_fields(data.decode("utf-8"))
        except (GitError, UnicodeDecodeError) as error:
            logger.info("profile %s of %s not read: %s", path, ref, error)
            continue
        found.append(Pending(number, ref, slug, values))
    return sorted(found, key=lambda pending: pending.issue)


def _folder_files(root: Path, pending: Pending, limit: int) -> list[tuple[str, bytes]] | None:
    """(name, bytes) of every file of the pending profile's folder, or None when it holds
    anything but a few regular files of bounded size (a link, a folder, a submodule)."""
    folder = f"{ARTISTS.as_posix()}/{pending.slug}/"
    listing = _git(root, "ls-tree", "-z", "-l", pending.ref, "--", folder)
    entries = [entry for entry in listing.split(b"\0") if entry]
    if not entries or len(entries) > MAX_FOLDER_FILES:
        return None
    files = []
    for entry in entries:
        meta, _, path = entry.partition(b"\t")
        fields = meta.split()
        name = path.decode("utf-8", "replace").removeprefix(folder)
        if len(fields) != 4 or fields[0] not in _FILE_MODES or fields[1] != b"blob":
            return None
        if "/" in name or name.startswith(".") or not name or not fields[3].isdigit():
            return None
        size = int(fields[3])
        if size > (MAX_INDEX_BYTES if name == "index.md" else limit):
            return None
        data = _git(root, "cat-file", "blob", fields[2].decode("ascii"), limit=size)
        files.append((name, data))
    return files if any(name == "index.md" for name, _ in files) else None


@dataclass(frozen=True)
class PendingFiles:
    issue: int
    slug: str
    files: list[tuple[str, bytes]]  # (name, bytes): index.md and what sits beside it


def author_pending(job: Job, pendings: list[Pending], settings: dict) -> PendingFiles | None:
    """The author's pending profile (the oldest issue's, whose files every later issue
    copies), read whole; None when there is none or it cannot be read within bounds."""
    if job.author_id is None:
        return None
    limit = int(settings.get("ALTAVOZ_IMAGES_MAX_FILE_BYTES") or 25 * 2**20)
    for pending in pendings:
        if pending.values.get("github_id") != job.author_id:
            continue
        try:
            files = _folder_files(job.root, pending, limit)
        except GitError as error:
            logger.info("pending profile of issue #%s not read: %s", pending.issue, error)
            continue
        if files is not None:
            return PendingFiles(pending.issue, pending.slug, files)
    return None


def write_pending(job: Job, pending: PendingFiles, settings: dict) -> str:
    """Write the pending profile's files, byte for byte, into the same folder here."""
    folder = job.root / ARTISTS / pending.slug
    folder.mkdir(parents=True)
    job.undo.append(lambda: shutil.rmtree(folder, ignore_errors=True))
    for name, data in pending.files:
        (folder / name).write_bytes(data)
    job.written.append(folder)
    job.findings += check_paths(job.root, [folder.relative_to(job.root).as_posix()], settings)
    address = f"artists/{pending.slug}/"
    job.notes.append(message("artist_pending", job.lang, issue=pending.issue, address=address))
    return pending.slug


# ------------------------------------------------------------------------ a new folder


def reserved_slugs(settings: dict) -> frozenset[str]:
    """The folder names the check refuses for a work or a profile: they name a section of
    the site (``ALTAVOZ_MODERATION_RESERVED_SLUGS``: blog, media, 404, agenda…)."""
    names = settings.get("ALTAVOZ_MODERATION_RESERVED_SLUGS") or ()
    return frozenset(str(name).casefold() for name in names)


def free_artist_slug(root: Path, name: str, login: str, taken: set[str] = frozenset()) -> str:
    """A folder for a new artist that is free here and not in ``taken`` (pending
    profiles'): the name's slug, else with the login, else with the login and a number."""
    login_slug = suggest_slug(login, "artista")
    base = suggest_slug(name, login_slug)
    candidates = [base, suffixed(base, login_slug)]
    candidates += [suffixed(base, f"{login_slug}-{n}") for n in range(2, MAX_NUMBERED + 1)]
    for candidate in candidates:
        free = not (root / ARTISTS / candidate).exists() and candidate not in taken
        if is_folder_name(candidate) and free:
            return candidate
    raise ScaffoldError(f"no free artist folder for {login}")


def login_to_write(root: Path, login: str, besides: str | None = None) -> str | None:
    """The login a profile (``besides``: that folder, else a new one) may write: None
    when another profile claims it, with another account's number (a login its owner gave
    up and the author then registered): the number tells the author's works apart, and a
    second claim would only be refused (AV223)."""
    claimed = [
        slug
        for slug, values in _profiles(root)
        if slug != besides and github_login(values.get("github", "")) == github_login(login)
    ]
    return None if claimed else login


def new_artist_slug(job: Job, name: str, login: str, pendings: list[Pending]) -> str:
    """The new artist's folder; when the one named after them is taken, the author is
    told which address their profile got and that they may ask for another."""
    reserved = reserved_slugs(job.settings)
    taken = {pending.slug for pending in pendings} | reserved
    slug = free_artist_slug(job.root, name, login, taken)
    wanted = suggest_slug(name, suggest_slug(login, "artista"))
    # A name that is a section of the site (Agenda, Blog) is no other artist's: the
    # profile takes the login after it without a note that would say it is.
    if slug != wanted and wanted not in reserved:
        job.notes.append(
            message(
                "artist_folder_taken",
                job.lang,
                wanted=f"artists/{wanted}/",
                address=f"artists/{slug}/",
            )
        )
    return slug
