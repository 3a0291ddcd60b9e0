"""From a GitHub ``issues`` event to the submission folder the guide describes.

``run_intake`` reads the event, parses the form, fetches and strips the photos,
writes ``content/works/<artist>/<slug>/`` (and ``content/artists/<artist>/`` on a
first submission) with the scaffolders of ``invoke new-work`` / ``new-artist``,
runs the moderation check on what it wrote and returns the report for the issue.
On any problem nothing stays in ``content/``: what was written is taken back.
Exit status: 0 ready for a pull request, 1 the author must change the issue,
2 not a submission form (or a malformed event, or an edit nobody may make). An issue
that carries a form's label, or that we answered before, is a submission form whatever
its text became: it always hears what to fix.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from altavoz_core.fields import github_id_from_event, is_github_handle
from altavoz_core.frontmatter import parse_document, read_fields
from altavoz_images import loader
from altavoz_moderation.model.references import MARKDOWN, find_images
from PIL import Image

from ..project import project_settings
from . import events, form
from .actions import ACTIONS, clean_values, form_language
from .job import Job, Stop
from .messages import FINDING_ADVICE, message
from .text import shown

logger = logging.getLogger(__name__)
PASSED, ERRORS, IGNORED = 0, 1, 2
# Findings listed one by one in the answer, per kind (errors, warnings), then counted; each
# cut to FINDING_SHOWN characters. A text can hold hundreds of findings (a picture from
# elsewhere on every line), and an issue comment holds 65,536 characters: a longer report
# would reach the artist as no report at all.
FINDINGS_LISTED, FINDING_SHOWN = 12, 700
PIXELS = "ALTAVOZ_IMAGES_MAX_PIXELS"  # the check's decompression-bomb limit


@dataclass
class Outcome:
    code: int
    report: str
    manifest: dict = field(default_factory=dict)


# ------------------------------------------------------------------------ the event


# The account GitHub shows in place of every deleted one: its issues and edits are no
# one's. Taken in, a maintainer's edit (or reopening) of a deleted account's issue made a
# profile "github: ghost, github_id: 10137", which every other deleted account's issue
# would then be, free to change or withdraw its works.
GHOST_LOGIN, GHOST_ID = "ghost", 10137


def _login(user) -> str | None:
    login = user.get("login") if isinstance(user, dict) else None
    if not is_github_handle(login) or login.lower() == GHOST_LOGIN:
        return None
    return None if user.get("id") == GHOST_ID else login


def _issue_of(event) -> dict | None:
    # An issue reopened after its submission was cleaned away is taken in again.
    if not isinstance(event, dict) or event.get("action") not in ("opened", "edited", "reopened"):
        return None
    issue = event.get("issue")
    if not isinstance(issue, dict) or "pull_request" in issue:
        return None
    number = issue.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        return None
    if not isinstance(issue.get("body") or "", str) or _login(issue.get("user")) is None:
        return None
    return {**issue, "body": well_formed(issue.get("body") or "")}


def well_formed(text: str) -> str:
    """``text`` with each lone surrogate (a ``\\ud800`` escape in the event's JSON, which no
    UTF-8 text holds) read as U+FFFD, as the workflow's script reads it when it hashes the
    body (intake.js, bodyHash): no file could be written with it (the intake broke on it),
    and a hash of it would name another text than the script's."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# Set by the workflow's refresh step (intake.js) beside the event's own keys when the
# issue already holds our answer: the event file is written by that trusted step, and
# the issue's text is a value inside it ("issue"), so no body or title can add a key here.
ANSWERED_BEFORE = "altavoz_answered_before"


def answered_before(event: dict) -> bool:
    """Whether the workflow found our answer on the issue already: a JSON ``true`` at
    the event's top level, nothing else (not "true", not 1, not inside the issue)."""
    return event.get(ANSWERED_BEFORE) is True


def may_change(event: dict, editor_is_maintainer: bool = False) -> bool:
    """Whether this event may change the submission: the author's own, or a maintainer's
    edit (or reopening)."""
    issue = event["issue"]
    if event["action"] == "opened":
        return True
    editor = _login(event.get("sender"))
    author = _login(issue.get("user"))
    return editor is not None and (editor.lower() == author.lower() or editor_is_maintainer)


# ------------------------------------------------------------------------ the report


