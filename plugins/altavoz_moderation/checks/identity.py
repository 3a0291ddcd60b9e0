"""An artist folder that copies another's identity: GitHub account, name or avatar.

* AV223 (error): the same ``github`` key as another artist folder (GitHub logins ignore
  capitals; a leading '@' is the same login). CODEOWNERS would let either folder's owner
  approve changes to the other's works, so neither folder publishes until one changes.
* AV224 (warning): a ``name`` that looks the same as another artist's: equal once both
  are read the same way (NFKC, casefold, runs of spaces as one), or once their skeletons
  are equal (accents dropped, only letters and digits, and each Cyrillic or Greek letter
  drawn like a Latin one read as that Latin letter). Two people may share a name, so a
  person reviews it.
* AV225 (warning): an ``avatar`` whose bytes are those of another artist's avatar.

Each side of a pair is told, naming the other folder. These findings depend on every
other artist folder, so they are never remembered with a folder's own findings; the
folders are read once per check run (cached on the context), which keeps a site of
thousands of artists linear.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from altavoz_core.codes import make_finding
from altavoz_core.findings import Finding
from altavoz_core.frontmatter import Document, MetaField, parse_document
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
    avatar_digest: str | None = None


@dataclass
class Identities:
    by_folder: dict[str, Identity]
    # key -> folders, for each kind of sameness
    logins: dict[str, list[str]]
    names: dict[tuple[str, str], list[str]]
    avatars: dict[str, list[str]]


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
    identities = Identities({}, {}, {}, {})
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
        identity = Identity(label, fields.get("name"), fields.get("github"), fields.get("avatar"))
        identities.by_folder[label] = identity
        for login in _login_keys(identity):
            identities.logins.setdefault(login, []).append(label)
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
    context.__dict__[_CACHE] = identities
    return identities


def _login_keys(identity: Identity) -> list[str]:
    login = github_login(identity.github.value) if identity.github is not None else ""
    return [login] if login else []


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
    """AV223-AV225 for one artist folder, against every other artist folder."""
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

    same = (
        ("AV223", identity.github, [identities.logins.get(k, []) for k in _login_keys(identity)]),
        ("AV224", identity.name, [identities.names.get(k, []) for k in _name_keys(identity)]),
        ("AV225", identity.avatar, [identities.avatars.get(identity.avatar_digest or "", [])]),
    )
    for code, meta, groups in same:
        others = _others(groups, me)
        if meta is None or not others:
            continue
        values = {}
        if code == "AV224":
            other_name = identities.by_folder[others[0]].name
            values["other_value"] = other_name.value if other_name else ""
        add(code, meta, others, **values)
    return findings
