"""`invoke new-artist`, `invoke new-work` and the intake's events: a correct submission folder.

The folder is written next to its final place under a hidden name, checked with
the moderation pipeline, and only then renamed into place: a failed scaffold
leaves nothing behind, and the maintainer's source images are only read (the
copies are stripped of GPS, owner and serial numbers).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from altavoz_core.events import OPTIONAL as EVENT_OPTIONAL
from altavoz_core.events import REQUIRED as EVENT_REQUIRED
from altavoz_core.fields import (
    ARTIST_FILE_FIELDS,
    GITHUB_ID,
    WORK_FIELDS,
    Field,
    default_for,
    front_matter,
    problems_with,
)
from altavoz_core.slugs import is_slug, suggest_slug
from altavoz_images.formats import IMAGE_EXTENSIONS
from altavoz_images.strip import StripError, strip_private_metadata

from .project import allowed_licenses, check_paths

Ask = Callable[[Field], str]
# Never asked for: the avatar is a file (its own flag), the account number comes from
# GitHub (the issue intake's event), not from anyone's memory.
NOT_ASKED = ("avatar", GITHUB_ID.name)


class ScaffoldError(Exception):
    """A scaffold that cannot be made; the message says why and what to do.

    It carries every problem found, so one run tells the maintainer all there is to fix.
    """

    def __init__(self, *problems: str):
        self.problems = [str(p) for p in problems]
        if len(self.problems) == 1:
            super().__init__(self.problems[0])
        else:
            super().__init__("".join(f"\n  - {p}" for p in self.problems))


def missing_message(names: list[str]) -> str:
    flags = " ".join(f"--{name.replace('_', '-')}" for name in names)
    return f"missing: {flags} (give them as flags; prompts only appear in a terminal)"


class MissingFields(ScaffoldError):
    """Required fields are missing (a script that forgot flags), maybe among other problems."""

    def __init__(self, names: list[str], *others: str):
        self.names = names
        super().__init__(missing_message(names), *others)


class Problems:
    """Collects what is wrong with a scaffold request, to report it all at once."""

    def __init__(self):
        self.found: list[str] = []
        self.missing: list[str] = []

    def add(self, problem: str | None) -> None:
        if problem:
            self.found.append(problem)

    def raise_any(self) -> None:
        if self.missing:
            raise MissingFields(self.missing, *self.found)
        if self.found:
            raise ScaffoldError(*self.found)


@dataclass(frozen=True)
class ImageSpec:
    path: Path  # the file to copy in (never modified)
    alt: str  # what the image shows, for people who cannot see it
    caption: str = ""


@dataclass
class Scaffolded:
    folder: Path
    files: list[Path]
    stripped: dict[str, list[str]] = field(default_factory=dict)  # file name -> what was removed
    findings: list = field(default_factory=list)  # warnings of the moderation check


def collect_values(
    fields: tuple[Field, ...], given: dict, ask: Ask | None, licenses=(), problems=None
) -> dict[str, str]:
    """The values to write: flags first, then defaults, then answers to prompts.

    Without ``ask`` (stdin is not a terminal) every missing required field is an
    error naming its flag; with it, the maintainer is asked for each missing
    field (optional ones may be left empty). Problems go to ``problems`` when given
    (the caller reports them with its own), else they are raised here.
    """
    values: dict[str, str] = {}
    collected = problems if problems is not None else Problems()
    for spec in fields:
        value = given.get(spec.name)
        if value is None and spec.name not in NOT_ASKED:
            value = default_for(spec.name)
        if value is None and ask is not None and spec.name not in NOT_ASKED:
            value = ask(spec)
        value = (value or "").strip()
        if not value:
            if spec.required:
                collected.missing.append(spec.name)
            continue
        problem = problems_with(spec.name, value, licenses)
        if problem:
            collected.add(problem)
            continue
        values[spec.name] = value.removeprefix("@") if spec.name == "github" else value
    if problems is None:
        collected.raise_any()
    return values


def _image_lines(names_and_specs: list[tuple[str, ImageSpec]]) -> list[str]:
    lines = []
    for name, spec in names_and_specs:
        title = f' "{spec.caption}"' if spec.caption else ""
        lines.append(f"![{spec.alt}]({name}{title})")
    return lines


def _image_spec_problems(images: list[ImageSpec], extensions) -> list[str]:
    found = []
    for spec in images:
        if not spec.path.is_file():
            found.append(f"--image {spec.path}: no such file")
        elif spec.path.suffix.lower() not in extensions:
            found.append(
                f"--image {spec.path}: {spec.path.suffix or 'no extension'} is not an accepted "
                f"image type ({', '.join(extensions)})"
            )
        alt = spec.alt.strip()
        if not alt:
            found.append(f"--alt is missing for {spec.path.name}: describe what it shows")
        elif any(ch in alt for ch in "[]\n") or any(ch in spec.caption for ch in '"\n'):
            found.append(
                f"{spec.path.name}: the alt text cannot hold [ ] or line breaks, "
                'the caption cannot hold " or line breaks'
            )
    return found


def _slug_problem(slug: str) -> str | None:
    if is_slug(slug):
        return None
    return f"--slug '{slug}' must use lowercase letters, digits and hyphens"


def _target_name(source: Path, taken: set[str], stem: str | None = None) -> str:
    extension = source.suffix.lower()
    base = stem or suggest_slug(source.stem, "imagen")
    name, number = f"{base}{extension}", 2
    while name in taken:
        name, number = f"{base}-{number}{extension}", number + 1
    taken.add(name)
    return name


def _strip(path: Path) -> list[str]:
    """Remove private metadata from our copy; returns what was removed (for the summary)."""
    try:
        return list(strip_private_metadata(path).private)
    except StripError as error:
        raise ScaffoldError(f"{path.name} cannot be cleaned: {error}") from None


def _write_folder(
    root: Path,
    folder: Path,
    index_text_for: Callable[[list[tuple[str, ImageSpec]]], str],
    images: list[tuple[ImageSpec, str | None]],
    settings: dict,
    keep_errors: bool = False,
) -> Scaffolded:
    if folder.exists():
        raise ScaffoldError(
            f"{folder.relative_to(root).as_posix()}/ already exists: choose another slug "
            "(nothing was changed)"
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        taken: set[str] = {"index.md"}
        placed: list[tuple[str, ImageSpec]] = []
        stripped: dict[str, list[str]] = {}
        for spec, stem in images:
            name = _target_name(spec.path, taken, stem)
            shutil.copyfile(spec.path, staging / name)
            removed = _strip(staging / name)
            if removed:
                stripped[name] = removed
            placed.append((name, spec))
        (staging / "index.md").write_text(index_text_for(placed), encoding="utf-8")
        os.chmod(staging, 0o755)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise

    relative = folder.relative_to(root).as_posix()
    findings = check_paths(root, [relative], settings)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not keep_errors:
        shutil.rmtree(folder)
        details = "\n".join(f"  {f.code} {f.path}: {f.message_en}" for f in errors)
        raise ScaffoldError(f"the new folder would not pass `invoke check`:\n{details}")
    files = sorted(p for p in folder.iterdir())
    return Scaffolded(folder, files, stripped, findings)


def new_work(
    root: Path,
    given: dict,
    *,
    statement: str = "",
    images: list[ImageSpec] = (),
    slug: str | None = None,
    ask: Ask | None = None,
    settings: dict | None = None,
    keep_errors: bool = False,
) -> Scaffolded:
    """Create ``content/works/<artist>/<slug>/`` with index.md and the (stripped) images.

    With ``keep_errors`` a folder with moderation errors stays in place and its findings
    are returned (the issue intake reports them to the author in the author's words).
    """
    settings = settings or {}
    licenses = allowed_licenses(settings)
    problems = Problems()
    values = collect_values(WORK_FIELDS, given, ask, licenses, problems)
    if slug or "title" in values:
        slug = slug or suggest_slug(values["title"], "obra")
        problems.add(_slug_problem(slug))
    artist = values.get("artist")
    if artist and not (root / "content" / "artists" / artist / "index.md").is_file():
        problems.add(
            f"there is no artist '{artist}' (content/artists/{artist}/index.md): "
            "run `invoke new-artist` first"
        )
    images = list(images)
    if not images and ask is not None and not problems.found:
        images = _ask_images(ask)
    for problem in _image_spec_problems(images, IMAGE_EXTENSIONS):
        problems.add(problem)
    if not images:
        problems.add("a work needs at least one image: --image PATH --alt TEXT")
    problems.raise_any()
    if not statement and ask is not None:
        statement = ask(Field("statement", "texto sobre la obra", "statement about the work"))

    def index_text(placed):
        body = [statement.strip()] if statement.strip() else []
        return (
            front_matter(values, WORK_FIELDS)
            + "\n"
            + "\n\n".join([*body, *_image_lines(placed)])
            + "\n"
        )

    folder = root / "content" / "works" / values["artist"] / slug
    specs = [(spec, None) for spec in images]
    return _write_folder(root, folder, index_text, specs, settings, keep_errors)


def new_artist(
    root: Path,
    given: dict,
    *,
    bio: str = "",
    avatar: Path | None = None,
    slug: str | None = None,
    ask: Ask | None = None,
    settings: dict | None = None,
    keep_errors: bool = False,
) -> Scaffolded:
    """Create ``content/artists/<slug>/`` with index.md and the (stripped) avatar.

    ``given["github_id"]`` (the issue intake's, from the event) is written next to
    ``github``; it is never asked for.
    """
    settings = settings or {}
    problems = Problems()
    values = collect_values(ARTIST_FILE_FIELDS, {**given, "avatar": None}, ask, (), problems)
    if slug or "name" in values:
        slug = slug or suggest_slug(values["name"], "artista")
        problems.add(_slug_problem(slug))
    images: list[tuple[ImageSpec, str | None]] = []
    if avatar is not None:
        spec = ImageSpec(Path(avatar), values.get("name", "avatar"))
        for problem in _image_spec_problems([spec], IMAGE_EXTENSIONS):
            problems.add(problem)
        images.append((spec, "avatar"))
        values["avatar"] = "avatar" + Path(avatar).suffix.lower()
    problems.raise_any()
    if not bio and ask is not None:
        bio = ask(Field("bio", "unas líneas sobre ti", "a few lines about the artist"))

    def index_text(placed):
        # No bio given: the body stays empty, so the check's warning (AV309, shown after
        # the scaffold) asks for a few lines, instead of the name standing in as a bio.
        text = bio.strip()
        return front_matter(values, ARTIST_FILE_FIELDS) + ("\n" + text + "\n" if text else "")

    folder = root / "content" / "artists" / slug
    return _write_folder(root, folder, index_text, images, settings, keep_errors)


def _ask_images(ask: Ask) -> list[ImageSpec]:
    images = []
    while True:
        path = ask(
            Field("image", "archivo de imagen (Enter para terminar)", "image file (Enter to end)")
        )
        if not path.strip():
            return images
        alt = ask(Field("alt", "qué muestra la imagen", "what the image shows"))
        images.append(ImageSpec(Path(path.strip()).expanduser(), alt))


# The header of an event, in the order a person reads it: what, when, where, who. Every
# key is one ``read_event`` knows (altavoz_core.events), written as it reads it.
EVENT_KEYS = (
    "title",
    "start",
    "end",
    "duration",
    "timezone",
    "repeat",
    "until",
    "count",
    "status",
    "venue",
    "address",
    "online",
    "cost",
    "organizers",
    "works",
    "lang",
    "consent",
    "tags",
)
assert set(EVENT_KEYS) == {*EVENT_REQUIRED, *EVENT_OPTIONAL}, "an event key is not written"


def new_event(
    root: Path,
    given: dict,
    *,
    description: str = "",
    images: list[ImageSpec] = (),
    slug: str | None = None,
    settings: dict | None = None,
    keep_errors: bool = False,
) -> Scaffolded:
    """Create ``content/events/<slug>/`` with index.md and the (stripped) images.

    ``given``: the header's values as ``read_event`` reads them (``start`` as
    ``YYYY-MM-DD HH:MM``, ``organizers`` and ``works`` comma-separated), each one line.
    The folder is checked like any event (times, repeats, organizers and works that
    exist); with ``keep_errors`` a folder with errors stays and its findings are returned.
    """
    settings = settings or {}
    problems = Problems()
    values = {}
    for key in EVENT_KEYS:
        value = (given.get(key) or "").strip()
        if not value:
            if key in EVENT_REQUIRED:
                problems.missing.append(key)
            continue
        if value.splitlines() != [value] or value != " ".join(value.split()):
            problems.add(f"--{key} must be one line, without runs of spaces")
            continue
        values[key] = value
    unknown = sorted(set(given) - set(EVENT_KEYS))
    if unknown:
        problems.add(f"not keys of an event: {', '.join(unknown)}")
    slug = slug or suggest_slug(values.get("title", ""), "evento")
    problems.add(_slug_problem(slug))
    images = list(images)
    for problem in _image_spec_problems(images, IMAGE_EXTENSIONS):
        problems.add(problem)
    problems.raise_any()

    def index_text(placed):
        header = ["---", *(f"{key}: {values[key]}" for key in EVENT_KEYS if key in values), "---"]
        body = [description.strip()] if description.strip() else []
        return "\n".join(header) + "\n\n" + "\n\n".join([*body, *_image_lines(placed)]) + "\n"

    folder = root / "content" / "events" / slug
    specs = [(spec, None) for spec in images]
    return _write_folder(root, folder, index_text, specs, settings, keep_errors)
