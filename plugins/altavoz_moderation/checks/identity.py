"""An artist folder that copies another's identity: GitHub account, name or avatar.

* AV223 (error): the same ``github`` key as another artist folder (GitHub logins ignore
  capitals; a leading '@' is the same login). CODEOWNERS would let either folder's owner
  approve changes to the other's works, so only one folder may keep the account: the
  established one, and each newer claimant is refused, naming it. Refusing every claimant
  would let anyone unpublish an artist (and all their works, AV227, and their CODEOWNERS
  rules) by copying one line into a new folder.
* AV228 (error): the same ``github_id`` (the account's number, which the issue intake
  knows an artist by) as another artist folder, decided as AV223: the intake would not
  know which folder a work of that account goes to.
* AV229 (error): a ``github_id`` that is not an account number (one spelling per number:
  ASCII digits, no leading zero, bounded), so no two spellings of one number can dodge
  AV228.
* AV224 (warning): a ``name`` that looks the same as another artist's: equal once both
  are read the same way (NFKC, casefold, runs of spaces as one), or once their skeletons
  are equal (accents dropped, only letters and digits, and each Cyrillic or Greek letter
  drawn like a Latin one read as that Latin letter). Two people may share a name, so a
  person reviews it.
* AV225 (warning): an ``avatar`` whose bytes are those of another artist's avatar.

"Established" is read from git, once per check run and only when some account is
claimed twice: ``git log --first-parent`` from HEAD, which lists when each
``artists/<slug>/index.md`` still in HEAD was last added. Of the claimants, the one added
by the earliest commit of that line keeps the account; one not in HEAD (new in the working
tree or the pull request) is newer than any that is. The first-parent line, not commit
dates or ancestry, decides: dates are whatever a contributor typed, and a branch forked
before the established profile existed is no ancestor of it, but once merged it enters
the main line after it (a pull request is checked on its merge commit, whose first
parent is the base branch). A folder deleted and added again counts from its last
addition, so reusing a withdrawn folder's name gains nothing; a renamed folder counts
from its rename. When no single claimant is oldest (added in one commit, none in HEAD,
a shallow clone that starts after them) or git cannot tell (no repository, git missing
or failing, too much output), every claimant is refused, as one cannot be chosen: so
the build that publishes needs the whole history (a checkout of depth 1 makes every
profile look added by its one commit).

Each side of an AV224 or AV225 pair is told, naming the other folder (and each side of
an AV223 claim when none is established). These findings depend on every
other artist folder, so they are never remembered with a folder's own findings; the
folders are read once per check run (cached on the context), which keeps a site of
thousands of artists linear.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from altavoz_core.codes import make_finding
from altavoz_core.fields import is_github_id
from altavoz_core.findings import Finding
from altavoz_core.frontmatter import Document, MetaField, parse_document
from altavoz_core.git import GitError, run_git_bounded
from altavoz_core.submissions import ARTIST, Submission, relative_posix

# Cyrillic and Greek letters whose prototype in Unicode's confusables.txt (UTS #39) is a
# single Latin letter, both cases: the skeleton reads each as that letter. Fullwidth and
# mathematical forms need no row (NFKC already makes them Latin), nor accented letters
# (their marks are dropped first: «ё» is «е» plus a mark).
_LOOKALIKE_PAIRS = (
    # Cyrillic, small then capital
    "аa еe оo рp сc уy хx ѕs іi јj ԁd һh ӏl ԛq ԝw үy ѵv"
    " АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ЅS ІI ЈJ ӀI ԚQ ԜW ҮY ѴV"
    # Greek, small then capital
    " αa οo ιi νv ρp υu χx γy κk ϲc ϳj"
    " ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC ͿJ"
)
LATIN_SKELETON = {pair[0]: pair[1] for pair in _LOOKALIKE_PAIRS.split()}
_TO_LATIN = str.maketrans(LATIN_SKELETON)

_CACHE = "_artist_identities"
_SHOWN_OTHERS = 3
# git log's answer is about 40 bytes a profile addition: far more than any real history
# needs, and a bound on what a hostile or broken repository can make us read.
_HISTORY_LIMIT = 16 << 20
_HISTORY_TIMEOUT = 60.0
_COMMIT = b"\x01"  # what --format writes for each commit: no path is only this


def folded(text: str) -> str:
    """``text`` as it reads: NFKC, casefolded, each run of spaces one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def skeleton(text: str) -> str:
    """What ``text`` looks like, spelled in plain Latin letters and digits.

    Marks dropped (after NFKD), Cyrillic and Greek look-alikes read as Latin letters (case
    kept until then: a capital Greek «Ν» looks like «N», a small «ν» like «v»), then
    casefolded; everything that is not a letter or a digit (by Unicode category) separates
    words, invisible format characters separate nothing.
    """
    # Read as Latin before NFKD too: it turns some look-alikes («ϲ», lunate sigma) into
    # letters that look like nothing Latin («σ»).
    decomposed = unicodedata.normalize("NFKD", text.translate(_TO_LATIN))
    kept = []
    for ch in decomposed.translate(_TO_LATIN):
        category = unicodedata.category(ch)
        if category[0] in "LN":
            kept.append(ch)
        elif category[0] != "M" and category != "Cf":
            kept.append(" ")
    return " ".join(unicodedata.normalize("NFKC", "".join(kept)).casefold().split())


