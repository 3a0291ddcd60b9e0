"""Helpers for the intake tests (not a test module): issue bodies and events from the forms.

The body is rendered from the form's own YAML the way GitHub writes a filled form:
``### <label>`` then the value (``_No response_`` when empty), checkboxes as
``- [X] <label>``, sections separated by blank lines. So a form and the parser that
reads it cannot drift apart without these tests noticing. A form is named (``obra-nueva``,
read from the project's forms) or given as a path to a form file (an earlier version of
it, or a changed copy).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import json
import shutil
from pathlib import Path

import yaml
from altavoz_submit.intake import run_intake
from altavoz_submit.intake.messages import message
from altavoz_submit.intake.text import shown
from conftest import load_tasks, write_artist, write_work
from invoke import Context, Exit
from submit_support import ROOT, make_project, phone_photo

FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
HISTORY = ROOT / ".github" / "issue-forms-history.yml"
ATTACHMENT = "https://github.com/user-attachments/assets/"


class Raw(str):
    """A value written into the body as is (not a dropdown option chosen in the form)."""


def form_elements(name: str | Path) -> list[dict]:
    """The fields of a form: its name in the project's forms, or the path of a form file."""
    path = name if isinstance(name, Path) else FORMS / f"{name}.yml"
    return copy.deepcopy(_form_elements(path, path.read_bytes()))


