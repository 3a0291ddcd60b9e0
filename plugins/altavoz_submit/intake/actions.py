"""The forms' actions: a new work, an update, a withdrawal, a new event or its change.

Each action validates the cleaned form values (every problem becomes one message for
the author), then writes with the scaffolders of `invoke new-work` / `new-artist`, so
the folder is exactly what the guide describes. Whatever it changes can be taken back
(``Job.rollback``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from altavoz_core.events import (
    CANCELLED,
    POSTPONED,
    RESERVED_SLUGS,
    SCHEDULED,
    parse_datetime,
    read_event,
    split_list,
)
from altavoz_core.frontmatter import read_fields
from altavoz_core.slugs import is_folder_name, is_slug, suffixed, suggest_slug
from altavoz_images.strip import StripError, strip_private_metadata
from altavoz_moderation.model.references import find_images

from ..project import allowed_licenses, check_paths, complete_settings
from ..scaffold import EVENT_KEYS, ImageSpec, new_artist, new_event, new_work
from . import attachments, events, form, text
from .artists import (
    author_artist,
    author_pending,
    login_to_write,
    new_artist_slug,
    pending_folders,
    pending_profiles,
    reserved_slugs,
    write_pending,
)
from .job import Job, Stop
from .messages import message

EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "gif": ".gif", "webp": ".webp", "heif": ".heic"}
ONE_LINE = ("title", "medium", "year", "dimensions", "tags", "name", "city", "pronouns", "work")
ONE_LINE += ("event",)  # the address of the event a change is for
# An event's one-line fields: each becomes one header line (or a part of one).
EVENT_ONE_LINE = ("start", "start_time", "end", "until", "count", "venue", "address", "online")
EVENT_ONE_LINE += ("cost",)
ONE_LINE += EVENT_ONE_LINE
# Markdown on the page: the author's line breaks are kept
TEXTS = ("statement", "bio", "description", "note")
# The longest answer per field is the check's own limit for what the field becomes (a
# value within the form's limit must never turn into a moderation error); the few fields
# the check never sees (the reason for a withdrawal, the work's address) have their own.
OWN_LIMITS = {"reason": 2_000, "work": 300, "event": 300, "note": 2_000}
DEFAULT_LIMIT = 300


def field_limits(settings: dict) -> dict[str, int]:
    """The longest value (characters) each form field may have, from the check's settings."""
    settings = complete_settings(dict(settings))
    lengths = settings["ALTAVOZ_MODERATION_MAX_LENGTHS"]
    bodies = settings["ALTAVOZ_MODERATION_MAX_BODY_LENGTHS"]
    # The year has its own rule (four ASCII digits) and its own message.
    keys = (*ONE_LINE, "organizers", "works")  # the two lists: what they become is bounded
    found = {key: lengths[key] for key in keys if key in lengths and key != "year"}
    texts = {"statement": bodies["work"], "bio": bodies["artist"], "description": bodies["event"]}
    return {**found, **texts, **OWN_LIMITS}


MAX_EXTRA_SAID = 5  # description lines beyond the photos named one by one, then counted


# ------------------------------------------------------------------------ the values


def clean_values(values: dict[str, str], job: Job, settings: dict) -> dict[str, str]:
    limits = field_limits(settings)
    cleaned = {}
    for key, raw in values.items():
        value = text.one_line(raw) if key in ONE_LINE else raw
        limit = limits.get(key, DEFAULT_LIMIT if key in ONE_LINE else 10_000)
        if len(value) > limit:
            job.problem("too_long", field=job.labels.get(key, key), limit=limit)
            value = value[:limit]
        cleaned[key] = text.with_line_breaks(value) if key in TEXTS else value
    return cleaned


