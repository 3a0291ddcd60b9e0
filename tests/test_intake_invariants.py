"""What must always hold of the issue intake, for any issue event Hypothesis can draw.

Events are drawn from the real issue forms (.github/ISSUE_TEMPLATE): every field of the
chosen form gets a valid answer, or one or two get a hostile one (the hostile alphabets
of tests/hostile_submissions.py, other scripts' digits in the year, NFC/NFD and case
twins of dropdown options, lengths at the limits); the issue body may lose, rename,
repeat or reorder its headings; the issue title and the logins are hostile too. Each
event goes through ``run_intake``, the function `invoke intake` calls in the workflow,
on a small project with a work, its artist, and a work folder that is a symbolic link
to a folder outside the project.

1. It always answers: an event on an issue carrying the forms' label gets exactly one
   report for the issue (exit 0 or 1, a manifest the publish job comments from), never
   the internal-failure message; other events exit 2 and change nothing.
2. Nothing is written outside the submission folders under content/ (the manifest lists
   exactly what changed), nothing outside the project changes, no link is followed.
3. What the intake leaves in content/ passes the moderation check, or its answer is not
   "accepted" (exit 1, and then nothing stays).
4. The report stays text: rendered as GitHub does, it holds no link, image, mention,
   reference, heading, HTML or HTML comment, and a title shown in it reads as written.

Shrunk failures are kept as rows of ``FOUND`` and replayed by a table-driven test.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import hostile_submissions as hs
import pytest
import yaml
from altavoz_moderation.report import check_site, visible
from altavoz_submit.intake import form as intake_form
from altavoz_submit.intake import run_intake, write_outputs
from altavoz_submit.intake.actions import field_limits
from altavoz_submit.intake.messages import message
from altavoz_submit.project import create_settings, project_settings
from conftest import ROOT, write_artist, write_image, write_work
from hypothesis import HealthCheck, event, given, seed, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

FORMS_FOLDER = ROOT / intake_form.FORMS_FOLDER
FORMS = {f.name: f for f in intake_form.load_forms(ROOT)}
ISSUE_LABELS = {
    name: yaml.safe_load((FORMS_FOLDER / f"{name}.yml").read_text(encoding="utf-8"))["labels"]
    for name in FORMS
}
OWNER, OWNER_LOGIN, WORK = "mateo-cisneros", "MateoGH", "barro-negro"
LINKED_WORK = "enlace"  # a work folder that is a symbolic link out of the project
LINKED_PHOTO_WORK = "con-enlace"  # a work whose photo is a link out of the project
SECRET = b"secret bytes from outside the project"
# Photos as a phone attaches them, by the last segment of their GitHub address.
PHOTOS = {
    "aaa-111": hs.Image("a", "JPEG", 1, True, ""),
    "bbb-222": hs.Image("b", "PNG", 1, False, ""),
    "ccc-333": hs.Image("c", "WEBP", 1, False, ""),
    "ddd-444": hs.Image("d", "GIF", 2, False, ""),
}
LINKED_PHOTO = "eee-555"  # an attachment that is a link to a file outside the folder
NOT_A_PHOTO = "fff-666"
ATTACHMENT = "https://github.com/user-attachments/assets/"
WORK_URL = f"https://altavoz.example.org/works/{OWNER}/{WORK}/"

SUITE = settings(
    max_examples=110,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


# ----------------------------------------------------------------------------- the project


@dataclass
class Place:
    """One example's project: its root, the folder outside it, its attachments."""

    base: Path
    root: Path = field(init=False)
    outside: Path = field(init=False)
    photos: Path = field(init=False)

    def __post_init__(self):
        self.root = self.base / "repo"
        self.outside = self.base / "outside"
        self.photos = self.base / "attachments"