def github_login(value: str) -> str:
    """The GitHub account a ``github`` value names, compared as GitHub compares logins."""
    return unicodedata.normalize("NFKC", value).strip().removeprefix("@").casefold()


@dataclass
class Identity:
    folder: str  # content/artists/<slug>/
    name: MetaField | None
    github: MetaField | None
    avatar: MetaField | None
    github_id: MetaField | None = None
    avatar_digest: str | None = None


@dataclass
class Identities:
    by_folder: dict[str, Identity]
    # key -> folders, for each kind of sameness
    logins: dict[str, list[str]]
    names: dict[tuple[str, str], list[str]]
    avatars: dict[str, list[str]]
    # (code, login or account number) claimed by several folders -> the established
    # folder that keeps it (None: none)
    keepers: dict[tuple[str, str], str | None]
    ids: dict[str, list[str]] = field(default_factory=dict)


def _document(folder: Path, context) -> Document | None:
    source = context.sources.get(relative_posix(folder, context.content_dir.parent))
    if source is not None:
        return source.document
    try:
        return parse_document((folder / "index.md").read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _avatar_file(folder: Path, value: str) -> Path | None:
    """The avatar's file when ``value`` names a plain file of the folder (AV4xx say the rest)."""
    if not value or "/" in value or "\\" in value or value in (".", ".."):
        return None
    path = folder / value
    try:
        return path if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _digest(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def artist_identities(context) -> Identities:
    """Every artist folder's name, github key and avatar, read once per check run."""
    cached = context.__dict__.get(_CACHE)
    if cached is not None:
        return cached
    identities = Identities({}, {}, {}, {}, {})
    root = context.content_dir / "artists"
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name) if root.is_dir() else []
    except OSError:
        entries = []
    avatar_files: dict[str, Path] = {}
    by_size: dict[int, list[str]] = {}
    for entry in entries:
        folder = Path(entry.path)
        index = folder / "index.md"
        if entry.is_symlink() or not entry.is_dir() or index.is_symlink() or not index.is_file():
            continue
        document = _document(folder, context)
        if document is None:
            continue
        label = relative_posix(folder, context.content_dir.parent) + "/"
        fields = document.fields
        identity = Identity(
            label,
            fields.get("name"),
            fields.get("github"),
            fields.get("avatar"),
            fields.get("github_id"),
        )
        identities.by_folder[label] = identity
        for login in _login_keys(identity):
            identities.logins.setdefault(login, []).append(label)
        for number in _id_keys(identity):
            identities.ids.setdefault(number, []).append(label)
        for key in _name_keys(identity):
            identities.names.setdefault(key, []).append(label)
        if identity.avatar is not None and (path := _avatar_file(folder, identity.avatar.value)):
            try:
                size = path.stat().st_size
            except OSError:
                continue
            avatar_files[label] = path
            by_size.setdefault(size, []).append(label)
    # Only avatars of the same size can be the same bytes: the rest are never hashed.
    for labels in by_size.values():
        if len(labels) < 2:
            continue
        for label in labels:
            digest = _digest(avatar_files[label])
            if digest is not None:
                identities.by_folder[label].avatar_digest = digest
                identities.avatars.setdefault(digest, []).append(label)
    contested = {
        (code, key): folders
        for code, claims in (("AV223", identities.logins), ("AV228", identities.ids))
        for key, folders in claims.items()
        if len(folders) > 1
    }
    if contested:
        added = added_in_head(context.content_dir)
        for claim, folders in contested.items():
            identities.keepers[claim] = _established(folders, added)
    context.__dict__[_CACHE] = identities
    return identities


def added_in_head(content_dir: Path) -> dict[str, int] | None:
    """For each artist folder whose ``index.md`` HEAD holds: the rank of the commit on
    HEAD's first-parent line that last added it (0 for the earliest such commit; folders
    added together share one). Folders are keyed as the check names them
    (``content/artists/<slug>/``). None when git cannot tell.

    One ``git log`` for the whole site, newest first: a path's first entry is its last
    addition, or a deletion when HEAD no longer holds it.
    """
    content_dir = Path(content_dir)
    try:
        out = run_git_bounded(
            content_dir,
            "--no-replace-objects",
            "log",
            "-z",
            "--first-parent",
            "--diff-merges=first-parent",
            # Set, not left to the user's configuration: a root commit's additions count,
            # and a rename is an addition at its new path.
            "--root",
            "--no-renames",
            "--diff-filter=AD",
            "--name-status",
            "--relative",
            "--format=%x01",
            "--",
            ":(glob)artists/*/index.md",
            limit=_HISTORY_LIMIT,
            timeout=_HISTORY_TIMEOUT,
        )
    except GitError:
        return None
    seen: dict[str, int | None] = {}  # path -> commits newer than its last addition
    commits = 0
    tokens = iter(out.split(b"\0"))
    for token in tokens:
        token = token.lstrip(b"\n")
        if token == _COMMIT:
            commits += 1
            continue
        if token not in (b"A", b"D"):
            continue
        path = next(tokens, b"").decode("utf-8", "surrogateescape")
        seen.setdefault(path, commits - 1 if token == b"A" else None)
    prefix = content_dir.name
    added = {}
    for path, newer in seen.items():
        parts = path.split("/")
        if newer is None or len(parts) != 3 or (parts[0], parts[2]) != ("artists", "index.md"):
            continue
        added[f"{prefix}/artists/{parts[1]}/"] = commits - 1 - newer
    return added


def _established(folders: list[str], added: dict[str, int] | None) -> str | None:
    """The one folder of ``folders`` HEAD added first, or None when no single one was."""
    if not added:
        return None
    ranks = {folder: added[folder] for folder in folders if folder in added}
    if not ranks:
        return None
    first = min(ranks.values())
    oldest = [folder for folder, rank in ranks.items() if rank == first]
    return oldest[0] if len(oldest) == 1 else None


def _login_keys(identity: Identity) -> list[str]:
    login = github_login(identity.github.value) if identity.github is not None else ""
    return [login] if login else []


def _id_keys(identity: Identity) -> list[str]:
    """The account number, when it is one (AV229 reports any other value)."""
    number = identity.github_id.value if identity.github_id is not None else ""
    return [number] if is_github_id(number) else []


def _name_keys(identity: Identity) -> list[tuple[str, str]]:
    if identity.name is None:
        return []
    value = identity.name.value
    keys = (("folded", folded(value)), ("skeleton", skeleton(value)))
    return [key for key in keys if key[1]]


def _others(groups: list[list[str]], me: str) -> list[str]:
    return sorted({folder for group in groups for folder in group if folder != me})


def _named(others: list[str]) -> str:
    shown = ", ".join(others[:_SHOWN_OTHERS])
    return shown + (f" (+{len(others) - _SHOWN_OTHERS})" if len(others) > _SHOWN_OTHERS else "")


def check(submission: Submission, context) -> list[Finding]:
    """AV223-AV225, AV228 and AV229 for one artist folder, against every other artist folder."""
    if submission.kind != ARTIST:
        return []
    identities = artist_identities(context)
    me = relative_posix(submission.abs_path, context.content_dir.parent) + "/"
    identity = identities.by_folder.get(me)
    if identity is None:
        return []
    file = submission.index_rel
    findings = []

    def add(code: str, meta: MetaField, others: list[str], **values) -> None:
        findings.append(
            make_finding(
                code,
                file,
                field=meta.key,
                line=meta.line,
                snippet=meta.value[:120],
                value=meta.value,
                other=_named(others),
                **values,
            )
        )

    number = identity.github_id
    if number is not None and not is_github_id(number.value):
        add("AV229", number, [])
    logins, numbers = _login_keys(identity), _id_keys(identity)
    same = (
        ("AV223", identity.github, logins, [identities.logins.get(k, []) for k in logins]),
        ("AV228", number, numbers, [identities.ids.get(k, []) for k in numbers]),
        ("AV224", identity.name, [], [identities.names.get(k, []) for k in _name_keys(identity)]),
        ("AV225", identity.avatar, [], [identities.avatars.get(identity.avatar_digest or "", [])]),
    )
    for code, meta, claimed, groups in same:
        others = _others(groups, me)
        if meta is None or not others:
            continue
        if claimed:  # an account: the established folder keeps it, each newer one is told
            keeper = identities.keepers.get((code, claimed[0]))
            if keeper == me:
                continue
            if keeper is not None:
                others = [keeper]
        values = {}
        if code == "AV224":
            other_name = identities.by_folder[others[0]].name
            values["other_value"] = other_name.value if other_name else ""
        add(code, meta, others, **values)
    return findings