def _choice(the_form: form.Form, values: dict, key: str, job: Job, required: bool) -> str:
    raw = values.get(key, "")
    if not raw:
        if required:
            job.problem(f"{key}_missing" if key == "license" else "lang_unknown")
        return ""
    chosen = form.option_id(the_form.field(key), raw)
    if chosen is None:
        job.problem("license_unknown" if key == "license" else "lang_unknown")
        return ""
    return chosen


def form_language(the_form: form.Form, values: dict) -> str:
    spec = the_form.field("lang")
    chosen = form.option_id(spec, values.get("lang", "")) if spec else None
    return chosen if chosen in ("es", "en") else "es"


def _work_values(the_form, values, job, settings, *, update: bool) -> dict[str, str]:
    given = {key: values.get(key, "") for key in ("title", "medium", "dimensions", "tags")}
    if not update and not given["title"]:
        job.problem("title_missing")
    year = values.get("year", "")
    if year and not (len(year) == 4 and year.isascii() and year.isdigit()):  # not "٢٠٢٦"
        job.problem("year_invalid", value=year)
    given["year"] = year
    license_id = _choice(the_form, values, "license", job, required=not update)
    if license_id and license_id not in allowed_licenses(settings):
        job.problem("license_unknown")
    given["license"] = license_id
    given["lang"] = _choice(the_form, values, "lang", job, required=not update)
    spec = the_form.field("consent")
    ticked = form.checked(values.get("consent", ""))
    if not spec or not ticked or set(spec.options) - set(ticked):
        job.problem("consent_missing")
    given["consent"] = "yes"
    return {key: value for key, value in given.items() if value}


def _photos(values, job, folder: Path | None, settings, stem: str, workdir: Path) -> list:
    """ImageSpecs of the attached photos, saved and stripped in ``workdir``."""
    field_text = values.get("images", "")
    limit = int(settings.get("ALTAVOZ_IMAGES_MAX_FILE_BYTES") or 25 * 2**20)
    try:
        photos = attachments.fetch_photos(field_text, limit, folder)
    except attachments.AttachmentProblem as problem:
        job.problem(problem.key, **problem.values)
        return []
    alts = [text.alt_text(line) for line in text.lines_of(values.get("alt", ""))]
    if photos and not alts:
        job.problem("alt_missing")
    elif photos:  # one message per photo without a line, and per line without a photo
        for number in range(len(alts) + 1, len(photos) + 1):
            job.problem("alt_missing_for", number=number)
        extra = list(enumerate(alts, start=1))[len(photos) :]
        for line, alt in extra[:MAX_EXTRA_SAID]:
            job.problem("alt_extra", line=line, value=alt[:100])
        if len(extra) > MAX_EXTRA_SAID:
            job.problem("alt_extra_more", count=len(extra) - MAX_EXTRA_SAID)
    specs = []
    for number, (photo, alt) in enumerate(zip(photos, alts, strict=False), start=1):
        path = workdir / f"{stem}-{number}{EXTENSIONS[photo.kind]}"
        path.write_bytes(photo.data)
        try:
            if strip_private_metadata(path).private:
                job.notes.append("stripped")
        except (StripError, OSError):
            job.problem("photo_cannot_clean", number=number)
            continue
        specs.append(ImageSpec(path, alt))
    return specs


def _links(values, job) -> str:
    links = [link for item in text.lines_of(values.get("links", "")) for link in item.split(",")]
    links = [link.strip() for link in links if link.strip()]
    for link in links:
        if not link.startswith("https://") or " " in link:
            job.problem("link_invalid", value=link[:100])
    return ", ".join(links)


# ------------------------------------------------------------------------ the actions


def _remove_folder(job: Job, folder: Path) -> None:
    """Move a folder aside (taken back on failure) and list its files as removed."""
    job.removed += sorted(
        p.relative_to(job.root).as_posix() for p in folder.rglob("*") if p.is_file()
    )
    aside = job.aside / folder.name  # inside the run's temporary folder: gone afterwards
    aside.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(folder), aside)
    job.undo.append(lambda: shutil.move(str(aside), folder))