def _report(job: Job, code: int, action: str, title: str, photos: dict | None = None) -> str:
    """The answer on the issue, in the form's language. Moderation findings are said as
    the author reads them (``_finding_text``); their codes stay in the maintainers' check
    report on the pull request. ``photos``: repository path -> photo number."""
    photos = photos or {}
    lines = ["**Altavoz**", ""]
    errors = [f for f in job.findings if f.severity == "error"]
    warnings = [f for f in job.findings if f.severity != "error"]
    if code == PASSED:
        lines.append("✅ " + message(f"passed_{action}", job.lang, title=shown(title)))
        lines += ["", *(f"- {note}" for note in _notes(job))]
    else:
        lines.append("❌ " + message("failed_heading", job.lang))
        if job.problems:
            lines += ["", *(f"- {problem}" for problem in job.problems)]
        if errors:
            event = action in ("event", "event_update")
            heading = "check_errors_event" if event else "check_errors"
            lines += ["", message(heading, job.lang)]
            lines += _listed(errors, "check_errors_more", job, photos)
        lines += ["", message("edit_hint", job.lang)]
    if warnings:
        lines += ["", message("check_warnings", job.lang)]
        lines += _listed(warnings, "check_warnings_more", job, photos)
    # The report is Markdown for an issue comment and quotes what the author wrote:
    # no HTML of theirs is ever rendered.
    report = "\n".join(lines).replace("<", "&lt;").replace(">", "&gt;")
    return report.rstrip() + "\n"


def _listed(findings: list, more: str, job: Job, photos: dict) -> list[str]:
    """The first findings as list items, each within FINDING_SHOWN characters (the text
    is escaped, so a cut opens nothing), then how many more there are."""
    items = []
    for finding in findings[:FINDINGS_LISTED]:
        text = _finding_text(finding, job, photos)
        if len(text) > FINDING_SHOWN:
            text = text[: FINDING_SHOWN - 1].rstrip("\\") + "…"
        items.append(f"- {text}")
    if len(findings) > FINDINGS_LISTED:
        items.append("- " + message(more, job.lang, count=len(findings) - FINDINGS_LISTED))
    return items


def _notes(job: Job) -> list[str]:
    notes = [message("stripped", job.lang)] if "stripped" in job.notes else []
    return notes + [note for note in job.notes if note != "stripped"]


# A repository path as the moderation writes one (in backticks or not): up to a space,
# a quote or a closing bracket. Bounded by the message it is in.
_PATH = re.compile(r"`?(?:content|\.github|theme|plugins|output)/[^\s`'\"«»()\[\]]*`?")


def _finding_text(finding, job: Job, photos: dict) -> str:
    """A moderation finding as the author reads it: what to do from a phone where the
    intake knows it (a small photo), else the check's message with every file named as
    the author knows it (your work, your profile, photo 3), never a code or a path; and
    the form field it comes from."""
    en = job.lang == "en"
    said = events.finding_text(finding, job, job.settings)
    if said is not None:  # an event's value, said with its form field (named already)
        return said
    advice = FINDING_ADVICE.get(finding.code)
    field = _body_field(job, finding) if finding.field in (None, "", "body") else finding.field
    label = job.labels.get(field or "")
    if advice and finding.path in photos:
        text = message(advice, job.lang, number=photos[finding.path])
    else:
        text = finding.message_en if en else finding.message_es
        without_line = finding.path in job.body_lines or finding.path in photos

        def reworded(part: str) -> str:
            if without_line:
                part = _LINE_SAID.sub("", part)
            if label:
                part = _field_named(part, finding.field, _label_in(label, job.lang))
            return part

        text = _outside(text, finding.snippet, reworded)
        # The moderation's messages quote the author's values: shown as text, not Markdown.
        text = shown(_places(text, job, photos))
    if label:
        text += " " + message("in_the_form", job.lang, label=label)
    return text


def _outside(text: str, value: str | None, change) -> str:
    """``change`` applied to ``text`` except where it quotes the author's value (the
    finding's snippet, between «» or ''): the check's own words are reworded, what she
    typed stays as typed (a title holding «title» or «(línea 2)» keeps them). Only the
    quoted value is kept: a short one ("a") could otherwise split the check's words."""
    for quoted in (f"«{value}»", f"'{value}'") if value else ():
        if quoted in text:
            return quoted.join(change(part) for part in text.split(quoted))
    return change(text)


def _field_named(text: str, key: str, label: str) -> str:
    """``text`` with the file's key it quotes (the check's «title», or 'title' in English)
    named by the form's label: the author filled a form and never saw the keys."""
    for opening, closing in (("«", "»"), ("'", "'")):
        text = text.replace(f"{opening}{key}{closing}", f"{opening}{label}{closing}")
    return text


def _label_in(label: str, lang: str) -> str:
    """A form's label in one language: the forms write both, «Título / Title»; a label
    without exactly one " / " is the same in every language."""
    parts = label.split(" / ")
    if len(parts) != 2:
        return label
    return parts[1] if lang == "en" else parts[0]