def _make_template(base: Path) -> Path:
    """The project every example copies: a work of MateoGH, a linked work, attachments."""
    place = Place(base)
    content = place.root / "content"
    write_artist(content, OWNER, name="Mateo Cisneros", github=OWNER_LOGIN)
    write_work(content, OWNER, WORK, title="Barro negro")
    shutil.copytree(FORMS_FOLDER, place.root / intake_form.FORMS_FOLDER)
    # A work folder that is a link to a work outside the project, with its own photo.
    write_work(place.outside, OWNER, LINKED_WORK, title="Fuera")
    linked = place.outside / "works" / OWNER / LINKED_WORK
    (linked / "secreto.jpg").write_bytes(SECRET)
    write_image(linked / "obra.jpg", color=(1, 2, 3))  # bytes no file of the project has
    (content / "works" / OWNER / LINKED_WORK).symlink_to(
        "../../../../outside/works/" + OWNER + "/" + LINKED_WORK
    )
    # A work whose photo is a link to a picture outside the project.
    linked_photo = write_work(content, OWNER, LINKED_PHOTO_WORK, title="Con enlace")
    (linked_photo / "obra.jpg").unlink()
    (linked_photo / "obra.jpg").symlink_to("../../../../../outside/secret.jpg")
    place.photos.mkdir()
    for name, image in PHOTOS.items():
        (place.photos / name).write_bytes(hs.image_bytes(image))
    write_image(place.outside / "secret.jpg", color=(3, 2, 1))
    (place.photos / LINKED_PHOTO).symlink_to("../outside/secret.jpg")
    (place.photos / NOT_A_PHOTO).write_text("<svg><script>alert(1)</script></svg>")
    return base


_TEMPLATE: dict[str, Path] = {}


def fresh_place() -> tuple[Place, tempfile.TemporaryDirectory]:
    if "base" not in _TEMPLATE:
        holder = tempfile.TemporaryDirectory(prefix="altavoz-intake-template-")
        _TEMPLATE["holder"] = holder  # lives as long as the module
        _TEMPLATE["base"] = _make_template(Path(holder.name) / "t")
    temporary = tempfile.TemporaryDirectory(prefix="altavoz-intake-inv-")
    base = Path(temporary.name) / "p"
    shutil.copytree(_TEMPLATE["base"], base, symlinks=True)
    return Place(base), temporary


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under ``folder`` (a link by its target, never followed)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + str(path.readlink())
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


# ----------------------------------------------------------------------------- the events


def _option(spec: intake_form.FormField, key: str) -> str:
    return next(o for o in spec.options if o.endswith(f"({key})"))


def photos_markdown(names: list[str]) -> str:
    return "\n".join(f"![IMG_{i}]({ATTACHMENT}{name})" for i, name in enumerate(names, 1))


valid_photo_names = st.lists(st.sampled_from(sorted(PHOTOS)), min_size=1, max_size=2, unique=True)
valid_login = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}", fullmatch=True)
# Near misses of a GitHub user name: a login with one hostile change.
near_login = st.one_of(
    st.sampled_from(["luz_mendoza", "-luz", "luz-", "luz--m", "a" * 40, "٢٠٢٦", "ｌｕｚ", ""]),
    st.tuples(st.sampled_from(["luzmendoza", OWNER_LOGIN]), st.sampled_from(hs.EDGE)).map("".join),
    hs.mutated("luzmendoza").filter(lambda s: not re.fullmatch(r"[a-z]+", s)),
)


def _twin(value: str) -> st.SearchStrategy[str]:
    """An option written as the same words in another form: case, NFD, spacing."""
    return st.sampled_from(
        [
            value.upper(),
            value.lower(),
            unicodedata.normalize("NFD", value),
            value + " ",
            " " + value,
            value.replace(" ", "\u00a0"),
            value.replace("(", "（"),
            value.rsplit(" (", 1)[0],
        ]
    )