def _make(job: Job, make, **kwargs) -> Path:
    made = make(job.root, keep_errors=True, **kwargs)
    job.written.append(made.folder)
    job.undo.append(lambda: shutil.rmtree(made.folder, ignore_errors=True))
    job.findings += made.findings
    return made.folder


def _own_work(job: Job, artist: str | None, values: dict) -> Path | None:
    if artist is None:
        job.problem("no_artist")
        return None
    # The page's address as a phone shares it (a query or fragment after it, a capital
    # the keyboard put first) or its last parts; when it names an artist's folder, that
    # must be the author's: another artist's address (or a tag page's) with the same last
    # part is not this author's work of that name.
    parts = events.address_parts(values.get("work", ""))
    wanted = parts[-1].lower() if parts else ""
    folder = job.root / "content" / "works" / artist / wanted
    elsewhere = len(parts) > 1 and parts[-2].lower() != _before_slug(job, artist)
    if elsewhere or not is_slug(wanted) or not _unlinked(job.root, folder / "index.md"):
        job.problem("work_unknown", value=values.get("work", "")[:100])
        return None
    return folder


def _before_slug(job: Job, artist: str) -> str:
    """What a work page's address has before the work's slug: the artist's folder with the
    gallery's WORK_URL (works/{artist}/{slug}/), or the fixed part a site's own puts there."""
    url = job.settings.get("WORK_URL")  # completed settings: the gallery's default at least
    before = events.before_slug(url if isinstance(url, str) else "")
    return artist if before in ("", "{artist}") else before.lower()


def _unlinked(root: Path, path: Path) -> bool:
    """Whether ``path`` is a file under root/content reached through no symbolic link: an
    update copies the work's files into its new folder, and a linked folder or photo
    would bring in files from outside the project."""
    content = root / "content"
    if not path.is_file():
        return False
    while path != content and path.is_relative_to(content):
        if path.is_symlink():
            return False
        path = path.parent
    return path == content


def _author(job: Job, login: str, settings: dict):
    """(artist folder or None, pending profiles, the author's pending profile or None)."""
    artist = author_artist(job, login, settings)
    pendings = pending_profiles(job.root, job.issue) if artist is None else []
    pending = author_pending(job, pendings, settings) if artist is None else None
    return artist, pendings, pending


def _write_author(job, artist, pendings, pending, values, login, links, lang, settings) -> str:
    """The author's artist folder, written first when this is their first submission."""
    if artist is not None:
        return artist
    if pending is not None:
        return write_pending(job, pending, settings)
    artist = new_artist_slug(job, values["name"], login, pendings)
    given = {key: values.get(key) for key in ("name", "pronouns", "city")}
    given |= {"links": links, "lang": lang, "github_id": job.author_id}
    given["github"] = login_to_write(job.root, login)
    _make(
        job,
        new_artist,
        given=given,
        bio=text.multi_line(values.get("bio", "")),
        slug=artist,
        settings=settings,
    )
    name = text.shown(text.one_line(values["name"]))
    job.notes.append(message("new_artist", job.lang, name=name))
    return artist


def _new(job, the_form, values, login, folder, settings, workdir) -> str:
    artist, pendings, pending = _author(job, login, settings)
    work = _work_values(the_form, values, job, settings, update=False)
    if artist is None and pending is None and not values.get("name"):
        job.problem("name_missing")
    links = _links(values, job)
    slug = _work_slug(job, work.get("title", ""), settings)
    owner = artist or (pending.slug if pending is not None else None)
    if owner and _work_taken(job, owner, slug):
        job.problem("work_exists", value=slug)
    specs = _photos(values, job, folder, settings, slug, workdir)
    if not specs and not job.problems:
        job.problem("photos_missing")
    if job.problems:
        raise Stop
    artist = _write_author(job, artist, pendings, pending, values, login, links, work["lang"],
                           settings)  # fmt: skip
    _make(
        job,
        new_work,
        given={**work, "artist": artist},
        slug=slug,
        settings=settings,
        statement=text.multi_line(values.get("statement", "")),
        images=specs,
    )
    return work["title"]