@functools.cache
def _form_elements(path: Path, data: bytes) -> list[dict]:  # the bytes: a copy may change
    data = yaml.load(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return [element for element in data["body"] if element["type"] != "markdown"]


def option(name: str | Path, field_id: str, key: str) -> str:
    """The dropdown option of ``field_id`` whose text ends with ``(key)``."""
    (element,) = [e for e in form_elements(name) if e["id"] == field_id]
    (found,) = [o for o in element["attributes"]["options"] if o.endswith(f"({key})")]
    return found


def render_body(name: str | Path, values: dict, *, newline: str = "\n") -> str:
    """The issue body GitHub writes for the form ``name`` filled with ``values``.

    Dropdowns take the SPDX id or language code (``"CC-BY-4.0"``) and write the
    option's text; checkboxes take True (all ticked), False or a list of booleans.
    """
    sections = []
    for element in form_elements(name):
        attributes, value = element["attributes"], values.get(element["id"])
        if isinstance(value, Raw):
            text = str(value)  # written by hand, as an edit of the raw body can
        elif element["type"] == "checkboxes":
            labels = [o["label"] for o in attributes["options"]]
            ticks = value if isinstance(value, list) else [bool(value)] * len(labels)
            text = "\n".join(
                f"- [{'X' if tick else ' '}] {label}"
                for label, tick in zip(labels, ticks, strict=True)
            )
        elif element["type"] == "dropdown" and value:
            text = option(name, element["id"], value)
        else:
            text = value or "_No response_"
        sections.append(f"### {attributes['label']}\n\n{text}")
    return "\n\n".join(sections).replace("\n", newline)


def photos_markdown(names: list[str]) -> str:
    return "\n".join(f"![IMG_{i}]({ATTACHMENT}{name})" for i, name in enumerate(names, 1))


def event(
    body: str,
    *,
    action="opened",
    author="luzmendoza",
    sender=None,
    number=7,
    title="Obra nueva / New work",
    user_id=None,
    labels=None,
) -> dict:
    """The issues event GitHub sends the intake; the author's account number and the
    issue's labels only when given."""
    payload = {
        "action": action,
        "issue": {
            "number": number,
            "title": title,
            "body": body,
            "user": {"login": author},
            "author_association": "NONE",
        },
        "sender": {"login": sender or author},
        "repository": {"full_name": "altavoz-mx/altavoz", "default_branch": "main"},
    }
    if user_id is not None:
        payload["issue"]["user"]["id"] = user_id
    if labels is not None:
        payload["issue"]["labels"] = labels
    return payload


EVENT_KEYWORDS = ("action", "author", "sender", "number", "title", "user_id", "labels")


def run_issue(project: Path, body: str, photos: Path | None = None, **kwargs):
    """The intake run on the issue ``body`` with its photos in the folder ``photos``: the
    keywords of event() describe the issue, the others go to run_intake."""
    issue = {key: kwargs.pop(key) for key in EVENT_KEYWORDS if key in kwargs}
    return run_intake(project, event(body, **issue), attachments_dir=photos, **kwargs)


def write_event(path: Path, payload: dict) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def invoke_intake(project: Path, event_file: Path, out: Path | None = None, **options):
    """``invoke intake --event event_file --out out`` on ``project``: the task itself
    (tasks.py's, reading the file as the workflow hands it over), with the project in
    place of the checkout. (exit status, what it printed for the issue)."""
    tasks = load_tasks()
    tasks.ROOT = project
    printed = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(printed):
        try:
            tasks.intake(Context(), event=str(event_file), out=out and str(out), **options)
        except Exit as stop:
            code = stop.code
    return code, printed.getvalue()


def make_intake_project(destination: Path, content: Path) -> Path:
    """A copy of the project with its issue forms and their labels' history, around
    ``content``."""
    project = make_project(destination, content)
    shutil.copytree(FORMS, project / ".github" / "ISSUE_TEMPLATE")
    shutil.copy2(HISTORY, project / ".github" / HISTORY.name)
    return project


def artists_project(tmp_path: Path, more=lambda content: None) -> Path:
    """The project the intake tests start from: Mateo Cisneros (login MateoGH, no account
    number: a profile from before numbers) and his work «Barro negro»; ``more(content)``
    adds what a test needs besides."""
    content = tmp_path / "content"
    write_artist(content, "mateo-cisneros", name="Mateo Cisneros", github="MateoGH")
    write_work(content, "mateo-cisneros", "barro-negro", title="Barro negro")
    more(content)
    return make_intake_project(tmp_path / "repo", content)


def attached_photos(tmp_path: Path, *more: tuple[str, dict]) -> Path:
    """The photos an issue attaches, by the last part of their address: aaa-111 taken
    with a phone's GPS on, then ``more`` (name, options of phone_photo)."""
    folder = tmp_path / "attachments"
    phone_photo(folder / "aaa-111", gps=True)
    for name, options in more:
        phone_photo(folder / name, **options)
    return folder


NEW_WORK = {
    "title": "Raíces de maíz",
    "alt": "Mural de mazorcas gigantes sobre un muro azul\nDetalle de una mazorca roja",
    "statement": "Pinté este mural con mis vecinas.\n\nCada mazorca es una familia del barrio.",
    "medium": "Acrílico sobre muro",
    "year": "2026",
    "dimensions": "300 × 450 cm",
    "tags": "mural, maíz",
    "license": "CC-BY-SA-4.0",
    "lang": "es",
    "consent": True,
    "name": "Luz Mendoza",
    "city": "Oaxaca",
    "pronouns": "ella",
    "bio": "Pinto murales en mi barrio.",
    "links": "https://example.org/luz",
}


def new_work_body(photos=("aaa-111",), *, form="obra-nueva", newline="\n", **changes) -> str:
    """The new-work form (or a version of it) filled with NEW_WORK, showing the attached
    photos named, with ``changes``."""
    values = {**NEW_WORK, "images": photos_markdown(list(photos)), **changes}
    return render_body(form, values, newline=newline)


def update_body(**values) -> str:
    """The update-a-work form filled with ``values``, consent given."""
    return render_body("actualizar-obra", {"consent": True, **values})


def withdraw_body(work: str, **values) -> str:
    """The withdraw-a-work form for ``work``, confirmed unless ``values`` say otherwise."""
    return render_body("retirar-obra", {"work": work, "confirm": True, **values})


def said(key: str, lang: str = "es", **values) -> str:
    """A message as the report writes it: what the author typed is quoted as inert text."""
    values = {k: shown(v) if isinstance(v, str) else v for k, v in values.items()}
    return message(key, lang, **values)


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (but Python's caches) and its bytes: what a run wrote."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def on_github(project: Path, tmp_path: Path) -> Path:
    """``project`` as the intake job's checkout of a repository on GitHub: committed on
    ``main``, cloned bare beside it as ``origin`` (returned), every branch fetched."""
    from submit_support import git

    (project / ".gitignore").write_text("__pycache__/\n*.pyc\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "the site")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(project), str(bare))
    git(project, "remote", "add", "origin", str(bare))
    git(project, "fetch", "-q", "origin")
    return bare