def _places(text: str, job: Job, photos: dict) -> str:
    """``text`` with each repository path replaced by what it is to the author."""
    own = {}
    for folder in job.written:
        relative = folder.relative_to(job.root).as_posix()
        kind = "profile" if relative.startswith("content/artists/") else "work"
        kind = "event" if relative.startswith("content/events/") else kind
        own[relative] = own[relative + "/index.md"] = _place(kind, job.lang)
    own |= {path: _place("photo", job.lang, number=n) for path, n in photos.items()}

    def named(match: re.Match) -> str:
        written = match.group(0).strip("`")
        path = written.rstrip(".,;:")  # the sentence's own punctuation stays
        if path in own:
            place = own[path]
        elif path.startswith("content/works/"):
            place = _place("other_work", job.lang)
        elif path.startswith("content/artists/"):
            place = _place("other_profile", job.lang)
        elif path.startswith("content/events/"):
            place = _place("other_event", job.lang)
        else:
            place = _place("other", job.lang)
        return place + written[len(path) :]

    text = _PATH.sub(named, text)
    return text[:1].upper() + text[1:]


def _place(kind: str, lang: str, **values) -> str:
    """What a path in a moderation message becomes for the author, who never saw the files:
    the intake's own folders by what they are, any other file by its kind."""
    return message(f"place_{kind}", lang, **values)


# The form field a written file's text comes from, by the folder it is in.
TEXT_FIELDS = {"works": "statement", "artists": "bio", "events": "description"}
# A line number in the check's message: of a file the author never saw, so it says nothing
# to them (the form field it is in is named instead). "(línea 18)", "(línea 2, title)",
# "(campo «name», línea 2)", and the same in English.
_LINE_SAID = re.compile(
    r" \((?:línea|line) [0-9]+\)|(?<=\()(?:línea|line) [0-9]+, |, (?:línea|line) [0-9]+(?=\))"
)


def _body_lines(job: Job) -> dict[str, tuple[int, frozenset[int], str]]:
    """Where the text of each index.md the intake wrote starts, which of its lines are
    photos, and the form field the rest comes from (see Job.body_lines)."""
    found = {}
    for folder in job.written:
        index = folder / "index.md"
        relative = index.relative_to(job.root).as_posix()
        kind = TEXT_FIELDS.get(relative.split("/")[1]) if relative.count("/") > 1 else None
        if kind is None or not index.is_file():
            continue
        document = parse_document(index.read_text(encoding="utf-8"))
        start = document.body_start_line
        refs = find_images(document.body, start)  # the photo lines the scaffolder wrote
        photos = frozenset(r.line for r in refs if r.form == MARKDOWN and _in(folder, r.src))
        found[relative] = (start, photos, kind)
    return found


def _in(folder: Path, name: str) -> bool:
    return "/" not in name and "\\" not in name and (folder / name).is_file()


def _body_field(job: Job, finding) -> str | None:
    """The form field a finding on a line of a written file's text is about: a photo's
    line is its description's, any other line the text's (statement, bio, description)."""
    where = job.body_lines.get(finding.path or "")
    line = finding.line if isinstance(finding.line, int) else 0
    if where is None or line < where[0]:
        return None
    return "alt" if line in where[1] else where[2]


def _photo_numbers(job: Job) -> dict[str, int]:
    """Repository path -> number of each photo of the works the intake wrote, in the order
    the work shows them (the order the author attached them)."""
    numbers = {}
    for folder in job.written:
        index = folder / "index.md"
        if not index.is_file():
            continue
        _, body = read_fields(index.read_text(encoding="utf-8"))
        for number, ref in enumerate(find_images(body), start=1):
            path = (folder / ref.file_name).relative_to(job.root).as_posix()
            numbers.setdefault(path, number)
    return numbers


def _manifest(job, issue, action, login, title, code) -> dict:
    files = sorted(
        p.relative_to(job.root).as_posix()
        for folder in job.written
        for p in folder.rglob("*")
        if p.is_file()
    )
    return {
        "issue": issue["number"],
        "action": action,
        "author": login,
        "title": title,
        "lang": job.lang,
        "status": {PASSED: "passed", ERRORS: "errors"}.get(code, "ignored"),
        "written": files,
        "removed": sorted(set(job.removed) - set(files)),
        # The issue as this run read it: the publish job publishes the artifact only if it
        # was made from the text the workflow's refresh step read (intake.js, bodyHash).
        "updated_at": issue.get("updated_at") if isinstance(issue.get("updated_at"), str) else None,
        "body_sha256": hashlib.sha256((issue.get("body") or "").encode("utf-8")).hexdigest(),
    }


# ------------------------------------------------------------------------ entry point