def _work_slug(job: Job, title: str, settings: dict) -> str:
    """The new work's folder: the title's slug, with ``-obra`` after it when that names a
    section of the site (a work called «Media», «404» or «Agenda»): the check refuses
    those, and a phone user cannot choose a folder."""
    slug = suggest_slug(title, f"obra-{job.issue}")
    if slug in reserved_slugs(settings):
        slug = suffixed(slug, "obra")
    return slug


def _work_taken(job: Job, artist: str, slug: str) -> bool:
    """Whether the artist has a work in that folder: on the default branch, or waiting on
    another open issue's intake branch (the same form sent twice: the two pull requests
    would add the same files, and the second would not merge)."""
    works = Path("content", "works", artist)
    if (job.root / works / slug).exists() or (job.root / works / slug).is_symlink():
        return True
    return slug in pending_folders(job.root, job.issue, works)


def _existing_images(folder: Path) -> tuple[list[ImageSpec], str]:
    """The photos of a work (copied aside) and its text without the photo lines."""
    _, body = read_fields((folder / "index.md").read_text(encoding="utf-8"))
    specs, lines = [], set()
    for ref in find_images(body):
        path = folder / ref.file_name
        if path.is_file() and not path.is_symlink() and path.parent == folder:
            specs.append(ImageSpec(path, ref.alt, ref.caption or ""))
            lines.add(ref.line)
    statement = "\n".join(line for n, line in enumerate(body.split("\n"), 1) if n not in lines)
    return specs, statement.strip()


def _update(job, the_form, values, login, folder, settings, workdir) -> str:
    artist = author_artist(job, login, settings)
    work_folder = _own_work(job, artist, values)
    changes = _work_values(the_form, values, job, settings, update=True)
    statement = text.multi_line(values.get("statement", ""))
    attached = values.get("images", "").strip()
    stem = work_folder.name if work_folder else "obra"
    specs = _photos(values, job, folder, settings, stem, workdir) if attached else []
    if not attached and values.get("alt"):
        job.problem("photos_missing")
    if job.problems or work_folder is None:
        raise Stop
    if set(changes) == {"consent"} and not statement and not specs:
        job.problem("nothing_changed")
        raise Stop
    current, _ = read_fields((work_folder / "index.md").read_text(encoding="utf-8"))
    kept = workdir / "kept"
    shutil.copytree(work_folder, kept, symlinks=True)  # a linked photo stays a link
    old_specs, old_statement = _existing_images(kept)
    if not specs and not old_specs:  # its photos are links, or gone: new ones are needed
        job.problem("photos_missing")
        raise Stop
    work = {key: current.get(key, "") for key in ("title", "medium", "license", "tags")}
    work |= {key: current.get(key, "") for key in ("year", "dimensions", "lang", "date")}
    work |= changes
    _remove_folder(job, work_folder)
    _make(
        job,
        new_work,
        given={**work, "artist": artist},
        slug=work_folder.name,
        settings=settings,
        statement=statement or old_statement,
        images=specs or old_specs,
    )
    return work["title"]


def _withdraw(job, the_form, values, login, folder, settings, workdir) -> str:
    artist = author_artist(job, login, settings)
    work_folder = _own_work(job, artist, values)
    spec = the_form.field("confirm")
    if not spec or set(spec.options) - set(form.checked(values.get("confirm", ""))):
        job.problem("confirm_missing")
    if job.problems or work_folder is None:
        raise Stop
    current, _ = read_fields((work_folder / "index.md").read_text(encoding="utf-8"))
    _remove_folder(job, work_folder)
    _unlist_from_events(job, f"{artist}/{work_folder.name}", settings)
    return current.get("title") or work_folder.name