def at_limit(valid: str, limits: list[int]) -> st.SearchStrategy[str]:
    """``valid`` repeated to a limit, one under or one over."""
    return st.tuples(st.sampled_from(limits), st.integers(-1, 1)).map(
        lambda t: (valid * (t[0] // len(valid) + 2))[: t[0] + t[1]]
    )


FORM_LIMITS = field_limits(create_settings())  # what the intake accepts per field

VALID = {
    "title": st.sampled_from(["Raíces de maíz", "Mural del barrio", "Straße 北京", "Uno < dos"]),
    "statement": st.just(hs.STATEMENT),
    "medium": st.just("Acrílico sobre muro"),
    "year": hs.valid_years,
    "dimensions": st.just("300 × 450 cm"),
    "tags": st.just("mural, maíz"),
    "name": st.sampled_from(["Luz Mendoza", "Ñandú Pérez"]),
    "city": st.just("Oaxaca"),
    "pronouns": st.just("ella"),
    "bio": st.just("Pinto murales en mi barrio."),
    "links": st.just("https://example.org/luz"),
    # The author's own works, two of them reaching outside the project through a link.
    "work": st.sampled_from([WORK, WORK_URL, f"{WORK}/", LINKED_WORK, LINKED_PHOTO_WORK]),
    "reason": st.just("Ya no la quiero en el sitio."),
}
SLUG_LIKE = ("title", "name", "work")
LONG = {  # the intake's own limits and the moderation's, for the one-line fields
    "title": [FORM_LIMITS["title"], hs.MAX_LENGTHS["title"]],
    "name": [300, hs.MAX_LENGTHS["name"]],
    "statement": [FORM_LIMITS["statement"]],
    "bio": [FORM_LIMITS["bio"]],
    "reason": [FORM_LIMITS["reason"]],
    "medium": [300, hs.MAX_LENGTHS["medium"]],
    "dimensions": [300, hs.MAX_LENGTHS["dimensions"]],
}
FOREIGN_PHOTOS = [
    "![IMG_1](https://evil.example/user-attachments/assets/aaa-111)",
    f"![IMG_1]({ATTACHMENT}../../outside/secret.jpg)",
    f"![IMG_1]({ATTACHMENT}{LINKED_PHOTO})",
    f"![IMG_1]({ATTACHMENT}{NOT_A_PHOTO})",
    f"![IMG_1]({ATTACHMENT}no-such-photo)",
    "![Uploading IMG_1.jpg…]()",
    f'<img width="300" alt="IMG_1" src="{ATTACHMENT}aaa-111">',
]


# What GitHub's Markdown (or GitHub after it) would make active in a comment.
MARKDOWN_ATTACKS = [
    "[altavoz.org](https://evil.example)",
    "![x](https://evil.example/x.png)",
    "<https://evil.example>",
    "https://evil.example/a",
    "www.evil.example",
    "@equipo-altavoz",
    "luz@example.org",
    "#1",
    "GH-12",
    "<!-- oculto -->",
    "<img src=x onerror=alert(1)>",
    "[x]: https://evil.example\n\n[x]",
    "\n# Encabezado",
    "\n---\n",
]
markdown_attack = st.one_of(
    st.sampled_from(MARKDOWN_ATTACKS),
    st.tuples(st.sampled_from(MARKDOWN_ATTACKS), hs.plain_char).map(lambda t: t[1] + t[0]),
)


def hostile_for(spec: intake_form.FormField, valid: str) -> st.SearchStrategy[str]:
    """A hostile answer to ``spec``, near its valid answer ``valid``."""
    key = spec.id
    choices = [
        hs.hostile_value(valid or "x", 60),
        hs.hostile_text(60, min_size=1),
        markdown_attack,
        markdown_attack.map(lambda attack: f"{valid} {attack}"),
    ]
    if key in SLUG_LIKE:
        choices.append(hs.hostile_name)
    if key == "work":
        linked = st.sampled_from([LINKED_WORK, LINKED_PHOTO_WORK])
        odd = st.sampled_from([f"../../artists/{OWNER}", f"{OWNER}/{WORK}", f"{WORK_URL}\n"])
        choices += [linked, linked, odd]
    if key == "year":
        choices += [hs.hostile_years, st.sampled_from(hs.OTHER_DIGITS).map(lambda d: d * 4)]
    if key in LONG:
        choices.append(at_limit(valid or "Mural ", LONG[key]))
    if key == "statement" or key == "bio":
        choices.append(hs.hostile_bodies)
    if key == "images":
        choices.append(st.sampled_from(FOREIGN_PHOTOS))
    if key == "alt":
        choices.append(st.just("Un mural\u2028title: otra\x85Otra foto"))
    if spec.kind == "dropdown":
        choices.append(_twin(valid or spec.options[0]))
    if spec.kind == "checkboxes":
        label = spec.options[0]
        choices.append(
            st.sampled_from(
                [f"- [ ] {label}", f"- [x] {label.upper()}", f"- [X] {label[:-1]}", "- [X]", ""]
            )
        )
    return st.one_of(choices)


@dataclass
class Drawn:
    """One drawn event and what it was made from (for the report of a failure)."""

    form: str
    values: dict
    hostile: set
    structure: str
    event: dict
    labelled: bool


def checkbox_text(spec: intake_form.FormField) -> str:
    return "\n".join(f"- [X] {label}" for label in spec.options)


def render(the_form: intake_form.Form, values: dict, newline: str = "\n") -> list[list[str]]:
    """The body's sections as GitHub writes them: [heading, value]."""
    sections = []
    for spec in the_form.fields:
        value = values.get(spec.id, "")
        sections.append([f"### {spec.label}", value if value != "" else "_No response_"])
    return sections


@st.composite
def restructured(draw, sections: list[list[str]], the_form) -> tuple[str, list[list[str]]]:
    """The sections with their headings missing, renamed, repeated or reordered."""
    how = draw(st.sampled_from(["drop", "rename", "repeat", "swap", "unknown", "inside", "levels"]))
    sections = [list(s) for s in sections]
    at = draw(st.integers(0, len(sections) - 1))
    if how == "drop":
        del sections[at]
    elif how == "rename":
        label = sections[at][0][4:]
        renamed = draw(
            st.one_of(
                _twin(label),
                hs.mutated(label),
                st.sampled_from([label.split(" / ")[0], label.split(" / ")[-1]]),
            )
        )
        sections[at][0] = "### " + renamed
    elif how == "repeat":
        sections.insert(draw(st.integers(0, len(sections))), list(sections[at]))
    elif how == "swap":
        other = draw(st.integers(0, len(sections) - 1))
        sections[at], sections[other] = sections[other], sections[at]
    elif how == "unknown":
        name = draw(st.one_of(hs.hostile_text(30, min_size=1), markdown_attack))
        heading = "### " + name.replace("\n", " ")
        sections.insert(at, [heading, draw(hs.hostile_text(20))])
    elif how == "inside":  # another form's heading written inside a text
        other = draw(st.sampled_from(sorted(FORMS)))
        label = draw(st.sampled_from(FORMS[other].labels))
        sections[at][1] += f"\n\n### {label}\n\nvalor"
    else:
        level = draw(st.sampled_from(["## ", "#### ", "###", "  ### ", "### ### "]))
        sections[at][0] = level + sections[at][0][4:]
    return how, sections


@st.composite
def events(draw) -> Drawn:
    name = draw(st.sampled_from(["obra-nueva", "obra-nueva", "actualizar-obra", "retirar-obra"]))
    the_form = FORMS[name]
    hostile_parts = ["structure", "issue", "login", "body"] + [s.id for s in the_form.fields]
    # One event in six is valid throughout; the others have one or two hostile parts.
    valid = draw(st.integers(0, 5)) == 0
    hostile = (
        set() if valid else draw(st.sets(st.sampled_from(hostile_parts), min_size=1, max_size=2))
    )
    update = the_form.action == "update"
    photos = draw(valid_photo_names)
    new_photos = draw(st.booleans())  # whether an update replaces the photos
    values: dict[str, str] = {}
    for spec in the_form.fields:
        if spec.kind == "checkboxes":
            valid = checkbox_text(spec)
        elif spec.kind == "dropdown":
            key = {"license": "CC-BY-SA-4.0", "lang": draw(st.sampled_from(["es", "en"]))}
            valid = _option(spec, key[spec.id]) if spec.id in key else spec.options[0]
        elif spec.id == "images":
            valid = photos_markdown(photos)
        elif spec.id == "alt":
            valid = "\n".join(f"Mural azul, foto {i}" for i in range(1, len(photos) + 1))
        else:
            valid = draw(VALID.get(spec.id, st.just("Texto")))
        if update and spec.id not in ("work", "consent", "images", "alt") and draw(st.booleans()):
            valid = ""  # an update fills in only what changes
        if update and spec.id in ("images", "alt") and not new_photos:
            valid = ""
        values[spec.id] = draw(hostile_for(spec, valid)) if spec.id in hostile else valid
    sections = render(the_form, values)
    structure = "as the form writes it"
    if "structure" in hostile:
        structure, sections = draw(restructured(sections, the_form))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = "\n\n".join(f"{h}\n\n{v}" for h, v in sections).replace("\n", newline)
    if "body" in hostile:
        body = draw(st.one_of(hs.hostile_text(80), st.just(""), st.just("### Título / Title")))
        structure = "hostile body"
    owner = the_form.action != "new" or draw(st.booleans())
    author = draw(st.sampled_from([OWNER_LOGIN, OWNER_LOGIN.lower()]) if owner else valid_login)
    if "login" in hostile:
        author = draw(st.one_of(valid_login, near_login))
    action = draw(st.sampled_from(["opened", "opened", "edited"]))
    sender = author
    if action == "edited" and draw(st.booleans()):
        sender = draw(st.one_of(valid_login, near_login, st.just(author.swapcase())))
    labelled = draw(st.integers(0, 4)) > 0
    labels = [{"name": label} for label in ISSUE_LABELS[name]] if labelled else []
    issue = {
        "number": 7,
        "title": draw(hs.hostile_text(60)) if "issue" in hostile else "Obra nueva / New work",
        "body": body,
        "user": {"login": author},
        "labels": labels,
        "author_association": "NONE",
    }
    if "issue" in hostile:
        issue["number"] = draw(st.sampled_from([7, 7, 1, 2**31, 0, -1, True, "7", None]))
    event = {
        "action": action,
        "issue": issue,
        "sender": {"login": sender},
        "repository": {"full_name": "altavoz-mx/altavoz", "default_branch": "main"},
    }
    return Drawn(name, values, hostile, structure, event, labelled)


# ----------------------------------------------------------------------------- the checks


def _is_event_of_an_author(event: dict) -> bool:
    """An event GitHub could send for an issue (a user name is always a whole handle)."""
    issue = event["issue"]
    number = issue["number"]
    logins = [issue["user"]["login"], event["sender"]["login"]]
    return (
        isinstance(number, int)
        and not isinstance(number, bool)
        and number >= 1
        and all(
            re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}", x) for x in logins
        )
    )


def may_change(event: dict, maintainer: bool) -> bool:
    if event["action"] == "opened" or maintainer:
        return True
    return event["sender"]["login"].lower() == event["issue"]["user"]["login"].lower()


def answer_violations(drawn: Drawn, outcome, out: Path, maintainer: bool) -> list[str]:
    """Invariant 1: every event on a labelled issue gets one report for the issue."""
    event = drawn.event
    problems = []
    if message("internal", "es") in outcome.report or message("internal", "en") in outcome.report:
        problems.append("the intake failed inside (the internal-failure message)")
    genuine = _is_event_of_an_author(event) and may_change(event, maintainer)
    if genuine and drawn.labelled:
        if outcome.code not in (0, 1):
            problems.append(f"a labelled issue got no answer: exit {outcome.code}")
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        report = (out / "report.md").read_text(encoding="utf-8")
        if (
            manifest.get("status") not in ("passed", "errors")
            or manifest.get("issue") != event["issue"]["number"]
        ):
            problems.append(f"the publish job would not comment: manifest {manifest}")
        if not report.startswith("**Altavoz**") or len(report.strip()) < 20:
            problems.append(f"an empty report: {report!r}")
    if not genuine and outcome.code != 2:
        problems.append(f"an event no author could send was used: exit {outcome.code}")
    if outcome.code not in (0, 1, 2):
        problems.append(f"exit {outcome.code}")
    return problems


def write_violations(place: Place, before: dict, outside: dict, outcome) -> list[str]:
    """Invariant 2: only the submission folders under content/ change, as the manifest says."""
    after = snapshot(place.base)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    problems = []
    if snapshot(place.outside) != outside:
        problems.append("the folder outside the project changed")
    prefix = "repo/"
    for path in sorted(changed):
        if not path.startswith(prefix + "content/"):
            problems.append(f"written outside content/: {path!a}")
    if outcome.code != 0 and changed:
        problems.append(f"exit {outcome.code} left changes: {sorted(changed)!a}")
    outside_bytes = {data for data in outside.values() if isinstance(data, bytes)}
    manifest = outcome.manifest
    listed = {prefix + p for p in manifest.get("written", []) + manifest.get("removed", [])}
    if changed - listed:
        problems.append(f"changed but not in the manifest: {sorted(changed - listed)!a}")
    for relative in manifest.get("written", []):
        path = place.root / relative
        parts = Path(relative).parts
        if not re.fullmatch(
            r"content/(works/[a-z0-9-]+/[a-z0-9-]+|artists/[a-z0-9-]+)/[A-Za-z0-9][\w.-]*",
            relative,
            re.ASCII,
        ):
            problems.append(f"a written path outside the submission folders: {relative!a}")
        if any(p.is_symlink() for p in [path, *path.parents] if p.is_relative_to(place.root)):
            problems.append(f"written through a link: {relative!a}")
        elif path.is_file() and path.read_bytes() in outside_bytes:
            problems.append(f"a file from outside the project was copied in: {relative!a}")
        del parts
    return problems


def check_violations(place: Place, outcome) -> list[str]:
    """Invariant 3: what stays in content/ after an accepted event passes `invoke check`."""
    if outcome.code != 0 or not outcome.manifest.get("written"):
        return []
    settings_ = project_settings(
        ROOT, PATH=str(place.root / "content"), CACHE_PATH=str(place.base.parent / "check-cache")
    )
    report = check_site(place.root / "content", settings_)
    folders = {str(Path(p).parent) for p in outcome.manifest["written"]}
    refused = [
        f"{f.code} {f.path} {f.message_en}"
        for f in report.findings
        if f.is_error and any(f.path.startswith(folder) for folder in folders)
    ]
    return [f"accepted, but the check refuses: {r!a}" for r in refused]


MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# What GitHub links after Markdown in text: mentions, references, autolinks, e-mails.
GITHUB_LINKS = re.compile(
    r"(?<![\w`])@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*"
    r"|(?<![\w&])#[0-9]+\b|(?<!\w)GH-[0-9]+\b"
    r"|(?i:\b(?:https?://|www\.)[A-Za-z0-9])"
    r"|[A-Za-z0-9.+_-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]*[A-Za-z0-9]",
)
ACTIVE_TOKENS = {"link_open", "image", "html_inline", "html_block", "heading_open", "hr"}


def rendered(report: str) -> tuple[list[str], str]:
    """(the active constructs, the plain text) of ``report`` read as GitHub Markdown."""
    found, words = [], []
    for token in MD.parse(report):
        for t in [token, *(token.children or [])]:
            if t.type in ACTIVE_TOKENS:
                found.append(f"{t.type} {t.content or t.attrs!r}")
            if t.type == "text":
                found += [f"GitHub link {m.group(0)!a}" for m in GITHUB_LINKS.finditer(t.content)]
                words.append(t.content)
            elif t.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return found, "".join(words)


def report_violations(outcome, place: Place) -> list[str]:
    """Invariant 4: what the author typed stays text in the report."""
    found, text = rendered(outcome.report)
    problems = [f"the report makes {what}" for what in found]
    if outcome.code == 0 and outcome.manifest.get("title"):
        title = visible(outcome.manifest["title"])
        if title not in " ".join(
            text.replace("\u2060", "").split()
        ):  # a word joiner reads as nothing
            problems.append(f"the title does not read as written: {title!a} in {text!a}")
    return problems


def run(drawn: Drawn) -> tuple[list[str], int]:
    """The violations of the four invariants for one event, and the intake's exit."""
    place, temporary = fresh_place()
    with temporary:
        before, outside = snapshot(place.base), snapshot(place.outside)
        maintainer = drawn.event["action"] == "edited" and "login" in drawn.hostile
        settings_ = project_settings(
            ROOT, PATH=str(place.root / "content"), CACHE_PATH=str(Path(temporary.name) / "cache")
        )
        outcome = run_intake(
            place.root,
            drawn.event,
            attachments_dir=place.photos,
            editor_is_maintainer=maintainer,
            settings=settings_,
        )
        out = Path(temporary.name) / "out"
        write_outputs(outcome, place.root, out)
        problems = answer_violations(drawn, outcome, out, maintainer)
        problems += write_violations(place, before, outside, outcome)
        problems += check_violations(place, outcome)
        problems += report_violations(outcome, place)
    return problems, outcome.code


def explain(drawn: Drawn, problems: list[str]) -> str:
    return "\n".join(
        [
            f"form {drawn.form}, hostile {sorted(drawn.hostile)}, body {drawn.structure}",
            f"event {drawn.event!a}",
            *problems,
        ]
    )


@seed(20261204)
@SUITE
@given(events())
def test_hostile_intake_events_keep_the_invariants(drawn):
    problems, code = run(drawn)
    event(f"{drawn.form} exit {code}")
    assert not problems, explain(drawn, problems)


# ----------------------------------------------------------------------------- found


def made(name: str, changes: dict, *, author=OWNER_LOGIN, labelled=True, how=None) -> Drawn:
    """An event of the form ``name`` with valid answers but ``changes``; ``how`` edits the
    body's sections (a function of the list of [heading, value])."""
    the_form = FORMS[name]
    photos = ["aaa-111"]
    valid = {
        "title": "Raíces de maíz",
        "images": photos_markdown(photos),
        "alt": "Mural azul",
        "license": _option(the_form.field("license"), "CC-BY-SA-4.0")
        if the_form.field("license")
        else "",
        "lang": _option(the_form.field("lang"), "es") if the_form.field("lang") else "",
        "name": "Luz Mendoza",
        "work": WORK,
        "statement": hs.STATEMENT,
    }
    values = {}
    for spec in the_form.fields:
        if spec.kind == "checkboxes":
            values[spec.id] = checkbox_text(spec)
        elif the_form.action == "new" or spec.id == "work":
            values[spec.id] = valid.get(spec.id, "")
    values |= changes
    sections = render(the_form, values)
    if how:
        sections = how(sections)
    body = "\r\n\r\n".join(f"{h}\r\n\r\n{v}" for h, v in sections)
    labels = [{"name": label} for label in ISSUE_LABELS[name]] if labelled else []
    issue = {"number": 7, "title": "x", "body": body, "user": {"login": author}, "labels": labels}
    event_ = {"action": "opened", "issue": issue, "sender": {"login": author}}
    return Drawn(name, values, set(changes), "as written", event_, labelled)


def _without(index):
    return lambda sections: sections[:index] + sections[index + 1 :]


def _renamed(index, name):
    return lambda sections: [
        ["### " + name, v] if i == index else [h, v] for i, (h, v) in enumerate(sections)
    ]


def _swapped(sections):
    return [sections[1], sections[0], *sections[2:]]


# Each event the properties above found failing (shrunk), with the behaviour it broke.
FOUND = [
    # A withdrawal whose "Obra / Work" heading was deleted: exit 2 and no comment at all.
    ("heading deleted", made("retirar-obra", {}, how=_without(0))),
    ("heading renamed", made("obra-nueva", {}, how=_renamed(3, "Descripción de las fotos"))),
    ("headings reordered", made("obra-nueva", {}, how=_swapped)),
    ("no heading left", made("obra-nueva", {}, how=lambda s: [["Hola", "quiero participar"]])),
    # A repeated heading was reported with no manifest: the publish job said nothing.
    ("heading repeated", made("obra-nueva", {"statement": "Texto\n\n### Licencia / Licence"})),
    # The report quoted the title as Markdown: a link, a mention, an autolink.
    ("link in the title", made("obra-nueva", {"title": "[altavoz.org](https://evil.example)"})),
    ("mention in the title", made("obra-nueva", {"title": "Hola @equipo-altavoz"})),
    ("address in the title", made("obra-nueva", {"title": "HTTP://0"})),
    ("address in the year", made("obra-nueva", {"year": "https://evil.example"})),
    ("link as the work", made("actualizar-obra", {"work": "![x](https://evil.example/x.png)"})),
    ("unknown heading", made("obra-nueva", {}, how=_renamed(0, "[x](https://evil.example)"))),
    # An update of a work folder that is a link copied the files it points to.
    ("linked work", made("actualizar-obra", {"work": LINKED_WORK, "title": "Otro"})),
    ("linked photo", made("actualizar-obra", {"work": LINKED_PHOTO_WORK, "title": "Otro"})),
    ("linked work withdrawn", made("retirar-obra", {"work": LINKED_WORK})),
]


@pytest.mark.parametrize("drawn", [row[1] for row in FOUND], ids=[row[0] for row in FOUND])
def test_events_that_broke_an_invariant_keep_them_now(drawn):
    problems, _ = run(drawn)
    assert not problems, explain(drawn, problems)