def run_intake(
    root: Path,
    event: dict,
    *,
    attachments_dir: Path | None = None,
    editor_is_maintainer: bool = False,
    settings: dict | None = None,
) -> Outcome:
    """Turn one ``issues`` event into a submission under ``root/content``; see the module."""
    root = Path(root).resolve()
    issue = _issue_of(event)
    if issue is None:
        return Outcome(IGNORED, "malformed or unsupported event / evento no válido\n")
    if not may_change(event, editor_is_maintainer):
        return Outcome(IGNORED, _bilingual("editor_not_author"))
    forms = form.load_forms(root)
    body = issue.get("body") or ""
    try:
        the_form, raw = form.parse_body(body, forms)
    except form.NotAForm:
        # An issue opened with a form carries its label, and one we answered before was a
        # form even if a maintainer took the label off since: whatever happened to its
        # text, the author hears what to fix. Any other issue is none of ours.
        labelled = form.issue_of_a_form(issue.get("labels"), forms)
        if not (labelled or answered_before(event)):
            return Outcome(IGNORED, _bilingual("not_a_form"))
        return _damaged(Job(root), body, forms, form.what_is_wrong(body, forms), issue)
    except form.FormProblems as problems:
        return _damaged(Job(root), body, forms, problems.problems, issue)
    return _run(Job(root), the_form, raw, issue, attachments_dir, settings)


def _damaged(job: Job, body: str, forms, problems, issue) -> Outcome:
    """The answer to a form whose sections were edited away: what to write back, in the
    language its "lang" section still chooses."""
    reading = form.read_body(body, forms)
    if reading is not None:
        job.lang = form_language(reading.form, reading.values)
        job.labels = {spec.id: spec.label for spec in reading.form.fields}
    job.issue = issue["number"]
    for problem in problems:
        job.problem(problem.key, **problem.values)
    action = reading.form.action if reading is not None else "new"
    manifest = _manifest(job, issue, action, _login(issue["user"]), "", ERRORS)
    return Outcome(ERRORS, _report(job, ERRORS, action, ""), manifest)


def _bilingual(key: str) -> str:
    return f"{message(key, 'es')}\n\n{message(key, 'en')}\n"


def _run(job, the_form, raw, issue, attachments_dir, settings) -> Outcome:
    login = _login(issue["user"])
    job.lang = form_language(the_form, raw)
    job.issue = issue["number"]
    job.author_id = github_id_from_event(issue["user"].get("id"))  # who the artist is
    job.labels = {spec.id: spec.label for spec in the_form.fields}
    settings = settings if settings is not None else project_settings(job.root)
    job.settings = settings
    title = ""
    with tempfile.TemporaryDirectory(prefix="altavoz-intake-") as workdir:
        job.aside = Path(workdir) / "aside"
        try:
            values = clean_values(raw, job, settings)
            title = values.get("title", "")
            with _pixel_limit(settings):
                title = ACTIONS[the_form.action](
                    job, the_form, values, login, attachments_dir, settings, Path(workdir)
                )
        except Stop:
            pass
        except Exception:  # ours, not the author's: say so on the issue, keep the details here
            logger.exception("the intake of issue #%s failed", job.issue)
            job.rollback()
            manifest = _manifest(job, issue, the_form.action, login, title, ERRORS)
            return Outcome(ERRORS, _report_internal(job), {**manifest, "written": []})
        code = (
            ERRORS if job.problems or any(f.severity == "error" for f in job.findings) else PASSED
        )
        photos = _photo_numbers(job)  # before a rollback takes the files away
        job.body_lines = _body_lines(job)
        if code != PASSED:
            job.rollback()
    manifest = _manifest(job, issue, the_form.action, login, title, code)
    return Outcome(code, _report(job, code, the_form.action, title, photos), manifest)


@contextlib.contextmanager
def _pixel_limit(settings: dict):
    """The site's pixel limit for every picture the action opens: stripping a photo looks
    for private tags, which reads a PNG's whole image (Pillow's getexif), and under
    Pillow's own limit (twice 89 MP) a 650 KB PNG of 169 MP took 674 MB and 2 s here (per
    photo, twice: the intake's strip and the scaffolder's), for a photo the check then
    refuses (AV507). Past the limit that look stops at the size, before decoding; the
    bytes are still cleaned (no pixels read) and the check says what to do."""
    with loader.pixel_limit(int(settings[PIXELS])), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        yield


def _report_internal(job: Job) -> str:
    return f"**Altavoz**\n\n⚠️ {message('internal', job.lang)}\n"


def write_outputs(outcome: Outcome, root: Path, out: Path) -> None:
    """The report, the manifest and a copy of every written file, for the workflow."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(outcome.report, encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(outcome.manifest, indent=2), encoding="utf-8")
    for relative in outcome.manifest.get("written", []):
        target = out / "files" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(root) / relative, target)