def _unlist_from_events(job: Job, work: str, settings: dict) -> None:
    """Take the withdrawn work (``artist/slug``) out of each event's ``works`` that names
    it: the pull request's check reads only the folders it changes, so an event left naming
    a work that is gone would pass it and then break the site's check once merged (AV253).
    Only that header line changes (the key goes with the last work); an event whose header
    the scaffolders would not write is left to a person, and the withdrawal waits for it.
    Only what the change brings is said: the event may be another artist's, and a mistake
    it already had (an organizer unknown…) is theirs to fix, not the withdrawing artist's."""
    for index in sorted((job.root / EVENTS).glob("*/index.md")):
        if not is_slug(index.parent.name) or not _unlinked(job.root, index):
            continue
        before = index.read_bytes()
        current_text = before.decode("utf-8", "replace")  # not UTF-8: left to a person
        named = split_list(read_fields(current_text)[0].get("works", ""))
        if work not in named:
            continue
        kept = [item for item in named if item != work]
        changes = {"works": ", ".join(kept) or None}
        changed = events.with_header(current_text, changes, EVENT_KEYS)
        if changed is None or current_text.encode("utf-8") != before:
            job.problem("event_not_plain")
            raise Stop
        relative = index.parent.relative_to(job.root).as_posix()
        had = {(f.code, f.field) for f in check_paths(job.root, [relative], settings)}
        index.write_bytes(changed.encode("utf-8"))
        job.undo.append(lambda index=index, before=before: index.write_bytes(before))
        job.written.append(index.parent)
        found = check_paths(job.root, [relative], settings)
        job.findings += [f for f in found if (f.code, f.field) not in had]


# ------------------------------------------------------------------------ a new event

# An event's folder gets the title's slug; when an event already has it, the date, then a
# number (taller-de-grabado-2027-03-14, taller-de-grabado-2027-03-14-2…), at most this many.
MAX_EVENT_NUMBERED = 20
EVENTS = Path("content", "events")


def _option(the_form: form.Form, values: dict, key: str, job: Job, problem: str) -> str:
    """The id of a dropdown's chosen option ("" when left empty), or a problem naming it."""
    spec, raw = the_form.field(key), values.get(key, "")
    if spec is None or not raw:
        return ""
    chosen = form.option_id(spec, raw)
    if chosen is None:
        job.problem(problem, field=spec.label)
        return ""
    return chosen


def _event_slug(job: Job, title: str, date: str) -> str:
    """A free folder under content/events/ named after the title (see MAX_EVENT_NUMBERED)."""
    base = suggest_slug(title, f"evento-{job.issue}")
    dated = suffixed(base, date)
    candidates = [base, dated]
    candidates += [suffixed(base, f"{date}-{n}") for n in range(2, MAX_EVENT_NUMBERED + 1)]
    events_dir = job.root / EVENTS
    # Another open issue's event waiting on its own branch has its folder already: two
    # pull requests adding the same folder would not merge.
    pending = pending_folders(job.root, job.issue, EVENTS)
    for candidate in candidates:
        free = not (events_dir / candidate).exists() and not (events_dir / candidate).is_symlink()
        free = free and candidate not in pending
        if is_folder_name(candidate) and candidate not in RESERVED_SLUGS and free:
            return candidate
    job.problem("event_exists", field=job.labels.get("title", "title"))
    raise Stop


def _event_header(the_form, values, job, settings) -> dict[str, str]:
    """The header's values from the form (organizers aside), each mistake one message."""
    header = {"title": values.get("title", "")}
    if not header["title"]:
        job.problem("event_title_missing", field=job.labels.get("title", "title"))
    header |= events.when(job, values)
    header["timezone"] = _option(the_form, values, "timezone", job, "event_timezone_unknown")
    repeat = _option(the_form, values, "repeat", job, "event_repeat_unknown")
    header["repeat"] = "" if repeat == "none" else repeat
    for key in ("until", "count", "venue", "address", "online", "cost", "tags"):
        header[key] = values.get(key, "")
    if not header["venue"]:
        job.problem("event_venue_missing", field=job.labels.get("venue", "venue"))
    header["lang"] = _choice(the_form, values, "lang", job, required=True)
    spec = the_form.field("consent")
    ticked = form.checked(values.get("consent", ""))
    if not spec or not ticked or set(spec.options) - set(ticked):
        job.problem("event_consent_missing", field=spec.label if spec else "consent")
    header["consent"] = "yes"
    return {key: value for key, value in header.items() if value}


def _judged(job: Job, header: dict, values: dict, settings: dict) -> None:
    """The core's reading of the header before anything is written: each error said in
    the form's words (organizers and works are the intake's own to check, by address)."""
    if "start" not in header or not {"end", "duration"} & header.keys():
        return  # the date or the times are already said; their consequences would repeat them
    _, findings = read_event(
        {**header, "organizers": "x"}, settings=settings, file="content/events/x/index.md"
    )
    on_start = {finding.code for finding in findings if finding.field == "start"}
    # An end typed as a time has the start's date: a year out of range is said once.
    same_day = events.is_time(values.get("end", ""))
    for finding in findings:
        if not finding.is_error or (
            same_day and finding.field == "end" and finding.code in on_start
        ):
            continue
        job.problems.append(events.finding_text(finding, job, settings) or finding.message_es)


def _event(job, the_form, values, login, folder, settings, workdir) -> str:
    artist, pendings, pending = _author(job, login, settings)
    header = _event_header(the_form, values, job, settings)
    if not values.get("description"):
        job.problem("event_description_missing", field=job.labels.get("description", ""))
    if artist is None and pending is None and not values.get("name"):
        job.problem("name_missing")
    links = _links(values, job)
    others = events.named_artists(job, values)
    shown = events.named_works(job, values)
    _judged(job, header, values, settings)
    specs = []
    if values.get("images", "").strip():
        stem = suggest_slug(header.get("title", ""), "evento")
        specs = _photos(values, job, folder, settings, stem, workdir)
    elif values.get("alt", "").strip():
        job.problem("event_alt_without_photos", field=job.labels.get("images", "images"))
    if job.problems:
        raise Stop
    slug = _event_slug(job, header["title"], header["start"].split(" ")[0])
    artist = _write_author(
        job, artist, pendings, pending, values, login, links, header["lang"], settings
    )
    header["organizers"] = ", ".join(dict.fromkeys([artist, *others]))
    if shown:
        header["works"] = ", ".join(shown)
    _make(
        job,
        new_event,
        given=header,
        slug=slug,
        settings=settings,
        description=text.multi_line(values.get("description", "")),
        images=specs,
    )
    return header["title"]


# ------------------------------------------------------------------------ an event's change

# What the change form's "what happens" makes the event's status (None: it stays).
NEW_STATUS = {"cancelled": CANCELLED, "postponed": POSTPONED, "moved": SCHEDULED, "other": None}
WHEN = ("start", "start_time", "end")
WHERE = ("venue", "address", "cost", "online")


def _organized_event(job: Job, artist: str | None, values: dict) -> tuple[Path, dict] | None:
    """The folder and header of the event the form names, when the author organizes it."""
    url = job.settings.get("EVENT_URL")  # completed settings: the agenda's default at least
    slug = events.event_slug(values.get("event", ""), url if isinstance(url, str) else "")
    index = job.root / EVENTS / slug / "index.md" if slug else None
    if index is None or slug in RESERVED_SLUGS or not _unlinked(job.root, index):
        job.problem("event_unknown", field=job.labels.get("event", "event"),
                    value=values.get("event", "")[:100])  # fmt: skip
        return None
    current, _ = read_fields(index.read_text(encoding="utf-8", errors="replace"))
    if artist is None or artist not in split_list(current.get("organizers", "")):
        job.problem("event_not_organizer")
        return None
    return index.parent, current


def _moved(job: Job, values: dict, current: dict) -> dict[str, str | None]:
    """The header's new start and end or duration: a field left empty keeps the event's
    day, hour or length (a moved start moves an end written as a date with it)."""
    old_start = parse_datetime(current.get("start", "").strip())
    day, hour = old_start.strftime("%Y-%m-%d %H:%M").split(" ") if old_start else ("", "")
    given = {"start": values.get("start") or day, "start_time": values.get("start_time") or hour}
    end = values.get("end", "")
    if not end:
        end = current.get("duration", "").strip() or current.get("end", "").strip()
        old_end = parse_datetime(end)
        new_start = parse_datetime(f"{given['start']} {events.as_time(given['start_time'])}")
        try:  # isoformat writes every year with four digits (strftime: "1" for year 1)
            if old_start and old_end and new_start:
                end = (new_start + (old_end - old_start)).isoformat(" ", "minutes")
        except OverflowError:
            pass  # a start at the calendar's edge: the old end stays, and the check names it
    found = events.when(job, {**given, "end": end})
    if "start" not in found or not {"end", "duration"} & found.keys():
        return {}
    other = "end" if "duration" in found else "duration"
    return {**found, other: None}


def _event_change(job, the_form, values, login, folder, settings, workdir) -> str:
    artist = author_artist(job, login, settings)
    found = _organized_event(job, artist, values)
    if found is None:
        raise Stop
    event_folder, current = found
    choice_field = job.labels.get("change", "change")
    choice = _option(the_form, values, "change", job, "event_change_unknown")
    if not choice and not values.get("change"):
        job.problem("event_change_unknown", field=choice_field)
    labels = {key: job.labels.get(key, key) for key in WHEN}
    dated = any(values.get(key) for key in WHEN)
    if choice in ("cancelled", "postponed") and dated:
        job.problem("event_date_not_moved", field=choice_field, date=labels["start"],
                    time=labels["start_time"], end=labels["end"])  # fmt: skip
    if choice == "moved" and not dated:
        job.problem("event_date_not_given", field=choice_field, date=labels["start"],
                    time=labels["start_time"], end=labels["end"])  # fmt: skip
    spec = the_form.field("consent")
    ticked = form.checked(values.get("consent", ""))
    if not spec or not ticked or set(spec.options) - set(ticked):
        job.problem("event_consent_missing", field=spec.label if spec else "consent")
    changes: dict[str, str | None] = _moved(job, values, current) if dated else {}
    changes |= {key: values[key] for key in WHERE if values.get(key)}
    status = NEW_STATUS.get(choice)
    if status is not None and (status != SCHEDULED or "status" in current):
        changes["status"] = status
    header = {**current, **changes}
    _judged(job, {k: v for k, v in header.items() if v is not None}, values, settings)
    if job.problems:
        raise Stop
    index = event_folder / "index.md"
    before = index.read_bytes()
    try:
        changed = events.with_header(before.decode("utf-8"), changes, EVENT_KEYS)
    except UnicodeDecodeError:
        changed = None
    written, _ = read_fields(changed) if changed is not None else ({}, "")
    if changed is None or any(written.get(k) != v for k, v in changes.items()):
        job.problem("event_not_plain")
        raise Stop
    note = text.multi_line(values.get("note", "")).strip()
    changed = events.with_note(changed, note) if note else changed
    if changed.encode("utf-8") == before:
        job.problem("nothing_changed")
        raise Stop
    index.write_bytes(changed.encode("utf-8"))
    job.undo.append(lambda: index.write_bytes(before))
    job.written.append(event_folder)
    relative = event_folder.relative_to(job.root).as_posix()
    job.findings += check_paths(job.root, [relative], settings)
    return current.get("title") or event_folder.name


ACTIONS = {"new": _new, "update": _update, "withdraw": _withdraw, "event": _event}
ACTIONS["event_update"] = _event_change
